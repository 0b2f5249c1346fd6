"""The first pass of a corpus check, spread over processes for large corpora.

The first pass (term analysis, and every check that needs no term occurrences) is pure Python
and CPU-bound, so threads do not help; forked processes share the loaded jieba dictionary and
automaton copy-on-write and send back compact tuples and issues. Forking is
only safe in a process without other threads, so a caller with threads (the TUI) gets the
sequential path.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.index import SourceIndex
from mtreview.scoring.checks.terms import TermOccurrence
from mtreview.scoring.issues import Issue

if TYPE_CHECKING:
    from mtreview.scoring.engine import Checker

Compact = tuple[int, int, int, str, int, int, str | None, str | None]
PARALLEL_MIN_SEGMENTS = 4000
_CHUNK = 1000

FirstPass = tuple[list[TermOccurrence], list[Issue]]
_CHECKER: Checker | None = None  # set in the parent just before forking


def _analyse_chunk(segments: Sequence[Segment]) -> list[tuple[list[Compact], list[Issue]]]:
    assert _CHECKER is not None
    position = {id(term): i for i, term in enumerate(_CHECKER.index.terms)}
    out: list[tuple[list[Compact], list[Issue]]] = []
    for segment in segments:
        occurrences, others = _CHECKER.first_pass(segment)
        compact: list[Compact] = [
            (
                position[id(o.term)],
                *o.source_span,
                o.kind,
                *(o.target_span or (-1, -1)),
                o.found,
                o.rendering,
            )
            for o in occurrences
        ]
        out.append((compact, others))
    return out


def _expand(index: SourceIndex, compact: list[Compact]) -> list[TermOccurrence]:
    return [
        TermOccurrence(
            index.terms[t], (s0, s1), kind, (t0, t1) if t0 >= 0 else None, found, rendering
        )
        for t, s0, s1, kind, t0, t1, found, rendering in compact
    ]


def default_jobs(n_segments: int) -> int:
    """How many processes to use: all cores for a large corpus, when forking is safe."""
    if (
        n_segments < PARALLEL_MIN_SEGMENTS
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def first_pass(
    checker: Checker,
    segments: Sequence[Segment],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[FirstPass]:
    """Run :meth:`Checker.first_pass` on every segment, in ``jobs`` processes when above one."""
    total = len(segments)
    results: list[FirstPass] = []
    if jobs <= 1:
        for n, segment in enumerate(segments, start=1):
            if cancel is not None and cancel.is_set():
                raise MtreviewError("check cancelled")
            results.append(checker.first_pass(segment))
            if progress is not None and (n % 500 == 0 or n == total):
                progress(n, total)
        return results
    global _CHECKER
    index = checker.index
    index.boundaries.tokenizer  # noqa: B018 - load jieba before forking, to share it
    _CHECKER = checker
    chunks = [segments[i : i + _CHUNK] for i in range(0, total, _CHUNK)]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for chunk in pool.map(_analyse_chunk, chunks):
                if cancel is not None and cancel.is_set():
                    pool.shutdown(cancel_futures=True)
                    raise MtreviewError("check cancelled")
                results.extend((_expand(index, c), others) for c, others in chunk)
                if progress is not None:
                    progress(len(results), total)
    finally:
        _CHECKER = None
    return results
