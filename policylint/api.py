"""The public API: lint text or paths and get Findings back. The CLI is built on it."""
from __future__ import annotations

from pathlib import Path

from .config import Resolver, Settings
from .engine import RuleTrouble, lint_document
from .errors import ConfigError, PolicylintError
from .finding import Finding
from .parse import parse
from .fix import apply, choose, unified_diff, write_atomic
from .sources import SkippedInput, collect, read_decoded

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
    settings = Resolver(config if config is not None else Settings(), isolated=True).for_path(Path(path))
    doc = parse(text, path, settings.front_end(path))
    findings, _ = lint_document(doc, settings)
    return findings


def _fix_rounds(text: str, display: str, settings, unsafe: bool, trouble: RuleTrouble):
    """Lint, apply the chosen fixes, lint again, until nothing is left to fix."""
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


def lint_paths(
    paths, config=None, *, overrides: dict | None = None, isolated: bool = False, keep_sources: bool = False,
    fix: bool = False, unsafe_fixes: bool = False, write: bool = True, stdin_filename: str | None = None,
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
    """
    resolver = Resolver(config, overrides, isolated)
    results = Results()
    trouble = RuleTrouble()
    files, errors = collect([str(p) for p in paths], resolver)
    results.errors.extend(errors)
    for f in files:
        stdin = str(f) == "-"
        display = str(f) if not stdin else (stdin_filename or "<stdin>")
        try:
            settings = resolver.for_path(f if not stdin else Path(stdin_filename or Path.cwd() / "_").resolve())
            decoded = read_decoded(f)
            source = decoded.text
            if fix:
                fixed_text, doc, findings, detections, applied = _fix_rounds(source, display, settings, unsafe_fixes, trouble)
                if applied:
                    results.fixed[display] = applied
                    results.diffs[display] = unified_diff(display, source, fixed_text)
                    if write and str(f) != "-":
                        write_atomic(f, decoded.encode(fixed_text))
                    source = fixed_text
            else:
                doc = parse(source, display, settings.front_end(display))
                findings, detections = lint_document(doc, settings, trouble=trouble)
        except ConfigError:
            raise
        except SkippedInput as exc:
            results.warnings.append(str(exc))
            continue
        except PolicylintError as exc:
            results.errors.append(str(exc))
            continue
        results.files.append(display)
        results.settings[display] = settings
        results.rules.update(settings.catalogue().rules)
        if keep_sources:
            results.sources[display] = source
        results.detections[display] = {
            name: {"evidence": d.evidence, "line": doc.position(d.offset)[0] if d.offset >= 0 else None}
            for name, d in detections.items()
        }
        results.extend(findings)
    results.errors.extend(trouble.messages)
    return results
