"""The reference judge: an independent, deliberately simple reading of a human translation.

It is not the engine. It finds glossary terms in the source by leftmost-longest substring match
(a short term inside a longer one is covered by the longer one) and counts each term's accepted
renderings in the target with a transparent rule: words in order, case-insensitive, an English
plural or possessive on the last word; names (every content word capitalised) are matched
case-sensitively with the possessive only. An occurrence is *verified* when the target holds an
accepted rendering for it; the others are *unverified* (the translator paraphrased, used a
pronoun, or deviated from the glossary) and are never used to call an alarm false.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from mtreview.glossary.model import Glossary, Term

# Length-preserving: offsets into the folded text are offsets into the original.
_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "‐": "-", "‑": "-", "–": "-"}
)
SMALL_WORDS = frozenset("a an the of and or for in on to by at with from under".split())
_EDGE_L = r"(?<![A-Za-z0-9])"
_EDGE_R = r"(?![A-Za-z0-9])"


def normalise_target(text: str) -> str:
    """Plain quotes and hyphens, every offset kept."""
    return text.translate(_FOLD)


def is_name(rendering: str) -> bool:
    """Whether every content word is capitalised ("Su Yu", "People's Republic of China")."""
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z']*", rendering) if w.lower() not in SMALL_WORDS
    ]
    return bool(words) and all(w[0].isupper() for w in words)


@lru_cache(maxsize=65536)
def rendering_pattern(rendering: str) -> re.Pattern[str]:
    """The regular expression that accepts ``rendering`` in a normalised target."""
    text = normalise_target(rendering.strip())
    name = is_name(text)
    parts = [p for p in re.split(r"(\s+|-)", text) if p]
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part.isspace():
            out.append(r"\s+")
        elif part == "-":
            out.append("-" if name else r"[\s-]")
        elif not last:
            out.append(re.escape(part))
        elif name:
            out.append(re.escape(part) + r"(?:'s|')?")
        elif len(part) > 2 and part[-1] in "yY" and part[-2].lower() not in "aeiou":
            out.append(re.escape(part[:-1]) + r"(?:y|ies|y's)")
        else:
            out.append(re.escape(part) + r"(?:s|es|'s|s'|ed|d|ing)?")
    flags = 0 if name else re.IGNORECASE
    return re.compile(_EDGE_L + "".join(out) + _EDGE_R, flags)


def count_renderings(rendering: str, normalised: str) -> int:
    """How many times ``rendering`` stands in a normalised target."""
    return len(rendering_pattern(rendering).findall(normalised))


class SourceFinder:
    """Leftmost-longest occurrences of the glossary's (active) source terms.

    ``fold`` (length-preserving, e.g. Traditional to Simplified) is applied to the glossary's
    sources and to every text searched, so scripts may differ.
    """

    def __init__(self, glossary: Glossary, fold: Callable[[str], str] | None = None) -> None:
        self.fold = fold or (lambda text: text)
        self.by_first: dict[str, list[tuple[str, Term]]] = {}
        for term in glossary.active_terms:
            source = self.fold(term.source)
            if source:
                self.by_first.setdefault(source[0], []).append((source, term))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Non-overlapping (start, end, term), leftmost then longest first."""
        out = []
        text = self.fold(text)
        i = 0
        while i < len(text):
            for source, term in self.by_first.get(text[i], ()):
                if text.startswith(source, i):
                    out.append((i, i + len(source), term))
                    i += len(source)
                    break
            else:
                i += 1
        return out


@dataclass
class Judgement:
    """One term in one segment: occurrences, how many are verified, and where."""

    term: Term
    n: int
    verified: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # accepted renderings found

    @property
    def clean(self) -> bool:
        """Every occurrence is verified."""
        return self.verified == self.n


def judge(finder: SourceFinder, source: str, target: str) -> dict[str, Judgement]:
    """The reference reading of one segment, keyed by term id."""
    found: dict[str, Judgement] = {}
    for _, _, term in finder.find(source):
        found.setdefault(term.id, Judgement(term, 0)).n += 1
    folded = normalise_target(target)
    claimed: list[tuple[int, int]] = []
    order = sorted(found.values(), key=lambda j: -max(len(r) for r in j.term.accepted))
    for j in order:
        matches = sorted(
            {
                (m.start(), m.end())
                for r in j.term.accepted
                for m in rendering_pattern(r).finditer(folded)
            },
            key=lambda s: (s[0], s[0] - s[1]),
        )
        for s, e in matches:
            if not any(s < ce and cs < e for cs, ce in claimed):
                j.spans.append((s, e))
                claimed.append((s, e))
        j.verified = min(j.n, len(j.spans))
    return found
