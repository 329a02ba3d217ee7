"""A cheap test, before a regular expression runs, of whether a text can hold a match at all.

Most of a rule's patterns find nothing in most notices: "Privacy Shield", "Safe Harbor",
"lorem ipsum", a misspelt law. Searching a 40 KB notice for a pattern that begins with
`\\b(?:...)` or `\\s*` tries the whole pattern at every position; checking first whether
the notice contains any of the words every match must contain ("shield", "harbor") is a
substring search, and when none is there the pattern need not run.

`needles(pattern)` reads those words off the pattern's parse tree: a set of lower-case
ASCII strings such that every match contains at least one of them (or None when the
pattern promises nothing useful). `starts(pattern)` reads the strings every match begins
with ("data" or "processor" for `(?:data\\s+)?processors?`); where a pattern has them, it
is tried only at the offsets where they are, instead of at every character.

A `Prefiltered` pattern behaves exactly like the compiled pattern it wraps: it answers
"no match" early when the text it is given (or the whole string that a window lies in)
holds none of the needles, and otherwise finds the same matches in the same order.
"""
from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from functools import lru_cache, partial
from heapq import merge
from itertools import chain, groupby
from typing import NamedTuple

from . import compilecache

try:  # the standard library's own regular expression parser (3.11+), or its old name
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# A start string found more often than once in this many characters is no guide.
CANDIDATE_SPACING = 8
_END = sys.maxsize
# Up to this many candidate offsets are sorted in a list; more are merged, array by array.
SORTED_IN_MEMORY = 4096

# A search of a window this short (a sentence) is left to the pattern, unless the places
# where it may match in the whole text are known already: finding them looks at all of it.
SHORT_WINDOW = 1000

# Texts shorter than this are searched directly: the check would cost more than it saves
# (unless the pattern is still to compile, which costs more than any check).
MIN_TEXT = 512

FOLD_PIECE = 1 << 15  # characters lowered at a time (see fold)

# Characters outside ASCII that the `re` module, ignoring case, matches to an ASCII letter
# (tests/test_prefilter.py checks the list is complete for the running Python).
_TO_ASCII = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("K", "k"))

# Every character \s matches (those of str.isspace(); the regex module's \s matches fewer),
# other than the space itself. fold() makes each of them a space, so that \s, or a space
# character written in a pattern, reads as " " in its needles and start strings
# (tests/test_prefilter.py checks the list is complete for the running Python).
_ASCII_SPACES = "\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
_OTHER_SPACES = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # a class's ranges
_OTHER_SPACE = compilecache.compile_re(f"[{_OTHER_SPACES}]")
_SPACE_CLASS = [(_c.CATEGORY, _c.CATEGORY_SPACE)]  # \s as re's parser reads it

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_GROUPS = {_c.SUBPATTERN} | ({_c.ATOMIC_GROUP} if hasattr(_c, "ATOMIC_GROUP") else set())


def fold(text: str) -> str:
    """The text as the needles are written: lower case, with the few characters that
    match an ASCII letter when case is ignored turned into that letter, and every white
    space character a space. It has the length of `text` (str.lower() lengthens only "İ",
    which is translated first), so an offset in one is the same character in the other."""
    if text.isascii():
        return _spaced(text.lower())
    for odd, letter in _TO_ASCII:  # str.translate would look up every character
        if odd in text:
            text = text.replace(odd, letter)
    if len(text) <= FOLD_PIECE:
        return _spaced(text.lower())
    # str.lower() works in a buffer of twelve bytes a character outside ASCII: lower a long
    # text a piece at a time. (A final sigma at a cut may come out as "σ" instead of "ς";
    # neither is ASCII, and the needles are.)
    return _spaced("".join([text[i:i + FOLD_PIECE].lower() for i in range(0, len(text), FOLD_PIECE)]))


def _spaced(text: str) -> str:
    """The text with every white space character a space (see _ASCII_SPACES)."""
    for space in _ASCII_SPACES:  # str.translate would look up every character
        if space in text:
            text = text.replace(space, " ")
    if not text.isascii():
        text = _OTHER_SPACE.sub(" ", text)
    return text


class Promise(NamedTuple):
    """What every match of a pattern promises (see the module docstring)."""

    needles: frozenset[str] | None  # every match contains one of these
    starts: frozenset[str] | None  # every match begins with one of these
    never_empty: bool  # no match is the empty string
    word_start: bool = False  # matches begin where words do (\b, a word character) or lines (see where_word)


@lru_cache(maxsize=8192)
def analyse(pattern: str, flags: int = 0) -> Promise:
    """A pattern's promises, from the compile cache or read off its parse tree."""
    stored = compilecache.get("promise", pattern, flags)
    if stored is not None:
        return Promise(*stored)
    promise = _read_promise(pattern, flags)
    compilecache.put("promise", pattern, flags, tuple(promise))
    return promise


# A Unicode property (\p{Lu}, \P{L}, \pL), or an escaped backslash, which is passed over.
_PROPERTY = re.compile(r"\\\\|\\[pP](?:\{[^}]*\}|[A-Za-z])")


def as_re(pattern: str) -> str | None:
    """A pattern written for `regex` as `re`'s parser can read it, with the same literals
    in the same places: each Unicode property becomes \\w (a class either way, and a class
    promises nothing). None where the two modules read a pattern differently without an
    error (POSIX or nested classes); other syntax of regex's own fails to parse."""
    if "[:" in pattern or "[[" in pattern:
        return None
    return _PROPERTY.sub(lambda m: m.group() if m.group() == "\\\\" else r"\w", pattern)


def _read_promise(pattern: str, flags: int) -> Promise:
    """Read a pattern's promises off its parse tree (one parse for all of them); a pattern
    in regex's syntax is read as as_re() writes it."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except Exception:
        readable = as_re(pattern)
        try:
            tree = _sre_parse.parse(readable, flags) if readable is not None else None
        except Exception:
            tree = None
    if tree is None:  # not a pattern the standard parser reads: no promise
        return Promise(None, None, False)
    try:
        never_empty = tree.getwidth()[0] > 0
    except Exception:
        return Promise(None, None, False)
    marked = _prefixes(list(tree)) if never_empty else None
    begins = _worth_unmarked(marked) if marked else None
    # (a line begins where no word goes on: where_word finds line starts as where does)
    word_start = begins is not None and all(s.startswith(WORD_MARK) or s == LINE_MARK for s in marked)
    return Promise(_worth(_required(list(tree))), begins, never_empty, word_start)


def _worth(found: frozenset[str] | None) -> frozenset[str] | None:
    """None for a set holding a one-character string: "a" or "," is in every notice (where
    a number begins, DIGIT_MARK, and where a line does, LINE_MARK, are rare enough)."""
    return found if found and all(len(s) >= 2 or s in MARKS for s in found) else None


def _worth_unmarked(marked: frozenset[str]) -> frozenset[str] | None:
    """_worth of start strings as _prefixes reads them, their WORD_MARKs taken off."""
    return _worth(frozenset(s.lstrip(WORD_MARK) for s in marked))


def needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains at least one, or None."""
    return analyse(pattern, flags).needles


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Of two sets that both must be met, the one that is likelier to rule a text out:
    longer shortest needle first, then fewer needles."""
    if a is None:
        return b
    if b is None:
        return a
    key = lambda s: (min(len(n) for n in s), -len(s))  # noqa: E731
    return a if key(a) >= key(b) else b


def _required(items: list) -> frozenset[str] | None:
    """Needles for a sequence of parsed items: the best of what its parts require."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def close() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        char = _char(op, av)
        if char is not None:
            run.append(char)
        elif op is _c.AT:
            continue  # \b, ^, $ take no characters: the literals around them are adjacent
        elif op in _GROUPS:
            close()
            best = _better(best, _required(list(av[-1])))
        elif op is _c.BRANCH:
            close()
            alternatives = [_required(list(branch)) for branch in av[1]]
            if alternatives and all(alternatives):
                best = _better(best, frozenset().union(*alternatives))
        elif op in _REPEATS:
            close()
            low, _, body = av
            if low >= 1:
                best = _better(best, _required(list(body)))
        else:  # classes, any character, look-arounds, back-references: no promise
            close()
    close()
    return best


def starts(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of `pattern` begins with one (case ignored), or None.
    Only for patterns that never match the empty string."""
    return analyse(pattern, flags).starts


MAX_STARTS = 64  # more start strings than this, and trying them costs what it saves

# Marks a start string, as _prefixes reads them, that a match has only where a word begins:
# \b, then the string, whose first character is a word character.
WORD_MARK = "\x00"
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
# A start string of its own: a decimal digit (\d, any script's) after \b, so where a number
# begins: `\b(?:\d+|one|two)\s+years` starts with it or "one " or "two ".
DIGIT_MARK = "\x01"
# A start string of its own: where a line begins, at 0 or after a line break. A match of a
# pattern that begins with ^ starts only there, with MULTILINE or without (then at 0 only).
LINE_MARK = "\x02"
MARKS = (DIGIT_MARK, LINE_MARK)  # each is a start string alone, never part of one


def _prefixes(items: list, bounded: bool = False) -> frozenset[str] | None:
    r"""What every match of a sequence of parsed items starts with (None: no promise).

    A group is read as its items followed by what comes after it; an optional part (a
    repeat that may be absent, such as `(?:the\s+)?`) gives what it starts with when
    present together with what follows when it is not. A string that a \b comes before
    (`bounded`), and that begins with a word character, is marked with WORD_MARK.
    """
    run: list[str] = []
    for i, (op, av) in enumerate(items):
        char = _char(op, av)
        if char is not None:
            run.append(char)
            continue
        if run:  # "e" then (?:U|C|uropean): the words go on into what follows
            head = _marked("".join(run), bounded)
            tail = _prefixes(items[i:])
            if not tail or any(m in s for s in tail for m in MARKS):  # a mark only begins a string
                return frozenset({head})
            return _union([frozenset(head + s.lstrip(WORD_MARK) for s in tail)]) or frozenset({head})
        if op is _c.AT and av is _c.AT_BEGINNING:  # ^: what follows it, else where a line begins
            after = _prefixes(items[i + 1:], bounded)
            return after if after is not None and _worth_unmarked(after) is not None else frozenset({LINE_MARK})
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            bounded = bounded or (op is _c.AT and av is _c.AT_BOUNDARY)
            continue  # takes no characters: what follows is where the match starts
        after = items[i + 1:]
        if op in _GROUPS:
            return _prefixes(list(av[-1]) + after, bounded)
        if op is _c.BRANCH:
            return _union(_prefixes(list(branch) + after, bounded) for branch in av[1])
        if op in _REPEATS:
            low, high, body = av
            # once at most: the body, then what follows; more often: the body may follow itself
            present = _prefixes(list(body) + after, bounded) if high == 1 else _prefixes(list(body), bounded)
            text = _literal_text(body)
            if text and low > 1:
                present = frozenset({_marked(text * min(low, 8), bounded)})  # X{3,}: "xxx"
            return present if low >= 1 else _union((present, _prefixes(after, bounded)))
        if bounded and op is _c.IN and _digits_only(av):
            return frozenset({WORD_MARK + DIGIT_MARK})  # \b\d: where a number begins
        return None  # a class, any character: could start anywhere
    return frozenset({_marked("".join(run), bounded)}) if run else None


def _digits_only(items) -> bool:
    """A class (not negated) of decimal digits only: \\d, [0-9], [0-5]."""
    digit = lambda c: 48 <= c <= 57  # noqa: E731
    return bool(items) and all(
        (op is _c.CATEGORY and av is _c.CATEGORY_DIGIT) or (op is _c.LITERAL and digit(av))
        or (op is _c.RANGE and digit(av[0]) and digit(av[1])) for op, av in items)


def _marked(text: str, bounded: bool) -> str:
    return WORD_MARK + text if bounded and text[0] in WORD_CHARS else text


def _char(op, av) -> str | None:
    """The one character an item matches in a folded text (an ASCII literal in lower case,
    any white space as a space, \\s included), or None if it is anything else."""
    if op is _c.LITERAL and 2 < av < 128:  # (NUL is WORD_MARK, \x01 DIGIT_MARK, \x02 LINE_MARK)
        return " " if chr(av).isspace() else chr(av).lower()
    if op is _c.IN and av == _SPACE_CLASS:
        return " "
    return None


def _literal_text(items) -> str | None:
    """The text a sequence of ASCII literals (or \\s) matches folded, or None if it is
    anything else."""
    chars = [char for op, av in items if (char := _char(op, av)) is not None]
    return "".join(chars) if chars and len(chars) == len(items) else None


def _union(sets) -> frozenset[str] | None:
    """All of the sets together, or None if one of them is None. Too many strings are
    cut short until they are few enough (a match that begins with "updates " begins with
    "upda" too): seven verbs, each with ten endings, are seven start strings, not none."""
    out: set[str] = set()
    for s in sets:
        if s is None:
            return None
        out |= s
    for width in SHORTER:
        if len(out) <= MAX_STARTS:
            return frozenset(out)
        out = {_cut(s, width) for s in out}
    return frozenset(out) if len(out) <= MAX_STARTS else None


SHORTER = (8, 5, 3)  # the lengths that too many start strings are cut to, in turn


def _cut(text: str, width: int) -> str:
    """The first `width` characters of a start string (its WORD_MARK aside)."""
    return text[:width + 1] if text.startswith(WORD_MARK) else text[:width]


class _Folded:
    """What the patterns learn of one long text, kept while it is being linted: the text
    folded, where each start string is in it (patterns share start strings: "data",
    "personal", "we"), and each pattern's verdict and candidate offsets. Offsets are kept
    in arrays, a few bytes each, since a long text may have hundreds of thousands."""

    __slots__ = ("text", "folded", "positions", "holds", "present", "candidates", "words", "word_positions")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.positions: dict[str, array] = {}
        self.words: dict[str, array] | None = None  # see where_word
        self.word_positions: dict[str, array] = {}
        self.holds: dict[str, bool] = {}  # needle -> is it in the text (patterns share needles too)
        # Keyed by the pattern itself, not its id: one made after another was freed (a full
        # lru cache lets its oldest go) may get the freed one's address, and its verdicts.
        self.present: dict[Prefiltered, bool] = {}  # can the pattern match here
        self.candidates: dict[Prefiltered, array | None] = {}  # where it may start

    def contains(self, needle: str) -> bool:
        found = self.holds.get(needle)
        if found is None:
            places = self.positions.get(needle)
            found = self.holds[needle] = bool(places) if places is not None else needle in self.folded
        return found

    def where(self, prefix: str) -> array:
        found = self.positions.get(prefix)
        if found is None and prefix == DIGIT_MARK:
            found = self.positions[prefix] = array("q", [m.start() for m in _NUMBER_START.finditer(self.text)])
        if found is None and prefix == LINE_MARK:
            found = self.positions[prefix] = array("q", [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))])
        if found is None:
            found = array("q")
            if self.holds.get(prefix) is False:  # known not to be there: no search
                self.positions[prefix] = found
                return found
            find = self.folded.find
            i = find(prefix)
            while i != -1:
                found.append(i)
                i = find(prefix, i + 1)
            self.positions[prefix] = found
        return found

    def where_word(self, prefix: str) -> array:
        """The offsets of `prefix` where a word may begin: with those where it cannot
        thrown out, or not. For a start string that matches are known to begin with only
        after \\b (the prefix begins with a word character).

        Where \\b is before a word character, the character before that is no word
        character, in `re` or `regex`, with Unicode or ASCII rules; so neither is it, folded,
        one of [a-z0-9_]. The text is read once for the places that follow none of those,
        indexed by the (at most) first three word characters there. A prefix is looked for
        among the places of its own first three, or of its first word if shorter: a search
        of the text for each of hundreds of start strings took a sixth of the linting."""
        found = self.word_positions.get(prefix)
        if found is None:
            found = self.word_positions[prefix] = self._find_word(prefix)
        return found

    def _find_word(self, prefix: str) -> array:
        key = _index_key(prefix)
        if key is None:
            return self.where(prefix)
        if self.holds.get(prefix) is False:  # known not to be there
            return _NOWHERE
        if self.words is None:
            self.words = _word_index(self.folded)
        places = self.words.get(key, _NOWHERE)
        if len(key) == len(prefix):
            return places
        startswith = self.folded.startswith
        return array("q", [i for i in places if startswith(prefix, i)])


WORD_KEY = 3  # the word characters a place where a word begins is indexed by
_NOWHERE = array("q")  # (never changed)
# Up to WORD_KEY word characters that follow none, in a folded text; at the start of one.
_WORD_START = compilecache.compile_re(f"(?<![a-z0-9_])[a-z0-9_]{{1,{WORD_KEY}}}")
_WORD_HEAD = compilecache.compile_re(f"[a-z0-9_]{{1,{WORD_KEY}}}")
# Where \b\d may match: a decimal digit that follows none (with ASCII rules, a digit of
# another script is no word character, so only an ASCII one rules a place out).
_NUMBER_START = compilecache.compile_re(r"(?<![0-9])\d")
# What ^ may follow with MULTILINE: "\n" for `re` and `regex`, more with regex's WORD flag
# ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"); and the rest of what str.splitlines()
# breaks at. Trying a line start too many costs only the try.
_LINE_BREAK = compilecache.compile_re("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@lru_cache(maxsize=4096)
def _index_key(prefix: str) -> str | None:
    """What a start string is looked up by in a text's word index: its first WORD_KEY word
    characters, or all of them when fewer end it; None when it is to be searched for
    instead, beginning with no word character or as a word shorter than WORD_KEY ("we":
    any word that begins so). Worked out once per start string, not once per text."""
    head = _WORD_HEAD.match(prefix)
    if head is None or head.end() == len(prefix) < WORD_KEY:
        return None
    return head.group()


def _word_index(folded: str) -> dict[str, array]:
    index: dict[str, array] = {}
    for m in _WORD_START.finditer(folded):
        key = m.group()
        places = index.get(key)
        if places is None:
            places = index[key] = array("q")
        places.append(m.start())
    return index


_folds: dict[int, _Folded] = {}
KEPT_TEXTS = 4  # a notice's prose and source, and a couple of others


def _folded(text: str) -> _Folded:
    """The text folded, remembered for the few long texts (a notice's prose and source)
    that hundreds of patterns search in turn."""
    hit = _folds.get(id(text))
    if hit is not None and hit.text is text:
        return hit
    if len(_folds) >= KEPT_TEXTS:
        _folds.pop(next(iter(_folds)))
    hit = _folds[id(text)] = _Folded(text)
    return hit


def release() -> None:
    """Forget the texts seen so far: call when a document is done, so that what was
    learnt of it (as much as several times its size) is freed before the next."""
    _folds.clear()


def _shortest(strings) -> tuple[str, ...]:
    """The strings, sorted, without those that begin with another of them: such a string
    adds no place to the other's, and without them no two are found at the same offset.

    In sorted order, whatever lies between a string and one that begins with it begins
    with it too, so the last string kept is the only one to compare with."""
    kept: list[str] = []
    for s in sorted(strings):
        if not kept or not s.startswith(kept[-1]):
            kept.append(s)
    return tuple(kept)


class Prefiltered:
    """A compiled pattern that skips texts holding none of its needles and, when every
    match starts with one of a few strings, tries the pattern only where those strings
    are. It finds exactly what the pattern finds, in the same order.

    Given `make` in place of a compiled pattern, it compiles the pattern (and the other
    branches, with `make_rest`) only when a text first gets past the needles, short texts
    included: a notice holds none of the words of many patterns, which then need never
    be compiled."""

    __slots__ = ("_compiled", "make", "needles", "starts", "_rest", "make_rest", "word_start")

    def __init__(self, pattern, found=None, begins=None, rest=None, word_start=False, make=None, make_rest=None) -> None:
        self._compiled = pattern  # None until `make` is called
        self.make = make
        self.needles = tuple(sorted(found, key=len, reverse=True)) if found else ()
        self.starts = _shortest(begins) if begins else ()
        self._rest = rest  # the branches with no start strings, compiled on their own
        self.make_rest = make_rest  # or what compiles them
        self.word_start = word_start  # the start strings begin matches only where words begin

    @property
    def compiled(self):
        pattern = self._compiled
        if pattern is None:
            pattern = self._compiled = self.make()
        return pattern

    @property
    def rest(self):
        if self._rest is None and self.make_rest is not None:
            self._rest = self.make_rest()
        return self._rest

    def can_match(self, text: str) -> bool:
        """False only when no match can exist anywhere in `text`."""
        if not self.needles:
            return True
        if len(text) < MIN_TEXT:  # looked at as it is, unless the pattern is still to compile
            return self._compiled is not None or any(map(fold(text).__contains__, self.needles))
        seen = _folded(text)
        present = seen.present.get(self)
        if present is None:
            present = seen.present[self] = any(map(seen.contains, self.needles))
        return present

    def candidates(self, text: str) -> array | None:
        """Sorted offsets in `text` where a match may start, or None to try everywhere."""
        if not self.starts or len(text) < MIN_TEXT:
            return None
        seen = _folded(text)
        if self not in seen.candidates:
            seen.candidates[self] = self._find_candidates(seen, len(text) // CANDIDATE_SPACING)
        return seen.candidates[self]

    def _has_candidates(self, text: str) -> bool:
        """Whether candidates(text) has been worked out (it costs a look at all the text)."""
        seen = _folds.get(id(text))
        return seen is not None and seen.text is text and self in seen.candidates

    def _find_candidates(self, seen: _Folded, limit: int) -> array | None:
        """Where a start string is, plus where the other branches match; None when that is
        more than `limit` places (the engine's own scan is then as good). Offsets stay in
        arrays: a set of them, on a long notice, took megabytes to throw away."""
        where = seen.where_word if self.word_start else seen.where
        places = [where(prefix) for prefix in self.starts]
        count = sum(map(len, places))  # no two start strings meet at one offset (see _shortest)
        if count > limit:
            return None
        rest = self.rest
        if rest is not None:
            found = array("q")
            search = rest.search
            m = search(seen.text)
            while m is not None:
                found.append(m.start())
                if count + len(found) > limit:
                    return None
                m = search(seen.text, m.start() + 1)
            places.append(found)
            count += len(found)
        if len(places) == 1:
            return places[0]
        if count <= SORTED_IN_MEMORY:
            # a branch of its own may match where a start string is: a set drops it
            return array("q", sorted(set(chain(*places)) if rest is not None else chain(*places)))
        merged = array("q", merge(*places))  # no list of them all at once
        return array("q", (at for at, _ in groupby(merged))) if rest is not None else merged

    def _scan(self, text: str, candidates: array, pos: int, endpos: int):
        match = self.compiled.match
        i = bisect_left(candidates, pos)
        n = len(candidates)
        while i < n:
            at = candidates[i]
            if at >= endpos:
                return
            m = match(text, at, endpos)
            if m is None:
                i += 1
                continue
            yield m
            i = bisect_left(candidates, m.end(), i + 1)  # matches are never empty

    def search(self, string, pos=0, endpos=_END):
        if not self.can_match(string):
            return None
        if endpos - pos <= SHORT_WINDOW and not self._has_candidates(string):
            return self.compiled.search(string, pos, endpos)
        candidates = self.candidates(string)
        if candidates is None:
            return self.compiled.search(string, pos, endpos)
        return next(self._scan(string, candidates, *_bounds(string, pos, endpos)), None)

    def finditer(self, string, pos=0, endpos=_END):
        if not self.can_match(string):
            return iter(())
        candidates = self.candidates(string)
        if candidates is None:
            return self.compiled.finditer(string, pos, endpos)
        return self._scan(string, candidates, *_bounds(string, pos, endpos))

    def overlapped(self, string):
        """What the pattern, one of the `regex` module's, finds with finditer(string,
        overlapped=True): at each offset in turn, the match that begins there, if any."""
        if not self.can_match(string):
            return iter(())
        candidates = self.candidates(string)
        if candidates is None:
            return self.compiled.finditer(string, overlapped=True)
        match = self.compiled.match
        return (m for at in candidates if (m := match(string, at)) is not None)

    def match(self, string, *args, **kwargs):
        return self.compiled.match(string, *args, **kwargs) if self.can_match(string) else None

    def fullmatch(self, string, *args, **kwargs):
        return self.compiled.fullmatch(string, *args, **kwargs) if self.can_match(string) else None

    def findall(self, string, *args, **kwargs):
        return self.compiled.findall(string, *args, **kwargs) if self.can_match(string) else []

    def __getattr__(self, name: str):  # sub, split, flags, groups, groupindex, pattern text ...
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self.compiled!r}, needles={self.needles!r}, starts={self.starts!r})"


def overlapped(pattern, string: str):
    """pattern.finditer(string, overlapped=True), for a pattern of the `regex` module that
    may be behind a prefilter."""
    if isinstance(pattern, Prefiltered):
        return pattern.overlapped(string)
    return pattern.finditer(string, overlapped=True)


def matcher(pattern, string: str):
    """`pattern.match`, to be called many times on `string`, with the prefilter's verdict
    on the string taken once: None when the pattern cannot match anywhere in it."""
    if isinstance(pattern, Prefiltered):
        return pattern.compiled.match if pattern.can_match(string) else None
    return pattern.match


def _bounds(text: str, pos: int, endpos: int) -> tuple[int, int]:
    """pos and endpos clamped as the `re` module clamps them."""
    return max(0, min(pos, len(text))), max(0, min(endpos, len(text)))


def _plan(alternatives: tuple[str, ...], flags: int, by_line: bool = True) -> tuple:
    """What the alternatives promise together: (needles or None, start strings, the
    alternatives without start strings, whether the start strings are met only where
    words begin), from the compile cache, where a pattern of a
    hundred alternatives is one entry instead of a hundred.

    Without `by_line`, an alternative that may begin wherever a line does (LINE_MARK) is
    one without start strings: the `regex` module finds where such a pattern can match
    (it looks for the words it needs) faster than a try at each line."""
    key = repr(alternatives)
    kind = "plan" if by_line else "plan-unlined"
    stored = compilecache.get(kind, key, flags)
    if stored is not None:
        return stored
    promises = [analyse(a, flags) for a in alternatives]
    if not by_line:
        promises = [p._replace(starts=None) if p.starts and LINE_MARK in p.starts else p for p in promises]
    union = frozenset().union(*(p.needles for p in promises)) if all(p.needles for p in promises) else None
    good = frozenset().union(*(p.starts for p in promises if p.starts))
    others = tuple(a for a, p in zip(alternatives, promises) if not p.starts)
    word_start = all(p.word_start for p in promises if p.starts)
    if not good or not all(p.never_empty for p in promises):
        good, others, word_start = frozenset(), (), False
    plan = (union, good, others, word_start)
    compilecache.put(kind, key, flags, plan)
    return plan


def prefiltered(make, alternatives: tuple[str, ...], flags: int = 0, compile_rest=None, lazy: bool = False,
                by_line: bool = True):
    """The pattern `make()` compiles from the `alternatives` joined with |, wrapped with
    what they promise: needles when every branch has some, start strings for the branches
    that have them (the others are searched on their own to find where they start,
    compiled by `compile_rest`, by default with `re` and `flags`). The pattern as it is
    when no branch promises anything.

    `lazy`, for a pattern known to compile (as one that compiled in an earlier run is):
    it and the other branches are compiled when first needed (see Prefiltered). Else
    they are compiled now, so that a bad pattern is reported where it is loaded.

    `by_line`: an alternative that may begin at any line is tried at each (see _plan)."""
    union, good, others, word_start = _plan(alternatives, flags, by_line)
    if union is None and not good:
        return make()
    make_rest = None
    if good and others:
        joined = "|".join(f"(?:{a})" for a in others)
        make_rest = partial(compile_rest, joined) if compile_rest else partial(compilecache.compile_re, joined, flags)
    if lazy:
        return Prefiltered(None, union, good or None, None, word_start, make, make_rest)
    return Prefiltered(make(), union, good or None, make_rest and make_rest(), word_start)
