"""GitHub Actions workflow commands: `::error file=…,line=…::message`.

Messages escape `%`, CR and LF; property values also escape `:` and `,` (the runner's
own escaping rules). Paths are relative to GITHUB_WORKSPACE when inside it. A span over
several lines leaves out col and endColumn, and a document-level finding (no span) gives
only its line. Columns are those of the JSON output: 1-based, endColumn just past the
span (as ruff writes them).

GitHub shows at most ten annotations of each level per step. Findings past that are
written to the log as plain lines, with a count; `step_summary` renders every finding
as a Markdown table for $GITHUB_STEP_SUMMARY.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATIONS_PER_LEVEL = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: str, workspace: Path | None) -> str:
    if workspace is None:
        return path
    try:
        return Path(path).resolve().relative_to(workspace.resolve()).as_posix()
    except (ValueError, OSError):
        return path


def command(f, path: str | None = None) -> str:
    props = [("file", path or f.path), ("line", str(f.line))]
    if f.end > f.start:
        if f.end_line == f.line:
            props += [("col", str(f.column)), ("endLine", str(f.end_line)), ("endColumn", str(f.end_column))]
        else:
            props.append(("endLine", str(f.end_line)))
    props.append(("title", f"{f.code} {f.name}"))
    body = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{LEVELS[f.severity]} {body}::{escape_data(f.message)}"


def render(findings, ctx) -> str:
    workspace = getattr(ctx, "workspace", None)
    shown: Counter = Counter()
    out, overflow = [], []
    for f in findings:
        path = display_path(f.path, workspace)
        level = LEVELS[f.severity]
        if shown[level] < ANNOTATIONS_PER_LEVEL:
            shown[level] += 1
            out.append(command(f, path))
        else:
            overflow.append(f"{path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}")
    if overflow:
        out.append(
            f"policylint: {len(overflow)} more finding{'s' * (len(overflow) != 1)} not annotated "
            f"(GitHub shows {ANNOTATIONS_PER_LEVEL} annotations of each level per step); "
            "they are listed below and in the job summary"
        )
        out.extend(overflow)
    return "".join(line + "\n" for line in out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def step_summary(findings, ctx) -> str:
    """Every finding as a Markdown table, for the job summary page."""
    workspace = getattr(ctx, "workspace", None)
    findings = list(findings)
    if not findings:
        return "### policylint\n\nNo findings.\n"
    lines = [f"### policylint: {len(findings)} finding{'s' * (len(findings) != 1)}", "",
             "| file | line | col | code | severity | message |", "| --- | --- | --- | --- | --- | --- |"]
    for f in findings:
        lines.append(f"| {_cell(display_path(f.path, workspace))} | {f.line} | {f.column} | "
                     f"{f.code} {f.name} | {f.severity} | {_cell(f.message)} |")
    return "\n".join(lines) + "\n"
