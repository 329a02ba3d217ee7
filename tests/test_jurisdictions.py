"""Which jurisdiction packs a notice is detected as, and why."""
from __future__ import annotations

import json

import pytest

from policylint import lint_text
from policylint.catalogue import builtin_catalogue
from policylint.jurisdictions import active_packs, detect
from policylint.parse import parse
from policylint.patterns import any_of

CASES = {
    "uk-ico": ("You can complain to the Information Commissioner's Office about us.\n", {"uk"}),
    "uk-gdpr-and-eu": (
        "We follow the UK GDPR and, for customers in France, Regulation (EU) 2016/679. "
        "You may also contact the CNIL.\n",
        {"uk", "eu"},
    ),
    "uk-with-plain-gdpr": ("We are registered in England and Wales. We comply with the GDPR.\n", {"uk"}),
    "eu-gdpr-only": ("We process data under the GDPR and store it in the EEA.\n", {"eu"}),
    "irish": (
        "We are established in Ireland. Our processing complies with the GDPR and the Irish Data "
        "Protection Act 2018. You may complain to the Data Protection Commission.\n",
        {"eu"},
    ),
    "california": ("California residents have rights under the CCPA.\n", {"us-ca"}),
    "nothing": ("We respect your privacy and only collect what we need.\n", set()),
    "initial-coin-offering-lowercase": ("Our ico token sale is described elsewhere.\n", set()),
}


@pytest.mark.parametrize("name", CASES)
def test_detection(name):
    text, expected = CASES[name]
    found = detect(parse(text, "notice.txt"), builtin_catalogue())
    assert set(found) == expected


def test_configured_jurisdictions_replace_detection():
    doc = parse(CASES["california"][0], "notice.txt")
    packs, chosen = active_packs(doc, builtin_catalogue(), ("uk",))
    assert "uk" in packs and "us-ca" not in packs and "core" in packs
    assert chosen["uk"].evidence == "configured"


def test_findings_carry_the_jurisdictions_in_force():
    text = "# Notice\n\nWe keep data as long as necessary. Complain to the ICO on 0303 123 113.\n"
    findings = lint_text(text, "notice.md", {"today": "2026-11-21", "select": ["PL2", "PL310"]})
    assert findings and all(f.jurisdictions == ("uk",) for f in findings)
    assert json.loads(json.dumps(findings[0].as_dict()))["jurisdictions"] == ["uk"]


def test_verbose_names_the_evidence(cli, tmp_path):
    (tmp_path / "n.md").write_text("# Notice\n\nEmail us at a@b.co.uk.\n\nComplain to the ICO.\n", encoding="utf-8")
    r = cli("--verbose", "--today", "2026-11-21", "n.md", cwd=tmp_path)
    assert "jurisdictions: uk ('ICO' on line 5)" in r.stderr


def test_each_pack_s_cues_are_compiled_once_for_many_notices(monkeypatch):
    import policylint.jurisdictions as jurisdictions

    compiled = []
    monkeypatch.setattr(jurisdictions, "any_of", lambda patterns: compiled.append(patterns) or any_of(patterns))
    jurisdictions._compiled.cache_clear()
    catalogue = builtin_catalogue()
    notices = ["We follow the UK GDPR.", "California residents have rights under the CCPA.", "Nothing here."]
    found = [detect(parse(text * 40, "p.md", "markdown"), catalogue) for text in notices]
    assert len(compiled) == len(set(compiled))
    assert "uk" in found[0] and "us-ca" in found[1] and not found[2]
    jurisdictions._compiled.cache_clear()
