"""Glossary maintenance inside a review: list, add, edit and delete terms of the open project.

Every change is validated with the loader's rules (:func:`mtreview.glossary.lint.check_term`),
written atomically with :func:`~mtreview.glossary.yaml_io.save_glossary`, re-checks the whole
corpus and is logged as one action (``glossary-add``, ``glossary-edit``, ``glossary-delete``,
``glossary-reload``; before and after are the term as JSON) in the same transaction as the new
issue cache. A glossary file changed on disk since it was loaded is never overwritten: the change
raises :class:`GlossaryConflict` with what differs, and the reviewer reloads or merges.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick_rs

from mtreview.corpus.export import reviewed_corpus
from mtreview.corpus.textio import read_text
from mtreview.errors import MtreviewError
from mtreview.glossary.lint import Finding, check_term
from mtreview.glossary.model import Glossary, Term, slugify
from mtreview.glossary.rules import validate
from mtreview.glossary.yaml_io import (
    dump_glossary,
    header_comments,
    load_glossary,
    parse_glossary,
    save_glossary,
    term_to_dict,
)
from mtreview.paths import demo_dir
from mtreview.review import ReviewProgress, glossary_meta, issue_keys, issues_json
from mtreview.scoring.engine import Checker, Progress
from mtreview.service import ReviewService

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


def _file_hash(path: str) -> str:
    data = Path(path).read_bytes() if Path(path).is_file() else b""
    return hashlib.sha256(data).hexdigest()


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
        return self.review.project.meta().get("glossary_path") or self.glossary.path or ""

    def rows(self, text: str = "") -> tuple[TermRow, ...]:
        """The terms in file order with their occurrence counts, those matching ``text``."""
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
        """Segments whose source contains each term's source (one Aho-Corasick pass)."""
        terms = self.glossary.terms
        if not terms:
            return {}
        automaton = ahocorasick_rs.AhoCorasick([t.source for t in terms])
        counts = [0] * len(terms)
        for (source,) in self.review.project.db.execute("SELECT source FROM segments"):
            found = {i for i, _s, _e in automaton.find_matches_as_indexes(source, overlapping=True)}
            for index in found:
                counts[index] += 1
        return {t.id: n for t, n in zip(terms, counts, strict=True)}

    def check(self, raw: dict[str, Any], replacing: str | None = None) -> tuple[Finding, ...]:
        """The findings a new or edited term brings (``critical`` ones block saving)."""
        return tuple(check_term(self.glossary, raw, replacing))

    def difference(self) -> DiskDifference | None:
        """How the file on disk differs from the loaded glossary, or ``None`` when it does not."""
        path = self.path
        if _file_hash(path) == self.review.project.meta().get("glossary_hash"):
            return None
        try:
            theirs = load_glossary(path)
        except MtreviewError as exc:
            return DiskDifference(path, (), str(exc))
        return DiskDifference(path, tuple(term_differences(self.glossary, theirs)))

    def add(self, raw: dict[str, Any], progress: Progress | None = None) -> GlossaryChange:
        """Add a term (validated; the file must not have changed on disk)."""
        taken = self.glossary.by_id()
        if not raw.get("id") and isinstance(raw.get("target"), str):
            raw = {"id": free_id(slugify(raw["target"]), taken), **raw}
        term = self._validated(raw, None)
        if term.id in taken:
            raise MtreviewError(f"a term with id {term.id!r} exists already")
        terms = (*self.glossary.terms, term)
        return self._commit(terms, "glossary-add", term.id, None, term, progress)

    def update(
        self, term_id: str, raw: dict[str, Any], progress: Progress | None = None
    ) -> GlossaryChange:
        """Replace term ``term_id`` by the term ``raw`` describes (it may change the id)."""
        old = self._term(term_id)
        term = self._validated({"id": term_id, **raw}, term_id)
        terms = tuple(term if t.id == term_id else t for t in self.glossary.terms)
        return self._commit(terms, "glossary-edit", term_id, old, term, progress)

    def add_forbidden(
        self, term_id: str, rendering: str, progress: Progress | None = None
    ) -> GlossaryChange:
        """Record ``rendering`` as a forbidden rendering of term ``term_id``."""
        raw = term_to_dict(self._term(term_id))
        raw["forbidden"] = [*raw.get("forbidden", []), rendering.strip()]
        return self.update(term_id, raw, progress)

    def delete(self, term_id: str, progress: Progress | None = None) -> GlossaryChange:
        """Remove term ``term_id``."""
        old = self._term(term_id)
        terms = tuple(t for t in self.glossary.terms if t.id != term_id)
        return self._commit(terms, "glossary-delete", term_id, old, None, progress)

    def reload(self, progress: Progress | None = None) -> GlossaryChange:
        """Take the glossary file as it is on disk now (dropping nothing of the review)."""
        before = self.review.project.meta().get("glossary_hash")
        glossary = load_glossary(self.path)
        return self._apply(
            glossary, "glossary-reload", None, before, _file_hash(self.path), progress
        )

    def _term(self, term_id: str) -> Term:
        term = self.glossary.by_id().get(term_id)
        if term is None:
            raise MtreviewError(f"no term {term_id!r} in the glossary")
        return term

    def _validated(self, raw: dict[str, Any], replacing: str | None) -> Term:
        raw = {k: v for k, v in raw.items() if v not in (None, "", [], ())}
        fatal = [f for f in self.check(raw, replacing) if f.severity == "critical"]
        if fatal:
            raise MtreviewError(fatal[0].message, self.path or None)
        langs = {"source_lang": self.glossary.source_lang, "target_lang": self.glossary.target_lang}
        built = validate({**langs, "terms": [raw]}, self.path, [])
        assert built is not None and built.terms
        term = built.terms[0]
        return Term(**{**{n: getattr(term, n) for n in Term.__slots__}, "line": None})

    def _commit(
        self,
        terms: tuple[Term, ...],
        kind: str,
        term_id: str,
        before: Term | None,
        after: Term | None,
        progress: Progress | None,
    ) -> GlossaryChange:
        if Path(self.path).resolve().is_relative_to(demo_dir().resolve()):
            raise MtreviewError(
                "the bundled demo glossary is read-only: start over with `mtreview demo --reset`"
                " to edit a copy",
                self.path,
            )
        difference = self.difference()
        if difference is not None:
            raise GlossaryConflict(difference)
        old = self.glossary
        glossary = Glossary(terms, old.source_lang, old.target_lang, self.path, old.extra)
        # Read back what will be written: it must load, and terms get their new lines.
        glossary = parse_glossary(dump_glossary(glossary), self.path)
        # The file's leading comments are kept (other comments are not: PyYAML drops them).
        header = header_comments(read_text(self.path)) if Path(self.path).is_file() else ""
        save_glossary(glossary, self.path, header)
        return self._apply(glossary, kind, term_id, term_json(before), term_json(after), progress)

    def _apply(
        self,
        glossary: Glossary,
        kind: str,
        term_id: str | None,
        before: str | None,
        after: str | None,
        progress: Progress | None,
    ) -> GlossaryChange:
        """Re-check the corpus with ``glossary``; store issues, metadata and the action at once."""
        started = time.perf_counter()
        review = self.review
        checker = Checker(glossary)
        result = checker.check_corpus(reviewed_corpus(review.project).segments, progress=progress)
        cache = [issues_json(r.issues) for r in result.results]
        with review.project.transaction() as db:
            db.executemany(
                "UPDATE segments SET issues = ? WHERE pos = ?",
                [(c, p) for p, c in enumerate(cache)],
            )
            meta = glossary_meta(glossary, checker)
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
            action = review.project.log(db, review.reviewer, None, kind, term_id, before, after)
        review.glossary, review.checker = glossary, checker
        review.issue_keys = [issue_keys(r.issues) for r in result.results]
        review._count_all()
        review._track(action)
        seconds = time.perf_counter() - started
        return GlossaryChange(kind, term_id, before, after, review.progress(), seconds)
