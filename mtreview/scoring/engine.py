"""The check engine: a corpus and a glossary in, issues and term occurrences out."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, TypeVar, overload

from mtreview.collector import fewer_collections
from mtreview.corpus.model import Corpus, Segment
from mtreview.corpus.tokens import code_error, shield
from mtreview.errors import MtreviewError
from mtreview.glossary.english import fold, stem
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.locate import holds_known
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import (
    CORPUS_FAMILIES,
    FAMILIES,
    CheckFamily,
    CorpusContext,
    SegmentContext,
    all_check_ids,
)
from mtreview.scoring.checks.terms import analyse_terms
from mtreview.scoring.issues import Issue, fingerprints_as, reaches, with_fingerprints
from mtreview.scoring.occurrences import Occurrences, TermOccurrence
from mtreview.scoring.parallel import Workers, default_jobs, first_pass, unpacked

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Which checks run and at what severity (term checks default to the term's own).

    ``custom`` holds the families built from a config file's custom checks.
    """

    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    custom: tuple[CheckFamily, ...] = ()

    def validate(self) -> None:
        """Raise for a check id that does not exist."""
        known = all_check_ids()
        for family in self.custom:
            known.update(family.ids)
        for check in (*self.disabled, *self.severity):
            if check not in known:
                raise MtreviewError(f"unknown check {check!r}; known: {', '.join(sorted(known))}")


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """The issues and the occurrence record of one segment."""

    segment: Segment
    issues: tuple[Issue, ...]
    record: Occurrences

    @property
    def occurrences(self) -> tuple[TermOccurrence, ...]:
        """The term occurrences of the record, in source order."""
        return self.record.items


class Tally:
    """What a check's output keeps of the results it has passed on: counts, not the issues.

    Issue counts per check id (in order of first appearance), the severities seen and the
    source-term occurrences (nested ones included, extra forbidden renderings left out).
    """

    __slots__ = ("by_check", "occurrences", "rendered", "segments", "severities")

    def __init__(self) -> None:
        self.segments = 0
        self.by_check: Counter[str] = Counter()
        self.severities: set[str] = set()
        self.occurrences = 0
        self.rendered = 0

    def add(self, result: SegmentResult) -> None:
        """Count one segment's result."""
        self.segments += 1
        for issue in result.issues:
            self.by_check[issue.check] += 1
            self.severities.add(issue.severity)
        counted = result.record.counted()
        self.occurrences += len(counted)
        self.rendered += sum(1 for o in counted if o.ok)

    def term_accuracy(self) -> float | None:
        """Share of source-term occurrences rendered acceptably (None without occurrences)."""
        return self.rendered / self.occurrences if self.occurrences else None

    def reaches(self, threshold: str) -> bool:
        """Whether an issue counted reaches the severity ``threshold``."""
        return any(reaches(severity, threshold) for severity in self.severities)


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

    def tally(self) -> Tally:
        """The counts of every result (see :class:`Tally`)."""
        tally = Tally()
        for result in self.results:
            tally.add(result)
        return tally

    def by_check(self) -> dict[str, int]:
        """Issue counts per check id."""
        return dict(self.tally().by_check)

    def term_counts(self) -> tuple[int, int]:
        """(source-term occurrences, those rendered acceptably), nested ones included."""
        tally = self.tally()
        return tally.occurrences, tally.rendered

    def term_accuracy(self) -> float | None:
        """Share of source-term occurrences rendered acceptably (None without occurrences)."""
        return self.tally().term_accuracy()


class Checker:
    """Check segments against a glossary with the registered checks."""

    def __init__(
        self, glossary: Glossary, config: CheckConfig | None = None, like: Checker | None = None
    ) -> None:
        """A checker; ``like``, a checker of the glossary before a change, shares with it.

        Its source index may share its word boundaries (see :class:`SourceIndex`).
        """
        self.glossary = glossary
        self._like = like
        self.config = config or CheckConfig()
        self.config.validate()  # also loads the built-in check families, once
        self.corpus_ids = corpus_check_ids()
        # The enabled families, by whether they read term occurrences (see _family_issues).
        families = (*FAMILIES.values(), *self.config.custom)
        self._families = {
            flag: tuple(f for f in families if f.uses_terms == flag and self._enabled(f.ids))
            for flag in (False, True)
        }
        # Wrong renderings located with confidence, per term: preferred elsewhere in the corpus.
        # Replaced whole or added to through learn() only: `lessons` counts what learn() took.
        self.known: dict[str, set[str]] = {}
        self.lessons = 0

    def __getstate__(self) -> dict[str, object]:
        """What a worker started afresh is sent (see parallel): the index is rebuilt there."""
        state = dict(self.__dict__)
        state.pop("index", None)
        state["_like"] = None
        return state

    @cached_property
    def index(self) -> SourceIndex:
        """The source index of the glossary's terms, built when first needed.

        A re-opened review shows stored results: the first screen does not wait for it.
        """
        like, self._like = self._like, None  # not kept: checkers do not chain
        return SourceIndex(self.glossary.terms, like.index if like is not None else None)

    def _context(self, segment: Segment, occurrences: Iterable[TermOccurrence]) -> SegmentContext:
        return SegmentContext(
            segment, tuple(occurrences), self.glossary.source_lang, self.glossary.target_lang
        )

    def _enabled(self, ids: Iterable[str]) -> bool:
        return any(check not in self.config.disabled for check in ids)

    def _configured(self, issues: Iterable[Issue]) -> Iterator[Issue]:
        """The issues of enabled checks, at their configured severity."""
        for issue in issues:
            if issue.check in self.config.disabled:
                continue
            severity = self.config.severity.get(issue.check)
            yield replace(issue, severity=severity) if severity else issue

    def _family_issues(self, ctx: SegmentContext, uses_terms: bool) -> list[Issue]:
        """Issues of the enabled families that do (or do not) read term occurrences."""
        issues: list[Issue] = []
        plain = not self.config.disabled and not self.config.severity
        for family in self._families[uses_terms]:
            issues.extend(family.run(ctx) if plain else self._configured(family.run(ctx)))
        return issues

    def occurrences(self, segment: Segment) -> Occurrences:
        """The segment's occurrence record (with the wrong renderings learnt so far)."""
        return analyse_terms(self.index, segment, self.known)

    def first_pass(self, segment: Segment) -> tuple[Occurrences, list[Issue]]:
        """Term occurrences (before corpus-wide learning) and the issues of the other checks."""
        if segment.locked:  # not checked, and nothing learnt from it (see _finish)
            return Occurrences(), []
        occurrences = self.first_record(segment)
        return occurrences, self._family_issues(self._context(segment, ()), uses_terms=False)

    def first_record(self, segment: Segment) -> Occurrences:
        """The occurrence record of the first pass (nothing learnt; empty when locked)."""
        return Occurrences() if segment.locked else analyse_terms(self.index, segment)

    def _finish(self, segment: Segment, record: Occurrences, others: list[Issue]) -> SegmentResult:
        # Locked segments and protected spans (translate="no", CAT-tool locks) are not checked.
        if segment.locked:
            return SegmentResult(segment, (), Occurrences())
        spans = shield(segment.source, segment.target, segment.codes) if segment.codes else None
        if spans:
            record = Occurrences(tuple(o for o in record if not spans.covers(o.source_span, None)))
            others = [i for i in others if not spans.covers(i.source_span, i.target_span)]
        issues = others + self._family_issues(self._context(segment, record), True)
        if spans:
            issues = [i for i in issues if not spans.covers(i.source_span, i.target_span)]
        return SegmentResult(segment, _ordered(_code_safe(segment, issues)), record)

    def finish(self, segment: Segment, record: Occurrences) -> SegmentResult:
        """The result of a segment from a stored occurrence record: no term matching again.

        The other checks run afresh (they are cheap); a record stored under the same segment
        text, glossary and check configuration gives the same result as :meth:`check_segment`.
        """
        others = self._family_issues(self._context(segment, ()), uses_terms=False)
        return self._finish(segment, record, others)

    @staticmethod
    def learnt(occurrences: Iterable[TermOccurrence]) -> Iterator[tuple[str, str]]:
        """The (term id, wrong rendering) pairs a first-pass record teaches the corpus.

        Forbidden renderings, and wrong ones located with confidence (see :func:`_confident`).
        """
        for occ in occurrences:
            if occ.found and (occ.kind == "forbidden" or _confident(occ)):
                yield occ.term.id, occ.found

    def _may_relocate(self, occ: TermOccurrence) -> bool:
        """Whether a learnt wrong rendering could change where this occurrence is located."""
        if occ.kind not in ("wrong", "absent") or occ.nested:
            return False
        known = self.known.get(occ.term.id, set())
        return any(k != occ.found for k in known)

    def check_segment(self, segment: Segment) -> SegmentResult:
        """Check one segment (using wrong renderings learnt from earlier segments)."""
        return self.finish(segment, self.occurrences(segment))

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
        first pass (default: all cores for a large corpus, see :func:`default_jobs`).
        """
        return CheckResult(tuple(self.corpus_results(corpus, progress, cancel, jobs)))

    @overload
    def corpus_results(
        self,
        corpus: Corpus | Iterable[Segment],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        jobs: int | None = None,
    ) -> Generator[SegmentResult, None, None]: ...

    @overload
    def corpus_results(
        self,
        corpus: Corpus | Iterable[Segment],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        jobs: int | None = None,
        *,
        made: Callable[[SegmentResult], T],
    ) -> Generator[T, None, None]: ...

    def corpus_results(
        self,
        corpus: Corpus | Iterable[Segment],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        jobs: int | None = None,
        *,
        made: Callable[[SegmentResult], Any] | None = None,
    ) -> Generator[Any, None, None]:
        """:meth:`check_corpus`'s results one at a time, in corpus order, none kept.

        The first pass and what it teaches the corpus (:attr:`known`) are done before this
        returns; each result is finished when it is asked for (a few chunks ahead, by the
        workers, when there are several), so a caller storing them as they come never holds
        them all. With ``made``, each result is given as ``made(result)``, made where the result
        is (in a worker: a module-level function whose value pickles), so that turning results
        into what the caller keeps is shared by the workers too. Close the generator when
        stopping early (it ends the workers).
        """
        segments = list(corpus.segments if isinstance(corpus, Corpus) else corpus)
        if jobs is None:
            jobs = default_jobs(len(segments), fresh_workers=True)
        extra: dict[str, list[Issue]] = {}

        def corpus_level() -> None:
            extra.update(self._corpus_extra(segments))

        if jobs > 1:
            with fewer_collections():  # the workers are forked with it too
                workers = Workers(self, segments, jobs)
                first, learnt = workers.first_pass(progress, cancel, meanwhile=corpus_level)
            self.learn(learnt)

            def finished() -> Generator[Any, None, None]:
                try:
                    with fewer_collections():
                        yield None  # started here, so that closing it ends the workers
                        yield from workers.second_pass(first, extra, made, cancel)
                finally:
                    workers.close()

            stream = finished()
            next(stream)
            return stream
        with fewer_collections():
            first, learnt = first_pass(self, segments, progress, cancel)
        self.learn(learnt)
        corpus_level()
        passes = unpacked(first, self.glossary.by_id())  # a chunk at a time, given back

        def results() -> Generator[Any, None, None]:
            with fewer_collections():  # the second pass too (a caller streams it)
                for segment, done in zip(segments, passes, strict=True):
                    result = self.joined_pass(segment, done, extra.get(segment.id))
                    yield result if made is None else made(result)

        return results()

    def learn(self, learnt: Iterable[tuple[str, str]]) -> None:
        """Take the wrong renderings a corpus's first passes taught (:meth:`learnt`).

        The one way to add to :attr:`known` in place (``lessons`` tells results kept for an
        earlier state, see ``mtreview.review.check_memo``).
        """
        known = self.known
        for term_id, found in learnt:
            seen = known.setdefault(term_id, set())
            if found not in seen:
                seen.add(found)
                self.lessons += 1

    def joined_pass(
        self, segment: Segment, first: tuple[Occurrences, list[Issue]], corpus: list[Issue] | None
    ) -> SegmentResult:
        """:meth:`second_pass`, and :meth:`with_corpus` the segment's corpus-level issues."""
        result = self.second_pass(segment, first)
        return result if corpus is None else self.with_corpus(result, corpus)

    def second_pass(
        self, segment: Segment, first: tuple[Occurrences, list[Issue]]
    ) -> SegmentResult:
        """A segment's result from its first pass and the wrong renderings learnt corpus-wide.

        The corpus-level families are not run (see :meth:`corpus_issues`).
        """
        occ, others = first
        if any(self._may_relocate(o) for o in occ) and self._known_stand(segment):
            occ = self.occurrences(segment)
        return self._finish(segment, occ, others)

    def _known_stand(self, segment: Segment) -> bool:
        """Whether a wrong rendering learnt for a term of the segment stands in its target.

        Where none does, the learnt renderings change nothing (see :func:`holds_known`): the
        first pass's record is the segment's. Every term whose source the automaton finds counts
        (those the first pass dropped as tentative too).
        """
        known = self.known
        terms = {self.index.terms[i].id for i, _, _ in self.index.candidates(segment.source)}
        learnt = [r for t in terms if t in known for r in known[t]]
        return holds_known(fold(segment.target), learnt)

    def corpus_issues(self, result: SegmentResult, issues: Iterable[Issue]) -> SegmentResult:
        """``result`` with the corpus-level families' issues among ``issues`` added.

        The corpus pass sees segment texts only, so a result stored for the same texts holds
        the issues it would raise; they are joined by :meth:`with_corpus`, the one rule.
        """
        return self.with_corpus(result, [i for i in issues if i.check in self.corpus_ids])

    def _corpus_extra(self, segments: Sequence[Segment]) -> dict[str, list[Issue]]:
        """The issues of the corpus-level families (which see every segment at once), by id."""
        ctx = CorpusContext(tuple(segments), self.glossary.source_lang, self.glossary.target_lang)
        extra: dict[str, list[Issue]] = {}
        for family in CORPUS_FAMILIES.values():
            if self._enabled(family.ids):
                for issue in family.run(ctx):
                    extra.setdefault(issue.segment, []).append(issue)
        return extra

    def with_corpus(self, result: SegmentResult, corpus: Iterable[Issue]) -> SegmentResult:
        """A segment's issues: its own checks' and the corpus-level ``corpus`` issues given.

        The one rule that joins the two (the corpus check and the review both call it): corpus
        issues already in ``result`` are replaced, the new ones configured (disabled checks
        dropped, severities set), none on a locked segment, all in one order with fingerprints.
        """
        if result.segment.locked:
            return result
        own = [i for i in result.issues if i.check not in self.corpus_ids]
        added = self.corpus_part(result.segment, corpus)
        if not added and len(own) == len(result.issues):
            return result
        return replace(result, issues=joined_issues(own, added))

    def corpus_part(self, segment: Segment, corpus: Iterable[Issue]) -> tuple[Issue, ...]:
        """The corpus-level issues :meth:`with_corpus` gives a segment, in their order.

        Each has the fingerprint it has among all the segment's issues (no other check shares
        a corpus-level check's id), so a stored result may keep them apart from the rest and
        join them again with :func:`joined_issues`.
        """
        if segment.locked:
            return ()
        return _ordered(_code_safe(segment, list(self._configured(corpus))))

    @staticmethod
    def copied_fingerprints(part: Sequence[Issue], segments: Sequence[str]) -> list[list[str]]:
        """The fingerprints :meth:`corpus_part` gives copies (ids ``segments``) of a segment.

        For each copy, in ``part``'s order (``part``: the segment's own corpus-level issues):
        the copy's part is ``part`` with these fingerprints. A copy: the same texts, lock and
        inline codes, and the same issues but for their segment id. Every step of the rule but
        the last is decided by the issues and by the texts, lock and codes (which issues stay,
        their severities and fixes, their order), so only the fingerprints (the last step) are
        the copy's own.
        """
        return fingerprints_as(part, segments)


def corpus_check_ids() -> frozenset[str]:
    """The ids of the corpus-level checks (those that compare segments with each other)."""
    all_check_ids()  # loads the built-in families
    return frozenset(check for family in CORPUS_FAMILIES.values() for check in family.ids)


def _code_safe(segment: Segment, issues: list[Issue]) -> list[Issue]:
    """The issues, without the fix where it would drop, add or move an inline code.

    Such a fix (or one changing protected content) is left to the reviewer's hand;
    :func:`code_error` is the rule.
    """
    if not segment.codes:
        return issues
    target, codes, source = segment.target, segment.codes, segment.source
    return [
        replace(i, fix=None)
        if i.fix is not None
        and code_error(target, i.fix.apply(target), codes, source, keep_order=True) is not None
        else i
        for i in issues
    ]


def joined_issues(own: Sequence[Issue], corpus: Sequence[Issue]) -> tuple[Issue, ...]:
    """A segment's own checks' issues and its corpus-level ones, in one order (fingerprinted).

    The rule of :meth:`Checker.with_corpus`; ``own`` alone when there is no corpus-level one.
    """
    return _ordered([*own, *corpus]) if corpus else tuple(own)


def _ordered(issues: list[Issue]) -> tuple[Issue, ...]:
    """A segment's issues in target order, with fingerprints."""
    issues.sort(
        key=lambda i: (
            i.target_span or (10**9, 0),
            i.source_span or (0, 0),
            i.check,
            i.term or "",
            i.message,
        )
    )
    return tuple(with_fingerprints(issues))


def _confident(occ: TermOccurrence) -> bool:
    """A located wrong rendering that shares a content word with the term's rendering."""
    if occ.kind != "wrong" or not occ.found:
        return False
    found = {stem(w) for w in occ.found.split()}
    return any(stem(w) in found for r in occ.term.accepted for w in r.split() if len(w) > 3)
