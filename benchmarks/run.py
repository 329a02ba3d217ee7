"""Time policylint: start-up, one typical policy, and a corpus of policies.

    python benchmarks/run.py [--repeat 5] [--corpus DIR] [--proselint CMD]

Inputs: the shared corpus of real policies when it is beside the checkout (or --corpus),
otherwise policies generated here. Each measurement runs in a fresh process, interleaved
with a bare `python -c pass` so that both see the same machine load; medians are printed.
When proselint is installed (on PATH, or --proselint "path/to/proselint"), `proselint
check` runs on the same files for comparison. A scale check lints one generated policy
and the same policy ten times longer. This script measures; it asserts nothing (the unit
tests never time anything).
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
SUFFIXES = (".md", ".markdown", ".txt", ".mdx")

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


def timed(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--proselint", default=shutil.which("proselint"), help="the proselint command to compare with")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.corpus.is_dir():
            files = sorted(p for p in a.corpus.iterdir() if p.name.endswith(SUFFIXES))
            source = f"{len(files)} policies from {a.corpus}"
        else:
            files = generated_policies(Path(tmp))
            source = f"{len(files)} generated policies"
        one = max(files, key=lambda p: p.stat().st_size) if files else None
        total_kb = sum(p.stat().st_size for p in files) / 1024
        small, large = Path(tmp) / "scale-1x.md", Path(tmp) / "scale-10x.md"
        body = "".join(SECTION.format(n=n) for n in range(1, 40))
        small.write_text("# Privacy notice\n\n" + body, encoding="utf-8")
        large.write_text("# Privacy notice\n\n" + body * 10, encoding="utf-8")
        lint = [sys.executable, "-m", "policylint", "--exit-zero", "-q", "--today", "2026-11-21"]
        runs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "policylint --version": [sys.executable, "-m", "policylint", "--version"],
            f"policylint, one file ({one.stat().st_size // 1024} KB)": lint + [str(one)],
            f"policylint, corpus ({total_kb:.0f} KB)": lint + [str(p) for p in files],
            f"policylint, scale 1x ({small.stat().st_size // 1024} KB)": lint + [str(small)],
            f"policylint, scale 10x ({large.stat().st_size // 1024} KB)": lint + [str(large)],
        }
        if a.proselint:
            runs[f"proselint check, corpus ({total_kb:.0f} KB)"] = a.proselint.split() + ["check"] + [str(p) for p in files]
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(a.repeat):
            for name, argv in runs.items():  # interleaved: every round runs each once
                times[name].append(timed(argv))
    base = statistics.median(times["python -c pass"])
    print(f"inputs: {source}; {a.repeat} runs each, interleaved; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'command':<40} {'median s':>9} {'x bare python':>14}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<40} {med:9.3f} {med / base:14.1f}")
    names = list(runs)
    corpus = statistics.median(times[names[3]])
    single = statistics.median(times[names[2]])
    print(f"per policy after start-up: {(corpus - single) / max(1, len(files) - 1) * 1000:.1f} ms")
    start_up = statistics.median(times[names[1]])
    x1, x10 = (statistics.median(times[names[i]]) - start_up for i in (4, 5))
    print(f"scale: ten times the text takes {x10 / max(x1, 1e-9):.1f} times as long (start-up excluded)")
    if a.proselint:
        print(f"policylint / proselint on the corpus: {corpus / statistics.median(times[names[6]]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
