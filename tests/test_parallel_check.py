from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from mtreview.collector import YOUNG
from mtreview.corpus.model import Segment
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring import parallel
from mtreview.scoring.engine import Checker, CheckResult, SegmentResult
from mtreview.scoring.parallel import FirstPass


def test_parallel_first_pass_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_CHUNK", 40)
    corpus = read_tsv(demo_corpus())
    glossary = load_glossary(demo_glossary())
    one = Checker(glossary).check_corpus(corpus, jobs=1)
    two = Checker(glossary).check_corpus(corpus, jobs=2)
    assert [i.to_json() for i in two.issues] == [i.to_json() for i in one.issues]
    assert two.term_counts() == one.term_counts()


def test_small_corpora_and_threaded_callers_stay_in_process() -> None:
    assert parallel.default_jobs(100) == 1
    jobs: dict[str, int] = {}

    def ask() -> None:  # from a second thread: forking is unsafe, fresh workers are not
        jobs["fork"] = parallel.default_jobs(10**6)
        jobs["fresh, small"] = parallel.default_jobs(parallel.FRESH_MIN_SEGMENTS - 1, True)
        jobs["fresh, large"] = parallel.default_jobs(parallel.FRESH_MIN_SEGMENTS, True)

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join()
    many = min(os.cpu_count() or 1, 8)
    assert jobs == {"fork": 1, "fresh, small": 1, "fresh, large": many}


def test_a_threaded_caller_gets_fresh_workers_and_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From a thread (the TUI re-checking for a changed glossary) the workers come from the
    fork server, not from a fork of this threaded process, and give what one process gives."""
    monkeypatch.setattr(parallel, "_CHUNK", 40)
    corpus = read_tsv(demo_corpus())
    glossary = load_glossary(demo_glossary())
    one = Checker(glossary).check_corpus(corpus, jobs=1)
    out: dict[str, object] = {}

    def run() -> None:
        checker = Checker(glossary)
        with parallel._pool(checker, 2) as pool:
            out["parent"] = pool.submit(os.getppid).result()
            # collected as a forked worker is: what was loaded frozen, the young rarely
            out["frozen"] = pool.submit(gc.get_freeze_count).result()
            out["threshold"] = pool.submit(gc.get_threshold).result()
        out["two"] = checker.check_corpus(corpus, jobs=2)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert out["parent"] != os.getpid()  # not our child: started by the fork server
    assert isinstance(out["frozen"], int) and out["frozen"] > 100_000  # the loaded checker
    assert isinstance(out["threshold"], tuple) and out["threshold"][0] == YOUNG
    two = out["two"]
    assert isinstance(two, CheckResult)
    assert [i.to_json() for i in two.issues] == [i.to_json() for i in one.issues]
    assert [(s, o.to_json()) for s, o in two.occurrences] == [
        (s, o.to_json()) for s, o in one.occurrences
    ]


def test_an_interrupt_stops_the_workers_after_their_running_chunk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Ctrl-C reaches the whole process group: the workers leave it to the parent, which starts
    # no further chunk (before, every worker went on taking chunks until the corpus was done).
    monkeypatch.setattr(parallel, "_CHUNK", 20)
    log = tmp_path / "done.txt"
    real = Checker.first_pass

    def slow(self: Checker, segment: Segment) -> FirstPass:
        time.sleep(0.005)
        with log.open("a", encoding="utf-8") as out:
            ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
            out.write(f"{segment.id} {ignored}\n")
        return real(self, segment)

    monkeypatch.setattr(Checker, "first_pass", slow)
    corpus = [Segment(str(n), "两山理论", "the two mountains theory") for n in range(800)]

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    glossary = load_glossary(demo_glossary())
    workers = parallel.Workers(Checker(glossary), corpus, 2)
    try:
        with pytest.raises(KeyboardInterrupt):
            workers.first_pass(progress=interrupt)
    finally:
        workers.close()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.endswith(" True") for line in lines)  # workers ignore SIGINT
    # the chunk returned, the one running beside it and the few the executor had already handed
    # over (its call queue holds workers + 1): a handful of the 40 chunks, not all of them
    assert len(lines) <= 10 * 20


def test_the_collector_runs_less_often_during_both_passes_and_as_before_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    seen: dict[str, list[int]] = {"first": [], "second": []}
    real_first, real_second = Checker.first_pass, Checker.second_pass

    def first_pass(self: Checker, segment: Segment) -> FirstPass:
        seen["first"].append(gc.get_threshold()[0])
        return real_first(self, segment)

    def second_pass(self: Checker, segment: Segment, first: FirstPass) -> SegmentResult:
        seen["second"].append(gc.get_threshold()[0])
        return real_second(self, segment, first)

    monkeypatch.setattr(Checker, "first_pass", first_pass)
    monkeypatch.setattr(Checker, "second_pass", second_pass)
    before = gc.get_threshold()
    corpus = read_tsv(demo_corpus())
    checker = Checker(load_glossary(demo_glossary()))
    result = checker.check_corpus(corpus, jobs=1)
    assert result.results and seen["first"] and min(seen["first"]) >= 50_000
    assert len(seen["second"]) == len(result.results) and min(seen["second"]) >= 50_000
    assert gc.get_threshold() == before
    # a caller streaming the results and stopping early gets the threshold back too
    streamed = checker.corpus_results(corpus, jobs=1)
    next(streamed)
    assert gc.get_threshold()[0] >= 50_000
    streamed.close()
    assert gc.get_threshold() == before


def test_a_project_creation_that_fails_gives_the_collector_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error (and its traceback, which holds the results stream) may be kept, as Textual
    keeps a worker's: the collector is as before all the same."""
    import gc

    from mtreview.errors import MtreviewError
    from mtreview.review import ReviewService
    from mtreview.review.store import Store

    def create(path: Path, corpus: object, meta: object, results: Iterable[object]) -> Store:
        next(iter(results))  # the check is under way when the disk fills up
        raise MtreviewError("the disk is full: nothing was saved", path)

    monkeypatch.setattr(Store, "create", create)
    before = gc.get_threshold()
    corpus = read_tsv(demo_corpus())
    with pytest.raises(MtreviewError, match="disk is full") as kept:
        ReviewService.create(
            tmp_path / "p.mtreview", corpus, load_glossary(demo_glossary()), "ana", jobs=1
        )
    assert kept.value.__traceback__ is not None  # the stream's frames are still referenced
    assert gc.get_threshold() == before


FAKE_TUI = """
import io, json, sys, threading
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker


class Captured(io.StringIO):  # what Textual puts in sys.stderr while it runs
    def fileno(self):
        return -1


corpus, glossary = read_tsv(demo_corpus()), load_glossary(demo_glossary())
out = {}


def run():
    out["issues"] = len(Checker(glossary).check_corpus(corpus, jobs=2).issues)


if __name__ == "__main__":
    sys.stderr = Captured()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    sys.stderr = sys.__stderr__
    print(json.dumps(out))
"""


def test_fresh_workers_start_under_a_captured_stderr(tmp_path: Path) -> None:
    """Textual's sys.stderr answers fileno() -1; multiprocessing hands that descriptor to the
    fork server it starts and failed ("bad value(s) in fds_to_keep"): a TUI re-check of a
    large project stopped with that error. The first start, in a fresh process."""
    script = tmp_path / "fake_tui.py"
    script.write_text(FAKE_TUI, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    one = Checker(load_glossary(demo_glossary())).check_corpus(read_tsv(demo_corpus()), jobs=1)
    assert json.loads(run.stdout) == {"issues": len(one.issues)}


def test_the_workers_second_pass_uses_what_the_whole_corpus_taught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second pass runs in the workers: they get the wrong renderings the first pass learnt
    across every chunk (a segment in another chunk re-located by them), and the corpus-level
    issues of their segments, and give what one process gives."""
    monkeypatch.setattr(parallel, "_CHUNK", 40)
    segments = list(read_tsv(demo_corpus()).segments)
    wrong = ("carbon stamp", "carbon token", "carbon slips", "carbon bonds")
    segments[1:1] = [
        Segment(f"t{n}", "首批“碳票”发放", f'the first "{w}" was issued')
        for n, w in enumerate(wrong)
    ]
    # far from those (another chunk): every learnt rendering stands, one is located as wrong
    segments.append(Segment("t9", "碳票交易", ", ".join(wrong) + " and trading"))
    segments.append(Segment("t10", "碳票交易", "carbon tickets were traded"))  # inconsistent
    glossary = load_glossary(demo_glossary())
    one = Checker(glossary).check_corpus(segments, jobs=1)
    two = Checker(glossary).check_corpus(segments, jobs=2)
    assert two.results == one.results
    alone = Checker(glossary).check_corpus(segments[-2:], jobs=1)  # nothing learnt elsewhere
    assert alone.results[0].record != one.results[-2].record
    assert any(i.check == "inconsistent-target" for i in one.results[-1].issues)


_KILLED_PARENT = """
import multiprocessing, sys
from mtreview.corpus.tsv import read_tsv
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring import parallel
from mtreview.scoring.engine import Checker

parallel._CHUNK = 20
results = Checker(load_glossary(demo_glossary())).corpus_results(read_tsv(demo_corpus()), jobs=2)
next(iter(results))
print(*[c.pid for c in multiprocessing.active_children()], flush=True)
sys.stdin.read()  # until killed
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie nobody reaps has ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed() -> None:
    """A parent killed outright closes no pool: its workers notice and end (they slept on,
    a few hundred MB each, before)."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _KILLED_PARENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10 * parallel.PARENT_WATCH + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)
