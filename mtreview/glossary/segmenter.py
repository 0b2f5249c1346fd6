"""Chinese word boundaries through jieba, spent only where a boundary is in doubt.

A glossary term found inside a run of Han characters is a real occurrence only if jieba would cut
the run at both ends of the term. Segmenting every paragraph is slow (about 0.4 M characters a
second), so :class:`Boundaries` first asks jieba's dictionary whether any word *could* straddle the
boundary. With ``HMM=False`` jieba only emits dictionary words and single characters, so when no
dictionary word crosses a boundary the cut there is certain and jieba need not run at all.

Texts reach jieba as their folded copy (:func:`mtreview.glossary.script.fold_source`), in which
Traditional text reads as Simplified. The few dictionary words the fold itself changes (显著 reads
显着, 乾县 reads 干县) are added in their folded form, so a fold never costs a word.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtreview.diskcache import cached, derived, digest, file_digest

_LOCK = threading.Lock()
_MAX_LOOKUP = 12  # longest straddling dictionary word we look for, in characters
_WINDOW = 8  # characters of context on each side of a doubtful term given to jieba
NESTED_MARGIN = 3.0  # log-probability a nested term's cuts may cost (a factor of 20)
# Bound suffixes that make a word of a term without changing what it names: a person (感染者),
# a plural, a rate, a part or capacity (肺部, 免疫力), a place of some kind (湖北省, 西奈山).
NOUN_SUFFIXES = frozenset("者们率部力省市县区州镇乡村山河江湖岛")
# Log-probability cutting a word into a term and the rest may cost: an idiom or a lexicalised
# word (三生有幸: 12.2, 冠状动脉: 13.0) is far likelier whole; a compound (湖北省: 7.1) is not.
COMPOUND_MARGIN = 8.0


_HAN_CLASS = "[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ebef\uf900-\ufaff\u3007]"
_HAN_BEFORE = re.compile(f"{_HAN_CLASS}*\\Z")  # the Han characters that end a slice
_HAN_AFTER = re.compile(f"{_HAN_CLASS}*")  # the Han characters that start one


def is_han(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (the characters jieba segments as words)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2EBEF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007
    )


@lru_cache(maxsize=1)
def dictionary_key() -> bytes:
    """What the prepared dictionary is made from (see :mod:`mtreview.diskcache`).

    jieba's dictionary file and version, OpenCC's files (its dictionaries, configurations and
    library) and version, and the code that prepares them (this module and
    :mod:`mtreview.glossary.script`, mtreview's and Python's versions): a change to any of them
    makes every prepared value again. Empty when one of them cannot be read: nothing is kept.
    """
    try:
        return digest(part for _, part in _key_parts())
    except OSError:  # a file of jieba or OpenCC unreadable (an install under way): keep nothing
        return b""


def _key_parts() -> list[tuple[str, bytes]]:
    import jieba
    import opencc

    import mtreview
    from mtreview.glossary import script

    parts = [
        ("python", sys.version.encode()),
        ("mtreview", mtreview.__version__.encode()),
        ("jieba", jieba.__version__.encode()),
        ("opencc", str(getattr(opencc, "__version__", "")).encode()),
    ]
    with jieba.Tokenizer().get_dict_file() as handle:
        parts.append(("jieba dictionary", hashlib.file_digest(handle, "sha256").digest()))
    here = Path(opencc.__file__).parent
    for path in sorted(here.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append((f"opencc {path.relative_to(here)}", file_digest(path)))
    for module in (sys.modules[__name__], script):
        assert module.__file__ is not None
        parts.append((f"code {module.__name__}", file_digest(module.__file__)))
    return parts


@lru_cache(maxsize=1)
def _base_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    # jieba reads its own cache with marshal.load from the file, a few bytes a call (1.2 s):
    # the same dictionary comes from ours read whole (0.35 s).
    tokenizer.FREQ, tokenizer.total = cached(
        "jieba-dictionary", dictionary_key(), lambda: _initialised(tokenizer)
    )
    tokenizer.initialized = True
    return tokenizer


def _initialised(tokenizer: Any) -> tuple[dict[str, int], int]:
    """The dictionary as jieba builds it (its words and their prefixes, with frequencies).

    Read from the dictionary file itself, as ``initialize`` does without a cache: jieba's own
    cache of the default dictionary (``jieba.cache`` in the temp folder) is never checked
    against the file, and what is kept here must come from what the key hashed.
    """
    freq: dict[str, int]
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    return freq, total


def base_words() -> list[str]:
    """The words of jieba's dictionary (not its prefixes), Han and mixed ones."""
    return [w for w, f in _base_tokenizer().FREQ.items() if f and not w.isascii()]


@lru_cache(maxsize=1)
def _folded_words() -> dict[str, int]:
    """Dictionary entries for the folded forms of jieba's words, where jieba lacks them.

    Each form gets its word's frequency; its prefixes get 0, as jieba gives every prefix.
    Made once (OpenCC over the dictionary), then kept on disk.
    """
    return cached("jieba-folded-words", dictionary_key(), _make_folded_words)


def _make_folded_words() -> dict[str, int]:
    from mtreview.glossary.script import may_change, simplified

    freq = _base_tokenizer().FREQ
    words = [w for w, f in freq.items() if f and not w.isascii() and may_change(w)]
    added: dict[str, int] = {}
    for word, form in zip(words, simplified("\n".join(words)).split("\n"), strict=True):
        if form != word and not freq.get(form) and added.get(form, 0) < freq[word]:
            added[form] = freq[word]
    for form in list(added):
        for end in range(1, len(form)):
            if form[:end] not in freq:
                added.setdefault(form[:end], 0)
    return added


def preload() -> None:
    """Load what every tokenizer starts from (jieba's dictionary and its folded forms), once."""
    _base_tokenizer()
    _folded_words()


def new_tokenizer(words: Iterable[str]) -> Any:
    """Return a private jieba tokenizer that knows ``words`` without being biased towards them.

    Each word gets the smallest frequency that keeps it whole against its own pieces (what
    ``suggest_freq(word)`` computes) and never more, so a term does not win against a dictionary
    word that straddles its edge: 自然资源部 is added, yet 自然资源部门 still cuts as 自然资源/部门.
    """
    import jieba

    with _LOCK:
        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        # Share the loaded dictionary instead of reading it again: copy, so the base stays clean.
        tokenizer.FREQ = dict(base.FREQ)
        tokenizer.total = base.total
        folded = _folded_words()
        tokenizer.FREQ.update(folded)
        tokenizer.total += sum(folded.values())
        tokenizer.initialized = True
        # The total stays the dictionary's: a text's cuts then depend only on the words it
        # holds, so a glossary change re-checks only the segments holding a changed term.
        total = tokenizer.total
        words = tuple(words)
        made: list[tuple[str, int]] = []

        def tune() -> list[tuple[str, int]]:
            for word in words:
                if len(word) > 1 and all(is_han(c) for c in word):
                    freq = tokenizer.suggest_freq(word, tune=False)
                    if tokenizer.FREQ.get(word, 0) < freq:
                        tokenizer.add_word(word, freq)
                        tokenizer.total = total
                        made.append((word, freq))
            return made

        # The words added depend only on the dictionary and the words (0.4 s for 10,000 terms):
        # kept, they are added again in the same order, which gives the same dictionary.
        key = derived(dictionary_key(), ["tuned words 1", *words])
        added = cached("jieba-tuned-words", key, tune)
        if added is not made:  # read back
            for word, freq in added:
                tokenizer.add_word(word, freq)
                tokenizer.total = total
    return tokenizer


class PairTable:
    """Which two characters stand side by side in some word: a bit per pair (hashed), no misses.

    A pair no word holds may share a bit with one a word holds (a false "maybe", about one in
    thirty), never the other way round. Built from the words in one pass of numpy (≈ 0.1 s for
    jieba's 350,000 words); 1 MB.
    """

    _BITS = 23
    _MULTIPLIER = 0x9E3779B97F4A7C15  # Fibonacci hashing of the 42-bit pair code
    _MASK = (1 << 64) - 1

    def __init__(self, words: Iterable[str]) -> None:
        import numpy as np

        words = [w for w in words if w]
        codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
        codes = codes.astype(np.uint64)
        ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)))
        inside = np.ones(max(0, len(codes) - 1), dtype=bool)
        inside[ends[:-1] - 1] = False  # a word's last character and the next word's first
        pairs = (codes[:-1][inside] << np.uint64(21)) | codes[1:][inside]
        slots = (pairs * np.uint64(self._MULTIPLIER)) >> np.uint64(64 - self._BITS)
        bits = np.zeros(1 << self._BITS, dtype=bool)
        bits[slots] = True
        self._table = np.packbits(bits, bitorder="little").tobytes()

    def may_hold(self, first: str, second: str) -> bool:
        """Whether some word may hold ``first`` followed by ``second`` (False: none does)."""
        code = (ord(first) << 21) | ord(second)
        slot = ((code * self._MULTIPLIER) & self._MASK) >> (64 - self._BITS)
        return bool(self._table[slot >> 3] >> (slot & 7) & 1)


class Boundaries:
    """Decide whether spans of a text start and end on jieba word boundaries."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = tuple(words)
        self._tokenizer: Any = None
        self._cache: dict[str, frozenset[int]] = {}
        self._cache_without: dict[
            tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]], bool
        ] = {}
        self._cache_parts: dict[tuple[str, int, int], bool] = {}
        self._pairs: PairTable | None = None  # built when a boundary is first in doubt
        self.jieba_calls = 0

    @property
    def tokenizer(self) -> Any:
        """The private jieba tokenizer, loaded on first use."""
        if self._tokenizer is None:
            self._tokenizer = new_tokenizer(self._words)
        return self._tokenizer

    def prepare(self) -> None:
        """Load what a boundary in doubt needs (the tokenizer and its pair table) now, not then.

        A review session calls it while the screen is idle: built on a first fix instead, the
        pair table alone stalled that key by ≈ 0.1 s.
        """
        self._pair_table()

    def _straddled(self, text: str, pos: int, lo: int, hi: int) -> bool:
        """Whether a dictionary word inside ``text[lo:hi]`` crosses position ``pos``.

        Such a word holds the two characters around ``pos`` side by side: where no dictionary word
        does (:class:`PairTable`), none crosses and the dictionary is not walked.
        """
        if pos <= lo or pos >= hi:
            return False
        if not self._pair_table().may_hold(text[pos - 1], text[pos]):
            return False
        return self._walk(text, pos, lo, hi)

    def _pair_table(self) -> PairTable:
        """The pairs of characters side by side in the tokenizer's words, built when first asked."""
        if self._pairs is None:
            self._pairs = PairTable([w for w, count in self.tokenizer.FREQ.items() if count])
        return self._pairs

    def _walk(self, text: str, pos: int, lo: int, hi: int) -> bool:
        """:meth:`_straddled` by walking the dictionary.

        jieba's dictionary holds every prefix of every word (with frequency 0), so a word from
        ``start`` can cross ``pos`` only when ``text[start:pos + 1]`` is in it, and each walk on
        from there stops at the first fragment that begins no word.
        """
        freq = self.tokenizer.FREQ
        for start in range(max(lo, pos - _MAX_LOOKUP + 1), pos):
            if text[start : pos + 1] not in freq:
                continue
            for end in range(pos + 1, min(hi, start + _MAX_LOOKUP) + 1):
                count = freq.get(text[start:end])
                if count is None:
                    break
                if count:
                    return True
        return False

    def cuts(self, run: str) -> frozenset[int]:
        """Return the positions jieba cuts the Han run ``run`` at (0 and len included)."""
        cached = self._cache.get(run)
        if cached is None:
            self.jieba_calls += 1
            cached = _cuts(self.tokenizer, run)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[run] = cached
        return cached

    def word_around(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The one jieba word holding ``text[start:end]`` and more, if one does.

        中华人民共和国中央军事委员会 holds 中央军事委员会. Only a word of Han characters, seen whole
        in the window looked at, counts.
        """
        edges = self._edges(text, start, end)
        if edges is None or not any(edges):
            return None
        lo, hi = self._run(text, start, end)
        run_lo, run_hi = lo, hi
        lo, hi = max(lo, start - _WINDOW), min(hi, end + _WINDOW)
        cuts = self.cuts(text[lo:hi])
        left = max(c for c in cuts if c <= start - lo)
        right = min(c for c in cuts if c >= end - lo)
        if any(left < c < right for c in cuts):
            return None
        if (left == 0 and lo > run_lo) or (right == hi - lo and hi < run_hi):
            return None  # the word may go on beyond the window
        return lo + left, lo + right

    def part_of_word(self, text: str, start: int, end: int) -> bool | None:
        """Whether a span inside one longer jieba word is a clear part of it.

        True when each rest of the word is a dictionary word of its own (jieba lists 呼吸系统,
        病毒感染 and 耶稣基督 whole) or a bound suffix of :data:`NOUN_SUFFIXES` (感染率, 肺部,
        湖北省), and cutting there costs at most :data:`COMPOUND_MARGIN`; False when the span
        sits in the word otherwise (流行病学, 肺泡, 三生有幸: the word may name something else);
        None when no one word holds it (自然资源部 in 自然资源/部门).
        """
        word = self.word_around(text, start, end)
        if word is None:
            return None
        freq = self.tokenizer.FREQ
        left, right = text[word[0] : start], text[end : word[1]]
        if not all(
            not rest or (len(rest) > 1 and freq.get(rest, 0) > 0) or rest == right in NOUN_SUFFIXES
            for rest in (left, right)
        ):
            return False
        key = (text[word[0] : word[1]], start - word[0], end - word[0])
        found = self._cache_parts.get(key)
        if found is None:
            cuts = tuple(p for p in key[1:] if 0 < p < len(key[0]))
            found = _margin(self.tokenizer, key[0], (), cuts) <= COMPOUND_MARGIN
            self._cache_parts[key] = found
        return found

    def _run(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The Han run around ``text[start:end]``, as far as any straddling word could reach."""
        before = _HAN_BEFORE.search(text, max(0, start - _MAX_LOOKUP), start)
        after = _HAN_AFTER.match(text, end, end + _MAX_LOOKUP)
        return (before.start() if before else start), (after.end() if after else end)

    @staticmethod
    def _edges(text: str, start: int, end: int) -> tuple[bool, bool] | None:
        """Which edges of a span fall inside a Han run (None: glued to letters or digits)."""
        if (start > 0 and _glued(text[start - 1], text[start])) or (
            end < len(text) and _glued(text[end - 1], text[end])
        ):
            return None  # "5G" inside "15G", "PM2" inside "PM2.5"-like runs of letters/digits
        left = start > 0 and is_han(text[start - 1]) and is_han(text[start])
        right = end < len(text) and is_han(text[end - 1]) and is_han(text[end])
        return left, right

    def _in_doubt(self, text: str, start: int, end: int) -> tuple[bool, bool] | bool:
        """Which edges of a span jieba must judge, or the answer when none needs it."""
        edges = self._edges(text, start, end)
        if edges is None:
            return False
        return edges if any(edges) else True

    def is_word_span(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` stands on word boundaries as jieba segments ``text``."""
        edges = self._in_doubt(text, start, end)
        if isinstance(edges, bool):
            return edges
        left, right = edges
        # An edge in doubt has Han characters on both sides, inside the run: the pair table
        # settles most without the run being looked for (see _straddled).
        left = left and self._pair_table().may_hold(text[start - 1], text[start])
        right = right and self._pair_table().may_hold(text[end - 1], text[end])
        if not (left or right):
            return True
        lo, hi = self._run(text, start, end)
        left = left and self._walk(text, start, lo, hi)
        right = right and self._walk(text, end, lo, hi)
        if not (left or right):
            return True
        # jieba's choice at a boundary depends on nearby words only: a window of context on
        # each side, ending where the Han run ends, decides it as the whole run would.
        lo = max(lo, start - _WINDOW)
        hi = min(hi, end + _WINDOW)
        cuts = self.cuts(text[lo:hi])
        return _stands(cuts, start - lo, end - lo, left, right)

    def _cut_at(self, text: str, pos: int) -> bool:
        """Whether jieba cuts ``text`` at ``pos`` (inside a Han run)."""
        lo, hi = self._run(text, pos, pos)
        if not self._straddled(text, pos, lo, hi):
            return True
        lo, hi = max(lo, pos - _WINDOW), min(hi, pos + _WINDOW)
        return pos - lo in self.cuts(text[lo:hi])

    def stands_without(
        self, text: str, start: int, end: int, words: Sequence[tuple[int, int]]
    ) -> bool:
        """Whether ``text[start:end]`` may stand as a word once the spans ``words`` are none.

        This judges a term inside (or overlapping) a longer term, which jieba takes whole: the
        shorter one stands when segmenting with cuts at its edges is nearly as likely (within
        :data:`NESTED_MARGIN`, in log probability) as jieba's best segmentation without the
        longer word. 国土空间 stands in 国土空间规划 (国土空间/规划 against 国土/空间规划: 0.2),
        自然资源部 does not in 自然资源部门 (自然资源部/门 against 自然资源/部门: 6.3).
        """
        edges = self._in_doubt(text, start, end)
        if isinstance(edges, bool):
            return edges
        left, right = edges
        # An edge outside every longer word must be a cut of its own: 国土 in 全国土地 beside
        # 土地 is no word, 全国 straddles its left edge.
        for pos, inside in ((start, left), (end, right)):
            if inside and not any(a <= pos <= b for a, b in words) and not self._cut_at(text, pos):
                return False
        lo = min(start, *(a for a, _ in words))
        hi = max(end, *(b for _, b in words))
        run_lo, run_hi = self._run(text, lo, hi)
        lo, hi = max(run_lo, lo - _WINDOW), min(run_hi, hi + _WINDOW)
        excluded = tuple(sorted((a - lo, b - lo) for a, b in words if lo <= a and b <= hi))
        cuts = tuple(p - lo for p, inside in ((start, left), (end, right)) if inside)
        key = (text[lo:hi], excluded, cuts)
        found = self._cache_without.get(key)
        if found is None:
            self.jieba_calls += 1
            found = _margin(self.tokenizer, key[0], excluded, cuts) <= NESTED_MARGIN
            if len(self._cache_without) > 4096:
                self._cache_without.clear()
            self._cache_without[key] = found
        return found


def _stands(cuts: frozenset[int], start: int, end: int, left: bool, right: bool) -> bool:
    """Whether jieba's cuts leave the span a word of its own.

    A span cut at both edges stands. A span that jieba breaks at one edge still stands when
    the other edge is cut and the break leaves a single character of it behind: 林明说 cut as
    林/明说 is still the name 林明 followed by 说, while 自然资源部门 cut as 自然资源/部门 leaves
    a whole word (自然资源) and 全国土地 cut as 全国/土地 breaks 国土 at both edges.
    """
    left_ok = not left or start in cuts
    right_ok = not right or end in cuts
    if left_ok and right_ok:
        return True
    if not left_ok and not right_ok:
        return False
    if not right_ok:
        word_start = max(c for c in cuts if c < end)
        return word_start - start == 1
    word_end = min(c for c in cuts if c > start)
    return end - word_end == 1


def _glued(before: str, after: str) -> bool:
    """Whether two adjacent characters belong to one run of (non-Han) letters or digits."""
    return before.isalnum() and after.isalnum() and not is_han(before) and not is_han(after)


def _cuts(tokenizer: Any, run: str) -> frozenset[int]:
    from mtreview.glossary import dagcut  # imports jieba: not before a cut is needed

    positions = {0}
    offset = 0
    for word in dagcut.cut(tokenizer, run, hmm=False):
        offset += len(word)
        positions.add(offset)
    return frozenset(positions)


def _best(tokenizer: Any, run: str, dag: dict[int, list[int]]) -> float:
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(run, dag, route)
    return float(route[0][0])


def _margin(
    tokenizer: Any, run: str, excluded: Sequence[tuple[int, int]], cuts: Sequence[int]
) -> float:
    """How much less likely (log) jieba's best segmentation gets when forced to cut at ``cuts``.

    The ``excluded`` spans of ``run`` count as no words.
    """
    dag: dict[int, list[int]] = tokenizer.get_DAG(run)
    for a, b in excluded:
        dag[a] = [x for x in dag[a] if x != b - 1] or [a]
    free = _best(tokenizer, run, dag)
    forced = {
        k: [x for x in ends if not any(k < p <= x for p in cuts)] or [k] for k, ends in dag.items()
    }
    return free - _best(tokenizer, run, forced)
