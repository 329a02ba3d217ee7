"""Front ends: each turns decoded source text into a Document."""
from __future__ import annotations

from ..document import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
# HTML pages and the site templates that render them (ERB, Nunjucks, Jinja, Liquid, Razor,
# Handlebars, ...); `privacy.html.erb` ends in `.erb`, so double extensions are covered.
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".erb", ".njk", ".nunjucks", ".jinja", ".jinja2", ".j2",
                 ".liquid", ".cshtml", ".razor", ".hbs", ".handlebars", ".mustache", ".tpl", ".twig",
                 ".ejs")


def format_for(path: str) -> str:
    """The front end that reads a file, chosen by its name."""
    low = path.lower()
    if low.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


def parse(source: str, path: str = "policy.md", fmt: str | None = None) -> Document:
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        from .markdown import parse_markdown

        return parse_markdown(source, path, mdx=path.lower().endswith(".mdx"))
    if fmt == "html":
        from .html import parse_html

        return parse_html(source, path)
    from .text import parse_text

    return parse_text(source, path)
