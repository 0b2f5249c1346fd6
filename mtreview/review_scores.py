"""Scores of a review project: what ``score PROJECT``, ``report PROJECT`` and the TUI show.

Per-segment metric statistics are kept in the project, so each segment is scored once and
again only when its text changes; the run says how many segments it had to score.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mtreview.corpus.project import Project
from mtreview.errors import MtreviewError
from mtreview.glossary.load import load_glossary
from mtreview.glossary.model import Glossary
from mtreview.scoring.engine import Checker
from mtreview.scoring.metrics import MetricSet
from mtreview.scoring.mqm import DEFAULT_WEIGHTS
from mtreview.scoring.project_review import reviewed_from_project
from mtreview.scoring.review_data import ReviewedCorpus
from mtreview.scoring.review_files import read_targets
from mtreview.scoring.score_store import load_cache, save_cache
from mtreview.scoring.scores import ScoreReport, compute_scores
from mtreview.scoring.segment_scores import Progress, stale

PROJECT_SUFFIX = ".mtreview"


@dataclass(frozen=True, slots=True)
class ProjectScores:
    """One scoring of a project.

    Attributes:
        report: The figures.
        recomputed: Segments whose metric statistics were computed in this run (the rest came
            from the project's cache).
        stored: Cache rows written or deleted.
    """

    report: ScoreReport
    recomputed: int
    stored: int


def is_project(path: str | Path) -> bool:
    """Whether ``path`` names a review project: a ``.mtreview`` name or an SQLite file."""
    if Path(path).suffix == PROJECT_SUFFIX:
        return True
    try:
        with Path(path).open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def open_project(path: str | Path) -> Project:
    """Open an existing project that holds a corpus.

    Raises:
        MtreviewError: when there is no such file or it is not a review project.
    """
    if not Path(path).is_file():
        raise MtreviewError("no such project", path)
    project = Project(path)
    if project.empty:
        project.close()
        raise MtreviewError("not a review project (no segments)", path)
    return project


def project_glossary(project: Project) -> Glossary | None:
    """The glossary the project was reviewed with (None when it names none).

    Raises:
        MtreviewError: when the glossary file is gone or unreadable.
    """
    path = project.meta().get("glossary_path", "")
    if not path:
        return None
    if not Path(path).is_file():
        raise MtreviewError(
            f"the project's glossary {path} is gone: give one with -g", project.path
        )
    return load_glossary(path)


def project_data(
    project: Project, glossary: Glossary | None, reference: str | Path | None = None
) -> ReviewedCorpus:
    """The scoring input of a project; ``reference`` replaces the stored references."""
    checker = Checker(glossary or Glossary((), "zh", "en"))
    data = reviewed_from_project(project, checker)
    if reference is None:
        return data
    refs = read_targets(reference, data.mt_corpus(), "reference")
    segments = tuple(replace(s, reference=refs.get(s.id)) for s in data.segments)
    return replace(data, segments=segments)


def score_project(
    path: str | Path,
    glossary: Glossary | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    reference: str | Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ProjectScores:
    """Score a review project and keep its per-segment statistics in it.

    Opens its own connection, so it may run in a worker thread while the reviewer goes on.

    Args:
        path: The project file.
        glossary: The glossary; default: the one the project was reviewed with.
        weights: MQM severity multipliers.
        reference: A reference file replacing the project's references.
        progress: Called with (done, total) work units.
        cancel: When set, scoring stops with an ``MtreviewError`` and stores nothing.
    """
    project = open_project(path)
    try:
        terms = glossary if glossary is not None else project_glossary(project)
        data = project_data(project, terms, reference)
        metrics = MetricSet(data.target_lang)
        previous = load_cache(project, metrics.config_id)
        todo = len(data) if previous is None else len(stale(previous, data, metrics))
        report = compute_scores(data, terms, weights, progress, cancel, previous)
        stored = save_cache(project, report.cache, previous)
    finally:
        project.close()
    return ProjectScores(report, todo, stored)
