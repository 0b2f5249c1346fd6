"""Glossary maintenance inside a review: list, add, edit and delete terms of the open project.

Every change is validated with the loader's rules (:func:`mtreview.glossary.lint.check_term`),
written atomically (only the term's own lines where :mod:`mtreview.glossary.yaml_patch` can tell
them, else the whole glossary), re-checks the
segments it touches (:mod:`mtreview.scoring.incremental`; the whole corpus when it cannot tell)
and is logged as one action (``glossary-add``, ``glossary-edit``, ``glossary-delete``,
``glossary-reload``; before and after are the term as JSON) in the same transaction as the new
check results.

The file is compared at write time, holding the project's write lock: when it changed on disk
since it was loaded (another session, an editor), the change is made again on top of the file
as it is now, so two sessions adding terms keep both. Only a change to a term that was itself
changed on disk raises :class:`GlossaryConflict` with what differs; nothing is written then,
and the reviewer reloads or merges.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, overload
from weakref import WeakKeyDictionary

from mtreview.corpus.model import Segment
from mtreview.corpus.textio import decode_bytes, write_text_atomic
from mtreview.errors import MtreviewError
from mtreview.glossary.lint import Finding, check_term
from mtreview.glossary.model import Glossary, Term, slugify
from mtreview.glossary.rules import validate
from mtreview.glossary.yaml_io import (
    dump_glossary,
    header_comments,
    parse_glossary,
    term_to_dict,
)
from mtreview.glossary.yaml_patch import patch_glossary
from mtreview.paths import demo_dir
from mtreview.review import glossary_file
from mtreview.review.glossary_file import GlossaryFile, file_hash, read_glossary
from mtreview.review.models import ReviewProgress
from mtreview.review.service import ReviewService
from mtreview.review.store import Store
from mtreview.review.store_records import Entry, stored_issues
from mtreview.review.store_schema import decoding
from mtreview.scoring.engine import Checker, CheckResult, Progress
from mtreview.scoring.incremental import Recheck, SourceText, recheck
from mtreview.scoring.issues import Issue

# The folded sources of each open project (sources never change), for finding what a change touches.
_SOURCES: WeakKeyDictionary[Store, SourceText] = WeakKeyDictionary()

GLOSSARY_KINDS = ("glossary-add", "glossary-edit", "glossary-delete", "glossary-reload")


@dataclass(frozen=True, slots=True)
class TermRow:
    """One line of the glossary table; ``occurrences`` counts segments whose source holds it."""

    id: str
    source: str
    target: str
    variants: tuple[str, ...]
    forbidden: tuple[str, ...]
    status: str
    severity: str
    occurrences: int
    note: str

    def matches(self, text: str) -> bool:
        """Whether ``text`` (case-insensitive) is in any of the row's fields."""
        needle = text.casefold()
        fields = (self.id, self.source, self.target, self.note, *self.variants, *self.forbidden)
        fields += (self.status, self.severity)
        return any(needle in f.casefold() for f in fields)


@dataclass(frozen=True, slots=True)
class GlossaryChange:
    """What a glossary change did: its action, the term before and after, the new counts."""

    kind: str
    term: str | None
    before: str | None
    after: str | None
    progress: ReviewProgress
    seconds: float
    rechecked: int | None = None  # segments re-checked; None: the whole corpus


@dataclass(frozen=True, slots=True)
class DiskDifference:
    """How the glossary file on disk differs from the one the project loaded."""

    path: str
    lines: tuple[str, ...]
    error: str | None = None


class GlossaryConflict(MtreviewError):
    """The glossary file changed on disk since it was loaded: nothing was written."""

    def __init__(self, difference: DiskDifference) -> None:
        super().__init__("the glossary file changed on disk since it was loaded", difference.path)
        self.difference = difference


def term_json(term: Term | None) -> str | None:
    """A term as the JSON the action log keeps (the YAML mapping's fields and order)."""
    return None if term is None else json.dumps(term_to_dict(term), ensure_ascii=False)


def free_id(base: str, taken: dict[str, Term]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first not taken (as the loader derives ids)."""
    n, found = 2, base
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


def term_differences(mine: Glossary, theirs: Glossary) -> list[str]:
    """Term-level differences, one line each: ``+`` only on disk, ``-`` only here, ``~`` changed."""
    here, there = mine.by_id(), theirs.by_id()
    out = []
    for term_id, term in there.items():
        if term_id not in here:
            out.append(f"+ {term.source} → {term.target}  [{term_id}] (added on disk)")
    for term_id, term in here.items():
        other = there.get(term_id)
        if other is None:
            out.append(f"- {term.source} → {term.target}  [{term_id}] (removed on disk)")
            continue
        a, b = term_to_dict(term), term_to_dict(other)
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                out.append(f"~ {term.source} [{term_id}] {key}: {a.get(key)!r} → {b.get(key)!r}")
    if not out and mine.extra != theirs.extra:
        out.append("~ glossary fields (name, description or x- keys) differ")
    return out or ["(only layout or comments differ)"]


@dataclass(frozen=True, slots=True)
class _Planned:
    """A change made on one version of the glossary: the glossary it gives and its action."""

    glossary: Glossary
    kind: str
    term: str | None
    before: str | None
    after: str | None


Plan = Callable[[Glossary], _Planned]


class _Moved(Exception):
    """The file changed between reading it and writing it: read it again."""


class GlossaryService:
    """Glossary actions on the project a :class:`ReviewService` holds open."""

    def __init__(self, review: ReviewService) -> None:
        self.review = review

    @property
    def glossary(self) -> Glossary:
        """The glossary in use."""
        return self.review.glossary

    @property
    def path(self) -> str:
        """The glossary file the project names."""
        return str(self.review.glossary_path)

    def rows(self, text: str = "") -> tuple[TermRow, ...]:
        """The terms in file order with their segment counts, those matching ``text``."""
        counts = self.occurrences()
        rows = (
            TermRow(
                t.id,
                t.source,
                t.target,
                t.variants,
                t.forbidden,
                t.status,
                t.severity,
                counts.get(t.id, 0),
                t.note,
            )
            for t in self.glossary.terms
        )
        return tuple(r for r in rows if not text or r.matches(text))

    def occurrences(self) -> dict[str, int]:
        """How many segments hold each term, from the stored term occurrences."""
        return self.review.store.term_counts()

    def check(self, raw: dict[str, Any], replacing: str | None = None) -> tuple[Finding, ...]:
        """The findings a new or edited term brings (``critical`` ones block saving)."""
        return tuple(check_term(self.glossary, raw, replacing))

    def difference(self) -> DiskDifference | None:
        """How the file on disk differs from the loaded glossary, or ``None`` when it does not."""
        path = self.path
        if file_hash(path) == self.review.glossary_hash:
            return None
        try:
            theirs = read_glossary(path).glossary
        except MtreviewError as exc:
            return DiskDifference(path, (), str(exc))
        return DiskDifference(path, tuple(term_differences(self.glossary, theirs)))

    def add(self, raw: dict[str, Any], progress: Progress | None = None) -> GlossaryChange:
        """Add a term (validated against the glossary as it is on disk when written)."""

        def plan(base: Glossary) -> _Planned:
            given = dict(raw)
            taken = base.by_id()
            if not given.get("id") and isinstance(given.get("target"), str):
                given = {"id": free_id(slugify(given["target"]), taken), **given}
            term = self._validated(base, given, None)
            if term.id in taken:
                raise MtreviewError(f"a term with id {term.id!r} exists already")
            terms = (*base.terms, term)
            return _Planned(_with(base, terms), "glossary-add", term.id, None, term_json(term))

        return self._change(plan, progress)

    def update(
        self, term_id: str, raw: dict[str, Any], progress: Progress | None = None
    ) -> GlossaryChange:
        """Replace term ``term_id`` by the term ``raw`` describes (it may change the id)."""
        old = self._term(self.glossary, term_id)

        def plan(base: Glossary) -> _Planned:
            self._unchanged_on_disk(base, term_id, old)
            term = self._validated(base, {"id": term_id, **raw}, term_id)
            terms = tuple(term if t.id == term_id else t for t in base.terms)
            before, after = term_json(old), term_json(term)
            return _Planned(_with(base, terms), "glossary-edit", term_id, before, after)

        return self._change(plan, progress)

    def add_forbidden(
        self, term_id: str, rendering: str, progress: Progress | None = None
    ) -> GlossaryChange:
        """Record ``rendering`` as a forbidden rendering of term ``term_id``."""
        raw = term_to_dict(self._term(self.glossary, term_id))
        raw["forbidden"] = [*raw.get("forbidden", []), rendering.strip()]
        return self.update(term_id, raw, progress)

    def delete(self, term_id: str, progress: Progress | None = None) -> GlossaryChange:
        """Remove term ``term_id``."""
        old = self._term(self.glossary, term_id)

        def plan(base: Glossary) -> _Planned:
            self._unchanged_on_disk(base, term_id, old)
            terms = tuple(t for t in base.terms if t.id != term_id)
            return _Planned(_with(base, terms), "glossary-delete", term_id, term_json(old), None)

        return self._change(plan, progress)

    def reload(self, progress: Progress | None = None) -> GlossaryChange:
        """Take the glossary file as it is on disk now (dropping nothing of the review)."""
        before = self.review.glossary_hash

        def plan(base: Glossary) -> _Planned:
            return _Planned(base, "glossary-reload", None, before, None)

        return self._change(plan, progress, write=False)

    @staticmethod
    def _term(glossary: Glossary, term_id: str) -> Term:
        term = glossary.by_id().get(term_id)
        if term is None:
            raise MtreviewError(f"no term {term_id!r} in the glossary")
        return term

    def _unchanged_on_disk(self, base: Glossary, term_id: str, mine: Term) -> None:
        """Refuse to change a term that was changed (or removed) on disk meanwhile."""
        theirs = base.by_id().get(term_id)
        if theirs is None or term_to_dict(theirs) != term_to_dict(mine):
            difference = self.difference() or DiskDifference(self.path, ())
            raise GlossaryConflict(difference)

    def _validated(self, base: Glossary, raw: dict[str, Any], replacing: str | None) -> Term:
        raw = {k: v for k, v in raw.items() if v not in (None, "", [], ())}
        fatal = [f for f in check_term(base, raw, replacing) if f.severity == "critical"]
        if fatal:
            raise MtreviewError(fatal[0].message, self.path or None)
        langs = {"source_lang": base.source_lang, "target_lang": base.target_lang}
        built = validate({**langs, "terms": [raw]}, self.path, [])
        assert built is not None and built.terms
        term = built.terms[0]
        return Term(**{**{n: getattr(term, n) for n in Term.__slots__}, "line": None})

    def _disk(self) -> tuple[Glossary, str, str]:
        """The glossary on disk now, the hash of its bytes and its text."""
        path = Path(self.path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise MtreviewError(f"cannot read the glossary: {exc.strerror}", path) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest == self.review.glossary_hash:
            return self.glossary, digest, decode_bytes(data, path)
        try:
            text = decode_bytes(data, path)
            if glossary_file.is_yaml(path):
                theirs = parse_glossary(text, str(path))
            else:
                theirs = read_glossary(path).glossary
        except MtreviewError as exc:
            raise GlossaryConflict(DiskDifference(str(path), (), str(exc))) from None
        return theirs, digest, text

    def _written(self, text: str, base: Glossary, glossary: Glossary) -> tuple[str, GlossaryFile]:
        """The file ``text`` (holding ``base``) changed to hold ``glossary``, and what it reads as.

        Only the changed term's lines are rewritten where :func:`patch_glossary` can tell them
        (the other terms and every comment stay as they were, nothing is parsed again); else the
        whole glossary is written after the file's leading comments, and parsed back.
        """
        patched = patch_glossary(text, base, glossary, self.path)
        if patched is not None:
            text, glossary = patched.text, patched.glossary
        else:
            text = header_comments(text.replace("\r\n", "\n")) + dump_glossary(glossary)
            glossary = parse_glossary(text, self.path)
        return text, GlossaryFile(glossary, hashlib.sha256(text.encode()).hexdigest())

    def catch_up(self, old: Checker) -> bool:
        """Bring results stored with ``old``'s glossary up to the one in use.

        Only what the difference touches is re-checked (see :meth:`_recheck`); ``False`` when
        everything needs it.
        """
        review = self.review
        current, review.checker = review.checker, old
        try:
            redone = self._recheck(current)
        finally:
            review.checker = current
        if redone is None:
            return False
        found = GlossaryFile(review.glossary, review.glossary_hash)
        result = CheckResult(tuple(redone.results.values()))
        review.adopt(found, current, result, positions=list(redone.results))
        return True

    def _recheck(self, checker: Checker) -> Recheck | None:
        """Re-check what a change to ``checker``'s glossary touches (None: check everything).

        See :mod:`mtreview.scoring.incremental`; the segments keep the wrong renderings learnt
        for the terms the change leaves alone.
        """
        review = self.review
        sources = source_text(review.store)
        segments = _Reviewed(review)

        def stored(positions: Sequence[int]) -> dict[int, list[Issue]]:
            out = {}
            with decoding(review.store.path):
                for pos in positions:
                    now = review.store.segment_now(pos)
                    out[pos] = list(stored_issues(now)) if now.detail else []
            return out

        return recheck(review.checker, checker, segments, sources, stored)

    def _change(self, plan: Plan, progress: Progress | None, write: bool = True) -> GlossaryChange:
        """Make a planned change on the file as it is, re-check, then save and log at once."""
        self.review.require_writable()
        if write and Path(self.path).resolve().is_relative_to(demo_dir().resolve()):
            raise MtreviewError(
                "the bundled demo glossary is read-only: start over with `mtreview demo --reset`"
                " to edit a copy",
                self.path,
            )
        if write and not glossary_file.is_yaml(self.path):
            name = Path(self.path).name
            raise MtreviewError(
                f"term changes are saved to YAML glossaries only; convert this one with"
                f" `mtreview glossary convert {name} {Path(name).stem}.yaml` and review with that",
                self.path,
            )
        started = time.perf_counter()
        for _attempt in range(5):
            base, disk_hash, text = self._disk()
            planned = plan(base)
            if write:
                text, found = self._written(text, base, planned.glossary)
            else:
                found = GlossaryFile(planned.glossary, disk_hash)
            checker = self.review.new_checker(found.glossary, self.review.checker)
            redone = self._recheck(checker)
            if redone is None:
                result, positions = self.review.check_all(checker, progress), None
            else:
                result = CheckResult(tuple(redone.results.values()))
                positions = list(redone.results)

            def before_commit(disk_hash: str = disk_hash, text: str = text) -> None:
                if file_hash(self.path) != disk_hash:
                    raise _Moved
                if write:
                    try:
                        write_text_atomic(self.path, text)  # the text hashed above
                    except OSError as exc:
                        why = exc.strerror or str(exc)
                        raise MtreviewError(f"cannot save the glossary: {why}", self.path) from None

            review = self.review
            after = planned.after if write else found.hash
            entry = Entry(
                review.reviewer, review.session, planned.kind, None, planned.term, planned.before
            )
            entry = replace(entry, after=after)
            try:
                review.adopt(found, checker, result, entry, before_commit, positions)
            except _Moved:
                continue
            seconds = time.perf_counter() - started
            progress_now = review.progress()
            rechecked = len(result.results) if positions is not None else None
            return GlossaryChange(
                planned.kind, planned.term, planned.before, after, progress_now, seconds, rechecked
            )
        raise MtreviewError("the glossary file keeps changing on disk: try again", self.path)


def source_text(store: Store) -> SourceText:
    """The folded sources of an open project, folded once while it is open.

    Sources never change; :meth:`ReviewService.warm_up` folds them in a worker (about 2 s of
    CPU for 100,000 paragraphs) so that the first glossary change does not.
    """
    sources = _SOURCES.get(store)
    if sources is None:
        sources = _SOURCES[store] = SourceText(row[1] for row in store.texts())
    return sources


class _Reviewed(Sequence[Segment]):
    """The project's segments with their reviewed targets, read one by one when asked for."""

    def __init__(self, review: ReviewService) -> None:
        self._review = review

    def __len__(self) -> int:
        return len(self._review)

    @overload
    def __getitem__(self, pos: int) -> Segment: ...

    @overload
    def __getitem__(self, pos: slice) -> Sequence[Segment]: ...

    def __getitem__(self, pos: int | slice) -> Segment | Sequence[Segment]:
        if isinstance(pos, slice):
            return [self[p] for p in range(len(self))[pos]]
        now = self._review.store.segment_now(pos)
        return replace(now.original, target=now.target)


def _with(base: Glossary, terms: tuple[Term, ...]) -> Glossary:
    return Glossary(terms, base.source_lang, base.target_lang, base.path, base.extra)
