"""PL309 no-retention and PL310 vague-retention.

A retention statement is a sentence that speaks of keeping, storing or deleting data
together with time ("for", "until", "period", "as long as"), or that says data is not kept
at all; text under a heading about retention counts too. It is concrete when it gives a
period (a number with a unit of time) or an event that ends it ("until you close your
account", "six years after your last order"). The patterns are the rule's options.
"""
from __future__ import annotations

from ..finding import Hit
from ..kinds.common import compiled


def _retention_sentences(rule, doc):
    """(start, end) of each sentence that speaks of how long data is kept."""
    verb = compiled(rule, "keeping")
    time = compiled(rule, "time")
    none_kept = compiled(rule, "not-kept")
    heading = compiled(rule, "heading")
    prose = doc.prose
    for a, b in doc.sentences:
        block = doc.block_at(a)
        in_section = block is not None and block.kind != "heading" and any(
            heading.search(title) for title in block.section
        )
        if none_kept.search(prose, a, b):
            yield a, b, True
        elif verb.search(prose, a, b) and (time.search(prose, a, b) or in_section):
            yield a, b, False
        elif in_section and compiled(rule, "period").search(prose, a, b):
            yield a, b, False


def _concrete(rule, doc, a: int, b: int) -> bool:
    prose = doc.prose
    return bool(compiled(rule, "period").search(prose, a, b) or compiled(rule, "event").search(prose, a, b))


def no_retention(rule, doc, ctx):
    if not doc.prose.strip():
        return
    for _ in _retention_sentences(rule, doc):
        return
    yield Hit(0, 0)


def vague_retention(rule, doc, ctx):
    first = None
    for a, b, none_kept in _retention_sentences(rule, doc):
        if none_kept or _concrete(rule, doc, a, b):
            return
        if first is None:
            first = (a, b)
    if first is None:
        return
    a, b = first
    vague = compiled(rule, "vague").search(doc.prose, a, b)
    if vague:
        yield Hit(vague.start(), vague.end(), {"match": " ".join(vague.group(0).split())})
    else:
        yield Hit(a, b, {"match": " ".join(doc.prose[a:b].split())[:60]})
