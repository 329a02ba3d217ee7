"""Each finding with its source line and a caret line under the span."""
from __future__ import annotations

import re
import unicodedata

from .text import line_of


def _width(text: str) -> int:
    """Terminal cells taken by `text` (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def render(findings, ctx) -> str:
    out = []
    cache: dict[str, list[str]] = {}
    for f in findings:
        out.append(line_of(f))
        source = ctx.sources.get(f.path)
        if source is None:
            continue
        if f.path not in cache:  # the same line breaks as the line index: LF, CRLF, CR
            cache[f.path] = re.split(r"\r\n|\r|\n", source)
        lines = cache[f.path]
        if not 1 <= f.line <= len(lines):
            continue
        text = lines[f.line - 1].expandtabs(1)
        gutter = str(f.line)
        start = f.column - 1
        stop = f.end_column - 1 if f.end_line == f.line else len(text)
        stop = max(stop, start + 1)
        out.append(f"{' ' * len(gutter)} |")
        out.append(f"{gutter} | {text}")
        out.append(f"{' ' * len(gutter)} | {' ' * _width(text[:start])}{'^' * max(1, _width(text[start:stop]))}")
        if f.fix is not None:
            kind = "safe fix" if f.fix.safe else "unsafe fix"
            if (f.fix.start, f.fix.end) == (f.start, f.end):
                what = f"replace with '{f.fix.replacement}'"
            else:
                what = f"replace '{source[f.fix.start:f.fix.end]}' with '{f.fix.replacement}'"
            out.append(f"{' ' * len(gutter)} = {kind}: {what}")
        out.append("")
    return "\n".join(out) + ("\n" if out and out[-1] != "" else "")
