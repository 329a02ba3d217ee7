"""Every rule's fixtures: texts that must trigger it (at exact positions) and near-misses.

fixtures/rules/<CODE>/cases.toml lists the cases:

    [[hit]]
    file = "certified.md"                 # in the same folder
    at = ["3:12-3:32"]                    # every finding of CODE, in order: line:col-endline:endcol
    config = { jurisdictions = ["uk"] }   # optional config keys for this case

    [[miss]]
    file = "history.md"                   # must not trigger CODE
    why = "past tense: the scheme is history"

Columns are 1-based; the end column is just past the last character. A rule that reports
the whole document (a missing disclosure) is reported at "1:1-1:1".
"""
from __future__ import annotations

import sys

import pytest

from policylint import lint_text

from .conftest import FIXTURES, TODAY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES_DIR = FIXTURES / "rules"


def _cases():
    for cases_file in sorted(RULES_DIR.glob("*/cases.toml")):
        code = cases_file.parent.name
        data = tomllib.loads(cases_file.read_text(encoding="utf-8"))
        for kind in ("hit", "miss"):
            for case in data.get(kind, []):
                yield pytest.param(code, kind, case, id=f"{code}-{kind}-{case['file']}")


def _lint(code: str, case: dict):
    path = RULES_DIR / code / case["file"]
    config = {"select": [code], "today": TODAY, **case.get("config", {})}
    text = path.read_text(encoding="utf-8")
    return [f for f in lint_text(text, path.name, config) if f.code == code]


@pytest.mark.parametrize("code,kind,case", list(_cases()))
def test_rule_fixture(code, kind, case):
    found = _lint(code, case)
    spans = [f"{f.line}:{f.column}-{f.end_line}:{f.end_column}" for f in found]
    if kind == "hit":
        assert spans == case["at"], f"{case['file']}: expected {code} at {case['at']}, got {spans}"
    else:
        assert not found, f"{case['file']} must not trigger {code} ({case.get('why', '')}): got {spans} " + "; ".join(
            repr(f.text) for f in found
        )


def test_every_rule_has_hits_and_misses():
    """Each rule in the catalogue (except engine-made ones) ships both kinds of fixture."""
    from policylint.catalogue import builtin_catalogue

    for rule in builtin_catalogue().sorted_rules():
        if rule.kind == "engine":
            continue
        cases = RULES_DIR / rule.code / "cases.toml"
        assert cases.is_file(), f"{rule.code} has no fixtures ({cases})"
        data = tomllib.loads(cases.read_text(encoding="utf-8"))
        assert data.get("hit") and data.get("miss"), f"{rule.code} needs both hit and miss cases"
        for case in data["hit"] + data["miss"]:
            assert (cases.parent / case["file"]).is_file(), f"{rule.code}: missing fixture {case['file']}"
