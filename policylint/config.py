"""Configuration: find, read, validate and merge `[tool.policylint]` and CLI flags.

Files, nearest first from the linted file's directory upward: `.policylint.toml`,
`policylint.toml` (keys at the top level) and `pyproject.toml` (keys under
`[tool.policylint]`; a pyproject without that table is passed over). `--config` names one
file for every path. Command-line values override file values key by key.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from fnmatch import translate
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

from .catalogue import JURISDICTION_PACKS, Catalogue, load_catalogue
from .errors import ConfigError, did_you_mean
from .finding import SEVERITIES, SEVERITY_RANK
from .tomlload import load_toml

CONFIG_FILES = (".policylint.toml", "policylint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt", "*.mdx")
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", "site-packages",
)

# key -> (expected shape, description for error messages)
KEYS = {
    "select": ("codes", "a list of rule codes or prefixes"),
    "ignore": ("codes", "a list of rule codes or prefixes"),
    "extend-select": ("codes", "a list of rule codes or prefixes"),
    "extend-ignore": ("codes", "a list of rule codes or prefixes"),
    "per-file-ignores": ("globmap", "a table of glob -> list of codes"),
    "severity": ("severitymap", "a table of code or prefix -> error | warning | info"),
    "fail-level": ("severity", "one of error, warning, info"),
    "jurisdictions": ("jurisdictions", f"\"auto\" or a list of {', '.join(JURISDICTION_PACKS)}"),
    "include": ("globs", "a list of glob patterns"),
    "exclude": ("globs", "a list of glob patterns"),
    "extend-exclude": ("globs", "a list of glob patterns"),
    "rule-paths": ("paths", "a list of paths to TOML rule packs"),
    "today": ("date", "a date as YYYY-MM-DD"),
    "facts": ("table", "a table of facts that extend or override the built-in ones"),
    "organisation": ("organisation", "a table with name (a string), aliases and domains (lists of strings)"),
    "stale-after-months": ("months", "a whole number of months, 1 or more"),
    "respect-gitignore": ("bool", "true or false"),
    "formats": ("formats", "a table of file ending -> markdown | html | text, e.g. { \".tpl\" = \"html\" }"),
}
FRONT_ENDS = ("markdown", "html", "text")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_level: str = "warning"
    jurisdictions: str | tuple[str, ...] = "auto"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    rule_paths: tuple[Path, ...] = ()
    today: date | None = None
    facts: dict = field(default_factory=dict, hash=False, compare=False)
    organisation: dict = field(default_factory=dict, hash=False, compare=False)
    stale_after_months: int = 24
    respect_gitignore: bool = True
    formats: tuple[tuple[str, str], ...] = ()  # file ending -> front end, longest ending first
    root: Path = field(default_factory=Path.cwd)  # where relative globs are anchored
    source: str | None = None  # the config file these settings came from

    # -- which rules run ---------------------------------------------------------------
    def rules_for(self, catalogue: Catalogue, rel_path: str) -> list:
        choices = [(p, True) for p in (self.select if self.select is not None else ("",))]
        choices += [(p, True) for p in self.extend_select]
        choices += [(p, False) for p in self.ignore + self.extend_ignore]
        # As in ruff, per-file ignores apply after selection: they win over any select.
        file_ignores = tuple(p for glob, codes in self.per_file_ignores if glob_list((glob,)).matches(rel_path) for p in codes)
        out = []
        for rule in catalogue.sorted_rules():
            best, on = -1, False
            for prefix, enable in choices:
                if prefix == "ALL":
                    prefix = ""
                if rule.code.startswith(prefix) and (len(prefix) > best or (len(prefix) == best and not enable)):
                    best, on = len(prefix), enable
            if on and rule.opt_in:
                on = any(p == rule.code for p, e in choices if e) and not any(
                    rule.code.startswith(p) and len(p) >= best and not e for p, e in choices
                )
            if on and not any(rule.code.startswith(p) for p in file_ignores):
                out.append(rule)
        return out

    def severity_of(self, code: str, default: str) -> str:
        best, level = -1, default
        for prefix, sev in self.severity:
            if code.startswith(prefix) and len(prefix) > best:
                best, level = len(prefix), sev
        return level

    def fails(self, severity: str) -> bool:
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_level]

    def is_excluded(self, path: Path, resolved: Path | None = None) -> bool:
        """Whether an `exclude` glob matches the path, or any one of its parts.
        (`resolved` is path.resolve(), when the caller has it.)"""
        matcher = self._matchers["exclude"]
        rel = self.relative(path, resolved)
        return matcher.matches(rel) or any(matcher.names.match(os.path.normcase(part)) for part in rel.split("/"))

    def is_included(self, path: Path, resolved: Path | None = None) -> bool:
        return self._matchers["include"].matches(self.relative(path, resolved))

    def relative(self, path: Path, resolved: Path | None = None) -> str:
        """The path relative to the root, with `/`; as given when outside the root."""
        try:
            return (resolved or Path(path).resolve()).relative_to(self._matchers["root"]).as_posix()
        except ValueError:
            return Path(path).as_posix()

    @cached_property
    def _matchers(self) -> dict:
        """The include and exclude globs, each list compiled once, and the resolved root:
        walking a tree asks about every file and folder in it."""
        return {
            "include": glob_list(self.include),
            "exclude": glob_list(self.exclude + self.extend_exclude),
            "root": self.root.resolve(),
        }

    def catalogue(self) -> Catalogue:
        return catalogue_for(self.rule_paths)

    def front_end(self, path: str) -> str | None:
        """The front end the config maps this file's ending to, if any."""
        low = path.lower()
        return next((fmt for ending, fmt in self.formats if low.endswith(ending)), None)


_CATALOGUES: dict[tuple, Catalogue] = {}


def catalogue_for(rule_paths: tuple[Path, ...]) -> Catalogue:
    if rule_paths not in _CATALOGUES:
        _CATALOGUES[rule_paths] = load_catalogue(rule_paths)
    return _CATALOGUES[rule_paths]


class GlobList:
    """Config globs, matched as fnmatch matches each against a path relative to the root:
    the whole path, the file's name (for a glob without a slash), or a folder the path
    is in (for one with a slash). `names` matches a single name or path part."""

    def __init__(self, globs: tuple[str, ...]) -> None:
        def pattern(glob: str) -> str:  # as fnmatch compiles it, case folded where the OS does
            return translate(os.path.normcase(glob))

        whole = [pattern(g) for g in globs] + [pattern(g.rstrip("/") + "/*") for g in globs if "/" in g]
        self.whole = re.compile("|".join(whole) or "(?!)")
        self.names = re.compile("|".join(pattern(g) for g in globs if "/" not in g) or "(?!)")

    def matches(self, rel: str) -> bool:
        rel = os.path.normcase(rel)
        return bool(self.whole.match(rel) or self.names.match(os.path.normcase(PurePosixPath(rel).name)))


@lru_cache(maxsize=256)
def glob_list(globs: tuple[str, ...]) -> GlobList:
    return GlobList(globs)


# -- reading files ----------------------------------------------------------------------
def find_config(start: Path) -> Path | None:
    """The nearest config file from `start` (a directory) upward, or None."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_table(candidate):
                    continue
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml sets [tool.policylint], however the TOML spells it."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    if re.search(r"^\s*\[\s*tool\s*\.\s*policylint\s*(?:[.\]])", text, re.M):
        return True
    if "policylint" not in text:
        return False
    try:  # dotted keys or an inline table: only a parse can tell
        tool = load_toml(path).get("tool", {})
    except ConfigError:
        return True  # let reading it report the TOML error
    return isinstance(tool, dict) and isinstance(tool.get("policylint"), dict)


def read_config_file(path: Path) -> dict:
    """The raw policylint table of a config file (validated by `settings_from`)."""
    data = load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("policylint", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.policylint] must be a table")
        return table
    return data


def _key_line(path: str | None, key: str) -> str:
    """`path:LINE` where `key` is set in the file, or just `path` if it cannot be found."""
    if not path or path.startswith("<"):
        return path or "<config>"
    try:
        lines = Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return path
    pat = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    header = re.compile(r"^\s*\[")
    ours = not path.endswith("pyproject.toml")  # in pyproject, only [tool.policylint...] tables
    for i, line in enumerate(lines, 1):
        if header.match(line):
            ours = not path.endswith("pyproject.toml") or re.match(r"^\s*\[+\s*tool\s*\.\s*policylint\b", line) is not None
        elif ours and pat.match(line):
            return f"{path}:{i}"
    return path


def settings_from(
    table: dict, source: str | None, root: Path, known_codes: frozenset[str] | None = None,
    base: Settings | None = None,
) -> Settings:
    """Validate a raw table and lay it over `base` (the defaults when None)."""
    where_table = "[tool.policylint]" if source and source.endswith("pyproject.toml") else "config"
    values: dict = {}
    for key, raw in table.items():
        if key not in KEYS:
            raise ConfigError(
                f"{_key_line(source, key)}: unknown key '{key}' in {where_table}{did_you_mean(key, KEYS)} "
                f"(allowed: {', '.join(KEYS)})"
            )
        values[key] = _convert(key, raw, source, root)
    settings = base or Settings(root=root)
    from_file = bool(source) and not source.startswith("<")
    changes = {"root": root if from_file else settings.root, "source": source if from_file else settings.source}
    for key, value in values.items():
        changes[key.replace("-", "_")] = value
    if "facts" in values:
        changes["facts"] = merge_facts(settings.facts, values["facts"])
    settings = replace(settings, **changes)
    check_codes(settings, source, known_codes)
    return settings


def check_codes(settings: Settings, source: str | None, known: frozenset[str] | None = None) -> None:
    """Every code or prefix in the selection must name at least one rule."""
    if known is None:
        known = frozenset(settings.catalogue().rules)
    lists = [
        ("select", settings.select or ()), ("ignore", settings.ignore),
        ("extend-select", settings.extend_select), ("extend-ignore", settings.extend_ignore),
        ("per-file-ignores", [c for _, cs in settings.per_file_ignores for c in cs]),
        ("severity", [c for c, _ in settings.severity]),
    ]
    for key, codes in lists:
        for code in codes:
            if code == "ALL" or any(k.startswith(code) for k in known):
                continue
            raise ConfigError(
                f"{_key_line(source, key)}: '{key}' has unknown rule code or prefix '{code}'"
                f"{did_you_mean(code, known)} (run `policylint rules` to list them)"
            )


def _convert(key: str, raw, source: str | None, root: Path):
    shape, allowed = KEYS[key]
    where = f"{_key_line(source, key)}: '{key}'"

    def bad(extra: str = "") -> ConfigError:
        got = f" (got {raw!r})" if not extra else extra
        return ConfigError(f"{where} must be {allowed}{got}")

    if shape in ("codes", "globs", "paths"):
        if isinstance(raw, str):
            raw = [s.strip() for s in raw.split(",") if s.strip()]
        if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
            raise bad()
        if shape == "codes":
            return tuple(x.strip().upper() for x in raw)
        if shape == "globs":
            for glob in raw:
                _check_glob(glob, where)
        if shape == "paths":
            return tuple((root / x).resolve() if not Path(x).is_absolute() else Path(x) for x in raw)
        return tuple(raw)
    if shape == "globmap":
        if not isinstance(raw, dict):
            raise bad()
        out = []
        for glob, codes in raw.items():
            _check_glob(glob, where)
            if isinstance(codes, str):
                codes = [c.strip() for c in codes.split(",") if c.strip()]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise bad(f" (the value for {glob!r} is {codes!r})")
            out.append((glob, tuple(c.strip().upper() for c in codes)))
        return tuple(out)
    if shape == "severitymap":
        if not isinstance(raw, dict):
            raise bad()
        out = []
        for code, sev in raw.items():
            if sev not in SEVERITIES:
                raise bad(f" (the value for {code!r} is {sev!r})")
            out.append((code.strip().upper(), sev))
        return tuple(out)
    if shape == "severity":
        if raw not in SEVERITIES:
            raise bad()
        return raw
    if shape == "jurisdictions":
        if raw == "auto":
            return "auto"
        if isinstance(raw, str):
            raw = [s.strip() for s in raw.split(",") if s.strip()]
        if not isinstance(raw, list) or not raw:
            raise bad()
        for j in raw:
            if j not in JURISDICTION_PACKS:
                raise ConfigError(
                    f"{where} has unknown jurisdiction {j!r}{did_you_mean(str(j), JURISDICTION_PACKS)} "
                    f"(allowed: \"auto\" or a list of {', '.join(JURISDICTION_PACKS)})"
                )
        return tuple(raw)
    if shape == "date":
        return parse_date(raw, where)
    if shape == "table":
        if not isinstance(raw, dict):
            raise bad()
        return raw
    if shape == "organisation":
        if not isinstance(raw, dict):
            raise bad()
        for key, value in raw.items():
            if key == "name" and isinstance(value, str):
                continue
            if key in ("aliases", "domains") and isinstance(value, list) and all(isinstance(v, str) for v in value):
                continue
            raise bad(f" (the value for {key!r} is {value!r}; keys are name, aliases, domains)")
        return raw
    if shape == "formats":
        if not isinstance(raw, dict):
            raise bad()
        for ending, fmt in raw.items():
            if fmt not in FRONT_ENDS or not ending.strip():
                raise bad(f" (the value for {ending!r} is {fmt!r})")
        pairs = [(e.strip().lower() if e.strip().startswith(".") else "." + e.strip().lower(), f) for e, f in raw.items()]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))
    if shape == "bool":
        if not isinstance(raw, bool):
            raise bad()
        return raw
    if shape == "months":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise bad()
        return raw
    raise AssertionError(shape)  # pragma: no cover


def _check_glob(glob: str, where: str) -> None:
    """A glob fnmatch would silently take literally: an unclosed '[' or an empty '[]'."""
    i = 0
    while i < len(glob):
        if glob[i] == "[":
            close = glob.find("]", i + 2 if glob[i + 1:i + 2] in ("!", "]") else i + 1)
            if close < 0:
                raise ConfigError(f"{where} has a bad glob {glob!r}: '[' at position {i + 1} is never closed "
                                  "(write '[[]' for a literal '[')")
            i = close
        i += 1


def parse_date(raw, where: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where} must be a date as YYYY-MM-DD (got {raw!r})")


def merge_facts(base: dict, extra: dict) -> dict:
    """Tables merge key by key, lists grow by the user's entries, other values are replaced."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_facts(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


class Resolver:
    """Settings for each linted path: one config for all (given), or the nearest file's."""

    def __init__(self, config=None, overrides: dict | None = None, isolated: bool = False) -> None:
        self.overrides = overrides or {}
        self.isolated = isolated
        self._by_file: dict[str | None, Settings] = {}
        self._by_dir: dict[Path, Settings] = {}
        self.fixed: Settings | None = None
        if isinstance(config, Settings):
            self.fixed = self._with_overrides(config)
        elif isinstance(config, dict):
            self.fixed = self._with_overrides(settings_from(config, "<config>", Path.cwd()))
        elif config is not None:
            path = Path(config)
            if not path.is_file():
                raise ConfigError(f"{path}: config file not found")
            self.fixed = self._load(path)
        elif isolated:
            self.fixed = self._with_overrides(Settings(root=Path.cwd()))

    def _with_overrides(self, settings: Settings) -> Settings:
        if not self.overrides:
            return settings
        return settings_from(self.overrides, "<command line>", settings.root, base=settings)

    def _load(self, path: Path | None) -> Settings:
        key = str(path) if path else None
        if key not in self._by_file:
            if path is None:
                settings = Settings(root=Path.cwd())
            else:
                settings = settings_from(read_config_file(path), str(path), path.parent.resolve())
            self._by_file[key] = self._with_overrides(settings)
        return self._by_file[key]

    def for_path(self, path: Path) -> Settings:
        if self.fixed is not None:
            return self.fixed
        directory = path if path.is_dir() else path.parent
        directory = directory.resolve() if str(directory) else Path.cwd()
        if directory not in self._by_dir:
            self._by_dir[directory] = self._load(find_config(directory))
        return self._by_dir[directory]
