"""The prefilter in front of rule patterns finds exactly what the bare pattern finds.

It may only ever skip work: a text it rules out must hold no match, and where it tries a
pattern only at candidate offsets, those must include every offset a match starts at.
These tests compare it with the bare compiled pattern on every pattern list in the
built-in catalogue, over long texts (short ones are never prefiltered).
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policylint.catalogue import builtin_catalogue
from policylint.patterns import any_of, compile_pattern
from policylint.prefilter import DIGIT_MARK, LINE_MARK, MIN_TEXT, WORD_CHARS, Prefiltered, analyse, fold, needles, starts

from .conftest import FIXTURES

FLAGS = re.IGNORECASE | re.MULTILINE


def _pattern_lists() -> list[tuple[str, tuple[str, ...]]]:
    """Every option of a built-in rule that is a list of patterns `re` compiles."""
    out = []
    for rule in builtin_catalogue().sorted_rules():
        for key, value in rule.options.items():
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
                continue
            try:
                re.compile("|".join(f"(?:{p})" for p in items), FLAGS)
            except re.error:
                continue
            out.append((f"{rule.code}.{key}", tuple(items)))
    return out


PATTERN_LISTS = _pattern_lists()


@lru_cache(maxsize=1)
def _fixture_text() -> str:
    """All the fixture notices, one after another: a long text with every rule's wording."""
    parts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*")) if p.is_file()
             and p.suffix in (".md", ".txt", ".html", ".erb", ".njk")]
    return "\n\n".join(parts)


def _spans(matches) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), m.lastindex or 0) for m in matches]


def _same_everywhere(wrapped, bare, text: str) -> None:
    assert _spans(wrapped.finditer(text)) == _spans(bare.finditer(text))
    step = max(1, len(text) // 12)
    for a in range(0, len(text), step):
        for b in (a + 80, a + 700) + ((len(text) + 5,) if a % (4 * step) == 0 else ()):
            got, want = wrapped.search(text, a, b), bare.search(text, a, b)
            assert (got and got.span()) == (want and want.span()), (a, b)
    assert _spans(wrapped.finditer(text, step, len(text) - step)) == _spans(bare.finditer(text, step, len(text) - step))


def test_catalogue_patterns_are_mostly_prefiltered():
    wrapped = [any_of(items) for _, items in PATTERN_LISTS]
    assert len(PATTERN_LISTS) > 100
    assert sum(isinstance(p, Prefiltered) for p in wrapped) > len(wrapped) // 2


@pytest.mark.parametrize("name,items", PATTERN_LISTS, ids=[n for n, _ in PATTERN_LISTS])
def test_prefiltered_catalogue_pattern_finds_what_the_pattern_finds(name, items):
    text = _fixture_text()
    assert len(text) > 20 * MIN_TEXT
    bare = re.compile("|".join(f"(?:{p})" for p in items), FLAGS)
    _same_everywhere(any_of(items), bare, text)


def test_candidates_merged_array_by_array_are_the_ones_sorted_in_memory(monkeypatch):
    from policylint import prefilter

    text = _fixture_text()
    monkeypatch.setattr(prefilter, "SORTED_IN_MEMORY", 0)  # every pattern merges its arrays
    prefilter.release()  # nothing found for the text before
    merging = [p for p in (any_of(items) for _, items in PATTERN_LISTS)
               if isinstance(p, Prefiltered) and len(p.starts) > 1]
    assert len(merging) > 20
    for wrapped in merging:
        assert _spans(wrapped.finditer(text)) == _spans(wrapped.compiled.finditer(text))
    prefilter.release()


WORDS = sorted({n for _, items in PATTERN_LISTS for p in items for n in (needles(p, FLAGS) or ())})
FILLER = ["we", "our", "data", "the", "of", "to", "and", ",", ".", "\n", "\n\n", "  ", "(", ")", '"', "6", "İ", "ſ"]
# What the words are joined by: white space of every kind, which \s matches and fold() turns into a space.
SEPARATORS = [" ", " ", " ", " ", "\n", "\t", "\u00a0", "\u2003", "\r\n"]


def _joined(words: list[str], rnd) -> str:
    return "".join(word + rnd.choice(SEPARATORS) for word in words)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(WORDS + FILLER), min_size=150, max_size=400), st.randoms())
def test_prefiltered_patterns_agree_on_generated_text(words, rnd):
    text = _joined(words, rnd)
    for _, items in rnd.sample(PATTERN_LISTS, 12):
        bare = re.compile("|".join(f"(?:{p})" for p in items), FLAGS)
        _same_everywhere(any_of(items), bare, text)


def test_fold_keeps_every_offset():
    assert all(len(fold(chr(c))) == 1 for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_fold_turns_every_character_that_backslash_s_matches_into_a_space():
    import regex

    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        if 0xD800 <= c <= 0xDFFF:
            continue
        if re.match(r"\s", ch) or regex.match(r"\s", ch):
            assert fold(ch) == " " and fold(ch * 3 + "A" + ch) == "   a ", hex(c)
        else:
            assert fold(ch) != " ", hex(c)


def test_a_long_text_is_folded_piece_by_piece_to_the_same_text():
    from policylint import prefilter

    text = "Ünïcode ÄND İstanbul ſtreet “Data” KELVIN " * (2 * prefilter.FOLD_PIECE // 40 + 7)
    assert len(text) > 2 * prefilter.FOLD_PIECE
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == text.replace("İ", "i").replace("ſ", "s").replace("K", "k").lower()


def test_fold_turns_every_case_variant_of_an_ascii_letter_into_it():
    letter = re.compile("[a-z]", re.IGNORECASE)
    for c in range(128, sys.maxunicode + 1):
        ch = chr(c)
        if letter.fullmatch(ch):
            matched = [x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(x, ch, re.IGNORECASE)]
            assert fold(ch) in matched, (hex(c), matched, fold(ch))


@pytest.mark.parametrize("pattern,expected", [
    (r"\bPrivacy\s+Shield\b", {"privacy"}),  # longest of the words every match has
    (r"\bsafe\s+harbou?r\b|\bprivacy\s+shield\b", {"harbo", "privacy"}),
    (r"(?:the\s+)?controller", {"controller"}),
    (r"\w+@\w+", None),  # nothing certain
    (r"\b(?:a|an)\s+\w+", None),  # only one-letter words: not worth checking
    (r"(?-i:\bICO\b)", {"ico"}),
    (r"organi[sz]ation", {"organi"}),
])
def test_needles(pattern, expected):
    got = needles(pattern, FLAGS)
    assert (set(got) if got else None) == expected


@pytest.mark.parametrize("pattern,expected", [
    (r"\bcontroller", {"controller"}),
    (r"(?:the\s+)?controller", {"the ", "controller"}),  # "the" and a space when it is there
    (r"\b(?=\w)(?:data|personal)\s", {"data ", "personal "}),  # look-arounds take no text
    (r"\b(?:a|an)\s+\w", {"a ", "an "}),  # \s is a space in the folded text
    (r"\ba\tb\n", {"a b "}),  # and so is white space written in the pattern
    (r"\b(?:a|an)[\s-]", None),  # a class with more in it than \s is no letter
    (r"^\s*contract", {LINE_MARK}),  # where a line begins
    (r"(?:^|\.\s)\s*to", {LINE_MARK, ".  ", ". to"}),
    (r"ab^c", {"ab"}),  # the mark begins a start string, never follows one
    (r"(?:^)?to", {"to"}),  # what follows ^, where that is a guide
    (r"^the\s", {"the "}),
    (r"x*", None),  # can match nothing
    (r"[a-i][a-i][a-i]", None),
    (r"(?:a|b|c|d|e|f|g|h|i)(?:a|b|c|d|e|f|g|h|i)(?:a|b|c|d|e|f|g|h|i)", None),  # cut to three, still too many
    (r"\b(?:\d+|one)\s+years?", {DIGIT_MARK, "one "}),  # where a number begins
    (r"\b[0-9]{1,2}/", {DIGIT_MARK}),
    (r"\d+\s+years?", None),  # a digit anywhere, in the middle of a number too
    (r"\b[\d.]+", None),  # a class with more than digits in it
    (r"\b[^\d]", None),
    (r"a\b\d", None),  # the mark begins a start string, never follows "a"
])
def test_starts(pattern, expected):
    got = starts(pattern, FLAGS)
    assert (set(got) if got else None) == expected


@pytest.mark.parametrize("pattern,word_start", [
    (r"\bcontroller", True),
    (r"\b(?:the|a)\s+fee", True),
    (r"(?:\bdata|\bpersonal)\s", True),
    (r"\b(?:ab)+", True),
    (r"(?-i:\bICO\b)", True),
    (r"(?:the\s+)?controller", False),  # "controller" may follow any letter
    (r"\b(?:data|x)|personal", False),  # one branch without \b
    (r"\b-x", False),  # \b before a character that is no word character: a word ends there
    (r"\Bdata", False),
    (r"data\bprotection", False),  # \b further on
])
def test_start_strings_met_only_where_words_begin(pattern, word_start):
    assert analyse(pattern, FLAGS).word_start is word_start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_1 .-\nİé", min_size=0, max_size=80), st.text(alphabet="ab_1 .-", min_size=1, max_size=5))
def test_where_a_word_may_begin_holds_every_place_where_one_does(text, prefix):
    from policylint.prefilter import _Folded

    seen = _Folded(text * 4)
    folded = seen.folded
    everywhere = set(seen.where(prefix))
    at_words = set(seen.where_word(prefix))
    assert at_words <= everywhere
    assert {i for i in everywhere if i == 0 or folded[i - 1] not in WORD_CHARS} <= at_words
    assert list(seen.where_word(prefix)) == sorted(at_words)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(alphabet="abc ", min_size=1, max_size=5), min_size=1, max_size=30))
def test_start_strings_that_begin_with_another_are_dropped(strings):
    from policylint.prefilter import _shortest

    kept = _shortest(strings)
    assert list(kept) == sorted(s for s in strings if not any(s != t and s.startswith(t) for t in strings))


def test_a_text_without_the_needles_is_never_searched():
    class Refuses:
        def __getattr__(self, name):
            raise AssertionError(f"{name} was called")

    p = Prefiltered(Refuses(), frozenset({"shield"}))
    text = "We transfer data under standard contractual clauses. " * 20
    assert p.search(text) is None and list(p.finditer(text)) == [] and p.match(text) is None


def test_short_texts_go_straight_to_the_pattern():
    p = compile_pattern(r"\bprivacy\s+shield\b")
    assert p.search("Privacy Shield").span() == (0, 14)


@pytest.mark.parametrize("pattern,expected", [
    (r"(?:ab)+c", {"ab"}),  # "ababc" starts "aba": the repeat may follow itself
    (r"(?<![\w@.-])X{3,}", {"xxx"}),
    (r"(?:data\s+)?processors?", {"data ", "processor"}),
    (r"\b(?:last\s+)?(?:update|revision)\b", {"last ", "update", "revision"}),
    (r"\b(?:EU|E\.U\.|European)\s+law", {"eu ", "e.u. ", "european "}),  # re's parser splits off the "e"
])
def test_starts_through_groups_and_optional_parts(pattern, expected):
    assert set(starts(pattern, FLAGS)) == expected


def test_too_many_start_strings_are_cut_short():
    from policylint.prefilter import MAX_STARTS

    # seven verbs with eleven endings each: seventy-seven ways to begin
    verbs = r"\b(?:updat|amend|alter|modif|chang|rectif|correct)(?:e|es|ed|ing|ment|ments|y|ies|ied|ication)?\s+data"
    got = starts(verbs, FLAGS)
    assert len(got) <= MAX_STARTS and max(map(len, got)) == 8
    assert {"updating", "update ", "updat ", "correcti", "rectific"} <= got
    assert starts(verbs.replace("(?:e|es|", "(?:e|es|ation|ational|"), FLAGS) == {
        "updat", "amend", "alter", "modif", "chang", "recti", "corre"}  # cut to eight, still too many: to five


PIECES = ["ab", "c", "data", "x", "^", r"\d", r"\b\d+", r"\b[0-9]", "7", r"\s+", r"\s*", r"\s", " ", r"\n", r"[\s]", "[xy]", r"\b", "(?=a)", r"\w", ".", "x{2,}",
          "(?:ab){2}", r"\s{2}", "(?:ab|ac|ad|ba|bc|bd|ca|cb|dab)"]


@st.composite
def small_patterns(draw, depth=0):
    """Regular expressions built of literals, classes, groups, branches and repeats."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["piece", "piece", "group", "branch"] if depth < 2 else ["piece"]))
        if kind == "piece":
            part = draw(st.sampled_from(PIECES))
        elif kind == "group":
            part = f"(?:{draw(small_patterns(depth + 1))})"
        else:
            part = f"(?:{draw(small_patterns(depth + 1))}|{draw(small_patterns(depth + 1))})"
        parts.append(part + draw(st.sampled_from(["", "", "?", "+", "*", "{2,3}"])))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@example(r"data\s+x", "data\nx")
@example(r"a\s", "a\u3000")
@example(r"(?:a\n)+", "a\na\n")
@example(r"\b\d+", "a1 27 \u0663\u0664 7\u0663")
@given(small_patterns(), st.text(alphabet="abcdtxyABD17\u0663 \n\t\r\u00a0\u3000\x1c", min_size=0, max_size=60))
def test_every_match_holds_a_needle_and_begins_with_a_start(pattern, text):
    try:
        compiled = re.compile(pattern, FLAGS)
    except re.error:
        return
    promise_needles, promise_starts = needles(pattern, FLAGS), starts(pattern, FLAGS)
    for at in range(len(text) + 1):  # every place a match can begin, not only finditer's
        m = compiled.match(text, at)
        if m is None:
            continue
        found = fold(m.group())
        if promise_needles is not None:
            assert any(n in found for n in promise_needles), (pattern, m.group(), promise_needles)
        if promise_starts is not None:
            assert any(found.startswith(s) or s == DIGIT_MARK and _number_begins(text, at)
                       or s == LINE_MARK and (at == 0 or text[at - 1] == "\n")
                       for s in promise_starts), (pattern, m.group(), promise_starts)
        if analyse(pattern, FLAGS).word_start:
            assert at == 0 or fold(text)[at - 1] not in WORD_CHARS, (pattern, text, at)


def _number_begins(text: str, at: int) -> bool:
    return at < len(text) and text[at].isdecimal() and (at == 0 or text[at - 1] not in "0123456789")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a_1 9.\u0663\u00b2\u0301\u00e9", min_size=0, max_size=60))
def test_where_a_number_begins_holds_every_place_where_backslash_b_backslash_d_matches(text):
    import regex

    from policylint.prefilter import _Folded

    seen = _Folded(text)
    found = list(seen.where(DIGIT_MARK))
    assert found == sorted(set(found)) and list(seen.where_word(DIGIT_MARK)) == found
    for module, flags in ((re, 0), (re, re.ASCII), (regex, regex.V0), (regex, regex.V0 | regex.ASCII)):
        assert {m.start() for m in module.finditer(r"\b\d", text, flags)} <= set(found), (module.__name__, flags)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a \n\r\x0b\x0c\x1c\x85\u2028\u2029", min_size=0, max_size=60))
def test_where_a_line_begins_holds_every_place_where_caret_matches(text):
    import regex

    from policylint.prefilter import _Folded

    seen = _Folded(text)
    found = list(seen.where(LINE_MARK))
    assert found == sorted(set(found))
    for module, flags in ((re, 0), (re, re.M), (regex, regex.V0 | regex.M), (regex, regex.V1 | regex.M),
                          (regex, regex.V0 | regex.M | regex.W)):
        assert {m.start() for m in module.finditer(r"^", text, flags)} <= set(found), (module.__name__, flags)


def test_a_pattern_that_begins_a_line_is_tried_only_where_lines_begin():
    bare = re.compile(r"^\s*(?:to|for)\s+(?:provide|send)\b", FLAGS)
    wrapped = compile_pattern(bare.pattern)
    text = ("We keep it.\n  to provide the service;\nfor send\nand to provide more.\n" + "x " * 300) * 3
    assert isinstance(wrapped, Prefiltered)
    assert list(wrapped.candidates(text)) == [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    _same_everywhere(wrapped, bare, text)


@pytest.mark.parametrize("name,items", PATTERN_LISTS[::7])
def test_a_sentence_is_searched_without_looking_at_the_whole_text(name, items):
    from policylint.prefilter import release

    bare = re.compile("|".join(f"(?:{p})" for p in items), FLAGS)
    wrapped = any_of(items)
    text = _fixture_text()
    release()
    for a in range(0, len(text), 997):
        for b in (a + 150, a + 1000):
            got, want = wrapped.search(text, a, b), bare.search(text, a, b)
            assert (got and got.span()) == (want and want.span()), (name, a, b)
    if isinstance(wrapped, Prefiltered):
        assert not wrapped._has_candidates(text), name  # windows of a sentence or two


def test_a_regex_pattern_that_begins_a_line_is_left_to_regex_s_own_search():
    import regex

    from policylint import regexflags as rx
    from policylint.patterns import compile_regex_filtered

    source = r"^[ \t]*(?:last\s+)?updated\s*:\s*(?P<when>\p{L}+)"
    wrapped = compile_regex_filtered(source, rx.M | rx.I)
    bare = regex.compile(source, regex.M | regex.I | regex.V0)
    text = ("Some words.\n  updated: March\nlast updated : May\n" + "y " * 300) * 2
    assert isinstance(wrapped, Prefiltered) and wrapped.needles and not wrapped.starts
    assert wrapped.candidates(text) is None
    _same_everywhere(wrapped, bare, text)


def test_compile_fast_uses_re_only_where_re_reads_the_pattern_as_regex_does():
    import regex

    from policylint.patterns import compile_fast

    assert isinstance(compile_fast(r"\bsection\s+\d+", regex.I | regex.V0), Prefiltered)
    assert type(compile_fast(r"(?:privacy\s+shield){e<=1}")).__module__.startswith("_regex")  # fuzzy
    assert type(compile_fast(r"\bsection\s+\d+", regex.BESTMATCH)).__module__.startswith("_regex")
    with_properties = compile_fast(r"[\p{Lu}][\p{Ll}]+\s+Ltd")  # regex's, behind the prefilter
    assert isinstance(with_properties, Prefiltered)
    assert type(with_properties.compiled).__module__.startswith("_regex")
    text = "See section 4 and SECTION 12 of the Privacy Shield notice. " * 20
    fast, slow = compile_fast(r"\bsection\s+\d+", regex.I), regex.compile(r"\bsection\s+\d+", regex.I | regex.V0)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize("pattern,expected", [
    (r"[\p{Lu}][\p{L}'-]+\s+Ltd", r"[\w][\w'-]+\s+Ltd"),
    (r"\pL+\P{Nd}", r"\w+\w"),
    (r"\\p{L}", r"\\p{L}"),  # an escaped backslash, then the letters p{L}
    (r"[[:alpha:]]+ing", None),  # a POSIX class: re reads it as other characters
    (r"[[a-z]--[aeiou]]", None),  # a nested class
])
def test_regex_syntax_read_as_re(pattern, expected):
    from policylint.prefilter import as_re

    assert as_re(pattern) == expected


def _regex_patterns_of_the_checks() -> list[Prefiltered]:
    import importlib
    import pkgutil

    import policylint.checks

    found = []
    for info in pkgutil.iter_modules(policylint.checks.__path__):
        module = importlib.import_module(f"policylint.checks.{info.name}")
        for value in vars(module).values():
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(item, Prefiltered) and type(item.compiled).__module__.startswith("_regex"):
                    found.append(item)
    return found


def test_the_checks_regex_patterns_behind_the_prefilter_find_what_they_find():
    wrapped = _regex_patterns_of_the_checks()
    assert len(wrapped) > 30
    text = _fixture_text()
    for pattern in wrapped:
        _same_everywhere(pattern, pattern.compiled, text)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(WORDS + FILLER + ["Section", "“Your rights”", "Acme Ltd", "the Cookies section",
                                                  "above", "below", "'Contact us'", "§", "Art.", "İ"]),
                min_size=150, max_size=400), st.randoms())
def test_the_checks_regex_patterns_agree_on_generated_text(words, rnd):
    text = _joined(words, rnd)
    for pattern in rnd.sample(_regex_patterns_of_the_checks(), 12):
        _same_everywhere(pattern, pattern.compiled, text)


HOST_PIECES = ["https://", "http://", "www.", "ico", "org", "uk", "example", "co", "a1", "1b", "x-y", "-", ".", "..",
               "/", "@", "_", "é", "\u0301", "\u00b2", "\u0131", "\u212a", "\u017f", "ſ", "İ", "ICO", "mail"]


@settings(max_examples=300, deadline=None)
@example(["ico", ".", "org", ".", "uk", " ", "a1", ".", "1b", ".", "com"])
@example(["\u00b2", "ico", ".", "org"])  # ² is \w to re, not to regex
@example(["https://", "ico", ".", "org"])
@example(["\u0301", "ico", ".", "org"])
@given(st.lists(st.sampled_from(HOST_PIECES + [" ", "\n", ", "]), max_size=40))
def test_host_names_are_found_only_where_the_cue_is_yet_all_of_them(pieces):
    from policylint.checks.regulator import HOST

    text = "".join(pieces)
    assert [m.span() for m in HOST.finditer(text)] == [m.span() for m in HOST.compiled.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a \u00c2\u00c3\u00e2\u00e9\u00f4\u00f5\u20ac\u2122\u00a9\u0080\u00bf\ufffd\t", max_size=60))
def test_mojibake_is_found_only_where_the_cue_is_yet_all_of_it(text):
    from policylint.checks.hygiene import MOJIBAKE

    for pos, endpos in ((0, len(text)), (1, len(text) - 1)):
        assert ([m.span() for m in MOJIBAKE.finditer(text, pos, endpos)]
                == [m.span() for m in MOJIBAKE.compiled.finditer(text, pos, endpos)])


@settings(max_examples=300, deadline=None)
@example(r"\b(?:a|ab)", ["ab ab "] * 100)
@example(r"(?:ab)+x", ["abababx "] + ["data "] * 100)  # a match at each "ab": overlapping ones too
@given(small_patterns(), st.lists(st.sampled_from(["ab", "c", "data", "x", "7", " ", "\n", "abab", "xx"]), max_size=300))
def test_overlapped_matches_behind_the_prefilter_are_the_regex_modules(pattern, words):
    import regex

    from policylint.patterns import compile_regex_filtered
    from policylint.prefilter import overlapped

    try:
        bare = regex.compile(pattern, regex.V0 | regex.M | regex.I)
    except regex.error:
        return
    text = "".join(words) * 3  # long enough to be prefiltered
    wrapped = compile_regex_filtered(pattern, regex.M | regex.I)
    assert _spans(overlapped(wrapped, text)) == _spans(bare.finditer(text, overlapped=True))


def test_frames_are_searched_for_overlapped_matches_behind_the_prefilter():
    from policylint.checks.disclosures import _frame
    from policylint.kinds.common import pattern_list
    from policylint.prefilter import overlapped

    rule = builtin_catalogue().get("PL301")
    text = _fixture_text()
    befores = [_frame(rule, "frames", i, raw)[0] for i, raw in enumerate(pattern_list(rule, "frames"))]
    wrapped = [b for b in befores if isinstance(b, Prefiltered) and b.starts]
    assert len(wrapped) > 10
    for before in wrapped:
        assert _spans(overlapped(before, text)) == _spans(before.compiled.finditer(text, overlapped=True))


EMAIL_PIECES = ["a", "b.c", "@", "@@", "x_y", ".", "-", "+", "com", "uk", "7", "é", "\u0301", "\u00b2", "(", ">",
                "mailto:", " ", "\n", "\r\n", "\r", "\t"]


@settings(max_examples=300, deadline=None)
@example(["a", "@", "b.c", "om", "\n", "x", "@", "com", ".", "uk"], 0, 0)
@example(["b.c", "\n", "a", "@", "b.c", "om"], 3, 1)  # pos inside a line that holds "@"
@example(["a", "@", "b.c", "om"], 0, 2)  # endpos inside the address
@given(st.lists(st.sampled_from(EMAIL_PIECES), max_size=40), st.integers(0, 6), st.integers(0, 6))
def test_email_addresses_are_found_only_on_lines_with_an_at_sign_yet_all_of_them(pieces, cut_start, cut_end):
    from policylint.checks.contacts import EMAIL

    text = "".join(pieces)
    pos, endpos = min(cut_start, len(text)), max(0, len(text) - cut_end)
    assert ([m.span() for m in EMAIL.finditer(text, pos, endpos)]
            == [m.span() for m in EMAIL.compiled.finditer(text, pos, endpos)])
    for start in range(0, len(text) + 1, 3):
        found, expected = EMAIL.search(text, start), EMAIL.compiled.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


# look-arounds that see past the line: the line break before and after it, or none
LINE_EDGE_PATTERNS = [r"(?<=\n)\w*@\w*", r"\w+@\w+(?=\n)", r"(?<![\w\n])\w+@\w+(?!\n)", r"^\w*@\w*$", r"@\b", r"@\w*"]


@settings(max_examples=300, deadline=None)
@example(r"\w+@\w+(?=\n)", ["ab", "@", "x", "\n"], 0, 0)  # the line break after the line
@example(r"(?<=\n)\w*@\w*", ["x", "\n", "ab", "@", "x"], 2, 0)  # the line before pos
@example(r"(?<=\n)\w*@\w*", ["ab", "@", "x", "\n", "@", "x"], 0, 0)  # a line that begins with "@"
@example(r"@\w*", ["@", "@", "x"], 0, 0)  # a match where the last one ends
@given(st.sampled_from(LINE_EDGE_PATTERNS), st.lists(st.sampled_from(["ab", "@", "x", " ", "\n", "\n\n", "é"]), max_size=30),
       st.integers(0, 4), st.integers(0, 4))
def test_a_pattern_searched_on_lines_sees_past_each_line_as_a_whole_search_does(pattern, pieces, cut_start, cut_end):
    import regex

    from policylint.patterns import OnLinesWith

    compiled = regex.compile(pattern, regex.M)
    text = "".join(pieces)
    pos, endpos = min(cut_start, len(text)), max(0, len(text) - cut_end)
    assert ([m.span() for m in OnLinesWith(compiled, re.compile("@")).finditer(text, pos, endpos)]
            == [m.span() for m in compiled.finditer(text, pos, endpos)])


def test_a_pattern_made_after_another_is_freed_gets_its_own_verdict_and_candidates():
    # What is learnt of a text is kept per pattern while the text is linted; a pattern made
    # after another was freed may be given the freed one's address.
    text = ("The data controller keeps it. " + "We keep what you tell us. " * 30) * 2
    for _ in range(50):
        gone = any_of((r"\bprivacy\s+shield\b", r"\bsafe\s+harbou?r\b"))
        assert list(gone.finditer(text)) == []
        del gone
        compile_pattern.cache_clear()  # as a full cache lets its oldest patterns go
        pattern = any_of((r"\bdata\s+controller\b", r"\bprocessors?\b"))
        assert _spans(pattern.finditer(text)) == _spans(re.finditer(r"\bdata\s+controller\b|\bprocessors?\b", text, FLAGS))
