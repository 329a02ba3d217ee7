"""The rule catalogue: rules/*.toml loaded into Rule objects.

Every rule, declarative or written in Python, is described once, here in data: code, name,
pack, default severity, message template and its documentation. The CLI's `rule` page,
SARIF descriptors and the docs all read these objects.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import ConfigError, did_you_mean
from .finding import SEVERITIES
from .tomlload import load_toml

CODE = re.compile(r"[A-Z]{1,6}[0-9]{1,4}")
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
JURISDICTION_PACKS = ("uk", "eu", "us-ca")
RULE_KEYS = {
    "code", "name", "severity", "kind", "summary", "message", "opt-in", "packs", "check",
    "fixable", "docs", "options-from",
}
DOC_KEYS = ("what", "why", "source", "example", "fix")
PACK_KEYS = {"name", "title", "description", "detect"}


def builtin_rules_dir() -> Path:
    """rules/ inside the installed package, or at the root of a source checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "rules"
    return inside if inside.is_dir() else here.parent / "rules"


@dataclass(eq=False)
class Rule:
    code: str
    name: str
    severity: str
    kind: str
    summary: str
    message: str
    packs: tuple[str, ...]
    docs: dict[str, str]
    options: dict
    origin: str
    opt_in: bool = False
    fixable: str | None = None  # "safe" or "unsafe": the fixes the rule can offer
    check: str | None = None  # "module:function" for kind = "check"
    options_from: str | None = None  # share the options (vocabulary) of another rule
    trusted: bool = True  # built in; a user's pack runs its patterns with a time limit

    @property
    def pack(self) -> str:
        return ", ".join(self.packs)

    @cached_property
    def runner(self):
        """The function that runs this rule: its kind, or its Python check."""
        from .kinds import resolve

        return resolve(self)

    def run(self, doc, ctx):
        return self.runner(self, doc, ctx)

    def format_message(self, args: dict) -> str:
        if not args:
            return self.message
        try:
            return self.message.format(**args)
        except (KeyError, IndexError, ValueError):
            return self.message


@dataclass
class Pack:
    name: str
    title: str
    origin: str
    detect: dict = field(default_factory=dict)


@dataclass
class Catalogue:
    rules: dict[str, Rule] = field(default_factory=dict)
    packs: dict[str, Pack] = field(default_factory=dict)

    def get(self, code: str) -> Rule | None:
        return self.rules.get(code.upper())

    def sorted_rules(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: (_code_key(r.code)))

    def add_file(self, path: Path, validate: bool, trusted: bool = True) -> None:
        data = load_toml(path)
        origin = str(path)
        pack_table = data.get("pack", {})
        if not isinstance(pack_table, dict) or not isinstance(pack_table.get("name"), str):
            raise ConfigError(f"{origin}: [pack] must have a name (a string)")
        for key in pack_table:
            if key not in PACK_KEYS:
                raise ConfigError(
                    f"{origin}: unknown key '{key}' in [pack]{did_you_mean(key, PACK_KEYS)} "
                    f"(allowed: {', '.join(sorted(PACK_KEYS))})"
                )
        pack_name = pack_table["name"]
        pack = self.packs.get(pack_name)
        if pack is None:
            self.packs[pack_name] = Pack(pack_name, pack_table.get("title", pack_name), origin,
                                         pack_table.get("detect", {}))
        unknown_top = set(data) - {"pack", "rule"}
        if unknown_top:
            key = sorted(unknown_top)[0]
            raise ConfigError(f"{origin}: unknown table '{key}' (allowed: pack, rule)")
        entries = data.get("rule", [])
        if not isinstance(entries, list):
            raise ConfigError(f"{origin}: 'rule' must be an array of tables ([[rule]])")
        for i, entry in enumerate(entries):
            rule = _make_rule(entry, pack_name, origin, i, validate)
            rule.trusted = trusted
            if rule.code in self.rules:
                raise ConfigError(
                    f"{origin}: rule code {rule.code} is already defined in {self.rules[rule.code].origin}"
                )
            self.rules[rule.code] = rule


    def resolve_shared_options(self) -> None:
        """Give rules with `options-from` the options of the rule they name (any file)."""
        for rule in self.rules.values():
            seen = [rule.code]
            while rule.options_from:
                donor = self.rules.get(rule.options_from)
                if donor is None or donor.code in seen:
                    what = "unknown rule" if donor is None else "a rule that leads back to it"
                    raise ConfigError(f"{rule.origin}: rule {rule.code}: 'options-from' names {what} {rule.options_from}")
                seen.append(donor.code)
                rule.options = {**donor.options, **rule.options}
                rule.options_from = donor.options_from


def _code_key(code: str) -> tuple:
    m = re.match(r"([A-Z]+)(\d+)", code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


def _make_rule(entry: dict, pack: str, origin: str, index: int, validate: bool) -> Rule:
    where = f"{origin}: rule #{index + 1}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each [[rule]] must be a table")
    code = entry.get("code")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise ConfigError(f"{where}: 'code' must be letters then digits, like 'ACME101' (got {code!r})")
    where = f"{origin}: rule {code}"
    meta = {k: v for k, v in entry.items() if k in RULE_KEYS}
    options = {k: v for k, v in entry.items() if k not in RULE_KEYS}

    def need(key: str, kind=str) -> object:
        value = meta.get(key)
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            raise ConfigError(f"{where}: '{key}' is required and must be a {kind.__name__}")
        return value

    name = need("name")
    if not NAME.fullmatch(name):
        raise ConfigError(f"{where}: 'name' must be a kebab-case slug like 'no-contact-details' (got {name!r})")
    severity = need("severity")
    if severity not in SEVERITIES:
        raise ConfigError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)} (got {severity!r})")
    kind = need("kind")
    message = need("message")
    summary = meta.get("summary") or message
    packs = meta.get("packs", [pack])
    if isinstance(packs, str):
        packs = [packs]
    docs = meta.get("docs", {})
    if not isinstance(docs, dict):
        raise ConfigError(f"{where}: 'docs' must be a table")
    fixable = meta.get("fixable")
    if fixable not in (None, "safe", "unsafe"):
        raise ConfigError(f"{where}: 'fixable' must be 'safe' or 'unsafe' (got {fixable!r})")
    rule = Rule(
        code=code, name=name, severity=severity, kind=kind, summary=summary, message=message,
        packs=tuple(packs), docs={k: str(v).strip() for k, v in docs.items()}, options=options,
        origin=origin, opt_in=bool(meta.get("opt-in", False)), fixable=fixable, check=meta.get("check"),
        options_from=meta.get("options-from"),
    )
    if validate:
        from .kinds import validate_rule

        validate_rule(rule, where)
    return rule


def load_catalogue(rule_paths: tuple[Path, ...] = (), validate_builtin: bool = False) -> Catalogue:
    cat = Catalogue()
    for path in sorted(builtin_rules_dir().glob("*.toml")):
        cat.add_file(path, validate_builtin)
    for path in rule_paths:
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        if not path.exists():
            raise ConfigError(f"{path}: rule pack not found (from 'rule-paths')")
        for f in files:
            cat.add_file(f, True, trusted=False)
    cat.resolve_shared_options()
    return cat


_BUILTIN: Catalogue | None = None


def builtin_catalogue() -> Catalogue:
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = load_catalogue()
    return _BUILTIN


def import_object(spec: str):
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)
