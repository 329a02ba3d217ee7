"""fuzzy: near-misses of a canonical term, found with the regex module's fuzzy matching.

Each term may also list `variants`, exact wrong forms (such as a transposed acronym) that
fuzzy matching on a short word would make too loose. The exact term never matches.
To stay fast, the fuzzy pattern only runs in a window around an intact word of the term:
a near-miss with fewer errors than the term has words always keeps one word whole. And
only in a window that shares enough three-letter pieces with the term: a text within k
edits of a term of m characters holds at least m - 2 - 3k of the term's m - 2 pieces (each
edit spoils at most three), so a window around a lone "data" is passed over unsearched.
"""
from __future__ import annotations

from collections import Counter

from .. import regexflags as rx
from ..compilecache import compile_regex_module
from ..errors import ConfigError
from ..finding import Fix, Hit
from ..patterns import PATTERN_TIMEOUT, compile_pattern, escape
from ..prefilter import fold
from .common import whole_words

OPTIONS = {
    "terms": (list, True),  # [{term = "...", max-errors = 2, variants = ["..."]}]
    "safe": (bool, False),
}
TERM_KEYS = {"term", "max-errors", "variants"}


def validate(rule, where: str) -> None:
    for spec in rule.options["terms"]:
        if not isinstance(spec, dict) or not isinstance(spec.get("term"), str) or not spec["term"].strip():
            raise ConfigError(f"{where}: each entry of 'terms' needs term = \"...\"")
        extra = set(spec) - TERM_KEYS
        if extra:
            raise ConfigError(f"{where}: unknown key '{sorted(extra)[0]}' in 'terms' (allowed: {', '.join(sorted(TERM_KEYS))})")
        errors = spec.get("max-errors", 2)
        words = spec["term"].split()
        if not isinstance(errors, int) or errors < 0 or (errors >= len(words) and errors > 0 and len(words) > 1):
            raise ConfigError(f"{where}: 'max-errors' for {spec['term']!r} must be an integer below its word count")


def _compiled(spec: dict):
    words = spec["term"].split()
    errors = spec.get("max-errors", 2) if len(words) > 1 else 0
    body = r"\s+".join(escape(w) for w in words)
    fuzzy = compile_regex_module(rf"(?:\b(?:{body})\b){{e<={errors}}}", rx.I | rx.BESTMATCH) if errors else None
    anchor = compile_pattern("|".join(rf"\b{escape(w)}\b" for w in words if len(w) > 2))
    variants = spec.get("variants") or []
    variant = compile_pattern("|".join(rf"\b{escape(v)}\b" for v in variants)) if variants else None
    exact = compile_pattern(rf"\b{body}\b")
    return spec["term"], len(body) + errors, fuzzy, anchor, variant, exact, _Pieces(spec["term"], errors)


Q = 3  # the length of the pieces compared


def _flat(text: str) -> str:
    """The text case folded, each run of spaces one space."""
    return " ".join(fold(text).split())


class _Pieces:
    """Whether a window may hold a near-miss of a term, by the pieces the two share. One
    edit more than allowed is granted, for the odd character that a case-insensitive
    match or \\s reads otherwise than fold() and str.split() do."""

    def __init__(self, term: str, errors: int) -> None:
        flat = _flat(term)
        self.pieces = tuple(Counter(flat[i:i + Q] for i in range(len(flat) - Q + 1)).items())
        self.needed = len(flat) - Q + 1 - (errors + 1) * Q

    def may_hold(self, window: str) -> bool:
        if self.needed <= 0:
            return True
        flat = _flat(window)
        shared = 0
        for piece, most in self.pieces:  # each piece counts as often as the term has it
            at = flat.find(piece)
            while at >= 0 and most:
                shared += 1
                most -= 1
                at = flat.find(piece, at + 1)
            if shared >= self.needed:
                return True
        return False


def run(rule, doc, ctx):
    cache = rule.__dict__.setdefault("_fuzzy", None)
    if cache is None:
        cache = rule.__dict__["_fuzzy"] = [_compiled(s) for s in rule.options["terms"]]
    safe = rule.options.get("safe", True)
    prose = doc.prose
    for term, reach, fuzzy, anchor, variant, exact, pieces in cache:
        seen: set[tuple[int, int]] = set()
        if fuzzy is not None:
            correct = [(m.start(), m.end()) for m in exact.finditer(prose)]
            for a in anchor.finditer(prose):
                lo, hi = max(0, a.start() - reach), min(len(prose), a.end() + reach)
                if not pieces.may_hold(prose[lo:hi]):
                    continue
                for m in fuzzy.finditer(prose, lo, hi, timeout=None if rule.trusted else PATTERN_TIMEOUT):
                    span = (m.start(), m.end())
                    if span in seen or any(s < span[1] and span[0] < e for s, e in correct):
                        continue
                    if not whole_words(prose, *span):
                        continue
                    seen.add(span)
                    yield Hit(*span, {"match": " ".join(m.group(0).split()), "term": term},
                              Fix(*span, term, safe))
        if variant is not None:
            for m in variant.finditer(prose):
                yield Hit(m.start(), m.end(), {"match": m.group(0), "term": term},
                          Fix(m.start(), m.end(), term, safe))
