"""Inline suppressions: `policylint: disable / enable / disable-next-line / disable-file`.

`disable CODES` ... `enable CODES` hide findings that start between them; `disable-next-line
CODES` hides findings that start on the line after the directive; `disable-file CODES`
hides them everywhere. No codes means every code; a prefix such as `PL3` covers its family.
"""
from __future__ import annotations

from .document import Directive


def _covers(codes: tuple[str, ...], code: str) -> bool:
    return not codes or any(code.startswith(c) for c in codes)


class Suppressions:
    def __init__(self, directives: list[Directive], line_of) -> None:
        self.directives = sorted(directives, key=lambda d: d.start)
        self.last_lines = [line_of(max(d.start, d.end - 1)) for d in self.directives]
        self.used: set[int] = set()

    def hides(self, code: str, offset: int, line: int) -> bool:
        hidden = False
        region = None  # the last disable/enable for this code before `offset`
        for i, d in enumerate(self.directives):
            if not _covers(d.codes, code):
                continue
            if d.action == "disable-file":
                self.used.add(i)
                hidden = True
            elif d.action == "disable-next-line":
                if line == self.last_lines[i] + 1:
                    self.used.add(i)
                    hidden = True
            elif d.end <= offset:
                region = i
        if region is not None and self.directives[region].action == "disable":
            self.used.add(region)
            hidden = True
        return hidden

    def unused(self) -> list[Directive]:
        return [d for i, d in enumerate(self.directives) if i not in self.used and d.action != "enable"]
