"""The Document model: a prose view of the same length as the source, blocks, links, positions."""
from __future__ import annotations

import re

import pytest

from policylint.document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL
from policylint.parse import parse

from .invariants import check_invariants



def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


SAMPLES = {
    "headings": "# Title\n\nIntro.\n\n## Second *level* ##\n\nBody.\n\nSetext\n======\n\nAnother\n-------\n",
    "emphasis": "We **retain** _some_ data, ***very*** little, ~~none~~ and __more__ of it; 2 * 3 = 6.\n",
    "links": 'See [our page](https://ex.com/p "Title here"), [ref][r], [r] and <https://ex.com/auto>.\n\n'
             "[r]: https://ex.com/ref 'Ref title'\n",
    "images": "Logo ![alt text](logo.png \"Logo\") and [![badge](b.svg)](https://ex.com/b) end.\n",
    "code": "Use `the code` or ``a ` tick`` here.\n\n```toml\nretain = true\n```\n\n    indented code\n\n~~~\nmore\n~~~\n",
    "html": "<div class=\"note\">\n<p>Block <b>html</b></p>\n</div>\n\nInline <span title=\"a>b\">tag</span> "
            "and <!-- a comment --> text.<br/>\n\n<script>\nvar retain = 1;\n</script>\n",
    "entities": "Terms &amp; conditions &copy; 2026 &#169; &#x41; &nbsp;end &bogus; &amp\n",
    "table": "| Data | Period |\n| --- | :---: |\n| Orders | 6 years |\n| Logs \\| events | `30 days` |\n",
    "lists": "- one\n- two\n  - nested **bold**\n    1. deeper\n    2) deepest\n* star\n+ plus\n\n10. ten\n",
    "quotes": "> quoted line\n> > nested quote\n>\n> - list in quote\nlazy continuation\n",
    "front-matter": "---\ntitle: Privacy\n# not: a heading\n---\n\n# Real heading\n\nText.\n",
    "crlf": "# Title\r\n\r\nWe **keep** data.\r\n\r\n- item\r\n\r\n| a | b |\r\n|---|---|\r\n| c | d |\r\n",
    "lone-cr": "# Title\r\rWe keep data.\r- item\r",
    "escapes": "Not \\*emphasis\\*, a \\[bracket\\] and a hard\\\nbreak and \\\\ backslash.\n",
    "unicode": "Données personnelles : nous conservons vos données. 个人数据 \U0001F600 emoji.\n",
    "mdx-like": "import Thing from './thing'\n\n# Page\n\n<Thing prop=\"x\" />\n\nText.\n",
    "unclosed": "Text with `open code and [open link( and <b unclosed and **open\n\n```\nnever closed\n",
    "empty": "",
    "whitespace": "   \n\n\t\n  ",
    "only-newlines": "\n\n\n",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("suffix", [".md", ".txt", ".mdx"])
def test_prose_keeps_length_line_breaks_and_offsets(name, suffix):
    doc = parse(SAMPLES[name], "policy" + suffix)
    check_invariants(doc)


def test_empty_and_whitespace_only_files():
    for text in ("", " ", "\n", "  \n\t\n", "\r\n\r\n"):
        for path in ("x.md", "x.txt"):
            doc = parse(text, path)
            assert doc.prose.strip() == ""
            assert doc.blocks == []
            assert doc.position(0) == (1, 1)
            assert doc.sentences == []


def test_plain_text_prose_is_the_source():
    text = "PRIVACY NOTICE\n\n1. Your rights\n\nWe are **not** markdown: <b>kept</b> [as](is).\n"
    doc = parse(text, "notice.txt")
    assert doc.format == "text"
    assert doc.prose == doc.source


def test_plain_text_directive_lines_are_blanked():
    lines = ["Privacy notice", "", "  policylint: disable-next-line PL401", "We apply the rules.",
             "policylint: enable", "Said policylint: disable in a sentence."]
    text = "\n".join(lines) + "\n"
    doc = parse(text, "notice.txt")
    check_invariants(doc)
    assert [(d.action, d.codes, d.line) for d in doc.directives] == [
        ("disable-next-line", ("PL401",), 3), ("enable", (), 5)]
    expected = "\n".join(" " * len(ln) if ln.lstrip().startswith("policylint:") else ln for ln in lines) + "\n"
    assert doc.prose == expected


def test_markdown_directives_are_read_from_comments():
    text = "Intro <!-- policylint: disable PL101, pl4 -->\n\n<!--\npolicylint: disable-file\n-->\n"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert [(d.action, d.codes, d.line) for d in doc.directives] == [
        ("disable", ("PL101", "PL4"), 1), ("disable-file", (), 3)]
    assert words(doc.prose) == ["Intro"]


# -- what is blanked and what stays --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, word",
    [
        ("We **retain** your data.", "retain"),
        ("We _retain_ your data.", "retain"),
        ("# How long we *retain* it", "retain"),
        ("- We ~~never~~ retain data.", "retain"),
        ("> We retain data.", "retain"),
        ("See [how we retain data](https://ex.com/retention).", "retain"),
        ("See [how we retain data][ret].\n\n[ret]: https://ex.com/retention", "retain"),
        ("| Kind | We retain |\n|---|---|\n| a | b |", "retain"),
        ("<p>We <em>retain</em> data.</p>", "retain"),
        ("Text &amp; we retain data.", "retain"),
        ("---\ntitle: x\n---\n\nWe retain data.", "retain"),
        ("1. First\n   - We **retain** data.", "retain"),
        ("Line one\r\nWe *retain* data.\r\n", "retain"),
        ("Line one\rWe *retain* data.\r", "retain"),
    ],
)
def test_prose_words_stay_at_their_source_offsets(text, word):
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert word in doc.prose
    assert doc.prose.index(word) == doc.source.index(word)


def test_link_targets_titles_code_and_markup_are_blanked():
    text = (
        "---\nowner: legal-team\n---\n"
        "# Our *policy* #\n\n"
        'We **retain** data. See [our page](https://ex.com/page "Page title") and the [ICO][ico].\n\n'
        "> Quoted `snippet_value` here.\n\n"
        "```\nfenced_value = 1\n```\n\n"
        "| Col | Val |\n|-----|-----|\n| <b>cell</b> | x |\n\n"
        "<!-- hidden_comment -->\n\n"
        "![logo_alt](logo.png)\n\n"
        '[ico]: https://ico.org.uk "Regulator title"\n'
    )
    doc = parse(text, "notice.md")
    check_invariants(doc)
    for hidden in ("https://ex.com/page", "Page title", "https://ico.org.uk", "Regulator title", "snippet_value",
                   "fenced_value", "```", "hidden_comment", "logo_alt", "logo.png", "legal-team", "<b>", "</b>",
                   "**", "|", "#", ">", "[", "]", "(", ")", "---"):
        assert hidden not in doc.prose, f"{hidden!r} is still in the prose"
    assert words(doc.prose) == ["Our", "policy", "We", "retain", "data", "See", "our", "page", "and", "the", "ICO",
                                "Quoted", "here", "Col", "Val", "cell", "x"]


def test_entities_are_decoded_in_place():
    text = "Terms &amp; conditions &copy; 2026 and caf&eacute; &#x41;&#66; &nbsp;ok\n"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    i = text.index("&amp;")
    assert doc.prose[i:i + 5] == "&    "
    i = text.index("&copy;")
    assert doc.prose[i:i + 6] == "\u00a9     "
    assert "caf\u00e9" in doc.prose
    assert doc.prose.index("conditions") == text.index("conditions")
    i = text.index("&#x41;")
    assert doc.prose[i] == "A" and doc.prose[text.index("&#66;")] == "B"
    assert "nbsp" not in doc.prose and "\xa0" not in doc.prose


def test_escaped_characters_keep_the_character_and_drop_the_backslash():
    text = "A literal \\*star\\* and \\_underscore\\_ stay.\n"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert "\\" not in doc.prose
    assert doc.prose[text.index("*star")] == "*"
    assert doc.prose[text.index("_underscore")] == "_"


@pytest.mark.parametrize("text,gone", [
    ("We keep _some_ data.\n", "_"),
    ("We keep __more__ data.\n", "_"),
    ("We keep ~~none~~ of it.\n", "~"),
    ("We keep *a little*.\n", "*"),
    ("We keep `logs` for a week.\n", "`"),
    ("Not a \\# heading.\n", "\\"),
])
def test_each_kind_of_inline_markup_alone_in_a_paragraph_is_blanked(text, gone):
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert gone not in doc.prose


def test_lone_asterisk_and_intraword_underscores_are_text():
    text = "Multiply 2 * 3 in snake_case_names.\n"
    doc = parse(text, "notice.md")
    assert doc.prose == doc.source


def test_html_blocks_keep_their_text_and_lose_script_and_style():
    text = "<section>\n<h2>Cookies</h2>\n<p>We set <a href=\"/cookies\">few cookies</a>.</p>\n</section>\n\n" \
           "<style>\n.retain { color: red }\n</style>\n"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert words(doc.prose) == ["Cookies", "We", "set", "few", "cookies"]
    assert any(link.target == "/cookies" for link in doc.links)


# -- links ------------------------------------------------------------------------------------
def test_links_record_their_targets():
    text = (
        'Write to [our team](mailto:privacy@example.com "Email"), see the [form][f], the [Contact] page,\n'
        "<https://ex.com/auto>, <help@example.com> or <a href='https://ex.com/html'>this</a>.\n\n"
        "[f]: <https://ex.com/form>\n[contact]: https://ex.com/contact\n"
    )
    doc = parse(text, "notice.md")
    check_invariants(doc)
    targets = {link.target for link in doc.links}
    assert {"mailto:privacy@example.com", "https://ex.com/form", "https://ex.com/contact", "https://ex.com/auto",
            "mailto:help@example.com", "https://ex.com/html"} <= targets
    by_text = {link.text: link.target for link in doc.links if link.text}
    assert by_text["our team"] == "mailto:privacy@example.com"
    assert by_text["form"] == "https://ex.com/form"
    assert by_text["Contact"] == "https://ex.com/contact"
    first = next(link for link in doc.links if link.text == "our team")
    assert text[first.start:first.end] == '[our team](mailto:privacy@example.com "Email")'


def test_a_link_whose_url_holds_an_entity_beside_inline_html():
    """An entity in a link's destination does not stop the link being read when the paragraph has a tag."""
    text = "Use <em>our</em> [request form](https://ex.com/form?topic=privacy&amp;lang=en) today.\n"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    assert words(doc.prose) == ["Use", "our", "request", "form", "today"]
    assert "https" not in doc.prose and "lang" not in doc.prose
    assert [link.text for link in doc.links] == ["request form"]
    assert doc.prose.index("request") == text.index("request")


# -- blocks -----------------------------------------------------------------------------------
def test_headings_have_levels_and_sections():
    text = (
        "# Privacy notice\n\nIntro.\n\n"
        "## Your rights\n\nRights text.\n\n"
        "### Access\n\nAccess text.\n\n"
        "## Retention\n\n- Orders: six years\n\n"
        "Contact us\n----------\n\nBy email.\n"
    )
    doc = parse(text, "notice.md")
    check_invariants(doc)
    headings = [(doc.source[b.start:b.end], b.level, b.section) for b in doc.headings]
    assert headings == [
        ("Privacy notice", 1, ("Privacy notice",)),
        ("Your rights", 2, ("Privacy notice", "Your rights")),
        ("Access", 3, ("Privacy notice", "Your rights", "Access")),
        ("Retention", 2, ("Privacy notice", "Retention")),
        ("Contact us", 2, ("Privacy notice", "Contact us")),
    ]
    blocks = {doc.text_of(b): b for b in doc.blocks}
    assert blocks["Intro."].kind == PARAGRAPH and blocks["Intro."].section == ("Privacy notice",)
    assert blocks["Access text."].section == ("Privacy notice", "Your rights", "Access")
    assert blocks["Orders: six years"].kind == LIST_ITEM
    assert blocks["Orders: six years"].section == ("Privacy notice", "Retention")
    assert blocks["By email."].section == ("Privacy notice", "Contact us")


def test_heading_titles_leave_out_markup():
    doc = parse("## How we *keep* [data](https://ex.com) `safe` ##\n", "notice.md")
    (heading,) = doc.headings
    assert heading.level == 2
    assert heading.section == ("How we keep data",)


def test_lists_quotes_and_tables_make_blocks():
    text = (
        "- first item\n- second item\n  - nested item\n\n"
        "> quoted paragraph\n\n"
        "| Data | Period |\n|---|---|\n| Orders | six years |\n"
    )
    doc = parse(text, "notice.md")
    check_invariants(doc)
    kinds = [(b.kind, doc.text_of(b)) for b in doc.blocks]
    assert kinds == [
        (LIST_ITEM, "first item"), (LIST_ITEM, "second item"), (LIST_ITEM, "nested item"),
        (PARAGRAPH, "quoted paragraph"),
        (TABLE_CELL, "Data"), (TABLE_CELL, "Period"), (TABLE_CELL, "Orders"), (TABLE_CELL, "six years"),
    ]


@pytest.mark.parametrize(("text", "path", "number"), [
    ("1. one\n2. two\n3. three\n", "notice.md", 3),
    ("1. one\n1. two\n1. three\n", "notice.md", 3),  # numbered as they are read, not as written
    ("7. seven\n8. eight\n", "notice.md", 8),
    ("1. one\n   1. a\n   2. b\n   3. c\n   4. d\n2. two\n", "notice.md", 4),  # the longer list inside
    ("1. one\n   - a\n   - b\n   - c\n2. two\n", "notice.md", 2),  # bullets inside are not its items
    ("1. one\n2. two\n\n# Next\n\n1. one\n", "notice.md", 2),
    ("- a\n- b\n- c\n", "notice.md", 0),
    ("No list here.\n", "notice.md", 0),
    ("1. one\n2. two\n3. three\n", "notice.txt", 0),  # plain text has no list syntax to count
])
def test_the_last_number_of_an_ordered_list(text, path, number):
    assert parse(text, path).last_list_number == number


def test_front_matter_makes_no_blocks():
    doc = parse("---\ntitle: Notice\n# comment: not a heading\n---\n\n# Notice\n\nText.\n", "notice.md")
    assert [doc.text_of(b) for b in doc.blocks] == ["Notice", "Text."]


def test_plain_text_blocks():
    text = (
        "PRIVACY NOTICE\n\n"
        "1. Your rights\n\nYou may ask for a copy\nof your data.\n\n"
        "2.1 Cookies\n\n- a bullet point\n- another point\n"
    )
    doc = parse(text, "notice.txt")
    check_invariants(doc)
    assert [(b.kind, b.level, doc.text_of(b)) for b in doc.blocks] == [
        (HEADING, 1, "PRIVACY NOTICE"),
        (HEADING, 2, "1. Your rights"),
        (PARAGRAPH, 0, "You may ask for a copy of your data."),
        (HEADING, 3, "2.1 Cookies"),
        (LIST_ITEM, 0, "- a bullet point"),
        (LIST_ITEM, 0, "- another point"),
    ]
    assert doc.blocks[2].section == ("PRIVACY NOTICE", "1. Your rights")


@pytest.mark.parametrize("title", ["1. Who we are", "2. What we collect and why", "Who we are"])
def test_plain_text_title_ending_in_a_short_word_is_a_heading_when_a_blank_line_follows(title):
    """A line cannot run on into the next one when the next line is blank."""
    text = f"PRIVACY NOTICE\n\n{title}\n\nWe are a small shop in a small town.\n"
    doc = parse(text, "notice.txt")
    assert [(b.kind, doc.text_of(b)) for b in doc.blocks][1] == (HEADING, title)
    assert doc.blocks[2].section[-1] == title


def test_block_at_and_sentences():
    text = "# Title\n\nFirst sentence here. Second one, e.g. with a dot. Third!\n"
    doc = parse(text, "notice.md")
    offset = text.index("Second")
    assert doc.block_at(offset).kind == PARAGRAPH
    a, b = doc.sentence_at(offset)
    assert text[a:b] == "Second one, e.g. with a dot."
    assert [text[a:b] for a, b in doc.sentences] == [
        "Title", "First sentence here.", "Second one, e.g. with a dot.", "Third!"]


# -- positions --------------------------------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("path", ["notice.md", "notice.txt"])
def test_positions_for_every_line_ending(newline, path):
    lines = ["# Title", "", "First line of text.", "  Indented target here.", "", "last target"]
    text = newline.join(lines) + newline
    doc = parse(text, path)
    check_invariants(doc)
    offset = text.index("target")
    assert doc.position(offset) == (4, 12)
    assert doc.position(text.rindex("target")) == (6, 6)
    assert doc.position(0) == (1, 1)
    assert doc.line_text(4) == "  Indented target here."
    # every character's position agrees with the lines as a reader counts them
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + len(newline))
    for number, start in enumerate(starts[:-1], 1):
        assert doc.position(start) == (number, 1)
        if lines[number - 1]:
            assert doc.position(start + len(lines[number - 1]) - 1) == (number, len(lines[number - 1]))


def test_positions_with_mixed_line_endings():
    text = "one\r\ntwo\rthree\nfour\r\rsix"
    doc = parse(text, "notice.md")
    check_invariants(doc)
    for word, expected in [("one", (1, 1)), ("two", (2, 1)), ("three", (3, 1)), ("four", (4, 1)), ("six", (6, 1))]:
        assert doc.position(text.index(word)) == expected, word
    assert doc.position(text.index("ree")) == (3, 3)
    assert doc.position(len(text)) == (6, 4)


def test_positions_count_characters_not_bytes():
    text = "Données 个人 \U0001F600 target\n"
    doc = parse(text, "notice.md")
    assert doc.position(text.index("target")) == (1, 14)
