"""Helpers the kinds share: compiled option patterns and sentence tests."""
from __future__ import annotations

from ..patterns import TimedPattern, any_of, checked, joined


def pattern_list(rule, key: str) -> list[str]:
    value = rule.options.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def compiled(rule, key: str):
    """One compiled pattern for the option `key` (a string or a list), or None if unset."""
    cache = rule.__dict__.setdefault("_compiled", {})
    if key not in cache:
        pats = pattern_list(rule, key)
        case = rule.options.get("case-sensitive", False)
        if not pats:
            cache[key] = None
        elif rule.trusted:
            cache[key] = any_of(pats, case)
        else:  # a user's pattern: searched with a time limit
            cache[key] = TimedPattern(joined(pats), case)
    return cache[key]


def validate_patterns(rule, where: str, *keys: str) -> None:
    for key in keys:
        for p in pattern_list(rule, key):
            checked(p, f"{where}: '{key}'", rule.options.get("case-sensitive", False))


def sentence_matches(doc, offset: int, pattern) -> bool:
    """Whether the sentence holding `offset` matches `pattern` anywhere."""
    if pattern is None:
        return False
    a, b = doc.sentence_at(offset)
    return pattern.search(doc.prose, a, b) is not None


def first_match(doc, pattern):
    return None if pattern is None else pattern.search(doc.prose)


def whole_words(text: str, start: int, end: int) -> bool:
    """The span starts and ends with a letter and cuts no word in two."""
    if start >= end or not (text[start].isalpha() and text[end - 1].isalpha()):
        return False
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())
