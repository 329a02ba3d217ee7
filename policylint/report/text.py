"""`path:line:col: CODE [severity] message`, one finding per line."""
from __future__ import annotations


def line_of(f) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}"


def render(findings, ctx) -> str:
    return "".join(line_of(f) + "\n" for f in findings)
