"""Document hygiene rules (PL601-PL604, PL608-PL610): behaviour the fixtures do not pin down."""
from __future__ import annotations


import pytest

from policylint import lint_text
from policylint.checks.organisation import registrable

from .conftest import TODAY

HYGIENE = ["PL601", "PL602", "PL603", "PL604", "PL608", "PL609", "PL610"]


def findings(text: str, path: str = "notice.md", codes=HYGIENE, **config):
    return [f for f in lint_text(text, path, {"select": list(codes), "today": TODAY, **config}) if f.code in codes]


def codes_of(text: str, path: str = "notice.md", **config) -> list[str]:
    return [f.code for f in findings(text, path, **config)]


def apply_fixes(text: str, found) -> str:
    for f in sorted((f for f in found if f.fix), key=lambda f: f.fix.start, reverse=True):
        text = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    return text


def test_mojibake_fixes_restore_the_text():
    garbled = "Weâ€™ll charge no fee (Â£0) at the cafÃ©.\n"
    found = findings(garbled, "notice.txt", codes=["PL603"])
    assert [f.text for f in found] == ["â€™", "Â£", "Ã©"]
    assert all(f.fix is not None and f.fix.safe for f in found)
    assert apply_fixes(garbled, found) == "We’ll charge no fee (£0) at the café.\n"


def test_mojibake_leaves_other_scripts_alone():
    text = "Ελληνικά, русский, 日本語, São Tomé, Ærø, ÀÉÎÕÜ, Œuvre, ½ price.\n"
    assert codes_of(text, "notice.txt") == []


@pytest.mark.parametrize("expression", [
    "{{ site.email }}", "{{ page.updated | date: '%-d %B %Y' }}", "{{ 'now' | date: '%Y' }}",
    "{{- site.data.company.name -}}", "{{ t('privacy.title') }}",
])
def test_engine_expressions_on_a_static_site_page(expression):
    text = f"---\ntitle: Privacy\n---\n\n# Privacy\n\nContact: {expression}.\n"
    assert codes_of(text) == []


@pytest.mark.parametrize("expression", ["{{ Company Name }}", "{{12 May 2025}}", "{{ }}"])
def test_literals_in_braces_are_placeholders_even_on_a_site_page(expression):
    text = f"---\ntitle: Privacy\n---\n\n# Privacy\n\nRun by {expression}.\n"
    assert codes_of(text) == ["PL601"]


def test_template_syntax_in_plain_text():
    text = "Privacy\nWe are {{ org }}. {% if eu %}EU visitors{% endif %} can complain.\n"
    assert codes_of(text, "notice.txt") == ["PL601", "PL602", "PL602"]


def test_placeholder_inside_code_is_not_reported():
    text = "# Privacy\n\nThe snippet `[COMPANY NAME]` shows the format.\n\n```\n<DATE> {{ x }}\n```\n"
    assert codes_of(text) == []


def test_reference_to_an_item_of_an_auto_numbered_list():
    items = "\n".join("1. a reason we keep data;" for _ in range(12))
    text = f"# Privacy\n\n{items}\n\nThe last reason (paragraph 12 above) ends first.\n"
    assert codes_of(text) == []
    text = text.replace("paragraph 12 above", "paragraph 13 above")
    assert codes_of(text) == ["PL604"]


def test_roman_and_lettered_parts():
    text = "# Privacy\n\n## Part II Your rights\n\nSee Part II above and Annex B.\n\n## Annex A - Processors\n\nNone.\n"
    found = findings(text)
    assert [f.text for f in found] == ["Annex B"]


def test_heading_followed_by_a_higher_heading_is_empty():
    text = "# Privacy\n\n## Rights\n\n### Access\n\n## Contact\n\nEmail us.\n"
    found = findings(text, codes=["PL610"])
    assert [f.text for f in found] == ["Access"]


def test_one_name_for_we_without_configuration_is_fine():
    assert codes_of('Acme Ltd ("we") sells tea.\n', "notice.txt") == []


def test_configured_name_matches_with_another_legal_form():
    text = 'Acme Trading Limited ("we") sells tea.\n'
    assert codes_of(text, "notice.txt", organisation={"name": "Acme Trading Ltd"}) == []


@pytest.mark.parametrize("domain,expected", [
    ("mail.example.co.uk", "example.co.uk"), ("help.example.com", "example.com"), ("example.org", "example.org"),
])
def test_registrable_domain(domain, expected):
    assert registrable(domain) == expected


def test_hygiene_rules_on_a_long_notice_report_only_the_real_defects():
    section = (
        "## {n}. Section {n}\n\nWe keep [data] (see section {n} above) for six years; email "
        "privacy@example.com or write to the address below. “Quoted” text, {{braces}}? No.\n\n"
    )
    text = "# Privacy\n\n" + "".join(section.format(n=i) for i in range(1, 400)) + "Example Ltd, 1 High St, Leeds LS1 1AA\n"
    found = findings(text)
    # Every section cites itself ("see section N above"), which exists: nothing dangles.
    assert not [f for f in found if f.code == "PL604"]


@pytest.mark.parametrize("path", ["privacy.html.erb", "privacy.njk", "privacy.html"])
def test_template_files_are_not_read_as_plain_text(path):
    text = '<h1>Privacy</h1>\n<p>{{ t("privacy.intro") | safe }} <%= link_to "contact us", contact_path %></p>\n'
    assert codes_of(text, path) == []


def test_titles_are_compared_in_the_singular_without_their_numbers():
    from policylint.checks.references import _norm, _titles
    from policylint.parse import parse

    assert _norm("Our Addresses, Access and Rights") == "your addresse access and right"
    doc = parse("# Privacy\n\n## 3. Our Rights\n\nText.\n", "notice.md")
    texts = [text for _, _, text in _titles(doc)]
    assert "your right" in texts and "3 your right" not in texts
