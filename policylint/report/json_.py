"""JSON (a list of objects) and JSON Lines (one object per line)."""
from __future__ import annotations

import json


def render(findings, ctx, fmt: str = "json") -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in findings)
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
