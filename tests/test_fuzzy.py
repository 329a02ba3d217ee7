"""The fuzzy kind's window filter: a window that shares too few three-letter pieces with
the term is not searched, and that never loses a near-miss the search would find."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policylint import lint_text  # noqa: E402
from policylint.kinds import fuzzy  # noqa: E402

from .conftest import TODAY  # noqa: E402

TERM = "General Data Protection Regulation"


def test_a_window_around_a_lone_word_of_the_term_is_passed_over():
    pieces = fuzzy._Pieces(TERM, 3)
    assert not pieces.may_hold("we collect personal data about you when you write")
    assert not pieces.may_hold("we keep your data safe and protect it from loss or theft")
    assert pieces.may_hold("under the General Data Protection Regulation, you may")
    assert pieces.may_hold("under the GENERAL  DATE\nPROTECTON Regualtion, you")


def test_a_short_term_with_few_pieces_is_never_filtered():
    assert fuzzy._Pieces("Data Act", 2).may_hold("nothing alike")


ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \t\n-'İſK"


@st.composite
def near_misses(draw):
    """The term with up to three edits (inserted, deleted or changed characters), its
    case and spacing changed at random."""
    text = list(TERM if draw(st.booleans()) else TERM.upper())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text) - 1))
        edit = draw(st.sampled_from(["insert", "delete", "change"]))
        if edit == "insert":
            text.insert(at, draw(st.sampled_from(ALPHABET)))
        elif edit == "delete" and len(text) > 1:
            del text[at]
        else:
            text[at] = draw(st.sampled_from(ALPHABET))
    spaced = "".join(text).replace(" ", draw(st.sampled_from([" ", "  ", "\n", " \t"])))
    before = draw(st.sampled_from(["", "We follow the ", "Your data, under the ", "data protection: "]))
    after = draw(st.sampled_from(["", ".", " (GDPR) applies to data.", " and data protection law."]))
    return before + spaced + after


@settings(max_examples=400, deadline=None)
@given(near_misses())
def test_the_filter_loses_no_near_miss(text):
    config = {"select": ["PL401"], "today": TODAY}
    filtered = lint_text(text, "policy.md", config)
    saved = fuzzy._Pieces.may_hold
    fuzzy._Pieces.may_hold = lambda self, window: True
    try:
        searched = lint_text(text, "policy.md", config)
    finally:
        fuzzy._Pieces.may_hold = saved
    assert [(f.start, f.end, f.message) for f in filtered] == [(f.start, f.end, f.message) for f in searched]
