"""The first pass of a corpus check, spread over processes for large corpora.

The first pass (term analysis, and every check that needs no term occurrences) is pure Python
and CPU-bound, so threads do not help; forked processes share the loaded jieba dictionary and
automaton copy-on-write and send back a chunk of segments' first passes packed (:func:`pack_chunk`)
with the wrong renderings they teach the corpus. The packed form is also what the corpus check
keeps of every segment until its second pass: about a hundred bytes, not a thousand in objects.
Forking is only safe in a process without other threads: a caller with threads (the TUI
re-checking a project for a changed glossary) gets workers started by a fork server instead — a
fresh, single-threaded process that forks them — each given the checker pickled (its index
rebuilt there, jieba loaded once in the server). That costs a few seconds, so such a caller stays
sequential below :data:`FRESH_MIN_SEGMENTS`. ``MTREVIEW_JOBS`` sets the number of processes
(tests compare 1 and 2).
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import multiprocessing
import operator
import os
import pickle
import signal
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from mtreview.collector import fewer_collections, for_bulk_work
from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Term
from mtreview.scoring.issues import Fix, Issue
from mtreview.scoring.occurrences import Occurrences, TermOccurrence

if TYPE_CHECKING:
    from mtreview.scoring.engine import Checker, SegmentResult

PARALLEL_MIN_SEGMENTS = 4000
FRESH_MIN_SEGMENTS = 30_000
"""The least segments worth workers from the fork server (each rebuilds the source index)."""
_CHUNK = 1000
_BATCH = 256  # segments whose term candidates are found at once

FirstPass = tuple[Occurrences, list[Issue]]
Packed = tuple[Any, ...]  # one occurrence as a worker sends it (:func:`pack`)
Learnt = list[tuple[str, str]]  # (term id, wrong rendering) pairs (:meth:`Checker.learnt`)
_CHECKER: Checker | None = None  # set in the parent just before forking
_SEGMENTS: Sequence[Segment] = ()  # the corpus, set in the parent just before forking
_KNOWN = b""  # what a worker's checker learnt (:meth:`Workers.second_pass` sends it)
Part = tuple[int, int, Sequence[Segment] | None]  # a chunk: its range, its segments if sent
# A chunk's second pass: its first passes packed, its corpus-level issues by segment id, what
# the corpus learnt (marshalled) and what to make of each result.
Finishing = tuple[Part, bytes, dict[str, list[Issue]], bytes, Callable[[Any], Any] | None]


def _analyse_chunk(part: Part) -> tuple[bytes, Learnt]:
    assert _CHECKER is not None
    passes = list(_passes(_CHECKER, _chunk_of(part)))
    learnt = [pair for occ, _ in passes for pair in _CHECKER.learnt(occ)]
    return pack_chunk(passes), learnt


def pack_chunk(passes: Iterable[FirstPass]) -> bytes:
    """Segments' first passes as compressed bytes (flat tuples, terms by id): :func:`unpacked`."""
    rows = [
        (tuple(pack(o) for o in occ.items), tuple(_pack_issue(i) for i in others))
        if occ.items or others
        else None
        for occ, others in passes
    ]
    return zlib.compress(marshal.dumps(rows), 1)


def unpacked(chunks: list[bytes], terms: Mapping[str, Term]) -> Iterator[FirstPass]:
    """The first passes :func:`pack_chunk` packed, in order, their terms looked up by id.

    ``chunks`` is emptied as they are read: only one is held unpacked at a time.
    """
    chunks.reverse()
    while chunks:
        for row in marshal.loads(zlib.decompress(chunks.pop())):
            if row is None:
                yield Occurrences(), []
            else:
                occurrences, issues = row
                yield (
                    Occurrences(tuple(unpack(r, terms) for r in occurrences)),
                    [_unpack_issue(r) for r in issues],
                )


_ISSUE_FIELDS = tuple(f.name for f in dataclasses.fields(Issue))
_FIX_AT = _ISSUE_FIELDS.index("fix")
_issue_row = operator.attrgetter(*_ISSUE_FIELDS)  # an Issue's fields in order, one C call


def _pack_issue(i: Issue) -> Packed:
    """An issue as a flat tuple of its fields in order, its fix as a pair (marshal-able)."""
    row: Packed = _issue_row(i)
    if i.fix is None:
        return row
    fields = list(row)
    fields[_FIX_AT] = (i.fix.target_span, i.fix.replacement)
    return tuple(fields)


def _unpack_issue(row: Packed) -> Issue:
    if row[_FIX_AT] is None:
        return Issue(*row)
    fields = list(row)
    fields[_FIX_AT] = Fix(*row[_FIX_AT])
    return Issue(*fields)


def pack(occ: TermOccurrence) -> Packed:
    """An occurrence as a worker sends it: a flat tuple, its term by id (cheap to pickle).

    :func:`unpack` gives back what :meth:`TermOccurrence.to_json` and ``from_json`` would.
    """
    fix = (occ.fix.target_span, occ.fix.replacement) if occ.fix else None
    nested = bool(occ.cover and occ.nested)
    return (
        occ.term.id,
        occ.source_span,
        occ.kind,
        occ.target_span,
        occ.found,
        occ.rendering,
        occ.cover,
        nested,
        fix,
        occ.extra,
    )


def unpack(row: Packed, terms: Mapping[str, Term]) -> TermOccurrence:
    """The occurrence :func:`pack` sent, its term looked up by id."""
    term_id, source_span, kind, target_span, found, rendering, cover, nested, fix, extra = row
    term = terms.get(term_id)
    if term is None:
        raise MtreviewError(f"stored occurrence of unknown term {term_id!r}")
    made = Fix(*fix) if fix else None
    return TermOccurrence(
        term,
        source_span,
        kind,
        target_span or None,
        found,
        rendering,
        cover,
        nested,
        made,
        bool(extra),
    )


def _passes(checker: Checker, segments: Sequence[Segment]) -> Iterator[FirstPass]:
    """:meth:`Checker.first_pass` of each segment, term candidates found a batch at a time.

    The automaton runs over the next segments in one go (see SourceIndex.prefetch); a locked
    segment is not searched, so no index is built for it.
    """
    for n, segment in enumerate(segments):
        if n % _BATCH == 0:
            texts = [s.source for s in segments[n : n + _BATCH] if not s.locked]
            if texts:
                checker.index.prefetch(texts)
        yield checker.first_pass(segment)


def _start_worker() -> None:
    """A worker's start: Ctrl-C left to the parent, and an end when the parent is gone.

    The parent cancels the chunks not yet started on Ctrl-C. A parent killed outright (SIGKILL,
    out of memory) closes no pool, and its workers (a few hundred MB each) would sleep on.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH)
        os._exit(1)

    threading.Thread(target=watch, name="mtreview-parent-watch", daemon=True).start()


PARENT_WATCH = 1.0
"""Seconds between a worker's looks at whether its parent still lives."""


def _adopt(checker: bytes, quiet: bool) -> None:
    """A fork server's worker: take the pickled checker as the one to run, load its index.

    ``quiet``: the caller's own output is captured (a TUI draws on the terminal the fork server
    inherited), so nothing of the worker's may reach it; its errors travel back as results.
    """
    global _CHECKER
    _start_worker()
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    with fewer_collections():  # loading is bulk work too
        _CHECKER = pickle.loads(checker)
        _CHECKER.index.boundaries.prepare()  # loaded before the first chunk
    for_bulk_work()  # as a forked worker inherits it


def default_jobs(n_segments: int, fresh_workers: bool = False) -> int:
    """How many processes to use: all cores for a large corpus, when forking is safe.

    A process with other threads must not fork. ``fresh_workers`` says the caller's workers may
    come from a fork server instead (:class:`Workers` does that): then a threaded caller gets
    them too, from :data:`FRESH_MIN_SEGMENTS` segments. ``MTREVIEW_JOBS`` (a positive number)
    overrides the corpus size, never the safety rule.
    """
    methods = multiprocessing.get_all_start_methods()
    threads = threading.active_count() > 1
    if "fork" not in methods or (threads and not (fresh_workers and "forkserver" in methods)):
        return 1
    wanted = os.environ.get("MTREVIEW_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    if n_segments < (FRESH_MIN_SEGMENTS if threads else PARALLEL_MIN_SEGMENTS):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _start_fork_server() -> bool:
    """Start the fork server (and multiprocessing's resource tracker) if not running yet.

    Both hand this process's ``sys.stderr`` descriptor on. Under a TUI ``sys.stderr`` is a
    capture whose ``fileno()`` is -1, which the start refuses ("bad value(s) in fds_to_keep"):
    the real stderr stands in for that moment.

    Returns:
        Whether this process's stderr is captured (see :func:`_adopt`'s ``quiet``).
    """
    from multiprocessing import forkserver

    captured = sys.stderr is not sys.__stderr__
    saved = sys.stderr
    try:
        if captured and sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        forkserver.ensure_running()
    finally:
        sys.stderr = saved
    return captured


def _pool(checker: Checker, jobs: int) -> ProcessPoolExecutor:
    """Workers for :func:`_analyse_chunk`, each running :func:`_start_worker` first.

    Forked when this process has no other thread (they share the loaded checker), else started
    by the fork server with the checker pickled (:func:`_adopt`).
    """
    global _CHECKER
    if threading.active_count() > 1:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["mtreview.scoring.fresh_worker"])
        captured = _start_fork_server()
        blob = pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL)
        return ProcessPoolExecutor(jobs, context, initializer=_adopt, initargs=(blob, captured))
    checker.index.boundaries.prepare()  # jieba and its pair table before forking, to share them
    _CHECKER = checker
    return ProcessPoolExecutor(jobs, multiprocessing.get_context("fork"), _start_worker)


def _chunk_of(part: Part) -> Sequence[Segment]:
    """A task's segments: sent with it, or (forked workers) a range of the shared corpus."""
    start, stop, sent = part
    return sent if sent is not None else _SEGMENTS[start:stop]


def _finish_chunk(task: Finishing) -> Any:
    """The second pass of a chunk of segments in a worker (see :meth:`Workers.second_pass`)."""
    global _KNOWN
    assert _CHECKER is not None
    part, first, extra, known, made = task
    if known != _KNOWN:  # what the corpus learnt, taken once
        _CHECKER.known = {term: set(found) for term, found in marshal.loads(known).items()}
        _KNOWN = known
    passes = unpacked([first], _CHECKER.glossary.by_id())
    results = (
        _CHECKER.joined_pass(segment, done, extra.get(segment.id))
        for segment, done in zip(_chunk_of(part), passes, strict=True)
    )
    if made is None:
        return pack_chunk((r.record, list(r.issues)) for r in results)
    return [made(r) for r in results]


class Workers:
    """``jobs`` processes that run both passes of a corpus check over ``segments``.

    Forked when this process has no other thread (they share the loaded checker and corpus),
    else started by the fork server (see :func:`_pool`). Close them (:meth:`close`) when done.
    """

    def __init__(self, checker: Checker, segments: Sequence[Segment], jobs: int) -> None:
        global _SEGMENTS
        self.checker = checker
        self.segments = segments
        self.window = 2 * jobs  # chunks handed out ahead of the one awaited
        # Objects alive at the fork stay out of the children's collections, so collecting does
        # not touch (and copy) the pages they share with this process.
        gc.freeze()
        try:
            _SEGMENTS = segments
            self.pool = _pool(checker, jobs)
        except BaseException:
            self._release()
            raise
        self.forked = _CHECKER is checker
        total = len(segments)
        self.parts: list[Part] = [
            (i, min(total, i + _CHUNK), None if self.forked else segments[i : i + _CHUNK])
            for i in range(0, total, _CHUNK)
        ]

    def first_pass(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> tuple[list[bytes], Learnt]:
        """:func:`first_pass` in the workers; ``meanwhile`` runs here while they work."""
        total = len(self.segments)
        chunks: list[bytes] = []
        learnt: Learnt = []
        try:
            done = self.pool.map(_analyse_chunk, self.parts)
            if meanwhile is not None:
                meanwhile()
            for (_, stop, _), (packed, pairs) in zip(self.parts, done, strict=True):
                if cancel is not None and cancel.is_set():
                    raise MtreviewError("check cancelled")
                chunks.append(packed)
                learnt.extend(pairs)
                if progress is not None:
                    progress(stop, total)
        except BaseException:  # cancelled, Ctrl-C, an error: no chunk is started after it
            self.close()
            raise
        return chunks, learnt

    def second_pass(
        self,
        chunks: list[bytes],
        extra: Mapping[str, list[Issue]],
        made: Callable[[SegmentResult], Any] | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[Any]:
        """:meth:`Checker.joined_pass` of every segment in the workers, results in corpus order.

        ``chunks`` are the first passes (emptied as they are handed out), ``extra`` the
        corpus-level issues by segment id; the checker's :attr:`~Checker.known` is sent along.
        Each segment's result is ``made(result)`` in the worker (it must pickle), or, without
        ``made``, the result itself. A few chunks are handed out ahead of the one awaited, so
        that results wait here no longer than the caller takes for a chunk.
        """
        known = marshal.dumps({t: sorted(found) for t, found in sorted(self.checker.known.items())})
        terms = self.checker.glossary.by_id()
        chunks.reverse()
        pending: deque[tuple[Part, Future[Any]]] = deque()
        try:
            for part in self.parts:
                start, stop, _ = part
                mine = {s.id: extra[s.id] for s in self.segments[start:stop] if s.id in extra}
                task: Finishing = (part, chunks.pop(), mine, known, made)
                pending.append((part, self.pool.submit(_finish_chunk, task)))
                if len(pending) > self.window:
                    yield from self._received(*pending.popleft(), made, terms, cancel)
            while pending:
                yield from self._received(*pending.popleft(), made, terms, cancel)
        finally:
            self.close()

    def _received(
        self,
        part: Part,
        future: Future[Any],
        made: Callable[[SegmentResult], Any] | None,
        terms: Mapping[str, Term],
        cancel: threading.Event | None,
    ) -> Iterator[Any]:
        if cancel is not None and cancel.is_set():
            raise MtreviewError("check cancelled")
        out = future.result()
        if made is not None:
            yield from out
            return
        from mtreview.scoring.engine import SegmentResult  # the engine imports this module

        segments = self.segments[part[0] : part[1]]
        for segment, (record, issues) in zip(segments, unpacked([out], terms), strict=True):
            yield SegmentResult(segment, tuple(issues), record)

    def close(self) -> None:
        """End the workers (a chunk under way is finished; none is started after)."""
        pool, self.pool = self.pool, None  # type: ignore[assignment]
        if pool is not None:
            pool.shutdown(cancel_futures=True)
            self._release()

    @staticmethod
    def _release() -> None:
        global _CHECKER, _SEGMENTS, _KNOWN
        _CHECKER, _SEGMENTS, _KNOWN = None, (), b""
        gc.unfreeze()


def first_pass(
    checker: Checker,
    segments: Sequence[Segment],
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[list[bytes], Learnt]:
    """Run :meth:`Checker.first_pass` on every segment, here (in workers: :class:`Workers`).

    Returns:
        The first passes packed a chunk of segments at a time (:func:`unpacked` reads them), and
        the wrong renderings the corpus learns from them (:meth:`Checker.learnt`), in corpus
        order.
    """
    total = len(segments)
    chunks: list[bytes] = []
    learnt: Learnt = []
    passes = _passes(checker, segments)
    chunk: list[FirstPass] = []
    for n in range(1, total + 1):
        if cancel is not None and cancel.is_set():
            raise MtreviewError("check cancelled")
        chunk.append(next(passes))
        learnt.extend(checker.learnt(chunk[-1][0]))
        if len(chunk) == _CHUNK or n == total:
            chunks.append(pack_chunk(chunk))
            chunk = []
        if progress is not None and (n % 500 == 0 or n == total):
            progress(n, total)
    return chunks, learnt
