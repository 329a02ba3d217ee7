"""The README's examples work as written: its config, its rule pack and its commands."""
from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_readme_config_and_rule_pack_are_accepted(cli, tmp_path):
    config = next(b for b in _blocks("toml") if b.startswith("[tool.policylint]"))
    facts = next(b for b in _blocks("toml") if b.startswith("[[tool.policylint.facts"))
    pack = next(b for b in _blocks("toml") if b.startswith("[pack]"))
    (tmp_path / "pyproject.toml").write_text(config + "\n" + facts, encoding="utf-8")
    (tmp_path / "policy-rules").mkdir()
    (tmp_path / "policy-rules" / "acme.toml").write_text(pack, encoding="utf-8")
    (tmp_path / "privacy.md").write_text("# Notice\n\nWidgetCo keeps your data safe.\n", encoding="utf-8")
    r = cli("privacy.md", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert "ACME101" in r.stdout  # the README's own rule ran


def test_quick_start_commands_are_the_ci_commands():
    shell = "\n".join(_blocks("sh"))
    assert "python3 -m pip install . && policylint examples/privacy.md" in shell
    assert "python3 -m pip install '.[test]' && python3 -m pytest -q" in shell
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" in ci and "'.[test]'" in ci and "python3 -m pytest -q" in ci
