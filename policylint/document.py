"""The Document every rule reads: source text, a same-length prose view, blocks, links.

`prose` has exactly the length of `source`. Everything that is not prose (markup, code,
link targets, comments) is replaced by spaces, newlines are kept, so an offset found in
`prose` is the offset of the same character in `source`.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


from .compilecache import compile_regex_module

# A sentence ends at . ! ? (or a colon before a new line of text) followed by space and a
# capital, digit or opening quote, unless the dot closes a common abbreviation.
SENTENCE_END = compile_regex_module(
    r"(?<!\b(?:e\.g|i\.e|etc|Ltd|Inc|Co|No|Mr|Mrs|Ms|Dr|St|vs|approx|incl|Art|art|para|cf|Reg|Nr|Abs|lit|Sch|Pt))"
    r"[.!?][\"'\u201d\u2019)]*\s+(?=[\p{Lu}\d\"'\u201c\u2018(\[\u2022\u25cf-])"
)

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE_CELL = "table_cell"


class Block(NamedTuple):
    """A heading, paragraph, list item or table cell; `start`/`end` trim its prose."""

    kind: str
    start: int
    end: int
    level: int = 0  # heading level (1-6); 0 for other blocks
    section: tuple[str, ...] = ()  # the heading texts above this block, outermost first


class Link(NamedTuple):
    """A link the reader can follow: its target and where its target is written."""

    target: str
    text: str
    start: int  # offsets of the whole link in source
    end: int


class Directive(NamedTuple):
    """An inline `policylint:` comment: disable, enable, disable-next-line, disable-file."""

    action: str
    codes: tuple[str, ...]  # empty: every code
    start: int
    end: int
    line: int  # 1-based line the directive is written on


class LineIndex:
    """Offsets <-> 1-based line and column; LF, CRLF and lone CR all end a line."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        i, n = 0, len(text)
        find = text.find
        while True:
            lf = find("\n", i)
            cr = find("\r", i)
            if lf < 0 and cr < 0:
                break
            if cr < 0 or (0 <= lf < cr):
                i = lf + 1
            elif cr + 1 < n and text[cr + 1] == "\n":
                i = cr + 2
            else:
                i = cr + 1
            starts.append(i)
        self.starts = starts

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(eq=False)
class Document:
    path: str
    source: str
    prose: str
    format: str  # "markdown" or "text"
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    # The number the last item of the longest-numbered ordered list gets ("1." to "12.":
    # 12), or 0 when the front end finds no ordered list.
    last_list_number: int = 0

    def __post_init__(self) -> None:
        if len(self.prose) != len(self.source):
            raise ValueError("prose view must keep the source length")

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.source)

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)

    def line_text(self, line: int) -> str:
        """The source text of a 1-based line, without its line ending."""
        starts = self.lines.starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.source)
        return self.source[start:end].rstrip("\r\n")

    @cached_property
    def derived(self) -> dict:
        """Results derived from this document that several rules share, computed once.
        Keys are chosen by the rules (a tuple naming the concern)."""
        return {}

    def memo(self, key, compute):
        """`compute()` for this document, computed only the first time `key` is asked for."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    @cached_property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == HEADING]

    def text_of(self, block: Block) -> str:
        """A block's prose with runs of whitespace collapsed (for matching, not offsets)."""
        return " ".join(self.prose[block.start:block.end].split())

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block holding `offset` (blocks never overlap)."""
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0 and offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of every sentence, found inside blocks so headings stand alone."""
        out: list[tuple[int, int]] = []
        prose = self.prose
        for block in self.blocks:
            start = block.start
            for m in SENTENCE_END.finditer(prose, block.start, block.end):
                out.append((start, m.start() + 1))
                start = m.end()
            if start < block.end:
                out.append((start, block.end))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence holding `offset`; outside every block, the line holding it."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        line = self.lines.line_of(offset)
        start = self.lines.line_start(line)
        end = self.source.find("\n", offset)
        return start, (len(self.source) if end < 0 else end)
