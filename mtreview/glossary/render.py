"""The target-side matcher: where a term's renderings stand in an English text.

Tolerant the way a reviewer is: case-insensitive unless the term says otherwise, on word
boundaries, inflection-tolerant (plural -s/-es/-ies and possessive on every word; the verb forms of
a single-word rendering), British and American spellings alike, hyphen, dash and space alike,
straight and curly quotes alike. Matching compares word stems (see
:mod:`mtreview.glossary.english`), so it needs no regular expression per term: a corpus with ten
thousand terms starts at once.

Proper names are strict (see :func:`~mtreview.glossary.english.is_name`): "Su Yu" matches "Su Yu"
and "Su Yu's" (and "SU YU"), never "Su Yus", "Su-Yu" or "su yu".

With ``gaps``, words may stand between two words of a rendering — only function words, or a
coordination ("economic and social" in "high-quality economic and social development"), and never
across a comma or clause punctuation. Such a match is the checker's ``doubtful`` kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from mtreview.glossary.english import (
    COORDINATORS,
    STOPWORDS,
    WORD,
    Token,
    fold,
    gap_key,
    is_name,
    stem,
    stem_index,
    tokens,
    verb_index,
)
from mtreview.glossary.model import Term
from mtreview.glossary.spelling import is_base_verb, stable_prefix, verb_key

__all__ = ["TargetMatch", "find_phrase", "find_renderings", "fold", "renderings", "strict_names"]

MAX_GAP_WORDS = 4
QUICK_PATH_CHARS = 4096  # longer texts use the (cached) stem index: counting is O(text) per phrase


@dataclass(frozen=True, slots=True)
class _Phrase:
    stems: tuple[str, ...]
    words: tuple[str, ...]
    gaps: tuple[str, ...]  # gap_key before each word after the first
    raw_gaps: tuple[str, ...]  # the text before each word after the first, stripped
    exact: str  # the folded, lower-cased phrase
    anchor: str  # a fragment every tolerant match's first word contains
    verb: str  # the verb key of a single-word phrase that is a bare verb form, else ""


@lru_cache(maxsize=65536)
def _phrase(text: str) -> _Phrase:
    folded = fold(text.strip())
    if _plain_words(folded):  # most renderings: no regular expression, no gap to judge
        words = tuple(folded.split(" "))
        gaps = raw_gaps = ("",) * (len(words) - 1)  # gap_key(" ") and " ".strip() are ""
        exact = folded.lower()
    else:
        matches = list(WORD.finditer(folded))
        between = [folded[a.end() : b.start()] for a, b in pairwise(matches)]
        gaps = tuple(gap_key(g) for g in between)
        raw_gaps = tuple(g.strip() for g in between)
        words = tuple(m.group() for m in matches)
        exact = folded[matches[0].start() : matches[-1].end()].lower() if matches else ""
    stems = tuple(map(stem, words))
    verb = verb_key(stems[0]) if len(stems) == 1 and is_base_verb(stems[0]) else ""
    first = stable_prefix(stems[0]) if stems else ""
    if verb:  # every form begins with what the word's spellings and its verb key share
        same = (i for i, (a, b) in enumerate(zip(first, verb, strict=False)) if a != b)
        first = first[: next(same, min(len(first), len(verb)))]
    anchor = first[:-1] if first.endswith("y") and len(first) > 2 else first
    return _Phrase(stems, words, gaps, raw_gaps, exact, anchor, verb)


def _plain_words(text: str) -> bool:
    """Whether a text is ASCII words of letters between single spaces (what WORD finds by split)."""
    return (
        text.isascii()
        and text.replace(" ", "").isalpha()
        and "  " not in text
        and text[0] != " "
        and text[-1] != " "
    )


@lru_cache(maxsize=512)
def _lower(text: str) -> str:
    return text.lower()


def _exact_spans(ph: _Phrase, text: str) -> list[tuple[int, int]] | None:
    """The phrase's verbatim (case-folded) occurrences, if they are provably all its matches.

    Every tolerant match begins with a word containing the anchor; when each anchor in the text
    lies inside a verbatim occurrence, there is no other match and tokenising can be skipped.
    """
    lower = _lower(text)
    if len(lower) != len(text) or not ph.exact or not ph.anchor:
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


def _name_word(token: Token, word: str, last: bool) -> bool:
    """A word of a proper name as written (or in capitals); the last may take a possessive."""
    text = token.text
    if text in (word, word.upper()) or (word.lower() in STOPWORDS and text.lower() == word.lower()):
        return True
    return last and text in (word + "'s", word + "'", word.upper() + "'S")


def _insertion_ok(inserted: list[Token]) -> bool:
    """Inserted words are function words only, or hold a coordination ("and social").

    A coordinator must be followed by a content word: "carbon and the market" coordinates two
    things and renders no "carbon market".
    """
    stems = [t.stem for t in inserted]
    coordinators = [i for i, s in enumerate(stems) if s in COORDINATORS]
    if not coordinators:
        return all(s in STOPWORDS for s in stems)
    return len(coordinators) == 1 and any(s not in STOPWORDS for s in stems[coordinators[0] + 1 :])


def _match_at(
    toks: tuple[Token, ...],
    i: int,
    phrase: _Phrase,
    case_sensitive: bool,
    gaps: bool,
    text: str = "",
    strict: bool = False,
) -> int | None:
    """Index of the last token of a match of ``phrase`` starting at token ``i``, or None.

    ``strict`` (a proper name) needs ``text``, the folded text, to compare what separates words.
    """
    last_word = len(phrase.stems) - 1
    if strict and not _name_word(toks[i], phrase.words[0], last_word == 0):
        return None
    if case_sensitive and not _same_case(toks[i], phrase.words[0]):
        return None
    j = i
    inserted = 0
    for k in range(1, len(phrase.stems)):
        want = phrase.stems[k]
        limit = MAX_GAP_WORDS - inserted + 1 if gaps else 1
        for step in range(1, limit + 1):
            n = j + step
            if n >= len(toks):
                return None
            if toks[n].stem == want and toks[n].gap == phrase.gaps[k - 1]:
                break
            # Only words separated by spaces or hyphens may be skipped: never a comma, a
            # sentence end, a bracket or a quote.
            if not gaps or toks[n].gap != "":
                return None
        else:
            return None
        if step > 1:
            if toks[n].gap != "" or not _insertion_ok(list(toks[j + 1 : n])):
                return None
            inserted += step - 1
        if case_sensitive and not _same_case(toks[n], phrase.words[k]):
            return None
        if strict and (
            not _name_word(toks[n], phrase.words[k], k == last_word)
            or text[toks[n - 1].end : toks[n].start].strip() != phrase.raw_gaps[k - 1]
        ):
            return None
        j = n
    return j


def find_phrase(
    phrase: str, text: str, case_sensitive: bool = False, gaps: bool = False, strict: bool = False
) -> list[tuple[int, int]]:
    """Spans of ``text`` (already folded) where ``phrase`` stands, tolerantly.

    With ``gaps``, up to four inserted words (function words or a coordination) may stand between
    the words of the phrase: "high-quality economic and social development" renders
    "high-quality development". ``strict`` matches a proper name as written (possessive allowed).
    """
    return _spans(_phrase(phrase), text, case_sensitive, gaps, strict)


def _spans(
    ph: _Phrase, text: str, case_sensitive: bool, gaps: bool, strict: bool
) -> list[tuple[int, int]]:
    """:func:`find_phrase` of a parsed phrase."""
    if not ph.stems:
        return []
    if not case_sensitive and not gaps and not strict and len(text) <= QUICK_PATH_CHARS:
        quick = _exact_spans(ph, text)
        if quick is not None:
            return quick
    toks = tokens(text)
    if ph.verb and not strict and not case_sensitive:
        starts = verb_index(text).get(ph.verb, ())
        return [(toks[i].start, toks[i].end) for i in starts]
    spans = []
    for i in stem_index(text).get(ph.stems[0], ()):
        last = _match_at(toks, i, ph, case_sensitive, gaps, text, strict)
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


def strict_names(terms: Iterable[Term]) -> frozenset[str]:
    """The ids of the terms whose accepted renderings match strictly, as proper names.

    A term is a name when its approved target is one (:func:`~mtreview.glossary.english.is_name`),
    unless the glossary writes most of its multi-word targets like names (title case throughout:
    "Social Distancing"), where capitals say nothing.
    """
    terms = list(terms)
    multi = [t for t in terms if len(WORD.findall(t.target)) > 1]
    names = [t for t in multi if is_name(t.target)]
    if len(multi) >= 20 and len(names) * 2 > len(multi):
        return frozenset()
    return frozenset(t.id for t in names)


def find_renderings(
    term: Term, folded_target: str, gaps: bool = False, strict: bool | None = None
) -> list[TargetMatch]:
    """Every match of the term's renderings in a folded target, overlapping ones included.

    With ``gaps``, only accepted multi-word renderings are looked for, with inserted words. A
    forbidden rendering matches whatever its case: a known wrong phrase is wrong in capitals too.
    The accepted renderings of a proper name match strictly: ``strict`` says whether the term is
    one (default: whether its approved target is; see :func:`strict_names`).
    """
    found: list[TargetMatch] = []
    strict = is_name(term.target) if strict is None else strict
    # Where the quick path applies, a rendering whose anchor the text lacks has no match (see
    # _exact_spans): most renderings of most terms, skipped here without a call.
    lower = _lower(folded_target) if not gaps and len(folded_target) <= QUICK_PATH_CHARS else ""
    quick = len(lower) == len(folded_target) and not gaps
    for kind, text, ph, case_sensitive, name in _compiled(term, strict):
        if gaps and (kind == "forbidden" or len(ph.stems) < 2):
            continue
        if quick and ph.anchor not in lower and ph.exact and not (case_sensitive or name):
            continue
        found.extend(
            TargetMatch(term, start, end, kind, text)
            for start, end in _spans(ph, folded_target, case_sensitive, gaps, name)
        )
    return found


@lru_cache(maxsize=65536)
def _compiled(term: Term, strict: bool) -> tuple[tuple[str, str, _Phrase, bool, bool], ...]:
    """The term's renderings as matched: kind, text, parsed phrase, case-sensitive, as a name.

    Built once per term (and ``strict``), not per target text.
    """
    out = []
    for kind, text in renderings(term):
        accepted = kind != "forbidden"
        name = strict and accepted and is_name(text)
        out.append((kind, text, _phrase(text), term.case_sensitive and accepted, name))
    return tuple(out)
