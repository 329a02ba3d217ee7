"""Time policylint against a bare interpreter and proselint, side by side in one run.

    python benchmarks/run.py [--repeat 5] [--corpus DIR] [--proselint CMD]

Inputs: every policy in the shared corpus when it is beside the checkout (or --corpus),
otherwise policies generated here. Each measurement runs in a fresh process; every round
runs every command once (interleaved), so that all of them see the same machine load, and
the medians are printed with their ratio to a bare `python -c pass`, and the peak memory
of each process.

- one file, as pre-commit runs it: the policy of median size (the typical commit) and
  the largest. "warm cache" is the usual case (the compiled-pattern cache was written by
  an earlier run); "no cache" compiles every pattern afresh (POLICYLINT_NO_CACHE=1), as
  the very first run on a machine does.
- corpus: all the policies in one invocation, serially (--jobs 1) and in two processes,
  every file linted (POLICYLINT_NO_RESULT_CACHE=1, as if each had changed since the last
  run). "unchanged" is the same run when no file has changed since the last one (their
  findings come from the result cache); "one changed" when one file of a copy of the
  corpus is edited before each run.
- proselint: `proselint check` on the same files, when installed (on PATH, or --proselint).
- Every other row lints afresh (POLICYLINT_NO_RESULT_CACHE=1).
- scale: one generated policy, and the same policy ten times longer (--jobs 1).
- the parallel ceiling: two CPU-bound processes side by side against one after the other,
  what the machine's cores allow --jobs 2 at most; once for a loop of additions, and once
  for the work itself, two serial (--jobs 1) runs of the corpus.

This script measures; it asserts nothing (the unit tests never time anything).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "docs"

SECTION = """## {n}. How we use your information

We use the details you give us to deliver your orders and to answer your questions. We
keep order records for six years after your last purchase, as tax law requires, and we
delete newsletter subscriptions as soon as you unsubscribe. You can ask us for a copy of
your data, ask us to correct it, or object to our use of it at any time by writing to
privacy@example.org.
"""


def generated_policies(directory: Path, count: int = 40) -> list[Path]:
    files = []
    for i in range(count):
        text = f"# Privacy notice {i}\n\nLast updated: 1 March 2026\n\n" + "\n".join(
            SECTION.format(n=n) for n in range(1, 12 + i % 8)
        )
        path = directory / f"policy-{i:03}.md"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def measured(argv: list[str], env: dict) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in KB of one run of `argv`."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = 0  # reaped above
    return elapsed, usage.ru_maxrss


SPIN = "x = 0\nfor i in range(8_000_000):\n    x += i\n"


def parallel_ceiling(argv: list[str], env: dict, repeat: int) -> float:
    """How much faster two runs of `argv` finish side by side than one after the other:
    what this machine's cores allow two processes doing that work at best (shared or busy
    cores give less than 2)."""
    ratios = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(2):
            subprocess.run(argv, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        serial = time.perf_counter() - start
        start = time.perf_counter()
        procs = [subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(2)]
        for proc in procs:
            proc.wait()
        ratios.append(serial / (time.perf_counter() - start))
    return statistics.median(ratios)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--proselint", default=shutil.which("proselint"), help="the proselint command to compare with")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.corpus.is_dir():
            files = sorted(p for p in a.corpus.iterdir() if p.is_file())
            source = f"{len(files)} policies from {a.corpus}"
        else:
            files = generated_policies(Path(tmp))
            source = f"{len(files)} generated policies"
        by_size = sorted(files, key=lambda p: p.stat().st_size)
        one, typical = by_size[-1], by_size[(len(by_size) - 1) // 2]
        total_kb = sum(p.stat().st_size for p in files) / 1024
        tiny = Path(tmp) / "tiny.md"
        tiny.write_text("# Privacy notice\n", encoding="utf-8")
        small, large = Path(tmp) / "scale-1x.md", Path(tmp) / "scale-10x.md"
        body = "".join(SECTION.format(n=n) for n in range(1, 40))
        small.write_text("# Privacy notice\n\n" + body, encoding="utf-8")
        large.write_text("# Privacy notice\n\n" + body * 10, encoding="utf-8")

        copies = Path(tmp) / "copies"  # for "one changed": a file of these is edited before each run
        copies.mkdir()
        copied = [copies / p.name for p in files]
        for original, copy in zip(files, copied):
            copy.write_bytes(original.read_bytes())
        edited = copies / one.name
        edits = iter(range(10**6))

        def edit_one() -> None:
            edited.write_bytes(one.read_bytes() + b"\n" * (next(edits) % 7 + 1))

        kept = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYLINT_CACHE_DIR": str(Path(tmp) / "cache")}
        # PYTHONDONTWRITEBYTECODE off: the source tree gets its .pyc files in the warm-up
        # round, as an installed package has them from its installation
        for key in ("GITHUB_ACTIONS", "POLICYLINT_NO_CACHE", "POLICYLINT_NO_RESULT_CACHE", "PYTHONDONTWRITEBYTECODE"):
            kept.pop(key, None)
        env = {**kept, "POLICYLINT_NO_RESULT_CACHE": "1"}  # lint every file, changed or not
        no_cache = {**env, "POLICYLINT_NO_CACHE": "1"}
        lint = [sys.executable, "-m", "policylint", "--exit-zero", "-q", "--today", "2026-11-21"]
        names = {
            "bare": "python -c pass",
            "tiny": "policylint, a one-line file (start-up)",
            "typical": f"policylint, median-size file ({typical.stat().st_size // 1024} KB), warm cache",
            "one": f"policylint, largest file ({one.stat().st_size // 1024} KB), warm cache",
            "one-cold": f"policylint, largest file ({one.stat().st_size // 1024} KB), no cache",
            "corpus-1": f"policylint --jobs 1, corpus ({total_kb:.0f} KB)",
            "corpus-2": f"policylint --jobs 2, corpus ({total_kb:.0f} KB)",
            "corpus-kept": "policylint, corpus, unchanged since last run",
            "corpus-edit": "policylint, corpus, one file changed",
            "proselint": f"proselint check, corpus ({total_kb:.0f} KB)",
            "scale-1": f"policylint, scale 1x ({small.stat().st_size // 1024} KB)",
            "scale-10": f"policylint, scale 10x ({large.stat().st_size // 1024} KB)",
        }
        runs = {
            "bare": ([sys.executable, "-c", "pass"], env),
            "tiny": (lint + [str(tiny)], env),
            "typical": (lint + [str(typical)], env),
            "one": (lint + [str(one)], env),
            "one-cold": (lint + [str(one)], no_cache),
            "corpus-1": (lint + ["--jobs", "1"] + [str(p) for p in files], env),
            "corpus-2": (lint + ["--jobs", "2"] + [str(p) for p in files], env),
            "corpus-kept": (lint + [str(p) for p in files], kept),
            "corpus-edit": (lint + [str(p) for p in copied], kept),
            "scale-1": (lint + ["--jobs", "1", str(small)], env),
            "scale-10": (lint + ["--jobs", "1", str(large)], env),
        }
        if a.proselint:
            runs["proselint"] = (a.proselint.split() + ["check"] + [str(p) for p in files], env)
        before = {"corpus-edit": edit_one}  # done before each run of that row, not timed
        for argv, run_env in runs.values():  # warm up: the OS file cache, the pattern and result caches
            measured(argv, run_env)
        times: dict[str, list[float]] = {key: [] for key in runs}
        memory: dict[str, int] = {key: 0 for key in runs}
        for _ in range(a.repeat):
            for key, (argv, run_env) in runs.items():  # interleaved: every round runs each once
                if key in before:
                    before[key]()
                seconds, peak = measured(argv, run_env)
                times[key].append(seconds)
                memory[key] = max(memory[key], peak)
        ceiling = parallel_ceiling([sys.executable, "-c", SPIN], env, a.repeat)
        # the same for this very work: two serial runs of the corpus (a loop of additions
        # may share the machine better than linting does)
        lint_ceiling = parallel_ceiling(*runs["corpus-1"], a.repeat)
        huge = Path(tmp) / "scale-100x.md"  # memory: measured once, it takes a while
        huge.write_text("# Privacy notice\n\n" + body * 100, encoding="utf-8")
        huge_seconds, huge_peak = measured(lint + ["--jobs", "1", str(huge)], env)
        huge_mb = huge.stat().st_size / 2**20
    med = {key: statistics.median(values) for key, values in times.items()}
    print(f"inputs: {source}; {a.repeat} runs each, interleaved; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'command':<52} {'median s':>9} {'x bare':>7} {'peak MB':>8}")
    for key in runs:
        print(f"{names[key]:<52} {med[key]:9.3f} {med[key] / med['bare']:7.1f} {memory[key] / 1024:8.0f}")
    print(f"one file, warm cache: {med['typical'] / med['bare']:.1f}x a bare interpreter for the median-size "
          f"policy, {med['one'] / med['bare']:.1f}x for the largest")
    print(f"--jobs 2 against --jobs 1 on the corpus: {med['corpus-1'] / med['corpus-2']:.2f}x as fast "
          f"(side by side against one after the other: two CPU-bound loops {ceiling:.2f}x, "
          f"two --jobs 1 runs of the corpus {lint_ceiling:.2f}x)")
    per_policy = (med["corpus-1"] - med["tiny"]) / max(1, len(files))
    print(f"per policy after start-up (serial): {per_policy * 1000:.0f} ms")
    x1, x10 = med["scale-1"] - med["tiny"], med["scale-10"] - med["tiny"]
    print(f"scale: ten times the text takes {x10 / max(x1, 1e-9):.1f} times as long (start-up excluded)")
    print(f"memory: a {huge_mb:.1f} MB policy took {huge_seconds:.1f} s and peaked at {huge_peak / 1024:.0f} MB "
          f"({(huge_peak - memory['tiny']) / 1024 / huge_mb:.1f} MB per MB of input above start-up)")
    if "proselint" in med:
        best = min(med["corpus-1"], med["corpus-2"])
        print(f"policylint / proselint on the corpus: {best / med['proselint']:.2f} linting every file "
              f"(best of --jobs 1 and 2); {med['corpus-kept'] / med['proselint']:.2f} unchanged since the last run; "
              f"{med['corpus-edit'] / med['proselint']:.2f} with one file changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
