"""consistency: a value stated near a cue must be one of the known values.

Example: a phone number written next to "ICO" must be one of the ICO's numbers in the
facts data. A value belongs to the cue when the cue is within `window` characters before
it (or `after` characters after it) and nothing between them hands the value to someone
else (a `break` pattern such as "our" or "us"). In `mode = "uniform"` there is no list of
known values: every value near a cue must be written the same as the first one.
"""
from __future__ import annotations

from ..errors import ConfigError
from ..finding import Fix, Hit
from .common import compiled, validate_patterns

OPTIONS = {
    "cues": (list, True),
    "value": (str, True),
    "fact": (str, False),  # dotted key of the known values in the facts data
    "legacy-fact": (str, False),  # dotted key of values that were right once
    "normalize": (str, False),  # "text" (default), "digits" or "phone"
    "window": (int, False),
    "after": (int, False),
    "break": (list, False),
    "near-miss": (int, False),  # edit distance within which a value is a miswritten known one
    "mode": (str, False),  # "canonical" (default) or "uniform"
    "case-sensitive": (bool, False),
}
NORMALIZERS = ("text", "digits", "phone")


def validate(rule, where: str) -> None:
    validate_patterns(rule, where, "cues", "value", "break")
    if rule.options.get("normalize", "text") not in NORMALIZERS:
        raise ConfigError(f"{where}: 'normalize' must be one of {', '.join(NORMALIZERS)}")
    mode = rule.options.get("mode", "canonical")
    if mode not in ("canonical", "uniform"):
        raise ConfigError(f"{where}: 'mode' must be 'canonical' or 'uniform'")
    if mode == "canonical" and "fact" not in rule.options:
        raise ConfigError(f"{where}: kind 'consistency' needs 'fact' unless mode = 'uniform'")


def normalize(value: str, how: str) -> str:
    if how == "text":
        return " ".join(value.split()).casefold()
    digits = "".join(c for c in value.replace("(0)", "") if c.isdigit())
    if how == "phone":
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
        elif value.lstrip().startswith("+") and digits.startswith("44"):
            digits = "0" + digits[2:]
    return digits


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _values(node) -> list[str]:
    """Fact entries are strings or tables with a `value`."""
    if node is None:
        return []
    items = node if isinstance(node, list) else [node]
    return [x["value"] if isinstance(x, dict) else str(x) for x in items if isinstance(x, (str, dict))]


def owned_values(rule, doc):
    """Yield each value match that a cue claims.

    A cue before the value claims it across blocks, but not across another heading; a cue
    after the value only within the same block, and only if the value's own sentence does
    not already give it to someone else (a `break` before it).
    """
    cues = [(m.start(), m.end()) for m in compiled(rule, "cues").finditer(doc.prose)]
    if not cues:
        return
    brk = compiled(rule, "break")
    before = rule.options.get("window", 250)
    after = rule.options.get("after", 80)
    prose = doc.prose
    headings = [h.start for h in doc.headings]

    def broken(a: int, b: int) -> bool:
        return brk is not None and brk.search(prose, a, b) is not None

    for m in compiled(rule, "value").finditer(prose):
        block = doc.block_at(m.start())
        for cs, ce in cues:
            if ce <= m.start() and m.start() - ce <= before:
                if broken(ce, m.start()) or any(ce < h < m.start() for h in headings):
                    continue
            elif cs >= m.end() and cs - m.end() <= after:
                if doc.block_at(cs) is not block or broken(m.end(), cs):
                    continue
                sentence_start = doc.sentence_at(m.start())[0]
                if broken(sentence_start, m.start()):
                    continue
            else:
                continue
            yield m
            break


def run(rule, doc, ctx):
    how = rule.options.get("normalize", "text")
    if rule.options.get("mode", "canonical") == "uniform":
        first = None
        for m in owned_values(rule, doc):
            value = normalize(m.group(0), how)
            if first is None:
                first = (value, m.group(0))
            elif value != first[0]:
                yield Hit(m.start(), m.end(), {"found": m.group(0), "expected": first[1], "problem": "written differently elsewhere"})
        return
    known = _values(ctx.fact(rule.options["fact"]))
    legacy = _values(ctx.fact(rule.options.get("legacy-fact", ""))) if "legacy-fact" in rule.options else []
    known_norm: dict[str, str] = {}
    for k in known:
        known_norm.setdefault(normalize(k, how), k)
    legacy_norm = {normalize(k, how) for k in legacy}
    near = rule.options.get("near-miss", 0)
    expected = known[0] if known else ""
    for m in owned_values(rule, doc):
        found = " ".join(m.group(0).split())  # as the reader sees it (entities leave blanks)
        value = normalize(found, how)
        if value in known_norm:
            continue
        fix = None
        if value in legacy_norm:
            problem = "a retired number" if how == "phone" else "out of date"
            if known:
                fix = Fix(m.start(), m.end(), expected, safe=False)
        else:
            problem = "not a known one"
            if near and known:
                dist, target = min((edit_distance(value, k), known_norm[k]) for k in known_norm)
                if dist <= near:
                    problem = f"{dist} character{'s' if dist > 1 else ''} away from {target}"
                    fix = Fix(m.start(), m.end(), target, safe=False)
        yield Hit(m.start(), m.end(), {"found": found, "expected": expected, "problem": problem}, fix)
