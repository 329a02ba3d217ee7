"""Blanking helpers shared by the front ends: they turn markup into spaces in place.

Every function works on `chars`, a buffer with one entry per source character (see
`char_buffer`), so the prose view keeps the length of the source and every offset stays
an offset into the source.
"""
from __future__ import annotations

import html
import re
from array import array

from ..compilecache import compile_re
from ..document import Directive, Link

DIRECTIVE = compile_re(
    r"policylint:\s*(?P<action>disable-next-line|disable-file|disable|enable)\b"
    r"(?P<codes>(?:[ \t]*,?[ \t]*(?:[A-Za-z]{1,6}[0-9]{1,4}|[A-Z]{1,6})\b)*)"
)
HTML_COMMENT = compile_re(r"<!--.*?(?:-->|\Z)", re.S)
RAW_TEXT_ELEMENT = compile_re(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
HTML_TAG = compile_re(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>")
HREF = compile_re(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
ENTITY = compile_re(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _array_code() -> str | None:
    """The array type code that holds one character of any kind per entry: "w" (Python
    3.13+), else "u" where it is four bytes wide; None where it is two (Windows), since a
    character outside the BMP would take two entries and shift every offset after it."""
    for code in ("w", "u"):
        try:
            if array(code).itemsize == 4:
                return code
        except ValueError:
            continue
    return None


_CODE = _array_code()
NOT_LINE_BREAK = compile_re(r"[^\r\n]")


def char_buffer(text: str):
    """`text` as a mutable sequence of its characters: an array of four bytes a character
    (a list of one-character strings, eight bytes each and more, where there is none)."""
    return array(_CODE, text) if _CODE else list(text)


def text_of(chars, start: int = 0, end: int | None = None) -> str:
    """The characters [start, end) of a buffer, as a string."""
    part = chars[start:end] if start or end is not None else chars  # no copy of a whole buffer
    return part.tounicode() if _CODE else "".join(part)


def blank(chars, start: int, end: int) -> None:
    """Replace every character in [start, end) by a space, keeping line breaks."""
    if end <= start:
        return
    part = text_of(chars, start, end)
    spaces = NOT_LINE_BREAK.sub(" ", part) if "\n" in part or "\r" in part else " " * len(part)
    chars[start:start + len(part)] = char_buffer(spaces)


def parse_directive(text: str, start: int, end: int, line: int) -> Directive | None:
    """Read a `policylint: ACTION CODES` directive out of comment text, if it is one."""
    m = DIRECTIVE.search(text)
    if not m:
        return None
    codes = tuple(c.upper() for c in re.findall(r"[A-Za-z]+[0-9]*", m.group("codes") or ""))
    return Directive(m.group("action"), codes, start, end, line)


def blank_html(
    chars, start: int, end: int, line_of, directives: list[Directive], links: list[Link],
    decode: bool = True,
) -> None:
    """Blank comments, script/style elements and tags in [start, end); decode entities
    unless the caller will (after it has read link destinations, which may hold them).

    Comments that hold a policylint directive are recorded. `<a href>` targets are recorded
    as links, spanning the opening tag.
    """
    text = text_of(chars, start, end)
    for m in HTML_COMMENT.finditer(text):
        a, b = start + m.start(), start + m.end()
        d = parse_directive(m.group(0), a, b, line_of(a))
        if d:
            directives.append(d)
        blank(chars, a, b)
    text = text_of(chars, start, end)
    for m in RAW_TEXT_ELEMENT.finditer(text):
        blank(chars, start + m.start(), start + m.end())
    text = text_of(chars, start, end)
    for m in HTML_TAG.finditer(text):
        tag = m.group(0)
        if tag[:2].lower() == "<a":
            h = HREF.search(tag)
            if h:
                target = html.unescape(next(g for g in h.groups() if g is not None))
                links.append(Link(target, "", start + m.start(), start + m.end()))
        blank(chars, start + m.start(), start + m.end())
    if decode:
        decode_entities(chars, start, end)


def decode_entities(chars, start: int, end: int) -> None:
    """Write each character reference as the character it stands for, padded with spaces."""
    text = text_of(chars, start, end)
    for m in ENTITY.finditer(text):
        decoded = html.unescape(m.group(0))
        if decoded == m.group(0):
            continue
        if decoded in ("\xa0", "\u2009", "\u202f"):
            decoded = " "
        a = start + m.start()
        blank(chars, a, start + m.end())
        if len(decoded) <= m.end() - m.start():
            for k, c in enumerate(decoded):
                chars[a + k] = c


def trimmed(chars, start: int, end: int) -> tuple[int, int] | None:
    """The span [start, end) without leading and trailing whitespace; None if all blank."""
    while start < end and chars[start].isspace():
        start += 1
    while end > start and chars[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
