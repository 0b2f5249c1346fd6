"""Re-check after a glossary change only the segments the change can touch.

A segment's result depends on the glossary through three things only:

1. the terms whose source it holds: the source index (Aho-Corasick) and jieba's boundaries,
   whose cuts of a text depend only on the dictionary words in it (the dictionary's total is
   kept fixed, see :func:`mtreview.glossary.segmenter.new_tokenizer`);
2. the wrong renderings learnt corpus-wide for those terms (:attr:`Checker.known`, per term);
3. which terms' renderings are proper names (:func:`mtreview.glossary.render.strict_names`),
   decided over the whole glossary.

So after a change to terms ``D`` only the segments whose (folded) source holds the source of a
term of ``D``, old or new, are analysed again; the learnt renderings are brought up to date from
what those segments teach (a term's set is rebuilt from every segment holding its source only
when they stop teaching something they taught before), and the segments holding a term whose
learnt set changed are finished again. Every other segment keeps its stored result. A change the
rules above cannot bound (other languages, terms reordered, names decided otherwise) gives
``None``: check everything.

The stored term occurrences (``term_segments``) are not enough to find the segments: a term
found inside a protected span, or rejected on a word boundary, is not stored yet its source
changes the analysis. The sources are searched instead, as one string (about 20 ms per 100k).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.script import fold_source
from mtreview.scoring.engine import Checker, SegmentResult
from mtreview.scoring.issues import Issue
from mtreview.scoring.occurrences import Occurrences

StoredIssues = Callable[[Sequence[int]], Mapping[int, Sequence[Issue]]]


class SourceText:
    """Every segment's folded source in one string, to find the segments holding a text."""

    def __init__(self, sources: Iterable[str]) -> None:
        starts, parts, at = [], [], 0
        for source in sources:
            folded = fold_source(source)
            starts.append(at)
            parts.append(folded)
            at += len(folded) + 1
        self._starts = starts
        self._text = "\x00".join(parts)

    def __len__(self) -> int:
        return len(self._starts)

    def holding(self, needles: Iterable[str]) -> set[int]:
        """The positions of the segments whose folded source holds any of ``needles``."""
        found: set[int] = set()
        text, starts = self._text, self._starts
        for needle in {fold_source(n) for n in needles if n}:
            at = text.find(needle)
            while at >= 0:
                pos = bisect_right(starts, at) - 1
                found.add(pos)
                # Go on from the next segment: one hit per segment is enough.
                at = text.find(needle, starts[pos + 1]) if pos + 1 < len(starts) else -1
        return found


# What a term is, but where it stands in the file.
_CONTENT = attrgetter(*(f.name for f in fields(Term) if f.compare and f.name != "line"))


def _same(a: Term | None, b: Term | None) -> bool:
    return a is b or (a is not None and b is not None and _CONTENT(a) == _CONTENT(b))


def changed_terms(old: Glossary, new: Glossary) -> set[str] | None:
    """The ids of the terms added, removed or changed; ``None`` when everything may change."""
    if (old.source_lang, old.target_lang) != (new.source_lang, new.target_lang):
        return None
    before = {t.id: t for t in old.terms}
    after = {t.id: t for t in new.terms}
    changed = {i for i in before.keys() | after.keys() if not _same(before.get(i), after.get(i))}
    # Terms of one source tie by glossary order: the others must keep theirs.
    kept_old = [t.id for t in old.terms if t.id not in changed]
    kept_new = [t.id for t in new.terms if t.id not in changed]
    return changed if kept_old == kept_new else None


@dataclass(frozen=True, slots=True)
class Recheck:
    """What a glossary change re-checked: the new results by position and the learnt set."""

    results: dict[int, SegmentResult]
    known: dict[str, set[str]]
    analysed: int  # segments whose terms were analysed again (the first pass)


def _teach(checker: Checker, records: Iterable[Occurrences]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record in records:
        for term_id, found in checker.learnt(record):
            out.setdefault(term_id, set()).add(found)
    return out


def recheck(
    old: Checker,
    new: Checker,
    segments: Sequence[Segment],
    sources: SourceText,
    stored_issues: StoredIssues,
) -> Recheck | None:
    """The results a change from ``old``'s glossary to ``new``'s changes (see the module doc).

    Args:
        old: The checker the stored results were made with, its learnt renderings set.
        new: A checker of the changed glossary (nothing learnt); it is left knowing the new set.
        segments: Every segment, in corpus order (reviewed targets).
        sources: The same segments' sources.
        stored_issues: The stored issues of the given positions (for the corpus-level ones).

    Returns:
        The re-checked positions' results, or ``None`` when the change needs a full check.
    """
    changed = changed_terms(old.glossary, new.glossary)
    if changed is None or old.index.names - changed != new.index.names - changed:
        return None
    terms: dict[str, Term] = {**old.glossary.by_id(), **new.glossary.by_id()}
    both = (*old.glossary.terms, *new.glossary.terms)
    touched = sorted(sources.holding(t.source for t in both if t.id in changed))
    first = {p: new.first_pass(segments[p]) for p in touched}
    before = _teach(old, (old.first_record(segments[p]) for p in touched))
    after = _teach(new, (f[0] for f in first.values()))
    known = {t: set(v) for t, v in old.known.items() if t not in changed}
    analysed = len(touched)
    for term_id in sorted(before.keys() | after.keys()):
        if term_id in changed:
            continue  # every segment holding a changed term is among those analysed
        lost = before.get(term_id, set()) - after.get(term_id, set())
        if lost:  # what the others teach decides whether the lost renderings stay learnt
            others = sources.holding([terms[term_id].source]) - first.keys()
            analysed += len(others)
            taught = _teach(new, (new.first_record(segments[p]) for p in sorted(others)))
            known[term_id] = taught.get(term_id, set())
        known[term_id] = known.get(term_id, set()) | after.get(term_id, set())
        if not known[term_id]:
            del known[term_id]
    for term_id in changed:
        if after.get(term_id):
            known[term_id] = set(after[term_id])
    relearnt = {t for t in known.keys() | old.known.keys() if known.get(t) != old.known.get(t)}
    again = sources.holding(terms[t].source for t in relearnt if t in terms) | first.keys()
    new.known = known
    issues = stored_issues(sorted(again))
    results = {}
    for p in sorted(again):
        done = first.get(p)
        if done is None:
            done = new.first_pass(segments[p])
            analysed += 1
        result = new.second_pass(segments[p], done)
        results[p] = new.corpus_issues(result, issues.get(p, ()))
    return Recheck(results, known, analysed)
