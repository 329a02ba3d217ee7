"""Regulator facts (PL202, PL203), consent (PL501, PL502) and clarity (PL701-PL703):
behaviour the fixtures cannot show (fixes, messages, options, catalogue entries)."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policylint import lint_text
from policylint.catalogue import builtin_catalogue

from .conftest import TODAY

UK = {"jurisdictions": ["uk"], "today": TODAY}


def _lint(text: str, codes: list[str], path: str = "policy.md", **config):
    return lint_text(text, path, {"select": codes, "today": TODAY, **config})


@pytest.mark.parametrize(
    "code,name,packs,severity,opt_in",
    [
        ("PL202", "ico-address", ("uk",), "warning", False),
        ("PL203", "ico-website", ("uk",), "warning", False),
        ("PL501", "implied-cookie-consent", ("core",), "error", False),
        ("PL502", "consent-by-use", ("core",), "warning", False),
        ("PL701", "vague-language", ("core",), "info", True),
        ("PL702", "contradiction", ("core",), "warning", False),
        ("PL703", "absolute-security-claim", ("core",), "info", False),
    ],
)
def test_catalogue_entry_matches_the_rule_list(code, name, packs, severity, opt_in):
    rule = builtin_catalogue().get(code)
    assert rule is not None
    assert (rule.name, rule.packs, rule.severity, rule.opt_in) == (name, packs, severity, opt_in)


def test_ico_postcode_near_miss_gets_an_unsafe_fix():
    text = "You can write to the ICO at Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5FA.\n"
    [f] = _lint(text, ["PL202"], **UK)
    assert f.text == "SK9 5FA"
    assert f.fix is not None and not f.fix.safe and f.fix.replacement == "SK9 5AF"
    assert "2 characters away from SK9 5AF" in f.message


def test_ico_address_added_by_the_user_is_accepted_even_without_a_postcode_key():
    text = "Write to the Information Commissioner's Office, 7 New Street, Manchester M2 4AB.\n"
    assert _lint(text, ["PL202"], **UK)
    facts = {"ico": {"addresses": [{"value": "7 New Street, Manchester M2 4AB"}]}}
    assert not _lint(text, ["PL202"], facts=facts, **UK)


def test_ico_address_rule_runs_only_on_uk_notices():
    text = "Write to the ICO at Wycliffe House, Water Lane, Wilmslow SK9 5FA.\n"
    assert not _lint(text, ["PL202"], jurisdictions=["eu"])


def test_ico_website_fix_only_for_a_bare_domain():
    text = "See the ICO's site www.ico.gov.uk or its old guide at http://www.ico.gov.uk/guide.aspx.\n"
    bare, page = _lint(text, ["PL203"], **UK)
    assert bare.text == "www.ico.gov.uk" and bare.fix is not None and bare.fix.replacement == "ico.org.uk"
    assert not bare.fix.safe
    assert page.text == "http://www.ico.gov.uk/guide.aspx" and page.fix is None


def test_ico_website_in_a_link_is_reported_once():
    text = "Visit [www.ico.gov.uk](http://www.ico.gov.uk/) for advice from the ICO.\n"
    [f] = _lint(text, ["PL203"], **UK)
    assert f.text == "http://www.ico.gov.uk/"


def test_cookie_and_processing_consent_in_one_sentence_is_reported_once_as_cookies():
    text = "By using this site you consent to our cookies and to the processing of your data.\n"
    found = _lint(text, ["PL501", "PL502"])
    assert [f.code for f in found] == ["PL501"]


def test_consent_by_use_message_quotes_the_statement():
    [f] = _lint("By using our app you agree to the collection of your location data.\n", ["PL502"])
    assert "'By using our app you agree to the collection'" in f.message


def test_vague_language_is_opt_in_and_reports_once_per_section():
    hedged = (
        "We may use certain information from time to time for various purposes. We may share some "
        "of it with similar companies where appropriate, and we might keep some of it as necessary. "
    ) * 3
    text = f"# Notice\n\n## Use\n\n{hedged}\n\n## Sharing\n\n{hedged}\n"
    assert not [f for f in lint_text(text, "policy.md", {"today": TODAY}) if f.code == "PL701"]
    found = _lint(text, ["PL701"])
    assert [f.text for f in found] == ["Use", "Sharing"]
    assert "'may' x" in found[0].message


def test_contradiction_names_the_line_of_the_other_statement():
    text = (
        "# Notice\n\nWe never share your personal data with anyone.\n\n"
        "## Partners\n\nWe share your personal data with our franchise partners.\n"
    )
    [f] = _lint(text, ["PL702"])
    assert f.line == 3
    assert "line 7" in f.message and "franchise partners" in f.message


def test_security_claim_and_its_denial():
    assert _lint("Your account is completely secure.\n", ["PL703"])
    assert not _lint("No website is completely secure.\n", ["PL703"])
    assert not _lint("We cannot guarantee the security of your data.\n", ["PL703"])


DENIAL_WORDS = ["we", "We", "Acme", "do", "does", "will", "can", "not", "never", "n't", "n’t", "NOT", "No", "no", "none",
                "None", "of", "longer", "ever", "also", "and", "or", "sell", "share", "disclose", "pass", "on", "your",
                "personal", "data", "information", "details", "is", "are", "be", "been", "shared", "sold", "with",
                "anyone", "cannot", "know", "nothing", "²", "²no", "²none", ",", "\u00a0", "\t", "\n"]


@settings(max_examples=400, deadline=None)
@example(["No", "personal", "data", "is", "sold"], " ")
@example(["none", "of", "your", "information", "is", "shared"], " ")
@example(["we", "no", "longer", "share", "your", "data"], " ")
@example(["We", "cannot", "sell", "your", "data"], " ")
@example(["No", "personal", "data", "is", "sold"], "\t")
@example(["²no", "personal", "data", "is", "sold"], " ")  # ² is \w to `re`, not to `regex`
@given(st.lists(st.sampled_from(DENIAL_WORDS), min_size=2, max_size=14), st.sampled_from([" ", "\u00a0", "\t", "  "]))
def test_every_denial_holds_the_cue_that_is_looked_for_first(words, space):
    """Sentences without the cue are passed over before the denial pattern is tried."""
    from policylint.checks.contradiction import _patterns

    pats = _patterns(builtin_catalogue().rules["PL702"])
    sentence = space.join(words) + "."
    if pats["denial"].search(sentence) is not None:
        assert pats["denial-cue"].search(sentence) is not None
