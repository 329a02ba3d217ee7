"""The public API: lint text or paths and get Findings back. The CLI is built on it."""
from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from . import parallel, resultcache
from .config import Resolver, Settings
from .errors import ConfigError, PolicylintError
from .finding import Finding
from .fix import apply, choose, unified_diff, write_atomic
from .sources import SkippedInput, collect, read_decoded
from .trouble import RuleTrouble

# The parsers and the engine (and with them `regex` and the patterns) are imported where a
# file is linted: a run whose every file has its findings in resultcache never needs them.

MAX_FIX_ROUNDS = 10  # fixes can uncover others; stop long before a loop could matter


class Results(list):
    """The findings of a run, in order, plus what the run could not do.

    `errors` holds one line per file that could not be read or linted; `detections` maps
    each linted path to the jurisdictions in force and why; `files` lists the paths linted;
    `settings` the configuration each was linted with; `rules` the catalogue entry of
    every rule that ran (by code); `sources` the text of each file when asked to keep it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.warnings: list[str] = []  # files skipped because they are not text
        self.detections: dict[str, dict] = {}
        self.files: list[str] = []
        self.settings: dict = {}
        self.rules: dict = {}
        self.sources: dict[str, str] = {}
        self.fixed: dict[str, list[Finding]] = {}  # path -> the findings whose fixes were applied
        self.diffs: dict[str, str] = {}  # path -> unified diff of the fixes (when fixing)


def lint_text(text: str, path: str = "policy.md", config=None) -> list[Finding]:
    """Lint a policy held in memory; `config` is a dict of config keys, Settings or None."""
    from .engine import lint_document
    from .parse import parse

    settings = Resolver(config if config is not None else Settings(), isolated=True).for_path(Path(path))
    doc = parse(text, path, settings.front_end(path))
    findings, _ = lint_document(doc, settings)
    return findings


def _fix_rounds(text: str, display: str, settings, unsafe: bool, trouble: RuleTrouble):
    """Lint, apply the chosen fixes, lint again, until nothing is left to fix."""
    from .engine import lint_document
    from .parse import parse

    applied: list[Finding] = []
    for _ in range(MAX_FIX_ROUNDS):
        doc = parse(text, display, settings.front_end(display))
        findings, detections = lint_document(doc, settings, trouble=trouble)
        chosen = choose(findings, unsafe)
        if not chosen:
            break
        text = apply(text, chosen)
        applied.extend(chosen)
    else:
        doc = parse(text, display, settings.front_end(display))
        findings, detections = lint_document(doc, settings, trouble=trouble)
    return text, doc, findings, detections, applied


class LintOptions(NamedTuple):
    """How every file of a run is linted; sent once to each worker process."""

    fix: bool = False
    unsafe_fixes: bool = False
    write: bool = True
    keep_sources: bool = False
    stdin_filename: str | None = None

    def display(self, f: Path) -> str:
        """The path findings are reported under."""
        return (self.stdin_filename or "<stdin>") if _is_stdin(f) else str(f)

    def config_path(self, f: Path) -> Path:
        """Where the file's config is found from: standard input's is the file it stands for."""
        return Path(self.stdin_filename or Path.cwd() / "_").resolve() if _is_stdin(f) else f


@dataclass
class FileOutcome:
    """What linting one file gave. Small and picklable, so that a worker process can send
    it back: findings and text, never Settings or catalogue objects.

    `disabled_before` holds the rules that had failed (and were skipped) when the file was
    linted, `newly_disabled` and `trouble` the rules that failed on it and their messages.
    """

    display: str
    findings: list[Finding] = field(default_factory=list)
    detections: dict = field(default_factory=dict)
    source: str | None = None  # the (fixed) text, when the run keeps sources
    applied: list[Finding] = field(default_factory=list)  # the findings whose fixes were applied
    diff: str = ""
    new_content: bytes | None = None  # the fixed file, encoded as it was, to be written
    has_suppressions: bool = False  # the document holds policylint directives
    error: str | None = None
    warning: str | None = None
    disabled_before: frozenset[str] = frozenset()
    newly_disabled: frozenset[str] = frozenset()
    trouble: tuple[str, ...] = ()


def _is_stdin(f: Path) -> bool:
    return str(f) == "-"


def lint_file(f: Path, resolver: Resolver, options: LintOptions, trouble: RuleTrouble) -> FileOutcome:
    """Lint (and with `options.fix`, fix) one file: the one code path of a serial run and
    of the worker processes. Nothing is written here; `_add_outcome` writes fixed files, so
    that a parallel run writes only what a serial run would. ConfigError propagates."""
    outcome = FileOutcome(options.display(f), disabled_before=frozenset(trouble.disabled))
    messages_before = len(trouble.messages)
    try:
        settings = resolver.for_path(options.config_path(f))
        decoded = read_decoded(f)
        source = decoded.text
        if options.fix:
            fixed_text, doc, findings, detections, applied = _fix_rounds(
                source, outcome.display, settings, options.unsafe_fixes, trouble)
            if applied:
                outcome.applied = applied
                outcome.diff = unified_diff(outcome.display, source, fixed_text)
                if options.write and not _is_stdin(f):
                    outcome.new_content = decoded.encode(fixed_text)
                source = fixed_text
        else:
            from .engine import lint_document  # not before a file is found to be text
            from .parse import parse

            doc = parse(source, outcome.display, settings.front_end(outcome.display))
            findings, detections = lint_document(doc, settings, trouble=trouble)
    except ConfigError:
        raise
    except SkippedInput as exc:
        outcome.warning = str(exc)
    except PolicylintError as exc:
        outcome.error = str(exc)
    else:
        outcome.findings = findings
        outcome.detections = {
            name: {"evidence": d.evidence, "line": doc.position(d.offset)[0] if d.offset >= 0 else None}
            for name, d in detections.items()
        }
        outcome.source = source if options.keep_sources else None
        outcome.has_suppressions = bool(doc.directives)
    outcome.newly_disabled = frozenset(trouble.disabled) - outcome.disabled_before
    outcome.trouble = tuple(trouble.messages[messages_before:])
    if _cacheable(f, options) and outcome.error is None and outcome.warning is None \
            and not outcome.disabled_before and not outcome.newly_disabled and not outcome.trouble:
        resultcache.store(outcome.display, resultcache.stamp(source, settings, settings.front_end(outcome.display)),
                          outcome.findings, outcome.detections, outcome.has_suppressions)
    return outcome


def _cacheable(f: Path, options: LintOptions) -> bool:
    """Whether this file's results may be kept and looked up: not when fixing (a fix
    rewrites the file), nor for standard input (a new text each time)."""
    return not options.fix and not _is_stdin(f) and resultcache.enabled()


def cached_outcome(f: Path, resolver: Resolver, options: LintOptions) -> FileOutcome | None:
    """The outcome kept from an earlier run that linted this file with the same text and
    settings, or None. A file that cannot be read is left to lint_file to report."""
    if not _cacheable(f, options):
        return None
    display = options.display(f)
    try:
        settings = resolver.for_path(options.config_path(f))
        source = read_decoded(f).text
    except PolicylintError:
        return None
    kept = resultcache.lookup(display, resultcache.stamp(source, settings, settings.front_end(display)))
    if kept is None:
        return None
    findings, detections, has_suppressions = kept
    return FileOutcome(display, findings, detections, source if options.keep_sources else None,
                       has_suppressions=has_suppressions)


def _lint_in_worker(job: tuple[Resolver, LintOptions, RuleTrouble], f: Path) -> FileOutcome:
    """A worker process's task. Its RuleTrouble is its own: a rule that failed there is
    skipped in the files that process lints next."""
    from . import compilecache

    resolver, options, trouble = job
    outcome = lint_file(f, resolver, options, trouble)
    compilecache.save()  # a worker process ends without running exit handlers
    return outcome


WARM_UP = """# Privacy notice

Acme Ltd ("we") is the controller. Write to privacy@acme.example or call 020 7946 0000.
We use your name and email address to answer you, on the lawful basis of our legitimate
interests, and share them with our hosting provider in the United States under standard
contractual clauses. We keep them for two years. You have the right to access, correct,
erase, restrict, object and port your data, and to complain to the ICO or your data
protection authority. California residents may opt out of the sale or sharing of
personal information. Last updated: 1 March 2026. See section 2 below.
"""


def _warm_up(resolver: Resolver, first: Path) -> None:
    """Before worker processes start: load the check modules and compile the rules'
    patterns here, once, by linting a short notice with every jurisdiction's rules, so
    that under `fork` each worker inherits them instead of doing it again."""
    from .catalogue import JURISDICTION_PACKS, builtin_catalogue
    from .engine import lint_document
    from .parse import parse

    try:
        settings = resolver.for_path(first if not _is_stdin(first) else Path.cwd() / "policy.md")
        everywhere = replace(settings, jurisdictions=JURISDICTION_PACKS)
        # the built-in rules only: a pattern of the user's that never ends is the run's to report
        lint_document(parse(WARM_UP, "warm-up.md", "markdown"), everywhere, builtin_catalogue(), RuleTrouble())
    except PolicylintError:
        pass  # the run itself reports what is wrong


def _file_size(f: Path) -> int:
    """How much work a file is likely to be (unreadable ones are reported soon enough)."""
    try:
        return f.stat().st_size
    except OSError:
        return 0


def _adopt(outcome: FileOutcome, trouble: RuleTrouble) -> FileOutcome | None:
    """A worker's outcome as a serial run would have it, or None if the file must be linted
    again here; the rules that failed on the file join the run's `trouble`.

    A serial run skips the rules that failed on earlier files. A worker skips those that
    failed on the files it linted before this one (biggest first, not in the run's order).
    If it skipped a rule the run still runs here, the file is linted again. The rules it ran
    that the run skips could only have added findings of their own, unless they fixed
    something, failed, or met a suppression directive (PL001 judges directives by the rules
    that ran); then, too, the file is linted again.
    """
    skipped_by_worker, skipped_by_run = outcome.disabled_before, trouble.disabled
    if not skipped_by_worker <= skipped_by_run:
        return None  # a rule failed in the worker and not in the run (a time limit, just met)
    extra = skipped_by_run - skipped_by_worker
    if extra and (outcome.applied or outcome.has_suppressions or outcome.newly_disabled & extra):
        return None
    if extra:
        outcome.findings = [f for f in outcome.findings if f.code not in extra]
    trouble.disabled |= outcome.newly_disabled
    trouble.messages.extend(outcome.trouble)
    return outcome


def _add_outcome(results: Results, f: Path, outcome: FileOutcome, resolver: Resolver, options: LintOptions) -> None:
    """Record one file's outcome, writing the file when it was fixed."""
    display = outcome.display
    if outcome.warning is not None:
        results.warnings.append(outcome.warning)
        return
    if outcome.applied:
        results.fixed[display] = outcome.applied
        results.diffs[display] = outcome.diff
    if outcome.error is not None:
        results.errors.append(outcome.error)
        return
    if outcome.new_content is not None:
        try:
            write_atomic(f, outcome.new_content)
        except PolicylintError as exc:
            results.errors.append(str(exc))
            return
    settings = resolver.for_path(options.config_path(f))
    results.files.append(display)
    results.settings[display] = settings
    results.rules.update(settings.catalogue().rules)
    if outcome.source is not None:
        results.sources[display] = outcome.source
    results.detections[display] = outcome.detections
    results.extend(outcome.findings)


def lint_paths(
    paths, config=None, *, overrides: dict | None = None, isolated: bool = False, keep_sources: bool = False,
    fix: bool = False, unsafe_fixes: bool = False, write: bool = True, stdin_filename: str | None = None,
    jobs: int | None = None,
) -> Results:
    """Lint files and directories.

    `config` is None (find the nearest config file for each path), a config file path, a
    dict of config keys, or Settings. `overrides` are config keys laid over whatever was
    found, as the command line does. Unreadable files are reported in `results.errors`
    and the rest are still linted.

    With `fix`, safe fixes (and unsafe ones with `unsafe_fixes`) are applied and the
    findings that remain are returned; `write=False` only records the diff. Files are
    written atomically, keeping their encoding, byte order mark, line endings and mode.
    `stdin_filename` names what `-` (standard input) holds: its front end, its config and
    the path findings are reported under.

    `jobs` is how many processes lint the files: 1 lints them here, None one per CPU when
    there are many files. The results are the same whatever it is.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    resolver = Resolver(config, overrides, isolated)
    options = LintOptions(fix, unsafe_fixes, write, keep_sources, stdin_filename)
    results = Results()
    trouble = RuleTrouble()
    files, errors = collect([str(p) for p in paths], resolver)
    results.errors.extend(errors)
    # Standard input is read here.
    # Files linted before with the same text and settings are not linted again.
    kept = {i: outcome for i, f in enumerate(files) if (outcome := cached_outcome(f, resolver, options)) is not None}
    sendable = [None if _is_stdin(f) or i in kept else f for i, f in enumerate(files)]
    workers = parallel.worker_count(jobs, sum(f is not None for f in sendable))
    if workers > 1:
        _warm_up(resolver, files[0])
    job = (resolver, options, RuleTrouble())
    with closing(parallel.results_in_order(_lint_in_worker, job, sendable, workers, _file_size)) as outcomes:
        for i, (f, outcome) in enumerate(zip(files, outcomes, strict=True)):
            outcome = kept.get(i, outcome)
            if outcome is not None:
                outcome = _adopt(outcome, trouble)
            if outcome is None:
                outcome = lint_file(f, resolver, options, trouble)
            _add_outcome(results, f, outcome, resolver, options)
    results.errors.extend(trouble.messages)
    return results
