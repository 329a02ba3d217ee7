"""What a rule may know besides the document: the date, the facts, the active packs."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from .finding import EMPTY


class Context(NamedTuple):
    today: date
    facts: dict
    packs: frozenset[str]
    organisation: Mapping = EMPTY  # [tool.policylint.organisation]: name, aliases, domains
    stale_after_months: int = 24

    def fact(self, dotted: str, default=None):
        """A value from the facts data by dotted key, e.g. 'ico.phones'."""
        node = self.facts
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node
