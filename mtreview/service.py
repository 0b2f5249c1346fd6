"""The one door from the CLI (and the TUI) into the core.

Functions here take paths and options as the user gave them and return core objects, raising
one-line :class:`~mtreview.errors.MtreviewError` for bad input.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview import review_find
from mtreview.corpus.export import export_project, reviewed_corpus
from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus
from mtreview.corpus.project import Action, Project
from mtreview.corpus.tsv import read_parallel
from mtreview.errors import MtreviewError
from mtreview.glossary.load import load_glossaries, load_glossary
from mtreview.glossary.model import Glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import (
    CONFIRMED,
    TODO,
    Filter,
    ReviewProgress,
    SegmentRow,
    SegmentState,
    glossary_hash,
    glossary_meta,
    issue_keys,
    issues_json,
)
from mtreview.scoring.engine import CheckConfig, Checker, CheckResult, Progress

if TYPE_CHECKING:
    from mtreview.review_scores import ProjectScores


def load_inputs(
    corpus: str | Path | None,
    glossary: str | Path | Sequence[str | Path] | None,
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
    demo: bool = False,
    languages: tuple[str | None, str | None] = (None, None),
    on_notice: Callable[[str], None] | None = None,
) -> tuple[Corpus, Glossary]:
    """Resolve what the user named into a corpus and a glossary.

    Exactly one of ``corpus``, ``source``+``target`` or ``demo`` must be given; the glossary
    defaults to the demo's only with ``demo``. A corpus that does not name its languages
    (TSV, JSONL, parallel text) takes ``languages`` (the command's flags), else the glossary's.
    Glossaries may be of any format, several merged the first winning
    (:func:`mtreview.glossary.load.load_glossaries`); its notices and conflicts go to
    ``on_notice``.
    """
    if demo:
        if corpus is not None or source is not None or target is not None:
            raise MtreviewError("--demo takes no corpus: give one or the other")
        corpus = demo_corpus()
        glossary = glossary or demo_glossary()
    if (source is None) != (target is None):
        raise MtreviewError("--source and --target go together: give both parallel files")
    if source is not None and corpus is not None:
        raise MtreviewError("give a corpus file or --source/--target, not both")
    if corpus is None and source is None:
        raise MtreviewError("no corpus: give a corpus file, --source/--target, or --demo")
    if glossary is None or (not isinstance(glossary, str | Path) and not glossary):
        raise MtreviewError("no glossary: give one with -g GLOSSARY.yaml")
    imported = load_glossaries(glossary)
    terms = imported.glossary
    if on_notice is not None:
        for notice in imported.notices:
            on_notice(notice)
    if source is not None and target is not None:
        loaded = read_parallel(source, target)
    else:
        assert corpus is not None
        loaded = read_corpus(corpus)
    src, tgt = languages
    return loaded.with_languages(src or terms.source_lang, tgt or terms.target_lang), terms


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def language_warnings(corpus: Corpus, glossary: Glossary) -> list[str]:
    """Warnings when the corpus's languages (from its file) differ from the glossary's.

    Languages are compared by their primary subtag: ``zh-Hans`` and ``zh-CN`` match ``zh``.
    """
    out = []
    for side, mine, theirs in (
        ("source", corpus.source_lang, glossary.source_lang),
        ("target", corpus.target_lang, glossary.target_lang),
    ):
        if mine and theirs and _primary(mine) != _primary(theirs):
            out.append(
                f"{corpus.path or 'the corpus'}: {side} language is {mine!r} but the glossary's "
                f"is {theirs!r}"
            )
    return out


def run_check(
    corpus: Corpus,
    glossary: Glossary,
    config: CheckConfig | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check a whole corpus against a glossary."""
    return Checker(glossary, config).check_corpus(corpus, progress=progress)


class ReviewService:
    """One open review project and the checker that re-checks its segments.

    Every action is committed to the project (one transaction) before the method returns the
    segment's new state. Positions (``pos``) are 0-based indexes in corpus order.
    """

    def __init__(self, project: Project, glossary: Glossary, checker: Checker, reviewer: str):
        self.project = project
        self.glossary = glossary
        self.checker = checker
        self.reviewer = reviewer
        rows = project.db.execute(
            "SELECT id, status, substr(target, 1, 100), issues FROM segments ORDER BY pos"
        )
        columns = list(zip(*rows, strict=True)) or [(), (), (), ()]
        self.ids: list[str] = list(columns[0])
        self.status: list[str] = list(columns[1])
        self.previews: list[str] = list(columns[2])
        # Most segments have no issue: skip the JSON parser for them (100,000 rows open in <1 s).
        self.issue_keys: list[tuple[tuple[str, str, str], ...]] = [
            () if raw == "[]" else tuple(tuple(i) for i in json.loads(raw)) for raw in columns[3]
        ]
        self.pos_of = {seg_id: pos for pos, seg_id in enumerate(self.ids)}
        self.ignored = project.ignored()
        self._count_all()
        self._done: list[Action] = []
        self._undone: list[Action] = []
        for action in project.actions():
            self._track(action)

    @classmethod
    def create(
        cls,
        path: str | Path,
        corpus: Corpus,
        glossary: Glossary,
        reviewer: str,
        progress: Progress | None = None,
    ) -> ReviewService:
        """Create a project at ``path`` from a corpus and glossary (runs the full check)."""
        if Path(path).exists():
            raise MtreviewError("project already exists", path)
        checker = Checker(glossary)
        result = checker.check_corpus(corpus, progress=progress)
        project = Project(path)
        project.store_corpus(
            corpus,
            glossary_meta(glossary, checker),
            [issues_json(r.issues) for r in result.results],
        )
        return cls(project, glossary, checker, reviewer)

    @classmethod
    def open(
        cls, path: str | Path, reviewer: str, progress: Progress | None = None
    ) -> ReviewService:
        """Resume a project; a changed glossary file triggers a full re-check."""
        if not Path(path).is_file():
            raise MtreviewError("no such project", path)
        project = Project(path)
        if project.empty:
            project.close()
            raise MtreviewError("not a review project (no segments)", path)
        meta = project.meta()
        glossary = load_glossary(meta["glossary_path"])
        checker = Checker(glossary)
        if meta.get("glossary_hash") == glossary_hash(glossary):
            known = json.loads(meta.get("known", "{}"))
            checker.known = {term: set(found) for term, found in known.items()}
            return cls(project, glossary, checker, reviewer)
        service = cls(project, glossary, checker, reviewer)
        service.recheck_all(progress)
        return service

    @classmethod
    def open_or_create(
        cls,
        project: str | Path,
        corpus: str | Path,
        glossary: str | Path,
        reviewer: str,
        progress: Progress | None = None,
    ) -> ReviewService:
        """Resume ``project`` when it exists, else create it from the corpus and glossary."""
        if Path(project).exists():
            return cls.open(project, reviewer, progress)
        loaded, terms = load_inputs(corpus, glossary)
        return cls.create(project, loaded, terms, reviewer, progress)

    def recheck_all(self, progress: Progress | None = None) -> None:
        """Check every reviewed segment again and store the issue cache (one transaction)."""
        self.checker.known = {}
        segments = reviewed_corpus(self.project).segments
        result = self.checker.check_corpus(segments, progress=progress)
        cache = [issues_json(r.issues) for r in result.results]
        with self.project.transaction() as db:
            db.executemany(
                "UPDATE segments SET issues = ? WHERE pos = ?",
                [(c, p) for p, c in enumerate(cache)],
            )
            meta = glossary_meta(self.glossary, self.checker)
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
        self.issue_keys = [issue_keys(r.issues) for r in result.results]
        self._count_all()

    def close(self) -> None:
        """Close the project."""
        self.project.close()

    def __len__(self) -> int:
        return len(self.ids)

    def _count(self, keys: tuple[tuple[str, str, str], ...]) -> int:
        return sum(1 for key in keys if key[0] not in self.ignored) if keys else 0

    def _recount(self, pos: int, keys: tuple[tuple[str, str, str], ...] | None = None) -> None:
        if keys is not None:
            self.issue_keys[pos] = keys
        before, after = self.open_counts[pos], self._count(self.issue_keys[pos])
        self.open_counts[pos] = after
        self._open_total += after - before
        self._with_issues += bool(after) - bool(before)

    def _count_all(self) -> None:
        self.open_counts = [self._count(keys) for keys in self.issue_keys]
        self._open_total = sum(self.open_counts)
        self._with_issues = len(self.open_counts) - self.open_counts.count(0)
        self._confirmed = self.status.count(CONFIRMED)

    def target(self, pos: int) -> str:
        """The current reviewed target of segment ``pos``."""
        row = self.project.db.execute("SELECT target FROM segments WHERE pos = ?", (pos,))
        return str(row.fetchone()[0])

    def open_issues(self, pos: int) -> int:
        """The number of issues of a segment that are not ignored."""
        return self.open_counts[pos]

    def row(self, pos: int) -> SegmentRow:
        """The list line of one segment."""
        preview = " ".join(self.previews[pos].split())
        return SegmentRow(pos, self.ids[pos], self.status[pos], self.open_issues(pos), preview)

    def progress(self) -> ReviewProgress:
        """Counts of confirmed segments and open issues."""
        return ReviewProgress(len(self.ids), self._confirmed, self._open_total, self._with_issues)

    def warm_up(self) -> None:
        """Load jieba's dictionary now (about a second), not on the reviewer's first action.

        Touches no database, so a worker thread may run it while the screen reads the project.
        """
        self.checker.index.boundaries.tokenizer  # noqa: B018 - the property loads it

    def peek(self, pos: int) -> SegmentState:
        """Segment ``pos`` as stored, without re-checking it (no issues or term occurrences)."""
        original = self.project.segment(pos)
        return SegmentState(
            pos,
            original.id,
            original.source,
            self.target(pos),
            original.target,
            self.status[pos],
            (),
            (),
            (),
        )

    def state(self, pos: int) -> SegmentState:
        """Re-check one segment and return what the screen shows of it."""
        original = self.project.segment(pos)
        target = self.target(pos)
        result = self.checker.check_segment(replace(original, target=target))
        self._recount(pos, issue_keys(result.issues))
        issues = tuple(i for i in result.issues if i.fingerprint not in self.ignored)
        terms = tuple({o.term.id: o.term for o in result.occurrences}.values())
        return SegmentState(
            pos,
            original.id,
            original.source,
            target,
            original.target,
            self.status[pos],
            issues,
            result.occurrences,
            terms,
        )

    def next_issue(self, pos: int, step: int = 1) -> int | None:
        """The nearest segment after (``step`` 1) or before (-1) ``pos`` with open issues."""
        p, counts = pos + step, self.open_counts
        while 0 <= p < len(self.ids):
            if counts[p]:
                return p
            p += step
        return None

    def filtered(self, flt: Filter) -> list[int]:
        """The positions the list shows under a filter (see :class:`Filter`)."""
        return review_find.filtered(self, flt)

    def search(self, text: str, after: int) -> int | None:
        """The first segment after ``after`` whose source or target contains ``text``.

        Case-insensitive; wraps round to the start.
        """
        return review_find.search(self, text, after)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Open issues per check and per term id, for the filter menu."""
        return review_find.counts(self)

    def _track(self, action: Action) -> None:
        """Keep the undo and redo stacks in step with the log (glossary changes stay out)."""
        if action.kind.startswith("glossary-"):
            return
        if action.kind == "undo":
            if self._done:
                self._undone.append(self._done.pop())
        elif action.kind == "redo":
            if self._undone:
                self._done.append(self._undone.pop())
        else:
            self._done.append(action)
            self._undone.clear()

    def _set_target(
        self,
        pos: int,
        target: str,
        kind: str,
        fingerprint: str | None = None,
        ref: int | None = None,
    ) -> SegmentState:
        before = self.target(pos)
        original = self.project.segment(pos)
        result = self.checker.check_segment(replace(original, target=target))
        with self.project.transaction() as db:
            db.execute(
                "UPDATE segments SET target = ?, issues = ? WHERE pos = ?",
                (target, issues_json(result.issues), pos),
            )
            action = self.project.log(
                db, self.reviewer, self.ids[pos], kind, fingerprint, before, target, ref
            )
        self.previews[pos] = target[:100]
        self._recount(pos, issue_keys(result.issues))
        self._track(action)
        return self.state(pos)

    def apply_fix(self, pos: int, fingerprint: str) -> SegmentState:
        """Apply the suggested fix of the issue ``fingerprint`` in segment ``pos``."""
        issue = next((i for i in self.state(pos).issues if i.fingerprint == fingerprint), None)
        if issue is None or issue.fix is None:
            raise MtreviewError(f"segment {self.ids[pos]}: no fix for this issue")
        return self._set_target(pos, issue.fix.apply(self.target(pos)), "fix", fingerprint)

    def edit(self, pos: int, target: str) -> SegmentState:
        """Replace the reviewed target of segment ``pos`` (no action when unchanged)."""
        if target == self.target(pos):
            return self.state(pos)
        return self._set_target(pos, target, "edit")

    def ignore(self, pos: int, fingerprint: str) -> SegmentState:
        """Ignore an issue as a false positive, by fingerprint: it stays ignored after re-checks."""
        with self.project.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO ignored (fingerprint, segment) VALUES (?, ?)",
                (fingerprint, self.ids[pos]),
            )
            action = self.project.log(db, self.reviewer, self.ids[pos], "ignore", fingerprint)
        self.ignored.add(fingerprint)
        self._recount(pos)
        self._track(action)
        return self.state(pos)

    def _set_status(self, pos: int, status: str, kind: str, ref: int | None = None) -> SegmentState:
        before = self.status[pos]
        with self.project.transaction() as db:
            db.execute("UPDATE segments SET status = ? WHERE pos = ?", (status, pos))
            action = self.project.log(
                db, self.reviewer, self.ids[pos], kind, None, before, status, ref
            )
        self._confirmed += (status == CONFIRMED) - (self.status[pos] == CONFIRMED)
        self.status[pos] = status
        self._track(action)
        return self.state(pos)

    def confirm(self, pos: int) -> SegmentState:
        """Confirm segment ``pos`` as reviewed (or, when confirmed, put it back to do)."""
        status = TODO if self.status[pos] == CONFIRMED else CONFIRMED
        return self._set_status(pos, status, "confirm")

    def _replay(self, action: Action, kind: str, forward: bool) -> SegmentState | None:
        if action.kind == "fix-all":
            from mtreview.glossary_learn import replay_fix_all

            return replay_fix_all(
                self, action.before or "{}", action.after or "{}", kind, action.id, forward
            )
        pos = self.pos_of[action.segment or ""]
        value = action.after if forward else action.before
        if action.kind in ("fix", "edit"):
            return self._set_target(pos, value or "", kind, action.fingerprint, action.id)
        if action.kind == "confirm":
            return self._set_status(pos, value or TODO, kind, action.id)
        fingerprint = action.fingerprint or ""
        with self.project.transaction() as db:
            if forward:
                db.execute(
                    "INSERT OR REPLACE INTO ignored (fingerprint, segment) VALUES (?, ?)",
                    (fingerprint, action.segment),
                )
            else:
                db.execute("DELETE FROM ignored WHERE fingerprint = ?", (fingerprint,))
            logged = self.project.log(
                db, self.reviewer, action.segment, kind, fingerprint, ref=action.id
            )
        # Memory follows the database only once the transaction has committed.
        if forward:
            self.ignored.add(fingerprint)
        else:
            self.ignored.discard(fingerprint)
        self._recount(pos)
        self._track(logged)
        return self.state(pos)

    def undo(self) -> SegmentState | None:
        """Undo the latest action not yet undone (logged as an ``undo`` action)."""
        return self._replay(self._done[-1], "undo", False) if self._done else None

    def redo(self) -> SegmentState | None:
        """Redo the latest undone action (logged as a ``redo`` action)."""
        return self._replay(self._undone[-1], "redo", True) if self._undone else None

    def last_position(self) -> int | None:
        """The segment of the latest action, where a resumed review picks up."""
        row = self.project.db.execute(
            "SELECT segment FROM actions ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else self.pos_of.get(row[0])

    def export(self, path: str | Path) -> int:
        """Write the reviewed text (see :func:`mtreview.corpus.export.export_project`).

        Uses its own connection, so it may run in a worker while the reviewer goes on.
        """
        project = Project(self.project.path)
        try:
            return export_project(project, path)
        finally:
            project.close()

    def scores(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> ProjectScores:
        """Score the review so far (see :func:`mtreview.review_scores.score_project`).

        Uses its own connection, so it may run in a worker while the reviewer goes on; only
        segments changed since the last scoring are scored again.
        """
        from mtreview.review_scores import score_project  # sacrebleu: only when scoring

        return score_project(self.project.path, self.glossary, progress=progress, cancel=cancel)
