"""The places users run policylint, exercised for real: pre-commit and the GitHub action.

These install policylint from this checkout into fresh environments (from PyPI for its
dependencies), so they take a little longer than the rest of the suite.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv

import pytest

from .conftest import ROOT

BAD = "# Privacy notice\n\nWe follow the General Date Protection Regulation. Email privacy@fern.example.\nWe keep records for six years.\n"
GOOD = "# Privacy notice\n\nWe follow the General Data Protection Regulation. Email privacy@fern.example.\nWe keep records for six years.\n"


def _git(cwd, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
@pytest.mark.parametrize("text,fails", [(BAD, True), (GOOD, False)], ids=["bad-policy", "clean-policy"])
def test_pre_commit_try_repo(tmp_path, pre_commit_home, text, fails):
    pytest.importorskip("pre_commit")
    repo = tmp_path / "site"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "privacy.md").write_text(text, encoding="utf-8")
    (repo / "notes.py").write_text("x = 'General Date Protection Regulation'\n", encoding="utf-8")
    # The project's own config is found by the hook: here, only the wording rules.
    (repo / ".policylint.toml").write_text('select = ["PL4"]\n', encoding="utf-8")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    env.pop("GITHUB_ACTIONS", None)
    r = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "policylint", "--all-files", "--verbose"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )
    out = r.stdout + r.stderr
    if fails:
        assert r.returncode == 1, out
        assert "privacy.md:3:15: PL401 [error]" in out
        assert "notes.py" not in out  # only policy files are handed to the hook
    else:
        assert r.returncode == 0, out
        assert "Passed" in out


def _action_steps():
    yaml = pytest.importorskip("yaml")
    with open(ROOT / "action.yml", encoding="utf-8") as handle:
        action = yaml.safe_load(handle)
    assert action["runs"]["using"] == "composite"
    return action


def _expand(value: str, inputs: dict) -> str:
    value = value.replace("${{ github.action_path }}", str(ROOT))
    for name, v in inputs.items():
        value = value.replace("${{ inputs.%s }}" % name, v)
    assert "${{" not in value, value
    return value


def test_action_steps_install_and_annotate(tmp_path):
    action = _action_steps()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / ("Scripts" if os.name == "nt" else "bin") / "python")
    site = tmp_path / "site"
    (site / "legal").mkdir(parents=True)
    (site / "legal" / "privacy.md").write_text(BAD, encoding="utf-8")
    summary = tmp_path / "summary.md"
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs.update({"paths": "legal", "args": "--select PL4", "python": python})
    outputs = []
    for step in action["runs"]["steps"]:
        if "uses" in step:  # GitHub's own actions: only the caches, and only where they are asked for
            assert step["uses"].startswith("actions/cache@") and step["if"] == "inputs.cache == 'true'"
            assert step["with"]["path"] == "~/.cache/policylint"
            # saved under a new key each run, restored from the latest with the same prefix
            assert "${{ github.run_id }}" in step["with"]["key"]
            assert step["with"]["key"].startswith(step["with"]["restore-keys"])
            continue
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update({k: _expand(str(v), inputs) for k, v in step.get("env", {}).items()})
        env.update({"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(site), "GITHUB_STEP_SUMMARY": str(summary)})
        assert step["shell"] == "bash"
        r = subprocess.run(["bash", "-e", "-c", _expand(step["run"], inputs)], cwd=site, env=env,
                           capture_output=True, text=True, timeout=600)
        outputs.append(r)
    install, lint = outputs
    assert install.returncode == 0, install.stderr
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert lint.stdout.startswith("::error file=legal/privacy.md,line=3,col=15,")
    assert "PL401" in summary.read_text(encoding="utf-8")
