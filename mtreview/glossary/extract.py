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

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from math import log2
from pathlib import Path
from typing import Any

import ahocorasick_rs

from mtreview.corpus.model import Segment
from mtreview.glossary.cooccur import Rendering, TargetPhrases
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary
from mtreview.glossary.script import cut_like, simplified
from mtreview.glossary.segmenter import is_han, new_tokenizer

_QUOTED = re.compile(r"“([^“”]{2,16})”|「([^「」]{2,16})」|『([^『』]{2,16})』|\"([^\"]{2,16})\"")
_ANY_QUOTE = re.compile(
    r"“([^“”]{1,200})”|「([^「」]{1,200})」|『([^『』]{1,200})』|\"([^\"]{1,200})\""
)
_SENTENCE_PUNCT = set("。，；！？：,;!?:…()（）《》")
# Function words that neither start nor end a term, nor make one alone.
_STOP = frozenset(
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
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两第年月日")
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


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float, float]:
    """The IDF table jieba ships (read directly: importing jieba.analyse takes two seconds)."""
    import jieba

    table: dict[str, float] = {}
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition(" ")
        if word:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2], values[-1]


def _han_share(text: str) -> float:
    return sum(is_han(c) for c in text) / max(1, len(text))


def _termlike(text: str) -> bool:
    return (
        len(text) >= 2
        and _han_share(text) >= 0.6
        and not any(c in _SENTENCE_PUNCT for c in text)
        and not all(c in _NUMERALS or not is_han(c) for c in text)
        and text not in _STOP
    )


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
            if _termlike(expr) and " " not in expr:
                found[expr] += 1
    return found


def _quote_position(expr: str, text: str) -> tuple[int, int] | None:
    """Which of the text's quotations holds ``expr`` (0-based), and how many there are."""
    quotes = [next(g for g in m.groups() if g is not None) for m in _ANY_QUOTE.finditer(text)]
    stripped = [q.strip() for q in quotes]
    return (stripped.index(expr), len(quotes)) if expr in stripped else None


def _ngrams(texts: list[str], tokenizer: Any) -> Counter[str]:
    """Words of two or more characters and runs of two to four words, counted."""
    found: Counter[str] = Counter()
    for text in texts:
        for run in re.findall(r"[\u3400-\u9fff\U00020000-\U0002ebef]+", text):
            words = cut_like(run, tokenizer.lcut(simplified(run), HMM=True))
            for i in range(len(words)):
                for n in range(1, 5):
                    gram = words[i : i + n]
                    if len(gram) < n or gram[0] in _STOP or gram[-1] in _STOP:
                        continue
                    if any(w in ("的", "之", "和", "与") for w in gram):
                        break
                    expr = "".join(gram)
                    if 2 <= len(expr) <= 10 and _termlike(expr) and (n > 1 or len(expr) >= 2):
                        found[expr] += 1
    return found


def _specificity(expr: str, tokenizer: Any) -> float:
    table, median, top = _idf()
    expr = simplified(expr)
    if expr in table:
        idf = table[expr]
    else:
        parts = [w for w in tokenizer.lcut(expr, HMM=False) if len(w) > 1]
        idf = max((table.get(w, median) for w in parts), default=median)
    # Words below IDF 5 (发展, 工作) are everyday Chinese; rescale so they count for little.
    return min(1.0, max(0.05, (idf - _COMMON_IDF) / (top - _COMMON_IDF)))


def _occurrences(pool: list[str], texts: list[str]) -> tuple[Counter[str], dict[str, list[int]]]:
    """Overlapping occurrence counts of each expression, and the rows it stands in."""
    counts: Counter[str] = Counter()
    rows: dict[str, list[int]] = {}
    if not pool:
        return counts, rows
    automaton = ahocorasick_rs.AhoCorasick(pool)
    for row, text in enumerate(texts):
        for index, _start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
            expr = pool[index]
            counts[expr] += 1
            if not rows.get(expr) or rows[expr][-1] != row:
                rows.setdefault(expr, []).append(row)
    return counts, rows


def _containers(pool: list[str]) -> dict[str, list[str]]:
    """For each expression, the longer expressions of the pool that contain it."""
    automaton = ahocorasick_rs.AhoCorasick(pool)
    out: dict[str, list[str]] = {}
    for longer in pool:
        for index, _start, _end in automaton.find_matches_as_indexes(longer, overlapping=True):
            if pool[index] != longer:
                out.setdefault(pool[index], []).append(longer)
    return out


def chinese_first(segments: Iterable[Segment]) -> tuple[list[Segment], bool]:
    """The segments with Chinese as the source: swapped when only the targets hold Chinese.

    A TMX exported en → zh reads with English sources; its terms are still to be found on
    the Chinese side. Returns the segments and whether they were swapped.
    """
    segs = list(segments)
    han_source = sum(is_han(c) for s in segs for c in s.source)
    han_target = sum(is_han(c) for s in segs for c in s.target)
    if han_target > 4 * han_source:
        return [replace(s, source=s.target, target=s.source) for s in segs], True
    return segs, False


def extract_candidates(
    segments: Iterable[Segment],
    glossary: Glossary | None = None,
    top: int = 30,
    renderings: int = 3,
) -> list[Candidate]:
    """Rank the corpus's term candidates that the glossary does not hold yet.

    Args:
        segments: the corpus (sources are searched; targets give the renderings).
        glossary: known terms, masked out of the sources; ``None`` for none.
        top: how many candidates to return (best first).
        renderings: how many English phrases to pair with each candidate.
    """
    segs = list(segments)
    texts = _masked(segs, glossary)
    quoted = _quoted(texts)
    tokenizer = new_tokenizer(simplified(q) for q in quoted)
    grams = _ngrams(texts, tokenizer)
    known = {t.source for t in glossary.terms} if glossary else set()
    pool = sorted(
        {e for e, n in grams.items() if n >= MIN_FREQ} | set(quoted) - known, key=lambda e: e
    )
    counts, rows = _occurrences(pool, texts)
    containers = _containers(pool) if pool else {}
    scored: list[tuple[float, str]] = []
    for expr in pool:
        longer = containers.get(expr, [])
        nested = max((counts[b] for b in longer), default=0)
        length = log2(1 + len(expr))
        cvalue = length * (counts[expr] - nested)
        score = max(cvalue, 0.0) * _specificity(expr, tokenizer) + QUOTE_WEIGHT * quoted[
            expr
        ] * log2(1 + min(len(expr), 8))
        if score > 0 and (counts[expr] >= MIN_FREQ or quoted[expr]):
            scored.append((score, expr))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[:top]
    quoted_rows = [
        {r: at for r in rows[e] if (at := _quote_position(e, segs[r].source))} for _, e in best
    ]
    paired = TargetPhrases([s.target for s in segs]).rank(
        [(e, rows[e], q) for (_, e), q in zip(best, quoted_rows, strict=True)], renderings
    )
    return [
        Candidate(
            expr,
            round(score, 3),
            counts[expr],
            quoted[expr],
            tuple(segs[r].id for r in rows[expr]),
            found,
        )
        for (score, expr), found in zip(best, paired, strict=True)
    ]
