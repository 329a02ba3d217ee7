"""A pattern that compiled in an earlier run is compiled again only when a text gets past
its needles, and then finds what it would have found compiled at once."""
from __future__ import annotations

import marshal
import re

import pytest

from policylint import compilecache, patterns
from policylint.patterns import any_of, compile_pattern, compile_regex_filtered
from policylint.prefilter import MIN_TEXT, Prefiltered, analyse

FLAGS = re.IGNORECASE | re.MULTILINE
SHIELD = r"\bprivacy\s+shield\b"
SHIELD_TEXT = "Transfers once relied on the EU-US Privacy  Shield; they rely on clauses now. " * 10
WITHOUT = "We keep what you tell us for six years, then delete it. " * 20
# a look-behind of any width: `re` refuses it, so it is compiled with `regex`
REGEX_ONLY = r"(?<!\bnot\s+(?:\w+\s+)?)\bconsent\b"
CONSENT_TEXT = "We do not seek consent. Where we rely on consent, you may withdraw it. " * 8


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """A cache in tmp_path; calling the fixture starts a new run that finds what the
    earlier ones saved, and counts what it compiles."""
    compilecache.save()  # what earlier tests compiled goes to their cache, not to this one
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)
    compiled: list[str] = []

    def counting(real):
        def compile_(source, *args, **kwargs):
            compiled.append(source)
            return real(source, *args, **kwargs)
        return compile_

    monkeypatch.setattr(patterns, "compile_re", counting(compilecache.compile_re))
    monkeypatch.setattr(patterns, "compile_regex_module", counting(compilecache.compile_regex_module))

    def new_run():
        compilecache.save()
        monkeypatch.setattr(compilecache, "_stores", compilecache.new_stores())
        for cached in (analyse, compile_pattern, compile_regex_filtered):
            cached.cache_clear()
        compiled.clear()
        return compiled

    new_run()
    yield new_run
    for cached in (analyse, compile_pattern, compile_regex_filtered):
        cached.cache_clear()  # the patterns of later tests are not those counted here


def _spans(pattern, text: str) -> list:
    return [m.span() + m.groups() for m in pattern.finditer(text)]


def test_a_pattern_new_to_the_cache_is_compiled_at_once(runs):
    pattern = compile_pattern(SHIELD)
    assert isinstance(pattern, Prefiltered) and pattern._compiled is not None


def test_a_known_pattern_is_compiled_only_when_a_text_holds_its_words(runs):
    compile_pattern(SHIELD)
    compiled = runs()
    pattern = compile_pattern(SHIELD)
    assert compiled == []
    assert len(WITHOUT) >= MIN_TEXT
    assert pattern.search(WITHOUT) is None and list(pattern.finditer(WITHOUT)) == []
    assert pattern.search("We keep it for six years.") is None  # a short text too
    assert compiled == []
    assert _spans(pattern, SHIELD_TEXT) == _spans(re.compile(SHIELD, FLAGS), SHIELD_TEXT)
    assert pattern.search("the Privacy Shield").span() == (4, 18)
    assert compiled == [SHIELD]  # once


def test_a_known_pattern_on_a_short_text_with_its_words_is_compiled(runs):
    compile_pattern(SHIELD)
    compiled = runs()
    pattern = compile_pattern(SHIELD)
    assert pattern.match("Privacy Shield, then").span() == (0, 14)
    assert compiled == [SHIELD]


def test_the_branches_without_start_strings_are_compiled_when_first_needed(runs):
    branches = (SHIELD, r"[a-z]+\s+harbou?r\b")  # the second may start with any letter
    text = WITHOUT + "They relied on the Safe Harbor and the Privacy Shield. " + WITHOUT
    expected = _spans(re.compile("|".join(f"(?:{b})" for b in branches), FLAGS), text)
    assert _spans(any_of(branches), text) == expected
    compiled = runs()
    pattern = any_of(branches)
    assert pattern.search(WITHOUT) is None and compiled == [] and pattern._rest is None
    assert _spans(pattern, text) == expected
    assert len(compiled) == 1 and pattern._rest.pattern == f"(?:{branches[1]})"


def test_a_known_regex_module_pattern_is_compiled_only_when_needed(runs):
    first = compile_pattern(REGEX_ONLY)
    expected = _spans(first, CONSENT_TEXT)
    assert expected and expected[0][0] == CONSENT_TEXT.index("consent,")
    compiled = runs()
    pattern = compile_pattern(REGEX_ONLY)
    assert pattern.search(WITHOUT) is None and compiled == []
    assert _spans(pattern, CONSENT_TEXT) == expected
    assert compiled == [REGEX_ONLY]  # no second try with `re`, which refused it before


def test_a_checks_regex_pattern_known_to_the_cache_is_compiled_when_needed(runs):
    source = r"\bcontroller\b(?=\s+\p{Lu})"
    expected = _spans(compile_regex_filtered(source), "The controller Acme. " * 40)
    compiled = runs()
    pattern = compile_regex_filtered(source)
    assert pattern.search(WITHOUT) is None and compiled == []
    assert _spans(pattern, "The controller Acme. " * 40) == expected != []


def test_a_damaged_entry_for_a_refused_pattern_still_compiles_with_regex(runs):
    compile_pattern(REGEX_ONLY)
    runs()
    stored = marshal.loads(compilecache.cache_file().read_bytes())
    key = ("re", REGEX_ONLY, int(FLAGS))
    assert stored[key] == marshal.dumps(compilecache.REJECTED)
    stored[key] = b"\x00damaged"
    compilecache.cache_file().write_bytes(marshal.dumps(stored))
    runs()
    assert compilecache.compiled_before("re", REGEX_ONLY, FLAGS) is True  # read as a program
    assert compile_pattern(REGEX_ONLY).search(CONSENT_TEXT).start() == CONSENT_TEXT.index("consent,")


def test_what_the_cache_knows_of_a_pattern(runs, monkeypatch):
    assert compilecache.compiled_before("re", SHIELD, FLAGS) is None
    compilecache.compile_re(SHIELD, FLAGS)
    with pytest.raises(re.error):
        compilecache.compile_re(REGEX_ONLY, FLAGS)
    for _ in range(2):  # added in this run, then read from the file
        assert compilecache.compiled_before("re", SHIELD, FLAGS) is True
        assert compilecache.compiled_before("re", REGEX_ONLY, FLAGS) is False
        assert compilecache.compiled_before("re", SHIELD, re.MULTILINE) is None
        runs()
    monkeypatch.setenv("POLICYLINT_NO_CACHE", "1")
    assert compilecache.compiled_before("re", SHIELD, FLAGS) is None


@pytest.mark.parametrize("bad", ["(unclosed", r"\bshield\p{NoSuchProperty}"])
def test_a_bad_pattern_in_a_rule_pack_is_reported_on_every_run(cli, tmp_path, bad):
    (tmp_path / "house.toml").write_text(
        '[pack]\nname = "house"\n\n[[rule]]\ncode = "HOUSE1"\nname = "no-shield"\nseverity = "warning"\n'
        f'kind = "existence"\nmessage = "no"\npatterns = [\'\\bprivacy\\s+shield\\b\', \'{bad}\']\n',
        encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.policylint]\nrule-paths = ["house.toml"]\n', encoding="utf-8")
    (tmp_path / "notice.md").write_text("# Notice\n\nWe relied on the Privacy Shield.\n", encoding="utf-8")
    env = {"POLICYLINT_CACHE_DIR": str(tmp_path / "cache")}
    first, second = (cli("notice.md", cwd=tmp_path, env=env) for _ in range(2))
    assert list((tmp_path / "cache").glob("patterns-*")), "the first run wrote the cache"
    for run in (first, second):
        assert run.returncode == 2 and "bad regular expression" in run.stderr and "Traceback" not in run.stderr
    assert second.stderr == first.stderr
