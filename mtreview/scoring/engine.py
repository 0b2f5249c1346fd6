"""The check engine: a corpus and a glossary in, issues and term occurrences out."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from mtreview.corpus.model import Corpus, Segment
from mtreview.corpus.tokens import shield
from mtreview.errors import MtreviewError
from mtreview.glossary.english import stem
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import FAMILIES, SegmentContext, all_check_ids
from mtreview.scoring.checks.terms import TermOccurrence, analyse_terms
from mtreview.scoring.issues import Issue, with_fingerprints
from mtreview.scoring.parallel import default_jobs, first_pass

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Which checks run and at what severity (term checks default to the term's own)."""

    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise for a check id that does not exist."""
        known = all_check_ids()
        for check in (*self.disabled, *self.severity):
            if check not in known:
                raise MtreviewError(f"unknown check {check!r}; known: {', '.join(sorted(known))}")


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """The issues and term occurrences of one segment."""

    segment: Segment
    issues: tuple[Issue, ...]
    occurrences: tuple[TermOccurrence, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking a corpus."""

    results: tuple[SegmentResult, ...]

    @property
    def issues(self) -> list[Issue]:
        """All issues in corpus order."""
        return [issue for r in self.results for issue in r.issues]

    @property
    def occurrences(self) -> list[tuple[str, TermOccurrence]]:
        """All term occurrences as (segment id, occurrence)."""
        return [(r.segment.id, o) for r in self.results for o in r.occurrences]

    def by_check(self) -> dict[str, int]:
        """Issue counts per check id."""
        return dict(Counter(i.check for i in self.issues))

    def term_counts(self) -> tuple[int, int]:
        """(source-term occurrences, those rendered acceptably)."""
        counted = [o for r in self.results for o in _counted(r.occurrences)]
        return len(counted), sum(1 for o in counted if o.ok)

    def term_accuracy(self) -> float | None:
        """Share of source-term occurrences rendered acceptably (None without occurrences)."""
        total, rendered = self.term_counts()
        return rendered / total if total else None


def _counted(occurrences: Iterable[TermOccurrence]) -> list[TermOccurrence]:
    """One entry per source occurrence of one segment (extra forbidden renderings are not)."""
    seen: set[tuple[str, tuple[int, int]]] = set()
    out: list[TermOccurrence] = []
    for occ in occurrences:
        key = (occ.term.id, occ.source_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(occ)
    return out


class Checker:
    """Check segments against a glossary with the registered checks."""

    def __init__(self, glossary: Glossary, config: CheckConfig | None = None) -> None:
        self.glossary = glossary
        self.config = config or CheckConfig()
        self.config.validate()  # also loads the built-in check families, once
        self.index = SourceIndex(glossary.terms)
        # Wrong renderings located with confidence, per term: preferred elsewhere in the corpus.
        self.known: dict[str, set[str]] = {}

    def _context(self, segment: Segment, occurrences: Iterable[TermOccurrence]) -> SegmentContext:
        return SegmentContext(
            segment, tuple(occurrences), self.glossary.source_lang, self.glossary.target_lang
        )

    def _family_issues(self, ctx: SegmentContext, uses_terms: bool) -> list[Issue]:
        """Issues of the enabled families that do (or do not) read term occurrences."""
        issues: list[Issue] = []
        for family in FAMILIES.values():
            if family.uses_terms != uses_terms:
                continue
            if all(check in self.config.disabled for check in family.ids):
                continue
            for issue in family.run(ctx):
                if issue.check in self.config.disabled:
                    continue
                severity = self.config.severity.get(issue.check)
                issues.append(replace(issue, severity=severity) if severity else issue)
        return issues

    def first_pass(self, segment: Segment) -> tuple[list[TermOccurrence], list[Issue]]:
        """Term occurrences (before corpus-wide learning) and the issues of the other checks."""
        if segment.locked:  # not checked, and nothing learnt from it (see _finish)
            return [], []
        occurrences = analyse_terms(self.index, segment)
        return occurrences, self._family_issues(self._context(segment, ()), uses_terms=False)

    def _finish(
        self, segment: Segment, occurrences: list[TermOccurrence], others: list[Issue]
    ) -> SegmentResult:
        # Locked segments and protected spans (translate="no", CAT-tool locks) are not checked.
        if segment.locked:
            return SegmentResult(segment, (), ())
        spans = shield(segment.source, segment.target, segment.codes)
        if spans:
            occurrences = [o for o in occurrences if not spans.covers(o.source_span, None)]
            others = [i for i in others if not spans.covers(i.source_span, i.target_span)]
        issues = others + self._family_issues(self._context(segment, occurrences), True)
        if spans:
            issues = [i for i in issues if not spans.covers(i.source_span, i.target_span)]
        issues.sort(key=lambda i: (i.target_span or (10**9, 0), i.source_span or (0, 0), i.check))
        return SegmentResult(segment, tuple(with_fingerprints(issues)), tuple(occurrences))

    def _learn(self, occurrences: Iterable[TermOccurrence]) -> None:
        for occ in occurrences:
            if occ.kind in ("wrong", "forbidden") and occ.found:
                self.known.setdefault(occ.term.id, set()).add(occ.found)

    def _may_relocate(self, occ: TermOccurrence) -> bool:
        """Whether a learnt wrong rendering could change where this occurrence is located."""
        if occ.kind not in ("wrong", "absent"):
            return False
        known = self.known.get(occ.term.id, set())
        return any(k != occ.found for k in known)

    def check_segment(self, segment: Segment) -> SegmentResult:
        """Check one segment (using wrong renderings learnt from earlier segments)."""
        occurrences = analyse_terms(self.index, segment, self.known)
        others = self._family_issues(self._context(segment, ()), uses_terms=False)
        return self._finish(segment, occurrences, others)

    def check_corpus(
        self,
        corpus: Corpus | Iterable[Segment],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        jobs: int | None = None,
    ) -> CheckResult:
        """Check every segment, in two passes.

        The second pass re-locates wrong renderings with what the first learnt across the
        corpus: "carbon stamp" found once is found everywhere. ``jobs`` processes share the
        first pass (default: all cores for a large corpus when forking is safe, else one).
        """
        segments = list(corpus.segments if isinstance(corpus, Corpus) else corpus)
        if jobs is None:
            jobs = default_jobs(len(segments))
        first = first_pass(self, segments, jobs, progress, cancel)
        for occ, _ in first:
            self._learn(o for o in occ if o.kind == "forbidden" or _confident(o))
        results: list[SegmentResult] = []
        for segment, (occ, others) in zip(segments, first, strict=True):
            if any(self._may_relocate(o) for o in occ):
                occ = analyse_terms(self.index, segment, self.known)
            results.append(self._finish(segment, occ, others))
        return CheckResult(tuple(results))


def _confident(occ: TermOccurrence) -> bool:
    """A located wrong rendering that shares a content word with the term's rendering."""
    if occ.kind != "wrong" or not occ.found:
        return False
    found = {stem(w) for w in occ.found.split()}
    return any(stem(w) in found for r in occ.term.accepted for w in r.split() if len(w) > 3)
