"""Compiling the regular expressions that rules are written in (the `regex` module)."""
from __future__ import annotations

from functools import lru_cache

import regex

from .errors import ConfigError

# How long one user-written pattern may search one document before it is given up.
PATTERN_TIMEOUT = 2.0


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, case_sensitive: bool = False) -> regex.Pattern:
    flags = regex.VERSION0 | regex.MULTILINE
    if not case_sensitive:
        flags |= regex.IGNORECASE
    return regex.compile(pattern, flags)


def checked(pattern: object, where: str, case_sensitive: bool = False) -> regex.Pattern:
    """Compile a pattern from a rule pack, or raise a ConfigError that says what is wrong."""
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"{where}: a pattern must be a non-empty string (got {pattern!r})")
    try:
        return compile_pattern(pattern, case_sensitive)
    except regex.error as exc:
        raise ConfigError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def any_of(patterns: list[str] | tuple[str, ...], case_sensitive: bool = False) -> regex.Pattern:
    """One pattern that matches where any of `patterns` does."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns), case_sensitive)
