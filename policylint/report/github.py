"""GitHub Actions workflow commands: `::error file=…,line=…::message`.

Messages escape `%`, CR and LF; property values also escape `:` and `,` (the runner's
own escaping rules). A span over several lines leaves out col and endColumn, and a
document-level finding (no span) gives only its line. Columns are those of the JSON
output: 1-based, endColumn just past the span (as ruff writes them).
"""
from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f) -> str:
    props = [("file", f.path), ("line", str(f.line))]
    if f.end > f.start:
        if f.end_line == f.line:
            props += [("col", str(f.column)), ("endLine", str(f.end_line)),
                      ("endColumn", str(f.end_column))]
        else:
            props.append(("endLine", str(f.end_line)))
    props.append(("title", f"{f.code} {f.name}"))
    body = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{LEVELS[f.severity]} {body}::{escape_data(f.message)}"


def render(findings, ctx) -> str:
    return "".join(command(f) + "\n" for f in findings)
