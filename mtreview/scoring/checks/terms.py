"""The term analysis: every source occurrence of a term paired with what the target holds for it.

:func:`analyse_terms` builds a segment's :class:`~mtreview.scoring.occurrences.Occurrences`:

1. the source index gives every occurrence, nested and overlapping ones included;
2. the accepted and forbidden renderings in the target are given to the occurrences by position
   (:func:`~mtreview.glossary.align.align`: monotone, tolerant), longest renderings first; a
   target span satisfies one occurrence only, and two terms sharing a rendering share it out by
   proximity;
3. occurrences still wanting take a rendering with inserted words (``doubtful``), then a located
   wrong rendering near where they should stand (``wrong``, see :mod:`mtreview.glossary.locate`),
   else they are ``absent``;
4. a nested occurrence is ``covered`` when its longer term is rendered acceptably or holds its
   rendering; otherwise it stays unrendered, reported once, under the longer term.

:func:`~mtreview.scoring.checks.term_family.term_issues` turns the record into
``term-forbidden``, ``term-missing`` and ``term-doubtful`` issues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from mtreview.corpus.model import Segment
from mtreview.glossary.align import align
from mtreview.glossary.english import is_name
from mtreview.glossary.index import SourceIndex, SourceMatch
from mtreview.glossary.model import Term
from mtreview.glossary.render import TargetMatch
from mtreview.glossary.rewrite import fix_for
from mtreview.scoring.checks.term_wrong import place_wrong
from mtreview.scoring.issues import Fix
from mtreview.scoring.occurrences import Occurrences, TermOccurrence
from mtreview.scoring.placing import (
    Analysis,
    Claims,
    Key,
    Span,
    Verdict,
    key_of,
    renderings_of,
)

__all__ = ["Occurrences", "TermOccurrence", "analyse_terms"]


def _own_matches(an: Analysis, term: Term) -> list[TargetMatch]:
    """The term's renderings in the target, overlapping ones resolved.

    The longest wins, an accepted rendering before a forbidden one.
    """
    found = renderings_of(an, term)
    if len(found) < 2:
        return found
    kept = Claims()
    out: list[TargetMatch] = []
    for m in sorted(found, key=lambda m: (m.start - m.end, m.kind == "forbidden", m.start)):
        if not kept.blocks((m.start, m.end)):
            kept.add((m.start, m.end))
            out.append(m)
    return out


def _groups(slots: Mapping[Span, Mapping[str, TargetMatch]], ids: Iterable[str]) -> list[list[str]]:
    """Terms that share a rendering span, together (union-find over the shared spans)."""
    root = {t: t for t in ids}

    def find(t: str) -> str:
        while root[t] != t:
            root[t] = root[root[t]]
            t = root[t]
        return t

    for matches in slots.values():
        first, *rest = sorted(matches)
        for other in rest:
            a, b = find(first), find(other)
            root[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for t in sorted(root):
        groups.setdefault(find(t), []).append(t)
    return list(groups.values())


def _compatible(
    an: Analysis,
    occs: Sequence[SourceMatch],
    spans: Sequence[Span],
    slots: Mapping[Span, Mapping[str, TargetMatch]],
) -> Callable[[int, int], bool]:
    """Whether occurrence ``i`` may take span ``j``.

    It may when the span renders its term and no occurrence elsewhere claimed it.
    """

    def compatible(i: int, j: int) -> bool:
        o, span = occs[i], spans[j]
        return o.term.id in slots[span] and not an.claims.blocks(span, (o.start, o.end))

    return compatible


def _place_renderings(an: Analysis, hits: Sequence[SourceMatch]) -> None:
    """Give accepted and forbidden renderings to the occurrences, by position."""
    by_term: dict[str, list[SourceMatch]] = {}
    for hit in hits:
        by_term.setdefault(hit.term.id, []).append(hit)
    own = {term_id: _own_matches(an, by_term[term_id][0].term) for term_id in sorted(by_term)}
    if _apart(an, by_term, own):
        # Each term once in the source and at most once in the target, on a span of its own: the
        # alignment below would pair each occurrence with its rendering.
        for term_id, found in own.items():
            if found:
                m = found[0]
                an.give(by_term[term_id][0], Verdict(m.kind, (m.start, m.end), m.rendering))
        return
    _place_by_groups(an, by_term, own)


def _apart(
    an: Analysis, by_term: Mapping[str, Sequence[SourceMatch]], own: Mapping[str, list[TargetMatch]]
) -> bool:
    """Whether each term occurs once and renders at most once, its span overlapping no other.

    No other: no other term's rendering, nor a target span claimed before.
    """
    spans: list[Span] = []
    for term_id, found in own.items():
        if len(by_term[term_id]) > 1 or len(found) > 1:
            return False
        if found:
            spans.append((found[0].start, found[0].end))
    spans.sort()
    if any(a[1] > b[0] or a == b for a, b in pairwise(spans)):
        return False
    return not any(an.claims.owners(span) for span in spans)


def _place_by_groups(
    an: Analysis,
    by_term: Mapping[str, Sequence[SourceMatch]],
    own: Mapping[str, list[TargetMatch]],
) -> None:
    """:func:`_place_renderings` by groups of terms sharing renderings, each aligned by position.

    ``by_term`` holds each term's occurrences in source order, ``own`` its renderings (see
    :func:`_own_matches`), by term id in order.
    """
    slots: dict[Span, dict[str, TargetMatch]] = {}
    for term_id, found in own.items():
        for m in found:
            slots.setdefault((m.start, m.end), {})[term_id] = m
    if not slots:
        return
    in_group: dict[str, list[Span]] = {}
    for span in sorted(slots):
        for term_id in sorted(slots[span]):
            in_group.setdefault(term_id, []).append(span)
    shared = any(len(m) > 1 for m in slots.values())
    groups = _groups(slots, in_group) if shared else [[t] for t in sorted(in_group)]
    groups.sort(
        key=lambda g: (
            -max((e - s for t in g for s, e in in_group.get(t, ())), default=0),
            min(by_term[t][0].start for t in g),
            g,
        )
    )
    for group in groups:
        occs = sorted(
            (h for t in group for h in by_term[t]), key=lambda h: (h.start, h.end, h.term.id)
        )
        spans = sorted({s for t in group for s in in_group.get(t, ())})
        if not spans:
            continue
        simple = len(group) == 1 and not any(an.claims.owners(s) for s in spans)
        pairs = align(
            [an.where(h) for h in occs],
            [an.there(s) for s in spans],
            None if simple else _compatible(an, occs, spans, slots),
            [any(m.kind != "forbidden" for m in slots[s].values()) for s in spans],
        )
        used = set()
        for hit, j in zip(occs, pairs, strict=True):
            if j is not None:
                m = slots[spans[j]][hit.term.id]
                an.give(hit, Verdict(m.kind, spans[j], m.rendering))
                used.add(j)
        # A forbidden rendering beyond the source's count is still wrong: report it against the
        # nearest occurrence of its term.
        for j, span in enumerate(spans):
            if j in used or an.claims.blocks(span):
                continue
            for term_id, m in sorted(slots[span].items()):
                if m.kind == "forbidden":
                    hit = min(
                        by_term[term_id], key=lambda h: (abs(an.where(h) - an.there(span)), h.start)
                    )
                    an.extras.append((hit, Verdict("forbidden", span, m.rendering)))
                    an.claims.add(span, (hit.start, hit.end))
                    break


def _place_doubtful(an: Analysis, hits: Sequence[SourceMatch]) -> None:
    """Occurrences still wanting may take an accepted rendering with inserted words."""
    for _, wanting in sorted(an.wanting(hits).items()):
        term = wanting[0].term
        gapped = renderings_of(an, term, gaps=True)
        if not gapped:
            continue
        plain = {(m.start, m.end) for m in renderings_of(an, term)}
        kept = Claims()
        chosen: list[TargetMatch] = []
        for m in sorted(gapped, key=lambda m: (m.end - m.start, m.start)):
            span = (m.start, m.end)
            if span in plain or an.claims.blocks(span) or kept.blocks(span):
                continue
            kept.add(span)
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        pairs = align([an.where(h) for h in wanting], [an.there((m.start, m.end)) for m in chosen])
        for hit, j in zip(wanting, pairs, strict=True):
            if j is not None:
                m = chosen[j]
                an.give(hit, Verdict("doubtful", (m.start, m.end), m.rendering))


def _place_nested(an: Analysis, nested: Sequence[SourceMatch]) -> None:
    """A nested occurrence is judged through the longer one it sits in."""

    def depth(hit: SourceMatch) -> int:
        n, cover = 0, hit.cover
        while cover is not None:
            n, cover = n + 1, cover.cover
        return n

    inner: dict[str, list[Span]] = {}
    for hit in sorted(nested, key=lambda h: (depth(h), h.start, h.end, h.term.id)):
        assert hit.cover is not None
        parent = an.verdicts.get(key_of(hit.cover), Verdict("absent", None))
        if hit.term.id not in inner:
            inner[hit.term.id] = sorted(
                (m.start, m.end) for m in renderings_of(an, hit.term) if m.kind != "forbidden"
            )
        held = None
        if parent.span is not None:
            lo, hi = parent.span
            held = next((s for s in inner[hit.term.id] if lo <= s[0] and s[1] <= hi), None)
        if held is not None or parent.kind in ("target", "variant", "doubtful", "covered"):
            an.verdicts[key_of(hit)] = Verdict("covered", held or parent.span)
        else:
            an.verdicts[key_of(hit)] = Verdict("absent", None)


def _occurrence(
    an: Analysis, hit: SourceMatch, verdict: Verdict, extra: bool = False
) -> TermOccurrence:
    span = verdict.span
    found = an.segment.target[span[0] : span[1]] if span is not None else None
    fix = None
    if span is not None and verdict.kind in ("forbidden", "wrong"):
        term = hit.term
        keep = not is_name(term.target) and not term.case_sensitive
        toks = an.tokens_to_widen(span, term.target)
        fix_span, replacement = fix_for(an.segment.target, span, term.target, keep, toks)
        fix = Fix(fix_span, replacement)
    cover = (hit.cover.term.id, (hit.cover.start, hit.cover.end)) if hit.cover else None
    return TermOccurrence(
        hit.term,
        (hit.start, hit.end),
        verdict.kind,
        span,
        found,
        verdict.rendering,
        cover,
        hit.nested,
        fix,
        extra,
    )


def _without(hits: Sequence[SourceMatch], dropped: set[Key]) -> list[SourceMatch]:
    """The occurrences left when some are dropped.

    What sat in a dropped occurrence sits in the next occurrence up that holds it, or stands on
    its own.
    """
    out: dict[Key, SourceMatch] = {}
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start, h.term.id)):
        if key_of(hit) in dropped:
            continue
        cover = hit.cover
        while cover is not None and key_of(cover) in dropped:
            cover = cover.cover
        if cover is not None and not (cover.start <= hit.start and hit.end <= cover.end):
            cover = None
        if cover is not hit.cover:
            kept = out[key_of(cover)] if cover is not None else None
            hit = replace(hit, cover=kept, nested=kept is not None and hit.nested)
        out[key_of(hit)] = hit
    return sorted(out.values(), key=lambda h: (h.start, h.end, h.term.id))


def _drop(
    an: Analysis,
    hits: Sequence[SourceMatch],
    dropped: set[Key],
    known: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[SourceMatch], list[SourceMatch]]:
    """Drop occurrences and place what they held; the hits left and those judged on their own.

    With ``known``, the orphans also take located wrong renderings.
    """
    hits = _without(hits, dropped)
    judged = [h for h in hits if not h.nested]
    orphans = [h for h in judged if key_of(h) not in an.verdicts]
    _place_renderings(an, orphans)
    _place_doubtful(an, orphans)
    if known is not None:
        place_wrong(an, orphans, known)
    return hits, judged


def analyse_terms(
    index: SourceIndex, segment: Segment, known: Mapping[str, Iterable[str]] | None = None
) -> Occurrences:
    """The occurrence record of one segment.

    ``known`` maps term ids to wrong renderings seen elsewhere in the corpus, which are
    preferred when locating this segment's wrong renderings.
    """
    hits = index.find_all(segment.source)
    if not hits:
        return Occurrences()
    an = Analysis(segment, index.names)
    judged = [h for h in hits if not h.nested]
    _place_renderings(an, judged)
    _place_doubtful(an, judged)
    known = known or {}
    # A tentative overlapping occurrence is one only when the target renders it; a tentative
    # part of a longer word (流行病 in 流行病学) also when the target misspells its rendering.
    dropped = {
        key_of(h)
        for h in judged
        if h.tentative and h.cover is not None and key_of(h) not in an.verdicts
    }
    if dropped:
        hits, judged = _drop(an, hits, dropped)
    place_wrong(an, judged, known)
    dropped = {key_of(h) for h in judged if h.tentative and key_of(h) not in an.verdicts}
    if dropped:
        hits, judged = _drop(an, hits, dropped, known)
    for hit in an.wanting(judged).values():
        for h in hit:
            an.verdicts[key_of(h)] = Verdict("absent", None)
    _place_nested(an, [h for h in hits if h.nested])
    items = [_occurrence(an, h, an.verdicts[key_of(h)]) for h in hits]
    items += [_occurrence(an, h, v, extra=True) for h, v in an.extras]
    items.sort(key=lambda o: (o.source_span, o.term.id, o.extra, o.target_span or (-1, -1)))
    return Occurrences(tuple(items))
