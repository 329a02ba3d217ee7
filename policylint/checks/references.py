"""PL604 dangling-reference: the notice points the reader to a part of itself that is not there.

Three kinds of pointer are checked:

- numbered parts: "see section 12", "Appendix 1", "Schedule 2", "paragraph 4 below". The
  part exists when a heading, a line or a numbered list item starts with its number
  ("12. Contact us", "Appendix 1 - Our group companies"), or an ordered list is that long.
  A pointer into another document ("section 3 of our Terms", "Article 6 of the GDPR",
  "Civil Code section 1798.100", "Section 5 of the Defamation Act") is not checked.
- named parts: "the 'What are my rights?' section below", "the Definitions section of this
  notice", "the section titled ... above". The part exists when a heading, a short line,
  a bold run-in title or the opening words of a paragraph carry that title.
- "the address at the bottom of this policy", "the contact details below": there must be
  an address, email, phone number or contact link after the pointer.

The words that mark a pointer as internal or external are the rule's options.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import regexflags as rx
from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import compile_fast, compile_regex_filtered, escape
from .contacts import EMAIL, PHONE, UK_POSTCODE, URL, US_ADDRESS

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
NUM = r"(?:\d{1,3}(?:\.\d{1,3})*[a-z]?|[IVXLC]{1,6}\b|[A-Z]\b)"
LEADING_NUMBER = compile_regex_filtered(r"[0-9]+")  # of "22A", "1798.100", "4(b)"
NUMBERED = compile_fast(
    rf"\b(?P<kind>sections?|clauses?|paragraphs?|paras?\.?|parts?|appendix|appendices|annexe?s?|schedules?|"
    rf"exhibits?|attachments?|chapters?|articles?|points?|items?)\s+(?P<num>{NUM})(?:\([a-z0-9]{{1,4}}\))*",
    re.I,
)
# Kinds that are ordinary words too ("part of", "point 3 of a plan"), or that mostly cite law
# (Article 6 GDPR): they count only with "above", "below" or "of this notice".
WEAK_KINDS = ("part", "parts", "point", "points", "item", "items", "article", "articles")
QUOTED_TITLE = r"(?<![\p{L}\d])[\"“”‘'’«](?=\S)(?P<title>[^\"“”‘’«»\n]{2,100}?)(?<=\S)[\"”“’'‘»](?![\p{L}\d])"
NAMED = [
    # the "What are my rights?" section
    compile_regex_filtered(rf"(?:\bthe\s+)?{QUOTED_TITLE}\s+(?:section|heading|part|chapter|paragraph|clause)s?\b", rx.I),
    # the section entitled "Your rights"; section "Cookies"
    compile_regex_filtered(rf"\b(?:section|heading|part|chapter|paragraph|clause)\s+(?:(?:entitled|titled|called|headed|named|on)\s+)?{QUOTED_TITLE}", rx.I),
    # the section titled What we collect above (no quotes: up to "above"/"below")
    compile_regex_filtered(r"\b(?:section|heading|part|chapter)\s+(?:entitled|titled|called|headed|named)\s+(?P<title>[^\n.;\"“”]{3,100}?)\s*(?=\b(?:above|below)\b)", rx.I),
    # under "Your rights" below / see "Cookies" above
    compile_regex_filtered(rf"\b(?:see|under|in|at)\s+(?:the\s+)?{QUOTED_TITLE}(?:\s*,)?\s+(?=(?:above|below)\b)", rx.I),
    # the Definitions section of this notice; the cookies section below
    compile_regex_filtered(r"(?-i:\bthe\s+(?P<title>(?:[\p{Lu}][\p{L}'’&-]*\s+){0,5}[\p{Lu}][\p{L}'’&-]*))\s+(?i:sections?)\b"),
    compile_regex_filtered(r"\bthe\s+(?P<title>[\p{Ll}][\p{L}'’-]*(?:\s+(?:and|of|your|our|the|[\p{L}'’-]+)){0,3}?)\s+sections?\s+(?=(?:above|below|of\s+this\s+(?:privacy\s+)?(?:policy|notice|statement|document|page))\b)", rx.I),
    # the section below on Compelled Disclosure
    compile_regex_filtered(r"\bthe\s+sections?\s+(?:above|below)\s+(?:on|about|headed|titled|entitled|called)\s+(?P<title>(?:[\p{Lu}][\p{L}'’&-]*\s*){1,6})", rx.I),
]
UNQUOTED = 4  # NAMED[4:] name a part without quotes
LOCATOR = compile_regex_filtered(
    r"\b(?P<what>(?:postal\s+|business\s+|mailing\s+|e-?mail\s+)?address|contact\s+details|e-?mail|phone\s+number|telephone\s+number)\s+"
    r"(?:(?:given|set\s+out|listed|shown|provided|found|printed|written)\s+)?"
    r"(?:(?:at|in|on)\s+the\s+(?:very\s+)?(?:bottom|end|foot|footer)\s+of\s+(?:this|the)\s+(?:privacy\s+)?"
    r"(?:policy|notice|page|document|statement)\b|below\b)",
    rx.I,
)
LINE_START_NUMBER = compile_regex_filtered(
    r"^[ \t>|*_#-]*(?:\*\*|__)?[ \t]*(?:(?P<kind>[A-Za-z]+)[ \t]+)?(?P<num>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])"
    r"(?=[ \t]*\\?(?:[.):–—-]|$)|[ \t]+(?:\*\*|__)?[\p{Lu}\d\"“‘(])",
    rx.M,
)
BOLD = compile_regex_filtered(r"\*\*([^*\n]{2,120})\*\*|__([^_\n]{2,120})__")
NORMALISE_WORD = {"my": "your", "mine": "your", "yours": "your", "our": "your", "i": "you", "me": "you", "we": "you", "us": "you"}


NORM_WORD = compile_regex_filtered(r"[\p{L}\d]+")
TITLE_NUMBER = compile_regex_filtered(
    r"^(?:(?:section|part|clause|chapter|article|appendix|annex|schedule)\s+)?(?:\d+\s+)*"
    r"(?:(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xv)\s+(?=\S))?")
RUN_IN_TITLE = compile_regex_filtered(r"[^.:!?\n]{2,120}[.:!?]")
ABOVE_OR_BELOW = compile_regex_filtered(r"\b(?:above|below)\b", rx.I)


def _norm(text: str) -> str:
    return " ".join(map(_norm_word, NORM_WORD.findall(text.lower())))


@lru_cache(maxsize=8192)
def _norm_word(word: str) -> str:
    """A word as titles are compared: "our" as "your", a plural as its singular. A notice
    uses a few hundred words, over and over: each is worked out once."""
    word = NORMALISE_WORD.get(word, word)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _strip_number(norm: str) -> str:
    return TITLE_NUMBER.sub("", norm)


def _roman(text: str) -> int | None:
    t = text.lower()
    if not t or any(c not in ROMAN for c in t):
        return None
    total = 0
    for i, c in enumerate(t):
        v = ROMAN[c]
        total += -v if i + 1 < len(t) and ROMAN[t[i + 1]] > v else v
    return total


def _number_key(num: str) -> str:
    """'12' -> '12', 'IV' -> '4', 'B' -> 'b', '3.2' -> '3.2'."""
    num = num.rstrip(".")
    r = _roman(num) if num.isupper() and (len(num) > 1 or num in "IVX") else None
    return str(r) if r is not None else num.lower()


def _numbered_parts(doc) -> set[tuple[str, str]]:
    """(kind or '', number) of every line that starts with a number."""
    cache = doc.derived
    if "references.numbered" in cache:
        return cache["references.numbered"]
    found: set[tuple[str, str]] = set()
    for m in LINE_START_NUMBER.finditer(doc.source):
        kind = (m.group("kind") or "").lower()
        num = m.group("num")
        if kind and kind not in ("section", "clause", "paragraph", "para", "part", "appendix", "annex", "annexe",
                                 "schedule", "exhibit", "attachment", "chapter", "article", "point", "item", "step"):
            continue
        if not kind and len(num) == 1 and num.isalpha() and num not in "IVX":
            continue  # "A " opening a sentence
        key = _number_key(num)
        found.add((_kind_key(kind), key))
        for part in range(1, key.count(".") + 1):  # "3.2" shows there is a section 3
            found.add(("", key.rsplit(".", part)[0]))
    cache["references.numbered"] = found
    return found


def _kind_key(kind: str) -> str:
    kind = kind.lower().rstrip(".")
    for stem in ("appendi", "annex", "schedule", "exhibit", "attachment"):
        if kind.startswith(stem):
            return stem
    return ""


def _numbered_exists(doc, kind: str, num: str) -> bool:
    found = _numbered_parts(doc)
    key = _number_key(num)
    kk = _kind_key(kind)
    if kk:
        if (kk, key) in found:
            return True
        # a heading that names it anywhere: "Our group companies (Appendix 1)"
        named = compile_regex_filtered(rf"\b{kk}\w*\s+{escape(num.rstrip('.'))}\b", rx.I)
        return any(named.search(doc.text_of(h)) for h in doc.headings)
    if ("", key) in found or any(k == key for _, k in found):
        return True
    return key.isdigit() and int(key) <= doc.last_list_number  # an ordered list that long


def _titles(doc) -> list[tuple[int, int, str]]:
    """(start, end, normalised text without its number) of everything that can title a
    part of the notice, but those that are only a number."""
    cache = doc.derived
    if "references.titles" in cache:
        return cache["references.titles"]
    out: list[tuple[int, int, str]] = []
    prose = doc.prose
    for block in doc.blocks:
        text = doc.text_of(block)
        if block.kind == "heading" or len(text) <= 120:
            out.append((block.start, block.end, _norm(text)))
        else:
            # the opening words of a paragraph: a run-in title ("Retention. We keep ...")
            head = RUN_IN_TITLE.match(prose[block.start:block.end])
            if head:
                out.append((block.start, block.start + head.end(), _norm(head.group(0))))
    # lines of a plain-text file (its headings are guesses) and bold run-in titles
    pos = 0
    for line in doc.source.splitlines(keepends=True):
        text = prose[pos:pos + len(line)].strip()
        if text and len(text) <= 120:
            out.append((pos, pos + len(line), _norm(text)))
        pos += len(line)
    if doc.format == "markdown":
        for m in BOLD.finditer(doc.source):
            out.append((m.start(), m.end(), _norm(m.group(1) or m.group(2))))
    out = [(a, b, stripped) for a, b, text in out if (stripped := _strip_number(text))]
    cache["references.titles"] = out
    return out


def _title_exists(doc, title: str, ref_start: int, ref_end: int) -> bool:
    want = _strip_number(_norm(title))
    if not want:
        return True
    padded = f" {want} "
    for a, b, text in _titles(doc):
        if a <= ref_start < b or a < ref_end <= b:
            continue  # the pointer's own line
        if padded in f" {text} ":
            return True
        if f" {text} " in padded and len(text) >= 0.6 * len(want):
            return True
    return False


def _tail(doc, end: int, n: int = 70) -> str:
    a, b = doc.sentence_at(end - 1)
    return " ".join(doc.prose[end:min(b, end + n)].split())


def _head(doc, start: int, n: int = 50) -> str:
    a, _ = doc.sentence_at(start)
    return " ".join(doc.prose[max(a, start - n):start].split())


# "Schedule 1, Part 1, paragraph 3 of the DPA 2018": a chain of further numbers before "of".
CHAIN = compile_regex_filtered(
    r"^(?:\s*(?:,|and|or|&|to)?\s*(?:(?:sub-?)?(?:sections?|clauses?|paragraphs?|paras?\.?|parts?|schedules?|articles?|"
    r"chapters?|points?|items?|annexe?s?|appendix|appendices)\s+)?\(?(?:\d{1,4}(?:\.\d+)*[a-z]?|[ivxlc]{1,5}|(?-i:[A-Z]))\)?"
    r"(?:\([a-z0-9]{1,4}\))*(?=[\s,;.)]|$))+",
    rx.I,
)


def _points_inside(rule, doc, start: int, end: int) -> bool | None:
    """True: the pointer says it is in this notice ("above", "of this policy"); False: it
    points into another document or law; None: it does not say."""
    tail, head = _tail(doc, end), _head(doc, start)
    chain = CHAIN.match(tail)
    if chain:
        tail = tail[chain.end():]
    if compiled(rule, "external-law-after").match(tail):
        return False
    if compiled(rule, "external-before").search(head):
        return False
    if compiled(rule, "here").match(tail):
        return True
    if compiled(rule, "external-after").match(tail):
        return False
    return None


def _contact_after(doc, offset: int, what: str) -> bool:
    """Whether a contact detail of the kind pointed to follows `offset`."""
    prose = doc.prose
    if "contact" in what.lower() and URL.search(prose, offset):
        return True
    for pattern in (EMAIL, PHONE, UK_POSTCODE, US_ADDRESS):
        if pattern.search(prose, offset):
            return True
    return any(link.start >= offset and link.target.lower().startswith(("mailto:", "tel:")) for link in doc.links)


def dangling_reference(rule, doc, ctx):
    prose = doc.prose
    hits: list[tuple[int, int, str]] = []
    for m in NUMBERED.finditer(prose):
        kind = m.group("kind").lower().rstrip(".")
        num = m.group("num")
        if num.isalpha() and len(num) == 1 and num not in "IVX" and _kind_key(kind) == "":
            continue  # "part A" of something; letters only name appendices and schedules
        leading = LEADING_NUMBER.match(num)
        if leading and int(leading.group()) > 60:
            continue  # section 1798.100, Section 230: statute numbering
        inside = _points_inside(rule, doc, m.start(), m.end())
        if inside is False:
            continue
        if inside is None and kind in WEAK_KINDS:
            continue
        if _numbered_exists(doc, kind, num):
            continue
        hits.append((m.start(), m.end(), "numbered"))
    for index, pattern in enumerate(NAMED):
        for m in pattern.finditer(prose):
            title = m.group("title").strip(" ,.:;")
            if not title or len(title) < 3 or compiled(rule, "not-titles").fullmatch(title):
                continue
            if any(a <= m.start() < b for a, b, _ in hits):
                continue
            if ABOVE_OR_BELOW.search(m.group(0)):
                inside = True
            else:
                inside = _points_inside(rule, doc, m.start(), m.end())
            if inside is False or (inside is None and index >= UNQUOTED):
                continue  # an unquoted name may be a screen of an app ("the Settings section")
            if inside is None and compiled(rule, "interface-before").search(_head(doc, m.start(), 80)):
                continue  # "go to the 'Privacy' section": a screen of the app or site
            if _title_exists(doc, title, m.start(), m.end()):
                continue
            hits.append((m.start(), m.end(), "named"))
    for m in LOCATOR.finditer(prose):
        if not _contact_after(doc, m.end(), m.group("what")):
            hits.append((m.start(), m.end(), "locator"))
    for a, b, _ in sorted(hits):
        yield Hit(a, b, {"match": " ".join(doc.source[a:b].split())})
