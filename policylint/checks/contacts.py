"""PL302 no-contact-details: the organisation gives no way to reach it.

Counts an email address, a phone number, a postal address or a link to a contact page or
form. Details that belong to a regulator do not count: its web domains and known numbers
come from the facts data, and a phone number or address written right after a regulator
is named (with no "us" or "our" between) is the regulator's.
"""
from __future__ import annotations

from .. import regexflags as rx
from ..compilecache import compile_re
from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import OnLinesWith, compile_regex_filtered

EMAIL = OnLinesWith(compile_regex_filtered(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b"), compile_re("@"))
URL = compile_regex_filtered(r"\b(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]", rx.I)
PHONE = compile_regex_filtered(
    r"(?<![\w/.+-])(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,8}){1,4}(?![\w/-])"
)
UK_POSTCODE = compile_regex_filtered(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][A-Z]{2}\b")
US_ADDRESS = compile_regex_filtered(
    r"\b\d{1,6}\s+(?:[A-Z0-9][\w.'-]*\s+){1,5}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Suite|Parkway|Pkwy|Highway|Hwy)\b\.?"
    r"|\b[A-Z][a-z]+,?\s+(?:[A-Z]{2}|[A-Z][a-z]+)\s+\d{5}(?:-\d{4})?\b"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+",
)


def _domain(value: str) -> str:
    value = value.lower()
    for prefix in ("mailto:", "https://", "http://"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    value = value.split("@")[-1]
    return value.split("/")[0].split("?")[0].removeprefix("www.")


def _regulator_domain(value: str, domains: list[str]) -> bool:
    d = _domain(value)
    return any(d == r or d.endswith("." + r) for r in domains)


def _tied_to_regulator(rule, doc, start: int, end: int) -> bool:
    """A regulator is named just before the value (or just after) with nobody else between."""
    cues = compiled(rule, "regulator-cues")
    owner = compiled(rule, "own-cues")
    prose = doc.prose
    lo = max(0, start - 300)
    last = None
    for m in cues.finditer(prose, lo, start):
        last = m
    if last is not None and not owner.search(prose, last.end(), start):
        return True
    after = cues.search(prose, end, min(len(prose), end + 80))
    return after is not None and not owner.search(prose, end, after.start())


ROUTE_OPTIONS = ("contact-words", "contact-sentence", "phone-cues", "regulator-cues", "own-cues", "case-sensitive")


def contact_routes(rule, doc, ctx):
    """(kind, start, end, text) for each of the organisation's own contact details.

    Worked out once per document for the rules that read them with the same vocabulary
    (PL302 and the rules that take their options from it)."""
    key = ("contact-routes", id(ctx.facts), *(id(rule.options.get(k)) for k in ROUTE_OPTIONS))
    return doc.memo(key, lambda: list(_contact_routes(rule, doc, ctx)))


def _contact_routes(rule, doc, ctx):
    domains = [d.lower() for d in ctx.fact("regulators.domains", [])]
    known_phones = {"".join(c for c in p["value"] if c.isdigit()) for p in ctx.fact("ico.phones", [])}
    prose = doc.prose
    for link in doc.links:
        target = link.target.strip()
        if not target or _regulator_domain(target, domains):
            continue
        low = target.lower()
        if low.startswith(("mailto:", "tel:")):
            yield "link", link.start, link.end, target
        elif compiled(rule, "contact-words").search(low) or compiled(rule, "contact-words").search(link.text):
            yield "link", link.start, link.end, target
    for m in EMAIL.finditer(prose):
        if not _regulator_domain(m.group(0), domains):
            yield "email", m.start(), m.end(), m.group(0)
    contact_words = compiled(rule, "contact-words")
    for m in URL.finditer(prose):
        if _regulator_domain(m.group(0), domains):
            continue
        a, b = doc.sentence_at(m.start())
        if contact_words.search(m.group(0)) or compiled(rule, "contact-sentence").search(prose, a, b):
            yield "url", m.start(), m.end(), m.group(0)
    phone_cue = compiled(rule, "phone-cues")
    for m in PHONE.finditer(prose):
        digits = "".join(c for c in m.group(0) if c.isdigit())
        if not 9 <= len(digits) <= 15:
            continue
        if digits in known_phones or ("0" + digits[2:]) in known_phones:
            continue
        if not phone_cue.search(prose, max(0, m.start() - 40), m.start()):
            continue
        if not _tied_to_regulator(rule, doc, m.start(), m.end()):
            yield "phone", m.start(), m.end(), m.group(0)
    regulator_postcodes = {a.get("postcode", "").upper() for a in ctx.fact("ico.addresses", []) if isinstance(a, dict)}
    for pattern in (UK_POSTCODE, US_ADDRESS):
        for m in pattern.finditer(prose):
            if m.group(0).upper() in regulator_postcodes:
                continue
            if not _tied_to_regulator(rule, doc, m.start(), m.end()):
                yield "address", m.start(), m.end(), m.group(0)


def no_contact_details(rule, doc, ctx):
    if not doc.prose.strip():
        return
    for _ in contact_routes(rule, doc, ctx):
        return
    yield Hit(0, 0)
