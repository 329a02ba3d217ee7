"""--jobs N: linting in worker processes reports exactly what linting in one process does."""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from policylint import api, parallel
from policylint.config import Resolver, Settings
from policylint.finding import Finding
from policylint.trouble import RuleTrouble
from policylint.errors import ConfigError

from .conftest import ROOT, TODAY
# a rule that backtracks without end, and one that does not; the pack's header and the latter
from .test_robustness import BUZZWORD_RULE, EVIL_PACK, PACK_HEADER

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

SHORT_DEFECTS = """# Privacy notice

Quillfeather Books processes your data under the General Date Protection Regulation.
We transfer data to the United States under the EU-US Privacy Shield.
"""

COOKIE_BANNER = """# Cookies

By continuing to browse this site you agree to our use of cookies.
We use analytics cookies to count visits.
"""

CLEAN_ISH = """# Privacy notice

Last updated: 2 March 2026

Brindle & Hart Ltd ("we") is the controller of your personal data. Contact our data
protection officer at privacy@brindlehart.example or write to 4 Mill Lane, Leeds LS1 4AB.

## What we collect and why

We collect your name, email address and order history to deliver your orders (contract)
and to keep our accounts (legal obligation).

## How long we keep it

We keep order records for six years after the end of the financial year, then delete them.

## Your rights

You have the right to access, rectify and erase your data, to restrict or object to its
use, and to data portability. You may complain to the Information Commissioner's Office.
"""

PLAIN_TEXT = """PRIVACY POLICY

Otterbrook Outfitters collects email addresses for its newsletter.
We may share information with partners. We follow the GPDR.
Questions? There is no contact address in this notice.
"""

SUPPRESSED = """# Notice

<!-- policylint: disable-next-line PL401 -->
We follow the General Date Protection Regulation.

We rely on the EU-US Privacy Shield for transfers.
"""


def long_policy(paragraphs: int) -> str:
    """A notice of some length, with a defect every few paragraphs."""
    parts = ["# Privacy notice for Marrowgate Games\n"]
    for i in range(paragraphs):
        parts.append(f"\n## Section {i + 1}\n\nWe use your gamer tag and match history to run league {i}. ")
        if i % 4 == 0:
            parts.append("This follows the General Date Protection Regulation. ")
        if i % 5 == 0:
            parts.append("Transfers rely on the EU-US Privacy Shield. ")
        parts.append("We keep match records while your account is open.\n")
    return "".join(parts)


def write_tree(root) -> None:
    """A dozen notices of different sizes and kinds, a PNG named .md, in nested folders."""
    files = {
        "a-short.md": SHORT_DEFECTS,
        "b-cookies.md": COOKIE_BANNER,
        "c-clean.md": CLEAN_ISH,
        "d-plain.txt": PLAIN_TEXT,
        "e-suppressed.md": SUPPRESSED,
        "f-long.md": long_policy(60),
        "g-medium.md": long_policy(15),
        "legal/h-short.md": SHORT_DEFECTS.replace("Quillfeather", "Hollowmere"),
        "legal/i-cookies.txt": COOKIE_BANNER + "\n" + PLAIN_TEXT,
        "legal/j-long.md": long_policy(40) + COOKIE_BANNER,
        "legal/k-clean.md": CLEAN_ISH.replace("Brindle & Hart", "Ashgrove"),
        "legal/nested/l-tiny.md": "# Hi\n\nWe care about privacy.\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "legal" / "m-image.md").write_bytes(PNG_HEADER + bytes(range(256)))


COMMON = ("--isolated", "--today", TODAY)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    write_tree(root)
    return root


def same_run(a, b) -> None:
    assert (a.returncode, a.stderr, a.stdout) == (b.returncode, b.stderr, b.stdout)


# -- the command line, in subprocesses ---------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_jobs_give_byte_identical_reports(cli, tree, fmt):
    args = (*COMMON, "--format", fmt, ".", "missing.md")
    serial = cli(*args, "--jobs", "1", cwd=tree)
    assert serial.returncode == 2, serial.stderr  # the missing path
    assert "missing.md: no such file or directory" in serial.stderr
    assert "m-image.md: not a text file" in serial.stderr
    assert "PL401" in serial.stdout and "Traceback" not in serial.stderr
    same_run(cli(*args, "--jobs", "2", cwd=tree), serial)
    same_run(cli(*args, "-j", "5", cwd=tree), serial)
    same_run(cli(*args, cwd=tree), serial)


def test_github_format_chosen_by_the_environment_is_identical(cli, tree):
    env = {"GITHUB_ACTIONS": "true"}
    serial = cli(*COMMON, ".", "--jobs", "1", cwd=tree, env=env)
    assert serial.stdout.startswith("::")
    same_run(cli(*COMMON, ".", "--jobs", "2", cwd=tree, env=env), serial)


def test_full_format_statistics_and_verbose_are_identical(cli, tree):
    args = (*COMMON, "--format", "full", "--statistics", "--verbose", ".")
    serial = cli(*args, "-j", "1", cwd=tree)
    assert "jurisdictions:" in serial.stderr
    same_run(cli(*args, "-j", "3", cwd=tree), serial)


def test_fix_in_parallel_writes_what_a_serial_fix_writes(cli, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        root.mkdir()
        write_tree(root)
    args = (*COMMON, "--fix", "--unsafe-fixes", "--show-fixes", ".")
    serial = cli(*args, "--jobs", "1", cwd=one)
    parallel_run = cli(*args, "--jobs", "2", cwd=two)
    same_run(parallel_run, serial)
    assert "Fixed " in serial.stderr
    texts = {p.relative_to(one): p.read_bytes() for p in sorted(one.rglob("*")) if p.is_file()}
    assert texts == {p.relative_to(two): p.read_bytes() for p in sorted(two.rglob("*")) if p.is_file()}
    assert b"General Data Protection Regulation" in texts[Path("a-short.md")]


def test_diff_in_parallel_is_the_serial_diff_and_writes_nothing(cli, tree):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    serial = cli(*COMMON, "--diff", ".", "-j", "1", cwd=tree)
    assert serial.returncode == 1 and serial.stdout.startswith("--- a/")
    same_run(cli(*COMMON, "--diff", ".", "-j", "2", cwd=tree), serial)
    assert before == {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}


def test_standard_input_among_files_is_linted_in_place(cli, tree):
    args = (*COMMON, "--stdin-filename", "piped.md", "a-short.md", "-", "f-long.md", "legal")
    serial = cli(*args, "-j", "1", cwd=tree, input=PLAIN_TEXT)
    assert "piped.md:" in serial.stdout
    same_run(cli(*args, "-j", "2", cwd=tree, input=PLAIN_TEXT), serial)


CHECKS_MODULE = '''
from policylint.finding import Hit


def mentions_partners(rule, doc, ctx):
    """Finds 'partners'; raises on notices that mention a tombola (a bug in the check)."""
    if "tombola" in doc.source:
        raise ValueError("cannot count the tombola")
    start = doc.source.find("partners")
    if start >= 0:
        yield Hit(start, start + len("partners"))
'''

CHECK_PACK = PACK_HEADER + """
[[rule]]
code = "ACME1"
name = "partners"
severity = "warning"
kind = "check"
check = "acme_checks:mentions_partners"
message = "name the partners"
""" + BUZZWORD_RULE


def test_a_failing_check_is_reported_once_and_skipped_as_in_a_serial_run(cli, tmp_path):
    (tmp_path / "acme_checks.py").write_text(CHECKS_MODULE, encoding="utf-8")
    (tmp_path / "acme.toml").write_text(CHECK_PACK, encoding="utf-8")
    notice = "# Notice\n\nWe share data with partners. We value synergy.\n"
    for i in range(8):
        extra = "Win a prize in our tombola.\n" if i in (2, 5) else ""
        (tmp_path / f"n{i}.md").write_text(notice + extra, encoding="utf-8")
    env = {"PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}
    args = ("--isolated", "--rule-path", "acme.toml", "--select", "ACME", ".")
    serial = cli(*args, "-j", "1", cwd=tmp_path, env=env)
    errors = [line for line in serial.stderr.splitlines() if line.startswith("policylint: error:")]
    assert len(errors) == 1 and "n2.md: rule ACME1 (partners) failed: ValueError" in errors[0], serial.stderr
    assert serial.returncode == 2 and "Traceback" not in serial.stderr
    assert serial.stdout.count("ACME2") == 8  # the other rule ran on every file
    assert serial.stdout.count("ACME1") == 2  # before the failure; skipped after it
    same_run(cli(*args, "-j", "2", cwd=tmp_path, env=env), serial)
    same_run(cli(*args, "-j", "4", cwd=tmp_path, env=env), serial)


def test_a_backtracking_pattern_is_reported_once_with_jobs(cli, tmp_path):
    (tmp_path / "acme.toml").write_text(EVIL_PACK, encoding="utf-8")
    for i in range(6):
        (tmp_path / f"p{i}.md").write_text("We value synergy. " + "a" * 60 + "!\n", encoding="utf-8")
    r = cli("--isolated", "--rule-path", "acme.toml", "--select", "ACME", "--jobs", "2", ".", cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if line.startswith("policylint: error:")]
    assert len(errors) == 1 and "rule ACME1 (backtracks)" in errors[0] and "p0.md" in errors[0], r.stderr
    assert r.stdout.count("ACME2") == 6


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_jobs_below_one_is_a_one_line_usage_error(cli, tree, value):
    r = cli("--jobs", value, ".", cwd=tree)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("policylint: error: argument --jobs/-j:"), r.stderr


def test_help_describes_jobs(cli):
    r = cli("--help")
    assert "--jobs N, -j N" in r.stdout and "1 = no parallelism" in " ".join(r.stdout.split())


# -- the API, in this process --------------------------------------------------------------
def every_attribute(results) -> dict:
    return {"findings": list(results), **vars(results)}


def lint(tree, **kw):
    return api.lint_paths([tree, tree / "missing.md"], {"today": TODAY}, **kw)


@pytest.mark.parametrize("options", [{}, {"keep_sources": True}, {"fix": True, "write": False},
                                     {"fix": True, "unsafe_fixes": True, "write": False}])
def test_lint_paths_with_jobs_returns_equal_results(tree, options):
    serial = lint(tree, jobs=1, **options)
    assert serial.errors and serial.warnings and len(serial.files) == 12 and len(serial) > 20
    for jobs in (2, None):
        assert every_attribute(lint(tree, jobs=jobs, **options)) == every_attribute(serial)


def test_every_file_is_linted_in_a_worker_after_a_warm_up_here(tree, monkeypatch):
    here = []
    real_lint, real_warm_up = api.lint_file, api._warm_up

    def counting(f, *args):
        here.append((os.getpid(), f.name))
        return real_lint(f, *args)

    def warming(*args):
        here.append((os.getpid(), "warm-up"))
        return real_warm_up(*args)

    monkeypatch.setattr(api, "lint_file", counting)  # workers fork with it, but count in their own copy
    monkeypatch.setattr(api, "_warm_up", warming)
    results = lint(tree, jobs=2)
    assert len(results.files) == 12
    assert here == [(os.getpid(), "warm-up")]  # what the workers inherit is compiled once, here


def test_a_serial_run_has_no_warm_up(tree, monkeypatch):
    monkeypatch.setattr(api, "_warm_up", lambda *args: pytest.fail("no warm-up without workers"))
    assert len(lint(tree, jobs=1).files) == 12


def test_fix_with_jobs_writes_the_files(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        root.mkdir()
        write_tree(root)
    serial = api.lint_paths([one], {"today": TODAY}, fix=True, jobs=1)
    parallel_run = api.lint_paths([two], {"today": TODAY}, fix=True, jobs=2)
    assert serial.fixed and len(parallel_run.fixed) == len(serial.fixed)
    for p in one.rglob("*"):
        if p.is_file():
            assert p.read_bytes() == (two / p.relative_to(one)).read_bytes()


def test_processes_that_cannot_start_mean_a_serial_run(tree, monkeypatch):
    serial = lint(tree, jobs=1)

    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(parallel, "start_pool", no_processes)
    assert every_attribute(lint(tree, jobs=2)) == every_attribute(serial)


def _die(job, f):
    os._exit(3)  # a worker killed mid-run (out of memory, a crash)


def test_a_worker_that_dies_leaves_the_rest_to_this_process(tree, monkeypatch):
    serial = lint(tree, jobs=1)
    monkeypatch.setattr(api, "_lint_in_worker", _die)
    assert every_attribute(lint(tree, jobs=2)) == every_attribute(serial)


@pytest.mark.skipif("spawn" not in multiprocessing.get_all_start_methods(), reason="no spawn here")
def test_workers_started_with_spawn_give_the_same_results(tree, monkeypatch):
    serial = lint(tree, jobs=1)
    monkeypatch.setattr(parallel, "pool_context", lambda: multiprocessing.get_context("spawn"))
    assert every_attribute(lint(tree, jobs=2)) == every_attribute(serial)


def test_a_config_error_found_before_linting_still_propagates(tree):
    (tree / "legal" / ".policylint.toml").write_text("selekt = ['PL4']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'selekt'"):
        api.lint_paths([tree], jobs=2)


def _config_error_on_medium(job, f):
    if f.name == "g-medium.md":
        raise ConfigError(f"{f}: a broken config")
    return api.lint_file(f, *job)


def test_a_config_error_in_a_worker_propagates(tree, monkeypatch):
    monkeypatch.setattr(api, "_lint_in_worker", _config_error_on_medium)
    with pytest.raises(ConfigError, match="g-medium.md: a broken config"):
        lint(tree, jobs=2)


def _recording_pools(monkeypatch) -> list:
    """The pools a run starts, each with whether it counted as unjoined when it started."""
    monkeypatch.setenv("POLICYLINT_NO_RESULT_CACHE", "1")  # every file goes to a worker
    started = []
    real_start = parallel.start_pool

    def starting(*args, **kwargs):
        pool = real_start(*args, **kwargs)
        started.append((pool, pool in parallel._unjoined))
        return pool

    monkeypatch.setattr(parallel, "start_pool", starting)
    return started


def test_a_finished_run_has_waited_for_its_workers(tree, monkeypatch):
    """The command line ends at once after a run whose pools are all joined."""
    started = _recording_pools(monkeypatch)
    assert len(lint(tree, jobs=2).files) == 12
    [(pool, unjoined_at_start)] = started
    assert unjoined_at_start and pool not in parallel._unjoined


def test_a_run_stopped_early_leaves_its_workers_to_the_exit_handler(tree, monkeypatch):
    started = _recording_pools(monkeypatch)
    monkeypatch.setattr(api, "_lint_in_worker", _config_error_on_medium)
    with pytest.raises(ConfigError):
        lint(tree, jobs=2)
    [(pool, _)] = started
    assert pool in parallel._unjoined and not parallel.all_joined()
    parallel._join(pool)
    assert pool not in parallel._unjoined


def test_jobs_below_one_is_a_value_error(tree):
    with pytest.raises(ValueError):
        api.lint_paths([tree], jobs=0)


def test_outcomes_sent_back_hold_no_settings_or_catalogue(tree):
    outcome = api.lint_file(tree / "a-short.md", Resolver({"today": TODAY}), api.LintOptions(), RuleTrouble())
    held = [type(v) for v in vars(outcome).values()]
    assert Settings not in held and outcome.findings and type(outcome.findings[0]) is Finding


@pytest.mark.parametrize("jobs,files,cpus,expected", [
    (1, 50, 8, 1), (4, 50, 8, 4), (4, 2, 8, 2), (3, 0, 8, 1),
    (None, 1, 8, 1), (None, 3, 8, 1), (None, 4, 8, 2), (None, 100, 8, 8), (None, 100, 1, 1),
])
def test_worker_count(monkeypatch, jobs, files, cpus, expected):
    monkeypatch.setattr(parallel, "available_cpus", lambda: cpus)
    assert parallel.worker_count(jobs, files) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the choice on Linux")
def test_workers_fork_on_linux():
    assert parallel.pool_context().get_start_method() == "fork"
