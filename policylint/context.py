"""What a rule may know besides the document: the date, the facts, the active packs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Context:
    today: date
    facts: dict
    packs: frozenset[str]
    organisation: dict = field(default_factory=dict)  # [tool.policylint.organisation]: name, aliases, domains
    stale_after_months: int = 24

    def fact(self, dotted: str, default=None):
        """A value from the facts data by dotted key, e.g. 'ico.phones'."""
        node = self.facts
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node
