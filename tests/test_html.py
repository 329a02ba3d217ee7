"""The HTML and site-template front end: same-length prose, blocks, links, directives."""
from __future__ import annotations

import html
import re

import pytest

import policylint
from policylint.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL
from policylint.parse import format_for, parse
from policylint.parse.html import parse_html

from .invariants import check_invariants



def texts(doc, kind=None) -> list[str]:
    return [doc.text_of(b) for b in doc.blocks if kind is None or b.kind == kind]


SAMPLES = {
    "page": "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Our notice</title>\n"
            "<style>p { color: red; }</style>\n</head>\n<body>\n<h1>Notice</h1>\n<p>We keep <b>little</b>.</p>\n"
            "</body>\n</html>\n",
    "entities": "<p>Terms &amp; rules &copy; 2026 &#169; &#x41; &nbsp;end &rsquo;s &bogus; &amp</p>",
    "unclosed": "<ul><li>one<li>two</ul><p>first<p>second<div>inside <a href='x'>link",
    "table": "<table><tr><th>Data<th>Period</tr><tr><td>Orders</td><td>6 years</td></tr></table>",
    "script": "<p>a</p><script>if (a < b) { x = '</p>'; }</script><p>b</p>",
    "comments": "<p>text <!-- hidden --> more</p><!-- policylint: disable PL309 -->",
    "jinja": "{% extends 'base.html' %}\n{% block content %}<h1>{{ title }}</h1>\n"
             "<p>{% trans 'Kept words.' %} {{ _('More kept.') }}</p>{# note #}\n{% endblock %}\n",
    "erb": "<% content_for :title, \"Notice\" %>\n<p>Ask <%= link_to \"our team\", contact_path %>.</p>\n"
           "<%# a note %>\n<% if x > 1 %><p>Shown</p><% end %>\n",
    "attr-template": "<p><a href=\"{{ url('contact') }}\" class=\"{% if a > b %}x{% endif %}\">Contact us</a></p>",
    "crlf": "<h1>Title</h1>\r\n<p>We keep\r\ndata.</p>\r\n<ul>\r\n<li>item &amp; more</li>\r\n</ul>\r\n",
    "lone-cr": "<h1>Title</h1>\r<p>We keep\rdata.</p>\r<ul>\r<li>item</li>\r</ul>\r",
    "mixed-breaks": "<p>one\r\ntwo\rthree\nfour</p>\r<h2>Next</h2>\n\r<p>five</p>",
    "unicode": "<p>Données personnelles : nous conservons vos données. 个人数据 \U0001F600 emoji.</p>",
    "pi-and-cdata": "<?php echo 1; ?><p>a<![CDATA[ raw ]]>b</p>",
    "broken": "<p>Text <b unclosed and < lone angle & amp</p></div></span><",
    "empty": "",
    "whitespace": "  \n\t\n ",
    "text-only": "Just words, no tags.",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("suffix", [".html", ".html.erb", ".njk"])
def test_prose_keeps_source_length_and_offsets(name, suffix):
    doc = parse(SAMPLES[name], "policy" + suffix)
    assert doc.format == "html"
    check_invariants(doc)


def test_razor_view_keeps_invariants():
    source = (
        "@model PrivacyViewModel\n@using Some.Namespace\n@{\n    ViewBag.Title = \"Privacy\";\n}\n"
        "<h1>@ViewBag.Title</h1>\n@if (Model.ShowContact) {\n    <p>Write to privacy@example.org.</p>\n}\n"
        "<p>Hello @Model.Name, see @Html.Raw(Model.Body) and @(1 + 2).</p>\n@* policylint: disable PL302 *@\n"
        "<p>@Html.ActionLink(\"Contact us\", \"Contact\", \"Home\")</p>\r\n"
    )
    doc = parse(source, "Privacy.cshtml")
    check_invariants(doc)
    prose = doc.prose
    for gone in ("@model", "ViewBag", "Model.", "@if", "Html.Raw", "@(", "Namespace"):
        assert gone not in prose
    assert "privacy@example.org" in prose  # an e-mail address is not Razor
    assert [b.kind for b in doc.blocks if "privacy@" in doc.text_of(b)] == [PARAGRAPH]
    assert not any("{" in t or "}" in t for t in texts(doc))
    assert doc.directives[0].codes == ("PL302",)
    assert any(link.text == "Contact us" and link.target == "Contact" for link in doc.links)
    assert "Contact us" in prose


@pytest.mark.parametrize("path, fmt", [
    ("privacy.html", "html"), ("privacy.HTM", "html"), ("privacy.html.erb", "html"), ("p.njk", "html"),
    ("p.jinja", "html"), ("p.j2", "html"), ("p.liquid", "html"), ("P.cshtml", "html"), ("p.hbs", "html"),
    ("p.tpl", "html"), ("privacy.md", "markdown"), ("privacy.txt", "text"), ("privacy", "text"),
])
def test_dispatch_by_suffix(path, fmt):
    assert format_for(path) == fmt


def test_words_keep_their_source_offsets():
    source = ("<div class=\"c\">\r\n  <h2 id=\"x\">Who <em>we</em> are</h2>\r\n"
              "  <p>We, <strong>Acme&nbsp;Ltd</strong>, keep <a href=\"/r\">records</a> for 6 years.</p>\r\n</div>")
    doc = parse_html(source, "p.html")
    for m in re.finditer(r"[A-Za-z0-9]+", doc.prose):
        assert source[m.start():m.end()] == m.group(0)
    assert re.findall(r"[A-Za-z0-9]+", doc.prose) == ["Who", "we", "are", "We", "Acme", "Ltd", "keep",
                                                    "records", "for", "6", "years"]


def test_lone_cr_offsets_are_exact():
    source = "<p>first line\rsecond</p>\r<p>third &amp; fourth</p>\r<h2>Last</h2>"
    doc = parse_html(source, "p.html")
    check_invariants(doc)
    assert texts(doc) == ["first line second", "third & fourth", "Last"]
    start = doc.prose.index("fourth")
    assert source[start:start + 6] == "fourth"
    assert doc.position(start) == (3, 16)


def test_entities_decode_at_their_first_position():
    source = "<p>Smith&#8217;s &amp; Jones&rsquo; terms&nbsp;apply &#x41;&lt;</p>"
    doc = parse_html(source, "p.html")
    # Each reference reads as its character at its first position, padded with spaces.
    assert doc.prose.split() == ["Smith\u2019", "s", "&", "Jones\u2019", "terms", "apply", "A", "<"]
    assert doc.prose[source.index("&nbsp;")] == " "
    i = source.index("&#8217;")
    assert doc.prose[i] == "\u2019" and doc.prose[i + 1:i + 7] == " " * 6


def test_hidden_parts_are_blanked():
    source = (
        "<html><head><title>Secret title</title><meta name=\"d\" content=\"hidden words\">"
        "<script>var secret = '<p>no</p>';</script></head><body>"
        "<style>.secret { }</style><!-- secret comment --><p>Visible</p>"
        "<noscript>secret fallback</noscript><template><p>secret</p></template></body></html>"
    )
    doc = parse_html(source, "p.html")
    assert doc.prose.split() == ["Visible"]
    assert texts(doc) == ["Visible"]


def test_template_syntax_is_blanked():
    source = (
        "{% extends 'layout.njk' %}{% set t = 'secret' %}\n{# secret note #}\n"
        "<p>{{ user.name | upper }} we keep {{- data -}} {% if a %}data{% endif %}.</p>\n"
        "<%# secret %><% if admin? %><p><%= @secret %>Shown</p><% end %>\n"
        "{{!-- secret --}}{{{ raw_secret }}}\n"
        "{% comment %}secret words{% endcomment %}\n"
    )
    doc = parse(source, "p.njk")
    check_invariants(doc)
    assert "secret" not in doc.prose
    assert doc.prose.split() == ["we", "keep", "data", ".", "Shown"]


def test_translated_literals_are_kept():
    source = "<h1>{% trans 'Privacy policy' %}</h1>\n<p>{% trans \"We keep data.\" %} {{ _('Ask us.') }}</p>"
    doc = parse(source, "p.html")
    assert texts(doc) == ["Privacy policy", "We keep data. Ask us."]
    assert doc.blocks[0].kind == HEADING


def test_blocks_levels_and_sections():
    source = (
        "<body>\n<h1>Notice</h1>\n<div>Intro text\n<p>First para.</p>\nBetween text</div>\n"
        "<h2>Data</h2>\n<ul><li>name</li><li>email <strong>address</strong></li></ul>\n"
        "<h3>Cookies</h3>\n<table><thead><tr><th>Cookie</th><th>Purpose</th></tr></thead>"
        "<tbody><tr><td>sid</td><td>login</td></tr></tbody></table>\n"
        "<h2>Contact</h2>\n<section><address>1 High St</address><dl><dt>Term</dt><dd>Meaning</dd></dl></section>\n"
        "<h4>Deep</h4><p>Last.</p>\n</body>"
    )
    doc = parse_html(source, "p.html")
    check_invariants(doc)
    got = [(b.kind, doc.text_of(b), b.level, b.section) for b in doc.blocks]
    assert got == [
        (HEADING, "Notice", 1, ("Notice",)),
        (PARAGRAPH, "Intro text", 0, ("Notice",)),
        (PARAGRAPH, "First para.", 0, ("Notice",)),
        (PARAGRAPH, "Between text", 0, ("Notice",)),
        (HEADING, "Data", 2, ("Notice", "Data")),
        (LIST_ITEM, "name", 0, ("Notice", "Data")),
        (LIST_ITEM, "email address", 0, ("Notice", "Data")),
        (HEADING, "Cookies", 3, ("Notice", "Data", "Cookies")),
        (TABLE_CELL, "Cookie", 0, ("Notice", "Data", "Cookies")),
        (TABLE_CELL, "Purpose", 0, ("Notice", "Data", "Cookies")),
        (TABLE_CELL, "sid", 0, ("Notice", "Data", "Cookies")),
        (TABLE_CELL, "login", 0, ("Notice", "Data", "Cookies")),
        (HEADING, "Contact", 2, ("Notice", "Contact")),
        (PARAGRAPH, "1 High St", 0, ("Notice", "Contact")),
        (PARAGRAPH, "Term", 0, ("Notice", "Contact")),
        (PARAGRAPH, "Meaning", 0, ("Notice", "Contact")),
        (HEADING, "Deep", 4, ("Notice", "Contact", "Deep")),
        (PARAGRAPH, "Last.", 0, ("Notice", "Contact", "Deep")),
    ]


def test_implied_end_tags():
    doc = parse_html("<ul><li>one<li>two</ul><p>first<p>second<table><tr><td>a<td>b</table>", "p.html")
    assert [(b.kind, doc.text_of(b)) for b in doc.blocks] == [
        (LIST_ITEM, "one"), (LIST_ITEM, "two"), (PARAGRAPH, "first"), (PARAGRAPH, "second"),
        (TABLE_CELL, "a"), (TABLE_CELL, "b"),
    ]


def test_paragraph_inside_list_item_is_the_item():
    doc = parse_html("<ul><li><p>Access your data.</p><p>Ask for a copy.</p></li></ul>", "p.html")
    assert [b.kind for b in doc.blocks] == [LIST_ITEM, LIST_ITEM]


def test_sentences_stay_inside_blocks():
    source = "<h2>Retention</h2><p>We keep data</p><div>Orders for 6 years</div><ul><li>Logs</li></ul>"
    doc = parse_html(source, "p.html")
    sentences = [" ".join(doc.prose[a:b].split()) for a, b in doc.sentences]
    assert sentences == ["Retention", "We keep data", "Orders for 6 years", "Logs"]


def test_links_are_recorded():
    source = (
        "<p>Read <a href=\"https://example.org/p?a=1&amp;b=2\" class=\"x\">our <em>full</em> page</a>, "
        "email <a href=\"mailto:{{ site.email }}\">{{ site.email }}</a> or "
        "<a href=\"{{ url('contact') }}\">contact us</a> or <%= link_to \"the team\", contact_path %> "
        "or <%= mail_to \"dpo@example.org\" %>.</p><p><a name=\"anchor\">no target</a></p>"
    )
    doc = parse(source, "privacy.html.erb")
    check_invariants(doc)
    got = [(link.target, link.text) for link in doc.links]
    assert got == [
        ("https://example.org/p?a=1&b=2", "our full page"),
        ("mailto:{{ site.email }}", ""),
        ("{{ url('contact') }}", "contact us"),
        ("contact_path", "the team"),
        ("mailto:dpo@example.org", "dpo@example.org"),
    ]
    first = doc.links[0]
    assert source[first.start:first.end].startswith("<a href") and source[first.start:first.end].endswith("</a>")
    assert "the team" in doc.prose and "dpo@example.org" in doc.prose
    assert "link_to" not in doc.prose


def test_directives_in_comments():
    source = (
        "<!-- policylint: disable-file PL605 -->\n<p>One.</p>\n"
        "<!-- policylint: disable-next-line PL309, PL310 -->\n<p>Two.</p>\n"
        "{# policylint: disable PL302 #}\n<%# policylint: enable %>\n<!-- an ordinary comment -->\n"
    )
    doc = parse(source, "p.html.erb")
    check_invariants(doc)
    got = [(d.action, d.codes, d.line) for d in doc.directives]
    assert got == [
        ("disable-file", ("PL605",), 1),
        ("disable-next-line", ("PL309", "PL310"), 3),
        ("disable", ("PL302",), 5),
        ("enable", (), 6),
    ]


def test_directive_suppresses_a_finding():
    body = "<h1>Notice</h1>\n<p>We keep your data for as long as necessary.</p>\n"
    plain = {f.code for f in policylint.lint_text(body, "p.html", {"today": "2026-11-21"})}
    assert "PL310" in plain
    quiet = "<!-- policylint: disable PL310 -->\n" + body
    assert "PL310" not in {f.code for f in policylint.lint_text(quiet, "p.html", {"today": "2026-11-21"})}


# A notice written three ways: Markdown, the HTML it renders to, and an ERB template of it.
NOTICE_MD = """\
# Privacy notice for Fernhill Garden Supplies Ltd

Fernhill Garden Supplies Ltd, 12 Mill Lane, Leeds LS1 4AB, is the controller of the personal data this notice covers. This notice was last reviewed on 3 March 2019.

## What we collect

When you place an order we collect:

- your name and delivery address
- your email address
- the plants you buy

## Why we use it

We use these details to deliver what you order, which is necessary for the performance of our contract with you. We send our seasonal newsletter only if you give your consent.

## How long we keep it

We keep order records for as long as necessary.

## Your rights

You may ask for a copy of your data. We process it under the Data Protection Act 1998.

## Contact

Write to [privacy@fernhill.example](mailto:privacy@fernhill.example).
"""

NOTICE_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Privacy notice</title>
  <script>window.dataLayer = [];</script>
</head>
<body>
<main class="content">
  <h1>Privacy notice for Fernhill Garden Supplies Ltd</h1>
  <p>Fernhill Garden Supplies Ltd, 12 Mill Lane, Leeds LS1 4AB, is the controller of the personal data this notice covers. This notice was last reviewed on 3&nbsp;March 2019.</p>
  <h2>What we collect</h2>
  <p>When you place an order we collect:</p>
  <ul>
    <li>your name and delivery address</li>
    <li>your email address</li>
    <li>the plants you buy</li>
  </ul>
  <h2>Why we use it</h2>
  <p>We use these details to deliver what you order, which is necessary for the performance of our contract with you. We send our seasonal newsletter only if you give your <em>consent</em>.</p>
  <h2>How long we keep it</h2>
  <p>We keep order records for as long as necessary.</p>
  <h2>Your rights</h2>
  <p>You may ask for a copy of your data. We process it under the Data Protection Act 1998.</p>
  <h2>Contact</h2>
  <p>Write to <a href="mailto:privacy@fernhill.example">privacy@fernhill.example</a>.</p>
</main>
</body>
</html>
"""

NOTICE_ERB = """\
<% content_for :page_title, t(".title") %>
<%# Rendered by PagesController#privacy %>
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <h1 class="govuk-heading-xl">Privacy notice for Fernhill Garden Supplies Ltd</h1>
    <p class="govuk-body">Fernhill Garden Supplies Ltd, 12 Mill Lane, Leeds LS1 4AB, is the controller of the personal data this notice covers. This notice was last reviewed on 3 March 2019.</p>
    <h2 class="govuk-heading-m">What we collect</h2>
    <p class="govuk-body">When you place an order we collect:</p>
    <ul class="govuk-list govuk-list--bullet">
      <% if show_items %>
      <li>your name and delivery address</li>
      <li>your email address</li>
      <li>the plants you buy</li>
      <% end %>
    </ul>
    <h2 class="govuk-heading-m">Why we use it</h2>
    <p class="govuk-body">We use these details to deliver what you order, which is necessary for the performance of our contract with you. We send our seasonal newsletter only if you give your consent.</p>
    <h2 class="govuk-heading-m">How long we keep it</h2>
    <p class="govuk-body">We keep order records for as long as necessary.</p>
    <h2 class="govuk-heading-m">Your rights</h2>
    <p class="govuk-body">You may ask for a copy of your data. We process it under the Data Protection Act 1998.</p>
    <h2 class="govuk-heading-m">Contact</h2>
    <p class="govuk-body">Write to <%= mail_to "privacy@fernhill.example" %>.</p>
  </div>
</div>
"""


def _visible(text: str) -> str:
    """A finding's source text as a reader sees it: tags dropped, references decoded."""
    return " ".join(html.unescape(re.sub(r"<[^<>]*>", "", text)).replace("\xa0", " ").split())


def _lint(text: str, path: str):
    findings = policylint.lint_text(text, path, {"today": "2026-11-21"})
    codes = {f.code for f in findings}
    spans = {(f.code, _visible(f.text)) for f in findings if f.text}
    return codes, spans


@pytest.mark.parametrize("path, text", [("privacy.html", NOTICE_HTML), ("privacy.html.erb", NOTICE_ERB)])
def test_same_findings_as_markdown(path, text):
    md_codes, md_spans = _lint(NOTICE_MD, "privacy.md")
    # The notice is built to trip a spread of rules; make sure it still does.
    assert {"PL103", "PL310", "PL312", "PL605"} <= md_codes
    assert "PL302" not in md_codes  # the mailto link is the organisation's contact route
    codes, spans = _lint(text, path)
    assert codes == md_codes
    assert spans == md_spans
