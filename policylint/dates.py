"""Reading dates the way privacy notices write them.

Pure functions and small value types, no knowledge of rules or documents. A `DateReader`
is built from twelve month-name patterns (January first; the rules keep them in their
TOML options) and reads a date expression that starts at a given offset of a text:

    15th May 2018   15 May 2018   1st of May, 2018   15-May-2018
    May 24, 2018    May 24th 2018   March 2018   Sept. 2019
    2018-05-15      2018/05/15    2017-08-05T14:28:13-05:00   2018-05   06/2021
    14/07/2022      14.07.2022    11/16/10     05/06/2019 (ambiguous)
    2019            (a year alone, only when the caller allows it)

A numeric date such as 05/06/2019 has two readings (5 June or 6 May). Each match keeps
every valid reading, the preferred one first: day first when `day_first` is true,
month first when it is false; with no preference, day first is listed first and the
match is `ambiguous`, so the caller decides. A reading that is impossible (31/31/2020,
month 13) is dropped: 12/31/2020 is not ambiguous, it is 31 December. Text shaped like a
date that has no valid reading ("31/31/2020", "Febtober 2019") is returned as a match
with no readings, so a caller can say it cannot read it; nothing here raises on input.
"""
from __future__ import annotations

import calendar
from datetime import date
from typing import Iterator, NamedTuple, Sequence

from . import regexflags as rx
from .patterns import compile_regex_filtered

FLAGS = rx.VERSION0 | rx.IGNORECASE
ORDINAL = r"(?:st|nd|rd|th)"
TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?Z|\s?[+-]\d{2}:?\d{2})?)?"
# A number that belongs to something longer (a version, an IP address, a phone number).
NO_MORE_DIGITS = r"(?![.,/-]?\d)"
YEAR_MIN, YEAR_MAX = 1900, 2999
WORD_START = compile_regex_filtered(r"(?<![\w.,/-])(?=\w)", FLAGS)
TWO_DIGIT_PIVOT = 69  # as strptime's %y: 00-68 are 2000-2068, 69-99 are 1969-1999


class Reading(NamedTuple):
    """One calendar reading of a date expression; month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """'2018-05-15', '2018-05' or '2018'."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        """For ordering: an unknown month counts as December, an unknown day as the last."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)


class DateMatch(NamedTuple):
    """A date expression found in a text: its span and its valid readings."""

    start: int
    end: int
    text: str
    style: str  # iso, numeric, day-month, month-day, month-year, year-month, numeric-month, year, unreadable
    readings: tuple[Reading, ...]  # preferred first; empty when no reading is valid
    separator: str = ""  # for numeric dates: "/", "." or "-"

    @property
    def readable(self) -> bool:
        return bool(self.readings)

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    @property
    def reading(self) -> Reading | None:
        return self.readings[0] if self.readings else None


def valid(year: int, month: int | None, day: int | None = None) -> bool:
    """Whether year-month-day is a real calendar date (month and day may be None)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def full_year(text: str) -> int:
    """A two- or four-digit year as a four-digit one."""
    y = int(text)
    if len(text) <= 2:
        return 2000 + y if y < TWO_DIGIT_PIVOT else 1900 + y
    return y


def numeric_readings(a: int, b: int, year: int, day_first: bool | None) -> tuple[Reading, ...]:
    """The valid readings of a/b/year, the preferred order first (day first when None)."""
    dmy = Reading(year, b, a) if valid(year, b, a) else None
    mdy = Reading(year, a, b) if valid(year, a, b) else None
    if dmy and mdy and dmy == mdy:
        return (dmy,)
    ordered = (mdy, dmy) if day_first is False else (dmy, mdy)
    return tuple(r for r in ordered if r is not None)


class DateReader:
    """Reads date expressions, given the twelve month-name patterns (January first)."""

    def __init__(self, months: Sequence[str]) -> None:
        months = list(months)
        if len(months) != 12:
            raise ValueError(f"need 12 month patterns, January first (got {len(months)})")
        self._months = [compile_regex_filtered(rf"(?:{p})", FLAGS) for p in months]
        mon = "|".join(f"(?:{p})" for p in months)
        mon = rf"(?P<mon>{mon})\b\.?"
        day = rf"(?P<day>[0-3]?\d){ORDINAL}?"
        year4 = r"(?P<year>\d{4})(?!\d)"
        self._patterns = [
            ("iso", compile_regex_filtered(
                rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<a>\d{{1,2}})(?P=sep)(?P<b>\d{{1,2}}){TIME}{NO_MORE_DIGITS}", FLAGS)),
            ("numeric", compile_regex_filtered(
                rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}}){NO_MORE_DIGITS}", FLAGS)),
            ("day-month", compile_regex_filtered(
                rf"{day}(?:\s+day)?(?:\s+of)?(?:\s+|\s*-\s*){mon},?(?:\s+|\s*-\s*){year4}", FLAGS)),
            ("month-day", compile_regex_filtered(rf"{mon}\s+{day},?\s+{year4}", FLAGS)),
            ("month-year", compile_regex_filtered(rf"{mon},?\s+(?:of\s+)?{year4}", FLAGS)),
            ("year-month", compile_regex_filtered(r"(?P<year>\d{4})(?P<sep>[-/])(?P<a>\d{2})(?![-/.]?\d)", FLAGS)),
            ("numeric-month", compile_regex_filtered(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<year>\d{4})(?![-/.]?\d)", FLAGS)),
        ]
        # Shaped like a date but not one: a capitalised word that is not a month before a
        # year ("Febtober 2019", "Febtober 3, 2019"), or a day before such a word.
        self._unreadable = compile_regex_filtered(
            r"(?:\d{1,2}" + ORDINAL + r"?(?:\s+of)?\s+)?(?-i:[A-Z][a-z]{2,11})\.?"
            r"(?:\s+\d{1,2}" + ORDINAL + r"?)?,?\s+\d{4}(?!\d)", FLAGS)
        self._numeric_shape = compile_regex_filtered(
            r"(?<![\d.,/-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + NO_MORE_DIGITS,
            FLAGS)
        # Where a line's first word could begin a date (after bullets and blanked markup),
        # matched at the start of a line (see line_starts).
        self._line_start = compile_regex_filtered(rf"[ \t*_>#|+•·▪◦‣-]*+(?=\d|(?:{'|'.join(f'(?:{p})' for p in months)})\b)",
                                                  FLAGS)
        self._year = compile_regex_filtered(r"(?P<year>(?:19|20|21)\d{2})(?![\d/.-]?\d)(?!-)", FLAGS)

    def line_starts(self, text: str) -> Iterator:
        """A match for each line whose first word could begin a date; its end is there.

        Tried where each line starts: searched for as a ^ pattern, it was tried at every
        character of the prose, and backtracked through each run of blanked markup."""
        match = self._line_start.match
        find = text.find
        at = 0
        while True:
            m = match(text, at)
            if m is not None:
                yield m
            at = find("\n", at) + 1
            if not at:
                return

    def month_number(self, name: str) -> int | None:
        for i, pattern in enumerate(self._months, 1):
            if pattern.fullmatch(name):
                return i
        return None

    def match(self, text: str, pos: int = 0, endpos: int | None = None,
              day_first: bool | None = None, year_only: bool = False) -> DateMatch | None:
        """The date expression starting exactly at `pos`, or None when there is none.

        A year alone ("2019") is read only when `year_only` is true: a bare number is a
        date only where the caller knows a date is expected.
        """
        endpos = len(text) if endpos is None else min(endpos, len(text))
        if pos >= endpos:
            return None
        for style, pattern in self._patterns:
            m = pattern.match(text, pos, endpos)
            if m is None:
                continue
            readings = self._readings(style, m, day_first)
            if not readings and style in ("month-day", "day-month"):
                continue  # "May 40, 2018": let a shorter shape or the unreadable one speak
            return DateMatch(m.start(), m.end(), m.group(0), style if readings else "unreadable",
                             readings, m.groupdict().get("sep") or "")
        m = self._unreadable.match(text, pos, endpos)
        if m is not None:
            return DateMatch(m.start(), m.end(), m.group(0), "unreadable", ())
        if year_only:
            m = self._year.match(text, pos, endpos)
            if m is not None:
                return DateMatch(m.start(), m.end(), m.group(0), "year", (Reading(int(m.group("year"))),))
        return None

    def _readings(self, style: str, m, day_first: bool | None) -> tuple[Reading, ...]:
        try:
            if style == "iso":
                y, mo, d = int(m.group("year")), int(m.group("a")), int(m.group("b"))
                return (Reading(y, mo, d),) if valid(y, mo, d) else ()
            if style in ("year-month", "numeric-month"):
                y, mo = int(m.group("year")), int(m.group("a"))
                return (Reading(y, mo),) if valid(y, mo) else ()
            if style == "numeric":
                y = full_year(m.group("year"))
                return numeric_readings(int(m.group("a")), int(m.group("b")), y, day_first)
            mo = self.month_number(m.group("mon").rstrip("."))
            y = int(m.group("year"))
            d = int(m.group("day")) if style in ("day-month", "month-day") else None
            return (Reading(y, mo, d),) if mo is not None and valid(y, mo, d) else ()
        except (ValueError, OverflowError, IndexError):
            return ()

    def parse(self, text: str, day_first: bool | None = None, year_only: bool = True) -> DateMatch | None:
        """Read `text` as a whole (surrounding spaces allowed) as one date expression."""
        stripped = text.strip()
        offset = len(text) - len(text.lstrip())
        m = self.match(stripped, 0, None, day_first, year_only)
        if m is None or m.end != len(stripped):
            return None
        return DateMatch(m.start + offset, m.end + offset, m.text, m.style, m.readings, m.separator)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None,
                 day_first: bool | None = None) -> Iterator[DateMatch]:
        """Every date expression (not a year alone) in text[pos:endpos], left to right."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = WORD_START
        i = pos
        while i < endpos:
            s = starts.search(text, i, endpos)
            if s is None:
                return
            m = self.match(text, s.start(), endpos, day_first)
            if m is not None:
                yield m
                i = m.end
            else:
                i = s.start() + 1

    def numeric_order_hint(self, text: str) -> bool | None:
        """Whether the numeric dates of `text` are written day first (True), month first
        (False), or cannot tell (None): decided by dates only one order can read
        (30/06/2024 is day first, 6/30/2024 month first); None when both kinds occur."""
        day_first = month_first = False
        for m in self._numeric_shape.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            y = full_year(m.group("year"))
            readings = numeric_readings(a, b, y, None)
            if len(readings) != 1 or a == b:
                continue
            if readings[0] == Reading(y, b, a):
                day_first = True
            else:
                month_first = True
        if day_first == month_first:
            return None
        return day_first


def months_old(reading: Reading, today: date) -> int:
    """Whole calendar months from the reading's month to today's; a year alone counts as
    December of that year: (today.year - year) * 12 + (today.month - month)."""
    return (today.year - reading.year) * 12 + (today.month - (reading.month or 12))


def is_future(reading: Reading, today: date) -> bool:
    """Whether the reading lies after today, at the precision it is written in."""
    if reading.month is None:
        return reading.year > today.year
    if reading.day is None:
        return (reading.year, reading.month) > (today.year, today.month)
    return (reading.year, reading.month, reading.day) > (today.year, today.month, today.day)


def age_text(months: int) -> str:
    """'7 months', '1 year', '3 years and 2 months'."""
    years, rest = divmod(max(0, months), 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " and ".join(parts)
