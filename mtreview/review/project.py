"""Review projects as the CLI names them: is this file one, export it, how large it is.

``export`` and ``score`` of a project need no glossary and no TUI: they open the store alone
(read-only when the file cannot be written).
"""

from __future__ import annotations

from pathlib import Path

from mtreview.corpus.export import write_review
from mtreview.errors import MtreviewError
from mtreview.review.store import Store
from mtreview.review.store_base import identify
from mtreview.review.store_schema import looks_like_sqlite

PROJECT_SUFFIX = ".mtreview"


def is_project(path: str | Path) -> bool:
    """Whether ``path`` names a review project: a ``.mtreview`` name or an SQLite file."""
    return Path(path).suffix == PROJECT_SUFFIX or looks_like_sqlite(path)


def check_project(path: str | Path) -> None:
    """Refuse, unchanged, a file that is not a review project (see ``store_base.identify``)."""
    identify(Path(path))


def open_store(path: str | Path) -> Store:
    """Open an existing project that holds a corpus.

    Raises:
        MtreviewError: when there is no such file, it is not a review project (it is left
            unchanged) or it holds no segments.
    """
    store = Store.open(path)
    if store.size() == 0:
        store.close()
        raise MtreviewError("not a review project (no segments)", path)
    return store


def export_store(store: Store, to: str | Path) -> int:
    """Write the reviewed text of an open project (see :func:`write_review`)."""
    corpus = store.corpus()
    mt = [row[2] for row in store.review_rows()]
    try:
        return write_review(to, corpus, mt, store.review_records())
    except OSError as exc:
        raise MtreviewError(f"cannot write the export: {exc.strerror}", to) from None


def export_project(path: str | Path, to: str | Path) -> int:
    """Export the project at ``path`` to ``to``; the number of segments written."""
    store = open_store(path)
    try:
        return export_store(store, to)
    finally:
        store.close()


def project_size(path: str | Path) -> int:
    """The number of segments of the project at ``path``."""
    store = open_store(path)
    try:
        return store.size()
    finally:
        store.close()
