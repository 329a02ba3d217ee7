"""Names and citations of laws and regulators: PL402, PL403, PL404.

PL402 misspelt-regulator: near-misses of the ICO's name (fuzzy matching), with the
spellings that are right or tolerated ("Information Commissioners Office") left alone.
The fuzzy match runs only near an intact word of the term that is not part of a name
written right, where words with the term's initials follow each other ("I… C… O…"):
that keeps it fast on long notices.

PL403 misnamed-law: names that are always wrong (PECR misnamed), and UK laws cited with a
year they do not have ("Data Protection Act 2019"). Laws of other countries with the
same name (Ireland's Data Protection Act 1988, Kenya's of 2019) are not reported.

PL404 bad-gdpr-citation: GDPR articles, paragraphs, points and recitals that do not
exist. A citation is the GDPR's when the GDPR is named right after it ("Article 6(1)(f)
GDPR", "of the UK GDPR") or right before it ("GDPR Article 15"), or when its sentence,
its section heading or the lead-in line of its list names the GDPR and no other law.
The table of articles lives in the rule's options.
"""
from __future__ import annotations

from bisect import bisect_right

from .. import regexflags as rx
from ..compilecache import compile_regex_module
from ..finding import Fix, Hit
from ..kinds.common import compiled, whole_words
from ..patterns import any_of, compile_pattern, compile_regex_filtered, escape

APOSTROPHES = "'’‘`´"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _cache(rule, key: str, build):
    store = rule.__dict__.setdefault("_citations", {})
    if key not in store:
        store[key] = build()
    return store[key]


# --------------------------------------------------------------------------- PL402

def _words(text: str) -> list[str]:
    return ["".join(c for c in w.lower() if c not in APOSTROPHES) for w in text.split()]


def _regulator_terms(rule):
    out = []
    for spec in rule.options.get("terms", []):
        term = spec["term"]
        words = term.split()
        errors = int(spec.get("max-errors", 1))
        body = r"\s+".join(escape(w) for w in words)
        fuzzy = compile_regex_module(rf"(?:{body}){{e<={errors}}}", rx.I | rx.ENHANCEMATCH | rx.V0)
        anchor = compile_pattern("|".join(rf"\b{escape(w)}\b" for w in words if len(w) > 2))
        variants = spec.get("variants") or []
        variant = any_of(variants) if variants else None
        # Cheap test before the fuzzy match: words with the term's initials, in order.
        initials = compile_pattern(r"\b" + r"\S*\s+".join(escape(w[0]) for w in words)) if len(words) > 1 else None
        out.append((term, len(term) + errors, fuzzy, anchor, variant, initials))
    return out


SPACES = compile_regex_filtered(r"\s+")
POINT_LETTER = compile_regex_filtered(r"\(\s?([a-z]{1,2})\s?\)", rx.I)
RECITAL_NUMBER = compile_regex_filtered(r"\d{1,4}")


def _replacement(term: str, matched: str) -> str:
    """The canonical term, with the apostrophe the text uses and its line breaks kept."""
    if any(mark in matched for mark in "’‘"):
        term = term.replace("'", "’")
    words = term.split()
    gaps = SPACES.findall(matched.strip())
    if len(gaps) == len(words) - 1:
        return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:]))
    return term


def misspelt_regulator(rule, doc, ctx):
    terms = _cache(rule, "terms", lambda: _regulator_terms(rule))
    accept = compiled(rule, "accept")
    real_words = _cache(rule, "real-words", lambda: {w.lower() for w in rule.options.get("real-words", [])})
    prose = doc.prose
    accepted = [(m.start(), m.end()) for m in accept.finditer(prose)] if accept is not None else []
    taken: list[tuple[int, int]] = []

    accepted_starts = [s for s, _ in accepted]

    def inside(start, end):
        i = bisect_right(accepted_starts, start) - 1
        return i >= 0 and end <= accepted[i][1]

    def overlaps(span, spans):
        return any(s < span[1] and span[0] < e for s, e in spans)

    hits = []
    for term, reach, fuzzy, anchor, variant, initials in terms:
        if variant is not None:
            for m in variant.finditer(prose):
                span = (m.start(), m.end())
                if overlaps(span, taken) or inside(*span):
                    continue
                taken.append(span)
                hits.append((span, term, m.group(0)))
    for term, reach, fuzzy, anchor, variant, initials in terms:
        canonical = _words(term)
        windows: list[list[int]] = []
        for a in anchor.finditer(prose):
            if inside(a.start(), a.end()):
                continue  # a word of a name written right is no anchor for a misspelling
            lo, hi = max(0, a.start() - reach), min(len(prose), a.end() + reach)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        for lo, hi in windows:
            if initials is not None and not initials.search(prose, lo, hi):
                continue
            for m in fuzzy.finditer(prose, lo, hi):
                span = (m.start(), m.end())
                text = m.group(0)
                if not whole_words(prose, *span) or overlaps(span, taken) or inside(*span):
                    continue
                if any(c in text for c in ".,;:()[]/") or "\n\n" in text or "\r\n\r\n" in text:
                    continue  # a near-miss does not run across punctuation or paragraphs
                words = _words(text)
                if words == canonical or len(words) != len(canonical):
                    continue
                wrong = [w for w, c in zip(words, canonical) if w != c]
                if all(w in real_words for w in wrong):
                    continue
                taken.append(span)
                hits.append((span, term, text))
    for (start, end), term, text in sorted(hits):
        yield Hit(start, end, {"match": _norm(text), "term": term}, Fix(start, end, _replacement(term, text), True))


# --------------------------------------------------------------------------- PL403

PECR = compile_pattern(r"(?-i:\bPECR\b)")


def _law_patterns(rule):
    out = []
    for spec in rule.options.get("laws", []):
        name = spec["name"]
        after_form = compile_pattern(rf"\b(?:{name})\s*(?:of\s+)?\(?(?P<year>(?:19|20)\d\d)\b(?!\s*(?:to|-|–|and)\s*(?:19|20)\d\d)")
        before_form = compile_pattern(
            rf"(?<=\b(?:the|UK|U\.K\.|British|United\s+Kingdom(?:[’\x27]s)?|our)\s+)(?P<year>(?:19|20)\d\d)\s+(?:{name})\b"
        )
        out.append((spec, after_form, before_form, {int(y) for y in spec.get("years", [])}))
    return out


def misnamed_law(rule, doc, ctx):
    prose = doc.prose
    hits = []
    eu_context = compiled(rule, "eu-context")
    for spec in rule.options.get("misnamed", []):
        pattern = _cache(rule, "misnamed:" + spec["pattern"], lambda: compile_pattern(spec["pattern"]))
        for m in pattern.finditer(prose):
            if spec.get("unless-eu") and eu_context is not None:
                a, b = doc.sentence_at(m.start())
                if eu_context.search(prose, a, b) and not PECR.search(prose, a, b):
                    continue
            hits.append((m.start(), m.end(), spec["expected"], spec.get("replacement")))

    laws = _cache(rule, "laws", lambda: _law_patterns(rule))
    not_after = _cache(rule, "not-after", lambda: compile_pattern(
        r"\b(?:" + "|".join(rule.options.get("not-after", [])) + r")\s+$") if rule.options.get("not-after") else None)
    elsewhere = compiled(rule, "elsewhere")
    irish = compiled(rule, "irish")
    uk_owner = compiled(rule, "uk-owner")
    irish_doc = irish is not None and irish.search(prose) is not None
    for spec, after_form, before_form, years in laws:
        for form in (after_form, before_form):
            for m in form.finditer(prose):
                year = int(m.group("year"))
                if year in years:
                    continue
                start, end = m.start(), m.end()
                before = prose[max(0, start - 40):start]
                if form is after_form and not_after is not None and not_after.search(before):
                    continue
                a, b = doc.sentence_at(start)
                if elsewhere is not None and elsewhere.search(prose, a, b):
                    continue
                owned_by_uk = uk_owner is not None and uk_owner.search(before)
                if year in spec.get("irish-years", ()) and irish_doc and not owned_by_uk:
                    continue
                hits.append((start, end, spec["expected"], None))
    for start, end, expected, replacement in sorted(set(hits), key=lambda h: (h[0], h[1])):
        # A misnaming whose right name is certain carries a safe fix (`replacement`).
        fix = Fix(start, end, replacement, True) if replacement else None
        yield Hit(start, end, {"match": _norm(prose[start:end]), "expected": expected}, fix)


# --------------------------------------------------------------------------- PL404

ART_WORD = r"(?:\b(?:Articles?|Arts?\.)|(?-i:\bArts?\b))"
PART = (
    r"(?:\s?\(\s?[a-z0-9]{1,3}\s?\)"
    r"|\.\d{1,2}\b(?!\.\d)"
    r"|\s*(?:,\s*)?(?:para(?:graph)?\.?|§|Abs\.)\s*\d{1,2}\b"
    r"|\s*(?:,\s*)?(?:S\.|sentence|Satz|subparagraph|sub-paragraph)\s*\d{1,2}\b"
    r"|\s*(?:,\s*)?(?:lit(?:\.|era)?|point|letter|Nr\.|no\.)\s*\(?[a-z0-9]{1,2}\)?(?![\w]))"
)
MORE_POINTS = r"(?:\s*(?:,|and|or|&|to|-|–)\s*\(\s?[a-z]{1,2}\s?\))"
REF = rf"\d{{1,4}}(?-i:[A-Z])?(?![\w/]){PART}*{MORE_POINTS}*"
SEP = rf"\s*(?:,|and/or|and|or|&|to|through|-|–|—)\s*(?:{ART_WORD}\s*)?"
CITATION = compile_pattern(rf"(?P<art>{ART_WORD})\s*(?P<refs>{REF}(?:{SEP}{REF})*)")
RECITAL = compile_pattern(
    r"\bRecitals?\s*(?P<refs>\(?\d{1,4}\)?(?![\w/])(?:\s*(?:,|and|or|&|to|-|–)\s*\(?\d{1,4}\)?(?![\w/]))*)"
)
REF_PARSE = compile_regex_filtered(
    rf"(?P<num>\d{{1,4}})(?P<suf>(?-i:[A-Z]))?(?![\w/])(?P<parts>{PART}*)(?P<more>{MORE_POINTS}*)", rx.I | rx.V0
)
TOKEN = compile_regex_filtered(
    r"(?P<skip>(?:S\.|sentence|Satz)\s*\d{1,2})|\(\s?(?P<p>[a-z0-9]{1,3})\s?\)|\.(?P<d>\d{1,2})\b"
    r"|(?:para(?:graph)?\.?|§|Abs\.|subparagraph|sub-paragraph)\s*(?P<q>\d{1,2})"
    r"|(?:lit(?:\.|era)?|point|letter|Nr\.|no\.)\s*\(?(?P<l>[a-z0-9]{1,2})\)?",
    rx.I | rx.V0,
)
FILLER = r"(?:[\s,]|\b(?:of|in|under|from|the|EU|E\.U\.|UK|U\.K\.|European|Union|United|Kingdom|and)\b|[’\x27]s\b)*"


def _expand(points: str) -> set[str]:
    """'a-f' -> {'a', ..., 'f'}; 'ea' or 'a-f, ea' -> as listed."""
    out: set[str] = set()
    for piece in points.replace(" ", "").split(","):
        if not piece:
            continue
        if "-" in piece:
            lo, hi = piece.split("-", 1)
            out.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
        else:
            out.add(piece)
    return out


def _structure(rule):
    table = {}
    for entry in rule.options.get("structure", []):
        points = {str(p): _expand(v) for p, v in (entry.get("points") or {}).items()}
        uk_points = {str(p): _expand(v) for p, v in (entry.get("uk-points") or {}).items()}
        table[int(entry["article"])] = (int(entry.get("paragraphs", 0)), points, bool(entry.get("uk")), uk_points)
    return table


def _tokens(parts: str) -> list[str]:
    out = []
    for t in TOKEN.finditer(parts):
        if t.group("skip"):
            continue
        out.append((t.group("p") or t.group("d") or t.group("q") or t.group("l")).lower())
    return out


def _letters(points: set[str]) -> str:
    ordered = sorted(points, key=lambda p: (len(p), p))
    singles = [p for p in ordered if len(p) == 1]
    text = f"({singles[0]}) to ({singles[-1]})" if len(singles) > 2 else " and ".join(f"({p})" for p in singles)
    extra = [p for p in ordered if len(p) > 1]
    return text + "".join(f" and ({p})" for p in extra)


class _Law:
    """Whose article a citation is: ('gdpr' | 'other' | None, 'uk' | 'eu' | None, named beside it)."""

    def __init__(self, rule, doc, ctx):
        self.rule, self.doc, self.ctx = rule, doc, ctx
        self.gdpr = compiled(rule, "gdpr-names")
        self.other = compiled(rule, "other-laws")
        self.eu = compiled(rule, "eu-names")
        self.uk = compiled(rule, "uk-names")
        self.after_gdpr = _cache(rule, "after-gdpr", lambda: compile_pattern(
            rf"^{FILLER}(?P<name>{'|'.join(f'(?:{p})' for p in rule.options['gdpr-names'])})"))
        self.after_other = _cache(rule, "after-other", lambda: compile_pattern(
            rf"^[\s,]*(?:(?:of|in|under|the|from)\s+)*(?:\S+\s+){{0,3}}?(?P<name>{'|'.join(f'(?:{p})' for p in rule.options['other-laws'])})"))
        self.before_gdpr = _cache(rule, "before-gdpr", lambda: compile_pattern(
            rf"(?P<name>{'|'.join(f'(?:{p})' for p in rule.options['gdpr-names'])})(?:[’\x27]s)?[\s,:]*(?:(?:under|in)\s+)?$"))
        self.before_other = _cache(rule, "before-other", lambda: compile_pattern(
            rf"(?P<name>{'|'.join(f'(?:{p})' for p in rule.options['other-laws'])})(?:[’\x27]s)?[\s,:]*(?:(?:under|in)\s+)?$"))

    def _flavour(self, text: str):
        if self.uk.search(text):
            return "uk"
        if self.eu.search(text):
            return "eu"
        return None

    def of(self, start: int, end: int):
        prose = self.doc.prose
        a, _ = self.doc.sentence_at(start)
        _, b = self.doc.sentence_at(max(start, end - 1))  # a citation may hold a dot ("Abs. 1")
        after = prose[end:min(b, end + 90)]
        g = self.after_gdpr.search(after)
        o = self.after_other.search(after)
        if g and (not o or g.start("name") <= o.start("name")):
            return "gdpr", self._flavour(after[:g.end()]), True
        if o and o.start("name") < 60:
            return "other", None, True
        before = prose[max(a, start - 60):start]
        g = self.before_gdpr.search(before)
        if g:
            lead = prose[max(a, start - 80):start]
            return "gdpr", self._flavour(lead), True
        if self.before_other.search(before):
            return "other", None, True
        # Implicit: the sentence, the section or the list's lead-in names the GDPR and the
        # sentence names no other law.
        if self.other.search(prose, a, b):
            return None, None, False
        if self.gdpr.search(prose, a, b):
            return "gdpr", self._flavour(prose[a:b]), False
        block = self.doc.block_at(start)
        if block is not None:
            for title in block.section:
                if self.gdpr.search(title) and not self.other.search(title):
                    return "gdpr", self._flavour(title), False
            lead = self._lead_in(block)
            if lead is not None and self.gdpr.search(prose, *lead) and not self.other.search(prose, *lead):
                return "gdpr", self._flavour(prose[lead[0]:lead[1]]), False
        return None, None, False

    def _lead_in(self, block):
        """The paragraph that introduces the list holding `block` (ending with a colon)."""
        if block.kind != "list_item":
            return None
        blocks = self.doc.blocks
        i = blocks.index(block)
        while i > 0 and blocks[i - 1].kind == "list_item":
            i -= 1
        if i == 0:
            return None
        prev = blocks[i - 1]
        if prev.kind != "paragraph" or not self.doc.prose[prev.start:prev.end].rstrip().endswith(":"):
            return None
        return prev.start, prev.end


def bad_gdpr_citation(rule, doc, ctx):
    prose = doc.prose
    if not compiled(rule, "gdpr-names").search(prose):
        return
    max_articles = int(rule.options.get("articles", 99))
    max_recitals = int(rule.options.get("recitals", 173))
    table = _cache(rule, "structure", lambda: _structure(rule))
    law = _Law(rule, doc, ctx)
    uk_pack = "uk" in ctx.packs

    for m in CITATION.finditer(prose):
        start, end = m.start(), m.end()
        owner, flavour, explicit = law.of(start, end)
        if owner != "gdpr":
            continue
        if not explicit and not m.group("art")[0].isupper():
            continue  # "article" in lower case counts only with the GDPR named beside it
        uk = flavour == "uk" or (flavour is None and uk_pack)
        problem = None
        for r in REF_PARSE.finditer(m.group("refs")):
            number = int(r.group("num"))
            if number == 0 or number > max_articles:
                problem = f"the GDPR has {max_articles} articles; there is no Article {number}"
                break
            if r.group("suf"):
                continue  # lettered articles (UK GDPR Article 22A) are not checked
            entry = table.get(number)
            if entry is None:
                continue
            paragraphs, points, for_uk, uk_points = entry
            if uk and not for_uk:
                continue
            tokens = _tokens(r.group("parts"))
            if not tokens or not tokens[0].isdigit():
                continue
            para = tokens[0]
            what = "definitions" if number == 4 else "paragraphs"
            if paragraphs and not 1 <= int(para) <= paragraphs:
                problem = f"Article {number} of the GDPR has {what} 1 to {paragraphs}; there is no Article {number}({para})"
                break
            allowed = points.get(para)
            if allowed is None:
                continue
            if uk and para in uk_points:
                allowed = allowed | uk_points[para]
            letters = tokens[1:2] + [t.lower() for t in POINT_LETTER.findall(r.group("more"))]
            for point in letters:
                if point.isdigit():
                    break
                if point not in allowed:
                    problem = (f"Article {number}({para}) of the {'UK ' if uk else ''}GDPR has points "
                               f"{_letters(allowed)}; there is no point ({point})")
                    break
            if problem:
                break
        if problem:
            yield Hit(start, end, {"match": _norm(m.group(0)), "problem": problem})

    for m in RECITAL.finditer(prose):
        start, end = m.start(), m.end()
        owner, _, _ = law.of(start, end)
        if owner != "gdpr":
            continue
        for n in RECITAL_NUMBER.findall(m.group("refs")):
            if int(n) == 0 or int(n) > max_recitals:
                yield Hit(start, end, {"match": _norm(m.group(0)),
                                       "problem": f"the GDPR has {max_recitals} recitals; there is no Recital {int(n)}"})
                break
