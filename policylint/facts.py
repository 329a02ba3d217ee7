"""The built-in facts data (policylint/data/facts.toml), merged with the user's."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import merge_facts
from .tomlload import load_toml

FACTS_FILE = Path(__file__).resolve().parent / "data" / "facts.toml"


@lru_cache(maxsize=1)
def builtin_facts() -> dict:
    return load_toml(FACTS_FILE)


def facts_for(user: dict) -> dict:
    return merge_facts(builtin_facts(), user) if user else builtin_facts()
