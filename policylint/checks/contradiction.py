"""PL702 contradiction: "we never share your data" here, "we share your data with X" there.

A denial is a sentence in which the organisation says, with no qualification, that it does
not sell, or does not share / disclose / pass on, personal data:
- active: "we do not share", "we will never sell", "Acme does not disclose" (a subject
  that is the organisation: `we`, `I` or a name; not "you", not an order such as "Do not
  sell" or "please do not disclose");
- passive: "your details are not passed on", "information is not shared", "no personal
  data is ever sold", "none of your information is shared".
It must be about data (`data` nouns), and nothing may qualify it: a `qualifier` anywhere
in the sentence ("except", "unless", "other than", "without your consent"), a
`qualifier-after` after the verb ("for marketing purposes", "as defined by the CCPA"), a
named recipient that is not everyone ("to advertisers", "with these companies"), or a
next sentence that opens an exception ("The only exceptions are...", "However, ...").

A denial that names selling ("we do not sell, rent or trade", "we do not sell or share",
the CCPA's words, in which "share" is a kind of sale for advertising) is a denial of
selling; otherwise it is a denial of sharing.

An affirmation is another sentence in which the same practice happens: the organisation
sells (for a denial of selling), or shares / discloses / passes on / transmits / sells
(for a denial of sharing) personal data, in the active ("we may share your information
with our partners", "our obligation to share data with the police") or the passive
("your data will be transmitted to Google"). A denial whose exception is the law ("unless
we are legally obliged to") also says that disclosure happens. Not affirmations: headings
and questions, statements of the reader's rights, hypotheses ("if we ever sell"),
anonymised or aggregated data, the reader's own sharing (a `reader` subject:
"information you share with us"), data going to "us" or "you", the verb used as a noun
("this sharing of information").

The data must overlap: a denial about one kind of data ("this information", "your email
address") only clashes with an affirmation about personal data in general ("your personal
information"); a general denial clashes with any affirmation. A denial that only promises
not to share with "third parties" does not clash with data given to processors acting on
the organisation's behalf (in GDPR terms processors are not third parties, Art. 4(10)).

One finding per denial, at the denial; the message quotes the first affirmation and its
line.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from .. import regexflags as rx
from ..finding import Hit
from ..kinds.common import compiled, pattern_list
from ..patterns import compile_pattern, compile_regex_filtered

SELL, SHARE = "sell", "share"
WORD = compile_regex_filtered(r"\w+")
RECIPIENT = compile_regex_filtered(r"\b(?:with|to)\s+(?P<who>[^.;:,()]{0,60})", rx.I)


def _alt(rule, key: str) -> str:
    return "|".join(f"(?:{p})" for p in pattern_list(rule, key))


def _patterns(rule) -> dict:
    """The composed patterns, built once per rule from its vocabulary."""
    cache = rule.__dict__.setdefault("_compiled", {})
    if "_contradiction" in cache:
        return cache["_contradiction"]
    sell, share, data = _alt(rule, "sell-verbs"), _alt(rule, "share-verbs"), _alt(rule, "data")
    deny_only = _alt(rule, "deny-share-verbs") or share
    verb = f"(?P<verb>(?P<sell>{sell})|(?P<share>{share}))"
    any_verb = f"(?P<verb>(?P<sell>{sell})|(?P<share>{share}|{deny_only}))"
    neg = r"(?:not|never|n[’']t|no\s+longer)"
    subject = _alt(rule, "subject")
    aux = r"(?:(?:do|does|did|will|would|shall|should|can|could|may|must|have|has|had|are|is|am)\s*)"
    # "we do not share", "we have not and will not sell", "Acme never discloses"
    active_denial = (
        rf"(?P<subj>{subject})\s+(?:{aux}?{neg}\s+(?:(?:and|or)\s+(?:{aux}?{neg}\s+)?)?|{aux}?(?:also\s+)?(?:ever\s+)?{neg}\s+)"
        rf"(?:(?:ever|also|knowingly|actively|currently|intentionally)\s+)?"
        rf"(?:(?:\w+|\w+-\w+)\s*(?:,|/|\s+or|\s+and)\s+){{0,4}}?{any_verb}\b"
    )
    # "your details are not passed on", "addresses of members are not shared",
    # "addresses are not used for anything else and are not shared"
    passive_denial = (
        rf"(?P<pdata>{data})\s+(?:[\w’'(),-]+\s+){{0,8}}?(?:(?:is|are|will|shall|would|can|may|has|have)\s+)"
        rf"(?:also\s+)?{neg}\s+(?:(?:be|been|ever)\s+)?(?:\w+\s*(?:,|/|\s+or|\s+and)\s+){{0,3}}?{any_verb}\b"
    )
    # "no personal details are passed on", "none of your information is ever shared"
    none_denial = (
        rf"\b(?:no|none\s+of)\s+(?:\w+\s+){{0,3}}?(?P<ndata>{data})\s+"
        rf"(?:(?:is|are|will|shall|would|can|may|has|have|been|be|ever)\s+)+"
        rf"(?:\w+\s*(?:,|/|\s+or|\s+and)\s+){{0,3}}?{any_verb}\b"
    )
    out = {
        "verb": compile_pattern(rf"\b{any_verb}\b"),
        "denial": compile_pattern(f"(?:{active_denial})|(?:{passive_denial})|(?:{none_denial})"),
        # what every denial holds: `neg`, or none_denial's "no" or "none" and the space after
        # it (\s in `re` matches every space that \s in `regex` does); a cheap test first
        "denial-cue": compile_pattern(rf"{neg}|no(?:ne)?\s"),
        # "we may share your information", "our obligation to share data"
        "active": compile_pattern(
            rf"(?:{subject}|\bour\b|\bus\b|\bto\b)\s+(?:[\w’'-]+\s+){{0,5}}?{verb}\s+"
            rf"(?:[\w’'-]+\s+){{0,4}}?(?P<adata>{data})"
        ),
        # "your data will be transmitted to Google"
        "passive": compile_pattern(
            rf"(?P<adata>{data})[^.;:]{{0,60}}?\b(?:is|are|will|may|might|can|could|would|shall|be|been|being)\s+"
            rf"(?:\w+\s+){{0,2}}?{verb}\s*(?:\w+\s+){{0,2}}?(?:with|to|by|in)\b"
        ),
        "negation": compile_pattern(r"\b(?:not|never|no|none|nor|neither|nobody|without)\b|n[’']t\b"),
        # "this sharing of", "the disclosure": the verb used as a noun
        "nominal": compile_pattern(r"\b(?:this|the|such|any|of|for|its|their)\s+$"),
    }
    cache["_contradiction"] = out
    return out


def _candidate_sentences(rule, doc) -> list[tuple[int, int]]:
    """The sentences that hold a verb of selling or sharing (patterns run inside these only)."""
    cache = doc.derived
    key = ("contradiction", id(rule.options["share-verbs"]))
    if key not in cache:
        found = {doc.sentence_at(m.start()) for m in _patterns(rule)["verb"].finditer(doc.prose)}
        cache[key] = sorted(found)
    return cache[key]


def _family(m) -> str:
    """SELL or SHARE, from the verb a pattern matched."""
    return SELL if m.group("sell") else SHARE


def _generic(rule, text: str) -> bool:
    p = compiled(rule, "generic-data")
    return p is not None and p.search(text) is not None


class _Sentences:
    def __init__(self, doc):
        self.doc = doc
        self.items = doc.sentences
        self.starts = [s for s, _ in self.items]

    def following(self, a: int, b: int, n: int) -> list[tuple[int, int]]:
        """Up to n sentences after a..b in the same block."""
        block = self.doc.block_at(a)
        i = bisect_left(self.starts, b)
        return [(s, e) for s, e in self.items[i:i + n] if block is not None and self.doc.block_at(s) is block]


class Denial(NamedTuple):
    start: int
    end: int
    family: str
    generic: bool
    only_third_parties: bool  # a promise about "third parties" (not "anyone")
    kinds: frozenset | set  # the kinds of data it names ("ip address", "email address")


class Affirmation(NamedTuple):
    start: int
    end: int
    family: str
    generic: bool
    processor: bool  # the recipient acts on the organisation's behalf
    kind: str
    at: int


def _kind(text: str) -> str:
    """A data phrase's kind: its last two words, lower case ("ip address", "personal data")."""
    words = WORD.findall(text.lower())
    return " ".join(words[-2:])


def _recipient_universal(rule, prose: str, start: int, end: int) -> bool:
    """After the verb: no recipient, or a recipient that is everyone ("anyone", "third parties")."""
    m = RECIPIENT.search(prose, start, end)
    if m is None:
        return True
    universal = compiled(rule, "universal-recipient")
    return universal is None or universal.match(m.group("who")) is not None


def denials(rule, doc):
    """Each flat (unqualified) denial, as a Denial."""
    pats = _patterns(rule)
    prose = doc.prose
    qualifier = compiled(rule, "qualifier")
    qualifier_after = compiled(rule, "qualifier-after")
    opener = compiled(rule, "exception-opener")
    not_org = compiled(rule, "not-organisation")
    third_parties = compiled(rule, "third-parties")
    everyone = compiled(rule, "everyone")
    sentences = _Sentences(doc)
    data = compiled(rule, "data")
    for a, b in _candidate_sentences(rule, doc):
        if pats["denial-cue"].search(prose, a, b) is None:
            continue
        m = pats["denial"].search(prose, a, b)
        if m is None:
            continue
        block = doc.block_at(m.start())
        if block is None or block.kind == "table_cell" or prose[a:b].rstrip().endswith("?"):
            continue
        subj = m.group("subj")
        if subj is not None and not_org is not None and not_org.fullmatch(subj.strip()):
            continue
        if data.search(prose, a, b) is None:
            continue
        if qualifier is not None and qualifier.search(prose, a, b):
            continue
        if qualifier_after is not None and qualifier_after.search(prose, m.end(), b):
            continue
        if not _recipient_universal(rule, prose, m.end(), b):
            continue
        if opener is not None and any(opener.search(prose, x, y) for x, y in sentences.following(a, b, 2)):
            continue
        # the verbs listed with the matched one ("sell, rent or trade", "sell or share")
        near = (max(a, m.start("verb") - 25), min(b, m.end("verb") + 25))
        families = {_family(v) for v in pats["verb"].finditer(prose, *near)}
        d = data.search(prose, m.start(), b)
        generic = d is not None and _generic(rule, prose[max(m.start(), d.start() - 30):min(b, d.end() + 20)])
        third = third_parties is not None and third_parties.search(prose, m.end(), b) is not None
        anyone = everyone is not None and everyone.search(prose, m.end(), b) is not None
        kinds = {_kind(x.group(0)) for x in data.finditer(prose, a, b)}
        # "we do not sell or share" is about sales (in the CCPA's words, "share" is a kind
        # of sale for advertising): only a sale contradicts it
        family = SELL if SELL in families else SHARE
        yield Denial(a, b, family, generic, third and not anyone, kinds)


def affirmations(rule, doc):
    """Each statement that the practice happens, as an Affirmation, in document order."""
    pats = _patterns(rule)
    prose = doc.prose
    not_statement = compiled(rule, "not-statement")
    hypothetical = compiled(rule, "hypothetical")
    not_recipient = compiled(rule, "not-recipient")
    processor = compiled(rule, "processor")
    legal = compiled(rule, "legal-exception")
    anonymous = compiled(rule, "anonymous")
    reader = compiled(rule, "reader")
    out = []
    for a, b in _candidate_sentences(rule, doc):
        block = doc.block_at(a)
        if block is None or block.kind in ("heading", "table_cell") or prose[a:b].rstrip().endswith("?"):
            continue
        if not prose[a:b].rstrip().endswith((".", "!", ";", ":", ")")) and b - a < 80:
            continue  # a title or a label, not a statement
        if not_statement is not None and not_statement.search(prose, a, b):
            continue
        if anonymous is not None and anonymous.search(prose, a, b):
            continue
        found = None
        for name in ("active", "passive"):
            for m in pats[name].finditer(prose, a, b):
                vs = m.start("verb")
                clause_start = max(a, vs - 60)
                if pats["nominal"].search(prose, max(a, vs - 12), vs):
                    continue
                if pats["negation"].search(prose, max(a, vs - 40), vs) or pats["negation"].search(prose, m.start(), vs):
                    # a denial: it tells of the practice only if its exception is the law
                    if legal is None or not legal.search(prose, vs, b):
                        continue
                if hypothetical is not None and hypothetical.search(prose, clause_start, vs):
                    continue
                if name == "active" and reader is not None and reader.search(prose, clause_start, vs):
                    continue
                tail = prose[m.end("verb"):min(b, m.end("verb") + 80)]
                if not_recipient is not None and not_recipient.match(tail):
                    continue
                found = m
                break
            if found is not None:
                break
        if found is None:
            continue
        m = found
        generic = _generic(rule, prose[max(a, m.start("adata") - 30):min(b, m.end("adata") + 20)])
        is_processor = processor is not None and processor.search(prose, a, b) is not None
        out.append(Affirmation(a, b, _family(m), generic, is_processor, _kind(m.group("adata")), m.start()))
    out.sort(key=lambda x: x.start)
    return out


def contradiction(rule, doc, ctx):
    affirmed = affirmations(rule, doc)
    if not affirmed:
        return
    for d in denials(rule, doc):
        for f in affirmed:
            if f.start < d.end and d.start < f.end:
                continue  # the same sentence
            if d.family == SELL and f.family != SELL:
                continue
            if not (d.generic or f.generic or (" " in f.kind and f.kind in d.kinds)):
                continue
            if d.only_third_parties and f.processor:
                continue
            other = " ".join(doc.source[f.start:f.end].split())
            if len(other) > 100:
                other = other[:97].rstrip() + "..."
            yield Hit(d.start, d.end, {
                "match": " ".join(doc.source[d.start:d.end].split()),
                "line": doc.position(f.start)[0],
                "other": other,
                "practice": "selling" if d.family == SELL else "sharing",
            })
            break
