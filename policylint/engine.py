"""Run the selected rules on a Document; apply suppressions and severities."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .catalogue import Catalogue
from .config import Settings
from .context import Context
from .document import Document
from .errors import PolicylintError
from .facts import facts_for
from .finding import Finding, Hit
from . import prefilter
from .jurisdictions import Detection, active_packs
from .suppress import Suppressions
from .textelsewhere import text_lives_elsewhere
from .trouble import RuleTrouble

UNUSED_SUPPRESSION = "PL001"
TEXT_ELSEWHERE = "PL002"


class RuleFailure(PolicylintError):
    """A rule raised an exception on a document (a bug, or a user pattern that ran out of time)."""


def lint_document(
    doc: Document, settings: Settings, catalogue: Catalogue | None = None, trouble: RuleTrouble | None = None
) -> tuple[list[Finding], dict[str, Detection]]:
    """Findings and detected jurisdictions for one document. A rule that raises is
    recorded in `trouble` (and skipped from then on), or raises RuleFailure without it."""
    catalogue = catalogue or settings.catalogue()
    rules = settings.rules_for(catalogue, settings.relative(Path(doc.path)))
    packs, detections = active_packs(doc, catalogue, settings.jurisdictions)
    ctx = Context(
        today=settings.today or date.today(), facts=facts_for(settings.facts), packs=packs,
        organisation=settings.organisation, stale_after_months=settings.stale_after_months,
    )
    suppressions = Suppressions(doc.directives, doc.lines.line_of)
    findings: list[Finding] = []
    running: list[str] = []
    for rule in rules:
        if rule.kind == "engine" or not any(p in packs for p in rule.packs):
            continue
        if trouble is not None and rule.code in trouble.disabled:
            continue
        running.append(rule.code)
        try:
            hits = list(rule.run(doc, ctx))
        except Exception as exc:  # a broken rule must not stop the others
            if trouble is None:
                raise RuleFailure(f"{doc.path}: rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}") from exc
            trouble.record(rule, doc, exc)
            continue
        for hit in hits:
            line = doc.lines.line_of(hit.start)
            if suppressions.hides(rule.code, hit.start, line):
                continue
            findings.append(_finding(doc, rule, hit, settings, detections))
    elsewhere_rule = catalogue.get(TEXT_ELSEWHERE)
    elsewhere = text_lives_elsewhere(elsewhere_rule, doc) if elsewhere_rule and doc.format != "markdown" else None
    if elsewhere:
        # A template of translation keys: its missing disclosures say nothing; report that once.
        findings = [f for f in findings if f.end > f.start or f.start > 0]
        if any(r.code == TEXT_ELSEWHERE for r in rules):
            hit = Hit(0, 0, {"keys": elsewhere[0], "words": elsewhere[1]})
            findings.append(_finding(doc, elsewhere_rule, hit, settings, detections))
    unused_rule = next((r for r in rules if r.code == UNUSED_SUPPRESSION), None)
    if unused_rule is not None:
        for d in suppressions.unused():
            runs = any(code.startswith(c) for c in d.codes for code in running)
            unknown = any(not any(code.startswith(c) for code in catalogue.rules) for c in d.codes)
            if d.codes and not runs and not unknown:
                continue  # it names only rules that do not run here: nothing to judge
            what = ", ".join(d.codes) if d.codes else "every rule"
            hit = Hit(d.start, d.end, {"directive": d.action, "codes": what})
            findings.append(_finding(doc, unused_rule, hit, settings, detections))
    findings.sort(key=Finding.sort_key)
    prefilter.release()  # what the patterns learnt of this document's texts
    return findings, detections


def _finding(doc: Document, rule, hit: Hit, settings: Settings, detections: dict) -> Finding:
    line, column = doc.position(hit.start)
    end_line, end_column = doc.position(hit.end) if hit.end > hit.start else (line, column)
    return Finding(
        path=doc.path,
        code=rule.code,
        name=rule.name,
        severity=settings.severity_of(rule.code, rule.severity),
        message=rule.format_message(hit.args),
        start=hit.start,
        end=hit.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        fix=hit.fix,
        text=doc.source[hit.start:hit.end],
        jurisdictions=tuple(sorted(detections)),
    )
