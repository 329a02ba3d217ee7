"""Reading dates as notices write them (policylint/dates.py), and the review-date check's
choices that fixtures cannot show: messages, ambiguity, month arithmetic."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint import lint_text
from policylint.dates import DateReader, Reading, age_text, is_future, months_old, valid

from .conftest import TODAY

MONTHS = [
    "jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may", "june?", "july?",
    "aug(?:ust)?", "sep(?:t(?:ember)?)?", "oct(?:ober)?", "nov(?:ember)?", "dec(?:ember)?",
]
READER = DateReader(MONTHS)


@pytest.mark.parametrize("text,expected,style", [
    ("15th May 2018", (2018, 5, 15), "day-month"),
    ("15 May 2018", (2018, 5, 15), "day-month"),
    ("1st of May, 2018", (2018, 5, 1), "day-month"),
    ("10th day of June, 2021", (2021, 6, 10), "day-month"),
    ("15-May-2018", (2018, 5, 15), "day-month"),
    ("May 24, 2018", (2018, 5, 24), "month-day"),
    ("May 24th, 2018", (2018, 5, 24), "month-day"),
    ("July 1st 2020", (2020, 7, 1), "month-day"),
    ("March 2018", (2018, 3, None), "month-year"),
    ("Sept. 2019", (2019, 9, None), "month-year"),
    ("Sept 2019", (2019, 9, None), "month-year"),
    ("DECEMBER 2020", (2020, 12, None), "month-year"),
    ("2018-05-15", (2018, 5, 15), "iso"),
    ("2018/05/15", (2018, 5, 15), "iso"),
    ("2017-08-05T14:28:13-05:00", (2017, 8, 5), "iso"),
    ("2018-05", (2018, 5, None), "year-month"),
    ("2021/06", (2021, 6, None), "year-month"),
    ("06/2021", (2021, 6, None), "numeric-month"),
    ("14/07/2022", (2022, 7, 14), "numeric"),
    ("14.07.2022", (2022, 7, 14), "numeric"),
    ("11/16/10", (2010, 11, 16), "numeric"),
    ("12/31/2020", (2020, 12, 31), "numeric"),
    ("1/1/99", (1999, 1, 1), "numeric"),
    ("2019", (2019, None, None), "year"),
])
def test_reads_the_ways_notices_write_dates(text, expected, style):
    m = READER.parse(text)
    assert m is not None and m.readable
    assert (m.reading.year, m.reading.month, m.reading.day) == expected
    assert m.style == style
    assert not m.ambiguous


def test_match_reports_the_span_in_the_text():
    text = "Last updated: 15th May 2018. Thanks."
    m = READER.match(text, 14)
    assert (m.start, m.end, m.text) == (14, 27, "15th May 2018")
    assert READER.match(text, 0) is None  # no date starts at "Last"


def test_an_impossible_reading_is_not_an_ambiguity():
    m = READER.parse("12/31/2020", day_first=True)
    assert m.readings == (Reading(2020, 12, 31),)  # 31 cannot be a month
    m = READER.parse("31/12/2020", day_first=False)
    assert m.readings == (Reading(2020, 12, 31),)


def test_ambiguous_numeric_dates_keep_both_readings_preferred_first():
    m = READER.parse("05/06/2019")
    assert m.ambiguous and m.readings == (Reading(2019, 6, 5), Reading(2019, 5, 6))
    assert READER.parse("05/06/2019", day_first=True).reading == Reading(2019, 6, 5)
    assert READER.parse("05/06/2019", day_first=False).reading == Reading(2019, 5, 6)
    assert not READER.parse("06/06/2019").ambiguous  # both readings are the same day


@pytest.mark.parametrize("text", ["31/31/2020", "13/13/2013", "29/02/2019", "2019-13-01", "2018-02-30",
                                  "Febtober 2019", "May 40, 2018", "32 May 2019", "13/2021"])
def test_date_shaped_text_without_a_reading_is_unreadable_not_an_error(text):
    m = READER.parse(text)
    assert m is not None and not m.readable and m.style == "unreadable"
    assert m.reading is None


@pytest.mark.parametrize("text", ["", "   ", "hello", "May", "1.2.3", "192.168.0.1", "v2.10.3", "0/0/0000",
                                  "99/99/99", "1 May", "Version 2", "£2019", "20191", "2019-"])
def test_never_raises_and_reads_no_date_in_non_dates(text):
    m = READER.parse(text)
    assert m is None or not m.readable


def test_a_year_alone_only_when_allowed():
    assert READER.match("2019", 0) is None
    assert READER.match("2019", 0, year_only=True).reading == Reading(2019)
    assert READER.match("2019.1", 0, year_only=True) is None  # a version number
    assert READER.match("1850", 0, year_only=True) is None


def test_month_words_must_be_whole_words():
    assert READER.parse("Marketing 2019") is not None and not READER.parse("Marketing 2019").readable
    assert READER.match("maybe 2019", 0) is None


def test_finditer_finds_every_date_left_to_right():
    text = "Updated 4/9/2024 (links 6/30/2024); first published March 2018. Version 1.2.3, IP 10.0.0.1."
    found = [(m.text, m.reading.iso()) for m in READER.finditer(text, day_first=False)]
    assert found == [("4/9/2024", "2024-04-09"), ("6/30/2024", "2024-06-30"), ("March 2018", "2018-03")]


def test_numeric_order_hint_from_dates_only_one_order_can_read():
    assert READER.numeric_order_hint("4/9/2024 and 6/30/2024") is False
    assert READER.numeric_order_hint("05/06/2019 and 30/06/2024") is True
    assert READER.numeric_order_hint("05/06/2019") is None
    assert READER.numeric_order_hint("30/06/2024 and 6/30/2024") is None  # contradictory
    assert READER.numeric_order_hint("call 01.23.45.67.89") is None  # a phone number, not a date


def test_months_old_matches_the_scoring_arithmetic():
    today = date(2026, 11, 21)
    assert months_old(Reading(2024, 11, 30), today) == 24
    assert months_old(Reading(2024, 10, 1), today) == 25
    assert months_old(Reading(2024), today) == 23  # a year alone counts as December
    assert months_old(Reading(2026, 12), today) == -1


def test_is_future_at_the_precision_written():
    today = date(2026, 11, 21)
    assert not is_future(Reading(2026, 11, 21), today)
    assert is_future(Reading(2026, 11, 22), today)
    assert not is_future(Reading(2026, 11), today)
    assert is_future(Reading(2026, 12), today)
    assert not is_future(Reading(2026), today)
    assert is_future(Reading(2027), today)


def test_valid_and_text_helpers():
    assert valid(2024, 2, 29) and not valid(2023, 2, 29)
    assert not valid(2024, None, 3)
    assert Reading(2018, 5, 15).iso() == "2018-05-15" and Reading(2018, 5).iso() == "2018-05"
    assert age_text(0) == "0 months" and age_text(1) == "1 month" and age_text(12) == "1 year"
    assert age_text(29) == "2 years and 5 months"


def test_reader_needs_twelve_months():
    with pytest.raises(ValueError):
        DateReader(MONTHS[:11])


# -- the review-date check --------------------------------------------------------------

def _lint(text: str, name: str = "policy.md", **config):
    return lint_text(text, name, {"select": ["PL605", "PL606", "PL607", "PL803"], "today": TODAY, **config})


def test_stale_message_says_how_old_and_how_read():
    (f,) = _lint("# Privacy\n\nLast updated: 15th May 2018\n")
    assert f.code == "PL605" and f.text == "15th May 2018"
    assert "2018-05-15" in f.message and "8 years and 6 months" in f.message and "24 months" in f.message


def test_ambiguous_date_without_a_hint_is_said_to_be_ambiguous():
    (f,) = _lint("# Privacy\n\nLast updated: 05/06/2019\n")
    assert "2019-06-05 or 2019-05-06" in f.message and "ambiguous" in f.message


def test_jurisdiction_decides_the_order_and_the_message_says_so():
    (uk,) = _lint("# Privacy\n\nLast updated: 05/06/2019\n", jurisdictions=["uk"])
    assert "2019-06-05" in uk.message and "day first" in uk.message
    us, ca = _lint("# Privacy\n\nLast updated: 05/06/2019\n", jurisdictions=["us-ca"])
    assert (us.code, ca.code) == ("PL605", "PL803")
    assert "2019-05-06" in us.message and "month first" in us.message


def test_stale_after_months_is_configurable():
    text = "# Privacy\n\nLast updated: 2 October 2025\n"
    assert not _lint(text)
    (f,) = _lint(text, **{"stale-after-months": 6})
    assert f.code == "PL605" and "more than 6 months" in f.message


def test_the_latest_of_several_dates_counts():
    text = "# Privacy\n\nEffective date: 1 March 2019\n\nLast updated: 2 October 2026\n"
    assert not _lint(text)


def test_unreadable_date_is_reported_as_no_date_at_its_place():
    (f,) = _lint("# Privacy\n\nLast updated: 31/31/2020\n")
    assert f.code == "PL606" and f.text == "31/31/2020" and "not a date policylint can read" in f.message


def test_california_notice_gets_both_limits():
    text = "# California notice\n\nLast updated: January 1, 2020\n\nRights under the CCPA.\n"
    codes = [f.code for f in _lint(text)]
    assert codes == ["PL605", "PL803"]


def test_empty_document_has_no_review_date_finding():
    assert not _lint("")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "- ", "* ", "•", "|", "> ", "##", "__", "x", "may", "Mayor", "3", "12 ",
                                 "June", "\n", "\n", "\r\n", "\u2028", "é"]), max_size=40))
def test_lines_that_may_begin_with_a_date_are_the_ones_a_line_anchored_search_finds(pieces):
    import regex

    text = "".join(pieces)
    months = "|".join(f"(?:{p})" for p in MONTHS)
    anchored = regex.compile(rf"^[ \t*_>#|+•·▪◦‣-]*(?=\d|(?:{months})\b)", regex.V0 | regex.I | regex.M)
    assert [m.span() for m in READER.line_starts(text)] == [m.span() for m in anchored.finditer(text)]
