"""The review core: one package, one door.

Layout (each module reads only the others' public names):

- :mod:`~mtreview.review.store` (with ``store_base``, ``store_schema``, ``store_records``,
  ``store_files``): the only code that speaks SQL; typed methods, one lock, one-line errors for
  storage faults; the file's identity (``application_id``), migrations, creation by rename.
- :mod:`~mtreview.review.history`: the one rule of which actions are in force, and each
  session's undo and redo stacks.
- :mod:`~mtreview.review.service`: :class:`ReviewService`, the door for the TUI and the CLI:
  a :mod:`~mtreview.review.session` (what it shows, other sessions' changes) with its
  :mod:`~mtreview.review.actions`; :mod:`~mtreview.review.index` (the list in memory) and
  :mod:`~mtreview.review.find` (filters, search) serve it.
- :mod:`~mtreview.review.glossary` and :mod:`~mtreview.review.learn`: glossary actions
  (merged with the file at write time), learning from an edit, fix-all.
- :mod:`~mtreview.review.fixlog`, :mod:`~mtreview.review.scores`, :mod:`~mtreview.review.project`:
  the fix log, scores, export and the project file as the CLI names it.

The TUI imports from here (and :mod:`mtreview.review.scores` for the score screen) only.
"""

from __future__ import annotations

from mtreview.collector import IdleCollections
from mtreview.corpus import tokens
from mtreview.corpus.model import InlineCode
from mtreview.errors import MtreviewError
from mtreview.glossary.lint import Finding
from mtreview.glossary.model import SEVERITIES, STATUSES, Term
from mtreview.glossary.segmenter import is_han
from mtreview.glossary.yaml_io import term_to_dict
from mtreview.paths import display_path
from mtreview.plural import counted
from mtreview.review.batch import BatchPreview
from mtreview.review.find import Concordance, Hit, Query
from mtreview.review.glossary import (
    DiskDifference,
    GlossaryChange,
    GlossaryConflict,
    GlossaryService,
    TermRow,
)
from mtreview.review.guard import edit_refusal
from mtreview.review.inputs import (
    ConfigFile,
    language_warnings,
    load_inputs,
    read_check_config,
    review_config,
    run_check,
)
from mtreview.review.learn import FixPreview, Learnable, SegmentChange, word_changes
from mtreview.review.models import (
    CONFIRMED,
    TODO,
    Changes,
    Filter,
    ReviewProgress,
    SegmentRow,
    SegmentState,
    read_config,
    resolve_reviewer,
)
from mtreview.review.project import (
    PROJECT_SUFFIX,
    check_project,
    export_project,
    is_project,
    project_size,
)
from mtreview.review.service import ReviewService
from mtreview.review.store_records import SegmentChanged
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.engine import Progress
from mtreview.scoring.issues import Issue
from mtreview.scoring.review_data import ReviewNote

__all__ = [
    "CONFIRMED",
    "PROJECT_SUFFIX",
    "SEVERITIES",
    "STATUSES",
    "TODO",
    "BatchPreview",
    "Changes",
    "Concordance",
    "ConfigFile",
    "DiskDifference",
    "Filter",
    "Finding",
    "FixPreview",
    "GlossaryChange",
    "GlossaryConflict",
    "GlossaryService",
    "Hit",
    "IdleCollections",
    "InlineCode",
    "Issue",
    "Learnable",
    "MtreviewError",
    "Progress",
    "Query",
    "ReviewNote",
    "ReviewProgress",
    "ReviewService",
    "SegmentChange",
    "SegmentChanged",
    "SegmentRow",
    "SegmentState",
    "Term",
    "TermOccurrence",
    "TermRow",
    "check_project",
    "counted",
    "display_path",
    "edit_refusal",
    "export_project",
    "is_han",
    "is_project",
    "language_warnings",
    "load_inputs",
    "project_size",
    "read_check_config",
    "read_config",
    "resolve_reviewer",
    "review_config",
    "run_check",
    "term_to_dict",
    "tokens",
    "word_changes",
]
