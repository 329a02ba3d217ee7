"""Outdated law that needs more than a pattern: PL108 and PL109.

PL108 subject-access-old-terms: a subject access request answered "within 40 days" or
for "a £10 fee", the Data Protection Act 1998's terms. The deadline or fee must be in a
sentence about subject access, or in one of the two sentences after one ("You may ask for a
copy of the information we hold about you. A small fee is payable.").

PL109 dpf-without-uk-extension: the EU-US Data Privacy Framework relied on in a notice
that never mentions its UK Extension. Reported once, at the first mention relied on (a
sentence that relies on it, or a table cell, as in a table of providers and safeguards).
"""
from __future__ import annotations

from bisect import bisect_right


from ..finding import Hit
from ..kinds.common import compiled
from ..patterns import compile_regex_filtered

# What may stand between two parts of one old term ("a fee" of "£10").
JOIN = compile_regex_filtered(r"\s*(?:(?:of|is|at)\s+)?")


def _context_start(doc, starts: list[int], offset: int, back: int) -> int:
    """Start of the sentence `back` sentences before the one holding `offset`, staying
    inside the same block (a list item or paragraph of its own is another statement)."""
    a, _ = doc.sentence_at(offset)
    block = doc.block_at(offset)
    i = bisect_right(starts, a) - 1
    if i < 0 or starts[i] != a:
        return a
    lo = a
    for j in range(i - 1, max(-1, i - 1 - back), -1):
        if block is None or starts[j] < block.start:
            break
        lo = starts[j]
    return lo


def subject_access_old_terms(rule, doc, ctx):
    prose = doc.prose
    access = compiled(rule, "access")
    answer = compiled(rule, "answer")
    answer_weak = compiled(rule, "answer-weak")
    request = compiled(rule, "request")
    gdpr_fee = compiled(rule, "gdpr-fee")
    history = compiled(rule, "history")
    starts = [s for s, _ in doc.sentences]
    back = int(rule.options.get("sentences-before", 2))
    # (sentence, kind) -> merged span of the old terms of that kind in the sentence
    found: dict[tuple[int, int, str], list[int]] = {}
    for key in ("deadline", "fee"):
        pattern = compiled(rule, key)
        if pattern is None:
            continue
        for m in pattern.finditer(prose):
            a, b = doc.sentence_at(m.start())
            span = found.get((a, b, key))
            if span is None:
                found[(a, b, key)] = [m.start(), m.end()]
            elif JOIN.fullmatch(prose, span[1], max(span[1], m.start())):
                span[1] = max(span[1], m.end())  # "a fee" + "of" + "£10" -> "a fee of £10"
    for (a, b, key), (start, end) in sorted(found.items(), key=lambda item: item[1]):
        same_sentence_only = False
        if key == "deadline" and (answer is None or not answer.search(prose, a, b)):
            if answer_weak is None or not answer_weak.search(prose, a, b):
                continue
            # "within 40 days" alone: the sentence itself must be about access or a request
            same_sentence_only = request is None or not request.search(prose, a, b)
        if key == "fee" and gdpr_fee is not None and gdpr_fee.search(prose, a, b):
            continue
        if history is not None and history.search(prose, a, b):
            continue
        lo = a if same_sentence_only else _context_start(doc, starts, start, back)
        if not access.search(prose, lo, b):
            continue
        yield Hit(start, end, {"match": " ".join(prose[start:end].split())})


def dpf_without_uk_extension(rule, doc, ctx):
    prose = doc.prose
    if compiled(rule, "uk-extension").search(prose):
        return
    swiss = compiled(rule, "swiss")
    when = compiled(rule, "when")
    unless = compiled(rule, "unless")
    for m in compiled(rule, "patterns").finditer(prose):
        if swiss is not None and swiss.search(prose[max(0, m.start() - 40):m.start()]):
            continue
        a, b = doc.sentence_at(m.start())
        if unless is not None and unless.search(prose, a, b):
            continue
        block = doc.block_at(m.start())
        in_table = block is not None and block.kind == "table_cell"  # a table of safeguards relies on them
        if when is not None and not in_table and not when.search(prose, a, b):
            continue
        yield Hit(m.start(), m.end(), {"match": " ".join(m.group(0).split())})
        return
