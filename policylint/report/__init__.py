"""Renderers: one module per output format, each with `render(findings, ctx) -> str`.

A renderer knows a Finding and the catalogue entry of its rule, nothing else.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("text", "full", "json", "jsonl", "github", "sarif")


@dataclass
class ReportContext:
    rules: dict  # code -> Rule, for every code that may appear
    sources: dict = field(default_factory=dict)  # path -> source text (for `full`)
    root: Path = field(default_factory=Path.cwd)  # paths in reports are relative to this
    version: str = ""
    workspace: Path | None = None  # GITHUB_WORKSPACE, for paths in GitHub annotations


def render(fmt: str, findings, ctx: ReportContext) -> str:
    module = importlib.import_module(f"{__name__}.{'json_' if fmt in ('json', 'jsonl') else fmt}")
    return module.render(findings, ctx, fmt) if fmt in ("json", "jsonl") else module.render(findings, ctx)
