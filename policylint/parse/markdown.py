"""Markdown front end: markdown-it-py gives the block structure, blanking gives the prose.

markdown-it-py reports block positions as line ranges (`token.map`) but no character
offsets inside a block. So the structure comes from its tokens, and the markup inside each
block is blanked in place by patterns that follow CommonMark's inline syntax. Nothing is
ever searched for again in the source: what is left in the prose view sits at its source
offset by construction.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from ..compilecache import compile_re, re_cache_filled_for
from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, Directive, Document, Link
from .markup import blank, blank_html, char_buffer, decode_entities, text_of, trimmed

FRONT_MATTER = compile_re(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?(?:\r?\n|\r)(?:---|\.\.\.|\+\+\+)[ \t]*(?:\r?\n|\r|\Z)", re.S)
MDX_MODULE_LINE = compile_re(r"^(?:import|export)\s.*$", re.M)
QUOTE_PREFIX = compile_re(r"[ \t]*(?:>[ \t]?)+")
CONTAINER_PREFIX = compile_re(r"[ \t]*(?:(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*)+")
ATX_OPEN = compile_re(r"#{1,6}(?=[ \t]|$)")
ATX_CLOSE = compile_re(r"[ \t]+#+[ \t]*$")
REFERENCE_DEF = compile_re(r"\[(?P<label>[^\]^][^\]]*)\]:[ \t]*<?(?P<url>[^\s>]+)>?")
# where definitions are collected from (any line) and recognised (a line no block covers)
REFERENCE_DEF_ANYWHERE = compile_re(r"^[ \t>]{0,8}" + REFERENCE_DEF.pattern, re.M)
REFERENCE_DEF_LINE = compile_re(r"[ \t>]*" + REFERENCE_DEF.pattern)

CODE_SPAN = compile_re(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
AUTOLINK = compile_re(r"<((?:https?|ftp)://[^\s<>]*|mailto:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
IMAGE = compile_re(r"!\[[^\]\n]*\]\([^)\n]*\)")
INLINE_LINK = compile_re(
    r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\((?P<sp>[ \t]*)(?P<dest><[^>\n]*>|(?:\{\{[^\n}]*\}\}|\{%[^\n%]*%\}|[^\s()])*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*\)"
)
REFERENCE_LINK = compile_re(r"\[(?P<text>[^\[\]]+)\](?:\[(?P<ref>[^\[\]]*)\])?")
ESCAPE = compile_re(r"\\(?=[!-/:-@\[-`{-~]|\r?\n|\r)")
EMPHASIS = compile_re(r"\*+|(?<!\w)_+|_+(?!\w)|~~")


@lru_cache(maxsize=1)
def _parser():
    with re_cache_filled_for("markdown_it"):
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark")
    # Only the block structure is read from the tokens; the markup inside blocks is blanked
    # here, so markdown-it's inline pass (most of its time, and a token per word of text)
    # is not run.
    return parser.enable(["table", "strikethrough"]).disable(["inline", "text_join"])


PART = 1 << 15  # characters of a long text handed to markdown-it at a time (see _tokens)


# Top-level blocks that an ATX heading at the start of the next line closes.
CLOSED_BY_HEADING = frozenset({"paragraph_open", "heading_open", "bullet_list_open", "ordered_list_open",
                               "blockquote_open", "hr"})


def _open_at_end(tokens, lines: int) -> bool:
    """Whether a top-level block that a heading may not close (a fenced code block, an
    HTML block, a table ...) reaches the last of `lines`: it may run on into what follows."""
    return any(t.level == 0 and t.map and t.map[1] >= lines and t.type not in CLOSED_BY_HEADING for t in tokens)


def _norm_label(label: str) -> str:
    return " ".join(label.split()).casefold()


class _Builder:
    def __init__(self, source: str, path: str, mdx: bool) -> None:
        self.source = source
        self.path = path
        self.chars = char_buffer(source)
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.directives: list[Directive] = []
        self.references: dict[str, str] = {}
        self.mdx = mdx
        from ..document import LineIndex

        self.index = LineIndex(source)
        self.nlines = len(self.index)

    # -- line helpers ------------------------------------------------------------------
    def line_span(self, line0: int) -> tuple[int, int]:
        """Offsets of a 0-based line, without its line ending."""
        starts = self.index.starts
        a = starts[line0]
        b = starts[line0 + 1] if line0 + 1 < len(starts) else len(self.source)
        while b > a and self.source[b - 1] in "\r\n":
            b -= 1
        return a, b

    def range_span(self, line0: int, line1: int) -> tuple[int, int]:
        """Offsets from the start of line0 to the end of line (line1 - 1)."""
        return self.line_span(line0)[0], self.line_span(max(line0, line1 - 1))[1]

    def line_of(self, offset: int) -> int:
        return self.index.line_of(offset)

    def blank_prefix(self, line0: int, pattern: re.Pattern) -> int:
        a, b = self.line_span(line0)
        m = pattern.match(text_of(self.chars, a, b))
        if m and m.end():
            blank(self.chars, a, a + m.end())
            return a + m.end()
        return a

    # -- the walk ------------------------------------------------------------------------
    def build(self) -> Document:
        text = self.source
        fm = FRONT_MATTER.match(text)
        if fm:
            blank(self.chars, 0, fm.end())
        if self.mdx:
            for m in MDX_MODULE_LINE.finditer(text):
                if not fm or m.start() >= fm.end():
                    blank(self.chars, m.start(), m.end())
        tokens = self._tokens(text_of(self.chars))
        self._collect_references()
        covered = [False] * self.nlines
        stack: list[str] = []  # open containers
        sections: list[tuple[int, str]] = []
        pending_heading: tuple[int, int, int] | None = None
        table_first_line = -1
        numbering: list[list[int]] = []  # [token level, number of the last item] of each open ordered list
        last_list_number = 0
        for tok in tokens:
            t = tok.type
            if t in ("blockquote_open", "list_item_open"):
                stack.append(t)
                if t == "blockquote_open":
                    for ln in range(tok.map[0], tok.map[1]):
                        self.blank_prefix(ln, QUOTE_PREFIX)
                else:
                    self.blank_prefix(tok.map[0], CONTAINER_PREFIX)
                    if numbering and tok.level == numbering[-1][0] + 1:  # an item of the list, not of one inside it
                        numbering[-1][1] += 1
            elif t in ("blockquote_close", "list_item_close"):
                stack.pop()
            elif t == "ordered_list_open":
                numbering.append([tok.level, int(tok.attrGet("start") or 1) - 1])
            elif t == "ordered_list_close":
                last_list_number = max(last_list_number, numbering.pop()[1])
            elif t == "heading_open":
                l0, l1 = tok.map
                for ln in range(l0, l1):
                    covered[ln] = True
                if tok.markup.startswith("#"):
                    level = len(tok.markup)
                    a = self.blank_prefix(l0, CONTAINER_PREFIX)
                    _, b = self.line_span(l0)
                    seg = text_of(self.chars, a, b)
                    m = ATX_OPEN.match(seg)
                    if m:
                        blank(self.chars, a, a + m.end())
                    m = ATX_CLOSE.search(seg)
                    if m:
                        blank(self.chars, a + m.start(), b)
                    text_end = l1
                else:
                    level = 1 if tok.markup == "=" else 2
                    blank(self.chars, *self.line_span(l1 - 1))
                    text_end = l1 - 1
                pending_heading = (level, l0, text_end)
            elif t == "inline" and pending_heading is not None:
                level, l0, l1 = pending_heading
                pending_heading = None
                a, b = self.range_span(l0, l1)
                self.blank_inline(a, b)
                span = trimmed(self.chars, a, b)
                if span:
                    title = " ".join("".join(self.chars[span[0]:span[1]]).split())
                    while sections and sections[-1][0] >= level:
                        sections.pop()
                    sections.append((level, title))
                    self.blocks.append(Block(HEADING, span[0], span[1], level, tuple(s for _, s in sections)))
            elif t == "paragraph_open":
                l0, l1 = tok.map
                for ln in range(l0, l1):
                    covered[ln] = True
                a, b = self.range_span(l0, l1)
                for ln in range(l0 + 1, l1):  # lazy continuation lines may carry '>' again
                    if "blockquote_open" in stack:
                        self.blank_prefix(ln, QUOTE_PREFIX)
                self.blank_inline(a, b)
                span = trimmed(self.chars, a, b)
                if span:
                    kind = LIST_ITEM if stack and stack[-1] == "list_item_open" else PARAGRAPH
                    self.blocks.append(Block(kind, span[0], span[1], 0, tuple(s for _, s in sections)))
            elif t in ("fence", "code_block", "hr"):
                for ln in range(tok.map[0], tok.map[1]):
                    covered[ln] = True
                    blank(self.chars, *self.line_span(ln))
            elif t == "html_block":
                l0, l1 = tok.map
                for ln in range(l0, l1):
                    covered[ln] = True
                a, b = self.range_span(l0, l1)
                blank_html(self.chars, a, b, self.line_of, self.directives, self.links)
                self._prose_runs(l0, l1, sections)
            elif t == "table_open":
                l0, l1 = tok.map
                table_first_line = l0
                for ln in range(l0, l1):
                    covered[ln] = True
                blank(self.chars, *self.line_span(l0 + 1))  # the delimiter row
            elif t == "tr_open":
                ln = tok.map[0]
                if ln != table_first_line + 1:
                    self._table_row(ln, sections)
        self._blank_uncovered(covered)
        prose = text_of(self.chars)
        self.blocks.sort(key=lambda blk: blk.start)
        doc = Document(self.path, self.source, prose, "markdown", self.blocks, self.links, self.directives,
                       last_list_number)
        doc.__dict__["lines"] = self.index
        return doc

    def _tokens(self, text: str):
        """markdown-it's block tokens for `text`, their line maps in the whole text.

        A long text is handed over a part at a time, so that the tokens of only one part
        (several times its size) are held at once. A part ends before an ATX heading at the
        start of a line: a heading interrupts a paragraph and is not part of an open list
        item or quote, so it starts a block of its own, unless a fenced code block, an HTML
        block or the like runs on through it. That shows in the part's own tokens, as such
        a block reaching its last line; the part is then parsed again together with the next.
        """
        parser = _parser()
        if len(text) <= 2 * PART:
            yield from parser.parse(text)
            return
        starts = self.index.starts
        cuts = [ln for ln in range(1, self.nlines) if ATX_OPEN.match(text, starts[ln])]
        cuts.append(self.nlines)
        first = 0  # the first line of the part being parsed
        for ln in cuts:
            if ln < self.nlines and starts[ln] - starts[first] < PART:
                continue
            end = starts[ln] if ln < self.nlines else len(text)
            tokens = parser.parse(text[starts[first]:end])
            if ln < self.nlines and _open_at_end(tokens, ln - first):
                continue  # parse it again with the next part
            for tok in tokens:
                if tok.map:
                    tok.map = [tok.map[0] + first, tok.map[1] + first]
                yield tok
            first = ln

    def _collect_references(self) -> None:
        for m in REFERENCE_DEF_ANYWHERE.finditer(self.source):
            self.references.setdefault(_norm_label(m.group("label")), m.group("url"))

    def _table_row(self, ln: int, sections: list[tuple[int, str]]) -> None:
        a, b = self.line_span(ln)
        self.blank_inline(a, b)
        row = text_of(self.chars, a, b)
        cuts = [a + i for i, c in enumerate(row) if c == "|" and (i == 0 or self.source[a + i - 1] != "\\")]
        for i in cuts:
            self.chars[i] = " "
        bounds = [a, *cuts, b]
        for x, y in zip(bounds, bounds[1:]):
            span = trimmed(self.chars, x, y)
            if span:
                self.blocks.append(Block(TABLE_CELL, span[0], span[1], 0, tuple(s for _, s in sections)))

    def _prose_runs(self, l0: int, l1: int, sections: list[tuple[int, str]]) -> None:
        """Text left inside an HTML block becomes paragraph blocks, one per run of lines."""
        run_start = None
        for ln in range(l0, l1 + 1):
            filled = ln < l1 and trimmed(self.chars, *self.line_span(ln)) is not None
            if filled and run_start is None:
                run_start = ln
            elif not filled and run_start is not None:
                span = trimmed(self.chars, *self.range_span(run_start, ln))
                if span:
                    self.blocks.append(Block(PARAGRAPH, span[0], span[1], 0, tuple(s for _, s in sections)))
                run_start = None

    def _blank_uncovered(self, covered: list[bool]) -> None:
        """Lines outside every leaf block: reference definitions and bare container marks."""
        for ln in range(self.nlines):
            if covered[ln]:
                continue
            a, b = self.line_span(ln)
            line = text_of(self.chars, a, b)
            m = REFERENCE_DEF_LINE.match(line)
            if m:
                self.links.append(Link(m.group("url"), m.group("label"), a, b))
            if line.strip():
                blank(self.chars, a, b)

    # -- inline markup -------------------------------------------------------------------
    def blank_inline(self, start: int, end: int) -> None:
        chars = self.chars

        def seg() -> str:
            return text_of(chars, start, end)

        # Each kind of markup is looked for only where its first character is: most
        # paragraphs have no backslash, code span or emphasis.
        escaped: set[int] = set()
        text = seg()
        if "\\" in text:
            for m in ESCAPE.finditer(text):
                chars[start + m.start()] = " "
                escaped.add(start + m.end())
            text = seg()
        if "`" in text:
            for m in CODE_SPAN.finditer(text):
                blank(chars, start + m.start(), start + m.end())
            text = seg()
        if "<" in text:
            for m in AUTOLINK.finditer(text):
                a = start + m.start()
                target = m.group(1)
                if "@" in target and ":" not in target:
                    target = "mailto:" + target
                self.links.append(Link(target, m.group(1), a, start + m.end()))
                chars[a] = " "
                chars[start + m.end() - 1] = " "
            blank_html(chars, start, end, self.line_of, self.directives, self.links, decode=False)
        text = seg()
        if "[" in text:
            for m in IMAGE.finditer(text):
                blank(chars, start + m.start(), start + m.end())
            text = seg()
            for m in INLINE_LINK.finditer(text):
                a, b = start + m.start(), start + m.end()
                te = start + m.end("text")
                dest = html.unescape(m.group("dest").strip("<>"))
                self.links.append(Link(dest, " ".join(m.group("text").split()), a, b))
                chars[a] = " "
                blank(chars, te, b)
            text = seg()
            for m in REFERENCE_LINK.finditer(text):
                ref = m.group("ref")
                label = _norm_label(ref if ref else m.group("text"))
                if label not in self.references:
                    continue
                a, b = start + m.start(), start + m.end()
                self.links.append(Link(self.references[label], " ".join(m.group("text").split()), a, b))
                chars[a] = " "
                blank(chars, start + m.end("text"), b)
        text = seg()
        if "*" in text or "_" in text or "~" in text:
            for m in EMPHASIS.finditer(text):
                a, b = start + m.start(), start + m.end()
                if a in escaped:
                    continue
                before = chars[a - 1] if a > 0 else " "
                after = chars[b] if b < len(chars) else " "
                if m.group(0)[0] == "*" and before.isspace() and after.isspace():
                    continue  # a lone asterisk between spaces is text, not emphasis
                blank(chars, a, b)
        if "&" in text:
            decode_entities(chars, start, end)


def parse_markdown(source: str, path: str = "policy.md", mdx: bool = False) -> Document:
    return _Builder(source, path, mdx).build()

