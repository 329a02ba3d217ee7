"""Command line: arguments -> config -> lint -> report -> exit code.

    policylint [check] [OPTIONS] [PATH ...]   lint files and directories (default: .)
    policylint rule CODE                      print a rule's documentation
    policylint rules                          list every rule

Exit codes: 0 no finding at or above the fail level; 1 such findings; 2 a usage, config
or input error (the other files are still linted and reported).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .errors import PolicylintError

FORMATS = ("text", "full", "json", "jsonl", "github", "sarif")
SEVERITIES = ("info", "warning", "error")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other error
        self.exit(2, f"policylint: error: {message}\n")


def _lint_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="policylint", description="Lint privacy policies like code.",
        epilog="Other commands: `policylint rule CODE` prints a rule's documentation; "
               "`policylint rules` lists every rule. Exit codes: 0 clean, 1 findings at or above "
               "the fail level, 2 usage, config or input error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint (default: .); - reads standard input")
    p.add_argument("--version", action="version", version=f"policylint {__version__}")
    p.add_argument("--jobs", "-j", type=_job_count, metavar="N",
                   help="lint files in N processes (default: the number of CPUs when there are many files; "
                        "1 = no parallelism)")
    out = p.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, help="output format (default: text; github when GITHUB_ACTIONS=true)")
    out.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    out.add_argument("--statistics", action="store_true", help="count findings per rule")
    out.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    out.add_argument("--verbose", "-v", action="store_true", help="say which config and jurisdictions were used, and why")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (2 still means an error)")
    fx = p.add_argument_group("fixes")
    fx.add_argument("--fix", action="store_true", help="apply safe fixes to the files (atomically), then report what remains")
    fx.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    fx.add_argument("--diff", action="store_true", help="print the fixes as a unified diff and change nothing")
    fx.add_argument("--show-fixes", action="store_true", help="list the fixes that were applied")
    bl = p.add_argument_group("baseline (adopt policylint on an old notice: report only new findings)")
    bl.add_argument("--baseline", metavar="FILE", help="leave out the findings recorded in FILE")
    bl.add_argument("--write-baseline", metavar="FILE", help="record every current finding in FILE and exit 0")
    sel = p.add_argument_group("rule selection (codes or prefixes, comma-separated; override the config file)")
    sel.add_argument("--select", action="append", metavar="CODES")
    sel.add_argument("--ignore", action="append", metavar="CODES")
    sel.add_argument("--extend-select", action="append", metavar="CODES")
    sel.add_argument("--extend-ignore", action="append", metavar="CODES")
    sel.add_argument("--per-file-ignores", action="append", metavar="GLOB:CODES")
    sel.add_argument("--severity", action="append", metavar="CODE=LEVEL", help="override a rule's severity, e.g. PL309=error")
    sel.add_argument("--fail-level", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (default: warning)")
    sel.add_argument("--jurisdictions", metavar="auto|uk,eu,us-ca", help="packs to run, or auto to detect them")
    cfg = p.add_argument_group("configuration")
    cfg.add_argument("--config", metavar="FILE", help="use this config file for every path")
    cfg.add_argument("--isolated", action="store_true", help="ignore every config file")
    cfg.add_argument("--today", metavar="YYYY-MM-DD", help="the date that date rules compare against")
    cfg.add_argument("--include", action="append", metavar="GLOBS")
    cfg.add_argument("--exclude", action="append", metavar="GLOBS")
    cfg.add_argument("--extend-exclude", action="append", metavar="GLOBS")
    cfg.add_argument("--rule-path", action="append", metavar="PATH", help="a TOML rule pack of your own (repeatable)")
    cfg.add_argument("--no-cache", action="store_true",
                     help="neither read nor write the caches of compiled patterns and of unchanged files' "
                          "findings (also POLICYLINT_NO_CACHE=1)")
    cfg.add_argument("--stdin-filename", metavar="PATH",
                     help="the file that standard input (-) holds: its format, config and the path in reports")
    return p


def _job_count(text: str) -> int:
    """--jobs N: a whole number, 1 or more (argparse turns the complaint into one error line)."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more (got {text!r})")
    return n


def _joined(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def _overrides(a: argparse.Namespace) -> dict:
    o: dict = {}
    for key in ("select", "ignore", "extend_select", "extend_ignore", "include", "exclude", "extend_exclude"):
        value = _joined(getattr(a, key))
        if value is not None:
            o[key.replace("_", "-")] = value
    if a.per_file_ignores:
        table: dict[str, list[str]] = {}
        for item in a.per_file_ignores:
            glob, sep, codes = item.rpartition(":")
            if not sep or not glob:
                raise PolicylintError(f"--per-file-ignores: expected GLOB:CODES, got {item!r}")
            table.setdefault(glob, []).extend(c.strip() for c in codes.split(",") if c.strip())
        o["per-file-ignores"] = table
    if a.severity:
        table = {}
        for item in _joined(a.severity) or []:
            code, sep, level = item.partition("=")
            if not sep:
                raise PolicylintError(f"--severity: expected CODE=LEVEL, got {item!r}")
            table[code.strip()] = level.strip()
        o["severity"] = table
    if a.fail_level:
        o["fail-level"] = a.fail_level
    if a.jurisdictions:
        o["jurisdictions"] = "auto" if a.jurisdictions.strip() == "auto" else _joined([a.jurisdictions])
    if a.today:
        o["today"] = a.today
    if a.rule_path:
        o["rule-paths"] = [str(Path(p).resolve()) for p in a.rule_path]
    return o


def _err(message: str) -> None:
    print(f"policylint: error: {message}", file=sys.stderr)


@contextmanager
def _cache_switched_off(off: bool):
    """--no-cache: set where patterns are compiled, worker processes included, and only
    for this run (the CLI's entry point may be called more than once in one process)."""
    before = os.environ.get("POLICYLINT_NO_CACHE")
    if off:
        os.environ["POLICYLINT_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if off and before is None:
            os.environ.pop("POLICYLINT_NO_CACHE", None)
        elif off:
            os.environ["POLICYLINT_NO_CACHE"] = before


def run_lint(argv: list[str]) -> int:
    a = _lint_parser().parse_args(argv)
    with _cache_switched_off(a.no_cache):
        return _lint_and_report(a)


def _lint_and_report(a: argparse.Namespace) -> int:
    from .api import lint_paths
    from .report import ReportContext, render

    fmt = a.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    try:
        results = lint_paths(a.paths or ["."], a.config, overrides=_overrides(a), isolated=a.isolated,
                             keep_sources=fmt == "full", fix=a.fix or a.diff, unsafe_fixes=a.unsafe_fixes,
                             write=a.fix and not a.diff, stdin_filename=a.stdin_filename, jobs=a.jobs)
    except PolicylintError as exc:
        _err(str(exc))
        return 2
    for message in results.warnings:
        print(f"policylint: warning: {message}", file=sys.stderr)
    for message in results.errors:
        _err(message)
    if a.diff:
        sys.stdout.write("".join(results.diffs[p] for p in results.files if p in results.diffs))
        return 2 if results.errors else (1 if results.diffs else 0)
    if a.fix and (a.show_fixes or not a.quiet):
        _report_fixes(results, a.show_fixes)
    if a.write_baseline or a.baseline:
        from . import baseline
    if a.write_baseline:
        try:
            Path(a.write_baseline).write_text(baseline.dump(results), encoding="utf-8")
        except OSError as exc:
            _err(f"{a.write_baseline}: cannot write the baseline: {exc.strerror or exc}")
            return 2
        if not a.quiet:
            print(f"Recorded {len(results)} finding{'s' * (len(results) != 1)} in {a.write_baseline}.", file=sys.stderr)
        return 2 if results.errors else 0
    if a.baseline:
        try:
            known = baseline.load(Path(a.baseline))
        except PolicylintError as exc:
            _err(str(exc))
            return 2
        kept = baseline.new_findings(results, known)
        results[:] = kept
    if a.verbose:
        for path in results.files:
            found = results.detections.get(path, {})
            why = ", ".join(
                f"{name} ({d['evidence']!r}" + (f" on line {d['line']})" if d["line"] else ")")
                for name, d in found.items()
            ) or "none"
            settings = results.settings.get(path)
            config = settings.source if settings and settings.source else "defaults"
            print(f"policylint: {path}: config {config}; jurisdictions: {why}", file=sys.stderr)
    workspace = os.environ.get("GITHUB_WORKSPACE")
    ctx = ReportContext(rules=results.rules, sources=results.sources, version=__version__,
                        root=_repository_root(), workspace=Path(workspace) if workspace else None)
    report = render(fmt, results, ctx)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from .report.github import step_summary

        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary_file:
                summary_file.write(step_summary(results, ctx))
        except OSError as exc:
            _err(f"{os.environ['GITHUB_STEP_SUMMARY']}: cannot write the step summary: {exc.strerror or exc}")
    human = fmt in ("text", "full")
    if a.statistics:
        counts = Counter((f.code, f.name) for f in results)
        stats = "".join(f"{n:<5} {code:<7} {name}\n" for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        if human:
            report += stats
        else:
            sys.stderr.write(stats)
    try:
        if a.output_file:
            Path(a.output_file).write_text(report, encoding="utf-8")
        else:
            sys.stdout.write(report)
    except OSError as exc:
        _err(f"{a.output_file}: cannot write: {exc.strerror or exc}")
        return 2
    if human and not a.quiet:
        by = Counter(f.severity for f in results)
        n = len(results)
        files = len(results.files)
        parts = ", ".join(f"{by[s]} {s}{'s' * (by[s] != 1 and s != 'info')}" for s in ("error", "warning", "info") if by[s])
        summary = f"Found {n} finding{'s' * (n != 1)} in {files} file{'s' * (files != 1)}" + (f" ({parts})." if n else ".")
        fixable = sum(1 for f in results if f.fix is not None and (f.fix.safe or a.unsafe_fixes))
        hidden = sum(1 for f in results if f.fix is not None and not f.fix.safe and not a.unsafe_fixes)
        if fixable:
            summary += f" {fixable} fixable with --fix."
        if hidden:
            summary += f" {hidden} more with --unsafe-fixes."
        print(summary, file=sys.stderr)
    if results.errors:
        return 2
    if a.exit_zero:
        return 0
    return 1 if any(results.settings[f.path].fails(f.severity) for f in results) else 0


def _catalogue(a: argparse.Namespace):
    """The built-in catalogue plus the user's packs: `rule-paths` of the config found
    from the current directory, and --rule-path (errors reach main)."""
    from .catalogue import load_catalogue
    from .config import Resolver

    configured = Resolver().for_path(Path.cwd()).rule_paths
    extra = tuple(Path(x).resolve() for x in a.rule_path or ())
    return load_catalogue(tuple(dict.fromkeys(configured + extra)))


def _catalogue_parser(prog: str, description: str, formats: tuple[str, ...]) -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description=description)
    p.add_argument("--format", choices=formats, default=formats[0])
    p.add_argument("--rule-path", action="append", metavar="PATH", help="include a TOML rule pack of your own")
    return p


def _repository_root() -> Path:
    """Where report paths are relative to (SARIF's %SRCROOT%): the git work tree holding the
    current directory, or the current directory itself."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def _report_fixes(results, detailed: bool) -> None:
    total = sum(len(v) for v in results.fixed.values())
    if not total and not detailed:
        return
    print(f"Fixed {total} finding{'s' * (total != 1)} in {len(results.fixed)} file{'s' * (len(results.fixed) != 1)}.",
          file=sys.stderr)
    if detailed:
        for path, applied in results.fixed.items():
            print(f"- {path}:", file=sys.stderr)
            for (code, name), n in sorted(Counter((f.code, f.name) for f in applied).items()):
                print(f"    {n} × {code} ({name})", file=sys.stderr)


def run_rule(argv: list[str]) -> int:
    p = _catalogue_parser("policylint rule", "Print a rule's documentation.", ("text", "markdown"))
    p.add_argument("code")
    a = p.parse_args(argv)
    from .errors import did_you_mean
    from .rulepage import rule_page

    cat = _catalogue(a)
    rule = cat.get(a.code) or next((r for r in cat.rules.values() if r.name == a.code), None)
    if rule is None:
        _err(f"unknown rule '{a.code}'{did_you_mean(a.code.upper(), cat.rules)} (run `policylint rules` to list them)")
        return 2
    sys.stdout.write(rule_page(rule, markdown=a.format == "markdown"))
    return 0


def run_rules(argv: list[str]) -> int:
    a = _catalogue_parser("policylint rules", "List every rule.", ("text", "json", "markdown")).parse_args(argv)
    rules = _catalogue(a).sorted_rules()
    if a.format == "markdown":
        from .rulepage import reference

        sys.stdout.write(reference(rules))
        return 0
    if a.format == "json":
        import json

        rows = [{"code": r.code, "name": r.name, "pack": r.pack, "severity": r.severity,
                 "opt_in": r.opt_in, "fixable": r.fixable, "summary": r.summary} for r in rules]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in rules)
    pw = max(len(r.pack) for r in rules)
    print(f"{'code':<7} {'name':<{width}}  {'pack':<{pw}}  {'severity':<8}  summary")
    for r in rules:
        flag = " (opt-in)" if r.opt_in else ""
        print(f"{r.code:<7} {r.name:<{width}}  {r.pack:<{pw}}  {r.severity:<8}  {r.summary}{flag}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and argv[0] == "rule":
            return run_rule(argv[1:])
        if argv and argv[0] == "rules":
            return run_rules(argv[1:])
        if argv and argv[0] == "check":
            argv = argv[1:]
        return run_lint(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            return 1
    except PolicylintError as exc:
        _err(str(exc))
        return 2


# How many new objects the command lets pile up before the cycle collector looks at them
# (Python's default is 700). A run builds objects that last until it ends (modules, the
# catalogue, compiled patterns, documents) and almost no reference cycles: linting every
# policy of the test corpus three times over left none to collect. At 700 the collector
# ran some thirty times in a one-file run, and forty in a long one, to find nothing: about
# a twentieth of what the run did itself. Cycles are still collected, only later. Set for
# the command only: a program that calls policylint's functions keeps its own setting.
GC_YOUNG_THRESHOLD = 50_000


def console() -> None:
    """The `policylint` command: main(), then leave at once.

    A run builds many objects (compiled patterns, the catalogue, documents); tearing the
    interpreter down to free them one by one took a tenth of a one-file run, and more
    after a run in worker processes. When the output is flushed and the pattern cache
    saved there is nothing left to do, so the process ends without that. A run whose
    worker processes may still be running (it was stopped early) exits the usual way,
    which lets the pool's own exit handler see them off.
    """
    gc.set_threshold(GC_YOUNG_THRESHOLD)
    code = main()
    from . import compilecache, parallel

    if not parallel.all_joined():
        raise SystemExit(code)

    compilecache.save()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: the reader has gone
            code = code or 1
    os._exit(code)
