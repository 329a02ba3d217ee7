"""Outdated law and legal citations (PL102-PL109, PL402-PL404): what the fixtures do not show.

The option vocabularies of the Python checks are compiled here (the catalogue validates
only the declarative kinds), the GDPR structure table is checked for consistency, and a
few behaviours are pinned: fixes that keep the text's apostrophe and line breaks, one
finding per document for the document-level rules, and a long correct notice.
"""
from __future__ import annotations


import pytest

from policylint import lint_text
from policylint.catalogue import builtin_catalogue
from policylint.patterns import compile_pattern

from .conftest import TODAY

CODES = ("PL102", "PL103", "PL104", "PL105", "PL106", "PL107", "PL108", "PL109", "PL402", "PL403", "PL404")
CATALOGUE = builtin_catalogue()


def lint(text: str, code: str, name: str = "policy.md", **config):
    cfg = {"select": [code], "today": TODAY, **config}
    return [f for f in lint_text(text, name, cfg) if f.code == code]


def _patterns(value):
    """Every regex in an option value: strings, lists of strings, and `pattern` / `name`
    / `variants` keys of tables."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _patterns(item)
    elif isinstance(value, dict):
        for key in ("pattern", "name", "variants"):
            if key in value:
                yield from _patterns(value[key])


NOT_PATTERNS = {"structure", "articles", "recitals", "sentences-before", "real-words", "terms", "expected"}


@pytest.mark.parametrize("code", CODES)
def test_rule_is_in_the_catalogue_as_specified(code):
    rule = CATALOGUE.get(code)
    assert rule is not None
    packs = {"PL103": "uk", "PL106": "uk", "PL108": "uk", "PL109": "uk", "PL402": "uk", "PL403": "uk"}
    assert rule.packs == (packs.get(code, "core"),)


@pytest.mark.parametrize("code", [c for c in CODES if CATALOGUE.get(c).kind == "check"])
def test_check_vocabularies_compile(code):
    rule = CATALOGUE.get(code)
    for key, value in rule.options.items():
        if key in NOT_PATTERNS:
            continue
        for pattern in _patterns(value):
            compile_pattern(pattern)
    for spec in rule.options.get("terms", []):
        for pattern in spec.get("variants", []):
            compile_pattern(pattern)


def test_gdpr_structure_table_is_consistent():
    rule = CATALOGUE.get("PL404")
    assert rule.options["articles"] == 99 and rule.options["recitals"] == 173
    seen = set()
    for entry in rule.options["structure"]:
        article = entry["article"]
        assert 1 <= article <= 99 and article not in seen
        seen.add(article)
        for para, points in {**entry.get("points", {}), **entry.get("uk-points", {})}.items():
            assert 1 <= int(para) <= entry["paragraphs"], (article, para)
            for piece in points.split(","):
                assert piece.strip(), (article, para)
                if "-" in piece:
                    lo, hi = piece.strip().split("-")
                    assert len(lo) == len(hi) == 1 and lo < hi, (article, para, piece)


@pytest.mark.parametrize("article,para,last", [(6, 1, "f"), (9, 2, "j"), (17, 1, "f"), (49, 1, "g"), (15, 1, "h")])
def test_every_point_of_an_article_is_accepted_and_the_next_is_not(article, para, last):
    ok = " ".join(f"Article {article}({para})({chr(c)}) of the EU GDPR." for c in range(ord("a"), ord(last) + 1))
    assert not lint(f"# Notice\n\n{ok}\n", "PL404")
    bad = lint(f"# Notice\n\nArticle {article}({para})({chr(ord(last) + 1)}) of the EU GDPR.\n", "PL404")
    assert len(bad) == 1 and f"({last})" in bad[0].message


def test_uk_gdpr_recognised_legitimate_interests_point_is_not_reported():
    text = "# Notice\n\nWe rely on Article 6(1)(ea) of the UK GDPR. We also rely on Article 6(1)(ea) of the EU GDPR.\n"
    found = lint(text, "PL404")
    assert [f.text for f in found] == ["Article 6(1)(ea)"]
    assert found[0].start > text.index("UK GDPR")


def test_lower_case_article_needs_the_gdpr_beside_it():
    text = "We follow the GDPR.\n\nSee article 150 of our help centre, and article 150 GDPR.\n"
    assert [f.start for f in lint(text, "PL404")] == [text.index("article 150 GDPR")]


def test_misspelt_regulator_fix_keeps_apostrophe_and_line_break():
    text = "## Complaints\n\nComplain to the Information Comissioner’s\nOffice in Wilmslow, Cheshire SK9 5AF.\n"
    (finding,) = lint(text, "PL402")
    assert finding.fix.replacement == "Information Commissioner’s\nOffice"
    assert finding.fix.safe


def test_misspelt_regulator_accepts_every_apostrophe():
    for mark in ("'", "’", "‘", "`", ""):
        text = f"Complain to the Information Commissioner{mark}s Office (registered in England).\n"
        assert not lint(text, "PL402"), mark


def test_document_level_rules_report_once():
    text = ("Ferris Audio Ltd, Bristol BS1 4DJ.\n\nWe follow the EU GDPR. The EU GDPR applies.\n\n"
            "Our CRM provider is certified under the EU-US Data Privacy Framework. Our mail provider is\n"
            "certified under the EU-US Data Privacy Framework too.\n")
    assert len(lint(text, "PL106")) == 1
    assert len(lint(text, "PL109")) == 1


def test_subject_access_old_terms_one_finding_per_kind_per_sentence():
    text = ("You may request a copy of the information we hold about you. A fee of £10 is payable\n"
            "and we will reply within 40 days. Registered in England.\n")
    assert [f.text for f in lint(text, "PL108")] == ["fee of £10", "40 days"]


def test_irish_act_is_reported_when_the_text_calls_it_the_uks():
    text = "Our Dublin office follows Irish law.\n\nIn the UK we follow the UK Data Protection Act 1988.\n"
    assert [f.text for f in lint(text, "PL403", jurisdictions=["uk"])] == ["Data Protection Act 1988"]
    irish = "Our Dublin office follows Irish law.\n\nWe follow the Data Protection Act 1988.\n"
    assert not lint(irish, "PL403", jurisdictions=["uk"])


def test_rules_stay_quiet_on_a_long_correct_notice():
    paragraph = (
        "We collect information about you when you use our services, and the Information Commissioner's "
        "Office regulates us under the UK GDPR and the Data Protection Act 2018 (Article 6(1)(f) GDPR). "
        "You may request a copy of the information we hold about you within one month, free of charge.\n\n"
    )
    text = "# Privacy notice\n\n" + paragraph * 400
    for code in CODES:
        assert not lint(text, code), code
