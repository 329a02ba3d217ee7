"""The on-disk cache of compiled patterns makes runs faster and never different."""
from __future__ import annotations

import os
import re

import pytest

from policylint import compilecache
from policylint.prefilter import analyse

from .test_prefilter import PATTERN_LISTS, _fixture_text

FLAGS = re.IGNORECASE | re.MULTILINE


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache in tmp_path, as a new process would see it."""
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)

    def new_process():
        monkeypatch.setattr(compilecache, "_stores", compilecache.new_stores())
        analyse.cache_clear()

    new_process()
    return new_process


def _same_pattern(a, b, text: str) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    assert [m.span() + m.groups() for m in a.finditer(text)] == [m.span() + m.groups() for m in b.finditer(text)]


def test_a_pattern_loaded_from_the_cache_is_the_pattern_re_compiles(fresh_cache):
    text = _fixture_text()[:20000]
    sources = ["|".join(f"(?:{p})" for p in items) for _, items in PATTERN_LISTS]
    sources.append(r"(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P=month)?")
    for source in sources:
        compilecache.compile_re(source, FLAGS)
    compilecache.save()
    assert compilecache.cache_file().is_file()
    fresh_cache()
    assert len(compilecache._load()) >= len(set(sources))
    for source in sources:
        _same_pattern(compilecache.compile_re(source, FLAGS), re.compile(source, FLAGS), text)


def test_promises_come_back_from_the_cache_unchanged(fresh_cache):
    sources = [p for _, items in PATTERN_LISTS for p in items]
    first = [analyse(p, FLAGS) for p in sources]
    compilecache.save()
    fresh_cache()
    assert [analyse(p, FLAGS) for p in sources] == first


def test_prefilter_plans_come_back_from_the_cache_unchanged(fresh_cache):
    from policylint.prefilter import _plan

    lists = [tuple(items) for _, items in PATTERN_LISTS]
    first = [_plan(items, FLAGS) for items in lists]
    compilecache.save()
    fresh_cache()
    assert [compilecache.get("plan", repr(items), FLAGS) for items in lists] == first
    assert [_plan(items, FLAGS) for items in lists] == first


def test_a_damaged_cache_is_ignored(fresh_cache):
    compilecache.cache_file().parent.mkdir(parents=True, exist_ok=True)
    compilecache.cache_file().write_bytes(b"\x00not a cache at all")
    p = compilecache.compile_re(r"\bprivacy\s+shield\b", FLAGS)
    assert p.search("the EU-US Privacy Shield").span() == (10, 24)
    compilecache.save()  # and replaced by a good one
    fresh_cache()
    assert compilecache.get("re", r"\bprivacy\s+shield\b", FLAGS) is not None


def test_a_damaged_entry_is_compiled_afresh_and_the_others_are_read(fresh_cache):
    import marshal

    for source in (r"\bprivacy\s+shield\b", r"\bsafe\s+harbou?r\b"):
        compilecache.compile_re(source, FLAGS)
    compilecache.save()
    stored = marshal.loads(compilecache.cache_file().read_bytes())
    stored[("re", r"\bprivacy\s+shield\b", FLAGS)] = b"\x00damaged"
    compilecache.cache_file().write_bytes(marshal.dumps(stored))
    fresh_cache()
    assert compilecache.get("re", r"\bprivacy\s+shield\b", FLAGS) is None
    assert compilecache.get("re", r"\bsafe\s+harbou?r\b", FLAGS) is not None
    p = compilecache.compile_re(r"\bprivacy\s+shield\b", FLAGS)
    assert p.search("the EU-US Privacy Shield").span() == (10, 24)


def test_a_pattern_re_cannot_compile_is_not_parsed_again(fresh_cache, monkeypatch):
    source = r"(?<=\b(?:the|our)\s+)year"  # a look-behind of varying width: regex's alone
    with pytest.raises(re.error):
        compilecache.compile_re(source, FLAGS)
    compilecache.save()
    fresh_cache()

    def parse(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(compilecache._sre_parse, "parse", parse)
    with pytest.raises(re.error):
        compilecache.compile_re(source, FLAGS)
    from policylint.patterns import compile_pattern

    assert compile_pattern(source).search("in the year 2020").span() == (7, 11)


def test_a_stored_program_this_python_rejects_is_compiled_afresh(fresh_cache):
    compilecache.put("re", r"\bharbou?r\b", FLAGS, (0, [1, 2, 3], 0, {}, ()))
    assert compilecache.compile_re(r"\bharbou?r\b", FLAGS).search("Safe Harbor").span() == (5, 11)


def test_no_cache_means_nothing_is_read_or_written(fresh_cache, monkeypatch):
    monkeypatch.setenv("POLICYLINT_NO_CACHE", "1")
    compilecache.compile_re(r"\bcookies?\b", FLAGS)
    compilecache.save()
    assert not compilecache.cache_file().exists()


def test_cli_runs_the_same_with_a_cold_cache_a_warm_one_and_none(cli, tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text(
        "# Privacy notice\n\nWe are certified under the EU-US Privacy Shield. By continuing to browse "
        "you consent to cookies. Write to us under the General Date Protection Regulation.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    env = {"POLICYLINT_CACHE_DIR": str(cache)}
    cold = cli(str(policy), "--today", "2026-11-21", env=env)
    assert list(cache.glob("patterns-*.marshal")), "the first run writes the cache"
    warm = cli(str(policy), "--today", "2026-11-21", env=env)
    off = cli(str(policy), "--today", "2026-11-21", env={**env, "POLICYLINT_NO_CACHE": "1"})
    assert cold.returncode == warm.returncode == off.returncode == 1
    assert cold.stdout == warm.stdout == off.stdout and "PL" in cold.stdout
    assert cold.stderr == warm.stderr == off.stderr


def test_cli_runs_where_the_cache_cannot_be_written(cli, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    policy = tmp_path / "privacy.md"
    policy.write_text("# Privacy notice\n\nWe rely on the EU-US Privacy Shield.\n", encoding="utf-8")
    result = cli(str(policy), "--today", "2026-11-21", env={"POLICYLINT_CACHE_DIR": str(blocker / "cache")})
    assert result.returncode == 1 and result.stderr.startswith("Found") and result.stderr.count("\n") == 1
    assert os.path.isfile(blocker)


def test_no_cache_flag_writes_nothing(cli, tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text("# Privacy notice\n\nWe rely on the EU-US Privacy Shield.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    result = cli(str(policy), "--no-cache", "--today", "2026-11-21", env={"POLICYLINT_CACHE_DIR": str(cache)})
    assert result.returncode == 1 and "PL" in result.stdout
    assert not cache.exists()


def test_a_parallel_run_writes_the_cache(cli, tmp_path):
    for i in range(6):
        (tmp_path / f"notice-{i}.md").write_text(
            f"# Notice {i}\n\nWe keep your data for {i + 2} years and rely on the Privacy Shield.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    result = cli(str(tmp_path), "--jobs", "2", "--today", "2026-11-21", env={"POLICYLINT_CACHE_DIR": str(cache)})
    assert result.returncode == 1
    assert list(cache.glob("patterns-*.marshal"))


def test_processes_that_save_one_after_another_keep_each_others_entries(fresh_cache):
    compilecache.compile_re(r"\bfirst\b")
    compilecache.save()
    fresh_cache()  # two worker processes start, each reading the cache as it is
    one, other = compilecache.new_stores()["patterns"], compilecache.new_stores()["patterns"]
    for store, source in ((one, r"\bone\b"), (other, r"\bother\b")):
        store.load()
        store.put(("re", source, 0), "value")
    one.save()
    other.save()
    fresh_cache()
    kept = compilecache.new_stores()["patterns"]
    assert all(kept.get(("re", source, 0)) is not None for source in (r"\bfirst\b", r"\bone\b", r"\bother\b"))


def test_a_parallel_run_leaves_nothing_for_the_next_run_to_compile(tmp_path):
    import subprocess
    import sys

    from .conftest import FIXTURES

    notices = sorted(p for p in FIXTURES.rglob("*.md"))[:12]
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(tmp_path / "cache"), "POLICYLINT_NO_RESULT_CACHE": "1"}
    env.pop("POLICYLINT_NO_CACHE", None)
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "policylint", "--jobs", "2", "--isolated", *map(str, notices)],
                       env=env, capture_output=True, check=False)
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").glob("patterns-*.marshal")}
    subprocess.run([sys.executable, "-m", "policylint", "--jobs", "2", "--isolated", *map(str, notices)],
                   env=env, capture_output=True, check=False)
    assert written and {p: p.stat().st_mtime_ns for p in written} == written


REGEX_ONLY = [
    (r"(?:\bGeneral\s+Data\s+Protection\s+Regulation\b){e<=3}", "IB"),  # fuzzy, best match
    (r"(?P<name>[\p{Lu}\d][\p{L}\d&'’.-]*)(?:\s+(?P=name))?\s+(?:Ltd|Limited)\b", ""),
    (r"(?<!\bnot\s+(?:\w+\s+)?)\bconsent\b", "I"),  # a look-behind of any width
    (r"(?i:\bwe\s+are\s+)(?-i:[\p{Lu}][\p{Ll}]+)", ""),
]
REGEX_TEXT = (
    "Acme Ltd and Acme Acme Limited. We do not usually consent; we consent. We are Acme. "
    "Under the General Date Protection Regulaton and the General Data Protection Regulation, "
) * 3


def _regex_flags(letters: str):
    import regex

    flags = regex.VERSION0
    for letter, flag in (("I", regex.IGNORECASE), ("B", regex.BESTMATCH)):
        if letter in letters:
            flags |= flag
    return flags


def test_a_regex_module_pattern_loaded_from_the_cache_matches_as_compiled(fresh_cache):
    import regex

    regex.purge()  # so that regex compiles each afresh here, and the cache sees it
    first = [compilecache.compile_regex_module(p, _regex_flags(f)) for p, f in REGEX_ONLY]
    compilecache.save()
    fresh_cache()
    regex.purge()  # and regex's own in-memory cache: as a new process
    for (source, letters), before in zip(REGEX_ONLY, first):
        loaded = compilecache.compile_regex_module(source, _regex_flags(letters))
        expected = regex.compile(source, _regex_flags(letters))
        assert compilecache.get("regex", source, _regex_flags(letters)) is not None
        for got in (loaded, before):
            assert (got.pattern, got.flags, got.groupindex) == (expected.pattern, expected.flags, expected.groupindex)
            assert [(m.span(), m.groups(), m.fuzzy_counts) for m in got.finditer(REGEX_TEXT)] == [
                (m.span(), m.groups(), m.fuzzy_counts) for m in expected.finditer(REGEX_TEXT)]


def test_old_versions_caches_are_removed_after_a_month(fresh_cache, tmp_path):
    stale, recent = tmp_path / "patterns-0.0.1-old.marshal", tmp_path / "patterns-0.0.2-other.marshal"
    for f in (stale, recent):
        f.write_bytes(b"")
    month_ago = os.path.getmtime(recent) - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    compilecache.compile_re(r"\bdata\s+broker\b", FLAGS)
    compilecache.save()
    assert compilecache.cache_file().exists() and recent.exists() and not stale.exists()


def test_toml_with_dates_and_times_comes_back_from_the_cache_equal(fresh_cache, tmp_path, monkeypatch):
    import tomllib

    from policylint.tomlload import load_toml

    pack = tmp_path / "dated.toml"
    pack.write_text(
        'since = 2021-01-01\nat = 2024-05-06T07:08:09+01:00\nlocal = 2024-05-06T07:08:09\nclock = 07:08:09.5\n'
        '[[rule]]\ncode = "X1"\nwhen = [1979-05-27, "1979-05-27"]\nnested = { day = 2020-07-16 }\n',
        encoding="utf-8",
    )
    first = load_toml(pack)
    compilecache.save()
    fresh_cache()
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: pytest.fail("parsed again, not read from the cache"))
    again = load_toml(pack)
    assert again == first
    assert [type(v) for v in again["rule"][0]["when"]] == [type(first["rule"][0]["when"][0]), str]
    assert again["at"].utcoffset() == first["at"].utcoffset()


MARKDOWN_PARSER_COMPILES = """
import re._compiler as compiler
from policylint import compilecache
from policylint.parse import markdown

calls = []
real = compiler.compile
compiler.compile = lambda pattern, flags=0: calls.append(pattern) or real(pattern, flags)
markdown._parser()
compiler.compile = real
compilecache.save()
print(len(calls))
"""


def test_markdown_its_patterns_come_from_the_cache_the_second_time(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("POLICYLINT_NO_CACHE", None)

    def compiles() -> int:
        out = subprocess.run([sys.executable, "-c", MARKDOWN_PARSER_COMPILES], env=env, capture_output=True,
                             text=True, check=True, timeout=120)
        return int(out.stdout.split()[-1])

    cold = compiles()
    assert cold > 30  # markdown-it compiles its patterns as it loads
    assert compiles() < cold // 10
    env["POLICYLINT_NO_CACHE"] = "1"
    assert compiles() == cold  # without the cache, re compiles them as ever
