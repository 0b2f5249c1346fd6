"""Term candidates: Chinese expressions of a corpus that look like terms and are not listed yet.

Candidates come from three places: expressions in quotation marks (“三区四带”: Chinese writing
marks coined terms so), jieba words of two or more characters, and runs of two to four jieba
words that recur. Known terms are masked out of the source first, so neither they nor their
pieces come back. Each candidate is ranked by

    score = C-value × specificity + quote bonus

where the C-value (after Frantzi et al.) is ``log2(1 + length) × (frequency − frequency of the
most frequent longer candidate that contains it)``, so a piece that only ever occurs inside a
longer candidate (冠状 in 冠状病毒) sinks; specificity is jieba's IDF of the expression, rescaled
so that words below IDF 5 count for little (发展 scores low; an expression jieba does not know
scores as its rarest word); and every quoted occurrence adds ``2 × log2(1 + min(length, 8))``.
:mod:`mtreview.glossary.cooccur` then pairs each candidate with the English phrases of the
aligned targets it goes with.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from math import log2
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from mtreview.corpus.model import Segment
from mtreview.glossary.cooccur import Rendering, TargetPhrases
from mtreview.glossary.forked import forked_sum, shared
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary
from mtreview.glossary.ngrams import han_count, recurring_grams, termlike
from mtreview.glossary.script import simplified
from mtreview.glossary.segmenter import new_tokenizer

_QUOTED = re.compile(r"“([^“”]{2,16})”|「([^「」]{2,16})」|『([^『』]{2,16})』|\"([^\"]{2,16})\"")
_ANY_QUOTE = re.compile(
    r"“([^“”]{1,200})”|「([^「」]{1,200})」|『([^『』]{1,200})』|\"([^\"]{1,200})\""
)
QUOTE_WEIGHT = 2.0
_COMMON_IDF = 5.0
MIN_FREQ = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Chinese expression that may deserve a glossary entry."""

    source: str
    score: float
    count: int  # occurrences in the corpus sources (known terms masked)
    quoted: int  # of them, in quotation marks
    segments: tuple[str, ...]  # ids of the segments it occurs in
    renderings: tuple[Rendering, ...] = ()


Idf = tuple[dict[str, float], float, float]  # word -> IDF, the median, the highest


def _idf() -> Idf:
    """The IDF table jieba ships (read directly: importing jieba.analyse takes two seconds).

    Not cached: its 350,000 words take 40 MB, read again (0.3 s) rather than kept.
    """
    import jieba

    table: dict[str, float] = {}
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition(" ")
        if word:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2], values[-1]


def _masked(segments: list[Segment], glossary: Glossary | None) -> list[str]:
    """The sources with known terms blanked out (so neither they nor their pieces count)."""
    if glossary is None or not glossary.terms:
        return [s.source for s in segments]
    index = SourceIndex(glossary.terms)
    out = []
    for segment in segments:
        text = list(segment.source)
        for match in index.find(segment.source):
            text[match.start : match.end] = " " * (match.end - match.start)
        out.append("".join(text))
    return out


def _quoted(texts: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in texts:
        for match in _QUOTED.finditer(text):
            expr = next(g for g in match.groups() if g is not None).strip()
            if termlike(expr) and " " not in expr:
                found[expr] += 1
    return found


def _quote_position(expr: str, text: str) -> tuple[int, int] | None:
    """Which of the text's quotations holds ``expr`` (0-based), and how many there are."""
    quotes = [next(g for g in m.groups() if g is not None) for m in _ANY_QUOTE.finditer(text)]
    stripped = [q.strip() for q in quotes]
    return (stripped.index(expr), len(quotes)) if expr in stripped else None


def _specificity(expr: str, tokenizer: Any, idf_table: Idf) -> float:
    table, median, top = idf_table
    expr = simplified(expr)
    if expr in table:
        idf = table[expr]
    else:
        parts = [w for w in tokenizer.lcut(expr, HMM=False) if len(w) > 1]
        idf = max((table.get(w, median) for w in parts), default=median)
    # Words below IDF 5 (发展, 工作) are everyday Chinese; rescale so they count for little.
    return min(1.0, max(0.05, (idf - _COMMON_IDF) / (top - _COMMON_IDF)))


def _counts(pool: list[str], texts: list[str], jobs: int = 1) -> list[int]:
    """Overlapping occurrences of each expression of the pool in all texts, by pool index.

    The texts are shared out between ``jobs`` forked processes, each counting its share.
    """
    if not pool:
        return []
    return forked_sum(_count_share, len(texts), len(pool), jobs, pool=pool, texts=texts)


_JOINED = 500  # texts searched as one string


def _count_share(part: tuple[int, int]) -> npt.NDArray[np.int64]:
    """:func:`_counts` of the texts ``part`` (a range of rows) of the shared ``texts``.

    Texts are searched :data:`_JOINED` at a time, joined by a character no expression holds
    (so no match crosses from one text into the next); one at a time when there is none.
    """
    pool: list[str] = shared("pool")
    texts: list[str] = shared("texts")[part[0] : part[1]]
    find = ahocorasick_rs.AhoCorasick(pool).find_matches_as_indexes
    total = np.zeros(len(pool), dtype=np.int64)
    glue = next((c for c in "\x00\x01\n" if not any(c in expr for expr in pool)), None)
    step = _JOINED if glue is not None else 1
    for at in range(0, len(texts), step):
        found = find((glue or "").join(texts[at : at + step]), overlapping=True)
        index = np.fromiter(map(itemgetter(0), found), dtype=np.int64, count=len(found))
        total += np.bincount(index, minlength=len(pool))
    return total


def _rows(exprs: list[str], texts: list[str]) -> list[list[int]]:
    """For each expression, the rows (indexes of ``texts``) it occurs in, in order."""
    rows: list[list[int]] = [[] for _ in exprs]
    if exprs:
        find = ahocorasick_rs.AhoCorasick(exprs).find_matches_as_indexes
        for row, text in enumerate(texts):
            for index in {m[0] for m in find(text, overlapping=True)}:
                rows[index].append(row)
    return rows


def _ranked(
    pool: list[str],
    counts: Sequence[int],
    quoted: Counter[str],
    tokenizer: Any,
    top: int,
) -> list[tuple[float, str, int]]:
    """The ``top`` best (score, expression, pool index), best first.

    Specificity (a jieba look-up for unknown words) is at most 1, so candidates are scored
    best bound first, and scoring stops once a bound falls below the ``top``-th best score.
    """
    idf: Idf | None = None
    containers = _containers(pool) if pool else {}
    bounds: list[tuple[float, float, float, int]] = []
    for i, expr in enumerate(pool):
        count = counts[i]
        if not (count >= MIN_FREQ or quoted[expr]):
            continue
        nested = max((counts[b] for b in containers.get(i, ())), default=0)
        cvalue = max(log2(1 + len(expr)) * (count - nested), 0.0)
        bonus = QUOTE_WEIGHT * quoted[expr] * log2(1 + min(len(expr), 8))
        if cvalue * 1.0 + bonus > 0:  # the score is positive (specificity is at least 0.05)
            bounds.append((cvalue * 1.0 + bonus, cvalue, bonus, i))
    bounds.sort(reverse=True)
    scored: list[tuple[float, str, int]] = []
    lowest: list[float] = []  # a heap of the ``top`` best scores so far
    for bound, cvalue, bonus, i in bounds:
        if len(lowest) >= top and bound < lowest[0]:
            break
        idf = idf or _idf()
        score = cvalue * _specificity(pool[i], tokenizer, idf) + bonus
        scored.append((score, pool[i], i))
        if len(lowest) < top:
            heapq.heappush(lowest, score)
        elif score > lowest[0]:
            heapq.heapreplace(lowest, score)
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[:top]


def _containers(pool: list[str]) -> dict[int, list[int]]:
    """For each expression (pool index), the longer expressions of the pool that contain it."""
    find = ahocorasick_rs.AhoCorasick(pool).find_matches_as_indexes
    out: dict[int, list[int]] = {}
    for i, longer in enumerate(pool):
        for index, _start, _end in find(longer, overlapping=True):
            if index != i:
                out.setdefault(index, []).append(i)
    return out


def chinese_first(segments: Iterable[Segment]) -> tuple[list[Segment], bool]:
    """The segments with Chinese as the source: swapped when only the targets hold Chinese.

    A TMX exported en → zh reads with English sources; its terms are still to be found on
    the Chinese side. Returns the segments and whether they were swapped.
    """
    segs = list(segments)
    han_source = sum(han_count(s.source) for s in segs)
    han_target = sum(han_count(s.target) for s in segs)
    if han_target > 4 * han_source:
        return [replace(s, source=s.target, target=s.source) for s in segs], True
    return segs, False


def extract_candidates(
    segments: Iterable[Segment],
    glossary: Glossary | None = None,
    top: int = 30,
    renderings: int = 3,
    jobs: int | None = None,
) -> list[Candidate]:
    """Rank the corpus's term candidates that the glossary does not hold yet.

    Args:
        segments: the corpus (sources are searched; targets give the renderings).
        glossary: known terms, masked out of the sources; ``None`` for none.
        top: how many candidates to return (best first).
        renderings: how many English phrases to pair with each candidate.
        jobs: processes to segment the sources in; ``None`` picks by corpus size. The result
            is the same whatever the number.
    """
    segs = list(segments)
    texts = _masked(segs, glossary)
    quoted = _quoted(texts)
    tokenizer = new_tokenizer(simplified(q) for q in quoted)
    if jobs is None:
        from mtreview.scoring.parallel import default_jobs

        jobs = default_jobs(len(segs))
    grams = recurring_grams(texts, tokenizer, jobs)
    known = {t.source for t in glossary.terms} if glossary else set()
    pool = sorted(
        {e for e, n in grams.items() if n >= MIN_FREQ} | set(quoted) - known, key=lambda e: e
    )
    del grams
    counts = _counts(pool, texts, jobs)
    best = _ranked(pool, counts, quoted, tokenizer, top)
    rows = _rows([e for _s, e, _i in best], texts)
    quoted_rows = [
        {r: at for r in found if (at := _quote_position(e, segs[r].source))}
        for (_s, e, _i), found in zip(best, rows, strict=True)
    ]
    paired = TargetPhrases([s.target for s in segs], jobs).rank(
        [(e, found, q) for (_s, e, _i), found, q in zip(best, rows, quoted_rows, strict=True)],
        renderings,
    )
    return [
        Candidate(
            expr,
            round(score, 3),
            counts[i],
            quoted[expr],
            tuple(segs[r].id for r in found),
            pairs,
        )
        for (score, expr, i), found, pairs in zip(best, rows, paired, strict=True)
    ]
