"""The target-side matcher: where a term's renderings stand in an English text.

Tolerant the way a reviewer is: case-insensitive unless the term says otherwise, on word
boundaries, inflection-tolerant (plural -s/-es/-ies and possessive on every word), hyphen, dash and
space alike, straight and curly quotes alike. Matching compares word stems (see
:mod:`mtreview.glossary.english`), so it needs no regular expression per term: a corpus with ten
thousand terms starts at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mtreview.glossary.english import WORD, Token, fold, gap_key, stem, stem_index, tokens
from mtreview.glossary.model import Term

__all__ = ["TargetMatch", "find_phrase", "find_renderings", "fold", "renderings"]

MAX_GAP_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Phrase:
    stems: tuple[str, ...]
    words: tuple[str, ...]
    gaps: tuple[str, ...]  # gap_key before each word after the first
    exact: str  # the folded, lower-cased phrase
    anchor: str  # a fragment every tolerant match's first word contains


@lru_cache(maxsize=65536)
def _phrase(text: str) -> _Phrase:
    folded = fold(text.strip())
    matches = list(WORD.finditer(folded))
    gaps = tuple(gap_key(folded[a.end() : b.start()]) for a, b in pairwise(matches))
    words = tuple(m.group() for m in matches)
    stems = tuple(stem(w) for w in words)
    anchor = stems[0][:-1] if stems and stems[0].endswith("y") and len(stems[0]) > 2 else ""
    anchor = anchor or (stems[0] if stems else "")
    exact = folded[matches[0].start() : matches[-1].end()].lower() if matches else ""
    return _Phrase(stems, words, gaps, exact, anchor)


@lru_cache(maxsize=512)
def _lower(text: str) -> str:
    return text.lower()


def _exact_spans(ph: _Phrase, text: str) -> list[tuple[int, int]] | None:
    """The phrase's verbatim (case-folded) occurrences, if they are provably all its matches.

    Every tolerant match begins with a word containing the anchor; when each anchor in the text
    lies inside a verbatim occurrence, there is no other match and tokenising can be skipped.
    """
    lower = _lower(text)
    if len(lower) != len(text) or not ph.exact:
        return None
    anchors = lower.count(ph.anchor)
    if anchors == 0:
        return []
    spans: list[tuple[int, int]] = []
    at = lower.find(ph.exact)
    while at != -1:
        end = at + len(ph.exact)
        before = lower[at - 1] if at else " "
        after = lower[end] if end < len(lower) else " "
        if "'" in (before, after):
            return None  # "sink's": where the word ends is the tokeniser's call
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            spans.append((at, end))
        at = lower.find(ph.exact, at + 1)
    if anchors != len(spans) * ph.exact.count(ph.anchor):
        return None
    return spans


def _same_case(token: Token, word: str) -> bool:
    # Case-sensitive terms compare the letters inflection leaves alone.
    n = max(1, min(len(word), len(token.text)) - 1)
    return token.text[:n] == word[:n]


def _match_at(
    toks: tuple[Token, ...], i: int, phrase: _Phrase, case_sensitive: bool, gaps: bool
) -> int | None:
    """Index of the last token of a match of ``phrase`` starting at token ``i``, or None."""
    if case_sensitive and not _same_case(toks[i], phrase.words[0]):
        return None
    j = i
    for k in range(1, len(phrase.stems)):
        want = phrase.stems[k]
        limit = MAX_GAP_WORDS + 1 if gaps else 1
        for step in range(1, limit + 1):
            n = j + step
            if n >= len(toks):
                return None
            if toks[n].stem == want and toks[n].gap == phrase.gaps[k - 1]:
                break
            # Only words separated by spaces, hyphens or commas may be skipped: never a
            # sentence end, bracket or quote.
            if not gaps or toks[n].gap not in ("", ","):
                return None
        else:
            return None
        if case_sensitive and not _same_case(toks[n], phrase.words[k]):
            return None
        j = n
    return j


def find_phrase(
    phrase: str, text: str, case_sensitive: bool = False, gaps: bool = False
) -> list[tuple[int, int]]:
    """Spans of ``text`` (already folded) where ``phrase`` stands, tolerantly.

    With ``gaps``, up to four inserted words may stand between two words of the phrase
    ("high-quality economic and social development" renders "high-quality development").
    """
    ph = _phrase(phrase)
    if not ph.stems:
        return []
    if not case_sensitive and not gaps:
        quick = _exact_spans(ph, text)
        if quick is not None:
            return quick
    starts = stem_index(text).get(ph.stems[0])
    if not starts:
        return []
    toks = tokens(text)
    spans = []
    for i in starts:
        last = _match_at(toks, i, ph, case_sensitive, gaps)
        if last is not None:
            spans.append((toks[i].start, toks[last].end))
    return spans


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """One rendering of a term found in a target text."""

    term: Term
    start: int
    end: int
    kind: str  # "target" | "variant" | "forbidden"
    rendering: str  # the glossary string that matched


def renderings(term: Term) -> list[tuple[str, str]]:
    """All glossary strings of a term with their kind, longest first within each kind."""
    out = [("target", term.target)]
    out += [("variant", v) for v in sorted(term.variants, key=len, reverse=True)]
    out += [("forbidden", f) for f in sorted(term.forbidden, key=len, reverse=True)]
    return out


def find_renderings(term: Term, folded_target: str, gaps: bool = False) -> list[TargetMatch]:
    """Every match of the term's renderings in a folded target, overlapping ones included.

    With ``gaps``, only accepted multi-word renderings are looked for, with inserted words.
    A forbidden rendering matches whatever its case: a known wrong phrase is wrong in capitals
    too.
    """
    found: list[TargetMatch] = []
    for kind, text in renderings(term):
        if gaps and (kind == "forbidden" or len(_phrase(text).stems) < 2):
            continue
        case_sensitive = term.case_sensitive and kind != "forbidden"
        found.extend(
            TargetMatch(term, start, end, kind, text)
            for start, end in find_phrase(text, folded_target, case_sensitive, gaps)
        )
    return found
