"""Templates: translation-key templates (PL002), the formats mapping, --stdin-filename."""
from __future__ import annotations

from policylint import lint_text

TODAY = {"today": "2026-11-21"}
KEYS_ERB = "\n".join(
    ["<h1><%= t('.title') %></h1>"]
    + [f"<h2><%= t('.section_{i}.heading') %></h2>\n<p><%= t('.section_{i}.body') %></p>" for i in range(8)]
    + ["<p>Questions? <%= link_to 'Contact us', contact_path %></p>"]
) + "\n"


def test_a_template_of_translation_keys_is_reported_once_instead_of_missing_everything():
    found = lint_text(KEYS_ERB, "privacy.html.erb", TODAY)
    assert [f.code for f in found if f.start == f.end == 0] == ["PL002"]
    pl002 = next(f for f in found if f.code == "PL002")
    assert pl002.severity == "info" and "17 translation keys" in pl002.message


def test_a_template_with_its_own_text_is_linted_as_usual():
    text = KEYS_ERB.replace(
        "<p>Questions?",
        "<p>" + "We collect your name and email address to answer your questions and send receipts. " * 30,
    )
    codes = {f.code for f in lint_text(text, "privacy.html.erb", TODAY)}
    assert "PL002" not in codes and "PL309" in codes  # it says nothing about retention


def test_ignoring_pl002_still_spares_the_missing_disclosure_noise():
    found = lint_text(KEYS_ERB, "privacy.html.erb", {**TODAY, "ignore": ["PL002"]})
    assert not [f for f in found if f.start == f.end == 0]


def test_braces_are_a_placeholder_in_text_but_not_in_a_template():
    body = "Contact {{ site.email }} about your data. We keep records for six years.\n"
    assert "PL601" in {f.code for f in lint_text(body, "privacy.txt", TODAY)}
    assert "PL601" not in {f.code for f in lint_text(f"<p>{body}</p>", "privacy.njk", TODAY)}


def test_formats_maps_an_ending_to_a_front_end(cli, tmp_path):
    (tmp_path / "page.tmpl").write_text("<h1>Privacy</h1>\n<p>We follow the <b>GPDR</b>.</p>\n", encoding="utf-8")
    as_text = cli("--select", "PL401,PL602", "page.tmpl", cwd=tmp_path)
    assert "PL602" in as_text.stdout  # tags in what is read as plain text are artifacts
    (tmp_path / ".policylint.toml").write_text('formats = { ".tmpl" = "html" }\n', encoding="utf-8")
    as_html = cli("--select", "PL401,PL602", "page.tmpl", cwd=tmp_path)
    assert "PL602" not in as_html.stdout and "page.tmpl:2:21: PL401" in as_html.stdout
    (tmp_path / ".policylint.toml").write_text('formats = { ".tmpl" = "xml" }\n', encoding="utf-8")
    bad = cli("page.tmpl", cwd=tmp_path)
    assert bad.returncode == 2 and "'formats'" in bad.stderr and "markdown | html | text" in bad.stderr


def test_stdin_filename_gives_standard_input_a_name_a_format_and_a_config(cli, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".policylint.toml").write_text('select = ["PL401"]\n', encoding="utf-8")
    r = cli("--stdin-filename", "site/privacy.html.erb", "-", cwd=tmp_path,
            input="<h1>Privacy</h1>\n<p>We follow the <%= law %> GPDR.</p>\n")
    assert r.stdout.splitlines() == [
        "site/privacy.html.erb:2:29: PL401 [error] 'GPDR' looks like a misspelling of 'GDPR'"]


def test_a_markdown_link_to_a_template_expression_is_a_contact_route():
    page = ("---\ntitle: Privacy\n---\n# Privacy\n\nWe are Fernhill Ltd. "
            "Questions? [Email us](mailto:{{ site.email }}).\n")
    codes = {f.code for f in lint_text(page, "privacy.md", {**TODAY, "select": ["PL302", "PL601", "PL602"]})}
    assert not codes
