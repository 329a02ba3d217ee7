"""Plain-text front end: paragraphs, list items and headings guessed from the layout.

Plain text has no markup, so the prose view is the source itself, less the lines that
carry a `policylint:` directive. Headings are guessed the way a reader sees them: a
numbered title ("4. Your rights", "2.1 Cookies"), a line in capitals, or a short line that
stands alone and does not read as a sentence.
"""
from __future__ import annotations

import re

from ..compilecache import compile_re
from ..document import HEADING, LIST_ITEM, PARAGRAPH, Block, Document, LineIndex
from .markup import blank, char_buffer, parse_directive, text_of

DIRECTIVE_LINE = compile_re(r"[ \t]*policylint:\s*(?:disable-next-line|disable-file|disable|enable)\b")
NUMBERED = compile_re(r"[ \t]*(?P<num>\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)[ \t]+(?P<title>\S.*)")
BULLET = compile_re(r"[ \t]*(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u2013]|\(?[a-z0-9]{1,3}\))[ \t]+(?=\S)")
NOT_A_TITLE = compile_re(r"@|https?:|www\.|\d|,.*,|[.,;:!]$")
WORD = compile_re(r"[^\W\d_]+")
FUNCTION_WORD_END = compile_re(r"\b(?:a|an|the|of|and|or|to|for|in|on|with|by|at|from|that|our|your|we|is|are)$", re.I)


def _heading_level(line: str, first: bool, next_line: str = "") -> int:
    """The level of a line guessed to be a heading, or 0 when it reads as prose.

    `next_line` is the line that follows (empty if blank): a short line whose sentence
    runs on into a next line starting in lower case is a hard-wrapped paragraph.
    """
    text = line.strip()
    if not text or len(text) > 100:
        return 0
    follow = next_line.lstrip()
    if follow and (follow[:1].islower() or FUNCTION_WORD_END.search(text)):
        return 0  # the sentence runs on into the next line
    m = NUMBERED.fullmatch(line)
    if m:
        title = m.group("title").strip()
        if len(title) <= 80 and title[0].isupper() and not title.endswith((".", ",", ";")):
            return min(6, 1 + m.group("num").rstrip(".").count(".") + 1)
        return 0
    bullet = BULLET.match(line)
    body = text if not bullet else line[bullet.end():].strip()
    words = WORD.findall(body)
    letters = "".join(words)
    if len(letters) >= 4 and letters.isupper() and len(words) >= 1:
        return 1 if first else 2
    if bullet:
        return 0
    if len(body) <= 70 and 1 <= len(words) <= 10 and body[0].isupper() and not NOT_A_TITLE.search(body):
        return 1 if first else 2
    return 0


def parse_text(source: str, path: str = "policy.txt") -> Document:
    chars = char_buffer(source)
    index = LineIndex(source)
    starts = index.starts
    n = len(starts)
    directives = []
    blocks: list[Block] = []
    sections: list[tuple[int, str]] = []

    def span(i: int) -> tuple[int, int]:
        a = starts[i]
        b = starts[i + 1] if i + 1 < n else len(source)
        while b > a and source[b - 1] in "\r\n":
            b -= 1
        return a, b

    def trim(a: int, b: int) -> tuple[int, int]:
        while a < b and source[a].isspace():
            a += 1
        while b > a and source[b - 1].isspace():
            b -= 1
        return a, b

    def path_now() -> tuple[str, ...]:
        return tuple(s for _, s in sections)

    para: list[int] = []  # line numbers of the paragraph being gathered

    def flush() -> None:
        if para:
            a, b = trim(span(para[0])[0], span(para[-1])[1])
            if a < b:
                blocks.append(Block(PARAGRAPH, a, b, 0, path_now()))
            para.clear()

    seen_text = False
    for i in range(n):
        a, b = span(i)
        line = source[a:b]
        if not line.strip():
            flush()
            continue
        if DIRECTIVE_LINE.match(line):
            flush()
            d = parse_directive(line, a, b, i + 1)
            if d:
                directives.append(d)
            blank(chars, a, b)
            continue
        nxt = source[starts[i + 1]:span(i + 1)[1]] if i + 1 < n else ""
        level = _heading_level(line, not seen_text, nxt)
        seen_text = True
        if level:
            flush()
            ta, tb = trim(a, b)
            title = " ".join(line.split())
            while sections and sections[-1][0] >= level:
                sections.pop()
            sections.append((level, title))
            blocks.append(Block(HEADING, ta, tb, level, path_now()))
            continue
        if BULLET.match(line) or (NUMBERED.fullmatch(line) and line.rstrip().endswith((".", ",", ";", ":"))):
            flush()
            ta, tb = trim(a, b)
            blocks.append(Block(LIST_ITEM, ta, tb, 0, path_now()))
            continue
        para.append(i)
    flush()
    doc = Document(path, source, text_of(chars), "text", blocks, [], directives)
    doc.__dict__["lines"] = index
    return doc
