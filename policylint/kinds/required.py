"""required: the document must state something; one document-level finding when it does not.

With `section`, the statement counts only inside a section whose heading matches (the
heading itself included); without `patterns`, any text in such a section counts.
"""
from __future__ import annotations

from ..errors import ConfigError
from ..finding import Hit
from .common import compiled, validate_patterns

OPTIONS = {
    "patterns": (list, False),
    "section": (list, False),  # heading patterns
    "case-sensitive": (bool, False),
}


def validate(rule, where: str) -> None:
    if "patterns" not in rule.options and "section" not in rule.options:
        raise ConfigError(f"{where}: kind 'required' needs 'patterns', 'section' or both")
    validate_patterns(rule, where, "patterns", "section")


def states(rule, doc) -> bool:
    pattern = compiled(rule, "patterns")
    section = compiled(rule, "section")
    if section is None:
        return pattern.search(doc.prose) is not None
    for block in doc.blocks:
        if not any(section.search(title) for title in block.section):
            continue
        if pattern is None or pattern.search(doc.prose, block.start, block.end):
            if pattern is not None or block.kind != "heading":
                return True
    return False


def run(rule, doc, ctx):
    if doc.prose.strip() and not states(rule, doc):
        yield Hit(0, 0)
