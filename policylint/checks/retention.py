"""PL309 no-retention and PL310 vague-retention.

A retention statement is a sentence that speaks of keeping, storing or deleting data
(`keeping`, less the `idioms` that only look like it: "keep track", "keep it secure",
"the data we hold about you", "the right to request deletion") together with time
(`time`, a `vague` phrase, a period or an ending event). A sentence under a heading about retention
(`heading`) needs only the verb, or only a period. "We do not keep your data"
(`not-kept`) is a statement too. A statement is concrete when it gives a `period` (a
number with a unit of time) or an `event` that ends it ("until you close your account").
The patterns are the rule's options in rules/core.toml.
"""
from __future__ import annotations

from bisect import bisect_right

from ..finding import Hit
from ..kinds.common import compiled

VAGUE, CONCRETE, NOT_KEPT = "vague", "concrete", "not-kept"


def _outside_idioms(rule, pattern, text: str, a: int = 0, b: int | None = None) -> bool:
    """Whether `pattern` matches text[a:b] somewhere that is not part of an idiom."""
    b = len(text) if b is None else b
    idioms = [(m.start(), m.end()) for m in compiled(rule, "idioms").finditer(text, a, b)]
    for m in pattern.finditer(text, a, b):
        if not any(s <= m.start() < e for s, e in idioms):
            return True
    return False


def _retention_heading(rule, title: str) -> bool:
    return _outside_idioms(rule, compiled(rule, "heading"), title)


def retention_statements(rule, doc) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each sentence about retention; kind is one of 'concrete',
    'not-kept' or 'vague'. Computed once per document for rules sharing a vocabulary."""
    return doc.memo(("retention", id(rule.options["keeping"])), lambda: list(_statements(rule, doc)))


def _candidates(rule, doc):
    """Sentences worth a closer look: they hold a keeping word, or sit in a retention section."""
    prose = doc.prose
    starts = [a for a, _ in doc.sentences]
    marked = set()
    for name in ("keeping", "not-kept"):
        for m in compiled(rule, name).finditer(prose):
            marked.add(bisect_right(starts, m.start()) - 1)
    about_retention: dict[tuple[str, ...], bool] = {}  # the headings above a block: most blocks share them
    for i, (a, b) in enumerate(doc.sentences):
        block = doc.block_at(a)
        if block is None or block.kind == "heading":
            continue
        in_section = about_retention.get(block.section)
        if in_section is None:
            in_section = about_retention[block.section] = any(_retention_heading(rule, t) for t in block.section)
        if i in marked or in_section:
            yield a, b, in_section


def _statements(rule, doc):
    prose = doc.prose
    keeping_words = compiled(rule, "keeping")
    period = compiled(rule, "period")
    event = compiled(rule, "event")
    time = compiled(rule, "time")
    for a, b, in_section in _candidates(rule, doc):
        keeping = _outside_idioms(rule, keeping_words, prose, a, b)
        timed = period.search(prose, a, b) or event.search(prose, a, b)
        if keeping and timed:
            yield a, b, CONCRETE
        elif in_section and period.search(prose, a, b):
            yield a, b, CONCRETE
        elif compiled(rule, "not-kept").search(prose, a, b):
            yield a, b, NOT_KEPT
        elif keeping and (in_section or time.search(prose, a, b) or compiled(rule, "vague").search(prose, a, b)):
            yield a, b, VAGUE


def no_retention(rule, doc, ctx):
    if not doc.prose.strip():
        return
    for _ in retention_statements(rule, doc):
        return
    yield Hit(0, 0)


def vague_retention(rule, doc, ctx):
    first = None
    for a, b, kind in retention_statements(rule, doc):
        if kind == CONCRETE:
            return
        if kind == VAGUE and first is None:
            first = (a, b)
    if first is None:
        return
    a, b = first
    vague = compiled(rule, "vague").search(doc.prose, a, b)
    if vague:
        a, b = vague.start(), vague.end()
    yield Hit(a, b, {"match": " ".join(doc.prose[a:b].split())})
