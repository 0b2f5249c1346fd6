"""Automatic metrics through sacrebleu: BLEU, chrF++ and TER, from per-segment statistics.

sacrebleu computes every corpus score from per-segment sufficient statistics (n-gram counts
for BLEU and chrF, edits and reference length for TER) that it sums before the final formula.
:class:`MetricSet` keeps those statistics per segment, so a corpus score is a sum over cached
segments, a changed segment costs one segment's work, and the figures stay equal to what
``sacrebleu`` itself prints (a test runs the command and compares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from mtreview.errors import MtreviewError

METRIC_NAMES = ("BLEU", "chrF++", "TER")
Stats = tuple[float, ...]

# Target languages written without spaces: BLEU needs their own tokeniser, TER needs
# sacrebleu's "asian support" to split them into characters.
_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}


def tokenizer_for(lang: str) -> str:
    """The BLEU tokeniser sacrebleu uses for target language ``lang`` (13a unless CJK)."""
    return _TOKENIZERS.get(lang.lower().split("-")[0], "13a")


@dataclass(frozen=True, slots=True)
class Score:
    """One corpus-level figure with the sacrebleu signature that makes it reproducible."""

    metric: str
    score: float
    signature: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        """The score as a JSON object."""
        return {
            "metric": self.metric,
            "score": round(self.score, 4),
            "signature": self.signature,
            "detail": self.detail,
        }


def _build(lang: str) -> dict[str, Any]:
    asian = lang.lower().split("-")[0] in _TOKENIZERS
    metrics: dict[str, Any] = {
        "BLEU": _bleu(lang),
        "chrF++": CHRF(word_order=2),
        "TER": TER(asian_support=asian),
    }
    for metric in metrics.values():
        metric.num_refs = 1  # one reference per segment, as the signature says
    return metrics


def _bleu(lang: str, effective_order: bool = False) -> BLEU:
    tokenizer = tokenizer_for(lang)
    try:
        return BLEU(tokenize=tokenizer, trg_lang=lang, effective_order=effective_order)
    except (ImportError, RuntimeError):
        # sacrebleu's MeCab tokenisers are optional extras (it prints how to install them).
        raise MtreviewError(
            f"BLEU for target language {lang!r} needs sacrebleu's {tokenizer} tokeniser: "
            f"pip install 'sacrebleu[{lang[:2].lower()}]'"
        ) from None


class MetricSet:
    """BLEU, chrF++ and TER configured for one target language.

    Args:
        target_lang: The language of hypotheses and references (chooses the tokeniser).
    """

    def __init__(self, target_lang: str = "en") -> None:
        self.target_lang = target_lang
        self.corpus_metrics = _build(target_lang)
        # Sentence BLEU skips n-gram orders without matches (effective order), as
        # sacrebleu recommends; its statistics are the same as the corpus metric's.
        self.sentence_bleu = _bleu(target_lang, effective_order=True)
        self.sentence_bleu.num_refs = 1
        # The metric settings and sacrebleu version, part of every cache key.
        self.config_id = "||".join(self.signatures().values())

    def signatures(self, sentence: bool = False) -> dict[str, str]:
        """The sacrebleu signature of each metric (sentence-level BLEU says ``eff:yes``)."""
        out = {name: m.get_signature().format() for name, m in self.corpus_metrics.items()}
        if sentence:
            out["BLEU"] = self.sentence_bleu.get_signature().format()
        return out

    def stats_for(self, name: str, hyps: Sequence[str], refs: Sequence[str]) -> list[Stats]:
        """Per-segment statistics of one metric."""
        if not hyps:  # sacrebleu would count no reference as a varying number (nrefs:var)
            return []
        raw = self.corpus_metrics[name]._extract_corpus_statistics(list(hyps), [list(refs)])
        return [tuple(float(x) for x in row) for row in raw]

    def identity_stats(self, name: str, texts: Sequence[str]) -> list[Stats]:
        """Per-segment statistics of each text against itself, without comparing.

        Equal to ``stats_for(name, texts, texts)`` (a test holds them to it): every n-gram of
        the hypothesis matches, and TER needs no edit. A review leaves most segments as the
        MT was, so this is most of the "MT against reviewed" pair.
        """
        metric = self.corpus_metrics[name]
        return [_IDENTITY[name](metric, metric._preprocess_segment(text)) for text in texts]

    def corpus_score(self, name: str, stats: Sequence[Stats]) -> Score | None:
        """The corpus score of ``name`` from its per-segment statistics (None when empty).

        ``stats``: one row per segment, tuples or a numpy table.
        """
        if len(stats) == 0:
            return None
        metric = self.corpus_metrics[name]
        summed = _ints(_column_sums(stats))
        result = metric._compute_score_from_stats(summed)
        detail = result.format(width=2, score_only=False, signature="")
        return Score(name, float(result.score), metric.get_signature().format(), detail)

    def sentence_score(self, name: str, stats: Stats) -> float:
        """The sentence-level score of one segment from its statistics."""
        metric = self.sentence_bleu if name == "BLEU" else self.corpus_metrics[name]
        return float(metric._compute_score_from_stats(_ints(stats)).score)


def _bleu_identity(metric: Any, text: str) -> Stats:
    length = len(text.split())
    grams = [float(max(length - n, 0)) for n in range(metric.max_ngram_order)]
    return (float(length), float(length), *grams, *grams)


def _chrf_identity(metric: Any, text: str) -> Stats:
    chars = len(text if metric.whitespace else "".join(text.split()))
    words = len(metric._remove_punctuation(text))
    counts = [max(chars - n + 1, 0) for n in range(1, metric.char_order + 1)]
    counts += [max(words - n + 1, 0) for n in range(1, metric.word_order + 1)]
    return tuple(float(c) for c in counts for _side in range(3))


def _ter_identity(metric: Any, text: str) -> Stats:
    return (0.0, float(len(text.split())))


_IDENTITY = {"BLEU": _bleu_identity, "chrF++": _chrf_identity, "TER": _ter_identity}


def _column_sums(stats: Sequence[Stats]) -> Stats:
    """What sacrebleu's own aggregation adds up: each column's sum in segment order.

    Counts (whole numbers, as sacrebleu's statistics are) add up exactly in any order, so
    numpy sums them; a column holding fractions is summed in order, as sacrebleu does.
    """
    table = np.asarray(stats, dtype=np.float64)
    if np.array_equal(table, np.floor(table)) and float(np.abs(table).sum()) < 2.0**53:
        return tuple(float(x) for x in table.sum(axis=0))
    return tuple(sum(column) for column in zip(*table.tolist(), strict=True))


def _ints(stats: Stats) -> list[Any]:
    # BLEU and chrF counts are integers in sacrebleu; give them back as ints so the
    # arithmetic (and so every digit) is the same as sacrebleu's own.
    return [int(x) if float(x).is_integer() else x for x in stats]
