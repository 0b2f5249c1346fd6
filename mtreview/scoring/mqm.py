"""An MQM-style quality score: MQM 2.0's linear raw scoring model.

Each error costs its severity multiplier (minor 1, major 5, critical 10 by default; the MQM
Council's own default for critical is 25). The Absolute Penalty Total (APT) is their sum, the
Per-Word Penalty Total is APT divided by the Evaluation Word Count (EWC), and the raw quality
score is ``100 · (1 − APT / EWC)``: 100 means no error found, and it may fall below zero.
Error type weights are all 1 (the checks do not map to MQM error types yet).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from mtreview.errors import MtreviewError
from mtreview.glossary.model import SEVERITIES

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"minor": 1.0, "major": 5.0, "critical": 10.0}
)

# A word: a run of letters/digits (with inner apostrophes or hyphens), or one CJK character,
# since Chinese and Japanese are written without spaces (ISO 5060 allows character counts).
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:['’-][^\W_{_CJK}]+)*")


def word_count(text: str) -> int:
    """Words in ``text`` (each CJK character counts as one word)."""
    return len(_WORD.findall(text))


def parse_weights(values: Iterable[str]) -> dict[str, float]:
    """Parse ``SEVERITY=N`` options over the defaults.

    Raises:
        MtreviewError: for an unknown severity or a weight that is not a number ≥ 0.
    """
    weights = dict(DEFAULT_WEIGHTS)
    for value in values:
        name, sep, number = value.partition("=")
        try:
            weight = float(number)
        except ValueError:
            weight = -1.0
        if not sep or name not in SEVERITIES or weight < 0:
            raise MtreviewError(
                f"--weight takes SEVERITY=NUMBER (minor, major, critical), not {value!r}"
            )
        weights[name] = weight
    return weights


@dataclass(frozen=True, slots=True)
class MqmScore:
    """The raw MQM quality score of one text.

    Attributes:
        errors: Error counts per severity.
        apt: Absolute Penalty Total.
        ewc: Evaluation Word Count.
        score: ``100 · (1 − APT / EWC)``, None for a text without words.
    """

    errors: dict[str, int]
    apt: float
    ewc: int
    score: float | None

    def to_json(self) -> dict[str, Any]:
        """The score as a JSON object."""
        return {
            "errors": self.errors,
            "apt": self.apt,
            "ewc": self.ewc,
            "score": round(self.score, 4) if self.score is not None else None,
        }


def mqm_score(
    severities: Iterable[str], ewc: int, weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> MqmScore:
    """Score errors given by their severities against ``ewc`` words."""
    errors = Counter(severities)
    apt = sum(weights.get(sev, 0.0) * n for sev, n in errors.items())
    score = 100.0 * (1.0 - apt / ewc) if ewc else None
    ordered = {sev: errors.get(sev, 0) for sev in SEVERITIES}
    return MqmScore(ordered, apt, ewc, score)
