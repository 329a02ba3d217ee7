"""existence: a finding at every match of any pattern, unless its sentence is excused.

Options: `patterns`; `when`, patterns one of which the sentence must also match; `unless`,
patterns that excuse the sentence (history, negation).
"""
from __future__ import annotations

from ..finding import Hit
from .common import compiled, sentence_matches, validate_patterns

OPTIONS = {
    "patterns": (list, True),
    "when": (list, False),  # if set, a match counts only when its sentence matches one of these
    "unless": (list, False),  # a match whose sentence matches one of these is not reported
    "case-sensitive": (bool, False),
}


def validate(rule, where: str) -> None:
    validate_patterns(rule, where, "patterns", "when", "unless")


def run(rule, doc, ctx):
    when = compiled(rule, "when")
    unless = compiled(rule, "unless")
    for m in compiled(rule, "patterns").finditer(doc.prose):
        if m.end() == m.start() or sentence_matches(doc, m.start(), unless):
            continue
        if when is not None and not sentence_matches(doc, m.start(), when):
            continue
        yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})
