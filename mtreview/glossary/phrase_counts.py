"""In how many of a set of targets each candidate English phrase stands: vectorised, exact.

A frequent Chinese expression of a 100,000-segment corpus stands in thousands of segments whose
targets hold a million distinct phrases between them; a dictionary of their strings takes
hundreds of megabytes. Here every word gets an integer id, each phrase (an n-gram of one to
:data:`MAX_WORDS` words, or a quoted phrase) is a span of the concatenated ids, and phrases are
grouped by a polynomial hash of their ids. Every occurrence is compared word by word with its
group's first, so a hash collision splits the group again: the counts are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mtreview.glossary.hashing import SpanHasher, hash_codes

I64 = npt.NDArray[np.int64]
BAD_START, BAD_END = 1, 2  # a phrase neither starts with BAD_START words nor ends with BAD_END
MAX_WORDS = 6


class Vocabulary(dict[str, int]):
    """Word -> id (from 1), with the flags of each id; new words get the next id."""

    def __init__(self, bad_start: frozenset[str], bad_end: frozenset[str]) -> None:
        super().__init__()
        self.bad_start = bad_start
        self.bad_end = bad_end
        self.words: list[str] = [""]
        self.flags: list[int] = [BAD_START | BAD_END]

    def __missing__(self, word: str) -> int:
        index = len(self.words)
        self.words.append(word)
        bad_start = word in self.bad_start or word.isdigit()
        self.flags.append(
            (BAD_START if bad_start else 0) | (BAD_END if word in self.bad_end else 0)
        )
        self[word] = index
        return index

    def text(self, ids: Sequence[int]) -> str:
        """The phrase of a sequence of ids, words joined by single spaces."""
        return " ".join(self.words[i] for i in ids)


@dataclass(frozen=True, slots=True)
class PhraseCounts:
    """The distinct phrases of some rows, and in how many rows each stands."""

    ids: I64  # the rows' word ids, then each quoted phrase's
    hashes: npt.NDArray[np.uint64]  # of each phrase's ids
    starts: I64  # of one occurrence of each phrase, in ``ids``
    lengths: npt.NDArray[np.int32]  # in words
    rows: I64  # how many rows hold the phrase

    def words(self, phrase: int) -> list[int]:
        """The ids of one phrase's words."""
        start = int(self.starts[phrase])
        words: list[int] = self.ids[start : start + int(self.lengths[phrase])].tolist()
        return words

    def best_first(
        self, bound: npt.NDArray[np.float64], vocabulary: Vocabulary, limit: int | None = None
    ) -> I64:
        """Phrase indexes by ``bound`` descending, then by text (as ``sorted`` orders strings).

        Words are joined by a space, which sorts before any character a word holds, so texts
        order as their word sequences do: by each word's rank among all words. With ``limit``,
        only the first ``limit`` of that order: just the phrases whose bound reaches the
        ``limit``-th highest are sorted.
        """
        phrases = np.arange(len(bound), dtype=np.int64)
        if limit is not None and limit < len(bound):
            lowest = np.partition(bound, len(bound) - limit)[len(bound) - limit]
            phrases = np.flatnonzero(bound >= lowest)
        bound = bound[phrases]
        words = vocabulary.words
        rank = np.empty(len(words), dtype=np.int64)
        rank[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
        ids, starts, lengths = self.ids, self.starts[phrases], self.lengths[phrases]
        keys = [
            np.where(k < lengths, rank[ids[np.minimum(starts + k, len(ids) - 1)]], -1)
            for k in reversed(range(MAX_WORDS))
        ]
        local = np.lexsort([*keys, -bound]) if len(bound) else phrases
        order = phrases[local]
        # Two phrases equal in every key share their first MAX_WORDS words, so one of them is
        # a longer quoted phrase: order such runs by their whole text.
        same = np.ones(max(len(order) - 1, 0), dtype=bool)
        for key in (*keys, bound):
            same &= key[local][1:] == key[local][:-1]
        for at in np.flatnonzero(same).tolist():
            if at > 0 and same[at - 1]:
                continue  # inside a run already sorted
            end = at + 1
            while end < len(same) and same[end]:
                end += 1
            run = order[at : end + 1].tolist()
            order[at : end + 1] = sorted(run, key=lambda i: vocabulary.text(self.words(i)))
        return order[:limit]

    def find(self, words: Sequence[int]) -> int | None:
        """The index of the phrase made of ``words``, if these rows hold it."""
        for at in np.flatnonzero(self.hashes == np.uint64(hash_codes(words))).tolist():
            if self.words(at) == list(words):
                return at
        return None


def count_phrases(
    vocabulary: Vocabulary, rows: Sequence[Sequence[str]], quoted: Sequence[Sequence[Sequence[str]]]
) -> PhraseCounts:
    """Count, per distinct phrase, the rows whose words or quoted phrases hold it.

    A row's phrases are its n-grams of 1 to :data:`MAX_WORDS` words that start with no
    ``BAD_START`` word and end with no ``BAD_END`` word, and its quoted phrases (any length).

    Args:
        vocabulary: gives word ids and flags (and learns new words).
        rows: the words of each row.
        quoted: the quoted phrases of each row, each as its words.
    """
    ids: list[int] = []
    row_end: list[int] = []
    for words in rows:
        ids.extend(map(vocabulary.__getitem__, words))
        row_end.extend([len(ids)] * len(words))
    main = len(ids)
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), [len(w) for w in rows])
    q_starts, q_lengths, q_rows = [], [], []
    for row, phrases in enumerate(quoted):
        for words in phrases:
            q_starts.append(len(ids))
            q_lengths.append(len(words))
            q_rows.append(row)
            ids.extend(map(vocabulary.__getitem__, words))
    codes = np.array(ids, dtype=np.int64)
    flags = np.array(vocabulary.flags, dtype=np.int64)[codes]
    ends = np.array(row_end, dtype=np.int64)
    first = np.arange(main, dtype=np.int64)
    good_start = (flags[:main] & BAD_START) == 0
    parts_s, parts_l, parts_r = [], [], []
    for n in range(1, MAX_WORDS + 1):
        last = np.minimum(first + n - 1, max(main - 1, 0))
        keep = (first + n <= ends) & good_start & ((flags[last] & BAD_END) == 0)
        parts_s.append(first[keep])
        parts_l.append(np.full(int(keep.sum()), n, dtype=np.int32))
        parts_r.append(row_of[keep])
    starts = np.concatenate([*parts_s, np.array(q_starts, dtype=np.int64)])
    lengths = np.concatenate([*parts_l, np.array(q_lengths, dtype=np.int32)])
    row_ids = np.concatenate([*parts_r, np.array(q_rows, dtype=np.int64)])
    del parts_s, parts_l, parts_r, first, ends, flags, row_of
    hashes = SpanHasher(codes).spans(starts, starts + lengths)
    keys, reps = _exact_keys(codes, starts, lengths, hashes)
    # Count rows, not occurrences: one (phrase, row) pair once.
    width = max(len(rows), 1)
    pairs = np.sort(keys * width + row_ids)  # sorting beats np.unique's hash table here
    del keys, row_ids
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    held = np.bincount(pairs // width, minlength=len(reps))
    used = np.flatnonzero(held)  # keys of groups split by a collision hold no row any more
    reps = reps[used]
    return PhraseCounts(codes, hashes[reps], starts[reps], lengths[reps], held[used])


_VERIFY = 1 << 18  # spans compared at a time


def _exact_keys(
    codes: I64, starts: I64, lengths: npt.NDArray[np.int32], hashes: npt.NDArray[np.uint64]
) -> tuple[I64, I64]:
    """A key per span, equal exactly when the spans hold the same ids; a span of each key."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    sorted_hashes = hashes[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = sorted_hashes[1:] != sorted_hashes[:-1]
    del sorted_hashes
    reps = order[new_group]  # the first span of each group
    keys = np.empty(len(order), dtype=np.int64)
    keys[order] = np.cumsum(new_group) - 1
    del order, new_group
    # Compare every span word by word with its group's first: a hash collision shows.
    differs = np.zeros(len(keys), dtype=bool)
    for lo in range(0, len(keys), _VERIFY):
        own = np.arange(lo, min(lo + _VERIFY, len(keys)))
        rep = reps[keys[own]]
        wrong = lengths[own] != lengths[rep]
        for k in range(int(lengths[own].max())):
            inside = np.flatnonzero((k < lengths[own]) & ~wrong)
            wrong[inside] = codes[starts[own[inside]] + k] != codes[starts[rep[inside]] + k]
        differs[own] = wrong
    if differs.any():
        # Re-key every span of the affected groups by its real ids.
        split: dict[tuple[int, ...], int] = {}
        extra: list[int] = []
        for span in np.flatnonzero(np.isin(keys, keys[differs])).tolist():
            words = tuple(codes[starts[span] : starts[span] + lengths[span]].tolist())
            if words not in split:
                split[words] = len(reps) + len(split)
                extra.append(span)
            keys[span] = split[words]
        reps = np.concatenate([reps, np.array(extra, dtype=np.int64)])
    return keys, reps
