"""conditional: if the document states X it must also state Y; reported at the first X."""
from __future__ import annotations

from ..finding import Hit
from .common import compiled, validate_patterns

OPTIONS = {
    "if": (list, True),
    "then": (list, True),
    "case-sensitive": (bool, False),
}


def validate(rule, where: str) -> None:
    validate_patterns(rule, where, "if", "then")


def run(rule, doc, ctx):
    first = compiled(rule, "if").search(doc.prose)
    if first and not compiled(rule, "then").search(doc.prose):
        yield Hit(first.start(), first.end(), {"match": " ".join(first.group(0).split())})
