"""Map a function over parts of a corpus in forked worker processes that share its data.

The corpus (texts, a pattern list, a tokenizer…) is put in :func:`shared` state before the
workers fork, so only the small part descriptions (a start row, a range) and the results cross
between processes, never the texts. Results come back in the order of the parts, so what a
caller builds from them does not depend on the number of processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np

Part = TypeVar("Part")
Result = TypeVar("Result")

_STATE: dict[str, Any] = {}


def shared(name: str) -> Any:
    """The object :func:`forked_map` was given as ``name`` (in a worker or in this process)."""
    return _STATE[name]


def forked_map(
    fn: Callable[[Part], Result], parts: Sequence[Part], jobs: int, **state: Any
) -> Iterator[Result]:
    """``fn(part) for part in parts``, spread over ``jobs`` forked processes.

    The results come one by one, in order: a caller that folds each into a total as it comes
    holds one at a time, not all of them.

    Args:
        fn: a module-level function (workers look it up by name); it reads ``state`` through
            :func:`shared`.
        parts: what each call works on; keep them small, they are pickled.
        jobs: processes; 1 (or a single part) runs everything in this process.
        **state: objects the calls read, inherited by the workers when they fork.
    """
    _STATE.update(state)
    try:
        if jobs <= 1 or len(parts) < 2:
            yield from map(fn, parts)
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=context) as pool:
            yield from pool.map(fn, parts)
    finally:
        for name in state:
            _STATE.pop(name, None)


def ranges(total: int, size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` pairs cutting ``range(total)`` into pieces of ``size`` (the last less)."""
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def forked_sum(
    fn: Callable[[tuple[int, int]], Any], rows: int, size: int, jobs: int, **state: Any
) -> list[int]:
    """Whole-number counts of ``size`` items over ``rows`` rows, the rows shared out evenly.

    ``fn((start, stop))`` counts its rows into an integer array of ``size``; the arrays are
    added as they come (see :func:`forked_map` for ``jobs`` and ``state``).
    """
    total = np.zeros(size, dtype=np.int64)
    share = max(1, -(-rows // max(jobs, 1)))
    for counted in forked_map(fn, ranges(rows, share), jobs, **state):
        total += counted
    return [int(n) for n in total.tolist()]
