"""The command line as a user runs it: output lines, exit codes, paths, errors, options."""
from __future__ import annotations

import json
import re
import shutil

import pytest

import policylint

from .conftest import FIXTURES, TODAY, run_cli

CLI_FIXTURES = FIXTURES / "cli"

# path:line:col: CODE [severity] message
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+[0-9]+) \[(?P<severity>error|warning|info)\] (?P<message>\S.*)$"
)

# notice.md, linted with --select PL101,PL401: (line, column, code, severity)
NOTICE_FINDINGS = [
    (7, 46, "PL101", "error"),
    (11, 14, "PL401", "error"),
    (11, 50, "PL401", "error"),
]
STABLE = "PL101,PL401"  # rules whose behaviour these tests rely on

SHIELD = "Our analytics partner is certified under the EU-US Privacy Shield for every transfer.\n"


def parsed(stdout: str) -> list[dict]:
    rows = []
    for line in stdout.splitlines():
        m = LINE.match(line)
        assert m, f"not a 'path:line:col: CODE [severity] message' line: {line!r}"
        rows.append(m.groupdict())
    return rows


def keys(stdout: str) -> list[tuple]:
    return [(int(r["line"]), int(r["col"]), r["code"], r["severity"]) for r in parsed(stdout)]


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("policylint: error:")]


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@pytest.fixture
def work(tmp_path):
    """A folder holding copies of the CLI fixtures, used as the working directory."""
    for name in ("notice.md", "clean.md"):
        shutil.copy(CLI_FIXTURES / name, tmp_path / name)
    return tmp_path


# -- output lines and exit codes ------------------------------------------------------------
def test_text_output_one_line_per_finding_and_exit_1(work):
    r = run_cli("notice.md", "--select", STABLE, cwd=work)
    assert r.returncode == 1, r.stderr
    assert keys(r.stdout) == NOTICE_FINDINGS
    rows = parsed(r.stdout)
    assert {row["path"] for row in rows} == {"notice.md"}
    assert "'EU-US Privacy Shield'" in rows[0]["message"]
    assert "'GPDR'" in rows[2]["message"] and "'GDPR'" in rows[2]["message"]
    assert re.search(r"^Found 3 findings in 1 file\b", r.stderr, re.M), r.stderr


def test_clean_file_exits_0_and_prints_nothing(work):
    r = run_cli("clean.md", "--select", STABLE, cwd=work)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert "Found 0 findings in 1 file." in r.stderr


@pytest.mark.parametrize(
    "args, expected",
    [
        # the default fail level is warning: info findings alone do not fail
        (["--severity", "PL1=info,PL4=info"], 0),
        (["--severity", "PL101=warning", "--severity", "PL4=info"], 1),
        (["--severity", "PL101=warning", "--severity", "PL4=info", "--fail-level", "error"], 0),
        (["--severity", "PL1=info,PL4=info", "--fail-level", "info"], 1),
        (["--fail-level", "error"], 1),
    ],
)
def test_exit_code_follows_fail_level(work, main_in, args, expected):
    r = main_in(work, "notice.md", "--select", STABLE, *args)
    assert r.returncode == expected, r.stdout + r.stderr
    assert len(parsed(r.stdout)) == 3  # the findings are reported whatever the exit code


def test_severity_override_is_shown_in_the_output(work):
    r = run_cli("notice.md", "--select", STABLE, "--severity", "PL401=info", cwd=work)
    assert [(c, s) for _, _, c, s in keys(r.stdout)] == [("PL101", "error"), ("PL401", "info"), ("PL401", "info")]
    assert r.returncode == 1


def test_exit_zero_ignores_findings_but_not_errors(work):
    r = run_cli("notice.md", "--select", STABLE, "--exit-zero", cwd=work)
    assert r.returncode == 0
    assert len(parsed(r.stdout)) == 3
    r = run_cli("notice.md", "missing.md", "--select", STABLE, "--exit-zero", cwd=work)
    assert r.returncode == 2
    assert len(parsed(r.stdout)) == 3


# -- paths ----------------------------------------------------------------------------------
def test_directory_recurses_into_policy_files_only(tmp_path):
    wanted = ["a.md", "b.markdown", "c.txt", "d.mdx", "sub/deeper/e.md"]
    unwanted = ["f.html", "g.py", "h.rst", ".git/i.md", "node_modules/pkg/j.md", "sub/node_modules/k.md",
                ".venv/l.md", "__pycache__/m.txt"]
    for rel in wanted + unwanted:
        p = tmp_path / "site" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(SHIELD, encoding="utf-8")
    r = run_cli("site", "--select", "PL101", "--isolated", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    linted = sorted(row["path"].replace("\\", "/") for row in parsed(r.stdout))
    assert linted == sorted(f"site/{rel}" for rel in wanted)
    assert "in 5 files" in r.stderr


def test_missing_path_is_one_error_line_and_the_rest_is_linted(work):
    r = run_cli("notice.md", "nowhere.md", "--select", STABLE, cwd=work)
    assert r.returncode == 2
    assert error_lines(r.stderr) == ["policylint: error: nowhere.md: no such file or directory"]
    assert keys(r.stdout) == NOTICE_FINDINGS
    assert_no_traceback(r)


def test_a_file_claiming_utf16_that_is_not_is_one_error_line_and_the_rest_is_linted(work):
    (work / "bom-garbage.md").write_bytes(b"\xff\xfe\x00")
    r = run_cli("bom-garbage.md", "notice.md", "--select", STABLE, cwd=work)
    assert_no_traceback(r)
    assert r.returncode == 2
    errors = error_lines(r.stderr)
    assert len(errors) == 1 and "bom-garbage.md" in errors[0], r.stderr
    assert keys(r.stdout) == NOTICE_FINDINGS


@pytest.mark.parametrize(
    "name, data",
    [
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x80\x81\xfe"),
        ("nul-heavy.txt", b"We keep\x00\x00 data\x00\x00\x00 for a year.\x00\n" * 20),
        ("report.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    ],
)
def test_binary_files_are_skipped_with_a_warning_and_the_rest_is_linted(work, name, data):
    (work / name).write_bytes(data)
    r = run_cli(name, "notice.md", "--select", STABLE, cwd=work)
    assert_no_traceback(r)
    warnings = [line for line in r.stderr.splitlines() if line.startswith("policylint: warning:")]
    assert warnings == [f"policylint: warning: {name}: not a text file (binary content), skipped"]
    assert not error_lines(r.stderr)
    assert r.returncode == 1  # the findings of notice.md decide, not the skipped file
    assert keys(r.stdout) == NOTICE_FINDINGS


def test_windows_1252_text_is_decoded_and_columns_count_characters(work):
    text = "# Notice\n\nWe charge \u00a310 \u201cfees\u201d under the General Date Protection Regulation.\n"
    (work / "legacy.md").write_bytes(text.encode("cp1252"))
    r = run_cli("legacy.md", "--select", "PL401", "--format", "json", cwd=work)
    assert_no_traceback(r)
    found = __import__("json").loads(r.stdout)
    assert [(f["line"], f["column"], f["text"]) for f in found] == [(3, 32, "General Date Protection Regulation")]
    r = run_cli("legacy.md", "--select", "PL401", "--fix", cwd=work)
    assert (work / "legacy.md").read_bytes() == text.replace("Date Protection", "Data Protection").encode("cp1252")


def test_utf16_with_bom_and_utf8_with_bom_are_read(work):
    text = "# Notice\n\n" + SHIELD
    (work / "le.md").write_bytes(text.encode("utf-16"))  # with a BOM, native order
    (work / "be.md").write_bytes(("\ufeff" + text).encode("utf-16-be"))
    (work / "u8.md").write_bytes(("\ufeff" + text).encode("utf-8"))
    r = run_cli("le.md", "be.md", "u8.md", "--select", "PL101", cwd=work)
    assert r.returncode == 1, r.stderr
    assert error_lines(r.stderr) == []
    # the BOM is not a character of the text: columns are those of the plain text
    assert sorted((row["path"], row["line"], row["col"]) for row in parsed(r.stdout)) == [
        ("be.md", "3", "46"), ("le.md", "3", "46"), ("u8.md", "3", "46")
    ]


def test_stdin_is_read_with_a_dash(work):
    text = (work / "notice.md").read_text(encoding="utf-8")
    r = run_cli("-", "--select", STABLE, cwd=work, input=text)
    assert r.returncode == 1, r.stderr
    assert keys(r.stdout) == NOTICE_FINDINGS
    assert {row["path"] for row in parsed(r.stdout)} == {"<stdin>"}
    # standard input is linted with the config of the working directory
    (work / ".policylint.toml").write_text('select = ["PL401"]\n', encoding="utf-8")
    r = run_cli("-", cwd=work, input=text)
    assert {row["code"] for row in parsed(r.stdout)} == {"PL401"}


# -- rule documentation -----------------------------------------------------------------------
def test_rule_page(work):
    r = run_cli("rule", "PL101", cwd=work)
    assert r.returncode == 0, r.stderr
    page = r.stdout
    assert page.splitlines()[0].split() == ["PL101", "privacy-shield"]
    assert re.search(r"Pack:\s*core\b", page)
    assert re.search(r"[Ss]everity:\s*error\b", page)
    for title in ("What it finds", "Why it matters", "Legal source", "Example", "How to fix it"):
        assert title in page, title
    source = page.split("Legal source", 1)[1].split("Example", 1)[0]
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) (19|20)\d\d\b|\b(19|20)\d\d-\d\d-\d\d\b", source), source


def test_rule_page_of_an_unknown_code_is_one_error_line(work):
    r = run_cli("rule", "PL999", cwd=work)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith("policylint: error:") and "PL999" in r.stderr
    assert_no_traceback(r)


def test_rules_lists_every_rule(work):
    from policylint.catalogue import load_catalogue

    r = run_cli("rules", cwd=work)
    assert r.returncode == 0, r.stderr
    header, *rows = r.stdout.splitlines()
    cols = [header.index(title) for title in ("name", "pack", "severity", "summary")]
    listed = {}
    for line in rows:
        cells = [line[a:b].strip() for a, b in zip([0, *cols], cols)]
        listed[cells[0]] = tuple(cells[1:])
    expected = {rule.code: (rule.name, rule.pack, rule.severity) for rule in load_catalogue().sorted_rules()}
    assert listed == expected


# -- options ----------------------------------------------------------------------------------
def test_statistics_counts_findings_per_code(work):
    r = run_cli("notice.md", "--select", STABLE, "--statistics", cwd=work)
    stats = [ln.split() for ln in r.stdout.splitlines() if not LINE.match(ln)]
    assert ["2", "PL401", "misspelt-gdpr"] in stats
    assert ["1", "PL101", "privacy-shield"] in stats
    assert len(stats) == 2
    # with a machine-readable format the counts go to stderr and stdout stays parseable
    r = run_cli("notice.md", "--select", STABLE, "--statistics", "--format", "json", cwd=work)
    assert len(json.loads(r.stdout)) == 3
    assert re.search(r"^2\s+PL401\s+misspelt-gdpr$", r.stderr, re.M), r.stderr


def test_today_accepts_an_iso_date(work):
    r = run_cli("notice.md", "--select", STABLE, "--today", TODAY, cwd=work)
    assert r.returncode == 1
    assert keys(r.stdout) == NOTICE_FINDINGS


def test_today_rejects_another_date_format(work):
    r = run_cli("notice.md", "--select", STABLE, "--today", "21/11/2026", cwd=work)
    assert r.returncode == 2
    assert r.stdout == ""
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("policylint: error:")
    assert "today" in errors[0] and "YYYY-MM-DD" in errors[0]
    assert_no_traceback(r)


def test_select_ignore_severity_and_fail_level_together(work):
    r = run_cli("notice.md", "--select", "PL1,PL302", "--ignore", "PL310", "--severity", "PL309=error",
                "--fail-level", "error", cwd=work)
    assert r.returncode == 1, r.stderr
    assert sorted({row["code"] for row in parsed(r.stdout)}) == ["PL101", "PL302"]


@pytest.mark.parametrize(
    "args, codes",
    [
        (["--select", "PL1,PL4", "--ignore", "PL401"], {"PL101"}),  # a code beats its prefix
        (["--select", "PL401", "--ignore", "PL4"], {"PL401"}),  # the more specific select wins
        (["--select", "PL1,PL4", "--ignore", "PL1"], {"PL401"}),  # same specificity: ignore wins
        (["--select", "PL101", "--extend-select", "PL401"], {"PL101", "PL401"}),
        (["--select", "PL1,PL4", "--extend-ignore", "PL10"], {"PL401"}),
        (["--select", "pl101"], {"PL101"}),  # codes are not case-sensitive
        (["--select", "PL1,PL4", "--per-file-ignores", "*.md:PL4"], {"PL101"}),
        (["--select", "PL1,PL4", "--per-file-ignores", "other/*.md:PL4"], {"PL101", "PL401"}),
    ],
)
def test_selection_works_like_ruff(work, main_in, args, codes):
    r = main_in(work, "notice.md", *args)
    assert {row["code"] for row in parsed(r.stdout)} == codes, r.stderr


def test_unknown_code_on_the_command_line_is_an_error(work):
    r = run_cli("notice.md", "--select", "PL9", cwd=work)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "'PL9'" in r.stderr and "select" in r.stderr
    assert_no_traceback(r)


def test_output_file_receives_the_report(work):
    r = run_cli("notice.md", "--select", STABLE, "--output-file", "report.txt", cwd=work)
    assert r.returncode == 1
    assert r.stdout == ""
    assert keys((work / "report.txt").read_text(encoding="utf-8")) == NOTICE_FINDINGS


def test_output_file_that_cannot_be_written_is_an_error(work):
    r = run_cli("notice.md", "--select", STABLE, "-o", "no/such/folder/report.txt", cwd=work)
    assert r.returncode == 2
    errors = error_lines(r.stderr)
    assert len(errors) == 1 and "no/such/folder/report.txt" in errors[0]
    assert_no_traceback(r)


def test_quiet_leaves_out_the_summary(work):
    loud = run_cli("notice.md", "--select", STABLE, cwd=work)
    quiet = run_cli("notice.md", "--select", STABLE, "--quiet", cwd=work)
    assert "Found 3 findings" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    assert quiet.returncode == 1


def test_verbose_names_config_and_detected_jurisdictions(work):
    r = run_cli("notice.md", "--select", STABLE, "--verbose", "--isolated", cwd=work)
    line = next(ln for ln in r.stderr.splitlines() if "notice.md" in ln)
    assert "uk ('ICO' on line 15)" in line
    assert "defaults" in line
    (work / ".policylint.toml").write_text('select = ["PL101"]\n', encoding="utf-8")
    r = run_cli("notice.md", "--verbose", cwd=work)
    line = next(ln for ln in r.stderr.splitlines() if "notice.md" in ln and "config" in ln)
    assert ".policylint.toml" in line
    assert "uk ('ICO' on line 15)" in line
    r = run_cli("notice.md", "--verbose", "--jurisdictions", "eu,us-ca", cwd=work)
    line = next(ln for ln in r.stderr.splitlines() if "notice.md" in ln and "config" in ln)
    found = line.split("jurisdictions:", 1)[1]
    assert "eu" in found and "us-ca" in found and "uk" not in found


def test_version(work):
    r = run_cli("--version", cwd=work)
    assert r.returncode == 0
    assert r.stdout.strip() == f"policylint {policylint.__version__}"


@pytest.mark.parametrize("args", [["--no-such-flag"], ["--format", "xml"], ["--fail-level", "fatal"],
                                  ["--severity", "PL101"], ["--jurisdictions", "fr"]])
def test_usage_errors_are_one_line_and_exit_2(work, args):
    r = run_cli("notice.md", *args, cwd=work)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policylint: error:"), r.stderr
    assert_no_traceback(r)


def test_output_to_a_reader_that_stops_early_gives_no_traceback(tmp_path):
    """`policylint docs/ | head -1`: the reader goes away; policylint leaves quietly."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    for i in range(30):
        (tmp_path / f"notice-{i}.md").write_text(
            "# Privacy notice\n\nWe are certified under the EU-US Privacy Shield.\n" * 40, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "policylint", "--jobs", "1", str(tmp_path)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert b"PL" in first
    assert "Traceback" not in err and "Exception" not in err, err


def _imported(run) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_ignore_files_are_read_only_when_a_folder_is_walked(cli, tmp_path):
    """A run on named files (the pre-commit case) does not load what .gitignore needs."""
    (tmp_path / "a.md").write_text("# Notice\n\nWe follow the GPDR.\n", encoding="utf-8")
    (tmp_path / "skipped.md").write_text("# Notice\n\nWe follow the GPDR.\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("skipped.md\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    env = {"PYTHONPROFILEIMPORTTIME": "1", "POLICYLINT_NO_RESULT_CACHE": "1"}
    named = cli("--isolated", "a.md", cwd=tmp_path, env=env)
    walked = cli("--isolated", ".", cwd=tmp_path, env=env)
    assert "a.md:3:" in named.stdout and "policylint.ignorefiles" not in _imported(named)
    assert "a.md:3:" in walked.stdout and "skipped.md" not in walked.stdout
    assert "policylint.ignorefiles" in _imported(walked)
