"""The review service: the one door from the TUI and the CLI into an open review project.

A service is one session (:mod:`~mtreview.review.session`: what it shows, other sessions'
changes) with its actions (:mod:`~mtreview.review.actions`: every action committed in one
transaction before it returns the segment's new state); this module opens and creates projects,
runs whole-corpus work (full re-checks, glossary changes) and hands learning, export and scores
to their modules. Positions (``pos``) are 0-based indexes in corpus order.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mtreview import __version__
from mtreview.corpus.model import Corpus
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.review import glossary_file
from mtreview.review.actions import Actions
from mtreview.review.glossary_file import GlossaryFile, read_glossary
from mtreview.review.glossary_snapshot import kept_or_read, restore, snapshot
from mtreview.review.inputs import ConfigFile, review_config
from mtreview.review.models import SegmentState
from mtreview.review.store import Store
from mtreview.review.store_records import (
    RESULTS_FORMAT,
    Action,
    Checked,
    Entry,
    checked,
    issue_keys,
)
from mtreview.review.store_schema import decoding
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.engine import Checker, CheckResult, Progress

LAST_EXPORT = "last_export"
"""The project meta key of the last export path."""

if TYPE_CHECKING:
    from mtreview.review.learn import FixPreview, Learnable
    from mtreview.review.scores import ProjectScores


def results_key(glossary_hash: str, config_hash: str = "") -> str:
    """What stored check results depend on: glossary, checks, config and stored form."""
    checks = ",".join(sorted(all_check_ids()))
    text = f"{RESULTS_FORMAT}|{__version__}|{checks}|{glossary_hash}|{config_hash}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class ReviewService(Actions):
    """One open review project: the door for the TUI and the CLI (see the module docstring)."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        corpus: Corpus,
        glossary: Glossary | GlossaryFile,
        reviewer: str,
        progress: Progress | None = None,
        config: ConfigFile | None = None,
        jobs: int | None = None,
    ) -> ReviewService:
        """Create a project at ``path`` from a corpus and glossary (runs the full check).

        ``glossary``: a glossary read from its file, or the file as read (with its hash:
        it is not read again). ``config``: the checks' configuration (default:
        :func:`review_config` for the corpus, the ``mtreview.toml`` beside it, as
        ``mtreview check`` reads it). ``jobs``: processes for the check (see
        :meth:`Checker.check_corpus`). Each segment's result is stored as it is made.
        """
        store, found, where, config = cls._made(path, corpus, glossary, progress, config, jobs)
        return cls(store, found, where, reviewer, config)

    @staticmethod
    def _made(
        path: str | Path,
        corpus: Corpus,
        glossary: Glossary | GlossaryFile,
        progress: Progress | None,
        config: ConfigFile | None,
        jobs: int | None,
    ) -> tuple[Store, GlossaryFile, Path, ConfigFile]:
        """:meth:`create`'s project, stored and opened (the store, glossary, its path, config)."""
        path = Path(path)
        if path.exists():
            raise MtreviewError("project already exists", path)
        named = glossary.glossary.path if isinstance(glossary, GlossaryFile) else glossary.path
        if not named:
            raise MtreviewError("the glossary must be a file to review with")
        if config is None:
            config = review_config(None, corpus.path)
        found = glossary if isinstance(glossary, GlossaryFile) else read_glossary(named)
        where = Path(named)
        checker = Checker(found.glossary, config.config)
        # each result in its stored form, made by the check's workers when there are several
        results = checker.corpus_results(corpus, progress=progress, jobs=jobs, made=checked)
        with closing(results):  # a failed create ends the check (and its collector setting)
            meta = _glossary_meta(path, where, found.hash, checker, config)
            return Store.create(path, corpus, meta, results), found, where, config

    @classmethod
    def open(
        cls,
        path: str | Path,
        reviewer: str,
        progress: Progress | None = None,
        glossary: str | Path | None = None,
        read_only: bool = False,
        config: str | Path | None = None,
    ) -> ReviewService:
        """Resume a project; a changed glossary file, checks or check config: a full re-check.

        Args:
            path: The project file.
            reviewer: Who acts (logged with every action).
            progress: Called with (done, total) while re-checking.
            glossary: Point the project at this glossary file from now on.
            read_only: Open read-only even when the file could be written.
            config: Check with this ``mtreview.toml`` from now on (default: the one the
                project remembers, else the one beside it; see :func:`review_config`).
        """
        store = Store.open(path, read_only)
        try:
            if store.size() == 0:
                raise MtreviewError(
                    "not a review project (no segments): an unfinished creation? remove it", path
                )
            meta = store.meta()
            where = Path(glossary) if glossary else glossary_file.resolve(store.path, meta)
            found = kept_or_read(where, meta)
            checks = review_config(config, project=store.path, meta=meta)
            stale = meta.get("results_key") != results_key(found.hash, checks.hash)
            if stale and store.read_only and not store.in_memory:
                store = store.in_memory_copy()
            service = cls(store, found, where, reviewer, checks)
        except BaseException:
            store.close()
            raise
        if glossary is not None and not store.read_only:
            service._repoint(meta)
        if config is not None and not store.read_only:
            store.set_meta(checks.meta(store.path))
        if stale and not service._catch_up(meta):
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
        config: str | Path | None = None,
    ) -> ReviewService:
        """Resume ``project`` when it exists, else create it from the corpus and glossary.

        ``config``: the checks' ``mtreview.toml`` (default: the one beside the corpus).
        """
        from mtreview.review.inputs import load_inputs

        if Path(project).exists():
            return cls.open(project, reviewer, progress, config=config)
        checks = review_config(config, corpus)
        found = read_glossary(glossary)  # read once: checked with, hashed, kept
        loaded, _ = load_inputs(corpus, found.glossary)
        store, found, where, checks = cls._made(project, loaded, found, progress, checks, None)
        # The corpus is in the project now: freed before the review reads it (and its check's
        # source index with it, built again when the review first needs it).
        del loaded
        return cls(store, found, where, reviewer, checks)

    def _repoint(self, meta: dict[str, str]) -> None:
        where = glossary_file.location(self.store.path, self.glossary_path)
        with suppress(MtreviewError):  # the old glossary may be gone
            if glossary_file.resolve(self.store.path, meta).samefile(self.glossary_path):
                return
        entry = Entry(self.reviewer, self.session, "glossary-repoint", None, None)
        entry = replace(entry, before=meta.get("glossary_path"), after=where["glossary_path"])
        self.stack.track(self.store.log(entry, where))

    # -- whole-corpus work -----------------------------------------------------------------

    def check_all(self, checker: Checker, progress: Progress | None = None) -> CheckResult:
        """Check every reviewed segment with ``checker`` (nothing is stored)."""
        return checker.check_corpus(self.store.corpus().segments, progress=progress)

    def _catch_up(self, meta: dict[str, str]) -> bool:
        """Re-check what changed in the glossary since the stored results (False: cannot tell)."""
        from mtreview.review.glossary import GlossaryService

        before = restore(meta.get("glossary_snapshot", ""))
        if before is None or meta.get("results_key") != results_key(
            before.hash, self.check_config.hash
        ):
            return False
        old = self.new_checker(before.glossary)
        with decoding(self.store.path):
            old.known = {t: set(v) for t, v in json.loads(meta.get("known", "{}")).items()}
        return GlossaryService(self).catch_up(old)

    def recheck_all(self, progress: Progress | None = None) -> None:
        """Check every reviewed segment again and store the results (one transaction)."""
        self.checker.known = {}
        result = self.check_all(self.checker, progress)
        self.adopt(GlossaryFile(self.glossary, self.glossary_hash), self.checker, result)

    def adopt(
        self,
        found: GlossaryFile,
        checker: Checker,
        result: CheckResult,
        entry: Entry | None = None,
        before_commit: Callable[[], None] | None = None,
        positions: Sequence[int] | None = None,
    ) -> Action | None:
        """Store a full check with ``found``'s glossary (and a glossary action), then use it.

        With ``positions``, ``result`` holds only those segments' results (the others stand).
        """
        meta = _glossary_meta(
            self.store.path, self.glossary_path, found.hash, checker, self.check_config
        )
        records: list[Checked] = [checked(r) for r in result.results]
        action = self.store.replace_results(records, meta, entry, before_commit, positions)
        self._set_glossary(found, checker)
        self._stamp = self.store.meta().get("results_stamp", "")
        keys = [issue_keys(r.issues) for r in result.results]
        if positions is not None:
            keys, some = list(self.index.keys), keys
            for pos, key in zip(positions, some, strict=True):
                keys[pos] = key
        self.index.take_keys(keys)
        self._shown.clear()
        if action is not None:
            self.stack.track(action)
        return action

    # -- learning from an edit (see mtreview.review.learn) ---------------------------------

    def learnable(self, before: SegmentState, new_target: str) -> tuple[Learnable, ...]:
        """The term renderings the edit from ``before.target`` to ``new_target`` replaced."""
        from mtreview.review.learn import learnable

        return learnable(self.terms, before, new_target)

    def preview_fix_all(self, term_id: str, wrong: str, right: str) -> FixPreview:
        """Every segment where ``wrong`` renders the term, fixed to ``right`` (nothing written)."""
        from mtreview.review.learn import preview_fix_all

        return preview_fix_all(self, term_id, wrong, right)

    def fix_all(self, preview: FixPreview) -> SegmentState | None:
        """Apply a previewed corpus-wide fix as one ``fix-all`` action (undo reverts it whole).

        Raises:
            MtreviewError: when a segment changed since the preview (nothing is written).
        """
        from mtreview.review.learn import fix_all

        return fix_all(self, preview)

    # -- export and scores -----------------------------------------------------------------

    def export(self, path: str | Path) -> int:
        """Write the reviewed text (see :func:`mtreview.corpus.export.write_review`).

        The path is kept in the project (:meth:`last_export`) unless it is read-only.
        """
        from mtreview.review.project import export_store

        count = export_store(self.store, path)
        if not self.read_only:
            self.store.set_meta({LAST_EXPORT: str(Path(path).expanduser().absolute())})
        return count

    def last_export(self) -> str | None:
        """The path the review screen last exported this project to (None before the first)."""
        return self.store.meta().get(LAST_EXPORT) or None

    def scores(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> ProjectScores:
        """Score the review so far; only segments changed since the last scoring are scored.

        May run in a worker while the reviewer goes on (the store serialises its use).
        """
        from mtreview.review.scores import score_store  # sacrebleu: only when scoring

        return score_store(self.store, self.glossary, progress=progress, cancel=cancel)


def _glossary_meta(
    project: Path, glossary: Path, file_hash: str, checker: Checker, config: ConfigFile
) -> dict[str, str]:
    """Project metadata: the glossary's and check config's place and hash, renderings learnt."""
    known = {term: sorted(found) for term, found in checker.known.items()}
    return {
        **glossary_file.location(project, glossary),
        **config.meta(project),
        "glossary_hash": file_hash,
        "results_key": results_key(file_hash, config.hash),
        "known": json.dumps(known, ensure_ascii=False),
        "glossary_snapshot": snapshot(GlossaryFile(checker.glossary, file_hash)),
    }
