"""Locate the probable wrong rendering of a term: the target span most like an accepted one.

When a term's source occurs but no accepted rendering is in the target, the machine translation
usually rendered it some other way ("three regions and four zones" for "three zones and four
belts", "red line for ecological protection" for "ecological protection red line"). Every run of
words of about the accepted rendering's length is scored with rapidfuzz against the accepted
renderings after light stemming; the best spans above a threshold are reported.

A span is offered only with evidence (:func:`evidence`): it shares a content word or an acronym
with an accepted rendering, or is a near-spelling of some of its words (:func:`near_spelling`),
across word joins too ("Suyu" or "SuYu" for "Su Yu", "Ruochan" for "Ruochen", "Gehon" for
"Gihon"). Without evidence a similar-looking span ('has' for
"authorized institutions", 'inflation' for "ramifications") is no rendering: the term is absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from mtreview.glossary.english import (
    FUNCTION_WORDS,
    STOPWORDS,
    WORD,
    Token,
    stem,
    stem_index,
    tokens,
)
from mtreview.glossary.spelling import verb_key

THRESHOLD = 62.0
NEAR_SPELLING = 84.0  # rapidfuzz ratio of joined letters that makes a near-spelling
ONE_WORD_OFF = 72.0  # the score of a span that is a rendering with one content word off
_MARGIN = 1e-6  # slack on bounds computed in another order of floating-point operations
_JOIN = 3  # words joined at most on either side when comparing spellings
# English endings that make another word of a word: "spreader" is no slip for "spread".
_DERIVATIONS = frozenset("er ers or ors ed ing ings ness al ally ly ity ion ions ive ic".split())


@dataclass(frozen=True, slots=True)
class Located:
    """A target span judged the probable rendering of a term."""

    start: int
    end: int
    score: float


def spelled(word_stem: str) -> str:
    """A stem as letters to compare spellings by: "virus" stems as "viruse", spelt "virus"."""
    return word_stem[:-1] if len(word_stem) > 4 and word_stem.endswith("use") else word_stem


@lru_cache(maxsize=64)
def _spelled_stems(target: str) -> tuple[str, ...]:
    """:func:`spelled` of every word of a (folded) text, once per text."""
    return tuple(spelled(t.stem) for t in tokens(target))


def _weight(word: str) -> float:
    return 0.3 if word in STOPWORDS else 1.0


def word_alignment(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """Soft word overlap, 0-1: each reference word takes its most similar unused candidate word.

    Function words weigh less. A leftover candidate word inside the span pairs with a missed
    reference word as one substitution ("clear waters" for "lucid waters"); leftovers at an edge
    where the reference's own edge word was found are insertions and count against the span, so
    "territorial and spatial" beats "territorial" for "territorial space", and "waters and
    mountains into gold" loses to "clear waters and mountains".
    """
    unused = set(range(len(candidate)))
    gained = missed = 0.0
    found: set[int] = set()  # reference positions matched
    for r in sorted(range(len(reference)), key=lambda i: -_weight(reference[i])):
        word = reference[r]
        best = max(unused, key=lambda c: fuzz.ratio(word, candidate[c]), default=None)
        sim = fuzz.ratio(word, candidate[best]) / 100 if best is not None else 0.0
        if best is None or sim < 0.5:
            missed += _weight(word)
            continue
        gained += _weight(word) * sim
        unused.discard(best)
        found.add(r)
    used = [c for c in range(len(candidate)) if c not in unused]
    inserted = 0.0
    if used:
        edge = {c for c in unused if c < used[0] and 0 in found}
        edge |= {c for c in unused if c > used[-1] and len(reference) - 1 in found}
        inserted += sum(_weight(candidate[c]) for c in edge)
        unused -= edge
    inserted += max(0.0, sum(_weight(candidate[c]) for c in unused) - missed)
    total = sum(_weight(w) for w in reference) + inserted
    return gained / total if total else 0.0


def similarity(
    candidate: Sequence[str], reference: Sequence[str], cutoff: float = 0.0, most: float = 1.0
) -> float:
    """Score two stemmed word sequences, 0-100, order-tolerant (0 when below ``cutoff``).

    The mean of a character-level score (rapidfuzz ratio / token-sort ratio) and the soft word
    alignment: the first rewards near-spellings ("double carbon"), the second whole words.
    ``most`` is an upper bound of the word alignment the caller knows (see
    :func:`_alignment_bounds`): a span that cannot reach ``cutoff`` is not aligned.
    """
    if (100 + 100 * most) / 2 < cutoff - _MARGIN:
        return 0.0
    a, b = " ".join(candidate), " ".join(reference)
    chars = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if chars < cutoff - 30 or (chars + 100 * most) / 2 < cutoff - _MARGIN:
        return 0.0
    content_a = {w for w in candidate if w not in STOPWORDS}
    content_b = {w for w in reference if w not in STOPWORDS}
    if content_a and content_b and not content_a & content_b:
        # No content word in common: only a near-spelling ("double"/"dual") may pass.
        chars = min(chars, fuzz.ratio(a, b) * 0.92)
    score = (chars + 100 * word_alignment(candidate, reference)) / 2
    return float(score) if score >= cutoff else 0.0


def _alignment_bounds(
    keys: Sequence[str], reference: Sequence[str], lengths: Iterable[int]
) -> dict[int, list[float]]:
    """Upper bounds of :func:`word_alignment` for the spans of each length, by start.

    Each reference word gains at most its best ratio with a word of the span (nothing below
    0.5), over the reference's weight: one rapidfuzz matrix for all spans of a text.
    """
    return _bounds_of_references(keys, [reference], lengths)[0]


def _bounds_of_references(
    keys: Sequence[str], references: Sequence[Sequence[str]], lengths: Iterable[int]
) -> list[dict[int, list[float]]]:
    """:func:`_alignment_bounds` of several references at once (one matrix, one pass)."""
    import numpy as np  # here: 70 ms of every start (the review screen's too) otherwise

    words = [w for ref in references for w in ref]
    ratios = process.cdist(words, keys, scorer=fuzz.ratio, dtype=np.float64) / 100
    ratios[ratios < 0.5 - _MARGIN] = 0.0
    # Each reference's weights, normalised, in its own row over its own words.
    weights = np.zeros((len(references), len(words)), dtype=np.float64)
    at = 0
    for k, ref in enumerate(references):
        row = np.array([_weight(w) for w in ref], dtype=np.float64)
        weights[k, at : at + len(ref)] = row / row.sum()
        at += len(ref)
    lengths = set(lengths)
    out: list[dict[int, list[float]]] = [{} for _ in references]
    best = ratios  # the best ratio of each reference word in the span of `length` words
    for length in range(1, min(max(lengths, default=0), len(keys)) + 1):
        if length > 1:
            best = np.maximum(best[:, :-1], ratios[:, length - 1 :])
        if length in lengths:
            for k, bound in enumerate((weights @ best + _MARGIN).tolist()):
                out[k][length] = bound
    return out


def _is_title(phrase: str) -> bool:
    words = WORD.findall(phrase)
    return len(words) > 1 and all(w[:1].isupper() for w in words if w.lower() not in STOPWORDS)


def _short_form(span: Sequence[Token], ref: Sequence[str]) -> bool:
    """A proper name cut to its first or last words ("the Ministry" for "Ministry of ...")."""
    stems = [spelled(w.stem) for w in span]
    n = len(stems)
    return (
        n < len(ref)
        and span[0].capital
        and any(s not in STOPWORDS for s in stems)
        and (ref[:n] == stems or ref[-n:] == stems)
    )


def _acronym(words: Sequence[str]) -> str:
    initials = [w[0] for w in words if w.lower() not in STOPWORDS and w[:1].isalpha()]
    return "".join(initials).upper() if len(initials) > 1 else ""


def _runs(items: Sequence[str]) -> set[str]:
    """The items joined in runs of one to :data:`_JOIN`, of three letters or more."""
    out = set()
    for a in range(len(items)):
        for b in range(a + 1, min(len(items), a + _JOIN) + 1):
            joined = "".join(items[a:b])
            if len(joined) >= 3:
                out.add(joined)
    return out


def near_spelling(a: str, b: str) -> bool:
    """Whether two spellings differ by a slip.

    That is one edit or swap (two from eight letters on; the first letter kept in words of four
    letters or less), or a rapidfuzz ratio of :data:`NEAR_SPELLING`.

    "Gehon" for "Gihon", "spraed" for "spread", "Ruochan" for "Ruochen" are; "she" for "the",
    'inflation' for "ramifications" and another word made of the same one ("spreader" for
    "spread") are not.
    """
    shortest, longest = sorted((len(a), len(b)))
    if shortest < 3 or (shortest <= 4 and a[0] != b[0]) or _derived(a, b):
        return False
    limit = 1 if longest < 8 else 2
    return OSA.distance(a, b, score_cutoff=limit) <= limit or (
        shortest >= 4 and fuzz.ratio(a, b, score_cutoff=NEAR_SPELLING) > 0
    )


def _derived(a: str, b: str) -> bool:
    """Whether one word is the other with an English ending that makes another word."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in _DERIVATIONS


def _forms(stems: Sequence[str]) -> set[str]:
    """A span's letters to compare, as spelled and (one word) as its verb key."""
    letters = "".join(spelled(s) for s in stems).replace("_", "")
    return {letters, verb_key(letters)} if len(stems) == 1 else {letters}


def is_slip(span: Sequence[Token], references: Iterable[str]) -> bool:
    """Whether a span is a misspelling of a rendering, its word joins and verb forms aside.

    "inefcted" (for "infected", a form of "infect"), "lugns" for "lungs", "Suyo" for "Su Yu",
    "pressure blood" for "blood pressure" (its words in another order) are; a different word
    ("contagion" for "infection") or another word made of it ("spreader" for "spread") is not.
    """
    stems = [spelled(t.stem) for t in span]
    forms = _forms(stems)
    for reference in references:
        ref = [spelled(stem(w)) for w in WORD.findall(reference)]
        refs = _forms(ref)
        if not forms & refs and any(near_spelling(a, b) for a in forms for b in refs):
            return True
        if len(ref) > 1 and stems != ref and sorted(stems) == sorted(ref):
            return True  # its words in another order
    return False


def _one_word_off(stems: Sequence[str], ref: Sequence[str]) -> bool:
    """Whether a span is the reference with one content word left out or put in another's place.

    "contacts" for "close contacts", "national minorities" for "ethnic minorities": what is
    kept, in order, holds a content word, and no function word is what was left out.
    """
    if len(stems) not in (len(ref) - 1, len(ref)):
        return False
    # Either way all of the reference's words but one stand in the span: most spans fail here.
    if sum(map(set(ref).__contains__, stems)) < len(ref) - 1:
        return False
    content = [w for w in ref if w not in FUNCTION_WORDS]
    if len(content) < 2:
        return False
    if len(stems) == len(ref) - 1:
        return any(
            ref[k] not in FUNCTION_WORDS and list(ref[:k]) + list(ref[k + 1 :]) == list(stems)
            for k in range(len(ref))
        )
    if len(stems) != len(ref):
        return False
    off = [k for k in range(len(ref)) if stems[k] != ref[k]]
    return (
        len(off) == 1
        and ref[off[0]] not in FUNCTION_WORDS
        and stems[off[0]] not in FUNCTION_WORDS
        and not near_spelling(stems[off[0]], ref[off[0]])
    )


def evidence(span: Sequence[Token], references: Iterable[str]) -> bool:
    """Whether a target span has something of a rendering.

    That is a content word or an acronym in common, or a near-spelling of some of its words
    across word joins.
    """
    stems = [spelled(t.stem) for t in span]
    content = {s for s in stems if s not in FUNCTION_WORDS}
    caps = {t.text for t in span if len(t.text) > 1 and t.text.isupper()}
    joined = _runs([s.replace("_", "") for s in stems])
    for reference in references:
        words = WORD.findall(reference)
        ref_stems = [spelled(stem(w)) for w in words]
        if content & {s for s in ref_stems if s not in FUNCTION_WORDS}:
            return True
        if caps & ({w for w in words if w.isupper()} | {_acronym(words)}) or (
            _acronym([t.text for t in span]) in {w for w in words if w.isupper() and len(w) > 1}
        ):
            return True
        if any(near_spelling(a, b) for a in joined for b in _runs(ref_stems)):
            return True
    return is_slip(span, references)


def _joined_score(stems: Sequence[str], ref: Sequence[str]) -> float:
    """How like a reference the span's letters are once word joins are ignored ("Suyu").

    ``stems`` are the span's words as :func:`spelled`.
    """
    return fuzz.ratio("".join(stems), "".join(ref))


def phrase_stems(phrase: str) -> list[str]:
    """A known wrong rendering as :func:`candidates` looks for it: the stems of its words."""
    return [stem(w) for w in WORD.findall(phrase)]


def holds_known(target: str, known: Iterable[str]) -> bool:
    """Whether a known wrong rendering stands in a (folded) target: its stems, in a row.

    Where none does, :func:`candidates` gives with these ``known`` what it gives without them,
    whatever the window and the blocked spans: the second pass of a check skips such segments.
    The target's stems are those of :func:`~mtreview.glossary.english.tokens`, without the
    tokens.
    """
    firsts: dict[str, list[list[str]]] = {}
    for phrase in known:
        ref = phrase_stems(phrase)
        if ref:
            firsts.setdefault(ref[0], []).append(ref)
    if not firsts:
        return False
    stems = [stem(w) for w in WORD.findall(target)]
    return any(
        stems[i : i + len(ref)] == ref
        for i, s in enumerate(stems)
        if s in firsts
        for ref in firsts[s]
    )


def spans_holding(positions: Sequence[int], length: int, lo: int, hi: int) -> list[int]:
    """The starts, in order, of the spans of ``length`` words in ``[lo, hi)`` holding a position.

    ``positions`` are word positions, sorted.
    """
    out: list[int] = []
    for p in positions:
        first = max(lo, p - length + 1, out[-1] + 1 if out else lo)
        out.extend(range(first, min(p, hi - length) + 1))
    return out


@dataclass(frozen=True, slots=True)
class _References:
    """What :func:`candidates` reads of a term's accepted renderings, worked out once per term."""

    texts: tuple[str, ...]
    refs: tuple[tuple[str, ...], ...]  # each non-empty one's words, as spelled stems
    titles: frozenset[tuple[str, ...]]  # those of renderings written as titles
    content: tuple[str, ...]  # the words a span must hold one like (sorted)
    acronyms: frozenset[str]
    with_comma: bool


@lru_cache(maxsize=16384)
def _references(texts: tuple[str, ...]) -> _References:
    """The locator's reading of a term's accepted renderings (the same for every segment)."""
    words_of = [WORD.findall(r) for r in texts]
    stems_of = [[spelled(stem(w)) for w in words] for words in words_of]
    refs = tuple(tuple(r) for r in stems_of if r)
    content = {w for ref in refs for w in ref if w not in STOPWORDS} or {
        w for ref in refs for w in ref
    }
    return _References(
        texts=texts,
        refs=refs,
        titles=frozenset(tuple(r) for r, t in zip(stems_of, texts, strict=True) if _is_title(t)),
        content=tuple(sorted(content)),
        acronyms=frozenset(a for a in (_acronym(words) for words in words_of) if a),
        with_comma=any("," in r for r in texts),
    )


def candidates(
    target: str,
    references: Iterable[str],
    blocked: Callable[[int, int], bool] = lambda _start, _end: False,
    threshold: float = THRESHOLD,
    known: Sequence[str] = (),
    window: tuple[int, int] | None = None,
) -> list[Located]:
    """Score every plausible span of ``target`` against the references, best first.

    Spans for which ``blocked(start, end)`` holds (renderings already accounted for) are skipped,
    a span may not begin or end with a function word unless the reference does, and only spans
    with :func:`evidence` are offered. ``known`` wrong renderings (seen elsewhere in the corpus)
    rank first, in the order given. ``window`` limits the search to a range of word positions.
    """
    about = _references(tuple(references))
    references = list(about.texts)
    words = tokens(target)
    lo, hi = window if window is not None else (0, len(words))
    lo, hi = max(0, lo), min(len(words), hi)
    refs = [list(r) for r in about.refs]
    best: dict[tuple[int, int], float] = {}
    # Wrong renderings already seen for this term elsewhere in the corpus rank first.
    starts = stem_index(target) if known else {}
    for phrase in known:
        ref = phrase_stems(phrase)
        if not ref:
            continue
        for i in starts.get(ref[0], ()):
            if i < lo or i + len(ref) > hi:
                continue
            span = words[i : i + len(ref)]
            start, end = span[0].start, span[-1].end
            if [w.stem for w in span] == ref and not blocked(start, end):
                best.setdefault((start, end), 100.0)
    titles = about.titles
    spans_of = [
        range(1 if tuple(ref) in titles else max(1, len(ref) - 2), len(ref) + 3) for ref in refs
    ]
    # Only spans holding a word like one of the references' content words are worth scoring:
    # in a long paragraph this skips most spans before any fuzzy comparison.
    acronyms = about.acronyms
    keys = _spelled_stems(target)
    near = process.cdist(keys[lo:hi], about.content, scorer=fuzz.ratio, score_cutoff=55)
    near_any = cast(list[bool], near.any(axis=1).tolist())  # a ratio of 55 with a content word
    alike = [i for i in range(lo, hi) if words[i].text in acronyms or near_any[i - lo]]
    with_comma = about.with_comma
    # Every reference's bounds at once, when a span is first worth scoring.
    bounds: list[dict[int, list[float]]] | None = None
    worth_of: dict[int, list[int]] = {}
    for k, ref in enumerate(refs if alike else ()):
        n = len(ref)
        title = tuple(ref) in titles
        lengths = spans_of[k]
        free_first, free_last = ref[0] in STOPWORDS, ref[-1] in STOPWORDS
        for length in lengths:
            if length not in worth_of:  # the same for every reference
                worth_of[length] = spans_holding(alike, length, lo, hi)
            worth = worth_of[length]
            if worth and bounds is None:
                bounds = _bounds_of_references(keys[lo:hi], refs, {n for r in spans_of for n in r})
            most = bounds[k].get(length, ()) if bounds is not None else ()
            for i in worth:
                first, last = words[i], words[i + length - 1]
                if first.clause != last.clause:
                    continue
                if not with_comma and first.phrase != last.phrase:
                    continue
                if (first.stem in STOPWORDS and not free_first) or (
                    last.stem in STOPWORDS and not free_last
                ):
                    continue
                stems = keys[i : i + length]
                score = similarity(list(stems), ref, threshold, most[i - lo])
                # Prefer the span whose length is nearest the reference's.
                score -= 1.5 * abs(length - n)
                if title and _short_form(words[i : i + length], ref):
                    score = max(score, 80.0)
                if length == 1 and first.text in acronyms:
                    score = max(score, 90.0)  # "HKMA" for "Hong Kong Monetary Authority"
                if length <= _JOIN:
                    joined = _joined_score(stems, ref)
                    if joined >= NEAR_SPELLING:
                        score = max(score, min(joined, 95.0))
                    elif length == 1 and len(ref) == 1 and is_slip([first], references):
                        score = max(score, float(NEAR_SPELLING))  # "inefcted" for "infect"
                if _one_word_off(stems, ref):
                    score = max(score, ONE_WORD_OFF - 1.5 * abs(length - n))
                start, end = first.start, last.end
                if score < threshold or score <= best.get((start, end), -1.0):
                    continue
                # Whether a span is blocked is asked last: only of spans worth offering.
                if not blocked(start, end) and evidence(words[i : i + length], references):
                    best[(start, end)] = score
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0][1] - kv[0][0], kv[0][0]))
    return [Located(s, e, round(sc, 1)) for (s, e), sc in ranked]
