"""Front ends: each turns decoded source text into a Document."""
from __future__ import annotations

from ..document import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def format_for(path: str) -> str:
    """The front end that reads a file, chosen by its name."""
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


def parse(source: str, path: str = "policy.md", fmt: str | None = None) -> Document:
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        from .markdown import parse_markdown

        return parse_markdown(source, path, mdx=path.lower().endswith(".mdx"))
    from .text import parse_text

    return parse_text(source, path)
