"""Patterns of the `regex` module from the cache need only its engine, never its Python half.

compilecache.regex_engine loads `regex._regex` on its own; the flags are named in
regexflags and escaping is patterns.escape, so that a run whose patterns are all in the
cache does not import `regex` itself.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types

import regex
from regex import _main as regex_main

from policylint import compilecache, regexflags
from policylint.patterns import escape

from .conftest import ROOT

FLAG_NAMES = ("I", "IGNORECASE", "M", "MULTILINE", "S", "DOTALL", "X", "VERBOSE", "V0", "VERSION0",
              "V1", "VERSION1", "B", "BESTMATCH", "E", "ENHANCEMATCH")

# Lints the files given, then says which of regex's modules the process imported.
REPORTING = """
import sys
from policylint import cli
real_main = cli.main
def main():
    code = real_main()
    print("modules:", " ".join(sorted(m for m in sys.modules if m == "regex" or m.startswith("regex."))))
    return code
cli.main = main
sys.argv = ["policylint", *sys.argv[1:]]
cli.console()
"""

PICKLING = r"""
import pickle, sys
from policylint.compilecache import compile_regex_module
pattern = compile_regex_module(r"(?<=\p{Lu}\w+\s)\p{L}+", 0)
engine_only = "regex._main" not in sys.modules
again = pickle.loads(pickle.dumps(pattern))
print("engine only:", engine_only)
print("found:", again.search("Dear Ann Smith").group(0), again.pattern == pattern.pattern)
"""


def _python(cache_dir, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["POLICYLINT_CACHE_DIR"] = str(cache_dir)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_flags_are_regexs_own():
    for name in FLAG_NAMES:
        assert getattr(regexflags, name) == int(getattr(regex, name)), name


def test_escape_writes_what_regex_escape_writes():
    spaces = [c for c in range(0x110000) if chr(c).isspace()]
    for c in [*range(0x3000), *spaces, 0x1F600, 0xE000]:
        assert escape(chr(c)) == regex.escape(chr(c)), hex(c)
    text = "Acme\u00a0Ltd (UK) \u2013 a-b.c? [x] {1} ^$ & ~ # \t\n"
    assert escape(text) == regex.escape(text)
    assert regex.fullmatch(escape(text), text, regex.X) and regex.fullmatch(escape(text), text)


def test_a_run_with_a_warm_cache_loads_only_the_engine(tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text(
        "# Privacy notice\n\nAcme Ltd is the controller. Write to privacy@acme-widgets.example "
        "or call 0303 123 1113. We keep data for two years, under the General Date Protection "
        "Regulation. Last updated: 3 March 2026.\n", encoding="utf-8")
    files = [str(policy), str(ROOT / "examples" / "privacy.md")]
    cold = _python(tmp_path / "cache", "-c", REPORTING, "--today", "2026-11-21", *files)
    assert cold.returncode == 1, cold.stderr
    assert "regex._regex_core" in cold.stdout  # compiling needs all of regex
    warm = _python(tmp_path / "cache", "-c", REPORTING, "--today", "2026-11-21", *files)
    findings, modules = warm.stdout.rsplit("modules:", 1)
    assert findings == cold.stdout.rsplit("modules:", 1)[0] and "PL401" in findings
    assert modules.split() == ["regex._regex"]


def test_a_pattern_from_the_engine_alone_pickles(tmp_path):
    first = _python(tmp_path, "-c", PICKLING)
    assert "engine only: False" in first.stdout and "found: Ann True" in first.stdout, first.stderr
    second = _python(tmp_path, "-c", PICKLING)  # now from the cache
    assert "engine only: True" in second.stdout and "found: Ann True" in second.stdout, second.stderr


def test_the_engine_is_the_one_regex_uses():
    assert compilecache.regex_engine() is regex_main._regex is sys.modules["regex._regex"]


def test_where_the_engine_cannot_be_loaded_alone_regex_is_imported(monkeypatch):
    def cannot(spec):
        raise ImportError(f"no loader for {spec.name} here")

    monkeypatch.delitem(sys.modules, "regex._regex")
    monkeypatch.setattr(importlib.util, "module_from_spec", cannot)
    engine = compilecache.regex_engine()
    assert engine is regex_main._regex
    assert engine.compile(*_stored(r"\p{Lu}\p{Ll}+", 0)).search("an Apple").group(0) == "Apple"


def _stored(source: str, flags: int) -> tuple:
    """What the cache keeps of a pattern regex compiles: its engine's arguments."""
    recorder = compilecache._Recorder(regex_main._regex)
    regex_main._regex = recorder
    try:
        regex.compile(source, flags | regex.V0, cache_pattern=False)
    finally:
        regex_main._regex = recorder.real
    return recorder.calls[0]


def test_another_install_of_regex_starts_a_new_cache(tmp_path, monkeypatch):
    engine_file = tmp_path / "_regex.so"
    engine_file.write_bytes(b"engine")
    (tmp_path / "_regex_core.py").write_text("compiler = 1\n")
    fake = types.SimpleNamespace(MAGIC=20100116, CODE_SIZE=4, __file__=str(engine_file))
    monkeypatch.setattr(compilecache, "regex_engine", lambda: fake)
    tag = compilecache._regex_tag.__wrapped__
    before = tag()
    (tmp_path / "_regex_core.py").write_text("compiler = 22\n")  # another version's compiler
    after = tag()
    fake.MAGIC += 1
    assert len({before, after, tag()}) == 3
