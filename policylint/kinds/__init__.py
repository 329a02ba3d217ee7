"""The declarative rule kinds a rule pack can use, and `check` for rules written in Python.

Each kind module has `OPTIONS` (the keys a rule of that kind may set: name -> (type,
required)) and `run(rule, doc, ctx)`, which yields Hits.
"""
from __future__ import annotations

import importlib

from ..errors import ConfigError, did_you_mean

KINDS = ("existence", "substitution", "fuzzy", "required", "conditional", "consistency", "check", "engine")


def _module(kind: str):
    return importlib.import_module(f"{__name__}.{kind}")


def resolve(rule):
    if rule.kind == "check":
        from ..catalogue import import_object

        return import_object(rule.check)
    return _module(rule.kind).run


def validate_rule(rule, where: str) -> None:
    """Check a rule's kind-specific options: known keys, right types, patterns that compile."""
    if rule.kind not in KINDS:
        raise ConfigError(
            f"{where}: unknown kind '{rule.kind}'{did_you_mean(rule.kind, KINDS)} (allowed: {', '.join(KINDS)})"
        )
    if rule.kind == "check":
        if not rule.check or ":" not in rule.check:
            raise ConfigError(f"{where}: kind 'check' needs check = 'module:function'")
        try:
            resolve(rule)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"{where}: cannot load check {rule.check!r}: {exc}") from None
        return  # a check reads its own options and is tested with them
    module = _module(rule.kind)
    allowed = module.OPTIONS
    for key, value in rule.options.items():
        if key not in allowed:
            raise ConfigError(
                f"{where}: unknown key '{key}' for kind '{rule.kind}'{did_you_mean(key, allowed)} "
                f"(allowed: {', '.join(sorted(allowed)) or 'none'})"
            )
        kind_type = allowed[key][0]
        if not isinstance(value, kind_type):
            raise ConfigError(f"{where}: '{key}' must be a {kind_type.__name__} (got {type(value).__name__})")
    for key, (_, required) in allowed.items():
        if required and key not in rule.options:
            raise ConfigError(f"{where}: kind '{rule.kind}' needs '{key}'")
    if hasattr(module, "validate"):
        module.validate(rule, where)
