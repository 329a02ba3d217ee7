"""PL605 stale-review-date, PL606 no-review-date, PL607 future-review-date, PL803
ccpa-stale-update: the date a notice says it was last updated or took effect.

Where the date is looked for (the vocabulary is PL605's options in the rules TOML):
- after a `cues` phrase anywhere ("last updated", "effective date", "this policy was
  revised", "version of"), with only a little `between` it and the date;
- after a `line-cues` word that opens a line or a heading, or follows "(" ("Effective
  January 1, 2020", "Privacy Policy (updated July 9, 2015)"), when what follows the date
  is the end of the line or a new sentence (`tail`);
- at the start of a change-log line: a date and a separator, under a heading about
  changes (`changelog-headings`: "Updates", then "22 May 2018: cookie list updated"), or
  followed by a change (`changelog-words`) to the notice (`changelog-subjects`);
- in a heading that names the notice (`titles`): "Privacy Notice - March 2024";
- and, when the prose gives none, in the front matter (`front-matter-keys`).
A cue right after "next", "will", "previous" (`unless`), or after another document's
name in its sentence (`other-documents`: "our Terms (last updated ...)") does not date
this notice.

Of all the dates found, the latest is the notice's review date. A numeric date is read
day first or month first from, in order: the notice's other numeric dates (6/30/2024 can
only be month first), the jurisdiction (UK/EU: day first; US: month first), a dotted
style (05.06.2019: day first). When nothing decides, both readings are kept and a rule
reports only when its verdict holds for both, saying the date is ambiguous. A date that
follows a cue but cannot be read (31/31/2020, "Febtober 2019") counts as no date: PL606
points at it; the other rules stay silent.

Age is counted as the evaluation script and the docs say: whole months between the date's
month and today's, (today.year - year) * 12 + (today.month - month), a year alone counting
as December.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from .. import regexflags as rx
from ..dates import DateMatch, DateReader, Reading, age_text, is_future, months_old
from ..finding import Hit
from ..kinds.common import compiled, pattern_list
from ..patterns import compile_regex_filtered

FRONT_MATTER = compile_regex_filtered(r"\A(?:---|\+\+\+)[ \t]*\r?\n(.*?)(?:\r?\n|\r)(?:---|\.\.\.|\+\+\+)[ \t]*(?:\r?\n|\r|\Z)", rx.S)
LINE_OPENING = compile_regex_filtered(r"[\s*_>#|\-+•·▪◦‣–—]*(?:\(?[a-z0-9]{1,3}[.)]\s+)?$", rx.I)
FIRST_LINE = compile_regex_filtered(r"\S[^\n\r]*")
SEPARATOR = compile_regex_filtered(r"[\s*_]*(?:[:–—|]|-\s|\)\s)")
SAME_LINE = compile_regex_filtered(r"[^\n\r]*")
DIGIT_BEFORE = compile_regex_filtered(r"\d(?!.*\d)", rx.S)
UK_EU, US = ("uk", "eu"), ("us-ca",)
FRONT_MATTER_CUE = "\0front matter"


class Candidate(NamedTuple):
    """A date the notice gives for itself, with how it was found."""

    match: DateMatch
    readings: tuple[Reading, ...]  # one, or two when the order stays undecided
    how: str  # cue, line-cue, changelog, title, front-matter
    effective: bool = False  # found after an "effective" kind of cue
    announced: bool = False  # the cue speaks of the future: "will take effect on"
    order: str = ""  # how an ambiguous numeric date was read, for the message

    @property
    def latest(self) -> tuple[int, int, int]:
        return max(r.sort_key() for r in self.readings)


@dataclass
class Review:
    """What a document says about its own date."""

    chosen: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)
    unreadable: DateMatch | None = None
    cue_text: str = ""  # the cue before the unreadable date


# -- vocabulary ---------------------------------------------------------------------------

def _vocabulary(rule):
    """The rule whose options hold the date vocabulary (PL803 shares PL605's through
    `options-from`)."""
    if "cues" in rule.options:
        return rule
    raise ValueError(f"rule {rule.code} has no date vocabulary (set options-from)")


def _reader(rule) -> DateReader:
    cache = rule.__dict__.setdefault("_compiled", {})
    if "_date_reader" not in cache:
        cache["_date_reader"] = DateReader(pattern_list(rule, "months"))
    return cache["_date_reader"]


def _int_option(rule, key: str, default: int) -> int:
    value = rule.options.get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


# -- finding the date ---------------------------------------------------------------------

def review_of(rule, doc, ctx) -> Review:
    """The document's review date, computed once per document and vocabulary."""
    vocab = _vocabulary(rule)
    cache = vocab.__dict__.setdefault("_compiled", {})
    if "_vocabulary_key" not in cache:  # equal vocabularies share one result
        cache["_vocabulary_key"] = repr(sorted(vocab.options.items()))
    key = ("review-date", cache["_vocabulary_key"], ctx.packs)
    results = doc.derived
    if key not in results:
        results[key] = _review(vocab, doc, ctx)
    return results[key]


def _order(reader: DateReader, doc, ctx) -> tuple[bool | None, str]:
    """Whether numeric dates are day first, and why."""
    hint = reader.numeric_order_hint(doc.prose)
    if hint is not None:
        return hint, ("day first" if hint else "month first") + ", as the notice's other numeric dates"
    packs = ctx.packs
    eu = any(p in packs for p in UK_EU)
    us = any(p in packs for p in US)
    if eu and not us:
        return True, "day first, as dates in UK and EU notices"
    if us and not eu:
        return False, "month first, as dates in US notices"
    return None, ""


def _candidate(m: DateMatch, how: str, order: tuple[bool | None, str], effective: bool = False,
               announced: bool = False) -> Candidate:
    readings = m.readings
    note = ""
    if m.ambiguous:
        day_first, why = order
        if day_first is None and m.separator == ".":
            day_first, why = True, "day first, as dotted dates"
        if day_first is not None:
            readings = readings[:1]  # the reader put the preferred reading first
            note = why
    return Candidate(m, readings, how, effective, announced, note)


def _line_start(prose: str, offset: int) -> int:
    return max(prose.rfind("\n", 0, offset), prose.rfind("\r", 0, offset)) + 1


def _line_end(prose: str, offset: int) -> int:
    ends = [i for i in (prose.find("\n", offset), prose.find("\r", offset)) if i >= 0]
    return min(ends) if ends else len(prose)


def _opens_line(prose: str, offset: int) -> bool:
    return LINE_OPENING.fullmatch(prose, _line_start(prose, offset), offset) is not None


def _about_other_document(rule, doc, start: int) -> bool:
    """Whether the cue at `start` follows another document's name in its sentence, and
    the notice itself is not named there too."""
    a, _ = doc.sentence_at(start)
    lo = max(a, start - 80)
    other = None
    for m in compiled(rule, "other-documents").finditer(doc.prose, lo, start):
        other = m
    if other is None:
        return False
    return compiled(rule, "titles").search(doc.prose, lo, start) is None


def _vetoed(rule, doc, start: int) -> bool:
    """A cue right after "next", "will", "previous" ... in its line and sentence, with no
    number between ("first published in 2015, last updated ..." is not vetoed)."""
    prose = doc.prose
    a, _ = doc.sentence_at(start)
    lo = max(a, _line_start(prose, start), start - 30)
    digit = DIGIT_BEFORE.search(prose, lo, start)
    if digit is not None:
        lo = digit.end()
    return compiled(rule, "unless").search(prose, lo, start) is not None


def _after_cue(rule, reader, doc, cue_end: int, order, gap: int):
    """The date expression a little after a cue, or None."""
    prose = doc.prose
    limit = min(len(prose), cue_end + gap)
    between = compiled(rule, "between")
    # The date starts at the first place where what precedes it is only filler.
    for s in _word_starts(prose, cue_end, limit):
        gap_text = prose[cue_end:s]
        if not between.fullmatch(gap_text):
            continue
        same_line = "\n" not in gap_text and "\r" not in gap_text
        m = reader.match(prose, s, min(len(prose), s + 60), order[0], year_only=same_line)
        if m is not None:
            return m
    return None


WORD_START = compile_regex_filtered(r"(?<![\w.,/-])(?=\w)")


def _word_starts(prose: str, a: int, b: int):
    for m in WORD_START.finditer(prose, a, b):
        yield m.start()


def _cue_kind(rule, cue: str) -> tuple[bool, bool]:
    """(effective, announced) for a cue's text."""
    effective = compiled(rule, "effective")
    announce = compiled(rule, "announce")
    is_effective = effective is not None and effective.search(cue) is not None
    return is_effective, is_effective and announce is not None and announce.search(cue) is not None


def _review(rule, doc, ctx) -> Review:
    reader = _reader(rule)
    prose = doc.prose
    order = _order(reader, doc, ctx)
    gap = _int_option(rule, "max-gap", 40)
    tail = compiled(rule, "tail")
    review = Review()
    found: dict[int, Candidate] = {}

    def add(c: Candidate) -> None:
        if c.match.start not in found:
            found[c.match.start] = c

    def note_unreadable(m: DateMatch, cue: str) -> None:
        if review.unreadable is None:
            review.unreadable, review.cue_text = m, cue

    # 1. Cue phrases anywhere.
    for cue in compiled(rule, "cues").finditer(prose):
        if _vetoed(rule, doc, cue.start()):
            continue
        if not _opens_line(prose, cue.start()) and _about_other_document(rule, doc, cue.start()):
            continue
        m = _after_cue(rule, reader, doc, cue.end(), order, gap)
        if m is None:
            continue
        if not m.readable:
            note_unreadable(m, cue.group(0))
            continue
        kind = _cue_kind(rule, cue.group(0))
        add(_candidate(m, "cue", order, *kind))

    # 2. Cue words that open a line, a heading, or a parenthesis.
    for cue in compiled(rule, "line-cues").finditer(prose):
        s = cue.start()
        block = doc.block_at(s)
        in_heading = block is not None and block.kind == "heading"
        if not (_opens_line(prose, s) or in_heading or prose[max(0, s - 1):s] in ("(", "[")):
            continue
        if _vetoed(rule, doc, s):
            continue
        m = _after_cue(rule, reader, doc, cue.end(), order, gap)
        if m is None:
            continue
        rest = SAME_LINE.match(prose, m.end).group(0)
        if tail is not None and not tail.match(rest) and not in_heading:
            continue
        if not m.readable:
            note_unreadable(m, cue.group(0))
            continue
        add(_candidate(m, "line-cue", order, *_cue_kind(rule, cue.group(0))))

    # 3. Change-log lines: a date, a separator, then a change.
    words = compiled(rule, "changelog-words")
    headings = compiled(rule, "changelog-headings")
    subjects = compiled(rule, "changelog-subjects")
    for start in reader.line_starts(prose):
        s = start.end()  # past bullets and blanked markup
        line_end = _line_end(prose, s)
        m = reader.match(prose, s, line_end, order[0])
        if m is None or not m.readable or m.style == "year":
            continue
        sep = SEPARATOR.match(prose, m.end, line_end)
        if sep is None:
            continue
        rest_start = sep.end()
        if headings is not None and any(headings.search(title) for title in _titles_above(doc, reader, s)):
            changed = True  # a dated line in a section about changes
        else:
            changed = (words is not None and subjects is not None
                       and words.search(prose, rest_start, line_end) is not None
                       and subjects.search(prose, rest_start, line_end) is not None)
        if changed:
            add(_candidate(m, "changelog", order))

    # 4. A heading (or the first line) that names the notice and holds a date.
    titles = compiled(rule, "titles")
    spans = [(b.start, b.end) for b in doc.headings]
    first = FIRST_LINE.search(prose)
    if first is not None and len(first.group(0)) <= 120:
        spans.append((first.start(), first.end()))
    for a, b in spans:
        if titles is None or not titles.search(prose, a, b):
            continue
        for m in reader.finditer(prose, a, b, order[0]):
            if m.readable:
                add(_candidate(m, "title", order))

    # 5. Front matter, when the prose gives no date.
    if not found and doc.format == "markdown":
        m = _front_matter_date(rule, reader, doc.source, order)
        if m is not None:
            if m.readable:
                add(_candidate(m, "front-matter", order))
            else:
                note_unreadable(m, FRONT_MATTER_CUE)

    review.candidates = sorted(found.values(), key=lambda c: c.match.start)
    if review.candidates:
        review.chosen = max(review.candidates, key=lambda c: (c.latest, -c.match.start))
    return review


def _titles_above(doc, reader, offset: int) -> list[str]:
    """The headings above `offset`: its section; the nearest heading before it that is not
    itself a dated line (plain text may take each dated line for a heading); and the
    first line of its block when that is a short title glued to the lines below it."""
    block = doc.block_at(offset)
    if block is None:
        return []
    titles = list(block.section)
    i = doc.blocks.index(block)
    while i > 0:
        i -= 1
        before = doc.blocks[i]
        if before.kind != "heading":
            break
        if reader.match(doc.prose, before.start, before.end) is None:
            titles.append(doc.text_of(before))
            break
    first_end = _line_end(doc.prose, block.start)
    if first_end < offset and first_end - block.start <= 60:
        titles.append(doc.prose[block.start:first_end])
    return titles


def _front_matter_date(rule, reader, source: str, order) -> DateMatch | None:
    fm = FRONT_MATTER.match(source)
    if fm is None:
        return None
    body_start = fm.start(1)
    body = fm.group(1)
    best = None
    for rank, key in enumerate(pattern_list(rule, "front-matter-keys")):
        line = compile_regex_filtered(rf"^[ \t]*(?:{key})[ \t]*[:=][ \t]*[\"']?(?P<value>[^\"'\r\n#]*?)[\"']?[ \t]*(?:#.*)?$",
                             rx.I | rx.M)
        for m in line.finditer(body):
            value = m.group("value")
            if not value:
                continue
            d = reader.parse(value, order[0], year_only=True)
            start = body_start + m.start("value")
            if d is None:
                continue
            d = DateMatch(start + d.start, start + d.end, d.text, d.style, d.readings, d.separator)
            if best is None or (d.readable and not best[1].readable):
                best = (rank, d)
            break
        if best is not None and best[1].readable:
            break
    return None if best is None else best[1]


# -- messages -----------------------------------------------------------------------------

def _reading_text(c: Candidate) -> str:
    """' (2018-05-15)' to show how the date was read; '' when it is written that way."""
    text = " or ".join(r.iso() for r in c.readings)
    return "" if text == c.match.text.strip() else f" ({text})"


def _note(c: Candidate) -> str:
    if len(c.readings) > 1:
        return (" (the date is ambiguous: nothing in the notice tells whether the day or the month "
                "comes first; write the month in words)")
    if c.order:
        return f" (read {c.order} are written; write the month in words so no one misreads it)"
    return ""


def _args(c: Candidate, months: int, limit: int) -> dict:
    return {
        "date": c.match.text,
        "reading": _reading_text(c),
        "age": ("at least " if len(c.readings) > 1 else "") + age_text(months),
        "months": months,
        "limit": limit,
        "note": _note(c),
    }


def _too_old(rule, doc, ctx, limit: int):
    review = review_of(rule, doc, ctx)
    c = review.chosen
    if c is None:
        return
    ages = [months_old(r, ctx.today) for r in c.readings]
    if all(a > limit for a in ages):
        yield Hit(c.match.start, c.match.end, _args(c, min(ages), limit))


# -- the rules ----------------------------------------------------------------------------

def stale_review_date(rule, doc, ctx):
    """PL605: the review date is more than stale-after-months months old."""
    yield from _too_old(rule, doc, ctx, ctx.stale_after_months)


def ccpa_stale_update(rule, doc, ctx):
    """PL803: a California notice last updated more than `max-months` (12) months ago."""
    yield from _too_old(rule, doc, ctx, _int_option(rule, "max-months", 12))


def no_review_date(rule, doc, ctx):
    """PL606: no readable review date at all."""
    if not doc.prose.strip():
        return
    review = review_of(rule, doc, ctx)
    if review.chosen is not None:
        return
    if review.unreadable is not None:
        m = review.unreadable
        where = "in the front matter" if review.cue_text == FRONT_MATTER_CUE else f"after '{review.cue_text}'"
        problem = f"'{m.text}' {where} is not a date policylint can read"
        yield Hit(m.start, m.end, {"problem": problem})
    else:
        yield Hit(0, 0, {"problem": "the notice gives no 'last updated' or effective date"})


def future_review_date(rule, doc, ctx):
    """PL607: the review date lies after today (with a day's grace for time zones: a
    notice dated tomorrow may already be today where it was written)."""
    review = review_of(rule, doc, ctx)
    c = review.chosen
    horizon = ctx.today + timedelta(days=1)
    if c is None or not all(is_future(r, horizon) for r in c.readings):
        return
    if c.effective and (c.announced or any(
        o is not c and not any(is_future(r, horizon) for r in o.readings) for o in review.candidates
    )):
        return  # a new version announced ahead of the day it applies
    args = _args(c, 0, 0)
    args["today"] = ctx.today.isoformat()
    yield Hit(c.match.start, c.match.end, args)
