"""Compiling the regular expressions that rules are written in.

Rules are written for the `regex` module. Most patterns also compile with the standard
library's `re`, which compiles them several times faster and matches them the same way
(regex's VERSION0 is re-compatible); a pattern that needs regex's extensions (Unicode
properties, variable-width look-behind, fuzzy matching) compiles with `regex`.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from .compilecache import compile_re, compile_regex_module
from .errors import ConfigError
from .prefilter import prefiltered

# How long one user-written pattern may search one document before it is given up.
PATTERN_TIMEOUT = 2.0


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, case_sensitive: bool = False) -> regex.Pattern:
    """Compile with the `regex` module, for callers that use its matching extensions
    (overlapped matches, fuzzy counts, timeouts)."""
    flags = regex.VERSION0 | regex.MULTILINE
    if not case_sensitive:
        flags |= regex.IGNORECASE
    return compile_regex_module(pattern, flags)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, case_sensitive: bool = False, alternatives: tuple[str, ...] | None = None):
    """The pattern compiled with `re` where it can be, else with `regex`. A `re` pattern
    comes behind a prefilter (see prefilter.py) that skips texts holding none of the
    words every match needs; `alternatives` are the branches `pattern` was joined from."""
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
    try:
        compiled = compile_re(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        return compile_regex(pattern, case_sensitive)
    return prefiltered(compiled, alternatives or (pattern,), flags)


@lru_cache(maxsize=256)
def compile_fast(pattern: str, flags: int = 0):
    """For the checks' own patterns, which use only `re`'s API: compiled with `re` behind
    the prefilter where `re` reads the pattern (`flags` are `re` flags), else with `regex`."""
    try:
        compiled = compile_re(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        as_regex = regex.VERSION0
        for re_flag, regex_flag in ((re.I, regex.I), (re.M, regex.M), (re.S, regex.S), (re.X, regex.X)):
            if flags & re_flag:
                as_regex |= regex_flag
        return compile_regex_module(pattern, as_regex)
    return prefiltered(compiled, (pattern,), flags)


def checked(pattern: object, where: str, case_sensitive: bool = False):
    """Compile a pattern from a rule pack, or raise a ConfigError that says what is wrong."""
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"{where}: a pattern must be a non-empty string (got {pattern!r})")
    try:
        return compile_pattern(pattern, case_sensitive)
    except regex.error as exc:
        raise ConfigError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def joined(patterns: list[str] | tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def any_of(patterns: list[str] | tuple[str, ...], case_sensitive: bool = False):
    """One pattern that matches where any of `patterns` does."""
    patterns = tuple(patterns)
    return compile_pattern(joined(patterns), case_sensitive, patterns if len(patterns) > 1 else None)


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
