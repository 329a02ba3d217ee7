"""The rules that failed during a run."""
from __future__ import annotations


class RuleTrouble:
    """Rules that failed during a run: each is reported once and not run again, while the
    other rules go on."""

    def __init__(self) -> None:
        self.disabled: set[str] = set()
        self.messages: list[str] = []

    def record(self, rule, doc, exc: Exception) -> None:
        self.disabled.add(rule.code)
        if isinstance(exc, TimeoutError):
            self.messages.append(
                f"{rule.origin}: rule {rule.code} ({rule.name}): a pattern ran longer than its time limit on "
                f"{doc.path} (catastrophic backtracking?); the rule was skipped for the rest of the run"
            )
        else:
            self.messages.append(f"{doc.path}: rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}")
