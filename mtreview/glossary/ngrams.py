"""Chinese words and runs of two to four words that recur in a corpus, counted in bounded memory.

Every Han run of every source is segmented as jieba does it (:func:`dagcut.cut`, in worker
processes for a large corpus); each word of two or more characters and each run of two to four
words that neither starts nor ends with a function word, holds no 的/之/和/与 and has the shape
of a term (:func:`termlike`) is a gram. Counting every distinct gram of 100,000 segments in a
dictionary takes gigabytes, yet only those seen at least twice matter. So the first pass keeps
32 bits of a hash per gram occurrence (numpy arrays: 4 bytes each), sorts them and keeps the
hashes seen twice; the second pass recounts, by their real text, only the grams with such a
hash. A collision costs a recounted string, never a wrong count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mtreview.glossary import dagcut
from mtreview.glossary.forked import forked_map, ranges, shared
from mtreview.glossary.hashing import (
    SpanHasher,
    fingerprints,
    hash_codes,
    repeated,
    text_codes,
)
from mtreview.glossary.script import cut_like, may_change, simplified
from mtreview.glossary.segmenter import is_han

SENTENCE_PUNCT = set("。，；！？：,;!?:…()（）《》")
# Function words that neither start nor end a term, nor make one alone.
STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "等",
        "为",
        "将",
        "把",
        "被",
        "并",
        "也",
        "都",
        "而",
        "从",
        "以",
        "于",
        "中",
        "上",
        "下",
        "由",
        "向",
        "到",
        "就",
        "还",
        "又",
        "其",
        "之",
        "这",
        "那",
        "该",
        "各",
        "每",
        "有",
        "无",
        "不",
        "没有",
        "一个",
        "一些",
        "进行",
        "通过",
        "以及",
        "并且",
        "同时",
        "其中",
        "我们",
        "他们",
        "这个",
        "这些",
        "那些",
        "如何",
        "什么",
        "一是",
        "二是",
        "三是",
        "四是",
        "全年",
        "今年",
        "去年",
        "目前",
        "已经",
        "持续",
        "进一步",
        "加快",
        "推动",
        "推进",
        "加强",
        "实现",
        "开展",
        "坚持",
        "围绕",
        "作为",
        "成为",
        "发挥",
        "提供",
        "形成",
        "取得",
        "落实",
        "实施",
        "推行",
        "深化",
        "完善",
        "建立",
        "健全",
        "构建",
        "打造",
        "促进",
        "强化",
        "提升",
        "支持",
        "鼓励",
        "积极",
        "全面",
        "大力",
        "不断",
        "切实",
    ]
)
NUMERALS = set("〇零一二三四五六七八九十百千万亿两第年月日")


# The characters is_han accepts, as runs.
_HAN_RUN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")


def han_count(text: str) -> int:
    """How many characters of ``text`` are Han ideographs (as :func:`is_han` decides)."""
    return sum(map(len, _HAN_RUN.findall(text)))


def han_share(text: str) -> float:
    """The share of ``text``'s characters that are Han ideographs."""
    return sum(is_han(c) for c in text) / max(1, len(text))


def termlike(text: str) -> bool:
    """Whether ``text`` has the shape of a term.

    Mostly Han, no sentence punctuation, not only numerals, not a function word.
    """
    return (
        len(text) >= 2
        and han_share(text) >= 0.6
        and not any(c in SENTENCE_PUNCT for c in text)
        and not all(c in NUMERALS or not is_han(c) for c in text)
        and text not in STOP
    )


_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ebef]+")
_BREAK = frozenset("的之和与")  # a run holding one of these is no term
MAX_WORDS = 4
MAX_CHARS = 10
_STOP_CHARS = max(map(len, STOP))
_STOP_HASHES = np.array(sorted({hash_codes(map(ord, w)) for w in STOP}), dtype=np.uint64)
CHUNK = 2000  # texts per unit of work
_IS_STOP, _IS_BREAK, _ONLY_NUMERALS = 1, 2, 4

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
U32 = npt.NDArray[np.uint32]
U8 = npt.NDArray[np.uint8]


class _WordCodes(dict[str, int]):
    """Word -> its flags and Han count packed in one byte (``han << 3 | flags``), on demand.

    The Han count is capped at 31: a word that long makes every gram holding it longer than
    :data:`MAX_CHARS`, so the cap decides nothing.
    """

    def __missing__(self, word: str) -> int:
        flags = (_IS_STOP if word in STOP else 0) | (_IS_BREAK if word in _BREAK else 0)
        if all(c in NUMERALS or not is_han(c) for c in word):
            flags |= _ONLY_NUMERALS
        code = min(sum(is_han(c) for c in word), 31) << 3 | flags
        self[word] = code
        return code


@dataclass(frozen=True, slots=True)
class _Tokens:
    """jieba's words of a chunk of texts, whose Han runs concatenated are :func:`_han_text`."""

    offsets: I32  # character offset of each word in the Han text, and its length last
    codes: U8  # _WordCodes of each word
    left: U8  # words from this one to the end of its run, at most MAX_WORDS


def _han_text(texts: Sequence[str]) -> str:
    """The Han runs of a chunk of texts, concatenated (what its words spell)."""
    return "".join(run for text in texts for run in _RUN.findall(text))


def _tokenise(part: tuple[int, int]) -> tuple[_Tokens, U32, U32]:
    """Segment a chunk; return its words and the top 32 bits of its grams' hashes.

    The fingerprints come as the distinct ones and, apart, those seen twice in the chunk: a
    chunk's repeats need not cross to the parent process and wait there.
    """
    texts = shared("texts")[part[0] : part[1]]
    tokenizer, word_codes = shared("tokenizer"), shared("codes")
    words: list[str] = []
    left: list[int] = []
    for text in texts:
        # A text no converter changes has runs that read as they are: no copy to map back.
        plain = not may_change(text)
        for run in _RUN.findall(text):
            cut = dagcut.cut(tokenizer, run if plain else simplified(run))
            if not plain:
                cut = cut_like(run, cut)
            words.extend(cut)
            left.extend(range(len(cut), 0, -1))
    n = len(words)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, words), dtype=np.int32, count=n), out=offsets[1:])
    codes = np.fromiter(map(word_codes.__getitem__, words), dtype=np.uint8, count=n)
    capped = np.minimum(np.array(left, dtype=np.int32), MAX_WORDS).astype(np.uint8)
    tokens = _Tokens(offsets, codes, capped)
    _starts, _ends, hashes = _grams(tokens, _han_text(texts))
    top = fingerprints(hashes)
    top.sort()
    twice = repeated(top)
    distinct = top[np.concatenate(([True], top[1:] != top[:-1]))] if len(top) else top
    return tokens, distinct, twice


def _grams(tokens: _Tokens, text: str) -> tuple[I64, I64, npt.NDArray[np.uint64]]:
    """Character spans (in ``text``, the chunk's Han runs) and hashes of every gram of a chunk.

    The same grams, in another order, as this loop over each Han run's words::

        for i in range(len(words)):
            for n in range(1, 5):
                gram = words[i : i + n]
                if len(gram) < n or gram[0] in STOP or gram[-1] in STOP:
                    continue
                if any(w in "的之和与" for w in gram):
                    break
                expr = "".join(gram)
                if 2 <= len(expr) <= 10 and termlike(expr):
                    yield expr
    """
    codes, offsets = tokens.codes.astype(np.int64), tokens.offsets.astype(np.int64)
    left = tokens.left.astype(np.int64)
    count = len(codes)
    first = np.arange(count, dtype=np.int64)
    outer = (codes & _IS_STOP) == 0
    no_break = np.ones(count, dtype=bool)
    only_numerals = np.ones(count, dtype=bool)
    han = np.zeros(count, dtype=np.int64)
    spans: list[tuple[I64, I64, npt.NDArray[np.bool_]]] = []
    for n in range(1, MAX_WORDS + 1):
        last = np.minimum(first + n - 1, count - 1)
        inside = n <= left
        no_break &= (codes[last] & _IS_BREAK) == 0
        only_numerals &= (codes[last] & _ONLY_NUMERALS) != 0
        han += np.where(inside, codes[last] >> 3, 0)
        ends = offsets[np.minimum(first + n, count)]
        length = ends - offsets[first]
        keep = inside & outer & outer[last] & no_break & ~only_numerals
        keep &= (length >= 2) & (length <= MAX_CHARS)
        keep &= han / np.maximum(length, 1) >= 0.6
        # Only a run of two or more words can spell a function word (没/有 -> 没有).
        short = length[keep] <= _STOP_CHARS if n > 1 else np.zeros(int(keep.sum()), dtype=bool)
        spans.append((offsets[first][keep], ends[keep], short))
    starts = np.concatenate([s for s, _e, _m in spans])
    ends = np.concatenate([e for _s, e, _m in spans])
    short = np.concatenate([m for _s, _e, m in spans])
    hashes = SpanHasher(text_codes(text)).spans(starts, ends)
    doubt = np.flatnonzero(short & np.isin(hashes, _STOP_HASHES))
    stop = [i for i in doubt.tolist() if text[starts[i] : ends[i]] in STOP]
    if stop:
        keep_all = np.ones(len(starts), dtype=bool)
        keep_all[stop] = False
        starts, ends, hashes = starts[keep_all], ends[keep_all], hashes[keep_all]
    return starts, ends, hashes


def recurring_grams(texts: Sequence[str], tokenizer: Any, jobs: int = 1) -> Counter[str]:
    """Count the grams of ``texts`` (see the module docstring) that occur at least twice.

    Args:
        texts: the sources (known terms masked out).
        tokenizer: the jieba tokenizer to segment with (``HMM=True``).
        jobs: worker processes for the segmentation and the recount (forked; 1 works in
            this process).

    Returns:
        Exact counts of every gram seen twice or more; a few grams seen once may be listed
        too, with their count of 1.
    """
    parts = ranges(len(texts), CHUNK)
    words = _WordCodes()
    chunks = list(forked_map(_tokenise, parts, jobs, texts=texts, tokenizer=tokenizer, codes=words))
    # A fingerprint seen twice in one chunk, or in two chunks. Gather the chunks' distinct
    # fingerprints into one array, freeing each chunk's as it is copied.
    every = np.empty(sum(len(d) for _t, d, _r in chunks), dtype=np.uint32)
    at = 0
    within: list[U32] = []
    nothing = np.zeros(0, dtype=np.uint32)
    for i, (tokens, distinct, twice) in enumerate(chunks):
        every[at : at + len(distinct)] = distinct
        at += len(distinct)
        within.append(twice)
        chunks[i] = (tokens, nothing, nothing)
    seen_twice = np.union1d(repeated(every), np.concatenate([nothing, *within]))
    del every, within
    tasks = [(part, tokens) for part, (tokens, _d, _r) in zip(parts, chunks, strict=True)]
    del chunks
    found: Counter[str] = Counter()
    for counted in forked_map(_recount, tasks, jobs, texts=texts, seen=seen_twice):
        found.update(counted)
    return found


def _recount(task: tuple[tuple[int, int], _Tokens]) -> Counter[str]:
    """The exact counts of a chunk's grams whose fingerprint was seen twice in the corpus."""
    (start, stop), tokens = task
    text = _han_text(shared("texts")[start:stop])
    starts, ends, hashes = _grams(tokens, text)
    picked = np.flatnonzero(np.isin(fingerprints(hashes), shared("seen")))
    return _spelled(text, starts[picked], ends[picked], hashes[picked])


def _spelled(text: str, starts: I64, ends: I64, hashes: npt.NDArray[np.uint64]) -> Counter[str]:
    """How often each span's text occurs: spans grouped by hash, one string made per group.

    Every span is compared character by character with its group's first; should a hash
    collide, the spans are counted by their text instead, so the counts are always exact.
    """
    if len(starts) == 0:
        return Counter()
    _distinct, first, group, counts = np.unique(
        hashes, return_index=True, return_inverse=True, return_counts=True
    )
    codes = text_codes(text)
    lengths = ends - starts
    same = lengths == lengths[first][group]
    rep = starts[first][group]
    for k in range(int(lengths.max())):
        inside = same & (k < lengths)
        same[inside] = codes[starts[inside] + k] == codes[rep[inside] + k]
    if not same.all():
        return Counter(text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True))
    spans = zip(starts[first].tolist(), ends[first].tolist(), strict=True)
    return Counter(dict(zip((text[a:b] for a, b in spans), counts.tolist(), strict=True)))
