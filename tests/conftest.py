from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
TODAY = "2026-11-21"

# The compiled-pattern cache of every run in the tests (in this process and the CLI's
# subprocesses) goes to a folder of the test run's own, never the user's.
_CACHE = tempfile.TemporaryDirectory(prefix="policylint-test-cache-")
os.environ["POLICYLINT_CACHE_DIR"] = _CACHE.name
os.environ.pop("POLICYLINT_NO_CACHE", None)
# Findings kept from an earlier run would let a test pass without linting anything: the
# tests lint afresh, except those of the result cache itself (test_resultcache.py).
os.environ["POLICYLINT_NO_RESULT_CACHE"] = "1"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None):
    """Run policylint as a user does, in a subprocess, from the source tree."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        cwd=cwd or ROOT, env=full_env, capture_output=True, text=True, input=input, timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def main_in(monkeypatch, capsys):
    """Call the CLI's entry point in this process (for the many variants of one behaviour)."""
    from policylint.cli import main

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def run(cwd, *args):
        monkeypatch.chdir(cwd)
        code = main(list(args))
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run
