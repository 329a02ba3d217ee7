"""A cache, on disk, of the work of compiling the rules' regular expressions.

A run on one small file (the pre-commit case) spent most of its time compiling a few
hundred patterns and reading what each promises (prefilter.analyse). Both results depend
only on the pattern, its flags and the Python that compiled it, so they are kept between
runs, as Python keeps .pyc files: one file per policylint and Python version, in
$POLICYLINT_CACHE_DIR, else $XDG_CACHE_HOME/policylint, else ~/.cache/policylint. The
parsed rule packs are kept in a file of their own, so that a run that compiles nothing
(every file's findings found in resultcache) does not load the patterns.

What is kept of a compiled `re` pattern is the program the standard library's compiler
makes of it; loading hands that program to the same constructor `re.compile` ends with.
Anything unexpected (another Python, a damaged file, a cache that cannot be written)
falls back to compiling as usual: the cache can make a run faster, never different.
Set POLICYLINT_NO_CACHE=1 (or pass --no-cache) to neither read nor write it.
"""
from __future__ import annotations

import atexit
import copyreg
import marshal
import os
import re
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from . import __version__
from .hashing import blake2b

try:
    import _sre
    from re import _compiler as _sre_compile
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11 keeps them elsewhere; compile as usual
    _sre = None

FORMAT = 4  # bump when what is stored, or how it is worked out, changes


class _Store:
    """One cache file's entries, (kind, source, flags) -> value. The file holds each value
    marshalled on its own, unmarshalled when first asked for: a run on a short notice
    uses a fraction of them, and reading them all (lists of ints that the garbage
    collector then walks) was a tenth of its start-up."""

    def __init__(self, name: str, file) -> None:
        self.name = name  # what the file names start with
        self.file = file  # () -> Path
        self.stored: dict | None = None  # key -> marshalled value, as read from the file
        self.values: dict = {}  # key -> value, read or added in this run
        self.added = False

    def load(self) -> dict:
        """The stored entries, marshalled (read from the file the first time)."""
        if self.stored is None:
            self.stored = self._read() if enabled() else {}
        return self.stored

    def _read(self) -> dict:
        try:
            data = marshal.loads(self.file().read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key):
        value = self.values.get(key)
        if value is None:
            raw = self.load().get(key)
            if isinstance(raw, bytes):
                try:
                    value = self.values[key] = marshal.loads(raw)
                except (ValueError, EOFError, TypeError):
                    return None
        return value

    def put(self, key, value) -> None:
        self.values[key] = value
        try:
            self.load()[key] = marshal.dumps(value)
        except ValueError:  # not a value marshal can keep: kept for this run only
            return
        self.added = True

    def save(self) -> None:
        """Write the entries to the file, with those that other processes wrote there since
        this one read it: worker processes each add what their files needed, and the last
        one to write must not throw the others' entries away."""
        if not self.added:
            return
        target = self.file()
        try:
            merged = self._read()
            merged.update(self.stored)
            write_atomically(target, marshal.dumps(merged))
            self.added = False
            _prune(target, self.name)
        except (OSError, ValueError):
            pass


def write_atomically(target: Path, data: bytes) -> None:
    """Write a cache file in one step, a temporary file renamed over it, so that runs side
    by side never read half of one. Raises OSError."""
    import tempfile  # only when something is written

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def new_stores() -> dict[str, _Store]:
    """The cache as a new process finds it: nothing read yet."""
    return {"patterns": _Store("patterns", cache_file), "toml": _Store("toml", toml_file)}


_save_at_exit = False


def enabled() -> bool:
    return _sre is not None and os.environ.get("POLICYLINT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    if os.environ.get("POLICYLINT_CACHE_DIR"):
        return Path(os.environ["POLICYLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policylint"


def cache_file() -> Path:
    """The compiled patterns: they depend on the sre and regex versions too."""
    magic = getattr(_sre, "MAGIC", 0)
    tag = f"{sys.implementation.cache_tag}-{magic}-regex{_regex_tag()}-{FORMAT}-{_code_tag()}"
    return cache_dir() / f"patterns-{__version__}-{tag}.marshal"


def regex_engine():
    """The `regex` module's compiled half, `regex._regex`: it makes pattern objects of
    compiled programs, and runs them. A pattern the cache holds needs nothing else, and
    importing `regex` itself (the Python half, which compiles patterns and names their
    flags) cost a sixth of what a one-file run did of its own; so the engine is loaded
    on its own where it can be. `regex`, when it is imported after all, finds this same
    module in sys.modules and uses it."""
    engine = sys.modules.get("regex._regex")
    if engine is not None:
        return engine
    try:
        from importlib.machinery import PathFinder
        from importlib.util import module_from_spec

        package = PathFinder.find_spec("regex")
        spec = PathFinder.find_spec("regex._regex", package.submodule_search_locations)
        engine = module_from_spec(spec)
        spec.loader.exec_module(engine)
    except Exception:  # installed where the path finder does not look: import regex as usual
        from regex import _main

        return _main._regex
    sys.modules["regex._regex"] = engine
    return engine


@lru_cache(maxsize=None)
def _picklable(pattern_type: type) -> None:
    """Let the engine's patterns pickle (for worker processes that `spawn`), as importing
    `regex` would have arranged: by their source and flags, compiled where unpickled."""
    copyreg.pickle(pattern_type, _pickled_regex)


def _pickled_regex(pattern):
    return compile_regex_module, (pattern.pattern, int(pattern.flags))


@lru_cache(maxsize=1)
def _regex_tag() -> str:
    """A fingerprint of the installed `regex`, which the stored programs depend on: its
    engine's format, and the size and time of the files of its engine and compiler (as
    Python tells a stale .pyc), so that installing another version starts a new cache.
    Told without importing `regex`."""
    engine = regex_engine()
    digest = blake2b(digest_size=6)
    digest.update(f"{getattr(engine, 'MAGIC', 0)}-{getattr(engine, 'CODE_SIZE', 0)}".encode())
    engine_file = Path(getattr(engine, "__file__", "") or ".")
    for f in (engine_file, engine_file.parent / "_regex_core.py"):
        try:
            stat = f.stat()
            digest.update(f"{f.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f.name.encode())
    return digest.hexdigest()


def toml_file() -> Path:
    """The parsed rule packs (and other TOML files), as marshal bytes."""
    return cache_dir() / f"toml-{__version__}-{sys.implementation.cache_tag}-{FORMAT}.marshal"


@lru_cache(maxsize=1)
def _code_tag() -> str:
    """A fingerprint of the code whose results are kept (this module and the prefilter's
    reading of patterns): a change to either starts a new cache, as a new version does."""
    digest = blake2b(digest_size=6)
    for name in ("compilecache.py", "prefilter.py"):
        try:
            digest.update((Path(__file__).parent / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _store(kind: str) -> _Store:
    return _stores["toml" if kind == "toml" else "patterns"]


def _load() -> dict:
    return _stores["patterns"].load()


def get(kind: str, source: str, flags: int):
    return _store(kind).get((kind, source, int(flags))) if enabled() else None


def compiled_before(kind: str, source: str, flags: int) -> bool | None:
    """Whether the cache holds the program `kind` ("re" or "regex") compiled of `source`
    with `flags` (True), or that "re" could not compile it (False), or nothing (None);
    told without loading the program, for callers that put compiling off until the
    pattern is first needed."""
    if not enabled():
        return None
    store = _store(kind)
    key = (kind, source, int(flags))
    value = store.values.get(key)
    if value is not None:
        return value != REJECTED
    raw = store.load().get(key)
    return None if not isinstance(raw, bytes) else raw != _REJECTED_BYTES


def put(kind: str, source: str, flags: int, value) -> None:
    global _save_at_exit
    if enabled():
        _store(kind).put((kind, source, int(flags)), value)
        if not _save_at_exit:
            atexit.register(save)  # processes that lint in parallel call save() themselves
            _save_at_exit = True


def save() -> None:
    """Write the cache files this run added to; atomically, so that runs side by side
    never read half a file. A cache that cannot be written is simply not written."""
    if enabled():
        for store in _stores.values():
            store.save()


STALE_AFTER_DAYS = 30


def _prune(kept: Path, name: str) -> None:
    """Remove the caches of other versions that have not been written for a month: each
    release, Python or regex upgrade starts a new file, and the old ones would pile up."""
    cutoff = time.time() - STALE_AFTER_DAYS * 86400
    for old in kept.parent.glob(f"{name}-*.marshal"):
        try:
            if old != kept and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


REJECTED = ()  # what is kept for a pattern that re cannot compile
_REJECTED_BYTES = marshal.dumps(REJECTED)


def compile_re(source: str, flags: int = 0):
    """re.compile(source, flags), from the cache when it holds the compiled program."""
    if not enabled():
        return re.compile(source, flags)
    stored = get("re", source, flags)
    if stored == REJECTED:
        raise re.error("re could not compile this pattern before", source)
    if stored is not None:
        try:
            return _sre.compile(source, *stored)
        except Exception:  # another layout than this Python's: compile afresh
            pass
    try:
        tree = _sre_parse.parse(source, flags)
        code = _sre_compile._code(tree, flags)
        groupindex = dict(tree.state.groupdict)
        indexgroup = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        stored = (int(flags | tree.state.flags), [int(op) for op in code], tree.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = _sre.compile(source, *stored)
    except re.error:
        put("re", source, flags, REJECTED)  # regex's syntax: its callers go to regex at once next time
        raise
    except (OverflowError, RecursionError):
        raise
    except Exception:  # the compiler's insides are not what this module expects
        return re.compile(source, flags)
    put("re", source, flags, stored)
    return compiled


@contextmanager
def re_cache_filled_for(name: str):
    """Around the import of a module that compiles patterns with re.compile as it loads
    (markdown-it compiles some sixty): re's own cache is filled beforehand with those
    patterns, loaded from this cache, so that its re.compile calls find them compiled;
    afterwards, the patterns it compiled are noted under `name` for the next run. re's
    cache gets exactly what re.compile would have put there."""
    cache = getattr(re, "_cache", None)
    if not enabled() or not isinstance(cache, dict):
        yield
        return
    known = get("imports", name, 0) or ()
    room = getattr(re, "_MAXCACHE", 512) // 2
    for source, flags in known[:room]:
        if (str, source, flags) not in cache:
            try:
                cache[str, source, flags] = compile_re(source, flags)
            except Exception:  # not a pattern re compiles now: it will say so itself
                pass
    before = set(cache)
    try:
        yield
    finally:
        new = [(k[1], k[2]) for k in list(cache) if k not in before and len(k) == 3 and k[0] is str
               and isinstance(k[2], int)]
        # A pattern or two new on a run after the first are built from a set, in the order
        # this run's string hashing gives (markdown-it builds one so): another each run.
        # Noting them would write the cache every time, and grow it without end.
        if len(new) > (UNSTABLE_IMPORT_PATTERNS if known else 0):
            for source, flags in new:
                try:
                    compile_re(source, flags)  # its program, for the next run
                except Exception:
                    pass
            put("imports", name, 0, tuple(dict.fromkeys([*new, *known]))[:room])


UNSTABLE_IMPORT_PATTERNS = 2


class _Recorder:
    """Stands in for the `regex` module's C half while it compiles one pattern, to record
    the arguments its constructor is given (the compiled program and its tables)."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def compile(self, *args):
        self.calls.append(args)
        return self.real.compile(*args)


def compile_regex_module(source: str, flags: int = 0):
    """regex.compile(source, flags), from the cache when it holds the compiled program
    (then with regex's engine alone: see regex_engine)."""
    if not enabled():
        import regex

        return regex.compile(source, flags)
    flags = int(flags)
    stored = get("regex", source, flags)
    if stored is not None:
        try:
            compiled = regex_engine().compile(*stored)
        except Exception:  # another layout than this regex's: compile afresh
            pass
        else:
            _picklable(type(compiled))
            return compiled
    import regex
    from regex import _main as _regex_main

    recorder = _Recorder(_regex_main._regex)
    _regex_main._regex = recorder
    try:
        compiled = regex.compile(source, flags)
    finally:
        _regex_main._regex = recorder.real
    if len(recorder.calls) == 1:  # none when regex had it compiled already in this process
        args = tuple(int(a) if isinstance(a, int) else a for a in recorder.calls[0])  # flags are an enum
        try:
            marshal.dumps(args)
        except ValueError:
            return compiled
        put("regex", source, flags, args)
    return compiled


_stores = new_stores()
