"""Document hygiene: PL601 template-placeholder, PL602 markup-artifact, PL603 mojibake,
PL610 empty-section.

These rules look at what a reader of the published page would see. Most of them search the
prose view; a few things a Markdown parser blanks as markup (`<DATE>` reads as an HTML tag,
`***INSERT***` as emphasis, `{{ ... }}` inside a link target) are searched for in the
source, outside code, comments and front matter (`hidden_spans`).

Template engines: a Markdown file with front matter is a page of a static site (Jekyll,
Hugo, Eleventy), whose engine fills in `{{ site.email }}` and runs `{% include %}`; those
expressions are not placeholders. A plain `.txt` or `.md` file without front matter is read
as written, so any `{{ ... }}` in it is text someone forgot to fill in.

The vocabularies (instruction words, placeholder nouns, interface leftovers) are the rules'
options in rules/*.toml.
"""
from __future__ import annotations

import re
from html.entities import html5
from bisect import bisect_left

from .. import regexflags as rx
from ..compilecache import compile_re
from ..finding import Fix, Hit
from ..kinds.common import compiled
from ..parse.markdown import CODE_SPAN, FRONT_MATTER
from ..parse.markup import HTML_COMMENT, RAW_TEXT_ELEMENT
from ..patterns import Cued, compile_regex_filtered

TASK_BOX = compile_regex_filtered(r"\[[ xX]\]")
ATTRIBUTE_MARK = compile_regex_filtered(r"[=\"']")

# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------

FENCE = compile_re(r"^[ \t>]*(`{3,}|~{3,})", re.M)
HTML_TAG_NAMES = (
    "a|abbr|address|article|aside|b|bdi|bdo|big|blockquote|body|br|button|caption|center|cite|code|col|"
    "colgroup|dd|del|details|dfn|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|h[1-6]|"
    "head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|mark|meta|nav|noscript|"
    "object|ol|optgroup|option|p|picture|pre|q|s|samp|script|section|select|small|source|span|strike|"
    "strong|style|sub|summary|sup|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|tt|u|"
    "ul|var|video|wbr"
)
KNOWN_TAG = compile_re(rf"</?(?:{HTML_TAG_NAMES})(?=[\s/>])[^<>]*>", re.I)


def has_front_matter(doc) -> bool:
    """A Markdown page with front matter belongs to a site generator that renders it."""
    return doc.format == "markdown" and FRONT_MATTER.match(doc.source) is not None


TEMPLATE_SUFFIXES = (".html", ".htm", ".xhtml", ".erb", ".njk", ".nunjucks", ".jinja", ".jinja2", ".j2",
                     ".cshtml", ".razor", ".tpl", ".twig", ".hbs", ".handlebars", ".mustache", ".liquid",
                     ".php", ".jsp", ".ejs", ".xml")


def is_template_file(doc) -> bool:
    """HTML and template files read as text until they get a front end of their own: their
    markup and template expressions are what the file is made of, not leftovers."""
    return doc.path.lower().endswith(TEMPLATE_SUFFIXES)



def hidden_spans(doc) -> list[tuple[int, int]]:
    """Sorted (start, end) of source a reader never sees as text: front matter, fenced
    code, code spans, HTML comments (Markdown only; plain text hides nothing)."""
    cache = doc.derived
    if "hygiene.hidden" in cache:
        return cache["hygiene.hidden"]
    spans: list[tuple[int, int]] = []
    src = doc.source
    if doc.format == "markdown":
        fm = FRONT_MATTER.match(src)
        if fm:
            spans.append((0, fm.end()))
        opened = None
        for m in FENCE.finditer(src):
            fence = m.group(1)
            if opened is None:
                opened = (m.start(), fence)
            elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]):
                end = src.find("\n", m.end())
                spans.append((opened[0], len(src) if end < 0 else end))
                opened = None
        if opened is not None:
            spans.append((opened[0], len(src)))
        for m in HTML_COMMENT.finditer(src):
            spans.append((m.start(), m.end()))
        for m in RAW_TEXT_ELEMENT.finditer(src):
            spans.append((m.start(), m.end()))
        if "`" in src:
            for m in CODE_SPAN.finditer(src):
                spans.append((m.start(), m.end()))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    cache["hygiene.hidden"] = merged
    return merged


def is_hidden(doc, start: int, end: int | None = None) -> bool:
    """Whether any of [start, end) is hidden (the spans are disjoint and sorted)."""
    spans = hidden_spans(doc)
    end = start + 1 if end is None else end
    i = bisect_left(spans, (end,)) - 1
    return i >= 0 and spans[i][1] > start


def in_link_target(doc, start: int, end: int) -> bool:
    """Whether [start, end) lies in a link but outside its visible text."""
    for link in doc.links:
        if link.start <= start and end <= link.end:
            return doc.prose[start:end].strip() == ""
    return False


def _merge(spans: list[tuple[int, int]], source: str, glue: str = " \t-/.():+,") -> list[tuple[int, int]]:
    """Merge spans that overlap or are separated only by a little punctuation on one line."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out:
            gap = source[out[-1][1]:a]
            if a <= out[-1][1] or (len(gap) <= 3 and all(c in glue for c in gap)):
                out[-1][1] = max(out[-1][1], b)
                continue
        out.append([a, b])
    return [(a, b) for a, b in out]


def _quote(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------
# PL601 template-placeholder
# ---------------------------------------------------------------------------------------

BRACKETED = compile_regex_filtered(r"\[([^\[\]\n]{1,80})\]")
ANGLED = compile_regex_filtered(r"<<\s*([^<>\n]{1,60}?)\s*>>|<(?![!/?%])([^<>\n]{1,60})>")
DOUBLE_BRACES = compile_regex_filtered(r"\{\{-?\s*(.{0,80}?)\s*-?\}\}", rx.S)
# On a page a template engine renders, {{ ... }} is an expression unless it holds a literal
# value: nothing, a date or number, or words of text ("{{ Company Name }}").
LITERAL_IN_BRACES = compile_regex_filtered(
    r"[\d\s/.,:-]*"
    r"|(?!.*\b(?:if|else|elif|endif|or|and|not|in|is|for|with|as)\b)(?=.*\b\p{Lu})[\p{L}\d][\p{L}\d'’]*(?:,?\s+[\p{L}\d][\p{L}\d'’]*)+",
    rx.S,
)
UNDERSCORE_BLANK = compile_regex_filtered(r"_{4,}")
WORD = compile_regex_filtered(r"[\p{L}][\p{L}'’-]*")
SENTENCE_CASE_COMPANY = compile_regex_filtered(
    r"(?-i:(?<=\b(?:is|of|by|to|from|with|that|contact|contacting|about|at|for|on|as|"
    r"under|between|whom|which|means|allow|allows|let|lets|give|gives|help|helps)\s+)"
    r"Company(?:['’]s)?\b(?!\s*(?:[\p{Lu}\d(\"“'‘-]|&)))"
)
COMPANY_AS_SUBJECT = compile_regex_filtered(
    r"(?-i:(?:(?<=^[ \t>*_-]*)|(?<=[.!?:][\"”’)]?\s+))Company(?:['’]s)?(?=\s+(?:may|will|shall|does|collects|uses|is|has|"
    r"can|respects|reserves|takes|provides|processes|stores|shares|keeps|retains|values|understands|recognizes|"
    r"recognises|complies|operates|owns|commits)\b))",
    rx.M,
)
COMPANY_DEFINED = compile_regex_filtered(r"(?-i:[\"“'‘]\s*Company\s*[\"”'’]|\(\s*Company\s*\)|\bthe\s+Company\b)")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more starts with a capital."""
    long_words = [w for w in words if len(w) >= 4]
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() for w in long_words)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _placeholder_text(rule, content: str, whole_block: bool = False) -> bool:
    """Whether the text inside brackets reads as something to fill in."""
    text = " ".join(content.split())
    if not text or compiled(rule, "not-placeholders").fullmatch(text):
        return False
    if compiled(rule, "blank-marks").fullmatch(text):
        return True
    if compiled(rule, "instructions").match(text) or compiled(rule, "endings").search(text):
        return True
    words = _words(text)
    if not words:
        return False
    nouns = compiled(rule, "nouns")
    glue = compiled(rule, "glue-words")
    noun_count = sum(1 for w in words if nouns.fullmatch(w))
    if noun_count and all(nouns.fullmatch(w) or glue.fullmatch(w) for w in words):
        return True  # [company name], [Date], [EMAIL ADDRESS], [your address]
    if _all_caps(text) and ("_" in text or len(words) >= 2 or noun_count or len(words[0]) >= 6):
        return True  # [COMPANY], [LEGAL ENTITY], [CONTROLLER_NAME]
    if noun_count and _title_case(words) and len(words) <= 6:
        return True  # [Company Legal Name], [Website Address Here]
    if whole_block and words[0][0].isupper() and len(words) <= 5 and not any(c.isdigit() for c in text):
        return True  # a bracketed label standing alone where details belong
    return False


def _mostly_capitals(doc, offset: int) -> bool:
    """The sentence is written in capitals (a shouted disclaimer), so capitals mean nothing."""
    a, b = doc.sentence_at(offset)
    letters = [c for c in doc.prose[a:b] if c.isalpha()]
    return len(letters) >= 40 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def template_placeholder(rule, doc, ctx):
    prose, source = doc.prose, doc.source
    spans: list[tuple[int, int]] = []

    # Words and forms that are placeholders wherever they stand.
    for m in compiled(rule, "patterns").finditer(prose):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    shouted = compiled(rule, "capital-words")
    if shouted is not None:
        for m in shouted.finditer(prose):
            if not _mostly_capitals(doc, m.start()):
                spans.append((m.start(), m.end()))

    # "Your Company" and the like, unless in a title-case heading.
    for m in compiled(rule, "generic-names").finditer(prose):
        block = doc.block_at(m.start())
        if block is not None and block.kind == "heading" and _title_case(_words(doc.text_of(block))):
            continue
        spans.append((m.start(), m.end()))

    # "Company" written as if it were the name ("It is Company's policy"), when the text
    # never defines "Company" as its short name for itself.
    if "Company" in prose and not COMPANY_DEFINED.search(prose):
        for pattern in (SENTENCE_CASE_COMPANY, COMPANY_AS_SUBJECT):
            for m in pattern.finditer(prose):
                spans.append((m.start(), m.end()))

    # [COMPANY NAME], [insert date], [Your Email Address]: brackets still visible in prose.
    for m in BRACKETED.finditer(prose):
        a, b = m.span()
        nxt = source[b:b + 1]
        if nxt in ("(", "[", ":") or (a > 0 and source[a - 1] == "!"):
            continue  # link or image syntax left as text: a markup matter (PL602)
        block = doc.block_at(a)
        if block is not None and block.kind == "list_item" and block.start == a and m.group(1) in (" ", "x", "X"):
            continue  # a task-list box
        whole = block is not None and block.start == a and block.end == b
        if _placeholder_text(rule, m.group(1), whole):
            spans.append((a, b))

    # <DATE>, <<Company>>, <insert address>: Markdown may read them as HTML tags.
    for m in ANGLED.finditer(source):
        content = m.group(1) if m.group(1) is not None else m.group(2)
        a, b = m.span()
        if is_hidden(doc, a, b) or in_link_target(doc, a, b):
            continue
        if m.group(2) is not None and (KNOWN_TAG.fullmatch(m.group(0)) or re.match(r"(?:https?|ftp|mailto):|[\w.+-]+@", content)):
            continue
        if m.group(2) is not None and ATTRIBUTE_MARK.search(content):
            continue  # an element with attributes
        if _placeholder_text(rule, content) or (m.group(1) is not None and _words(content)):
            spans.append((a, b))

    # ______ blanks to fill in.
    for m in UNDERSCORE_BLANK.finditer(source):
        a, b = m.span()
        if is_hidden(doc, a, b):
            continue
        ls = source.rfind("\n", 0, a) + 1
        le = source.find("\n", b)
        line = source[ls:len(source) if le < 0 else le]
        rest = (line[:a - ls] + line[b - ls:]).strip(" \t>*-+|")
        heading = doc.format == "markdown" and line.lstrip().startswith("#")
        if rest or heading:
            spans.append((a, b))  # a blank to fill in, not a separator line

    # {{ ... }}: a placeholder unless a template engine fills it in.
    engine = has_front_matter(doc) or is_template_file(doc)
    for m in DOUBLE_BRACES.finditer(source):
        a, b = m.span()
        if is_hidden(doc, a, b):
            continue
        if doc.format == "markdown" and doc.path.lower().endswith(".mdx") and source[max(0, a - 1):a] == "=":
            continue  # a JSX attribute value (style={{...}})
        inner = m.group(1).strip()
        if engine and not LITERAL_IN_BRACES.fullmatch(inner):
            continue  # {{ site.email }} on a static-site page
        spans.append((a, b))

    for a, b in _merge(spans, source):
        if doc.format == "markdown":  # ***INSERT***: take in the emphasis around the word
            while a > 0 and source[a - 1] in "*_" and not doc.prose[a - 1].strip():
                a -= 1
            while b < len(source) and source[b] in "*_" and not doc.prose[b].strip():
                b += 1
        yield Hit(a, b, {"match": _quote(source[a:b])})


# ---------------------------------------------------------------------------------------
# PL602 markup-artifact
# ---------------------------------------------------------------------------------------

JSX_STRING = compile_regex_filtered(r"\{\s*(?:\"[^\"\n{}]*\"|'[^'\n{}]*'|`[^`\n{}]*`)\s*\}")
TEMPLATE_TAG = compile_regex_filtered(r"\{%-?.{0,200}?-?%\}|<%[=#-]?.{0,200}?-?%>|\{#.{0,200}?#\}", rx.S)
TEXT_ENTITY = compile_regex_filtered(r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6});")
MD_ESCAPED_MARKUP = compile_regex_filtered(
    rf"&amp;(?:[A-Za-z][A-Za-z0-9]{{1,7}}|#[0-9]{{2,7}}|#[xX][0-9a-fA-F]{{2,6}});|&lt;/?(?:{HTML_TAG_NAMES})\b[^\n]{{0,80}}?&gt;",
    rx.I,
)
TEXT_MD_LINK = compile_regex_filtered(r"\[[^\[\]\n]+\]\((?:https?://|mailto:|/|#|www\.)[^)\s]*\)|!\[[^\[\]\n]*\]\([^)\s]*\)")
TEXT_ESCAPE = compile_regex_filtered(r"(?<![\\\w:])\\[*_`#+\-\[\]()!.>]")
LONE_STARS = compile_regex_filtered(r"(?:(?<=[ \t])|^)\*{2,}(?=[ \t]|$)", rx.M)
EMPTY_PARENS = compile_regex_filtered(r"\(\s*\)")
ANY_BRACKET = compile_regex_filtered(r"[\[\]()]")


def _bracket_problems(prose: str, source: str, a: int, b: int) -> list[tuple[int, int]]:
    """Unmatched square brackets, empty [] and (), and '(' left open before a space."""
    out: list[tuple[int, int]] = []
    square: list[int] = []
    round_: list[int] = []
    for m in ANY_BRACKET.finditer(prose, a, b):
        c, i = m.group(0), m.start()
        if c == "[":
            square.append(i)
        elif c == "]":
            if square:
                j = square.pop()
                if source[j + 1:i] == "":
                    out.append((j, i + 1))
            else:
                out.append((i, i + 1))
        elif c == "(":
            round_.append(i)
        else:
            if round_:
                j = round_.pop()
                if source[j + 1:i].strip() == "" and not (j > 0 and (source[j - 1].isalnum() or source[j - 1] == "_")):
                    out.append((j, i + 1))  # not a function's "()" as in "the gtag() call"
            # a lone ')' closes "a)" / "1)" enumerations: not reported
    out.extend((i, i + 1) for i in square)
    for i in round_:
        if i + 1 < b and prose[i + 1] in " \t\n":
            out.append((i, i + 1))  # "( does": the link that stood here is gone
    return out


def markup_artifact(rule, doc, ctx):
    prose, source = doc.prose, doc.source
    spans: list[tuple[int, int, str]] = []
    engine = has_front_matter(doc) or is_template_file(doc)
    text = doc.format == "text" and not is_template_file(doc)

    def add(a: int, b: int) -> None:
        spans.append((a, b, source[a:b]))

    # JSX whitespace and string literals: {" "}, {' '}.
    for m in JSX_STRING.finditer(source):
        if not is_hidden(doc, m.start(), m.end()) and not in_link_target(doc, m.start(), m.end()):
            add(*m.span())
    # Template tags no engine will run.
    if not engine:
        for m in TEMPLATE_TAG.finditer(source):
            if not is_hidden(doc, m.start(), m.end()):
                add(*m.span())
    if text:
        # HTML and Markdown written into a plain-text file are shown as written.
        for m in KNOWN_TAG.finditer(source):
            add(*m.span())
        for m in TEXT_ENTITY.finditer(source):
            if m.group(0)[1] == "#" or m.group(0)[1:] in html5:
                add(*m.span())
        for m in TEXT_MD_LINK.finditer(source):
            add(*m.span())
        for m in TEXT_ESCAPE.finditer(source):
            add(*m.span())
    elif doc.format == "markdown":
        # Markup escaped twice renders as code: &amp;nbsp; shows "&nbsp;".
        for m in MD_ESCAPED_MARKUP.finditer(source):
            if not is_hidden(doc, m.start(), m.end()):
                add(*m.span())
        # Emphasis marks with spaces on both sides are shown as written: "** Title **".
        for m in LONE_STARS.finditer(source):
            line_start = source.rfind("\n", 0, m.start()) + 1
            line_end = source.find("\n", m.end())
            line = source[line_start:len(source) if line_end < 0 else line_end]
            if line.strip(" \t*") and not is_hidden(doc, m.start(), m.end()):
                add(*m.span())
        # A link with no text renders as nothing: [](https://...).
        for link in doc.links:
            if source.startswith("[]", link.start) and not is_hidden(doc, link.start, link.end):
                add(link.start, link.end)
    # Words of a web page's controls: [top], "See more +", a lone "+".
    ui = compiled(rule, "interface-leftovers")
    ui_block = compiled(rule, "interface-blocks")
    ui_spans = []
    for m in ui.finditer(prose):
        ui_spans.append((m.start(), m.end()))
        add(m.start(), m.end())
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        m = ui_block.fullmatch(prose, block.start, block.end)
        if m and not any(link.start <= block.start < link.end for link in doc.links):
            a = block.start - 1 if block.start and source[block.start - 1] == "\\" else block.start
            add(a, block.end)  # with the backslash of a Markdown escape (\+)
    # Brackets left behind by broken links and conversions.
    for block in doc.blocks:
        if "[" not in prose[block.start:block.end] and "]" not in prose[block.start:block.end] and "(" not in prose[block.start:block.end]:
            continue
        a = block.start
        # a task-list box "[ ]" / "[x]" opening a list item is not stray
        box = TASK_BOX.match(prose, a, a + 3) if block.kind == "list_item" else None
        for s, e in _bracket_problems(prose, source, a + (3 if box else 0), block.end):
            if any(us <= s < ue for us, ue in ui_spans):
                continue
            add(s, e)
    # Cloudflare's e-mail obfuscation saved into the page.
    for m in compiled(rule, "patterns").finditer(prose):
        add(m.start(), m.end())

    seen: list[tuple[int, int]] = []
    for a, b, _ in sorted(spans):
        if any(a < y and x < b for x, y in seen):
            continue
        seen.append((a, b))
        yield Hit(a, b, {"match": _quote(source[a:b]) or source[a:b]})


# ---------------------------------------------------------------------------------------
# PL603 mojibake
# ---------------------------------------------------------------------------------------

# UTF-8 lead bytes read as Windows-1252 / Latin-1 (Â Ã â ð ...), then continuation bytes.
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
MOJIBAKE = Cued(
    compile_regex_filtered(rf"(?:[\u00c2-\u00f4][{_CONT}]{{1,3}})+|\u00c2(?=[ \t])|\ufffd+"),
    compile_re("[\u00c2-\u00f4\ufffd]"),  # the characters a match begins with
)


def _cp1252_bytes(ch: str) -> bytes | None:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return bytes([ord(ch)]) if ord(ch) < 256 else None  # bytes cp1252 leaves undefined


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _unmangle(text: str) -> tuple[int, str, bool]:
    """How many characters of `text` are UTF-8 read as Windows-1252, what they should have
    been, and whether the last sequence is whole (a byte such as 0x9D of a closing quote
    is often lost, leaving "â€" alone)."""
    used, fixed, i = 0, [], 0
    raw = [_cp1252_bytes(ch) for ch in text]
    while i < len(text):
        lead = raw[i]
        need = _utf8_length(lead[0]) if lead else 0
        if not need:
            break
        seq = lead
        j = i + 1
        while j < len(text) and j - i < need and raw[j] is not None and 0x80 <= raw[j][0] <= 0xBF:
            seq += raw[j]
            j += 1
        if j - i < need:
            if fixed or j - i < 2:
                break
            return j, "", False  # a sequence missing its last byte
        try:
            fixed.append(seq.decode("utf-8"))
        except UnicodeDecodeError:
            break
        used, i = j, j
    return used, "".join(fixed), True


def mojibake(rule, doc, ctx):
    prose = doc.prose
    for m in MOJIBAKE.finditer(prose):
        a, b = m.span()
        run = m.group(0)
        if run[0] == "\ufffd":
            yield Hit(a, b, {"match": run, "intended": "an unknown character"})
            continue
        if run == "\u00c2":
            yield Hit(a, b, {"match": run, "intended": "a non-breaking space"}, Fix(a, b, "", safe=True))
            continue
        p = 0
        while p < len(run):  # a run may hold several garbled characters, one cut short
            used, fixed, whole = _unmangle(run[p:])
            if not used:
                p += 1
                continue
            x, y = a + p, a + p + used
            if not whole:
                if run.startswith("\u00e2\u20ac", p):  # only the common "â€" is certain when cut short
                    yield Hit(x, y, {"match": run[p:p + used], "intended": "a curly quote or dash"})
            else:
                yield Hit(x, y, {"match": run[p:p + used], "intended": f"'{fixed}'"}, Fix(x, y, fixed, safe=True))
            p += used


# ---------------------------------------------------------------------------------------
# PL610 empty-section
# ---------------------------------------------------------------------------------------

SETEXT_UNDERLINE = compile_re(r"[ \t]*(?:=+|-+)[ \t]*$")
HR_LINE = compile_re(r"^[ \t>]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)
REFERENCE_DEF_LINE = compile_re(r"^[ \t>]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
EMPTY_ELEMENT = compile_re(r"<(a|span|div|p|section)\b[^<>]*>\s*</\1\s*>|<(?:a|span|div|section|br|hr)\b[^<>]*/?>|</(?:a|span|div|section)\s*>", re.I)


def _has_content(doc, a: int, b: int) -> bool:
    if a >= b:
        return False
    if doc.prose[a:b].strip():
        return True
    text = doc.source[a:b]
    text = HTML_COMMENT.sub("", text)
    text = HR_LINE.sub("", text)
    text = REFERENCE_DEF_LINE.sub("", text)
    text = EMPTY_ELEMENT.sub("", text)
    text = re.sub(r"^[ \t>]+", "", text, flags=re.M)  # bare blockquote marks
    return bool(text.strip())


def _empty_html_sections(doc):
    """HTML headings are real headings: a section is empty when no block follows its
    heading before the next heading of the same or a higher level."""
    blocks = doc.blocks
    for i, h in enumerate(blocks):
        if h.kind != "heading":
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or (following.kind == "heading" and following.level <= h.level):
            yield Hit(h.start, h.end, {"match": _quote(doc.source[h.start:h.end]), "heading": doc.text_of(h)})


def empty_section(rule, doc, ctx):
    if doc.format == "html":
        yield from _empty_html_sections(doc)
        return
    if doc.format != "markdown":
        return  # plain-text headings are guesses: an empty one may be a lead-in line
    src = doc.source
    headings = doc.headings
    fm = FRONT_MATTER.match(src)
    for i, h in enumerate(headings):
        if fm and h.start < fm.end():
            continue
        # the content starts after the heading's line (and a setext underline)
        end_line = src.find("\n", h.end)
        start = len(src) if end_line < 0 else end_line + 1
        nl = src.find("\n", start)
        nxt_line = src[start:len(src) if nl < 0 else nl]
        if nxt_line.strip() and SETEXT_UNDERLINE.fullmatch(nxt_line) and not doc.prose[start:start + len(nxt_line)].strip():
            start = len(src) if nl < 0 else nl + 1
        stop = len(src)
        deeper = False
        for later in headings[i + 1:]:
            if later.level > h.level:
                deeper = True
                stop = _line_start(src, later.start)
                break
            stop = _line_start(src, later.start)
            break
        if deeper:
            continue  # a heading opening subsections has content below it
        if not _has_content(doc, start, stop):
            yield Hit(h.start, h.end, {"match": _quote(src[h.start:h.end]), "heading": doc.text_of(h)})


def _line_start(src: str, offset: int) -> int:
    return src.rfind("\n", 0, offset) + 1
