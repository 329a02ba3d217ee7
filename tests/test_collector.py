"""The command keeps Python's cycle collector from running for nothing.

A run builds objects that live until it ends and makes no reference cycles, so the
command lets far more new objects pile up before the collector looks (cli.console); a
program that calls policylint's functions keeps its own setting.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys

import policylint
from policylint.cli import GC_YOUNG_THRESHOLD

from .conftest import FIXTURES, ROOT

TEMPLATES = {
    "privacy.html.erb": "<h1>Privacy</h1>\n<p>We keep <%= @days %> days of logs. Contact <%= link_to 'us', contact_path %>.</p>\n",
    "privacy.html.j2": "{% block body %}<h2>Cookies</h2><p>{{ company }} sets cookies {# for now #}.</p>{% endblock %}\n",
}

# Counts the collector's runs inside the command's own process, then leaves as it does.
COUNTING = """
import gc, sys
from policylint import cli
runs = []
gc.callbacks.append(lambda phase, info: phase == "start" and runs.append(info["generation"]))
real_main = cli.main
def main():
    code = real_main()
    print("collections:", len(runs))
    return code
cli.main = main
sys.argv = ["policylint", *sys.argv[1:]]
cli.console()
"""


def _lint_everything() -> None:
    files = sorted(str(p) for p in FIXTURES.rglob("*") if p.suffix in (".md", ".mdx", ".txt", ".html"))
    policylint.lint_paths(files, jobs=1)
    for name, text in TEMPLATES.items():
        policylint.lint_text(text, path=name)


def test_linting_leaves_no_reference_cycles():
    """What makes the raised threshold safe: once loaded, linting every fixture again, of
    every front end, leaves nothing for the collector."""
    gc.collect()
    gc.disable()
    try:
        _lint_everything()  # the first run loads modules and rules and fills caches
        gc.collect()
        _lint_everything()
        assert gc.collect() == 0
    finally:
        gc.enable()


def _run_counting(cache_dir, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["POLICYLINT_CACHE_DIR"] = str(cache_dir)
    return subprocess.run([sys.executable, "-c", COUNTING, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_command_runs_without_collecting(tmp_path):
    """At Python's default threshold the collector ran some thirty times in a one-file run."""
    policy = ROOT / "examples" / "privacy.md"
    for cache in ("cold", "warm"):  # a cold cache compiles every pattern: the most objects
        proc = _run_counting(tmp_path, "--today", "2026-11-21", str(policy))
        assert proc.returncode == 1, proc.stderr  # the example has findings
        assert "collections: 0" in proc.stdout, (cache, proc.stdout[-200:])


def test_functions_keep_the_callers_setting():
    before = gc.get_threshold()
    assert before[0] != GC_YOUNG_THRESHOLD
    policylint.lint_text("# Privacy notice\n\nWe keep your email address for two years.\n", path="privacy.md")
    assert gc.get_threshold() == before
