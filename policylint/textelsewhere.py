"""Templates whose words live in translation files: `t('privacy.heading')` and the like.

Such a template is not a notice missing every disclosure; its text is elsewhere. When a
document holds many translation keys and little text of its own, the engine reports it
once (PL002) instead of reporting each missing disclosure.
"""
from __future__ import annotations

from .compilecache import compile_re

WORD = compile_re(r"[^\W\d_]{2,}")


def translation_keys(rule, doc) -> int:
    from .kinds.common import compiled

    keys = compiled(rule, "keys")
    return 0 if keys is None else sum(1 for _ in keys.finditer(doc.source))


def text_lives_elsewhere(rule, doc) -> tuple[int, int] | None:
    """(keys, words) when the document is mostly translation keys, else None."""
    keys = translation_keys(rule, doc)
    if keys < rule.options.get("min-keys", 5):
        return None
    words = len(WORD.findall(doc.prose))
    if words > keys * rule.options.get("max-words-per-key", 12):
        return None
    return keys, words
