"""policylint on whatever a repository holds: odd files, odd trees, hostile rule packs."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT


def no_traceback(r):
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr


@pytest.mark.parametrize(
    "name,text",
    [("empty.md", ""), ("blank.md", "  \n\t\n\n   "), ("markup.md", "***\n---\n<div></div>\n| | |\n|-|-|\n"),
     ("only-comment.md", "<!-- nothing here -->\n"), ("blank.txt", "\n\n\n"), ("cr-only.txt", "\r\r\r")],
)
def test_empty_and_markup_only_files(cli, tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    r = cli("--today", "2026-11-21", name, cwd=tmp_path)
    no_traceback(r)
    assert r.returncode in (0, 1)


def test_deep_nesting_finishes_without_recursion_error(cli, tmp_path):
    quotes = "".join(">" * i + " We follow the GPDR.\n" for i in range(0, 3000, 60)) + ">" * 10000 + " deep\n"
    lists = "".join("  " * i + "- item about the GPDR\n" for i in range(600))
    (tmp_path / "quotes.md").write_text(quotes, encoding="utf-8")
    (tmp_path / "lists.md").write_text(lists, encoding="utf-8")
    r = cli("--select", "PL401", "quotes.md", "lists.md", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 1 and "PL401" in r.stdout


def test_a_long_single_line(cli, tmp_path):
    sentence = "We keep order records for six years and follow the General Data Protection Regulation. "
    (tmp_path / "line.txt").write_text(sentence * 3000 + "The GPDR.", encoding="utf-8")
    r = cli("--select", "PL401", "--format", "json", "line.txt", cwd=tmp_path)
    no_traceback(r)
    found = __import__("json").loads(r.stdout)
    assert [(f["line"], f["column"]) for f in found] == [(1, len(sentence) * 3000 + 5)]


def test_gitignore_and_exclude_are_respected_when_walking(cli, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("/generated\n*.draft.md\n!keep.draft.md\n", encoding="utf-8")
    for rel in ("legal/privacy.md", "legal/a.draft.md", "legal/keep.draft.md", "generated/out.md",
                "legal/archive/old.md", "node_modules/pkg/README.md"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("We follow the GPDR.\n", encoding="utf-8")
    (tmp_path / "legal" / ".gitignore").write_text("archive/\n", encoding="utf-8")
    r = cli("--select", "PL401", ".", cwd=tmp_path)
    linted = sorted({line.split(":")[0] for line in r.stdout.splitlines()})
    assert linted == ["legal/keep.draft.md", "legal/privacy.md"]
    (tmp_path / ".policylint.toml").write_text("respect-gitignore = false\nextend-exclude = ['generated']\n", encoding="utf-8")
    r = cli("--select", "PL401", ".", cwd=tmp_path)
    linted = sorted({line.split(":")[0] for line in r.stdout.splitlines()})
    assert linted == ["legal/a.draft.md", "legal/archive/old.md", "legal/keep.draft.md", "legal/privacy.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_symlink_loops_are_not_followed_and_paths_given_twice_are_linted_once(cli, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("We follow the GPDR.\n", encoding="utf-8")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    r = cli("--select", "PL401", "docs", "docs/p.md", "./docs/p.md", cwd=tmp_path)
    no_traceback(r)
    assert r.stdout.count("PL401") == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_unreadable_file_is_an_error_and_others_are_linted(cli, tmp_path):
    (tmp_path / "secret.md").write_text("x", encoding="utf-8")
    (tmp_path / "secret.md").chmod(0)
    (tmp_path / "p.md").write_text("We follow the GPDR.\n", encoding="utf-8")
    r = cli("--select", "PL401", "secret.md", "p.md", cwd=tmp_path)
    assert r.returncode == 2 and "secret.md: permission denied" in r.stderr and "p.md:1" in r.stdout


PACK_HEADER = """
[pack]
name = "acme"
"""

BUZZWORD_RULE = """
[[rule]]
code = "ACME2"
name = "buzzword"
severity = "warning"
kind = "existence"
message = "buzzword {match}"
patterns = ['\\bsynergy\\b']
"""

EVIL_PACK = PACK_HEADER + """
[[rule]]
code = "ACME1"
name = "backtracks"
severity = "warning"
kind = "existence"
message = "matched {match}"
patterns = ['(a|aa)+$']
""" + BUZZWORD_RULE


def test_a_backtracking_user_pattern_is_stopped_and_reported_once(cli, tmp_path):
    (tmp_path / "acme.toml").write_text(EVIL_PACK, encoding="utf-8")
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text("We value synergy. " + "a" * 60 + "!\n", encoding="utf-8")
    r = cli("--isolated", "--rule-path", "acme.toml", "--select", "ACME", "one.md", "two.md", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("policylint: error:")]
    assert len(errors) == 1 and "rule ACME1 (backtracks)" in errors[0] and "time limit" in errors[0]
    assert r.stdout.count("ACME2") == 2  # the other rule still ran on both files


def test_two_processes_fixing_the_same_tree_leave_whole_files(tmp_path):
    text = "# Notice\n\n" + "We follow the General Date Protection Regulation (GPDR).\n" * 400
    for i in range(6):
        (tmp_path / f"p{i}.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    argv = [sys.executable, "-m", "policylint", "--select", "PL401", "--fix", "-q", "."]
    procs = [subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert b"Traceback" not in err
    fixed = text.replace("Date Protection", "Data Protection").replace("GPDR", "GDPR")
    for i in range(6):
        assert (tmp_path / f"p{i}.md").read_text(encoding="utf-8") == fixed
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"p{i}.md" for i in range(6)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_endings_give_the_same_lines_and_columns(cli, tmp_path, newline):
    text = newline.join(["# Notice", "", "Intro line.", "We follow the GPDR and the General Date Protection Regulation.", ""])
    (tmp_path / "p.md").write_bytes(text.encode("utf-8"))
    r = cli("--select", "PL401", "p.md", cwd=tmp_path)
    assert [line.split(" ")[0] for line in r.stdout.splitlines()] == ["p.md:4:15:", "p.md:4:28:"]


def test_no_rule_fails_on_any_fixture_notice():
    """Each fixture is written for one rule; every other rule must run on it too without
    raising (a rule that raises is dropped for the rest of a run)."""
    from policylint import lint_paths

    results = lint_paths(
        [ROOT / "fixtures"], {"jurisdictions": ["uk", "eu", "us-ca"], "include": ["*.md", "*.txt", "*.mdx", "*.html"],
                              "today": "2026-11-21"}, isolated=True, jobs=1,
    )
    assert len(results.files) > 400
    assert results.errors == []
