"""The term checks: ``term-forbidden`` and ``term-missing``.

For each term occurrence in the source, the target must hold an accepted rendering (approved
target or variant). Counts matter: a term twice in the source with one accepted rendering in the
target leaves one occurrence unrendered. A forbidden rendering is flagged with a fix; an
occurrence with no rendering at all is located by similarity (see :mod:`mtreview.glossary.locate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mtreview.corpus.model import Segment
from mtreview.glossary.index import SourceIndex, SourceMatch
from mtreview.glossary.locate import candidates
from mtreview.glossary.model import Term
from mtreview.glossary.render import TargetMatch, find_renderings, fold
from mtreview.scoring.issues import Fix, Issue


@dataclass(frozen=True, slots=True)
class TermOccurrence:
    """One source occurrence of a term and what the target made of it.

    ``kind`` is ``target`` or ``variant`` (accepted), ``forbidden``, ``wrong`` (a located span
    that is no accepted rendering) or ``absent`` (nothing similar found).
    """

    term: Term
    source_span: tuple[int, int]
    kind: str
    target_span: tuple[int, int] | None
    found: str | None
    rendering: str | None = None  # the glossary string that matched, for accepted/forbidden

    @property
    def ok(self) -> bool:
        """Whether the occurrence was rendered acceptably."""
        return self.kind in ("target", "variant")


_SOURCE_QUOTES = re.compile(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"")
_TARGET_QUOTES = re.compile(r"\"([^\"]{1,120})\"")


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _quoted(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    spans = []
    for m in pattern.finditer(text):
        group = next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i) is not None)
        spans.append((m.start(group), m.end(group)))
    return spans


def _align(
    hits: list[SourceMatch], matches: list[TargetMatch], source_len: int, target_len: int
) -> list[TargetMatch]:
    """Keep the accepted renderings nearest (by relative position) to the source occurrences."""
    pool = list(matches)
    kept: list[TargetMatch] = []
    for hit in hits:
        where = hit.start / max(1, source_len)
        best = min(pool, key=lambda m: abs(m.start / max(1, target_len) - where))
        pool.remove(best)
        kept.append(best)
    return kept


def _renderings_for(
    term: Term,
    hits: list[SourceMatch],
    segment: Segment,
    target: str,
    claimed: list[tuple[int, int]],
) -> list[TargetMatch]:
    """The term's renderings in the target, claiming their spans.

    Accepted ones count at most once per source occurrence; every forbidden one counts. The
    claimed spans are not counted again for another term.
    """
    chosen: list[TargetMatch] = []
    taken = list(claimed)
    for m in sorted(
        find_renderings(term, target),
        key=lambda m: (m.start - m.end, m.kind == "forbidden", m.start),
    ):
        if not _overlaps(m.start, m.end, taken):
            chosen.append(m)
            taken.append((m.start, m.end))
    accepted = [m for m in chosen if m.kind != "forbidden"]
    forbidden = [m for m in chosen if m.kind == "forbidden"]
    if len(accepted) > len(hits):
        accepted = _align(hits, accepted, len(segment.source), len(target))
    elif len(accepted) + len(forbidden) < len(hits):
        # Fall back to renderings with inserted words ("high-quality economic and social
        # development") only where the plain ones fall short.
        spans = [(m.start, m.end) for m in (*accepted, *forbidden)]
        for m in sorted(find_renderings(term, target, gaps=True), key=lambda m: m.end - m.start):
            if len(accepted) + len(forbidden) >= len(hits):
                break
            if not _overlaps(m.start, m.end, [*claimed, *spans]):
                accepted.append(m)
                spans.append((m.start, m.end))
    result = accepted + forbidden
    claimed.extend((m.start, m.end) for m in result)
    return result


_SMALL_WORDS = frozenset("a an the of and or for in on to by at with".split())


def _capitalised(replacement: str, found: str) -> str:
    """Carry the found span's capitalisation (title case, sentence start) to the fix."""
    words = found.split()
    if (
        len(words) > 1
        and not found.isupper()
        and all(w[:1].isupper() for w in words if w.lower() not in _SMALL_WORDS)
    ):
        return " ".join(
            w if (w.lower() in _SMALL_WORDS and i) or not w[:1].islower() else w[:1].upper() + w[1:]
            for i, w in enumerate(replacement.split(" "))
        )
    if found[:1].isupper() and replacement[:1].islower() and not found.isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _locate(
    wanting: list[tuple[Term, list[SourceMatch]]],
    segment: Segment,
    target: str,
    claimed: list[tuple[int, int]],
    known: Mapping[str, Iterable[str]],
) -> dict[str, list[tuple[int, int]]]:
    """Find the probable wrong rendering of each unrendered occurrence, best score first."""
    scored: list[tuple[float, Term, int, int]] = []
    source_quotes = _quoted(_SOURCE_QUOTES, segment.source)
    target_quotes = [q for q in _quoted(_TARGET_QUOTES, target) if not _overlaps(*q, claimed)]
    all_target_quotes = _quoted(_TARGET_QUOTES, target)
    for term, hits in wanting:
        for hit in hits:
            # A quoted source term is most likely the quoted phrase at the same place in the
            # target: “三生” -> "three areas and livelihood".
            if (hit.start, hit.end) in source_quotes:
                k = source_quotes.index((hit.start, hit.end))
                if len(source_quotes) == len(all_target_quotes):
                    q = all_target_quotes[k]
                    if q in target_quotes and len(target[q[0] : q[1]].split()) <= 12:
                        scored.append((99.0, term, *q))
        for loc in candidates(target, term.accepted, claimed, known=known.get(term.id, ())):
            scored.append((loc.score, term, loc.start, loc.end))
    scored.sort(key=lambda x: (-x[0], x[3] - x[2]))
    need = {t.id: len(h) for t, h in wanting}
    located: dict[str, list[tuple[int, int]]] = {t.id: [] for t, _ in wanting}
    for _, term, start, end in scored:
        if need[term.id] == 0 or _overlaps(start, end, claimed):
            continue
        located[term.id].append((start, end))
        claimed.append((start, end))
        need[term.id] -= 1
    return located


def analyse_terms(
    index: SourceIndex, segment: Segment, known: Mapping[str, Iterable[str]] | None = None
) -> list[TermOccurrence]:
    """Pair every source occurrence of a term with its rendering in the target.

    ``known`` maps term ids to wrong renderings seen elsewhere in the corpus, which are
    preferred when locating this segment's wrong renderings.
    """
    source_hits = index.find(segment.source)
    if not source_hits:
        return []
    target = fold(segment.target)
    by_term: dict[str, list[SourceMatch]] = {}
    for hit in source_hits:
        by_term.setdefault(hit.term.id, []).append(hit)
    terms = sorted(
        (hits[0].term for hits in by_term.values()),
        key=lambda t: -max(len(r) for r in (t.target, *t.variants, *t.forbidden)),
    )
    claimed: list[tuple[int, int]] = []
    rendered = {t.id: _renderings_for(t, by_term[t.id], segment, target, claimed) for t in terms}
    wanting = [
        (t, by_term[t.id][len(rendered[t.id]) :])
        for t in terms
        if len(rendered[t.id]) < len(by_term[t.id])
    ]
    located = _locate(wanting, segment, target, claimed, known or {})
    occurrences: list[TermOccurrence] = []
    for term in terms:
        hits = by_term[term.id]
        spans: list[tuple[int, int, str, str | None]] = [
            (m.start, m.end, m.kind, m.rendering) for m in rendered[term.id]
        ]
        spans += [(s, e, "wrong", None) for s, e in located.get(term.id, [])]
        spans.sort()
        # Pair renderings with occurrences in text order; forbidden ones beyond the source
        # count are still reported, against the last occurrence.
        for i, (s, e, kind, rendering) in enumerate(spans):
            hit = hits[min(i, len(hits) - 1)]
            if i < len(hits) or kind == "forbidden":
                found = segment.target[s:e]
                occurrences.append(
                    TermOccurrence(term, (hit.start, hit.end), kind, (s, e), found, rendering)
                )
        for hit in hits[len(spans) :]:
            occurrences.append(TermOccurrence(term, (hit.start, hit.end), "absent", None, None))
    occurrences.sort(key=lambda o: (o.source_span, o.target_span or (-1, -1)))
    return occurrences


def term_issues(segment: Segment, occurrences: list[TermOccurrence]) -> list[Issue]:
    """Turn the occurrences that are not rendered acceptably into issues."""
    issues: list[Issue] = []
    for occ in occurrences:
        if occ.ok:
            continue
        term = occ.term
        fix = None
        if occ.target_span is not None and occ.found is not None:
            fix = Fix(occ.target_span, _capitalised(term.target, occ.found))
        if occ.kind == "forbidden":
            check = "term-forbidden"
            message = f"{term.source}: {occ.found!r} is a forbidden rendering; use {term.target!r}"
        elif occ.kind == "wrong":
            check = "term-missing"
            message = f"{term.source}: rendered as {occ.found!r}, expected {term.target!r}"
        else:
            check = "term-missing"
            message = (
                f"{term.source}: no rendering of the term in the target; expected {term.target!r}"
            )
        issues.append(
            Issue(
                segment=segment.id,
                check=check,
                severity=term.severity,
                message=message,
                term=term.id,
                source_span=occ.source_span,
                target_span=occ.target_span,
                found=occ.found,
                expected=term.target,
                fix=fix,
            )
        )
    return issues
