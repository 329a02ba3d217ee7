"""Which jurisdiction packs apply to a document: configured, or detected from its text.

Detection cues live in each pack's `[pack.detect]` table: `signals` (any one is enough),
`weak` (enough only when none of the packs in `weak-unless` was detected) and `unless`
(a signal whose sentence matches one of these does not count, e.g. Ireland's own Data
Protection Act 2018 is not a sign of a UK notice).
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .catalogue import JURISDICTION_PACKS
from .patterns import any_of


class Detection(NamedTuple):
    pack: str
    evidence: str  # the text that showed it, or "configured"
    offset: int = -1


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]):
    """A pack's cues as one pattern, compiled once per run, not once per document."""
    return any_of(patterns)


def _first_signal(doc, patterns, unless):
    if not patterns:
        return None
    excuse = _compiled(tuple(unless)) if unless else None
    for m in _compiled(tuple(patterns)).finditer(doc.prose):
        if excuse is not None:
            a, b = doc.sentence_at(m.start())
            if excuse.search(doc.prose, a, b):
                continue
        return m
    return None


def detect(doc, catalogue) -> dict[str, Detection]:
    found: dict[str, Detection] = {}
    weak_pending = []
    for name in JURISDICTION_PACKS:
        pack = catalogue.packs.get(name)
        if pack is None or not pack.detect:
            continue
        det = pack.detect
        m = _first_signal(doc, det.get("signals", []), det.get("unless", []))
        if m:
            found[name] = Detection(name, " ".join(m.group(0).split()), m.start())
        elif det.get("weak"):
            weak_pending.append((name, det))
    for name, det in weak_pending:
        if any(other in found for other in det.get("weak-unless", [])):
            continue
        m = _first_signal(doc, det["weak"], det.get("unless", []))
        if m:
            found[name] = Detection(name, " ".join(m.group(0).split()), m.start())
    return found


def active_packs(doc, catalogue, jurisdictions) -> tuple[frozenset[str], dict[str, Detection]]:
    """The packs whose rules run on `doc`: core, user packs, and the jurisdictions in force."""
    if jurisdictions == "auto":
        chosen = detect(doc, catalogue)
    else:
        chosen = {j: Detection(j, "configured") for j in jurisdictions}
    always = {p for p in catalogue.packs if p not in JURISDICTION_PACKS}
    return frozenset(always | set(chosen)), chosen
