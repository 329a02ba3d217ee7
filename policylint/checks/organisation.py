"""PL608 foreign-organisation and PL609 inconsistent-contact: who "we" are, and how to reach us.

PL608 reads the places where a notice says who "we" are: a name followed by a definition
('Acme Ltd ("Acme", "we", "us")'), '"we" means Acme Ltd', 'references to "we" ... are to
Acme Ltd', 'We are Acme Ltd, a company ...', and the weaker 'At Acme, we' and "It is Acme's
policy" (which often use a brand). With an organisation configured
(`[tool.policylint.organisation]` name and aliases), each of those names must be it, an
alias, or a short name the notice defines for it in the parenthesis; without, the strong
claims must agree. Names are compared without case, punctuation, "the" and legal suffixes
(Ltd, Inc., GmbH ...), and a shorter name that starts a longer one ("Acme" and "Acme
Software Ltd") is the same name.

PL609 compares the organisation's own email addresses (as PL302 finds them: regulators'
excluded) that the text offers as ways to reach "us": they should share one domain (or the
configured `domains`). Phone numbers disagree when two different numbers are given for the
same named purpose (two numbers "for the Data Protection Officer").
"""
from __future__ import annotations

import re

from .. import regexflags as rx
from ..compilecache import compile_re
from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import compile_regex_filtered
from .contacts import contact_routes

SUFFIXES = (
    r"Ltd|Limited|Inc|Incorporated|LLC|L\.L\.C|LLP|LP|PLC|plc|GmbH|AG|SE|SA|SAS|SARL|S\.A|S\.L|BV|B\.V|NV|"
    r"Pty|Corp|Corporation|Co|Company|CIC|CIO|KG|Oy|AB|AS|ApS|S\.p\.A|Srl|S\.r\.l|Ltda|KK"
)
LEGAL_SUFFIX = rf"(?:{SUFFIXES})\.?"
NAME_WORD = r"(?:[\p{Lu}\d][\p{L}\d&'’.+-]*|&)"
NAME = (
    rf"(?P<name>{NAME_WORD}(?:[ \t]+(?:(?:of|and|for|de|du|la|le|von|van|der|the)[ \t]+)?{NAME_WORD}){{0,6}}"
    rf"(?:,?[ \t]+{LEGAL_SUFFIX})?)"
)
WE_WORD = r"[\"“”'‘’]\s*(?:we|us|our|ours)\s*[\"“”'‘’]"
CLAIMS = [
    # Acme Ltd ("Acme", "we", "us"); Acme Ltd (hereinafter "we")
    compile_regex_filtered(rf"{NAME}\s*(?:,\s*)?\((?=[^()]{{0,120}}?{WE_WORD})"),
    # Acme Ltd, hereinafter referred to as "we"
    compile_regex_filtered(rf"{NAME}\s*,\s*(?:hereinafter|hereafter|also|together)\s+(?:\w+\s+){{0,3}}?{WE_WORD}"),
    # "we", "us" and "our" mean Acme Ltd; references to "we" ... are to Acme Ltd
    compile_regex_filtered(
        rf"{WE_WORD}(?:\s*(?:,|and|or)\s*{WE_WORD})*[^.;\n]{{0,40}}?\b(?:mean|means|refer\s+to|refers\s+to|is|are|are\s+to|is\s+to)\s+"
        rf"(?:to\s+)?(?:the\s+)?(?-i:{NAME})",
        rx.I,
    ),
    # We are Acme Ltd, ...
    compile_regex_filtered(rf"(?i:\bwe\s+are\s+)(?:the\s+)?{NAME}(?=\s*(?:,\s*(?:a|an|the)\b|\(|\.))"),
    # At Acme Ltd ("Acme"), we ...
    compile_regex_filtered(rf"\bAt\s+{NAME}(?:\s*\([^()]{{0,40}}\))?\s*,\s+we\b"),
    # It is Acme's policy to ...
    compile_regex_filtered(rf"\b(?i:it\s+is\s+){NAME}[’']s\s+(?i:policy|practice|aim|intention|commitment)\b"),
]
NEEDS_QUOTED_WE = (0, 1, 2)
QUOTED_WE = compile_re(WE_WORD, re.IGNORECASE)
WE_ARE = 3  # CLAIMS[WE_ARE] needs a legal form or an apposition to name an organisation
STRIP_WORDS = compile_regex_filtered(rf"(?i)\b(?:the|{SUFFIXES})\b\.?")
LEADING = compile_regex_filtered(
    r"^(?:(?:At|By|Welcome\s+to|To|This|Here|Our|And|Hi|Hello)\s+)+"
    r"|^(?:(?:The|This|Our)\s+)?(?:Privacy|Cookie|Data\s+Protection)\s+(?:Policy|Notice|Statement)\s+(?:of|for)\s+"
)


POSSESSIVE = compile_regex_filtered(r"[’']s\b")
NORM_WORD = compile_regex_filtered(r"[\p{L}\d&]+")
SUFFIX_WITH_STOP = compile_regex_filtered(rf"\b(?:{SUFFIXES})\.$")
ENDS_WITH_LEGAL_FORM = compile_regex_filtered(rf"\b{LEGAL_SUFFIX}$")
APPOSITION = compile_regex_filtered(r"\s*,\s*(?:a|an|the)\b")
WE_WORDS = compile_regex_filtered(r"(?i)we|us|our|ours")
CAPITALISED_WORD = compile_regex_filtered(r"\b[\p{Lu}][\p{L}'’-]*")


def _norm(name: str) -> list[str]:
    text = POSSESSIVE.sub("", name)
    text = STRIP_WORDS.sub(" ", text)
    return NORM_WORD.findall(text.casefold())


def _same(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[:len(short)] == short or "".join(a) == "".join(b)


QUOTED_NAME = compile_regex_filtered(r"[\"“'‘]\s*([\p{Lu}\d][^\"“”'‘’()]{0,40}?)\s*[\"”'’]")
WEAK = (4, 5)  # "At Acme, we" and "It is Acme's policy" may use a brand: compared with a configuration only


def _claims(rule, doc) -> list[tuple[int, int, str, list[str], bool]]:
    """(start, end, name, other names it is given, strong) of every name the text gives to "we"."""
    prose = doc.prose
    generic = compiled(rule, "generic-names")
    out = []
    quoted_we = QUOTED_WE.search(prose) is not None
    for i, pattern in enumerate(CLAIMS):
        if i in NEEDS_QUOTED_WE and not quoted_we:
            continue  # each of these claims puts "we" in quotes: no need to try it at every name
        for m in pattern.finditer(prose):
            name = m.group("name").rstrip(" ,")
            if name.endswith(".") and not SUFFIX_WITH_STOP.search(name):
                name = name[:-1]
            a = m.start("name")
            b = a + len(name)
            if i == WE_ARE and not ENDS_WITH_LEGAL_FORM.search(name) and not APPOSITION.match(prose, m.end()):
                continue  # "We are GDPR compliant": a name needs its legal form or an apposition
            lead = LEADING.match(name)
            if lead:
                a += lead.end()
                name = name[lead.end():]
            if not name or generic.fullmatch(name) or not _norm(name):
                continue
            # short names defined with it: Acme Trading Ltd ("Acme", "we")
            aliases = []
            paren = prose.find("(", b, b + 4)
            if paren >= 0:
                close = prose.find(")", paren, paren + 160)
                for q in QUOTED_NAME.finditer(prose, paren, close if close > 0 else paren + 160):
                    if not WE_WORDS.fullmatch(q.group(1)) and not generic.fullmatch(q.group(1)):
                        aliases.append(q.group(1))
            out.append((a, b, name, aliases, i not in WEAK))
    out.sort(key=lambda c: c[:2])
    dedup = []
    for c in out:
        if dedup and c[0] < dedup[-1][1]:
            continue
        dedup.append(c)
    return dedup


def _matches(names: list[str], known: list[list[str]]) -> bool:
    return any(_same(_norm(n), k) for n in names for k in known)


def foreign_organisation(rule, doc, ctx):
    claims = _claims(rule, doc)
    if not claims:
        return
    org = ctx.organisation or {}
    configured = [n for n in [org.get("name"), *org.get("aliases", [])] if isinstance(n, str) and n.strip()]
    if configured:
        known = [_norm(n) for n in configured]
        # short names the notice itself defines for the configured organisation count too
        for _, _, name, aliases, _ in claims:
            if _matches([name], known):
                known.extend(_norm(x) for x in aliases)
        for a, b, name, aliases, _ in claims:
            if not _matches([name, *aliases], known):
                yield Hit(a, b, {"match": name, "expected": configured[0]})
        return
    strong = [c for c in claims if c[4]]
    if not strong:
        return
    known = [_norm(n) for n in [strong[0][2], *strong[0][3]]]
    for a, b, name, aliases, _ in strong[1:]:
        if _matches([name, *aliases], known):
            known.extend(_norm(x) for x in aliases)
        else:
            yield Hit(a, b, {"match": name, "expected": strong[0][2]})


# ---------------------------------------------------------------------------------------
# PL609 inconsistent-contact
# ---------------------------------------------------------------------------------------

SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "ltd", "plc", "me", "nhs", "police", "sch", "edu"}


def registrable(domain: str) -> str:
    """The part of a domain an organisation registers: example.co.uk, example.com."""
    parts = domain.lower().strip(".").split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in SECOND_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


OWN_WORDS = {
    "data", "protection", "officer", "dpo", "privacy", "team", "support", "customer", "service", "services",
    "email", "e-mail", "contact", "us", "our", "we", "me", "my", "i", "or", "and", "at", "on", "via", "by",
}


def _own_email(rule, doc, start: int, end: int) -> bool:
    """The address is offered as a way to reach "us", not a third party's: an own-contact
    cue comes before it in its sentence with no third party between (or it sits in a
    contact section with no third party before it)."""
    a, _ = doc.sentence_at(start)
    prose = doc.prose
    lo = max(a, start - 200)
    cue = None
    for m in compiled(rule, "own-contact-cues").finditer(prose, lo, start):
        cue = m
    between = prose[cue.end() if cue else lo:start]
    if compiled(rule, "third-party-cues").search(between):
        return False
    for word in CAPITALISED_WORD.findall(between):
        if word.lower() not in OWN_WORDS:
            return False  # "email us or Mailchimp at ...": another name stands between
    if cue is not None:
        return True
    block = doc.block_at(start)
    section = block.section if block is not None else ()
    return any(compiled(rule, "contact-headings").search(title) for title in section)


def _role(rule, doc, start: int) -> str:
    """The role an address is given for ("data protection officer"), or "" for general."""
    prose = doc.prose
    a = max(0, start - 150)
    block = doc.block_at(start)
    if block is not None and block.kind == "heading":
        a = block.start
    found = None
    for m in compiled(rule, "roles").finditer(prose, a, start):
        found = m
    if found is None or "@" in prose[found.end():start]:
        return ""
    role = " ".join(found.group(0).lower().split())
    return "dpo" if role in ("dpo", "data protection officer") else role


def _email_of(kind: str, text: str) -> str | None:
    low = text.strip().lower()
    if kind == "email":
        return low
    if low.startswith("mailto:"):
        return low[len("mailto:"):].split("?")[0]
    return None


def inconsistent_contact(rule, doc, ctx):
    org = ctx.organisation or {}
    domains = [d.lower().lstrip("@.") for d in org.get("domains", []) if isinstance(d, str)]
    emails: list[tuple[int, int, str, str]] = []
    phones: list[tuple[int, int, str]] = []
    seen_spans: set[tuple[int, int]] = set()
    for kind, start, end, text in contact_routes(rule, doc, ctx):
        address = _email_of(kind, text)
        if address and "@" in address:
            if (start, end) in seen_spans or not _own_email(rule, doc, start, end):
                continue
            seen_spans.add((start, end))
            emails.append((start, end, address, address.rsplit("@", 1)[1]))
        elif kind == "phone":
            phones.append((start, end, text))
    emails.sort()
    kept: list[tuple[int, int, str, str]] = []
    for e in emails:  # a mailto link and its visible address are one address
        if kept and e[0] < kept[-1][1]:
            continue
        kept.append(e)
    if domains:
        for start, end, address, domain in kept:
            if not any(domain == d or domain.endswith("." + d) for d in domains):
                yield Hit(start, end, {"match": address, "other": ", ".join(domains)})
    else:
        # compare like with like: general addresses together, each named role on its own
        # (an outsourced DPO or an EU representative may use another domain)
        first: dict[str, tuple[str, str]] = {}
        for start, end, address, domain in kept:
            role = _role(rule, doc, start)
            if role not in first:
                first[role] = (registrable(domain), address)
            elif registrable(domain) != first[role][0]:
                yield Hit(start, end, {"match": address, "other": first[role][1]})
    # two different numbers for one named purpose
    purposes = compiled(rule, "phone-purposes")
    qualifiers = compiled(rule, "phone-qualifiers")
    by_purpose: dict[str, tuple[str, str]] = {}
    for start, end, text in sorted(phones):
        a, _ = doc.sentence_at(start)
        before = doc.prose[max(a, start - 80):start]
        if qualifiers.search(before) or qualifiers.match(doc.prose, end, min(len(doc.prose), end + 40)):
            continue
        found = None
        for m in purposes.finditer(before):
            found = m
        if found is None:
            continue
        key = " ".join(found.group(0).lower().split())
        key = "dpo" if "officer" in key or key == "dpo" else key
        digits = "".join(c for c in text if c.isdigit())
        if key in by_purpose and by_purpose[key][0] != digits:
            yield Hit(start, end, {"match": text, "other": by_purpose[key][1]})
        else:
            by_purpose.setdefault(key, (digits, text))
