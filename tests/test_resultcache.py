"""Findings kept between runs: a file whose text and settings have not changed is not
linted again, and the run reports exactly what linting it afresh would."""
from __future__ import annotations

import os
import shutil
import time
from datetime import date

import pytest

from policylint import api, engine, resultcache
from policylint import config as config_module

from .conftest import TODAY
from .test_jobs import CHECK_PACK, CHECKS_MODULE, COMMON, SUPPRESSED, same_run, write_tree
from .test_robustness import BUZZWORD_RULE, PACK_HEADER


@pytest.fixture(autouse=True)
def keeping(monkeypatch):
    """The result cache on (the other tests run without it), in the test run's cache folder."""
    monkeypatch.delenv("POLICYLINT_NO_RESULT_CACHE", raising=False)
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    root.mkdir()
    write_tree(root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def linted(monkeypatch):
    """Count the documents linted in this process, by name."""
    names: list[str] = []
    real = engine.lint_document

    def counting(doc, *args, **kw):
        names.append(os.path.basename(doc.path))
        return real(doc, *args, **kw)

    monkeypatch.setattr(engine, "lint_document", counting)
    return names


def run(**kw):
    return api.lint_paths(["."], {"today": TODAY, **kw.pop("config", {})}, jobs=1, **kw)


def fresh(monkeypatch, **kw):
    """The same run with nothing kept or looked up."""
    with monkeypatch.context() as m:
        m.setenv("POLICYLINT_NO_RESULT_CACHE", "1")
        return run(**kw)


def everything(results) -> dict:
    return {"findings": list(results), **vars(results)}


# -- what is linted again ----------------------------------------------------------------
def test_a_second_run_lints_nothing_and_reports_the_same(tree, linted, monkeypatch):
    first = run()
    assert len(first.files) == 12 and len(first) > 20 and len(linted) == 12
    linted.clear()
    second = run()
    assert linted == []
    assert everything(second) == everything(first) == everything(fresh(monkeypatch))


def test_only_the_changed_file_is_linted_again(tree, linted, monkeypatch):
    run()
    linted.clear()
    (tree / "c-clean.md").write_text("# Notice\n\nWe follow the General Date Protection Regulation.\n", encoding="utf-8")
    again = run()
    assert linted == ["c-clean.md"]
    assert any(f.code == "PL401" and f.path.endswith("c-clean.md") for f in again)
    assert everything(again) == everything(fresh(monkeypatch))


@pytest.mark.parametrize("config", [
    {"select": ["PL4"]},
    {"today": "2031-01-01"},  # the date rules compare with
    {"per-file-ignores": {"legal/*": ["PL401"]}},
    {"severity": {"PL401": "info"}},
    {"jurisdictions": ["uk"]},
    {"facts": {"ico": {"helpline": "0303 123 1114"}}},
])
def test_other_settings_lint_every_file_again(tree, linted, monkeypatch, config):
    run()
    linted.clear()
    changed = run(config=config)
    assert len(linted) == 12
    assert everything(changed) == everything(fresh(monkeypatch, config=config))
    assert everything(run(config=config)) == everything(changed)


def test_a_run_on_another_day_lints_every_file_again(tree, linted, monkeypatch):
    """Without `today` in the config, rules compare dates with the day of the run."""
    api.lint_paths(["."], jobs=1)
    linted.clear()
    api.lint_paths(["."], jobs=1)
    assert linted == []

    class NextYear(date):
        @classmethod
        def today(cls):
            return date(date.today().year + 1, 1, 1)

    monkeypatch.setattr(resultcache, "date", NextYear)
    monkeypatch.setattr(engine, "date", NextYear)
    api.lint_paths(["."], jobs=1)
    assert len(linted) == 12


def test_an_edited_rule_pack_lints_every_file_again(tree, linted, monkeypatch):
    pack = tree / "acme.toml"
    pack.write_text(PACK_HEADER + BUZZWORD_RULE, encoding="utf-8")  # no Python check module
    config = {"rule-paths": ["acme.toml"], "select": ["ACME"]}
    (tree / "a-short.md").write_text("We value synergy.\n", encoding="utf-8")
    before = run(config=config)
    assert [f.message for f in before] == ["buzzword synergy"]
    linted.clear()
    pack.write_text(pack.read_text(encoding="utf-8").replace("buzzword {match}", "jargon {match}"), encoding="utf-8")
    monkeypatch.setattr(config_module, "_CATALOGUES", {})  # the next run, a new process, reads it again
    after = run(config=config)
    assert len(linted) == 12 and [f.message for f in after] == ["jargon synergy"]


def test_an_edited_python_check_lints_every_file_again(tmp_path, monkeypatch, linted):
    (tmp_path / "acme_checks.py").write_text(CHECKS_MODULE, encoding="utf-8")
    (tmp_path / "acme.toml").write_text(CHECK_PACK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.md").write_text("We share data with partners.\n", encoding="utf-8")
    config = {"rule-paths": ["acme.toml"], "select": ["ACME"]}
    assert [f.code for f in run(config=config)] == ["ACME1"]
    linted.clear()
    run(config=config)
    assert linted == []
    (tmp_path / "acme_checks.py").write_text(CHECKS_MODULE.replace('find("partners")', 'find("nobody")'),
                                             encoding="utf-8")
    monkeypatch.setattr(config_module, "_CATALOGUES", {})  # the next run, a new process
    monkeypatch.delitem(__import__("sys").modules, "acme_checks")
    assert run(config=config) == [] and linted == ["n.md"]


def test_fixing_never_takes_kept_findings(tree, linted):
    run()
    linted.clear()
    results = run(fix=True)
    assert "a-short.md" in linted and len(linted) >= 12  # every file linted, some twice
    assert "General Data Protection Regulation" in (tree / "a-short.md").read_text(encoding="utf-8")
    assert not any(f.code == "PL401" and f.path.endswith("a-short.md") for f in results)


def test_sources_come_with_kept_findings(tree, monkeypatch):
    first = run(keep_sources=True)
    second = run(keep_sources=True)
    assert second.sources == first.sources and len(second.sources) == 12


# -- what is not kept ---------------------------------------------------------------------
def test_a_file_a_rule_failed_on_is_not_kept(tmp_path, monkeypatch, linted):
    (tmp_path / "acme_checks.py").write_text(CHECKS_MODULE, encoding="utf-8")
    (tmp_path / "acme.toml").write_text(CHECK_PACK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    notice = "# Notice\n\nWe share data with partners. We value synergy.\n"
    for i in range(4):
        extra = "Win a prize in our tombola.\n" if i == 1 else ""
        (tmp_path / f"n{i}.md").write_text(notice + extra, encoding="utf-8")
    config = {"rule-paths": ["acme.toml"], "select": ["ACME"]}
    first = run(config=config)
    assert len(first.errors) == 1 and "n1.md: rule ACME1 (partners) failed" in first.errors[0]
    linted.clear()
    second = run(config=config)
    # n1 failed; n2 and n3 were linted without the failed rule: none of them is kept
    assert linted == ["n1.md", "n2.md", "n3.md"]
    assert everything(second) == everything(first)


def test_kept_findings_meet_a_rule_that_failed_earlier_in_the_run(tmp_path, monkeypatch):
    """A serial run skips a failed rule in the files after: findings kept from a run
    in which it did not fail are filtered, or the file linted again, to match."""
    (tmp_path / "acme_checks.py").write_text(CHECKS_MODULE, encoding="utf-8")
    (tmp_path / "acme.toml").write_text(CHECK_PACK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("We share data with partners. Win at the tombola.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("We share data with partners. We value synergy.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("<!-- policylint: disable-next-line ACME1 -->\nWe share data with partners.\n",
                                   encoding="utf-8")
    config = {"today": TODAY, "rule-paths": ["acme.toml"], "select": ["ACME", "PL001"]}
    alone = api.lint_paths(["b.md", "c.md"], config, jobs=1)
    assert not alone.errors and {f.code for f in alone} == {"ACME1", "ACME2"}
    together = api.lint_paths(["a.md", "b.md", "c.md"], config, jobs=1)
    with monkeypatch.context() as m:
        m.setenv("POLICYLINT_NO_RESULT_CACHE", "1")
        expected = api.lint_paths(["a.md", "b.md", "c.md"], config, jobs=1)
    assert everything(together) == everything(expected)
    assert [f.code for f in together if f.path == "b.md"] == ["ACME2"]


def test_standard_input_is_never_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("sys.stdin", type("In", (), {"buffer": __import__("io").BytesIO(SUPPRESSED.encode())})())
    results = api.lint_paths(["-"], {"today": TODAY}, stdin_filename="piped.md", jobs=1)
    assert results.files == ["piped.md"]
    assert not resultcache.folder().exists()


def test_no_cache_neither_reads_nor_writes_findings(tree, monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("POLICYLINT_NO_CACHE", "1")
    run()
    assert not (tmp_path / "cache").exists()


def test_damaged_entries_are_linted_again(tree, linted, monkeypatch):
    first = run()
    entries = [p for p in resultcache.folder().iterdir() if p.is_file()]
    assert len(entries) >= 12
    for i, entry in enumerate(entries):
        entry.write_bytes([b"", b"\x00garbage", b"\xe9" * 40, entry.read_bytes()[:-3]][i % 4])
    linted.clear()
    assert everything(run()) == everything(first)
    assert len(linted) == 12


# -- the command line ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "full"])
def test_reports_from_kept_findings_are_byte_identical(cli, tree, fmt):
    args = (*COMMON, "--format", fmt, "--statistics", ".", "missing.md")
    expected = cli(*args, env={"POLICYLINT_NO_RESULT_CACHE": "1"}, cwd=tree)
    assert expected.returncode == 2 and "PL401" in expected.stdout
    same_run(cli(*args, cwd=tree), expected)  # fills the cache
    same_run(cli(*args, cwd=tree), expected)  # reads it
    same_run(cli(*args, "--jobs", "2", cwd=tree), expected)


def test_jobs_lint_only_the_files_not_kept(cli, tree):
    expected = cli(*COMMON, ".", env={"POLICYLINT_NO_RESULT_CACHE": "1"}, cwd=tree)
    cli(*COMMON, "legal", "a-short.md", cwd=tree)  # some of the files are kept
    (tree / "b-cookies.md").write_text("# Cookies\n\nBy using this site you accept cookies.\n", encoding="utf-8")
    changed = cli(*COMMON, ".", env={"POLICYLINT_NO_RESULT_CACHE": "1"}, cwd=tree)
    assert changed.stdout != expected.stdout
    same_run(cli(*COMMON, ".", "--jobs", "2", cwd=tree), changed)
    same_run(cli(*COMMON, ".", "--jobs", "2", cwd=tree), changed)


def test_a_run_of_unchanged_files_loads_neither_parser_nor_rules(cli, tree):
    cli(*COMMON, ".", cwd=tree)
    second = cli(*COMMON, ".", cwd=tree, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert "policylint.api" in imported
    assert not {"policylint.engine", "policylint.parse.markdown", "markdown_it", "regex"} & imported


# -- housekeeping -------------------------------------------------------------------------
def test_old_entries_and_folders_are_removed_once_a_day(tmp_path, monkeypatch, tree):
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(resultcache, "_pruned", False)
    current = resultcache.folder()
    old_folder, recent_folder = current.parent / "results-0.0.1-0000", current.parent / "results-0.0.2-1111"
    for folder in (current, old_folder, recent_folder):
        folder.mkdir(parents=True)
    stale_entry, recent_entry = current / ("0" * 32), current / ("1" * 32)
    for entry in (stale_entry, recent_entry):
        entry.write_bytes(b"")
    month_ago = time.time() - 31 * 86400
    for path in (stale_entry, old_folder):
        os.utime(path, (month_ago, month_ago))
    run()
    assert not stale_entry.exists() and not old_folder.exists()
    assert recent_entry.exists() and recent_folder.exists()
    assert len(list(current.iterdir())) == 13
    # the next prune is a day away
    monkeypatch.setattr(resultcache, "_pruned", False)
    os.utime(recent_entry, (month_ago, month_ago))
    (tree / "a-short.md").write_text("changed\n", encoding="utf-8")
    run()
    assert recent_entry.exists()


def test_the_fingerprint_follows_the_content_of_the_rules_and_the_parsers(tmp_path, monkeypatch):
    from policylint import catalogue

    rules = tmp_path / "rules"
    shutil.copytree(catalogue.builtin_rules_dir(), rules)
    monkeypatch.setattr(catalogue, "builtin_rules_dir", lambda: rules)

    def fingerprint() -> str:
        resultcache.fingerprint.cache_clear()
        return resultcache.fingerprint()

    before = fingerprint()
    core = rules / "core.toml"
    st = core.stat()
    os.utime(core, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert fingerprint() == before  # a new copy of the same release: still the same
    core.write_text(core.read_text(encoding="utf-8").replace("Privacy Shield", "Privacy Shie1d", 1), encoding="utf-8")
    edited = fingerprint()
    assert edited != before
    monkeypatch.setattr(resultcache, "_library_version", lambda module, dist: f"{dist}-99.0.dist-info")
    assert fingerprint() != edited  # another version of the parsers
    monkeypatch.undo()
    assert fingerprint() == before
