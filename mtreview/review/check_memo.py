"""Check results kept for a few segment texts: an action finds its check already done.

A fix or an undo checks the segment's new target before it writes (1.7–2.4 ms of a fix on a
100,000-segment project). The review screen checks ahead, while the reviewer reads, what the
next fix or undo on the shown segment would write (:meth:`Actions.anticipate
<mtreview.review.actions.Actions.anticipate>`); the action then takes that result. Every check
a session makes goes through :meth:`CheckMemo.check`, so a redo, or an undo after it, finds
its result too.

A kept result is the checker's answer for that exact segment (id, texts, codes, lock): it holds
while the checker is the same object and has learnt nothing since. What a checker learns
corpus-wide (:attr:`Checker.known <mtreview.scoring.engine.Checker.known>`) is replaced whole
or added to by :meth:`Checker.learn <mtreview.scoring.engine.Checker.learn>`, which counts it
(``lessons``): the set's identity and that count tell whether it changed, at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from mtreview.corpus.model import Segment
from mtreview.scoring.engine import Checker, SegmentResult

KEPT = 8
"""Results kept (the latest used): the next fix, the next undo, and a few more."""


class CheckMemo:
    """The latest :data:`KEPT` check results of one session's checker (see the module)."""

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self.hits = 0
        self._lock = threading.Lock()
        self._owner: tuple[Checker, object, int] | None = None
        self._results: OrderedDict[Segment, SegmentResult] = OrderedDict()

    @staticmethod
    def _state(checker: Checker) -> tuple[Checker, object, int]:
        """What a kept result depends on besides the segment: the checker and what it learnt."""
        return checker, checker.known, checker.lessons

    def check(self, checker: Checker, segment: Segment) -> SegmentResult:
        """``checker.check_segment(segment)``, or its kept result when nothing changed since."""
        state = self._state(checker)
        with self._lock:
            if not _same(self._owner, state):
                self._results.clear()
                self._owner = state
            kept = self._results.get(segment)
            if kept is not None:
                self._results.move_to_end(segment)
                self.hits += 1
                return kept
        result = checker.check_segment(segment)
        with self._lock:
            if _same(self._owner, state):
                self._results[segment] = result
                while len(self._results) > self.kept:
                    self._results.popitem(last=False)
        return result


def _same(kept: tuple[Checker, object, int] | None, now: tuple[Checker, object, int]) -> bool:
    """Whether two states are of the same checker, knowing the same (the same set, as taught)."""
    return kept is not None and kept[0] is now[0] and kept[1] is now[1] and kept[2] == now[2]
