"""PL301 and PL303-PL308: the disclosures of GDPR Art. 13(1) that a notice must make.

Each rule looks for the organisation's own statements in the prose. A statement is a match
of the rule's vocabulary (regex lists in its catalogue entry) that is

- not in a heading: a topic named only in a heading ("Your rights and how we share data")
  is not a statement of it;
- not part of an idiom that only looks like one (`idioms`: "information you share with us",
  "if you live outside the EEA");
- in a sentence that is not excused (`unless`: "we have not appointed a DPO").

Some rules also accept the text of a section whose heading is about the topic (`section`,
less the `section-filler` words: "Who we share your data with", but not "Your rights and
how we share data"): the list under such a heading needs no verb of its own.

PL301 (the organisation names itself) works differently: it looks for the frames in which
an organisation introduces itself ("Acme Ltd ('we')", "we are Acme", "operated by Acme",
"At Acme, we", "© Acme Ltd"), a legal name that is not a third party's, a title such as
"Acme Privacy Policy", or a name that matches the domain of its own email address.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right

from .. import regexflags as rx
from ..compilecache import compile_re
from ..document import HEADING, TABLE_CELL
from ..finding import Hit
from ..kinds.common import compiled, pattern_list
from ..patterns import OnLinesWith, compile_pattern, compile_regex_filtered, escape
from ..prefilter import matcher, overlapped
from .contacts import EMAIL, contact_routes

# ----------------------------------------------------------------------------------------
# Shared helpers



def _spans(rule, doc, key: str) -> list[tuple[int, int]]:
    """Sorted (start, end) of every match of the option `key` in the prose."""
    pattern = compiled(rule, key)
    if pattern is None:
        return []
    ck = ("spans", key, id(rule.options.get(key)))
    cache = doc.derived
    if ck not in cache:
        cache[ck] = [(m.start(), m.end()) for m in pattern.finditer(doc.prose) if m.end() > m.start()]
    return cache[ck]


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) overlaps one of the sorted, non-overlapping spans."""
    i = bisect_right(spans, (a, float("inf"))) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans):
            s, e = spans[j]
            if s < b and a < e:
                return True
    return False


def _is_heading(doc, offset: int) -> bool:
    block = doc.block_at(offset)
    return block is not None and block.kind == HEADING


def _sentence_matches(doc, offset: int, pattern) -> bool:
    if pattern is None:
        return False
    a, b = doc.sentence_at(offset)
    return pattern.search(doc.prose, a, b) is not None


def statements(rule, doc, key: str, idioms: str = "idioms", unless: str = "unless", when: str | None = None):
    """Matches of option `key` that state something (see the module docstring), in order."""
    ck = ("statements", rule.code, key, idioms, unless, when)
    cache = doc.derived
    if ck not in cache:
        cache[ck] = list(_statements(rule, doc, key, idioms, unless, when))
    return cache[ck]


def states(rule, doc, key: str, idioms: str = "idioms", unless: str = "unless", when: str | None = None) -> bool:
    """Whether statements() would find any: for a rule that only asks whether the notice
    says something at all, the search stops at the first statement (most notices state
    their purposes early, and a pattern of many common verbs is dear to try everywhere)."""
    found = doc.derived.get(("statements", rule.code, key, idioms, unless, when))
    if found is not None:
        return bool(found)
    return next(_statements(rule, doc, key, idioms, unless, when), None) is not None


def _statements(rule, doc, key: str, idioms: str, unless: str, when: str | None):
    pattern = compiled(rule, key)
    if pattern is None:
        return
    idiom_spans = _spans(rule, doc, idioms)
    unless_p = compiled(rule, unless)
    when_p = compiled(rule, when) if when else None
    for m in pattern.finditer(doc.prose):
        if m.end() == m.start():
            continue
        block = doc.block_at(m.start())
        if block is None or block.kind == HEADING or m.end() > block.end:
            continue
        if idiom_spans and _inside(idiom_spans, m.start(), m.end()):
            continue
        if _sentence_matches(doc, m.start(), unless_p):
            continue
        if when_p is not None and not _sentence_matches(doc, m.start(), when_p):
            continue
        yield m


def _topic_headings(block) -> tuple[str, ...]:
    """The headings a block sits under, less the document's title when there are others."""
    section = block.section
    return section[1:] if len(section) > 1 else section


def _about(rule, title: str, key: str, filler: str) -> bool:
    """Whether a heading is about the topic of option `key`: it names the topic and has no
    other word of substance once the `filler` words are taken out
    ("How we use your information", not "Your rights and how we use your information")."""
    pattern = compiled(rule, key)
    hits = list(pattern.finditer(title))
    if not hits:
        return False
    rest = title
    for m in reversed(hits):
        rest = rest[:m.start()] + " " + rest[m.end():]
    fill = compiled(rule, filler)
    if fill is not None:
        rest = fill.sub(" ", rest)
    return not _words(rest)


def section_blocks(rule, doc, key: str = "section", filler: str = "section-filler"):
    """Non-heading blocks with text, in a section whose heading is about the topic."""
    if compiled(rule, key) is None:
        return []
    out = []
    memo: dict[str, bool] = {}
    for block in doc.blocks:
        if block.kind == HEADING or not doc.prose[block.start:block.end].strip():
            continue
        for title in _topic_headings(block):
            if title not in memo:
                memo[title] = _about(rule, title, key, filler)
            if memo[title]:
                out.append(block)
                break
    return out


WORD = compile_regex_filtered(r"[\p{L}\d][\p{L}\d'’.&!?-]*")
LETTER = compile_regex_filtered(r"\p{L}")
CAPITAL = compile_regex_filtered(r"\p{Lu}")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _not_empty(doc) -> bool:
    return bool(doc.prose.strip())


# ----------------------------------------------------------------------------------------
# PL304 no-purposes


def no_purposes(rule, doc, ctx):
    if not _not_empty(doc):
        return
    if states(rule, doc, "patterns"):
        return
    for block in section_blocks(rule, doc):
        if len(_words(doc.prose[block.start:block.end])) >= 2:
            return
    yield Hit(0, 0)


# ----------------------------------------------------------------------------------------
# PL305 no-lawful-basis


def _basis_heading(rule, doc) -> bool:
    """A heading that is itself a lawful basis ("Consent", "Our legitimate interests"),
    with text under it: the section is about that basis."""
    for i, block in enumerate(doc.blocks):
        if block.kind != HEADING or not _about(rule, doc.prose[block.start:block.end], "patterns", "heading-filler"):
            continue
        nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
        if nxt is not None and nxt.kind != HEADING and len(_words(doc.prose[nxt.start:nxt.end])) >= 3:
            return True
    return False


def no_lawful_basis(rule, doc, ctx):
    if not _not_empty(doc):
        return
    if states(rule, doc, "patterns") or _basis_heading(rule, doc):
        return
    yield Hit(0, 0)


# ----------------------------------------------------------------------------------------
# PL306 legitimate-interests-unstated


def _same_row(doc, offset: int) -> tuple[int, int] | None:
    """The source line of a table cell (a Markdown table row), or None."""
    block = doc.block_at(offset)
    if block is None or block.kind != TABLE_CELL:
        return None
    line = doc.lines.line_of(offset)
    a = doc.lines.line_start(line)
    b = doc.source.find("\n", a)
    return a, (len(doc.source) if b < 0 else b)


def _li_explained(rule, doc, m) -> bool:
    """Whether the mention of legitimate interests `m` comes with what they are."""
    prose = doc.prose
    a, b = doc.sentence_at(m.start())
    block = doc.block_at(m.start())
    for e in compiled(rule, "explained").finditer(prose, a, b):
        if e.start() <= m.start() < e.end():
            return True
    purpose = compiled(rule, "purpose")
    if purpose.search(prose, a, b):
        return True
    row = _same_row(doc, m.start())
    if row:
        # In a table, another cell of the row says what the processing is for.
        basis = compiled(rule, "patterns")
        for cell in doc.blocks:
            if cell.kind == TABLE_CELL and row[0] <= cell.start < row[1] and not cell.start <= m.start() < cell.end:
                text = prose[cell.start:cell.end]
                if len(_words(text)) >= 2 and not basis.search(text):
                    return True
    # "We use analytics to improve the site. We do this in our legitimate interests."
    if compiled(rule, "anaphora").search(prose, a, b) and block is not None:
        before = prose[block.start:a]
        if purpose.search(before):
            return True
    return False


def _li_section_explained(rule, doc) -> bool:
    """A section headed by legitimate interests with text under it sets them out."""
    for block in doc.blocks:
        if block.kind == HEADING:
            continue
        if not block.section or not _about(rule, block.section[-1], "patterns", "section-filler"):
            continue
        if len(_words(doc.prose[block.start:block.end])) >= 3:
            return True
    return False


def legitimate_interests_unstated(rule, doc, ctx):
    mentions = statements(rule, doc, "patterns")
    if not mentions:
        return
    if any(_li_explained(rule, doc, m) for m in mentions) or _li_section_explained(rule, doc):
        return
    m = mentions[0]
    yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})


# ----------------------------------------------------------------------------------------
# PL307 no-recipients


def no_recipients(rule, doc, ctx):
    if not _not_empty(doc):
        return
    if states(rule, doc, "patterns", when="recipient") or states(rule, doc, "uses"):
        return
    recipient = compiled(rule, "recipient")
    for block in section_blocks(rule, doc):
        if recipient.search(doc.prose, block.start, block.end):
            return
    yield Hit(0, 0)


# ----------------------------------------------------------------------------------------
# PL308 transfer-without-safeguard


def transfer_without_safeguard(rule, doc, ctx):
    transfers = statements(rule, doc, "destination", when="transfer")
    if not transfers:
        return
    prose = doc.prose
    for m in compiled(rule, "safeguards").finditer(prose):
        if not _sentence_matches(doc, m.start(), compiled(rule, "history")):
            return
    consent = compiled(rule, "explicit-consent")
    context = compiled(rule, "consent-context")
    deemed = compiled(rule, "deemed-consent")
    for m in consent.finditer(prose):
        if _sentence_matches(doc, m.start(), deemed):
            continue
        block = doc.block_at(m.start())
        in_section = block is not None and any(context.search(t) for t in block.section)
        if in_section or _sentence_matches(doc, m.start(), context):
            return
    m = transfers[0]
    yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})


# ----------------------------------------------------------------------------------------
# PL303 no-dpo-contact


def _dpo_routes(rule, doc, ctx) -> list[tuple[int, int, str]]:
    ck = ("dpo-routes", rule.code)
    cache = doc.derived
    if ck not in cache:
        cache[ck] = sorted((a, b, text) for _, a, b, text in contact_routes(rule, doc, ctx))
    return cache[ck]


def _section_end(doc, block) -> int:
    """Where the section holding `block` ends: the next heading of the same or a higher level."""
    level = None
    i = doc.blocks.index(block)
    for prev in reversed(doc.blocks[:i + 1]):
        if prev.kind == HEADING:
            level = prev.level
            break
    for nxt in doc.blocks[i + 1:]:
        if nxt.kind == HEADING and (level is None or nxt.level <= level):
            return nxt.start
    return len(doc.source)


def _dpo_reached(rule, doc, ctx, m, routes) -> bool:
    near = int(rule.options.get("near", 400))
    a, b = doc.sentence_at(m.start())
    block = doc.block_at(m.start())
    lo = max(a - 200, block.start if block is not None else a - 200)
    hi = max(b, m.end() + near)
    if block is not None and doc.format == "markdown":
        # Markdown headings are real: the DPO's details belong to the section of the mention.
        hi = max(b, min(hi, _section_end(doc, block))) if block.kind != HEADING else _section_end(doc, block)
    for s, e, _ in routes:
        if lo <= s < hi:
            return True
    # The DPO's own section: "## Our Data Protection Officer" followed by an address.
    if block is not None:
        for i, title in enumerate(block.section):
            if compiled(rule, "patterns").search(title):
                heading = next((h for h in doc.headings if doc.text_of(h) == " ".join(title.split())), None)
                if heading is not None:
                    end = _section_end(doc, heading)
                    if any(heading.start <= s < end for s, _, _ in routes):
                        return True
    referral = compiled(rule, "referral")
    if routes and referral is not None and referral.search(doc.prose, a, b):
        return True
    return False


def no_dpo_contact(rule, doc, ctx):
    mentions = statements(rule, doc, "patterns", idioms="idioms", unless="unless")
    heads = [m for m in compiled(rule, "patterns").finditer(doc.prose) if _is_heading(doc, m.start())]
    if not mentions and not heads:
        return
    negated = compiled(rule, "unless")
    heads = [m for m in heads if not _sentence_matches(doc, m.start(), negated)]
    all_mentions = sorted(list(mentions) + heads, key=lambda m: m.start())
    if not all_mentions:
        return
    routes = _dpo_routes(rule, doc, ctx)
    named = compiled(rule, "dpo-address")
    if any(named.search(text) for _, _, text in routes):
        return
    if any(_dpo_reached(rule, doc, ctx, m, routes) for m in all_mentions):
        return
    m = all_mentions[0]
    yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})


# ----------------------------------------------------------------------------------------
# PL301 no-controller-identity

LEGAL_SUFFIX = (
    r"(?-i:Ltd\.?|Limited|L\.?L\.?C\.?|LLP|L\.P\.|Inc\.?|Incorporated|Corp\.?|Corporation|plc|PLC|P\.L\.C\."
    r"|GmbH|gGmbH|AG|SE|S\.A\.S\.?|SAS|S\.A\.|SA|SARL|S\.?à\s?r\.?l\.?|S\.r\.l\.|Srl|S\.p\.A\.|SpA|B\.V\.|BV|N\.V\.|NV"
    r"|AB|A/S|ApS|AS|Oy|Oyj|Pty\.?(?:\s+Ltd\.?)?|Pte\.?(?:\s+Ltd\.?)?|K\.K\.|CIC|e\.\s?V\.|UG|KG|Co\.,?\s+Ltd\.?)"
)
TOKEN = (
    r"(?-i:\([\p{Lu}]{2,4}\)|[\p{Lu}\d][\p{L}\d&'’.\-!?+]*[\p{L}\d!?]|[\p{Lu}]"
    r"|\p{Ll}{1,3}-?\p{Lu}[\p{L}\d.\-]*[\p{L}\d])"
)
DOMAIN = r"(?-i:(?:[\p{L}\d][\p{L}\d-]*\.)+[a-z]{2,6})\b"
CONNECT = r"(?-i:of|and|for|the|de|du|la|le|von|van|der|in|on|&|y|et)"
NAME = (
    rf"(?<![\p{{L}}\d@/.-])(?<![\[<{{]\s?)(?:{DOMAIN}|{TOKEN}(?:[ \t]+(?:{CONNECT}[ \t]+)?{TOKEN}){{0,5}})"
    rf"(?:,?[ \t]+{LEGAL_SUFFIX}(?![\p{{L}}]))?"
)
# A name and its legal form ("Acme Widgets Ltd"), looked for from the start of the lines
# that hold a form: the name before it is on the same line.
LEGAL_NAME = OnLinesWith(
    compile_regex_filtered(
        rf"(?<![\p{{L}}\d])(?P<name>{TOKEN}(?:[ \t]+(?:{CONNECT}[ \t]+)?{TOKEN}){{0,5}},?[ \t]+{LEGAL_SUFFIX})(?![\p{{L}}])",
        rx.V0,
    ),
    compile_re(rf"[ \t]{LEGAL_SUFFIX}"),
)
FRONT_TITLE = compile_regex_filtered(r"\A(?:---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)(?:---|\.\.\.|\+\+\+)[ \t]*$", rx.S | rx.M)
TITLE_LINE = compile_regex_filtered(r"^title\s*[:=]\s*[\"']?(?P<title>[^\"'\r\n]+)", rx.M)


NAME_RE = compile_regex_filtered(NAME, rx.V0 | rx.I)


SKIP_MARKUP = compile_regex_filtered(r"[*_ \t]*")


def _frame(rule, key: str, i: int, raw: str):
    """Item i of option `key`, split at {name} into the patterns before and after the name,
    compiled on first use. The name itself is matched by NAME: one compiled pattern instead
    of a copy of it inside every frame."""
    cache = rule.__dict__.setdefault("_frames", {})
    ck = (key, i)
    if ck not in cache:
        before, _, after = raw.partition("{name}")
        # `before` is searched with overlapped matches, a `regex` extension
        before_compiled = compile_regex_filtered(before, rx.M | rx.I) if before else None
        cache[ck] = (before_compiled, compile_pattern(after) if after else None)
    return cache[ck]


def _candidate_names(doc) -> array:
    """Where every run of words that could be a name is in the prose: start and end
    offsets, one after the other (kept for the other frames; as offsets rather than match
    objects, a tenth of the memory)."""
    cache = doc.derived
    if "names" not in cache:
        cache["names"] = array("q", (i for n in NAME_RE.finditer(doc.prose) for i in n.span()))
    return cache["names"]


def _frame_matches(rule, doc, key: str = "frames"):
    """(name, end of frame) for each frame that introduces a name, frame by frame."""
    prose = doc.prose
    for i, raw in enumerate(pattern_list(rule, key)):
        before, after = _frame(rule, key, i, raw)
        after_match = matcher(after, prose) if after is not None else None
        if after is not None and after_match is None:
            continue  # the words after the name are nowhere in the notice
        if before is None:
            spans = _candidate_names(doc)
        else:
            spans = []
            for m in overlapped(before, prose):
                n = NAME_RE.match(prose, SKIP_MARKUP.match(prose, m.end()).end())
                if n:
                    spans.extend(n.span())
        for k in range(0, len(spans), 2):
            start, end = spans[k], spans[k + 1]
            if after_match is None:
                yield prose[start:end], end
            else:
                m = after_match(prose, end)
                if m:
                    yield prose[start:end], m.end()


def _word_set(rule, key: str) -> set[str]:
    cache = rule.__dict__.setdefault("_wordsets", {})
    if key not in cache:
        cache[key] = {w.casefold() for w in pattern_list(rule, key)}
    return cache[key]


def _name_tokens(name: str) -> list[str]:
    return [t.strip("'’.,;:!?()®™").casefold() for t in name.split() if t.strip("'’.,;:!?()®™")]


LEADING_THE = compile_regex_filtered(r"^(?:the|The)\s+")
TRAILING_LEGAL_FORM = compile_regex_filtered(rf",?\s+{LEGAL_SUFFIX}$")


def _real_name(rule, name: str) -> bool:
    """A name, not a pronoun, a law, a generic noun or a third party's name."""
    name = LEADING_THE.sub("", name.strip())
    name = TRAILING_LEGAL_FORM.sub("", name).strip()
    tokens = _name_tokens(name)
    if not tokens:
        return False
    stop = _word_set(rule, "not-names")
    generic = _word_set(rule, "generic-words")
    if tokens[0] in stop:
        return False
    if all(t in generic or t in stop or t.isdigit() for t in tokens):
        return False
    while len(tokens) > 1 and (tokens[-1].isdigit() or tokens[-1] in ("of", "and", "&")):
        tokens = tokens[:-1]  # "... Act of 2020"
    if tokens[-1] in _word_set(rule, "not-last") or any(t in _word_set(rule, "not-within") for t in tokens):
        return False
    third = _word_set(rule, "third-parties")
    if tokens[0] in third or " ".join(tokens[:2]) in third:
        return False
    return True


def _framed(rule, doc) -> bool:
    return any(_real_name(rule, name) for name, _ in _frame_matches(rule, doc))


def _legal_name(rule, doc) -> bool:
    cues = compiled(rule, "third-party-cues")
    for m in LEGAL_NAME.finditer(doc.prose):
        if not _real_name(rule, m.group("name")):
            continue
        a, b = doc.sentence_at(m.start())
        context = doc.prose[a:m.start()] + " " + doc.prose[m.end():b]
        if cues is not None and cues.search(context):
            continue
        return True
    return False


def _titles(doc) -> list[str]:
    out = []
    fm = FRONT_TITLE.match(doc.source)
    if fm:
        t = TITLE_LINE.search(fm.group("body"))
        if t:
            out.append(t.group("title"))
    for block in doc.blocks[:4]:
        if block.kind == HEADING:
            out.append(doc.prose[block.start:block.end])
            break
    return out


def _titled(rule, doc) -> bool:
    """A title such as "Acme Privacy Policy" or "Privacy notice for Acme"."""
    topic = compiled(rule, "title-topic")
    for title in _titles(doc):
        if topic is None or not topic.search(title):
            continue
        rest = topic.sub(" ", title)
        for token in _words(rest):
            t = token.strip("'’.,;:!?()®™-")
            if not t or not LETTER.search(t):
                continue
            if not (t[0].isupper() or t[0].isdigit() or "." in t or CAPITAL.search(t, 1)):
                # a lower-case brand is a name only when nothing else in the title is prose
                if len(_words(rest)) > 2:
                    continue
            if _real_name(rule, t):
                return True
    return False


def _own_domains(rule, doc, ctx) -> set[str]:
    free = _word_set(rule, "mail-providers")
    regulators = {d.lower() for d in ctx.fact("regulators.domains", [])}
    labels = set()
    texts = [m.group(0) for m in EMAIL.finditer(doc.prose)]
    texts += [link.target[7:] for link in doc.links if link.target.lower().startswith("mailto:")]
    for text in texts:
        domain = text.split("@")[-1].lower().strip(".>")
        if domain in regulators or any(domain.endswith("." + r) for r in regulators):
            continue
        parts = [p for p in domain.split(".") if p]
        if len(parts) < 2:
            continue
        sld = parts[-3] if len(parts) >= 3 and parts[-2] in ("co", "org", "ac", "gov", "com", "net") and len(parts[-1]) == 2 else parts[-2]
        if sld not in free and len(sld) >= 3:
            labels.add(sld)
    return labels


def _domain_brand(rule, doc, ctx) -> bool:
    """A word that is the organisation's own email domain: 'larkhill' with root@larkhill.net."""
    labels = _own_domains(rule, doc, ctx)
    if not labels:
        return False
    prose = doc.prose
    for label in labels:
        brand = compile_regex_filtered(rf"(?<![\w@.\-/]){escape(label)}(?:\.[a-z]{{2,6}})?(?![\w@\-/])", rx.I)
        for m in brand.finditer(prose):
            if _real_name(rule, m.group(0)):
                return True
    return False


def _configured(doc, ctx) -> bool:
    org = ctx.organisation or {}
    names = [org.get("name")] + list(org.get("aliases") or [])
    for name in names:
        if isinstance(name, str) and name.strip():
            if compile_regex_filtered(rf"(?<!\w){escape(name.strip())}(?!\w)", rx.I).search(doc.prose):
                return True
    return False


def identifies_itself(rule, doc, ctx) -> bool:
    return (
        _configured(doc, ctx) or _legal_name(rule, doc) or _titled(rule, doc)
        or _domain_brand(rule, doc, ctx) or _framed(rule, doc)
    )


def no_controller_identity(rule, doc, ctx):
    if not _not_empty(doc):
        return
    if identifies_itself(rule, doc, ctx):
        return
    yield Hit(0, 0)
