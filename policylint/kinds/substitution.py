"""substitution: a pattern that should be written another way; the fix writes it so."""
from __future__ import annotations

from ..errors import ConfigError
from ..finding import Fix, Hit
from ..patterns import TimedPattern, checked

OPTIONS = {
    "swap": (dict, True),  # pattern -> the preferred text
    "safe": (bool, False),  # whether the fix may be applied unattended (default true)
    "case-sensitive": (bool, False),
}


def validate(rule, where: str) -> None:
    for pattern, replacement in rule.options["swap"].items():
        checked(pattern, f"{where}: 'swap'", rule.options.get("case-sensitive", False))
        if not isinstance(replacement, str):
            raise ConfigError(f"{where}: 'swap' values must be strings (got {replacement!r})")


def run(rule, doc, ctx):
    safe = rule.options.get("safe", True)
    case = rule.options.get("case-sensitive", False)
    for pattern, replacement in rule.options["swap"].items():
        compiled = checked(pattern, rule.code, case) if rule.trusted else TimedPattern(pattern, case)
        for m in compiled.finditer(doc.prose):
            if m.group(0) == replacement or m.end() == m.start():
                continue
            fix = Fix(m.start(), m.end(), replacement, safe)
            yield Hit(m.start(), m.end(), {"match": m.group(0), "replacement": replacement}, fix)
