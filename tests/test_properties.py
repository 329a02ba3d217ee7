"""Properties that hold for any input (hypothesis): no exception, spans inside the
document, positions that agree with offsets, a prose view of the source's length, and
fixes that are idempotent and touch only their spans."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policylint import lint_text  # noqa: E402
from policylint.fix import apply, choose  # noqa: E402
from policylint.parse import parse  # noqa: E402

FRAGMENTS = [
    "# ", "## ", "### ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| c | d |\n", "```\ncode\n```\n", "---\ntitle: x\n---\n",
    "*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "&amp;", "&#8217;", "&nbsp;", "{{ x }}", "{% y %}", "<!-- c -->",
    "<!-- policylint: disable PL101 -->", "<!-- policylint: enable -->", "<!-- policylint: disable-next-line -->",
    "policylint: disable-file PL3\n", "[link](https://example.org/contact)", "<b>bold</b>", "\\*",
    "We are Acme Ltd. ", "Email privacy@acme.example. ", "Last updated: 15th May 2018. ", "11/16/10 ",
    "We keep data as long as necessary. ", "until you close your account. ", "for six years. ",
    "certified under the EU-US Privacy Shield. ", "Safe Harbor ", "Data Protection Act 1998 ", "Directive 95/46/EC ",
    "General Date Protection Regulation ", "GPDR ", "Information Commisioner's Office ", "ICO ", "0303 123 113 ",
    "Wycliffe House, Water Lane, Wilmslow SK9 5FA ", "ico.gov.uk ", "Article 6(1)(g) GDPR ", "Recital 200 ",
    "by continuing to browse you agree to cookies. ", "We never sell your data. ", "We sell your data to partners. ",
    "100% secure ", "see Section 12 ", "[COMPANY NAME] ", "â€™ ", "Do Not Sell My Personal Information ",
    "California ", "UK GDPR ", "EU GDPR ", "consent ", "withdraw ", "profiling ", "DPO ", "é", "😀", "\u2028", "\t",
    "\n", "\n\n", "\r\n", "\r", " ", "a", "Z", "0", ".", ",", "?", "!", ":", ";", "'", '"',
]

documents = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
paths = st.sampled_from(["notice.md", "notice.txt", "notice.mdx"])
FAST = settings(max_examples=int(__import__("os").environ.get("POLICYLINT_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=documents, path=paths)
def test_prose_view_keeps_the_source_length_and_line_breaks(text, path):
    doc = parse(text, path)
    assert len(doc.prose) == len(doc.source)
    assert all(doc.prose[i] == c for i, c in enumerate(doc.source) if c in "\r\n")
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(text)


@FAST
@given(text=documents, path=paths)
def test_findings_lie_inside_the_document_with_consistent_positions(text, path):
    doc = parse(text, path)
    for f in lint_text(text, path, {"today": "2026-11-21", "jurisdictions": ["uk", "eu", "us-ca"]}):
        assert 0 <= f.start <= f.end <= len(text)
        assert (f.line, f.column) == doc.position(f.start)
        if f.end > f.start:
            assert (f.end_line, f.end_column) == doc.position(f.end)
        assert f.text == text[f.start:f.end]
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(text)


@FAST
@given(text=documents, path=paths)
def test_fixing_is_idempotent_and_touches_only_the_fixed_spans(text, path):
    config = {"today": "2026-11-21", "jurisdictions": ["uk", "eu", "us-ca"]}
    chosen = choose(lint_text(text, path, config))
    fixed = apply(text, chosen)
    # Outside the fixed spans, the text is unchanged.
    pos = out = 0
    for f in chosen:
        keep = text[pos:f.fix.start]
        assert fixed[out:out + len(keep)] == keep
        out += len(keep) + len(f.fix.replacement)
        pos = f.fix.end
    assert fixed[out:] == text[pos:]
    # Fixing the fixed text again changes nothing.
    again = choose(lint_text(fixed, path, config))
    assert apply(fixed, again) == fixed


@FAST
@given(text=documents, path=st.sampled_from(["notice.md", "notice.txt", "notice.mdx", "notice.html", "notice.html.erb"]))
def test_the_list_buffer_makes_the_same_documents_as_the_array(text, path):
    """Where no array type holds a character per entry (Windows before 3.13) the front
    ends blank a list instead: both give the same document."""
    from policylint.parse import markup

    by_array = parse(text, path)
    saved, markup._CODE = markup._CODE, None
    try:
        by_list = parse(text, path)
    finally:
        markup._CODE = saved
    assert markup._CODE is not None  # this Python has the array type, so both were tried
    assert (by_list.prose, by_list.blocks, by_list.links, by_list.directives) == \
        (by_array.prose, by_array.blocks, by_array.links, by_array.directives)


# Blocks that do and do not close at a heading.
PARTS = ["\n\n# Part\n", "\n## Part\n", "\n# Part", "\n```\n", "\n~~~~\n", "\n<!--\n", "\n-->\n", "\n<script>\n",
         "\n</script>\n", "\n<pre>\n", "\n- item\n", "\n> quote\n", "\n    code\n", "\n| a | b |\n|---|---|\n",
         "\n<div>\n", "text ", "\n", "\n\n", "\r\n", "[x]: https://x.example\n", "[x] "]
long_markdown = st.lists(st.sampled_from(PARTS), max_size=40).map("".join)


@FAST
@given(text=long_markdown, path=st.sampled_from(["notice.md", "notice.mdx"]))
def test_markdown_parsed_in_parts_makes_the_same_document(text, path):
    """A long notice is handed to markdown-it a part at a time; with parts of a few
    characters (a cut before every heading that may be one) the document is the same."""
    from policylint.parse import markdown

    whole = parse(text, path)
    saved, markdown.PART = markdown.PART, 2
    try:
        in_parts = parse(text, path)
    finally:
        markdown.PART = saved
    assert (in_parts.prose, in_parts.blocks, in_parts.links, in_parts.directives) == \
        (whole.prose, whole.blocks, whole.links, whole.directives)
