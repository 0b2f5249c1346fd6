"""Locating the wrong rendering of each occurrence still wanting one, near where it should stand.

Part of the term analysis (:mod:`mtreview.scoring.checks.terms`): the spans come from
:func:`mtreview.glossary.locate.candidates` (evidence only), searched within :data:`REACH` words of
the place predicted from the renderings already placed; a quoted source term pairs with the quoted
target phrase at the same place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from mtreview.glossary.align import align
from mtreview.glossary.index import SourceMatch
from mtreview.glossary.locate import candidates, is_slip
from mtreview.glossary.rewrite import widen
from mtreview.scoring.placing import Analysis, Anchors, Span, Verdict, middle, word_windows

REACH = 150  # words searched on each side of where a wrong rendering should stand
_SOURCE_QUOTES = re.compile(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"")
_TARGET_QUOTES = re.compile(r"\"([^\"]{1,120})\"")


def _quoted(pattern: re.Pattern[str], text: str) -> list[Span]:
    spans = []
    for m in pattern.finditer(text):
        group = next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i) is not None)
        spans.append((m.start(group), m.end(group)))
    return spans


def place_wrong(
    an: Analysis, hits: Sequence[SourceMatch], known: Mapping[str, Iterable[str]]
) -> None:
    """Locate the probable wrong rendering of each occurrence still wanting, near its place."""
    wanting = an.wanting(hits)
    if not wanting:
        return
    anchors = Anchors(
        an.source_len,
        an.target_len,
        [
            (middle(k[1:]), middle(v.span))
            for k, v in sorted(an.verdicts.items())
            if v.span is not None
        ],
    )
    starts = [t.start for t in an.tokens]
    seen: dict[Span, bool] = {}

    def blocked(start: int, end: int) -> bool:
        span = (start, end)
        if span not in seen:
            seen[span] = an.claims.blocks(span)
        return seen[span]

    scored: list[tuple[float, int, int, str, int]] = []
    source_quotes = {q: k for k, q in enumerate(_quoted(_SOURCE_QUOTES, an.segment.source))}
    target_quotes = _quoted(_TARGET_QUOTES, an.target)
    for term_id, occs in sorted(wanting.items()):
        term = occs[0].term
        for hit in occs:
            # A quoted source term is most likely the quoted phrase at the same place in the
            # target: “三生” -> "three areas and livelihood".
            k = source_quotes.get((hit.start, hit.end))
            if k is not None and len(source_quotes) == len(target_quotes):
                q = target_quotes[k]
                if not an.claims.blocks(q) and len(an.target[q[0] : q[1]].split()) <= 12:
                    scored.append((99.0, q[1] - q[0], q[0], term_id, q[1]))
        centres = [anchors.target_of(middle((h.start, h.end))) for h in occs]
        merged = word_windows(starts, centres, REACH)
        windows: list[tuple[int, int] | None] = [None] if merged is None else list(merged)
        for window in windows:
            for loc in candidates(
                an.target,
                term.accepted,
                blocked,
                known=sorted(set(known.get(term_id, ()))),
                window=window,
            ):
                scored.append((loc.score, loc.end - loc.start, loc.start, term_id, loc.end))
    scored.sort(key=lambda x: (-x[0], x[1], x[2], x[3]))
    need = {t: len(o) for t, o in wanting.items()}
    chosen: dict[str, list[Span]] = {}
    for _, _, start, term_id, end in scored:
        if need[term_id] and not an.claims.blocks((start, end)):
            an.claims.add((start, end))
            chosen.setdefault(term_id, []).append((start, end))
            need[term_id] -= 1
    for term_id, spans in sorted(chosen.items()):
        spans.sort()
        occs = wanting[term_id]
        pairs = align([an.where(h) for h in occs], [an.there(s) for s in spans])
        for hit, j in zip(occs, pairs, strict=True):
            if j is not None and hit.tentative and not _slip(an, spans[j], hit):
                continue  # a tentative occurrence is one only when the target misspells it
            if j is not None:
                span = widen(an.tokens, spans[j], hit.term.target)
                if span != spans[j] and any(
                    an.claims.blocks(part)
                    for part in ((span[0], spans[j][0]), (spans[j][1], span[1]))
                    if part[0] < part[1]
                ):
                    span = spans[j]
                an.give(hit, Verdict("wrong", span))


def _slip(an: Analysis, span: Span, hit: SourceMatch) -> bool:
    """Whether a located span is a misspelling of one of the occurrence's renderings."""
    words = [t for t in an.tokens if span[0] <= t.start and t.end <= span[1]]
    return is_slip(words, hit.term.accepted)
