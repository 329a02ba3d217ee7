"""PL701 vague-language: sections that hedge too much.

A section is a heading and the blocks under it up to the next heading (of any level);
the text before the first heading is a section of its own. Every match of a `hedges`
pattern ("may", "from time to time", "certain", "including but not limited to", "as
appropriate") counts once. A section with at least `min-words` words and `min-hedges`
hedges whose density (hedges per 100 words) reaches `threshold` gets one finding, at its
heading (or at its first block when it has none), naming the hedges it uses most.
"""
from __future__ import annotations

from collections import Counter


from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import compile_regex_filtered

WORD = compile_regex_filtered(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")


def _sections(doc):
    """Lists of blocks: each heading with what follows it; leading blocks first."""
    current: list = []
    for block in doc.blocks:
        if block.kind == "heading":
            if current:
                yield current
            current = [block]
        else:
            current.append(block)
    if current:
        yield current


def vague_language(rule, doc, ctx):
    hedges = compiled(rule, "hedges")
    if hedges is None:
        return
    threshold = float(rule.options.get("threshold", 5.0))
    min_words = int(rule.options.get("min-words", 60))
    min_hedges = int(rule.options.get("min-hedges", 4))
    prose = doc.prose
    for blocks in _sections(doc):
        words = 0
        found: Counter = Counter()
        for block in blocks:
            words += sum(1 for _ in WORD.finditer(prose, block.start, block.end))
            for m in hedges.finditer(prose, block.start, block.end):
                found[" ".join(m.group(0).lower().split())] += 1
        count = sum(found.values())
        if words < min_words or count < min_hedges:
            continue
        density = 100.0 * count / words
        if density < threshold:
            continue
        head = blocks[0]
        title = doc.text_of(head) if head.kind == "heading" else "(opening text)"
        if head.kind == "heading":
            start, end = head.start, head.end
        else:
            start = head.start
            end = doc.sentence_at(head.start)[1] if head.end > head.start else head.start
            end = min(end, head.end, prose.find("\n", start) if prose.find("\n", start) > 0 else head.end)
        top = ", ".join(f"'{w}' x{n}" if n > 1 else f"'{w}'" for w, n in found.most_common(4))
        yield Hit(start, end, {
            "section": title if len(title) <= 60 else title[:57].rstrip() + "...",
            "count": count,
            "words": words,
            "density": f"{density:.1f}",
            "threshold": f"{threshold:g}",
            "hedges": top,
        })
