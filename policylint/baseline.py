"""Baselines: record today's findings so that only new ones are reported.

A finding is matched on its file, its code and the text of its span (whitespace
collapsed), never on its line, so edits elsewhere in the file do not bring old findings
back. The same text reported twice needs two entries.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .errors import ConfigError

VERSION = 1


def key(f) -> tuple[str, str, str]:
    return (Path(f.path).as_posix(), f.code, " ".join(f.text.split()))


def dump(findings) -> str:
    counts = Counter(key(f) for f in findings)
    entries = [{"path": p, "code": c, "text": t, "count": n} for (p, c, t), n in sorted(counts.items())]
    return json.dumps({"policylint-baseline": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a policylint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("policylint-baseline") != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a policylint baseline (write one with --write-baseline)")
    counts: Counter = Counter()
    for entry in data["findings"]:
        try:
            counts[(entry["path"], entry["code"], entry["text"])] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{path}: baseline entry {entry!r} needs path, code, text and count") from None
    return counts


def new_findings(findings, baseline: Counter) -> list:
    """The findings the baseline does not account for, in order."""
    left = Counter(baseline)
    out = []
    for f in findings:
        k = key(f)
        if left[k] > 0:
            left[k] -= 1
        else:
            out.append(f)
    return out
