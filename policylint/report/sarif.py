"""SARIF 2.1.0 for code scanning: one run, a rule descriptor per code used."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..rulepage import rule_page

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/policylint/policylint"


def _uri(path: str, root: Path) -> str:
    """A URI reference for the file: relative to the root when inside it, percent-encoded."""
    p = Path(path)
    try:
        return quote(p.resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError):
        return p.resolve().as_uri() if p.is_absolute() else quote(p.as_posix())


def _artifact(uri: str) -> dict:
    """An artifactLocation; only a relative URI is resolved against %SRCROOT%."""
    return {"uri": uri} if urlsplit(uri).scheme else {"uri": uri, "uriBaseId": "%SRCROOT%"}


def descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.docs.get("what", rule.summary).split())},
        "help": {"text": rule_page(rule), "markdown": rule_page(rule, markdown=True)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [f"pack:{p}" for p in rule.packs]},
    }


def render(findings, ctx) -> str:
    codes = sorted({f.code for f in findings}, key=lambda c: (len(c), c))
    index = {code: i for i, code in enumerate(codes)}
    seen: dict[tuple, int] = {}
    results = []
    for f in findings:
        uri = _uri(f.path, ctx.root)
        key = (f.code, uri, " ".join(f.text.split()))
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode()).hexdigest()[:32]
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(uri),
                "region": region,
            }}],
            "partialFingerprints": {"policylint/v1": fingerprint},
        }
        if f.fix is not None and (f.fix.start, f.fix.end) == (f.start, f.end):
            result["fixes"] = [{
                "description": {"text": f"Replace with '{f.fix.replacement}'" + ("" if f.fix.safe else " (unsafe)")},
                "artifactChanges": [{
                    "artifactLocation": _artifact(uri),
                    "replacements": [{"deletedRegion": region, "insertedContent": {"text": f.fix.replacement}}],
                }],
            }]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policylint",
                "version": ctx.version,
                "semanticVersion": ctx.version,
                "informationUri": INFORMATION_URI,
                "rules": [descriptor(ctx.rules[c]) for c in codes],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": ctx.root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
