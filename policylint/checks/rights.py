"""The reader's rights and how to use them (UK GDPR / GDPR Art. 13(2)(b)-(f), DPA 2018 s.164A).

PL311 rights-incomplete: which of the rights of access, rectification, erasure,
restriction, objection and portability the notice never tells the reader about.
PL312 no-withdraw-consent: the notice relies on consent but never says it can be withdrawn.
PL313 no-complaint-right: no right to complain to a supervisory authority.
PL315 automated-decisions-unexplained: automated decisions or profiling without the logic,
the consequences or a way to have a person review them.
PL317 no-complaints-process: no way to complain to the organisation itself.

How a right counts as "told to the reader" (`mentioned_rights`, shared with PL804): a
phrasing of the right (the `rights` table of the rule's options, one list of patterns per
right, less the `idioms` that only look like one: "access our website", "delete cookies",
"opt out of marketing") in a sentence that speaks of what the reader may do (`reader-can`:
"you can", "you have the right", "ask us to", "if you request"), or anywhere in a section
whose heading is about rights (`rights-heading`), or in a list introduced by such a
sentence ("You have the right to:"). A heading counts only when it is itself about rights
or sits in a rights section: a "Data retention and deletion" heading is not a right to
erasure. All vocabularies are options of the rule in its TOML entry.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date

from ..document import HEADING, LIST_ITEM
from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import any_of


# ---------------------------------------------------------------- shared helpers


def pattern_table(rule, key: str) -> dict:
    """{name: compiled pattern} for an option that is a table of pattern lists."""
    cache = rule.__dict__.setdefault("_compiled", {})
    ck = ("table", key)
    if ck not in cache:
        table = rule.options.get(key, {}) or {}
        case = rule.options.get("case-sensitive", False)
        out = {}
        for name, pats in table.items():
            pats = [pats] if isinstance(pats, str) else list(pats)
            if pats:
                out[name] = any_of(pats, case)
        cache[ck] = out
    return cache[ck]


def idiom_spans(rule, doc, key: str = "idioms") -> list[tuple[int, int]]:
    """Spans of the prose that only look like the thing a rule looks for."""
    pattern = compiled(rule, key)
    if pattern is None:
        return []
    ck = ("idioms", id(rule.options.get(key)))
    cache = doc.derived
    if ck not in cache:
        cache[ck] = [(m.start(), m.end()) for m in pattern.finditer(doc.prose) if m.end() > m.start()]
    return cache[ck]


def _overlaps(spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _search(pattern, text: str, a: int = 0, b: int | None = None):
    if pattern is None:
        return None
    return pattern.search(text, a, len(text) if b is None else b)


def in_section(rule, block, key: str, own: bool = False) -> bool:
    """Whether a heading above `block` (or, with own=True, the block's own heading)
    matches the option `key`."""
    pattern = compiled(rule, key)
    if pattern is None or block is None or not block.section:
        return False
    titles = block.section
    if block.kind == HEADING and not own:
        titles = titles[:-1]
    return any(pattern.search(t) for t in titles)


def lead_in(doc, block):
    """For a list item, the paragraph that introduces its list (None if there is none)."""
    if block is None or block.kind != LIST_ITEM:
        return None
    cache = doc.derived
    key = ("rights", "block-index")
    if key not in cache:
        cache[key] = {id(b): i for i, b in enumerate(doc.blocks)}
    i = cache[key][id(block)]
    while i > 0 and doc.blocks[i - 1].kind == LIST_ITEM:
        i -= 1
    if i == 0:
        return None
    prev = doc.blocks[i - 1]
    return None if prev.kind == HEADING else prev


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- rights (PL311, PL804)

def _reader_sentence(rule, doc, a: int, b: int) -> bool:
    return _search(compiled(rule, "reader-can"), doc.prose, a, b) is not None


def _foreign(rule, block) -> bool:
    """Whether `block` sits in a section about another jurisdiction's rights
    (`foreign-section`) and not also about this one's (`home-section`)."""
    if not in_section(rule, block, "foreign-section", own=True):
        return False
    return not in_section(rule, block, "home-section", own=True)


def _counts(rule, doc, start: int) -> bool:
    """Whether a phrasing of a right at `start` is told to the reader as a right."""
    block = doc.block_at(start)
    if _foreign(rule, block):
        return False
    if block is not None and block.kind == HEADING:
        # A heading counts when it is about rights, or sits in a rights section.
        title = doc.prose[block.start:block.end]
        return (_search(compiled(rule, "rights-heading"), title) is not None
                or in_section(rule, block, "rights-heading"))
    if in_section(rule, block, "rights-heading"):
        return True
    a, b = doc.sentence_at(start)
    if _reader_sentence(rule, doc, a, b):
        return True
    intro = lead_in(doc, block)
    if intro is not None:
        ia, ib = intro.start, intro.end
        text = doc.prose[ia:ib]
        if text.rstrip().endswith(":") and _reader_sentence(rule, doc, ia, ib):
            return True
    return False


def mentioned_rights(rule, doc) -> dict[str, int]:
    """{right: offset of its first mention} for the rights told to the reader."""
    ck = ("rights", id(rule.options.get("rights")))
    cache = doc.derived
    if ck in cache:
        return cache[ck]
    idioms = idiom_spans(rule, doc)
    found: dict[str, int] = {}
    for name, pattern in pattern_table(rule, "rights").items():
        for m in pattern.finditer(doc.prose):
            if m.end() == m.start() or _overlaps(idioms, m.start(), m.end()):
                continue
            if _counts(rule, doc, m.start()):
                found[name] = m.start()
                break
    cache[ck] = found
    return found


def missing_rights(rule, doc) -> list[str]:
    found = mentioned_rights(rule, doc)
    return [name for name in pattern_table(rule, "rights") if name not in found]


def rights_incomplete(rule, doc, ctx):
    """PL311 (and PL804): one document-level finding naming the rights never mentioned."""
    if not doc.prose.strip():
        return
    missing = missing_rights(rule, doc)
    if not missing:
        return
    names = rule.options.get("names", {}) or {}
    shown = [names.get(m, m) for m in missing]
    yield Hit(0, 0, {"missing": _join(shown), "count": len(missing), "plural": "s" if len(missing) > 1 else ""})


# ---------------------------------------------------------------- consent (PL312)

def consent_reliance(rule, doc):
    """The first place where the organisation asks for or relies on the reader's consent
    (a `consent` phrasing outside `consent-idioms`, in a sentence that does not deny
    relying on it: `not-relied`), or None. Headings do not count."""
    idioms = idiom_spans(rule, doc, "consent-idioms")
    denial = compiled(rule, "not-relied")
    for m in compiled(rule, "consent").finditer(doc.prose):
        if m.end() == m.start() or _overlaps(idioms, m.start(), m.end()):
            continue
        block = doc.block_at(m.start())
        if block is None or block.kind == HEADING:
            continue
        a, b = doc.sentence_at(m.start())
        if _search(denial, doc.prose, a, b):
            continue
        return m
    return None


def no_withdraw_consent(rule, doc, ctx):
    if not doc.prose.strip():
        return
    if _search(compiled(rule, "withdraw"), doc.prose):
        return
    m = consent_reliance(rule, doc)
    if m is not None:
        yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})


# ---------------------------------------------------------------- complaints (PL313, PL317)

def _complaint_section(rule, block) -> bool:
    return in_section(rule, block, "complaint-heading", own=True)


def authority_complaint(rule, doc) -> bool:
    """Whether the notice tells the reader they can complain to a supervisory authority:
    an `authority` named in a sentence that speaks of complaining (`complaint`), or in a
    section about complaints, or a sentence that is itself such a statement (`direct`)."""
    prose = doc.prose
    if _search(compiled(rule, "direct"), prose):
        return True
    idioms = idiom_spans(rule, doc, "authority-idioms")
    complaint = compiled(rule, "complaint")
    for m in compiled(rule, "authority").finditer(prose):
        if m.end() == m.start() or _overlaps(idioms, m.start(), m.end()):
            continue
        block = doc.block_at(m.start())
        if _complaint_section(rule, block):
            return True
        a, b = doc.sentence_at(m.start())
        if _search(complaint, prose, a, b):
            return True
    return False


def no_complaint_right(rule, doc, ctx):
    if doc.prose.strip() and not authority_complaint(rule, doc):
        yield Hit(0, 0)


def _in_force(rule, ctx) -> bool:
    when = rule.options.get("in-force")
    if not when:
        return True
    if isinstance(when, str):
        when = date.fromisoformat(when)
    return ctx.today >= when


def own_complaint_route(rule, doc) -> bool:
    """Whether the notice tells the reader how to complain to the organisation itself.

    Either a paragraph in a section about complaints (`complaint-heading`) that points at
    the organisation (`own-target`: "contact us", "our complaints procedure") and names no
    supervisory authority; or a sentence about complaining (`complaint`) that points at
    the organisation, or that asks the reader to complain (`own-complaint`) or sits in a
    complaints section, when neither it nor the next sentence names an authority (that is
    the right to complain to the regulator, PL313's business)."""
    prose = doc.prose
    authority = compiled(rule, "authority")
    own = compiled(rule, "own-target")
    sentences = doc.sentences
    starts = [s for s, _ in sentences]
    for block in doc.blocks:
        # In a section about complaints, pointing to the organisation is enough.
        if block.kind != HEADING and _complaint_section(rule, block) and _search(own, prose, block.start, block.end):
            if not _search(authority, prose, block.start, block.end):
                return True
    for m in compiled(rule, "complaint").finditer(prose):
        block = doc.block_at(m.start())
        if block is None:
            continue
        a, b = doc.sentence_at(m.start())
        if block.kind == HEADING:
            continue
        if _search(own, prose, a, b):
            return True
        if _search(authority, prose, a, b):
            continue
        i = bisect_right(starts, a) - 1
        nxt = sentences[i + 1] if 0 <= i < len(sentences) - 1 else None
        if nxt is not None and doc.block_at(nxt[0]) is block and _search(authority, prose, *nxt):
            continue
        if _search(compiled(rule, "own-complaint"), prose, a, b) or _complaint_section(rule, block):
            return True
    return False


def no_complaints_process(rule, doc, ctx):
    if not doc.prose.strip() or not _in_force(rule, ctx):
        return
    if not own_complaint_route(rule, doc):
        yield Hit(0, 0)


# ---------------------------------------------------------------- automated decisions (PL315)

def automated_decisions_unexplained(rule, doc, ctx):
    """Automated decision-making or profiling that the notice says it carries out, with no
    `explained` statement (logic, consequences, human review) in a sentence about such
    decisions or in the block of the mention."""
    prose = doc.prose
    if not prose.strip():
        return
    mention = compiled(rule, "mention")
    denied = compiled(rule, "not-used")
    explained = compiled(rule, "explained")
    about = compiled(rule, "about-decisions")
    first = None
    for m in mention.finditer(prose):
        if m.end() == m.start():
            continue
        block = doc.block_at(m.start())
        if block is not None and block.kind == HEADING:
            continue
        a, b = doc.sentence_at(m.start())
        if _search(denied, prose, a, b):
            continue
        if block is not None and _search(explained, prose, block.start, block.end):
            return
        if first is None:
            first = m
    if first is None:
        return
    for a, b in doc.sentences:
        if _search(explained, prose, a, b) and _search(about, prose, a, b):
            return
    yield Hit(first.start(), first.end(), {"match": " ".join(first.group(0).split())})
