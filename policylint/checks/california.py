"""California (CCPA as amended by the CPRA): the opt-out links and the consumer's rights.

PL801 do-not-sell-without-share: the pre-2023 link title "Do Not Sell My Personal
Information" (no "or Share"); an unsafe fix inserts "or Share" in the letter case used.
PL802 no-limit-sensitive-link: sensitive personal information is used and there is no
"Limit the Use of My Sensitive Personal Information" link (nor the single alternative
"Your Privacy Choices" link).
PL804 ccpa-rights-incomplete: which of the rights to know, delete, correct, opt out of
sale or sharing, limit and non-discrimination the notice never mentions; the same
machinery as PL311 (see rights.py), with California's vocabulary in rules' options.
"""
from __future__ import annotations

from ..document import HEADING
from ..finding import Fix, Hit
from ..kinds.common import compiled
from .rights import _search, idiom_spans, rights_incomplete


def _with_share(text: str) -> str:
    """'Do Not Sell My ...' -> 'Do Not Sell or Share My ...', keeping the letter case."""
    i = text.lower().index("sell") + len("sell")
    sell = text[i - 4:i]
    if sell.isupper():
        insert = " OR SHARE"
    elif sell[0].isupper():
        insert = " or Share"
    else:
        insert = " or share"
    return text[:i] + insert + text[i:]


def do_not_sell_without_share(rule, doc, ctx):
    unless = compiled(rule, "unless")
    for m in compiled(rule, "patterns").finditer(doc.prose):
        if m.end() == m.start():
            continue
        a, b = doc.sentence_at(m.start())
        if _search(unless, doc.prose, a, b):
            continue
        text = doc.source[m.start():m.end()]
        fix = None
        if text == m.group(0) and "sell" in text.lower():
            fix = Fix(m.start(), m.end(), _with_share(text), safe=False)
        yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())}, fix)


def no_limit_sensitive_link(rule, doc, ctx):
    """The first sentence (or table cell) that says sensitive personal information is
    collected or used, when the notice has no limit link (`link`). Sentences that deny
    using it (`not-used`), or confine it to the purposes the law exempts, do not count."""
    prose = doc.prose
    if _search(compiled(rule, "link"), prose):
        return
    used = compiled(rule, "use")
    denied = compiled(rule, "not-used")
    idioms = idiom_spans(rule, doc)
    for m in compiled(rule, "sensitive").finditer(prose):
        if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e in idioms):
            continue
        block = doc.block_at(m.start())
        if block is None or block.kind == HEADING:
            continue
        a, b = doc.sentence_at(m.start())
        if block.kind == "table_cell":  # the whole row: "Sensitive personal information | No"
            line = doc.lines.line_of(m.start())
            a = doc.lines.line_start(line)
            end = doc.source.find("\n", a)
            b = len(doc.source) if end < 0 else end
        if _search(denied, prose, a, b):
            continue
        if block.kind != "table_cell" and not _search(used, prose, a, b):
            continue
        yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})
        return


def ccpa_rights_incomplete(rule, doc, ctx):
    yield from rights_incomplete(rule, doc, ctx)
