"""The disclosure rules (PL301, PL303-PL308) on the many ways real notices word things.

Each case is one short notice and whether the rule must report it. The fixtures under
fixtures/rules/ pin exact positions; these cases pin the vocabulary: the ways an organisation
names itself, states purposes or recipients, or names a transfer safeguard.
"""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policylint import lint_text

from .conftest import TODAY

CASES = [
    # PL301: texts that identify (expect no fire)
    ('PL301', False, "This privacy policy sets out how Juniper Analytics uses and protects any information that you give us."),
    ('PL301', False, "Juniper Analytics Limited is a company registered in England and Wales under number 01234567."),
    ('PL301', False, "# Privacy Policy\n\nJuniper Analytics (\"Company\", \"we\") respects your privacy."),
    ('PL301', False, "Juniper University (\"the University\") processes your data."),
    ('PL301', False, "Leeds City Council is the data controller for the information you give us."),
    ('PL301', False, "The Department for Education (DfE) collects and processes some of your personal data."),
    ('PL301', False, "If you have any questions, contact Juniper Analytics at hello@juniper.example."),
    ('PL301', False, "Juniper is committed to protecting your privacy."),
    ('PL301', False, "Welcome to Juniper's privacy notice."),
    ('PL301', False, "ACME WIDGETS LIMITED (\"we\") sells widgets."),
    ('PL301', False, "This website is owned and operated by Juniper Analytics."),
    ('PL301', False, "Our company, Juniper Analytics, takes privacy seriously."),
    ('PL301', False, "In this policy, \"we\", \"us\" and \"our\" means Juniper Analytics Pty Ltd."),
    ('PL301', False, "Juniper Analytics GmbH, Hauptstraße 1, 10115 Berlin, is responsible for this website."),
    ('PL301', False, "This is the privacy policy of Juniper Analytics."),
    ('PL301', False, "Juniper Analytics respects your privacy."),
    ('PL301', False, "The data controller is Juniper Analytics Ltd, 1 High Street, Leeds LS1 1AA."),
    # PL301: texts that do not identify (expect fire)
    ('PL301', True, "We use Google Analytics, provided by Google LLC, to count visits. This site is hosted on GitHub Pages."),
    ('PL301', True, "This Privacy Policy describes how we handle your data. We comply with the General Data Protection Regulation (GDPR)."),
    ('PL301', True, "The California Consumer Privacy Act (CCPA) gives you rights. We do not sell your data."),
    ('PL301', True, "Our website uses cookies. Cookies are small text files. Information Commissioner's Office guidance applies."),
    ('PL301', True, "We collect your email. Payments are processed by Stripe, Inc. (\"Stripe\")."),
    # PL304
    ('PL304', False, "Under the UK GDPR, we collect your name for the purpose of processing your order."),
    ('PL304', False, "Under the UK GDPR, we need your address to deliver parcels."),
    ('PL304', False, "Under the UK GDPR, your information helps us improve our service."),
    ('PL304', False, "Under the UK GDPR, we use cookies to remember your preferences."),
    ('PL304', True, "Under the UK GDPR, we collect your name and email. You may access or delete it."),
    # PL305
    ('PL305', False, "Under the UK GDPR, we process your data because it is necessary for the performance of a contract with you."),
    ('PL305', False, "Under the UK GDPR, we rely on your consent to send newsletters."),
    ('PL305', False, "Under the UK GDPR, we keep invoices to comply with our legal obligations."),
    ('PL305', True, "Under the UK GDPR, by using this site you consent to our collection of data. We use your email to send updates."),
    ('PL305', True, "Under the UK GDPR, we collect your email to send updates."),
    # PL307
    ('PL307', False, "Under the UK GDPR, we use Mailchimp to send our newsletter."),
    ('PL307', False, "Under the UK GDPR, payments are handled by Stripe."),
    ('PL307', False, "Under the UK GDPR, we do not sell, trade or rent your personal information to others."),
    ('PL307', False, "Under the UK GDPR, we may share your information with our group companies."),
    ('PL307', False, "Under the UK GDPR, your data is not shared with third parties."),
    ('PL307', False, "Under the UK GDPR, we pass your details to the courier who delivers your order."),
    ('PL307', False, "Under the UK GDPR, we will not sell your data."),
    ('PL307', True, "Under the UK GDPR, we collect your email to send updates. You can share our posts on social media."),
    ('PL307', True, "Under the UK GDPR, we collect your email to send updates. Please don't share your password with anyone."),
    # PL308
    ('PL308', True, "Under the UK GDPR, your data may be processed in the United States by our email provider."),
    ('PL308', True, "Under the UK GDPR, we may transfer your personal data to countries outside the UK."),
    ('PL308', True, "Under the UK GDPR, our servers are located in the US."),
    ('PL308', False, "Under the UK GDPR, we transfer data to the US using the Standard Contractual Clauses."),
    ('PL308', False, "Under the UK GDPR, data is transferred outside the UK only to countries with an adequate level of protection."),
    ('PL308', False, "Under the UK GDPR, we are a UK company. Our customers in the United States can contact us by phone."),
    ('PL308', False, "Under the UK GDPR, US law enforcement may request data. We do not sell data."),
    ('PL308', False, "Under the UK GDPR, data is stored in the UK. If you access our site from outside the UK, you do so at your own risk."),
    ('PL308', False, "Under the UK GDPR, your data is stored within the EEA and never leaves it."),
    ('PL308', False, "Under the UK GDPR, when we transfer data outside the UK we rely on the International Data Transfer Agreement."),
    ('PL308', False, "Under the UK GDPR, transfers to the USA rely on the UK Extension to the EU-US Data Privacy Framework."),
    ('PL308', False, "Under the UK GDPR, our processor uses contracts approved by the European Commission for transfers abroad."),
    # PL303
    ('PL303', True, "Under the UK GDPR, our DPO oversees compliance."),
    ('PL303', False, "Under the UK GDPR, you can email our DPO at dpo@acme.example."),
    ('PL303', False, "Under the UK GDPR, we are not required to appoint a DPO."),
    ('PL303', False, "Under the UK GDPR, we don't have a DPO."),
    ('PL303', False, "Under the UK GDPR, our Data Protection Officer can be reached at privacy@acme.example or 0113 496 0000."),
    ('PL303', False, "Under the UK GDPR.\n\n## Contact\n\nWrite to our Data Protection Officer at Acme Ltd, 1 High St, Leeds LS1 1AA."),
    ('PL303', False, "Under the UK GDPR, you may contact our Data Protection Officer via our [contact form](https://acme.example/contact)."),
    # PL306
    ('PL306', True, "Under the UK GDPR, we process data under legitimate interests."),
    ('PL306', False, "Under the UK GDPR, we process data under legitimate interests, namely fraud prevention."),
    ('PL306', False, "Under the UK GDPR, it is in our legitimate interests to analyse how the site is used."),
    ('PL306', False, "Under the UK GDPR, we use your data to improve our products (legitimate interests)."),
]


@pytest.mark.parametrize("code,fires,text", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_disclosure_rule(code, fires, text):
    found = [f for f in lint_text(text, "notice.md", {"select": [code], "jurisdictions": ["uk"], "today": TODAY})
             if f.code == code]
    assert bool(found) == fires, f"{code} {'should' if fires else 'should not'} report: {text!r}"


def test_gdpr_rules_stay_quiet_outside_the_uk_and_eu():
    text = "We collect your email address. Our servers are in the United States."
    found = lint_text(text, "notice.md", {"jurisdictions": ["us-ca"], "today": TODAY})
    assert not [f for f in found if f.code in ("PL303", "PL304", "PL305", "PL306", "PL307", "PL308")]


def test_transfer_is_reported_at_the_statement_with_the_destination_in_the_message():
    text = "# Notice\n\nUnder the UK GDPR, our email provider keeps your address on servers in the US.\n"
    [f] = [f for f in lint_text(text, "notice.md", {"select": ["PL308"], "today": TODAY})]
    assert (f.line, f.text) == (3, "servers in the US")
    assert "servers in the US" in f.message


def test_a_mention_in_a_heading_only_is_not_a_statement():
    text = "# Privacy notice\n\n## Who we share your data with\n\n## Your rights\n\nUnder the UK GDPR you may ask for a copy.\n"
    found = lint_text(text, "notice.md", {"select": ["PL307"], "today": TODAY})
    assert [f.code for f in found] == ["PL307"]


LONG_BODY = "We collect your name and email address when you write to us, and we use them only to answer you. " * 6


@pytest.mark.parametrize("ending,fires", [
    ("Questions go to the Acme Widgets team.", False),  # "the {name} team" names the organisation
    ("Questions go to the Acme Widgets help desk.", True),  # no word of that frame after the name
])
def test_a_frame_whose_closing_words_a_long_notice_lacks_names_nobody(ending, fires):
    text = LONG_BODY + ending  # long enough for the prefilter to rule frames out
    found = lint_text(text, "notice.md", {"select": ["PL301"], "jurisdictions": ["uk"], "today": TODAY})
    assert bool(found) is fires


# Pieces of text near legal names: forms that span a line break ("Co.,\nLtd"), forms with
# no name before them, lower-case words, connectors, brackets and digits.
NAME_PIECES = ["Acme", "Widgets", "of", "the", "and", "data", "ltd", "Ltd", "Ltd.", "Co.,", "Pty", "Inc", "GmbH",
               "e.", "V.", "S.à", "r.l.", "(AB)", "12", "x", "Ltdx", "Straße", "Ä"]
NAME_GAPS = [" ", " ", "\t", "\n", "\n\n", ", ", ". ", "  "]


@settings(max_examples=300, deadline=None)
@example([("Acme", " "), ("Co.,", "\n"), ("Ltd", " "), ("Bar", " "), ("Inc", "")])
@example([("Ltd", " "), ("x", "\n"), ("Acme", " "), ("Ltd", "")])
@given(st.lists(st.tuples(st.sampled_from(NAME_PIECES), st.sampled_from(NAME_GAPS)), max_size=60))
def test_legal_names_are_found_as_the_name_pattern_finds_them_everywhere(pieces):
    from policylint.checks.disclosures import LEGAL_NAME

    text = "".join(word + gap for word, gap in pieces)
    assert [m.span() for m in LEGAL_NAME.finditer(text)] == [m.span() for m in LEGAL_NAME.compiled.finditer(text)]


@pytest.mark.parametrize("code,key,when", [("PL304", "patterns", None), ("PL305", "patterns", None),
                                           ("PL307", "patterns", "recipient"), ("PL307", "uses", None)])
def test_asking_whether_a_notice_states_something_agrees_with_listing_its_statements(code, key, when):
    """states() stops at the first statement; it must say what statements() finds."""
    from policylint.catalogue import builtin_catalogue
    from policylint.checks.disclosures import statements, states
    from policylint.parse import parse

    from .conftest import FIXTURES

    rule = builtin_catalogue().rules[code]
    texts = [text for c, _, text in CASES if c in ("PL304", "PL305", "PL307")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "rules").glob("PL30[457]/*.md"))]
    said = []
    for text in texts:
        listed = statements(rule, parse(text, "policy.md", "markdown"), key, when=when)
        assert states(rule, parse(text, "policy.md", "markdown"), key, when=when) == bool(listed)
        said.append(bool(listed))
    assert True in said and False in said
