"""A cache, on disk, of what linting each file found, so that a file whose text and
settings have not changed since it was last linted is not linted again (as ruff does).

A file's findings depend only on its text, the path it is reported under, the settings
it is linted with (the date included: some rules compare dates with today), the rule
packs named in them, and the code of policylint and of the parsers it uses. A hash of
all of these is kept with the findings; a lookup whose hash differs is a miss.

Each file linted has one entry, named after its path, which a new text replaces. The
entries live beside the pattern cache (see compilecache.cache_dir), in a folder per
policylint version and code fingerprint; folders of other fingerprints, and entries not
written for STALE_AFTER_DAYS, are removed. Only clean results are kept: not those of a
run that fixes files, of standard input, or of a file on which a rule failed or was
skipped. Anything unexpected is a miss, never an error: the cache can make a run
faster, never different.
"""
from __future__ import annotations

import marshal
import os
import shutil
import sys
import time
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from . import __version__
from .compilecache import STALE_AFTER_DAYS, cache_dir, write_atomically
from .finding import Finding, Fix
from .hashing import blake2b

FORMAT = 1  # bump when what an entry holds changes
PRUNE_EVERY_SECONDS = 86400
# Code outside this package whose behaviour shapes findings: (import name, distribution).
LIBRARIES = (("regex", "regex"), ("markdown_it", "markdown_it_py"), ("mdurl", "mdurl"))


def enabled() -> bool:
    """Off with POLICYLINT_NO_CACHE=1 (or --no-cache), which turns off the pattern cache
    too, or with POLICYLINT_NO_RESULT_CACHE=1 alone: to time or test linting itself."""
    return all(os.environ.get(name, "") in ("", "0") for name in ("POLICYLINT_NO_CACHE", "POLICYLINT_NO_RESULT_CACHE"))


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What every entry of the folder was made with: policylint's version and the content
    of its files (code, rules, facts), the Python, and the libraries that read the text.

    Contents, not modification times: CI installs the same release afresh on every run,
    and a checkout being worked on changes without a new version."""
    from .catalogue import builtin_rules_dir  # beside the package in a source checkout

    digest = blake2b(digest_size=8)
    digest.update(f"{__version__}|{FORMAT}|{sys.version}".encode())
    for root in dict.fromkeys([Path(__file__).parent, builtin_rules_dir()]):
        for path in _files_below(root):
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass
            digest.update(f"\0{path.relative_to(root)}\0".encode())
    for module, distribution in LIBRARIES:
        digest.update(f"\0{_library_version(module, distribution)}".encode())
    return digest.hexdigest()


def _files_below(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(Path(folder, name) for name in sorted(files) if not name.endswith((".pyc", ".pyo")))
    return found


@lru_cache(maxsize=4)
def _listing(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


def _library_version(module: str, distribution: str) -> str:
    """The version in the name of the library's installed metadata folder (found without
    importing the library); else the size and time of each of its files."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    location = Path(next(iter(spec.submodule_search_locations)))
    found = [name for name in _listing(location.parent) if name.startswith(f"{distribution}-") and name.endswith(".dist-info")]
    if len(found) == 1:
        return found[0]
    stats = []
    for path in _files_below(location):
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append(f"{path.name}|{st.st_size}|{st.st_mtime_ns}")
    return ";".join(stats)


def folder() -> Path:
    return cache_dir() / f"results-{__version__}-{fingerprint()}"


def _slot(display: str) -> Path:
    """The entry of the file reported as `display`, linted from this directory."""
    name = blake2b(f"{os.getcwd()}\0{display}".encode(), digest_size=16).hexdigest()
    return folder() / name


def stamp(text: str, settings, front_end: str | None) -> bytes:
    """What the findings of `text` depend on, besides the code: its settings (with the
    date rules compare with), its front end, and the rule packs those settings name,
    with the Python checks they use."""
    digest = _settings_digest(settings).copy()
    digest.update(f"{front_end}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()


_by_settings: dict[int, tuple] = {}  # id(settings) -> (settings, digest): one per config


def _settings_digest(settings):
    kept = _by_settings.get(id(settings))
    if kept is not None and kept[0] is settings:
        return kept[1]
    digest = blake2b(digest_size=20)
    today = settings.today or date.today()
    digest.update(f"{settings!r}\0{today.isoformat()}\0".encode())
    for source in [*settings.rule_paths, *_check_modules(settings)]:
        try:
            digest.update(Path(source).read_bytes())
        except OSError:
            digest.update(b"\0unreadable\0")
        digest.update(b"\0")
    _by_settings[id(settings)] = (settings, digest)
    return digest


def _check_modules(settings) -> list[str]:
    """The source files of the Python checks that the settings' rule packs name (the
    packs' own text says only `module:function`)."""
    files = []
    for rule in settings.catalogue().rules.values():
        if rule.kind == "check" and rule.check and not rule.trusted:
            try:
                spec = find_spec(rule.check.partition(":")[0])
            except (ImportError, ValueError):
                spec = None
            files.append(spec.origin if spec is not None and spec.origin else f"<{rule.check} not found>")
    return sorted(set(files))


def _fix_tuple(fix: Fix | None):
    return None if fix is None else (fix.start, fix.end, fix.replacement, fix.safe)


def _finding_tuple(f: Finding) -> tuple:
    return (f.path, f.code, f.name, f.severity, f.message, f.start, f.end, f.line, f.column,
            f.end_line, f.end_column, _fix_tuple(f.fix), f.text, tuple(f.jurisdictions))


def _finding(t: tuple) -> Finding:
    fix = None if t[11] is None else Fix(*t[11])
    return Finding(*t[:11], fix, t[12], tuple(t[13]))


def lookup(display: str, key: bytes):
    """(findings, detections, has_suppressions) as stored for this file and key, or None."""
    if not enabled():
        return None
    try:
        data = marshal.loads(_slot(display).read_bytes())
        stored_key, findings, detections, has_suppressions = data
        if stored_key != key:
            return None
        return [_finding(t) for t in findings], detections, bool(has_suppressions)
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def store(display: str, key: bytes, findings: list[Finding], detections: dict, has_suppressions: bool) -> None:
    """Keep one file's results; atomically, so that runs side by side never read half an
    entry. An entry that cannot be written is simply not written."""
    if not enabled():
        return
    target = _slot(display)
    try:
        write_atomically(target, marshal.dumps((key, [_finding_tuple(f) for f in findings], detections, has_suppressions)))
        _prune_now_and_then(target.parent)
    except (OSError, ValueError):
        pass


_pruned = False


def _prune_now_and_then(current: Path) -> None:
    """Once a day at most: remove the folders of other versions and code, and the entries
    of this one, that have not been written for STALE_AFTER_DAYS."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    marker = current.parent / ".results-pruned"
    now = time.time()
    try:
        if now - marker.stat().st_mtime < PRUNE_EVERY_SECONDS:
            return
    except OSError:
        pass
    try:
        marker.touch()
    except OSError:
        return
    prune(current, now - STALE_AFTER_DAYS * 86400)


def prune(current: Path, cutoff: float) -> None:
    """Remove what was last written before `cutoff`: whole folders other than `current`,
    and entries in it."""
    for old in current.parent.glob("results-*"):
        try:
            if old != current and old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    try:
        entries = list(os.scandir(current))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass
