"""When Python's cyclic garbage collector runs: less often in bulk work, fully only when idle.

Checking a corpus, composing a glossary's YAML and building the source index each allocate
hundreds of thousands of small objects that live on (nodes, terms, dictionary entries) or die
young without forming cycles. At Python's default threshold (a collection every 700
allocations), the full collections over the growing heap cost more than the work: half of
parsing a 10,000-term glossary (2.0 s → 1.1 s), 0.6 s of an 8 s check (10k segments x 10k
terms) — :func:`fewer_collections`.

In an interactive screen the cost is latency: a full collection falls inside whichever key
press happens to cross the threshold. On a 100,000-segment review (the long-lived objects
frozen once loaded) a full pass over the objects made since took 35–55 ms and fell in 3 of 60
page-down presses, their slowest — :class:`IdleCollections` runs them when nothing else runs.
Each helper changes only its own field of ``gc``'s threshold, so they nest.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_USERS = [0]  # callers inside, and the threshold to restore when the last leaves
_SAVED: list[tuple[int, int, int]] = []


YOUNG = 50_000
"""Allocations between two collections of the young generation in bulk work."""


@contextmanager
def fewer_collections(young: int = YOUNG) -> Iterator[None]:
    """The collector run every ``young`` allocations at most while inside, as before after.

    Nests and may be entered from several threads at once: the threshold is restored when the
    last caller leaves.
    """
    with _LOCK:
        if not _USERS[0]:
            _SAVED[:] = [gc.get_threshold()]
            old = gc.get_threshold()
            gc.set_threshold(max(young, old[0]), old[1], old[2])
        _USERS[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _USERS[0] -= 1
            if not _USERS[0]:
                now = gc.get_threshold()
                gc.set_threshold(_SAVED[0][0], now[1], now[2])  # its own field only


def for_bulk_work() -> None:
    """Collect for bulk work from now on in this process (a check worker started afresh).

    What is loaded now (the checker, jieba's dictionary) stays out of collections
    (``gc.freeze``), and the young generation is collected every :data:`YOUNG` allocations. A
    forked worker inherits both from the parent that forked it (see
    :class:`mtreview.scoring.parallel.Workers`); one started by the fork server had Python's
    defaults, and its passes took 12% more CPU (creating a 100k-segment project from a thread,
    as the TUI does: 42.1 s in the workers instead of 37.5).
    """
    gc.freeze()
    with _LOCK:
        young, middle, old = gc.get_threshold()
        gc.set_threshold(max(YOUNG, young), middle, old)


NEVER = 1 << 30
"""A threshold the collector's counts never reach."""


class IdleCollections:
    """Full collections taken out of Python's schedule and run by :meth:`tick` when idle.

    Python runs a full collection once ``every`` collections of the middle generation have
    happened (10 by default); between :meth:`start` and :meth:`stop` it runs none by itself,
    and :meth:`tick` (called on a timer) runs one when as many are due and the caller says it
    is idle — or, busy for long, when ``at_most`` are due, so cyclic garbage still goes.
    """

    def __init__(self, every: int = 10, at_most: int = 100) -> None:
        self.every, self.at_most = every, at_most
        self._saved: int | None = None

    def start(self) -> None:
        """Take full collections out of Python's schedule (again: nothing more)."""
        with _LOCK:
            if self._saved is None:
                young, middle, self._saved = gc.get_threshold()
                gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give full collections back to Python's schedule."""
        with _LOCK:
            if self._saved is not None:
                young, middle, _ = gc.get_threshold()
                gc.set_threshold(young, middle, self._saved)
                self._saved = None

    def tick(self, idle: bool) -> bool:
        """Run a full collection if one is due and ``idle`` (or long overdue); whether it ran."""
        due = gc.get_count()[2]
        if self._saved is None or due < self.every or (not idle and due < self.at_most):
            return False
        gc.collect()
        return True
