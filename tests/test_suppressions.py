"""Inline suppressions: disable / enable / disable-next-line / disable-file, and PL001."""
from __future__ import annotations

import pytest

from policylint import lint_text

from .conftest import run_cli

GPDR = "We apply the GPDR to every request."  # PL401 at column 14
SHIELD = "Our host is certified under the EU-US Privacy Shield for transfers."  # PL101 at column 33
SELECT = ["PL101", "PL401", "PL001"]


def lint(text: str, path: str = "notice.md", select=SELECT, **config) -> list[tuple[str, int, int]]:
    found = lint_text(text, path, {"select": list(select), **config})
    return [(f.code, f.line, f.column) for f in found]


def md(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# -- Markdown ---------------------------------------------------------------------------------
def test_without_directives_everything_is_reported():
    assert lint(md(GPDR, "", SHIELD)) == [("PL401", 1, 14), ("PL101", 3, 33)]


def test_disable_and_enable_hide_the_findings_between_them():
    text = md(
        GPDR,                                      # 1
        "<!-- policylint: disable PL401 -->",      # 2
        GPDR,                                      # 3
        "",                                        # 4
        GPDR,                                      # 5
        "<!-- policylint: enable PL401 -->",       # 6
        GPDR,                                      # 7
    )
    assert lint(text) == [("PL401", 1, 14), ("PL401", 7, 14)]


def test_disable_only_hides_the_codes_it_names():
    text = md("<!-- policylint: disable PL401 -->", GPDR, SHIELD)
    assert lint(text) == [("PL101", 3, 33)]


def test_disable_without_enable_lasts_to_the_end():
    text = md(GPDR, "", "<!-- policylint: disable PL401 -->", "", GPDR, "", "## Later", "", GPDR)
    assert lint(text) == [("PL401", 1, 14)]


def test_disable_next_line_hides_the_next_line_only():
    text = md(
        "<!-- policylint: disable-next-line PL401 -->",  # 1
        GPDR,                                            # 2
        GPDR,                                            # 3
    )
    assert lint(text) == [("PL401", 3, 14)]


def test_disable_next_line_after_a_comment_over_several_lines():
    text = md(
        "<!--",                                    # 1
        "  policylint: disable-next-line PL401",   # 2
        "  the acronym is quoted from a letter",   # 3
        "-->",                                     # 4
        GPDR,                                      # 5
        GPDR,                                      # 6
    )
    assert lint(text) == [("PL401", 6, 14)]


def test_disable_next_line_at_the_end_of_a_line_of_text():
    text = md("Some words. <!-- policylint: disable-next-line PL401 -->", GPDR, GPDR)
    assert lint(text) == [("PL401", 3, 14)]


def test_disable_file_hides_everywhere_even_from_the_end():
    text = md(GPDR, "", SHIELD, "", GPDR, "", "<!-- policylint: disable-file PL401 -->")
    assert lint(text) == [("PL101", 3, 33)]


@pytest.mark.parametrize(
    "directive, left",
    [
        ("<!-- policylint: disable-file PL4 -->", ["PL101"]),          # a prefix covers its family
        ("<!-- policylint: disable-file PL1 -->", ["PL401", "PL401"]),
        ("<!-- policylint: disable-file PL -->", []),
        ("<!-- policylint: disable-file -->", []),                     # no codes: every code
        ("<!-- policylint: disable-file PL101, PL401 -->", []),        # a list
        ("<!-- policylint: disable-file PL101 PL401 -->", []),
        ("<!-- policylint: disable-file pl401 -->", ["PL101"]),        # any letter case
        ("<!--policylint:disable-file PL401-->", ["PL101"]),           # tight spacing
    ],
)
def test_codes_prefixes_and_all(directive, left):
    text = md(directive, "", GPDR, "", SHIELD, "", GPDR)
    assert [code for code, _, _ in lint(text)] == left


def test_disable_without_codes_then_enable_one_code():
    text = md("<!-- policylint: disable -->", GPDR, SHIELD, "<!-- policylint: enable PL101 -->", GPDR, SHIELD)
    assert lint(text) == [("PL101", 6, 33)]


def test_enable_without_codes_ends_every_disable():
    text = md("<!-- policylint: disable PL101, PL401 -->", GPDR, SHIELD, "<!-- policylint: enable -->", GPDR, SHIELD)
    assert lint(text) == [("PL401", 5, 14), ("PL101", 6, 33)]


def test_directive_inside_a_blockquote_and_a_list():
    text = md("> <!-- policylint: disable-next-line PL401 -->", "> " + GPDR, "",
              "- <!-- policylint: disable-next-line PL101 -->", "  " + SHIELD)
    assert lint(text) == []


def test_crlf_line_endings():
    text = "\r\n".join(["<!-- policylint: disable-next-line PL401 -->", GPDR, GPDR, ""])
    assert lint(text) == [("PL401", 3, 14)]


@pytest.mark.parametrize(
    "text",
    [
        md("```", "<!-- policylint: disable-file PL401 -->", "```", "", GPDR),
        md("~~~html", "<!-- policylint: disable-file PL401 -->", "~~~", "", GPDR),
        md("Intro text.", "", "    <!-- policylint: disable-file PL401 -->", "", GPDR),
        md("Write `<!-- policylint: disable-file PL401 -->` to hide a finding.", "", GPDR),
        md("- a list", "", "  ```", "  <!-- policylint: disable-file PL401 -->", "  ```", "", GPDR),
    ],
    ids=["backtick-fence", "tilde-fence", "indented-code", "code-span", "fence-in-list"],
)
def test_a_directive_shown_as_code_is_not_a_directive(text):
    found = lint(text)
    assert ("PL401", text.count("\n"), 14) in found
    assert all(code != "PL001" for code, _, _ in found)


# -- plain text -------------------------------------------------------------------------------
def test_plain_text_directives_on_lines_of_their_own():
    text = md(
        "Privacy notice",                          # 1
        "",                                        # 2
        "policylint: disable-next-line PL401",     # 3
        GPDR,                                      # 4
        GPDR,                                      # 5
        "  policylint: disable PL1",               # 6
        SHIELD,                                    # 7
        "policylint: enable PL1",                  # 8
        SHIELD,                                    # 9
    )
    assert lint(text, "notice.txt") == [("PL401", 5, 14), ("PL101", 9, 33)]


def test_plain_text_disable_file_and_prefix():
    text = md(GPDR, "", SHIELD, "", "policylint: disable-file PL4")
    assert lint(text, "notice.txt") == [("PL101", 3, 33)]


def test_plain_text_directive_inside_a_sentence_is_not_a_directive():
    text = md("Our editors write policylint: disable-file PL401 in drafts.", GPDR)
    assert lint(text, "notice.txt") == [("PL401", 2, 14)]


def test_html_comment_is_not_a_directive_in_plain_text():
    text = md("<!-- policylint: disable-file PL401 -->", GPDR)
    assert ("PL401", 2, 14) in lint(text, "notice.txt")


# -- unused suppressions (PL001) ----------------------------------------------------------------
def test_unused_directive_is_reported_at_its_position():
    text = md(
        "# Notice",                                           # 1
        "",                                                   # 2
        "Intro text. <!-- policylint: disable-next-line PL101 -->",  # 3
        "Nothing here relies on any scheme.",                 # 4
    )
    found = lint_text(text, "notice.md", {"select": SELECT})
    assert [(f.code, f.line, f.column, f.severity) for f in found] == [("PL001", 3, 13, "info")]
    (finding,) = found
    assert finding.end_line == 3 and finding.end_column == len(text.splitlines()[2]) + 1
    assert "PL101" in finding.message and "disable-next-line" in finding.message


def test_a_used_directive_is_not_reported_and_an_unused_one_beside_it_is():
    text = md(
        "<!-- policylint: disable-next-line PL401 -->",  # 1 used
        GPDR,                                            # 2
        "<!-- policylint: disable PL101 -->",            # 3 unused: nothing until the enable
        "Plain words.",                                  # 4
        "<!-- policylint: enable PL101 -->",             # 5 an enable is never unused
        SHIELD,                                          # 6
        "<!-- policylint: disable-file PL4 -->",         # 7 used (line 2)
    )
    assert lint(text) == [("PL001", 3, 1), ("PL101", 6, 33)]


def test_unused_directive_without_codes():
    found = lint_text(md("<!-- policylint: disable-file -->", "Plain words."), "notice.md", {"select": SELECT})
    assert [(f.code, f.line, f.column) for f in found] == [("PL001", 1, 1)]


def test_unused_directive_in_plain_text():
    text = md("Privacy notice", "", "policylint: disable-next-line PL401", "Plain words.")
    assert lint(text, "notice.txt") == [("PL001", 3, 1)]


@pytest.mark.parametrize(
    "select, config",
    [
        (["PL101", "PL001"], {}),  # PL401 does not run: the directive cannot be judged
        (["PL401"], {}),  # PL001 itself is not selected
        (["PL001", "PL201"], {"jurisdictions": ["eu"]}),  # PL201's pack (uk) is not active
    ],
)
def test_unused_directive_is_not_reported_when_its_rule_does_not_run(select, config):
    text = md("<!-- policylint: disable-file PL401 -->", "<!-- policylint: disable-file PL201 -->", "Plain words.")
    assert lint(text, select=select, **config) == []


def test_directive_with_a_mistyped_code_is_reported():
    """PL001's own page: a directive that hides nothing because its code is mistyped is reported.

    PL041 names no rule at all (the writer meant PL401), unlike a real code that is merely
    not selected, so there is nothing that could make it useful.
    """
    text = md("<!-- policylint: disable-next-line PL041 -->", GPDR)
    found = lint_text(text, "notice.md", {"select": SELECT})
    assert [(f.code, f.line, f.column) for f in found] == [("PL001", 1, 1), ("PL401", 2, 14)]
    assert "PL041" in found[0].message


def test_unused_directive_for_a_jurisdiction_rule_once_its_pack_is_active():
    text = md("<!-- policylint: disable-file PL401 -->", "<!-- policylint: disable-file PL201 -->", "Plain words.")
    assert lint(text, select=["PL001", "PL201"], jurisdictions=["uk"]) == [("PL001", 2, 1)]


def test_unused_suppression_through_the_cli(tmp_path):
    (tmp_path / "notice.md").write_text(
        md("<!-- policylint: disable-next-line PL401 -->", GPDR, "<!-- policylint: disable-next-line PL101 -->",
           "Plain words."),
        encoding="utf-8",
    )
    r = run_cli("notice.md", "--select", "PL101,PL401,PL001", cwd=tmp_path)
    assert r.stdout.splitlines() == [
        "notice.md:3:1: PL001 [info] unused suppression: 'disable-next-line' for PL101 hides no finding"
    ]
    assert r.returncode == 0  # info is below the default fail level
    r = run_cli("notice.md", "--select", "PL101,PL401,PL001", "--fail-level", "info", cwd=tmp_path)
    assert r.returncode == 1
