"""HTML and site-template front end: the standard library's HTMLParser gives the tags,
blanking gives the prose.

Template syntax is blanked first, in place, so that `{{ ... }}`, `{% ... %}`, `{# ... #}`,
ERB `<% ... %>` and (in Razor views) `@Model.X`, `@{ ... }`, `@if (...) {` cannot confuse
the HTML parser. A few template constructs carry text the reader sees; their literal is
kept: `{% trans 'Text' %}`, `{{ _('Text') }}`, and the link text of ERB and Razor link
helpers (`<%= link_to "Contact us", contact_path %>`), which are also recorded as links.

The parser then reads the masked text (same length as the source). Each of its events
(tag, text, reference, comment) starts where the previous one ended, so the start of the
next event is the end of this one, and its position (line, column, counted on "\\n" only)
is mapped to an offset with a line table built the same way. Tags, comments, declarations,
and everything inside `<head>`, `<script>`, `<style>` and similar elements are blanked;
character references are decoded in place.

Blocks: headings, paragraphs, list items, table cells; the text written directly inside
any other block container (`<div>`, `<section>`, `<dd>`, ...) becomes a paragraph, one per
run of text between nested blocks. Inline elements stay part of the block around them.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..compilecache import compile_re
from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, Directive, Document, LineIndex, Link
from .markup import blank, char_buffer, decode_entities, parse_directive, text_of, trimmed

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".erb", ".njk", ".nunjucks", ".jinja", ".jinja2", ".j2",
                 ".liquid", ".cshtml", ".razor", ".hbs", ".handlebars", ".mustache", ".tpl", ".twig",
                 ".ejs")
RAZOR_SUFFIXES = (".cshtml", ".razor")

# ---------------------------------------------------------------------------------------
# Template syntax
# ---------------------------------------------------------------------------------------

TEMPLATE = compile_re(
    r"(?P<comment>\{#.*?#\}|<%#.*?%>|\{\{!--.*?--\}\}|\{\{!.*?\}\}"
    r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
    r"|(?P<tag>\{%.*?%\})"
    r"|(?P<expr>\{\{\{.*?\}\}\}|\{\{.*?\}\})"
    r"|(?P<erb><%.*?%>)",
    re.S,
)
# {% trans 'Text' %}, {% translate "Text" %}: the literal is what the page shows.
TRANS_TAG = compile_re(r"\{%-?\s*(?:trans|translate)\s+(?P<q>[\"'])(?P<text>.*?)(?P=q)(?:\s+[^%]*)?\s*-?%\}", re.S)
# {{ _('Text') }}, {{ gettext("Text") }} (optionally followed by filters).
GETTEXT_EXPR = compile_re(
    r"\{\{-?\s*(?:_|gettext|ugettext|pgettext|trans)\s*\(\s*(?P<q>[\"'])(?P<text>.*?)(?P=q)\s*\)[^{}]*\}\}", re.S
)
# <%= link_to "Text", target %>, <%= govuk_link_to("Text", "https://...") %>, <%= mail_to "a@b" %>
ERB_LINK = compile_re(
    r"<%=\s*(?:[\w:]+\.)?(?P<helper>\w*link_to|mail_to)\b\s*(?:\(\s*)?"
    r"(?:(?P<q>[\"'])(?P<text>.*?)(?P=q)\s*(?:,\s*(?P<target>\"[^\"]*\"|'[^']*'|[^,()\s%]+(?:\([^()]*\))?))?"
    r"|(?P<bare>\"[^\"]*\"|'[^']*'|[^,()\s%]+(?:\([^()]*\))?))",
    re.S,
)
# @Html.ActionLink("Text", "Action"), @Html.RouteLink("Text", ...)
RAZOR_LINK = compile_re(
    r"@Html\.(?:ActionLink|RouteLink)\s*\(\s*\"(?P<text>[^\"]*)\"\s*(?:,\s*(?P<target>\"[^\"]*\"|[^,()]+))?"
)
RAZOR_DIRECTIVE_LINE = compile_re(
    r"^[ \t]*@(?:model|using|inject|page|layout|addTagHelper|removeTagHelper|inherits|implements|namespace|attribute)\b.*$",
    re.M,
)
RAZOR_KEYWORD = compile_re(r"@(?:if|else|foreach|for|while|switch|using|lock|try|catch|finally|do|section|functions|code)\b")
RAZOR_BRACE_LINE = compile_re(r"^[ \t]*\}(?:[ \t]*(?:else(?:[ \t]+if[ \t]*\(.*\))?|catch[ \t]*\(.*\)|finally)[ \t]*\{)?[ \t]*$", re.M)


def _match_close(text: str, i: int, open_: str, close: str) -> int:
    """Offset just past the bracket that closes the one at `i` (skipping strings)."""
    depth = 0
    n = len(text)
    j = i
    while j < n:
        c = text[j]
        if c in "\"'":
            k = text.find(c, j + 1)
            if k < 0 or "\n" in text[j:k] and c == "'":
                j += 1
                continue
            j = k + 1
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _unquote(s: str | None) -> str:
    if not s:
        return ""
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return s


class _Template:
    """Blanks template syntax in `chars`, keeping the literal text a reader sees."""

    def __init__(self, chars, source: str, razor: bool, line_of,
                 directives: list[Directive], links: list[Link]) -> None:
        self.chars = chars
        self.source = source
        self.razor = razor
        self.line_of = line_of
        self.directives = directives
        self.links = links

    def keep_only(self, a: int, b: int, ka: int, kb: int) -> None:
        """Blank [a, b) except the literal [ka, kb)."""
        blank(self.chars, a, ka)
        blank(self.chars, kb, b)

    def run(self) -> None:
        src = self.source
        if self.razor:
            self._razor()
        # Razor blanking may have removed some of the text; search what is left.
        text = text_of(self.chars)
        for m in TEMPLATE.finditer(text):
            a, b = m.span()
            if m.group("comment"):
                d = parse_directive(src[a:b], a, b, self.line_of(a))
                if d:
                    self.directives.append(d)
                blank(self.chars, a, b)
                continue
            if m.group("tag"):
                t = TRANS_TAG.fullmatch(src, a, b)
                if t:
                    self.keep_only(a, b, t.start("text"), t.end("text"))
                    continue
            elif m.group("expr"):
                t = GETTEXT_EXPR.fullmatch(src, a, b)
                if t:
                    self.keep_only(a, b, t.start("text"), t.end("text"))
                    continue
            elif m.group("erb"):
                t = ERB_LINK.match(src, a, b)
                if t:
                    if t.group("text") is not None:
                        text_ = t.group("text")
                        target = _unquote(t.group("target"))
                        if t.group("helper") == "mail_to":
                            target = "mailto:" + (target or text_)
                        self.links.append(Link(target or text_, " ".join(text_.split()), a, b))
                        if text_.strip() and "<%" not in text_:
                            self.keep_only(a, b, t.start("text"), t.end("text"))
                            continue
                    else:
                        target = _unquote(t.group("bare"))
                        if t.group("helper") == "mail_to":
                            target = "mailto:" + target
                        self.links.append(Link(target, "", a, b))
            blank(self.chars, a, b)

    def _razor(self) -> None:
        src = self.source
        chars = self.chars
        n = len(src)
        for m in RAZOR_DIRECTIVE_LINE.finditer(src):
            blank(chars, m.start(), m.end())
        i = 0
        while True:
            i = src.find("@", i)
            if i < 0 or i + 1 >= n:
                break
            if chars[i] != "@":  # already blanked
                i += 1
                continue
            if i > 0 and (src[i - 1].isalnum() or src[i - 1] in "._-"):
                i += 1  # an e-mail address
                continue
            nxt = src[i + 1]
            if nxt == "@":  # @@ is a literal @
                chars[i] = " "
                i += 2
                continue
            if nxt == "*":
                e = src.find("*@", i + 2)
                e = n if e < 0 else e + 2
                d = parse_directive(src[i:e], i, e, self.line_of(i))
                if d:
                    self.directives.append(d)
                blank(chars, i, e)
                i = e
                continue
            if nxt == "{":
                e = _match_close(src, i + 1, "{", "}")
                blank(chars, i, e)
                i = e
                continue
            if nxt == "(":
                e = _match_close(src, i + 1, "(", ")")
                blank(chars, i, e)
                i = e
                continue
            km = RAZOR_KEYWORD.match(src, i)
            if km:
                # Blank the statement head up to and including its opening brace.
                j = km.end()
                while j < n and src[j] != "{":
                    if src[j] == "(":
                        j = _match_close(src, j, "(", ")")
                        continue
                    if src[j] == "\n" and src[km.start():j].count("(") == 0 and km.group(0) not in ("@section", "@functions", "@code"):
                        break
                    j += 1
                e = j + 1 if j < n and src[j] == "{" else j
                if km.group(0) in ("@functions", "@code"):
                    e = _match_close(src, j, "{", "}") if j < n and src[j] == "{" else e
                blank(chars, i, e)
                i = e
                continue
            if nxt.isalpha() or nxt == "_":
                lm = RAZOR_LINK.match(src, i)
                e = i + 1
                while e < n and (src[e].isalnum() or src[e] == "_" or (src[e] == "." and e + 1 < n and (src[e + 1].isalpha() or src[e + 1] == "_"))):
                    e += 1
                while e < n and src[e] in "([":
                    e = _match_close(src, e, src[e], ")" if src[e] == "(" else "]")
                    while e < n and src[e] == "." and e + 1 < n and (src[e + 1].isalpha() or src[e + 1] == "_"):
                        e += 1
                        while e < n and (src[e].isalnum() or src[e] == "_"):
                            e += 1
                if lm and lm.end() <= e:
                    self.links.append(Link(_unquote(lm.group("target")) or lm.group("text"), lm.group("text"), i, e))
                    self.keep_only(i, e, lm.start("text"), lm.end("text"))
                else:
                    blank(chars, i, e)
                i = e
                continue
            i += 1
        # Closing braces of Razor code blocks, alone on their lines.
        for m in RAZOR_BRACE_LINE.finditer(src):
            blank(chars, m.start(), m.end())


# ---------------------------------------------------------------------------------------
# HTML structure
# ---------------------------------------------------------------------------------------

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
HIDDEN = frozenset("head script style title template svg math noscript iframe object canvas select textarea".split())
HEADINGS = {f"h{i}": i for i in range(1, 7)}
BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form header hgroup html li main menu nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul legend h1 h2 h3 h4 h5 h6 hr br-block".split()
)
# Tags whose start closes an open <p> (the HTML "closes a p element" set, roughly).
CLOSES_P = BLOCK - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "li", "dd", "dt", "body", "html"} | {"li", "dd", "dt"}


class _Parser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        nl = [0]
        for m in re.finditer("\n", text):
            nl.append(m.end())
        self.nl = nl
        self.events: list[tuple[str, int, object]] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.nl[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", self._at(), tag))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", self._at(), tag))

    def handle_endtag(self, tag):
        self.events.append(("end", self._at(), tag))

    def handle_data(self, data):
        self.events.append(("data", self._at(), None))

    def handle_entityref(self, name):
        self.events.append(("data", self._at(), None))

    def handle_charref(self, name):
        self.events.append(("data", self._at(), None))

    def handle_comment(self, data):
        self.events.append(("comment", self._at(), None))

    def handle_decl(self, decl):
        self.events.append(("other", self._at(), None))

    def handle_pi(self, data):
        self.events.append(("other", self._at(), None))

    def unknown_decl(self, data):
        self.events.append(("other", self._at(), None))


HREF = compile_re(r"""(?:^|[\s"'])href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class _Builder:
    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.chars = char_buffer(source)
        self.index = LineIndex(source)
        self.directives: list[Directive] = []
        self.links: list[Link] = []
        self.runs: list[tuple[str, int, int, int]] = []  # kind, start, end, level
        self.open_links: list[tuple[int, str, int]] = []  # (stack depth, target, start)
        self.link_spans: list[tuple[str, int, int]] = []

    def build(self) -> Document:
        source = self.source
        low = self.path.lower()
        _Template(self.chars, source, low.endswith(RAZOR_SUFFIXES), self.index.line_of,
                  self.directives, self.links).run()
        masked = text_of(self.chars)
        parser = _Parser(masked)
        parser.feed(masked)
        parser.close()
        events = parser.events
        n = len(source)
        stack: list[str] = []
        hidden = 0  # how many hidden elements are open
        run_start = -1
        run_end = -1

        def owner() -> tuple[str, int]:
            """The kind and level of the block that text written now belongs to."""
            for tag in reversed(stack):
                if tag in HEADINGS:
                    return HEADING, HEADINGS[tag]
                if tag in ("li",):
                    return LIST_ITEM, 0
                if tag in ("td", "th"):
                    return TABLE_CELL, 0
                if tag == "p":
                    # A paragraph inside a list item or cell reads as part of it.
                    for outer in reversed(stack):
                        if outer == "li":
                            return LIST_ITEM, 0
                        if outer in ("td", "th"):
                            return TABLE_CELL, 0
                    return PARAGRAPH, 0
                if tag in BLOCK:
                    for outer in reversed(stack):
                        if outer == "li":
                            return LIST_ITEM, 0
                        if outer in ("td", "th"):
                            return TABLE_CELL, 0
                    return PARAGRAPH, 0
            return PARAGRAPH, 0

        def flush() -> None:
            nonlocal run_start, run_end
            if run_start >= 0:
                kind, level = owner()
                self.runs.append((kind, run_start, run_end, level))
            run_start = run_end = -1

        def pop_to(index: int, at: int) -> None:
            """Close the elements from stack[index] up, at offset `at`."""
            nonlocal hidden
            while len(stack) > index:
                tag = stack.pop()
                if tag in HIDDEN:
                    hidden -= 1
                while self.open_links and self.open_links[-1][0] > len(stack):
                    _, target, start = self.open_links.pop()
                    self.link_spans.append((target, start, at))

        def find(tag: str, stop: tuple[str, ...] = ()) -> int:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] == tag:
                    return i
                if stack[i] in stop:
                    return -1
            return -1

        for k, (kind, a, tag) in enumerate(events):
            b = events[k + 1][1] if k + 1 < len(events) else n
            if kind == "data":
                if hidden:
                    blank(self.chars, a, b)
                elif trimmed(self.chars, a, b):
                    if run_start < 0:
                        run_start = a
                    run_end = b
                continue
            if kind == "comment":
                d = parse_directive(source[a:b], a, b, self.index.line_of(a))
                if d:
                    self.directives.append(d)
                blank(self.chars, a, b)
                continue
            blank(self.chars, a, b)
            if kind == "other":
                continue
            if kind in ("start", "startend"):
                is_block = tag in BLOCK
                if is_block:
                    flush()
                if tag == "body":
                    i = find("head")
                    if i >= 0:
                        pop_to(i, a)
                if is_block and not hidden:
                    i = find("head")
                    if i >= 0:
                        pop_to(i, a)
                # Implied end tags.
                if tag in CLOSES_P:
                    i = find("p", ("li", "td", "th", "div", "section", "article", "blockquote", "dd"))
                    if i >= 0:
                        pop_to(i, a)
                if tag == "li":
                    i = find("li", ("ul", "ol", "menu", "dir"))
                    if i >= 0:
                        pop_to(i, a)
                elif tag in ("dt", "dd"):
                    i = max(find("dt", ("dl",)), find("dd", ("dl",)))
                    if i >= 0:
                        pop_to(i, a)
                elif tag in ("td", "th"):
                    i = max(find("td", ("tr", "table")), find("th", ("tr", "table")))
                    if i >= 0:
                        pop_to(i, a)
                elif tag == "tr":
                    i = find("tr", ("table",))
                    if i >= 0:
                        pop_to(i, a)
                elif tag in ("thead", "tbody", "tfoot"):
                    i = max(find("thead", ("table",)), find("tbody", ("table",)), find("tfoot", ("table",)))
                    if i >= 0:
                        pop_to(i, a)
                elif tag in HEADINGS:
                    for h in HEADINGS:
                        i = find(h, ("div", "section", "article", "li", "td", "th", "body"))
                        if i >= 0:
                            pop_to(i, a)
                            break
                elif tag == "a":
                    i = find("a")
                    if i >= 0:
                        pop_to(i, a)
                if kind == "startend" or tag in VOID:
                    continue
                stack.append(tag)
                if tag in HIDDEN:
                    hidden += 1
                if tag == "a":
                    h = HREF.search(source, a, b)
                    if h and h.start() < b:
                        raw = next(g for g in h.groups() if g is not None)
                        self.open_links.append((len(stack), html.unescape(raw), a))
                continue
            # An end tag.
            i = find(tag)
            if i < 0:
                if tag in BLOCK:
                    flush()
                continue
            if any(t in BLOCK for t in stack[i:]):
                flush()
            pop_to(i, b)
        flush()
        pop_to(0, n)
        return self._finish()

    def _finish(self) -> Document:
        chars = self.chars
        decode_entities(chars, 0, len(chars))
        prose = text_of(chars)
        for target, a, b in self.link_spans:
            self.links.append(Link(target, " ".join(prose[a:b].split()), a, b))
        self.links.sort(key=lambda l: l.start)
        blocks: list[Block] = []
        sections: list[tuple[int, str]] = []
        for kind, a, b, level in sorted(self.runs, key=lambda r: r[1]):
            span = trimmed(chars, a, b)
            if not span:
                continue
            if kind == HEADING:
                title = " ".join(prose[span[0]:span[1]].split())
                while sections and sections[-1][0] >= level:
                    sections.pop()
                sections.append((level, title))
            blocks.append(Block(kind, span[0], span[1], level, tuple(s for _, s in sections)))
        self.directives.sort(key=lambda d: d.start)
        doc = Document(self.path, self.source, prose, "html", blocks, self.links, self.directives)
        doc.__dict__["lines"] = self.index
        return doc


def parse_html(source: str, path: str = "policy.html") -> Document:
    return _Builder(source, path).build()
