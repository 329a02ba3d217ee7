"""The catalogue is the single description of every rule: complete, valid, consistent."""
from __future__ import annotations

import re

import pytest

from policylint.catalogue import JURISDICTION_PACKS, builtin_catalogue, load_catalogue
from policylint.report.sarif import descriptor
from policylint.rulepage import rule_page

CATALOGUE = builtin_catalogue()
RULES = CATALOGUE.sorted_rules()


def test_builtin_packs_validate_like_user_packs():
    cat = load_catalogue(validate_builtin=True)
    assert set(cat.rules) == set(CATALOGUE.rules)
    assert {"core", *JURISDICTION_PACKS} <= set(cat.packs)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"PL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name)
    assert set(rule.packs) <= {"core", *JURISDICTION_PACKS}
    for key in ("what", "why", "source", "example", "fix"):
        assert rule.docs.get(key), f"{rule.code} has no '{key}' in its docs"
    if rule.kind != "engine":  # the tool's own findings cite no law
        assert re.search(r"\b(19|20)\d\d\b", rule.docs["source"]), f"{rule.code}: the legal source needs its date"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_page_and_sarif_descriptor_come_from_the_entry(rule):
    page = rule_page(rule)
    assert page.startswith(f"{rule.code} {rule.name}")
    assert rule.severity in page
    md = rule_page(rule, markdown=True)
    assert md.startswith(f"## {rule.code} {rule.name}")
    d = descriptor(rule)
    assert d["id"] == rule.code and d["name"] == rule.name
    assert d["shortDescription"]["text"] == rule.summary
    assert d["help"]["markdown"] == md
    assert d["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]


def test_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_fixable_rules_say_so():
    assert CATALOGUE.get("PL401").fixable == "safe"
    assert CATALOGUE.get("PL201").fixable == "unsafe"


def test_rule_reference_in_docs_is_generated_from_the_catalogue():
    """docs/rules.md must be regenerated when a rule changes:
    `policylint rules --format markdown > docs/rules.md`."""
    from pathlib import Path

    from policylint.rulepage import reference

    docs = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == reference(RULES), "docs/rules.md is out of date"


def test_catalogue_matches_the_rule_table_it_implements():
    """Codes, names, packs, severities and opt-in flags as the shared rule table fixes them."""
    from .conftest import SHARED

    table = SHARED / "RULES.md"
    if not table.is_file():
        pytest.skip("the shared rule table is not beside this checkout")
    rows = re.findall(r"^\| (PL\d{3}) \| ([a-z0-9-]+) \| ([a-z, -]+) \| ([EWI])(, opt-in)? \|",
                      table.read_text(encoding="utf-8"), re.M)
    assert len(rows) > 40
    severity = {"E": "error", "W": "warning", "I": "info"}
    for code, name, packs, sev, opt_in in rows:
        rule = CATALOGUE.get(code)
        assert rule is not None, f"{code} is missing"
        assert (rule.name, set(rule.packs), rule.severity, rule.opt_in) == (
            name, {p.strip() for p in packs.split(",")}, severity[sev], bool(opt_in)), code
