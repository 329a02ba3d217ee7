"""Invariants every front end keeps, shared by the document-model tests."""
from __future__ import annotations

import re

from policylint.document import HEADING

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def check_invariants(doc) -> None:
    """What every rule relies on, for any input."""
    source, prose = doc.source, doc.prose
    assert len(prose) == len(source)
    in_entity = {i for m in ENTITY.finditer(source) for i in range(m.start(), m.end())}
    for i, (s, p) in enumerate(zip(source, prose)):
        if s in "\r\n" or p in "\r\n":
            assert s == p, f"line break changed at offset {i}: {s!r} -> {p!r}"
        elif p != s:
            assert p == " " or i in in_entity, f"offset {i}: {s!r} became {p!r}"
    last_end = -1
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(source)
        assert block.start >= last_end, "blocks overlap or are out of order"
        last_end = block.end
        assert not prose[block.start].isspace() and not prose[block.end - 1].isspace()
        assert (block.level > 0) == (block.kind == HEADING)
    for d in doc.directives:
        assert prose[d.start:d.end].strip() == ""
