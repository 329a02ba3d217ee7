"""engine: findings the engine itself makes (an unused suppression); no options."""
from __future__ import annotations

OPTIONS: dict = {}


def run(rule, doc, ctx):
    return iter(())
