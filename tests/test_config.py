"""Configuration files, their discovery, their keys, their errors, and users' own rule packs."""
from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint import lint_paths, lint_text

from .conftest import TODAY, run_cli

SHIELD = "Our analytics partner is certified under the EU-US Privacy Shield for every transfer.\n"
MISSPELT = "We apply the General Date Protection Regulation (GPDR) to every request.\n"
POLICY = "# Privacy notice\n\n" + SHIELD + "\n" + MISSPELT


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def codes_of(stdout: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^.+?:\d+:\d+: ([A-Z]+\d+) \[", stdout, re.M)}


def config_line(stderr: str) -> str:
    """The stderr line of `--verbose` that names the config used."""
    return next(ln for ln in stderr.splitlines() if "config" in ln and "jurisdictions" in ln)


def one_error(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policylint: error:"), lines[0]
    return lines[0]


# -- discovery --------------------------------------------------------------------------------
def test_pyproject_table_is_found_upward_from_the_file(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "site"

        [tool.policylint]
        select = ["PL401"]
    """)
    write(tmp_path / "docs" / "legal" / "notice.md", POLICY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # discovery starts at the linted file's folder, not at the working directory
    r = run_cli(str(tmp_path / "docs" / "legal" / "notice.md"), "--verbose", cwd=elsewhere)
    assert codes_of(r.stdout) == {"PL401"}, r.stdout + r.stderr
    assert str((tmp_path / "pyproject.toml").resolve()) in config_line(r.stderr)


def test_nearest_config_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.policylint]\nselect = ["PL401"]\n')
    write(tmp_path / "docs" / ".policylint.toml", 'select = ["PL101"]\n')
    write(tmp_path / "top.md", POLICY)
    write(tmp_path / "docs" / "inner.md", POLICY)
    results = lint_paths([tmp_path / "top.md", tmp_path / "docs" / "inner.md"])
    by_file = {Path(p).name: {f.code for f in results if f.path == p} for p in results.files}
    assert by_file == {"top.md": {"PL401"}, "inner.md": {"PL101"}}
    assert results.settings[str(tmp_path / "docs" / "inner.md")].source.endswith(".policylint.toml")


def test_policylint_toml_has_keys_at_the_top_level(tmp_path):
    write(tmp_path / "policylint.toml", 'select = ["PL101"]\n')
    write(tmp_path / "notice.md", POLICY)
    r = run_cli("notice.md", "--verbose", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL101"}
    assert "policylint.toml" in config_line(r.stderr)


@pytest.mark.parametrize(
    "content",
    [
        '[tool]\npolicylint.select = ["PL401"]\n',
        '[tool]\npolicylint = { select = ["PL401"] }\n',
        'tool.policylint.select = ["PL401"]\n',
    ],
    ids=["dotted-key", "inline-table", "top-level-dotted"],
)
def test_pyproject_table_written_with_dotted_keys_is_found(tmp_path, content):
    """TOML allows the same table to be written without a [tool.policylint] header."""
    write(tmp_path / "pyproject.toml", content)
    write(tmp_path / "notice.md", POLICY)
    results = lint_paths([tmp_path / "notice.md"])
    assert {f.code for f in results} == {"PL401"}


def test_in_one_folder_policylint_files_come_before_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.policylint]\nselect = ["PL401"]\n')
    write(tmp_path / "policylint.toml", 'select = ["PL101"]\n')
    write(tmp_path / "notice.md", POLICY)
    results = lint_paths([tmp_path / "notice.md"])
    assert {f.code for f in results} == {"PL101"}
    write(tmp_path / ".policylint.toml", 'select = ["PL401"]\nextend-select = ["PL101"]\n')
    results = lint_paths([tmp_path / "notice.md"])
    assert {f.code for f in results} == {"PL101", "PL401"}
    assert results.settings[str(tmp_path / "notice.md")].source.endswith(".policylint.toml")


def test_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / ".policylint.toml", 'select = ["PL401"]\n')
    write(tmp_path / "docs" / "pyproject.toml", """
        [project]
        name = "docs"

        [tool.black]
        line-length = 100
        select = ["PL101"]
    """)
    write(tmp_path / "docs" / "notice.md", POLICY)
    r = run_cli("docs/notice.md", "--verbose", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert codes_of(r.stdout) == {"PL401"}
    line = config_line(r.stderr)
    assert ".policylint.toml" in line and "pyproject.toml" not in line


def test_config_option_overrides_discovery(tmp_path):
    write(tmp_path / ".policylint.toml", 'select = ["PL401"]\n')
    write(tmp_path / "settings" / "strict.toml", 'select = ["PL101"]\n')
    write(tmp_path / "notice.md", POLICY)
    r = run_cli("notice.md", "--config", "settings/strict.toml", "--verbose", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL101"}
    assert "strict.toml" in config_line(r.stderr)
    r = run_cli("notice.md", "--config", "settings/missing.toml", cwd=tmp_path)
    assert "missing.toml" in one_error(r)


def test_isolated_ignores_config_files(tmp_path):
    write(tmp_path / ".policylint.toml", 'select = ["PL401"]\nfail-level = "error"\n')
    write(tmp_path / "notice.md", POLICY)
    r = run_cli("notice.md", "--isolated", "--select", "PL101,PL401", "--verbose", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL101", "PL401"}
    assert ".policylint.toml" not in config_line(r.stderr)
    # a broken config file is not even read
    write(tmp_path / ".policylint.toml", 'selct = ["PL401"]\n')
    r = run_cli("notice.md", "--isolated", "--select", "PL101", cwd=tmp_path)
    assert r.returncode == 1, r.stderr


def test_command_line_overrides_file_values_key_by_key(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.policylint]
        select = ["PL401"]
        fail-level = "info"
        severity = { PL4 = "info", PL101 = "info" }
    """)
    write(tmp_path / "notice.md", POLICY)
    r = run_cli("notice.md", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL401"}
    assert r.returncode == 1  # fail-level info from the file
    r = run_cli("notice.md", "--select", "PL101", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL101"}
    assert "[info]" in r.stdout  # the file's severity table still applies
    assert r.returncode == 1
    r = run_cli("notice.md", "--select", "PL101", "--fail-level", "warning", cwd=tmp_path)
    assert r.returncode == 0


# -- keys -------------------------------------------------------------------------------------
def test_extend_select_and_extend_ignore(tmp_path):
    write(tmp_path / "notice.md", POLICY)
    cfg = {"select": ["PL101"], "extend-select": ["PL4"]}
    assert {f.code for f in lint_paths([tmp_path / "notice.md"], cfg)} == {"PL101", "PL401"}
    cfg = {"select": ["PL1", "PL4"], "extend-ignore": ["PL401"]}
    assert {f.code for f in lint_paths([tmp_path / "notice.md"], cfg)} == {"PL101"}


def test_per_file_ignores_are_anchored_at_the_config_file(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", """
        [tool.policylint]
        select = ["PL1", "PL4"]

        [tool.policylint.per-file-ignores]
        "legal/*.md" = ["PL4"]
        "archive.md" = "PL1"
    """)
    write(tmp_path / "legal" / "terms.md", POLICY)
    write(tmp_path / "notice.md", POLICY)
    write(tmp_path / "legal" / "archive.md", POLICY)
    write(tmp_path / "archive.md", POLICY)
    monkeypatch.chdir(tmp_path / "legal")  # globs do not depend on the working directory
    results = lint_paths([tmp_path])
    by_file = {Path(p).relative_to(tmp_path).as_posix(): {f.code for f in results if f.path == p}
               for p in results.files}
    assert by_file == {
        "legal/terms.md": {"PL101"},
        "notice.md": {"PL101", "PL401"},
        "legal/archive.md": set(),  # a glob without a slash matches the file name anywhere
        "archive.md": {"PL401"},
    }


def test_per_file_ignores_hide_a_code_however_it_was_selected():
    """As in ruff and flake8, a per-file ignore removes the code even when select names it exactly."""
    cfg = {"select": ["PL101", "PL401"], "per-file-ignores": {"*.md": ["PL4"]}}
    assert {f.code for f in lint_text(POLICY, "notice.md", cfg)} == {"PL101"}
    cfg = {"select": ["PL101", "PL401"], "per-file-ignores": {"notice.md": ["PL401"]}}
    assert {f.code for f in lint_text(POLICY, "notice.md", cfg)} == {"PL101"}
    assert {f.code for f in lint_text(POLICY, "other.md", cfg)} == {"PL101", "PL401"}


def test_severity_table_prefers_the_most_specific_entry():
    cfg = {"select": ["PL101", "PL401"], "severity": {"PL": "info", "PL101": "warning"}}
    found = {(f.code, f.severity) for f in lint_text(POLICY, "notice.md", cfg)}
    assert found == {("PL101", "warning"), ("PL401", "info")}


def test_fail_level_from_a_file(tmp_path):
    write(tmp_path / ".policylint.toml", 'select = ["PL401"]\nseverity = { PL401 = "warning" }\nfail-level = "error"\n')
    write(tmp_path / "notice.md", POLICY)
    r = run_cli("notice.md", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL401"}
    assert r.returncode == 0


WRONG_ICO = "You can complain to the Information Commissioner's Office on 0161 555 0199.\n"


@pytest.mark.parametrize(
    "jurisdictions, runs",
    [(["uk"], True), ("uk", True), (["eu", "us-ca"], False), ("auto", True), (["uk", "eu"], True)],
)
def test_jurisdictions_choose_the_packs(jurisdictions, runs):
    cfg = {"select": ["PL201"], "jurisdictions": jurisdictions}
    found = [f.code for f in lint_text(WRONG_ICO, "notice.md", cfg)]
    assert found == (["PL201"] if runs else [])


def test_auto_jurisdiction_without_a_signal_does_not_run_a_pack():
    text = "You can complain to the regulator on 0161 555 0199.\n"
    assert lint_text(text, "notice.md", {"select": ["PL201"], "jurisdictions": "auto"}) == []
    assert [f.code for f in lint_text(text, "notice.md", {"select": ["PL201"], "jurisdictions": ["uk"]})] == ["PL201"]


def _tree(root: Path) -> None:
    for rel in ("a.md", "b.txt", "drafts/c.md", "old-d.md", "node_modules/e.md", "f.html"):
        write(root / rel, SHIELD)


def _linted(results, root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in results.files)


def test_include_exclude_and_extend_exclude(tmp_path):
    _tree(tmp_path)
    base = {"select": ["PL101"]}
    assert _linted(lint_paths([tmp_path], base), tmp_path) == ["a.md", "b.txt", "drafts/c.md", "old-d.md"]
    got = _linted(lint_paths([tmp_path], {**base, "include": ["*.md", "*.html"]}), tmp_path)
    assert got == ["a.md", "drafts/c.md", "f.html", "old-d.md"]
    # extend-exclude adds to the defaults ...
    got = _linted(lint_paths([tmp_path], {**base, "extend-exclude": ["drafts", "old-*.md"]}), tmp_path)
    assert got == ["a.md", "b.txt"]
    # ... exclude replaces them
    got = _linted(lint_paths([tmp_path], {**base, "exclude": ["drafts"]}), tmp_path)
    assert got == ["a.md", "b.txt", "node_modules/e.md", "old-d.md"]


def test_include_and_exclude_from_a_config_file(tmp_path):
    _tree(tmp_path)
    write(tmp_path / "pyproject.toml", """
        [tool.policylint]
        select = ["PL101"]
        include = ["*.md"]
        extend-exclude = ["drafts"]
    """)
    r = run_cli(".", cwd=tmp_path)
    paths = sorted(m.group(1).replace("\\", "/").removeprefix("./")
                   for m in re.finditer(r"^(.+?):\d+:\d+: ", r.stdout, re.M))
    assert paths == ["a.md", "old-d.md"]


@pytest.mark.parametrize("value", ["2026-11-21", '"2026-11-21"'])
def test_today_is_read_as_a_date(tmp_path, value):
    write(tmp_path / ".policylint.toml", f'today = {value}\nselect = ["PL101"]\n')
    write(tmp_path / "notice.md", POLICY)
    results = lint_paths([tmp_path / "notice.md"])
    (settings,) = results.settings.values()
    assert settings.today == date.fromisoformat(TODAY)


def test_facts_extend_the_builtin_facts(tmp_path):
    write(tmp_path / "notice.md", "# Complaints\n\n" + WRONG_ICO)
    r = run_cli("notice.md", "--select", "PL201", "--jurisdictions", "uk", cwd=tmp_path)
    assert codes_of(r.stdout) == {"PL201"}  # not a known number yet
    write(tmp_path / "pyproject.toml", """
        [tool.policylint]
        jurisdictions = ["uk"]
        select = ["PL201"]

        [[tool.policylint.facts.ico.phones]]
        value = "0161 555 0199"
        label = "a line of our own region"
    """)
    r = run_cli("notice.md", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    # the built-in numbers are still known, a wrong one is still reported
    write(tmp_path / "other.md", "Complain to the ICO on 0303 123 1113 or the ICO on 0161 555 0198.\n")
    r = run_cli("other.md", cwd=tmp_path)
    assert r.stdout.count("PL201") == 1 and "0161 555 0198" in r.stdout


def test_facts_in_an_api_config_dict():
    cfg = {"select": ["PL201"], "jurisdictions": ["uk"], "facts": {"ico": {"phones": [{"value": "0161 555 0199"}]}}}
    assert lint_text(WRONG_ICO, "notice.md", cfg) == []
    assert [f.code for f in lint_text(WRONG_ICO, "notice.md", {k: v for k, v in cfg.items() if k != "facts"})] == ["PL201"]


# -- errors -----------------------------------------------------------------------------------
ERROR_CASES = [
    # (file name, content, substrings that the one error line must contain)
    ("pyproject.toml", '[tool.policylint]\nselct = ["PL101"]\n',
     ["pyproject.toml:2", "'selct'", "did you mean 'select'", "allowed", "extend-select"]),
    (".policylint.toml", 'fail-level = "error"\nselect = 3\n', [".policylint.toml:2", "'select'", "list of rule codes"]),
    ("policylint.toml", 'select = ["PL101"]\nignore = ["PL9"]\n', ["policylint.toml:2", "'ignore'", "'PL9'"]),
    ("pyproject.toml", '[tool.policylint]\n\nselect = ["PL9"]\n', ["pyproject.toml:3", "'select'", "'PL9'"]),
    ("pyproject.toml", '[tool.policylint]\nseverity = { PL101 = "fatal" }\n',
     ["pyproject.toml:2", "severity", "'fatal'", "error | warning | info"]),
    ("pyproject.toml", '[tool.policylint]\n\n[tool.policylint.severity]\nPL101 = "fatal"\n',
     ["pyproject.toml", "severity", "'fatal'", "error | warning | info"]),
    ("pyproject.toml", '[tool.policylint]\nseverity = { PL9 = "error" }\n', ["pyproject.toml:2", "severity", "'PL9'"]),
    (".policylint.toml", 'jurisdictions = ["uk", "fr"]\n', [".policylint.toml:1", "jurisdiction", "'fr'", "uk, eu, us-ca"]),
    (".policylint.toml", 'jurisdictions = "everywhere"\n', [".policylint.toml:1", "jurisdiction", "everywhere", "auto"]),
    (".policylint.toml", 'fail-level = "fatal"\n', [".policylint.toml:1", "fail-level", "error, warning, info"]),
    (".policylint.toml", 'today = "21/11/2026"\n', [".policylint.toml:1", "today", "YYYY-MM-DD"]),
    (".policylint.toml", 'include = [1, 2]\n', [".policylint.toml:1", "include", "glob"]),
    (".policylint.toml", 'facts = "ico"\n', [".policylint.toml:1", "facts", "table"]),
    (".policylint.toml", 'per-file-ignores = { "*.md" = 5 }\n', [".policylint.toml:1", "per-file-ignores", "*.md"]),
    (".policylint.toml", 'rule-paths = ["nowhere.toml"]\n', ["nowhere.toml", "rule-paths"]),
    ("pyproject.toml", '[tool.policylint]\nselect = ["PL101"\nignore = []\n', ["pyproject.toml", "line 3"]),
    (".policylint.toml", 'select = = ["PL101"]\n', [".policylint.toml", "line 1"]),
]


@pytest.mark.parametrize("name, content, expected", ERROR_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(ERROR_CASES)])
def test_config_errors_are_one_line_naming_file_line_key_and_what_is_allowed(
    tmp_path, main_in, name, content, expected
):
    (tmp_path / name).write_text(content, encoding="utf-8")
    write(tmp_path / "notice.md", POLICY)
    r = main_in(tmp_path, "notice.md")
    line = one_error(r)
    assert r.stdout == ""
    for part in expected:
        assert part in line, f"{part!r} not in {line!r}"


def test_error_line_points_at_the_policylint_table_not_another_tool(tmp_path):
    """The same key set for another tool earlier in pyproject.toml is not the one at fault."""
    write(tmp_path / "pyproject.toml", """
        [tool.ruff]
        select = ["E", "F"]
        ignore = []

        [tool.policylint]
        select = ["PL9"]
    """)
    write(tmp_path / "notice.md", POLICY)
    line = one_error(run_cli("notice.md", cwd=tmp_path))
    assert "'PL9'" in line
    assert re.search(r"pyproject\.toml:6\b", line), line


def test_config_errors_through_the_api_raise_config_error(tmp_path):
    from policylint.errors import ConfigError

    with pytest.raises(ConfigError, match="did you mean 'select'"):
        lint_text(POLICY, "notice.md", {"selct": ["PL101"]})
    with pytest.raises(ConfigError, match="PL9"):
        lint_text(POLICY, "notice.md", {"select": ["PL9"]})


# -- users' own rule packs ----------------------------------------------------------------------
ACME_PACK = r"""
[pack]
name = "acme"
title = "House style of Acme"

[[rule]]
code = "ACME101"
name = "no-synergy"
severity = "warning"
kind = "existence"
message = "avoid the word '{match}'"
patterns = ['\bsynergy\b']

[[rule]]
code = "ACME102"
name = "email-spelling"
severity = "info"
kind = "substitution"
message = "write '{replacement}' rather than '{match}'"
swap = { 'e-mail' = 'email' }

[[rule]]
code = "ACME103"
name = "names-the-dpo"
severity = "error"
kind = "required"
message = "the notice must name our data protection officer"
patterns = ['data\s+protection\s+officer']

[[rule]]
code = "ACME104"
name = "cookies-need-banner"
severity = "warning"
kind = "conditional"
message = "'{match}' are mentioned but the cookie banner is not"
if = ['\bcookies\b']
then = ['\bcookie\s+banner\b']

[[rule]]
code = "ACME105"
name = "one-support-line"
severity = "warning"
kind = "consistency"
mode = "uniform"
normalize = "digits"
message = "support line '{found}' differs from '{expected}' given earlier"
cues = ['support\s+line']
value = '\b\d{3}[ -]?\d{4}\b'
"""

ACME_TEXT = """\
# Acme privacy notice

We believe in synergy with our customers. Send an e-mail with any question.
We use cookies to remember your choices.

Our support line is 555 0100.
Later on, ring the support line: 555 0199.
The support line (555-0100) is open all day.
"""

ACME_EXPECTED = [
    # (code, line, column, end_line, end_column, severity, fix)
    ("ACME103", 1, 1, 1, 1, "error", None),
    ("ACME101", 3, 15, 3, 22, "warning", None),
    ("ACME102", 3, 51, 3, 57, "info", "email"),
    ("ACME104", 4, 8, 4, 15, "warning", None),
    ("ACME105", 7, 34, 7, 42, "warning", None),
]


@pytest.fixture
def acme(tmp_path):
    write(tmp_path / "packs" / "acme.toml", ACME_PACK)
    write(tmp_path / "pyproject.toml", '[tool.policylint]\nrule-paths = ["packs/acme.toml"]\nselect = ["ACME"]\n')
    write(tmp_path / "docs" / "notice.md", ACME_TEXT)
    return tmp_path


def test_user_rule_pack_from_rule_paths(acme):
    # run from the folder of the document: rule-paths are relative to the config file
    r = run_cli("notice.md", "--format", "json", cwd=acme / "docs")
    assert r.returncode == 1, r.stderr
    found = [(f["code"], f["line"], f["column"], f["end_line"], f["end_column"], f["severity"], f["fix"])
             for f in json.loads(r.stdout)]
    assert found == ACME_EXPECTED
    messages = {f["code"]: f["message"] for f in json.loads(r.stdout)}
    assert messages["ACME101"] == "avoid the word 'synergy'"
    assert messages["ACME102"] == "write 'email' rather than 'e-mail'"
    assert messages["ACME105"] == "support line '555 0199' differs from '555 0100' given earlier"


def test_user_rule_pack_from_the_command_line(acme):
    r = run_cli("docs/notice.md", "--isolated", "--rule-path", "packs/acme.toml", "--select", "ACME101,ACME102",
                cwd=acme)
    assert r.returncode == 1, r.stderr
    assert codes_of(r.stdout) == {"ACME101", "ACME102"}
    r = run_cli("rule", "ACME102", "--rule-path", "packs/acme.toml", cwd=acme)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ACME102 email-spelling") and "acme" in r.stdout


def test_rule_paths_may_name_a_folder_of_packs(tmp_path):
    write(tmp_path / "packs" / "acme.toml", ACME_PACK)
    write(tmp_path / "packs" / "extra.toml", """
        [pack]
        name = "extra"

        [[rule]]
        code = "EXTRA1"
        name = "no-leverage"
        severity = "info"
        kind = "existence"
        message = "avoid '{match}'"
        patterns = ['\\bleverage\\b']
    """)
    write(tmp_path / ".policylint.toml", 'rule-paths = ["packs"]\nselect = ["ACME101", "EXTRA"]\n')
    write(tmp_path / "notice.md", "We leverage synergy.\n")
    results = lint_paths([tmp_path / "notice.md"])
    assert [(f.code, f.column) for f in results] == [("EXTRA1", 4), ("ACME101", 13)]


def test_user_rules_stay_quiet_when_the_text_complies(acme):
    cfg = {"rule-paths": [str(acme / "packs" / "acme.toml")], "select": ["ACME"]}
    text = (
        "# Notice\n\nOur data protection officer reads every email.\n"
        "We use cookies only after you accept the cookie banner.\n"
        "Our support line is 555 0100; the support line number is 555-0100 at weekends too.\n"
    )
    assert lint_text(text, "notice.md", cfg) == []


BAD_PACKS = [
    ("bad regex", "existence", "patterns = ['(unclosed']", ["bad regular expression"]),
    ("bad swap regex", "substitution", "swap = { '[a-' = 'b' }", ["bad regular expression"]),
    ("unknown kind", "existance", "patterns = ['x']", ["unknown kind 'existance'", "existence"]),
    ("missing option", "conditional", "if = ['x']", ["'then'"]),
    ("unknown option", "existence", "patterns = ['x']\npaterns = ['y']", ["'paterns'", "patterns"]),
]


@pytest.mark.parametrize("why, kind, options, expected", BAD_PACKS, ids=[c[0] for c in BAD_PACKS])
def test_bad_user_pack_is_one_error_naming_file_and_rule(tmp_path, main_in, why, kind, options, expected):
    write(tmp_path / "house.toml", f"""
[pack]
name = "house"

[[rule]]
code = "HOUSE7"
name = "broken-rule"
severity = "warning"
kind = "{kind}"
message = "never shown"
{options}
""")
    write(tmp_path / "pyproject.toml", '[tool.policylint]\nrule-paths = ["house.toml"]\n')
    write(tmp_path / "notice.md", POLICY)
    line = one_error(main_in(tmp_path, "notice.md"))
    assert "house.toml" in line and "HOUSE7" in line
    for part in expected:
        assert part in line, f"{part!r} not in {line!r}"


@pytest.mark.parametrize(
    "toml,key",
    [('exclude = ["drafts/[a-z*"]\n', "exclude"), ('include = ["[.md"]\n', "include"),
     ('[per-file-ignores]\n"x[.md" = ["PL1"]\n', "per-file-ignores")],
)
def test_a_bad_glob_is_a_one_line_error(cli, tmp_path, toml, key):
    (tmp_path / ".policylint.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "p.md").write_text("# Notice\n", encoding="utf-8")
    r = cli("p.md", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"'{key}' has a bad glob" in lines[0] and ".policylint.toml" in lines[0]


# -- include and exclude globs, compiled together ------------------------------------------
GLOB_PARTS = st.sampled_from(["*", "?", "a", "b", ".md", "legal", "/", "[ab]", "[!a]", "**", "x.txt", "-"])
PATH_PARTS = st.sampled_from(["a", "b", "legal", "x.txt", "a.md", "ab", ".git", "node_modules", "-"])


@settings(max_examples=300, deadline=None)
@given(
    globs=st.lists(st.lists(GLOB_PARTS, min_size=1, max_size=4).map("".join), max_size=4),
    parts=st.lists(PATH_PARTS, min_size=1, max_size=4),
)
def test_glob_lists_match_as_each_glob_does(globs, parts):
    from policylint.config import GlobList

    def _glob_match(rel: str, glob: str) -> bool:  # the meaning of one glob, spelled with fnmatch
        if fnmatch(rel, glob):
            return True
        if "/" not in glob:
            return fnmatch(PurePosixPath(rel).name, glob)
        return fnmatch(rel, glob.rstrip("/") + "/*")

    rel = "/".join(parts)
    matcher = GlobList(tuple(globs))
    assert matcher.matches(rel) == any(_glob_match(rel, g) for g in globs)
    excluded = matcher.matches(rel) or any(matcher.names.match(p) for p in parts)
    assert excluded == any(_glob_match(rel, g) or any(fnmatch(p, g) for p in parts) for g in globs)
