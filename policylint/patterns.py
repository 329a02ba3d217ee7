"""Compiling the regular expressions that rules are written in.

Rules are written for the `regex` module. Most patterns also compile with the standard
library's `re`, which compiles them several times faster and matches them the same way
(regex's VERSION0 is re-compatible); a pattern that needs regex's extensions (Unicode
properties, variable-width look-behind, fuzzy matching) compiles with `regex`.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from . import compilecache
from . import regexflags as rx
from .compilecache import compile_re, compile_regex_module
from .errors import ConfigError
from .prefilter import prefiltered

if TYPE_CHECKING:
    import regex

# How long one user-written pattern may search one document before it is given up.
PATTERN_TIMEOUT = 2.0


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, case_sensitive: bool = False) -> regex.Pattern:
    """Compile with the `regex` module, for callers that use its matching extensions
    (overlapped matches, fuzzy counts, timeouts)."""
    flags = rx.VERSION0 | rx.MULTILINE
    if not case_sensitive:
        flags |= rx.IGNORECASE
    return compile_regex_module(pattern, flags)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, case_sensitive: bool = False, alternatives: tuple[str, ...] | None = None):
    """A rule's pattern, multi-line and (unless `case_sensitive`) ignoring case; see
    _re_or_regex. `alternatives` are the branches `pattern` was joined from."""
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
    return _re_or_regex(pattern, flags, alternatives)


@lru_cache(maxsize=1024)
def compile_fast(pattern: str, flags: int = 0):
    """A check's own pattern, with `flags` of either module; see _re_or_regex. For patterns
    used only through `re`'s API (no overlapped matches, fuzzy counts or time limits)."""
    return _re_or_regex(pattern, flags)


# An unescaped brace group of fuzzy constraints ({e<=2}, {i<=1,d<=1}), which re would read
# as literal text: such a pattern is left to regex.
_FUZZY_BRACES = re.compile(r"(?<!\\)\{[\d\s,<=+*-]*[eids][\deids\s,<=+*-]*\}")
# The flags `regex` and `re` share (same values in both); any other makes a pattern regex's.
# Plain ints: an operation on the flag enums costs microseconds, and runs for every pattern.
_SHARED_FLAGS = int(re.I | re.M | re.S | re.X | re.A)
_VERSION0, _VERSION1 = rx.VERSION0, rx.VERSION1
_NOT_PLAIN = ~(_SHARED_FLAGS | _VERSION0)


def _re_or_regex(pattern: str, flags: int, alternatives: tuple[str, ...] | None = None):
    """Compiled with `re` where `re` reads the pattern as `regex` does, behind a prefilter
    (see prefilter.py) that skips texts holding none of the words every match needs;
    else with `regex` (Unicode properties, look-behind of any width, fuzzy matching).
    A pattern that compiled in an earlier run is compiled when a text first needs it."""
    flags = int(flags)
    if _plain(pattern, flags):
        shared = flags & _SHARED_FLAGS
        before = compilecache.compiled_before("re", pattern, shared)
        if before is not False:
            make = partial(_compile_known, pattern, flags) if before else partial(compile_re, pattern, shared)
            try:
                return prefiltered(make, alternatives or (pattern,), shared, lazy=bool(before))
            except (re.error, OverflowError, RecursionError, ValueError):
                pass  # regex's own syntax
    return _regex_prefiltered(pattern, flags, alternatives)


def _compile_known(pattern: str, flags: int):
    """A plain pattern that `re` compiled in an earlier run, compiled again; with `regex`
    should `re` now refuse it (a damaged cache), as _re_or_regex would have."""
    try:
        return compile_re(pattern, flags & _SHARED_FLAGS)
    except (re.error, OverflowError, RecursionError, ValueError):
        return compile_regex_module(pattern, _with_version(flags))


def _plain(pattern: str, flags: int) -> bool:
    """No flag and no fuzzy constraint of regex's own: a search finds the leftmost match
    as re's does, so a prefilter may look for where matches start."""
    return flags & _NOT_PLAIN == 0 and not _FUZZY_BRACES.search(pattern)


def _with_version(flags: int) -> int:
    return flags if flags & _VERSION1 else flags | _VERSION0


def _regex_prefiltered(pattern: str, flags: int, alternatives: tuple[str, ...] | None = None):
    flags = _with_version(flags)
    make = partial(compile_regex_module, pattern, flags)
    if not _plain(pattern, flags):
        return make()
    return prefiltered(make, alternatives or (pattern,), flags & _SHARED_FLAGS, partial(compile_regex_module, flags=flags),
                       lazy=bool(compilecache.compiled_before("regex", pattern, flags)), by_line=False)


@lru_cache(maxsize=1024)
def compile_regex_filtered(pattern: str, flags: int = 0):
    """regex.compile(pattern, flags) behind the prefilter where its promises can be read
    (see prefilter.as_re): for a check's own pattern that needs regex's syntax or its way
    of matching, used only through `re`'s API (no overlapped matches, fuzzy counts or
    time limits)."""
    return _regex_prefiltered(pattern, int(flags))


def escape(text: str) -> str:
    """`text` as a pattern that matches it literally, as regex.escape writes it: as
    re.escape does, and every whitespace character escaped (re.escape leaves some, such as
    a no-break space, which a verbose pattern would skip)."""
    return "".join(f"\\{ch}" if ch.isspace() else re.escape(ch) for ch in text)


def checked(pattern: object, where: str, case_sensitive: bool = False):
    """Compile a pattern from a rule pack, or raise a ConfigError that says what is wrong."""
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"{where}: a pattern must be a non-empty string (got {pattern!r})")
    try:
        return compile_pattern(pattern, case_sensitive)
    except Exception as exc:
        import regex  # imported by now: the pattern failed to compile with it

        if not isinstance(exc, regex.error):
            raise
        raise ConfigError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def joined(patterns: list[str] | tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def any_of(patterns: list[str] | tuple[str, ...], case_sensitive: bool = False):
    """One pattern that matches where any of `patterns` does."""
    patterns = tuple(patterns)
    return compile_pattern(joined(patterns), case_sensitive, patterns if len(patterns) > 1 else None)


class Cued:
    """A pattern that is tried only where a cheaper one, `cue`, matches: for a pattern of
    the `regex` module with no start strings (a host name, a run of garbled characters),
    which `regex` would try at every character, when a pattern for the standard `re`,
    many times faster at scanning, matches wherever a match of it begins (and perhaps
    elsewhere). finditer() finds what the pattern's own finds, in the same order, for a
    pattern that never matches the empty string; the rest is the pattern's."""

    __slots__ = ("compiled", "cue")

    def __init__(self, compiled, cue) -> None:
        self.compiled = compiled
        self.cue = cue

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        cue, match = self.cue.search, self.compiled.match
        while (at := cue(string, pos, endpos)) is not None:
            m = match(string, at.start(), endpos)
            if m is None:
                pos = at.start() + 1
                continue
            yield m
            pos = max(m.end(), at.start() + 1)

    def __getattr__(self, name: str):  # match, search, sub, pattern text ...
        return getattr(self.compiled, name)


class OnLinesWith:
    """A pattern each of whose matches holds a match of `cue`, a pattern for the standard
    `re` module, that begins on the line where the match begins (an e-mail address holds
    an "@", a company's name is followed by " Ltd" on its line): searched for only from
    the start of the lines where the cue is, for a pattern of the `regex` module with no
    start strings, which `regex` would try at every character.

    The first cue at or after where the search has got to is on the line of the next
    match, or before it: no match begins on an earlier line, which would hold a cue of
    its own. So a search from the start of that line finds what a search of the whole
    string finds next, and, with the string's own offsets, look-arounds see what they
    would. finditer() and search() find what the pattern's own find, for a pattern that
    never matches the empty string; the rest is the pattern's."""

    __slots__ = ("compiled", "cue")

    def __init__(self, compiled, cue) -> None:
        self.compiled = compiled
        self.cue = cue

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        cue, search = self.cue.search, self.compiled.search
        while (at := cue(string, pos, endpos)) is not None:
            m = search(string, max(pos, string.rfind("\n", 0, at.start()) + 1), endpos)
            if m is None:
                return
            yield m
            pos = m.end()

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        return next(self.finditer(string, pos, endpos), None)

    def __getattr__(self, name: str):  # match, sub, pattern text ...
        return getattr(self.compiled, name)


class TimedPattern:
    """A `regex` pattern whose every search gives up after PATTERN_TIMEOUT seconds with
    TimeoutError: patterns from users' rule packs run this way, so one that backtracks
    catastrophically cannot hang a run."""

    __slots__ = ("pattern", "timeout")

    def __init__(self, pattern: str, case_sensitive: bool = False, timeout: float = PATTERN_TIMEOUT) -> None:
        self.pattern = compile_regex(pattern, case_sensitive)
        self.timeout = timeout

    def _end(self, string: str, endpos: int | None) -> int:
        return len(string) if endpos is None else endpos

    def search(self, string: str, pos: int = 0, endpos: int | None = None):
        return self.pattern.search(string, pos, self._end(string, endpos), timeout=self.timeout)

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        return self.pattern.match(string, pos, self._end(string, endpos), timeout=self.timeout)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None):
        return self.pattern.finditer(string, pos, self._end(string, endpos), timeout=self.timeout)
