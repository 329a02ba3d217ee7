"""engine: findings the engine itself makes (an unused suppression, a template whose text
lives in translation files). The options are those the engine reads for PL002."""
from __future__ import annotations

OPTIONS: dict = {
    "keys": (list, False),  # patterns of translation lookups
    "min-keys": (int, False),
    "max-words-per-key": (int, False),
}


def run(rule, doc, ctx):
    return iter(())
