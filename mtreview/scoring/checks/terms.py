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

:func:`term_issues` turns the record into ``term-forbidden``, ``term-missing`` and
``term-doubtful`` issues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from mtreview.corpus.model import Segment
from mtreview.glossary.align import align
from mtreview.glossary.english import Token, is_name, tokens
from mtreview.glossary.index import SourceIndex, SourceMatch
from mtreview.glossary.locate import candidates
from mtreview.glossary.model import Term
from mtreview.glossary.render import TargetMatch, find_renderings, fold
from mtreview.glossary.rewrite import fix_for, widen
from mtreview.scoring.issues import Fix, Issue
from mtreview.scoring.occurrences import Occurrences, TermOccurrence
from mtreview.scoring.placing import Anchors, Claims, Span, middle, word_windows

__all__ = ["Occurrences", "TermOccurrence", "analyse_terms", "term_issues"]

REACH = 150  # words searched on each side of where a wrong rendering should stand
_SOURCE_QUOTES = re.compile(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"")
_TARGET_QUOTES = re.compile(r"\"([^\"]{1,120})\"")

Key = tuple[str, int, int]  # term id, source span


@dataclass(frozen=True, slots=True)
class _Verdict:
    kind: str
    span: Span | None
    rendering: str | None = None


def _key(hit: SourceMatch) -> Key:
    return hit.term.id, hit.start, hit.end


class _Analysis:
    """The state of one segment's analysis: positions, claims and verdicts so far."""

    def __init__(self, segment: Segment, names: frozenset[str]) -> None:
        self.segment = segment
        self.names = names  # the terms whose renderings are proper names
        self.plain: dict[str, list[TargetMatch]] = {}  # each term's renderings, found once
        self.target = fold(segment.target)
        self.source_len = max(1, len(segment.source))
        self.target_len = max(1, len(self.target))
        self.claims = Claims()
        self.verdicts: dict[Key, _Verdict] = {}
        self.extras: list[tuple[SourceMatch, _Verdict]] = []

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The target's words (tokenised only when a rendering is located or fixed)."""
        return tokens(self.target)

    def where(self, hit: SourceMatch) -> float:
        return (hit.start + hit.end) / 2 / self.source_len

    def there(self, span: Span) -> float:
        return middle(span) / self.target_len

    def give(self, hit: SourceMatch, verdict: _Verdict) -> None:
        self.verdicts[_key(hit)] = verdict
        if verdict.span is not None:
            self.claims.add(verdict.span, (hit.start, hit.end))

    def wanting(self, hits: Sequence[SourceMatch]) -> dict[str, list[SourceMatch]]:
        out: dict[str, list[SourceMatch]] = {}
        for hit in hits:
            if _key(hit) not in self.verdicts:
                out.setdefault(hit.term.id, []).append(hit)
        return out


def _renderings(an: _Analysis, term: Term, gaps: bool = False) -> list[TargetMatch]:
    if gaps:
        return find_renderings(term, an.target, True, term.id in an.names)
    found = an.plain.get(term.id)
    if found is None:
        found = an.plain[term.id] = find_renderings(term, an.target, False, term.id in an.names)
    return found


def _own_matches(an: _Analysis, term: Term) -> list[TargetMatch]:
    """The term's renderings in the target, overlapping ones resolved.

    The longest wins, an accepted rendering before a forbidden one.
    """
    found = _renderings(an, term)
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
    an: _Analysis,
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


def _place_renderings(an: _Analysis, hits: Sequence[SourceMatch]) -> None:
    """Give accepted and forbidden renderings to the occurrences, by position."""
    by_term: dict[str, list[SourceMatch]] = {}
    for hit in hits:
        by_term.setdefault(hit.term.id, []).append(hit)
    slots: dict[Span, dict[str, TargetMatch]] = {}
    for term_id in sorted(by_term):
        for m in _own_matches(an, by_term[term_id][0].term):
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
                an.give(hit, _Verdict(m.kind, spans[j], m.rendering))
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
                    an.extras.append((hit, _Verdict("forbidden", span, m.rendering)))
                    an.claims.add(span, (hit.start, hit.end))
                    break


def _place_doubtful(an: _Analysis, hits: Sequence[SourceMatch]) -> None:
    """Occurrences still wanting may take an accepted rendering with inserted words."""
    for _, wanting in sorted(an.wanting(hits).items()):
        term = wanting[0].term
        gapped = _renderings(an, term, gaps=True)
        if not gapped:
            continue
        plain = {(m.start, m.end) for m in _renderings(an, term)}
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
                an.give(hit, _Verdict("doubtful", (m.start, m.end), m.rendering))


def _quoted(pattern: re.Pattern[str], text: str) -> list[Span]:
    spans = []
    for m in pattern.finditer(text):
        group = next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i) is not None)
        spans.append((m.start(group), m.end(group)))
    return spans


def _place_wrong(
    an: _Analysis, hits: Sequence[SourceMatch], known: Mapping[str, Iterable[str]]
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
            if j is not None:
                span = widen(an.tokens, spans[j], hit.term.target)
                if span != spans[j] and any(
                    an.claims.blocks(part)
                    for part in ((span[0], spans[j][0]), (spans[j][1], span[1]))
                    if part[0] < part[1]
                ):
                    span = spans[j]
                an.give(hit, _Verdict("wrong", span))


def _place_nested(an: _Analysis, nested: Sequence[SourceMatch]) -> None:
    """A nested occurrence is judged through the longer one it sits in."""

    def depth(hit: SourceMatch) -> int:
        n, cover = 0, hit.cover
        while cover is not None:
            n, cover = n + 1, cover.cover
        return n

    inner: dict[str, list[Span]] = {}
    for hit in sorted(nested, key=lambda h: (depth(h), h.start, h.end, h.term.id)):
        assert hit.cover is not None
        parent = an.verdicts.get(_key(hit.cover), _Verdict("absent", None))
        if hit.term.id not in inner:
            inner[hit.term.id] = sorted(
                (m.start, m.end) for m in _renderings(an, hit.term) if m.kind != "forbidden"
            )
        held = None
        if parent.span is not None:
            lo, hi = parent.span
            held = next((s for s in inner[hit.term.id] if lo <= s[0] and s[1] <= hi), None)
        if held is not None or parent.kind in ("target", "variant", "doubtful", "covered"):
            an.verdicts[_key(hit)] = _Verdict("covered", held or parent.span)
        else:
            an.verdicts[_key(hit)] = _Verdict("absent", None)


def _occurrence(
    an: _Analysis, hit: SourceMatch, verdict: _Verdict, extra: bool = False
) -> TermOccurrence:
    span = verdict.span
    found = an.segment.target[span[0] : span[1]] if span is not None else None
    fix = None
    if span is not None and verdict.kind in ("forbidden", "wrong"):
        term = hit.term
        keep = not is_name(term.target) and not term.case_sensitive
        fix_span, replacement = fix_for(an.segment.target, span, term.target, keep, an.tokens)
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
        if _key(hit) in dropped:
            continue
        cover = hit.cover
        while cover is not None and _key(cover) in dropped:
            cover = cover.cover
        if cover is not None and not (cover.start <= hit.start and hit.end <= cover.end):
            cover = None
        if cover is not hit.cover:
            kept = out[_key(cover)] if cover is not None else None
            hit = replace(hit, cover=kept, nested=kept is not None and hit.nested)
        out[_key(hit)] = hit
    return sorted(out.values(), key=lambda h: (h.start, h.end, h.term.id))


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
    an = _Analysis(segment, index.names)
    judged = [h for h in hits if not h.nested]
    _place_renderings(an, judged)
    _place_doubtful(an, judged)
    # A tentative overlapping occurrence is one only when the target renders it.
    dropped = {_key(h) for h in judged if h.tentative and _key(h) not in an.verdicts}
    if dropped:
        hits = _without(hits, dropped)
        judged = [h for h in hits if not h.nested]
        orphans = [h for h in judged if _key(h) not in an.verdicts]
        _place_renderings(an, orphans)
        _place_doubtful(an, orphans)
    _place_wrong(an, judged, known or {})
    for hit in an.wanting(judged).values():
        for h in hit:
            an.verdicts[_key(h)] = _Verdict("absent", None)
    _place_nested(an, [h for h in hits if h.nested])
    items = [_occurrence(an, h, an.verdicts[_key(h)]) for h in hits]
    items += [_occurrence(an, h, v, extra=True) for h, v in an.extras]
    items.sort(key=lambda o: (o.source_span, o.term.id, o.extra, o.target_span or (-1, -1)))
    return Occurrences(tuple(items))


def _message(occ: TermOccurrence) -> tuple[str, str]:
    term = occ.term
    if occ.kind == "forbidden":
        return (
            "term-forbidden",
            f"{term.source}: {occ.found!r} is a forbidden rendering; use {term.target!r}",
        )
    if occ.kind == "doubtful":
        return "term-doubtful", (
            f"{term.source}: {occ.found!r} holds {occ.rendering!r} only with inserted words; "
            "check that it renders the term"
        )
    if occ.kind == "wrong":
        return "term-missing", f"{term.source}: rendered as {occ.found!r}, expected {term.target!r}"
    return (
        "term-missing",
        f"{term.source}: no rendering of the term in the target; expected {term.target!r}",
    )


def term_issues(segment: Segment, occurrences: Iterable[TermOccurrence]) -> list[Issue]:
    """Turn the occurrences not rendered acceptably (or only doubtfully) into issues.

    A nested occurrence is reported under the longer term it sits in, never on its own. An
    issue's ``found`` is the rendering found; its fix may replace a little more (an article
    that no longer fits: "a carbon peak" becomes "carbon peaking").
    """
    issues: list[Issue] = []
    for occ in occurrences:
        if not occ.reported:
            continue
        check, message = _message(occ)
        issues.append(
            Issue(
                segment=segment.id,
                check=check,
                severity="minor" if check == "term-doubtful" else occ.term.severity,
                message=message,
                term=occ.term.id,
                source_span=occ.source_span,
                target_span=occ.target_span,
                found=occ.found,
                expected=occ.term.target,
                fix=occ.fix,
            )
        )
    return issues
