"""PL202 ico-address and PL203 ico-website: the ICO's postal and web addresses.

PL202 looks at UK postcodes that belong to the ICO: a `cues` pattern (the ICO, the
Information Commissioner, Wycliffe House) stands within `window` characters before the
postcode, in the same sentence, with no `break` ("our", "us", "Ltd"), no name of the
organisation (from the configuration) and no heading between (with `after` set, a cue
just after the postcode in the same block counts too). Such a postcode must be the
postcode of one of the addresses in the facts data (`ico.addresses`, each with `value`
and `postcode`; users add addresses in [tool.policylint.facts], e.g. when the ICO moves).
When the postcode is right, the building and street parts written before it must be
parts of that known address (a part is one with an `address-parts` word: "Water Street"
for "Water Lane" is reported). Addresses
that name a regional office the facts data does not hold (`unverified`) are left alone:
policylint cannot tell them wrong.

PL203 looks at every host name in the prose and in link targets (Markdown hides a link's
target from the prose, `doc.links` keeps it). A host that is, or is under, one of the
ICO's web addresses in the facts data (`ico.websites`) is right. The ICO's retired domain
(`legacy`, and `ico.legacy-websites` in the facts data) is always reported; a look-alike
(`ico.co.uk`, `ico.com`, a misspelling of ico.org.uk) only when the ICO is named beside it,
since such a domain may belong to someone else.
"""
from __future__ import annotations

import re

from .. import regexflags as rx
from ..compilecache import compile_re
from ..finding import Fix, Hit
from ..kinds.common import compiled
from ..kinds.consistency import edit_distance
from ..patterns import Cued, compile_regex_filtered

PUNCTUATION = compile_regex_filtered(r"[^\w\s]")
ADDRESS_SEPARATOR = compile_regex_filtered(r"[,\n]")
ADDRESS_PART = compile_regex_filtered(r"[^,\n;:()]+")
CAPITALISED_RUN = compile_regex_filtered(r"(?:\b[\p{Lu}\d][\w'’.-]*\s+)*(?:\b[\p{Lu}\d][\w'’.-]*)")

POSTCODE = compile_regex_filtered(r"(?<![\w-])(?-i:(?:[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)\s?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w-])")
# Host names, with or without a scheme; an e-mail address's domain is not a web address.
HOST = Cued(
    compile_regex_filtered(
        r"(?<![\w@./-])(?P<url>(?:https?://)?(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,6})(?![\w@-])"
        r"(?P<path>/(?:[^\s<>()\[\]\"']*[^\s<>()\[\]\"'.,;:!?])?)?)",
        rx.I,
    ),
    # where a host may begin: a word, after no ASCII word character (which \w matches in
    # either module), that runs to a dot and goes on
    compile_re(r"(?<![a-z0-9_@./-])(?:https?://)?[a-z0-9][a-z0-9-]*\.[a-z0-9]", re.I),
)
# A host whose registrable name is "ico": ico.gov.uk, ico.co.uk, ico.com...
ICO_LIKE = compile_regex_filtered(r"^(?:[a-z0-9-]+\.)*ico\.(?:(?:org|gov|co|ac|net|me)\.uk|uk|com|org|net|gov|co|info|eu)$", rx.I)
BLANK_LINE = compile_regex_filtered(r"\n[ \t]*\r?\n")
NEW_SENTENCE = compile_regex_filtered(r"[.!?][\"'\u2019\u201d)\]]*\s+[\"'\u2018\u201c(]?[\p{Lu}\d]")


def _norm_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    return compact[:-3] + " " + compact[-3:] if len(compact) > 3 else compact


def _norm_part(text: str) -> str:
    return " ".join(PUNCTUATION.sub(" ", text).split()).casefold()


def _known_addresses(ctx) -> list[dict]:
    out = []
    for entry in ctx.fact("ico.addresses", []) or []:
        if isinstance(entry, str):
            entry = {"value": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            continue
        value = entry["value"]
        postcode = entry.get("postcode")
        if not postcode:
            found = list(POSTCODE.finditer(value))
            postcode = found[-1].group(0) if found else ""
        body = value.replace(postcode, " ") if postcode else value
        parts = {_norm_part(p) for p in ADDRESS_SEPARATOR.split(body) if _norm_part(p)}
        words = set(_norm_part(body).split())
        out.append({"value": value, "postcode": _norm_postcode(postcode) if postcode else "", "parts": parts, "words": words})
    return out


def _organisation_names(ctx) -> list[str]:
    org = getattr(ctx, "organisation", None) or {}
    names = [org.get("name")] + list(org.get("aliases") or [])
    return [n for n in names if isinstance(n, str) and n.strip()]


def _tied(rule, doc, start: int, end: int, ctx=None):
    """The cue match that gives the value at start..end to the regulator, or None.

    Nothing may come between them that gives the value to someone else: a `break` ("us",
    "our", a company suffix), the organisation's configured name, a new sentence, or a
    heading that starts a new part of the notice.
    """
    prose = doc.prose
    cues = compiled(rule, "cues")
    brk = compiled(rule, "break")
    names = _organisation_names(ctx) if ctx is not None else []
    before = rule.options.get("window", 200)
    after = rule.options.get("after", 0)
    headings = [h.start for h in doc.headings]
    last = None
    for m in cues.finditer(prose, max(0, start - before), start):
        last = m
    if last is not None:
        # A heading between them starts another part of the notice, unless it follows
        # without a blank line: the plain-text parser takes the short lines of an
        # address block ("Wycliffe House", "Water Lane") for headings.
        between_heading = any(
            last.end() < h < start and BLANK_LINE.search(doc.source, last.end(), h) for h in headings
        )
        between = prose[last.end():start]
        if not (
            between_heading
            or (brk is not None and brk.search(prose, last.end(), start))
            or NEW_SENTENCE.search(between)
            or any(n.casefold() in between.casefold() for n in names)
        ):
            return last
    if not after:
        return None
    block = doc.block_at(start)
    m = cues.search(prose, end, min(len(prose), end + after))
    if m is not None and block is not None and doc.block_at(m.start()) is block:
        if brk is None or not brk.search(prose, doc.sentence_at(start)[0], m.start()):
            return m
    return None


def ico_address(rule, doc, ctx):
    known = _known_addresses(ctx)
    if not known:
        return
    by_postcode = {k["postcode"]: k for k in known if k["postcode"]}
    expected = known[0]["value"]
    unverified = compiled(rule, "unverified")
    address_part = compiled(rule, "address-parts")
    prose = doc.prose
    for m in POSTCODE.finditer(prose):
        cue = _tied(rule, doc, m.start(), m.end(), ctx)
        if cue is None:
            continue
        if cue.end() <= m.start():
            lo = cue.end()
        else:
            block = doc.block_at(m.start())
            lo = block.start if block is not None else m.start()
        if unverified is not None and unverified.search(prose, min(lo, cue.start()), m.end()):
            continue
        found = _norm_postcode(m.group(0))
        address = by_postcode.get(found)
        if address is None:
            problem = "not the postcode of a known ICO address"
            fix = None
            compact = found.replace(" ", "")
            dist, target = min(((edit_distance(compact, k.replace(" ", "")), k) for k in by_postcode), default=(99, ""))
            if dist <= rule.options.get("near-miss", 2):
                problem = f"{dist} character{'s' if dist > 1 else ''} away from {target}"
                fix = Fix(m.start(), m.end(), target, safe=False)
            yield Hit(m.start(), m.end(), {"found": m.group(0), "problem": problem, "expected": expected}, fix)
            continue
        # The postcode is right: the building and street written before it must be the known ones.
        written = prose[lo:m.start()]
        offset = lo
        for part in ADDRESS_PART.finditer(written):
            text = part.group(0)
            if address_part is None or not address_part.search(text):
                continue
            norm = _norm_part(text)
            if norm in address["parts"]:
                continue
            # a part with prose words around it ("write to Wycliffe House"): test its address words only
            tail = CAPITALISED_RUN.search(text)
            words = _norm_part(tail.group(0)).split() if tail else norm.split()
            if words and all(w in address["words"] for w in words):
                continue
            a = offset + part.start() + (len(text) - len(text.lstrip()))
            b = offset + part.start() + len(text.rstrip())
            args = {"found": " ".join(prose[a:b].split()), "problem": "not part of the known ICO address",
                    "expected": address["value"]}
            yield Hit(a, b, args)
            break


def _hosts(doc):
    """(start, end, url, host, path, context_start, context_end, link_text) of every host name."""
    prose = doc.prose
    seen = []
    for link in doc.links:
        target = link.target.strip()
        m = HOST.match(target) if target else None
        if m is None or m.end() < len(target) and target[m.end()] not in "/?#":
            continue
        pos = doc.source.rfind(target, link.start, link.end)
        if pos < 0:
            continue
        seen.append((link.start, link.end))
        path = target[m.end("host"):]
        yield pos, pos + len(target), target, m.group("host"), path, link.start, link.end, link.text
    for m in HOST.finditer(prose):
        if any(a <= m.start() < b for a, b in seen):
            continue
        yield m.start(), m.end(), m.group("url"), m.group("host"), m.group("path") or "", m.start(), m.end(), ""


def _host_of(value: str) -> str:
    value = value.strip().lower()
    for prefix in ("https://", "http://"):
        value = value.removeprefix(prefix)
    return value.split("/")[0].removeprefix("www.")


def ico_website(rule, doc, ctx):
    known = [_host_of(w["value"] if isinstance(w, dict) else str(w)) for w in ctx.fact("ico.websites", []) or []]
    legacy = [_host_of(w) for w in rule.options.get("legacy", [])]
    legacy += [_host_of(w["value"] if isinstance(w, dict) else str(w)) for w in ctx.fact("ico.legacy-websites", []) or []]
    if not known:
        return
    expected = known[0]
    cues = compiled(rule, "cues")
    near = rule.options.get("near-miss", 2)
    prose = doc.prose
    for start, end, url, host, path, ctx_a, ctx_b, link_text in _hosts(doc):
        h = host.lower().removeprefix("www.")
        if any(h == k or h.endswith("." + k) for k in known):
            continue
        old = next((k for k in legacy if h == k or h.endswith("." + k)), None)
        if old is not None:
            problem = f"on the ICO's former domain {old}"
        else:
            look_alike = ICO_LIKE.match(h) or edit_distance(h, expected) <= near
            if not look_alike:
                continue
            a, b = doc.sentence_at(ctx_a)
            if not (cues.search(link_text) or cues.search(prose, a, max(b, ctx_b))):
                continue
            problem = "not on the ICO's domain"
        fix = None
        if path in ("", "/"):
            hs = doc.source.find(host, start, end)
            if hs >= 0:
                fix = Fix(hs, hs + len(host), expected, safe=False)
        yield Hit(start, end, {"found": url, "problem": problem, "expected": expected}, fix)
