"""The rights rules name exactly the rights a notice leaves out, and PL801 fixes the title."""
from __future__ import annotations

import pytest

from policylint import lint_text

from .conftest import FIXTURES, TODAY

RULES = FIXTURES / "rules"


def _findings(code: str, text: str, path: str = "notice.md", **config):
    return [f for f in lint_text(text, path, {"select": [code], "today": TODAY, **config}) if f.code == code]


@pytest.mark.parametrize("fixture,missing", [
    ("rights-partial.md", "restriction of processing, objection and data portability"),
    ("marketing-optout-only.md", "objection"),
    ("heading-only-deletion.md", "erasure"),
    ("rights-caps-heading.txt", "restriction of processing and data portability"),
    ("no-rights-at-all.txt",
     "access, rectification, erasure, restriction of processing, objection and data portability"),
])
def test_pl311_names_the_missing_rights(fixture, missing):
    text = (RULES / "PL311" / fixture).read_text(encoding="utf-8")
    [finding] = _findings("PL311", text, fixture)
    assert finding.message.startswith(f"right{'s' if ' and ' in missing else ''} never mentioned: {missing} (")


@pytest.mark.parametrize("fixture,missing", [
    ("know-delete-only.md", "correct, opt out of the sale or sharing of personal information, limit the use of "
     "sensitive personal information and not be discriminated against for exercising them"),
    ("eu-section-rectification.md", "correct"),
])
def test_pl804_names_the_missing_rights(fixture, missing):
    text = (RULES / "PL804" / fixture).read_text(encoding="utf-8")
    [finding] = _findings("PL804", text, fixture)
    assert f"right{'s' if ' and ' in missing else ''} to {missing} (" in finding.message


def test_pl311_opt_out_of_marketing_is_not_objection():
    text = (
        "# Privacy notice\n\nWe follow the UK GDPR.\n\n## Your rights\n\n"
        "You can ask for a copy of your data, have it corrected or deleted, restrict its processing, "
        "and receive it in a machine-readable format. You can opt out of marketing emails at any time.\n"
    )
    [finding] = _findings("PL311", text)
    assert "never mentioned: objection (" in finding.message
    fixed = text.replace("You can opt out of marketing emails", "You can object to our processing")
    assert not _findings("PL311", fixed)


def test_pl801_fix_inserts_or_share_in_the_case_used():
    text = (RULES / "PL801" / "do-not-sell-my-info.txt").read_text(encoding="utf-8")
    fixes = [f.fix for f in _findings("PL801", text, "notice.txt")]
    assert [f.replacement for f in fixes] == ["Do Not Sell or Share My Info", "do not sell or share my personal information"]
    assert not any(f.safe for f in fixes)


def test_pl317_applies_from_19_june_2026():
    text = (RULES / "PL317" / "before-in-force.md").read_text(encoding="utf-8")
    assert not _findings("PL317", text, today="2026-06-18")
    assert _findings("PL317", text, today="2026-06-19")


def test_pl312_points_at_the_first_reliance_on_consent():
    text = (
        "# Privacy notice\n\nWe follow the UK GDPR.\n\n"
        "We send offers only with your prior consent. Unsubscribe with the link in each email.\n"
    )
    [finding] = _findings("PL312", text)
    assert finding.text == "with your prior consent"
    assert not _findings("PL312", text + "\nYou can withdraw your consent at any time.\n")


def test_rules_run_only_in_their_packs():
    text = "# Privacy policy\n\nWe collect your email address to send receipts.\n"
    for code in ("PL311", "PL312", "PL313", "PL317", "PL804"):
        assert not _findings(code, text), code
    assert _findings("PL313", text, jurisdictions=["eu"])
    assert _findings("PL804", text, jurisdictions=["us-ca"])
