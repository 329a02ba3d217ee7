"""What a rule reports (Hit) and what the user sees (Finding).

Records that never change are NamedTuples here and elsewhere: Python 3.11 takes one and a
half milliseconds to create a frozen dataclass, in every run, and a tenth of that for a
NamedTuple.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
EMPTY: Mapping = MappingProxyType({})  # a default shared by many records, so read-only


class Fix(NamedTuple):
    """Replace source[start:end] by `replacement`. Safe fixes can be applied unattended."""

    start: int
    end: int
    replacement: str
    safe: bool = True


class Hit(NamedTuple):
    """A rule's raw result: a source span, values for its message template, maybe a fix."""

    start: int
    end: int
    args: Mapping = EMPTY
    fix: Fix | None = None


class Finding(NamedTuple):
    """A rule's hit as reported: where it is (offsets, and 1-based lines and columns) and
    what the rule says of it, with the severity the settings give it."""

    path: str
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int  # 1-based, just past the last character of the span
    fix: Fix | None = None
    text: str = ""  # the source text of the span
    jurisdictions: tuple[str, ...] = ()  # the jurisdiction packs in force for the document

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.code)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "text": self.text,
            "fix": None if self.fix is None else self.fix.replacement,
            "fix_applicability": None if self.fix is None else ("safe" if self.fix.safe else "unsafe"),
            "jurisdictions": list(self.jurisdictions),
        }
