"""When the cyclic collector runs: fewer young collections in bulk work, full ones when idle.

Both helpers change one field of ``gc``'s threshold each and give it back, so they nest; the
review app takes full collections out of Python's schedule once jieba is loaded and runs them
on a timer when the process was idle (they made the slowest key presses on large projects).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import app_for, ready

from mtreview import collector
from mtreview.collector import NEVER, IdleCollections, fewer_collections


@pytest.fixture(autouse=True)
def threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)  # a failing test leaves the collector as it was


def due(count: int) -> None:
    """Make ``count`` full collections due (each middle-generation collection counts one)."""
    gc.collect()
    for _ in range(count):
        gc.collect(1)
    assert gc.get_count()[2] == count


def test_full_collections_leave_the_schedule_between_start_and_stop(
    threshold: tuple[int, int, int],
) -> None:
    idle = IdleCollections()
    idle.start()
    idle.start()  # again: nothing more
    assert gc.get_threshold() == (threshold[0], threshold[1], NEVER)
    idle.stop()
    assert gc.get_threshold() == threshold
    idle.stop()
    assert gc.get_threshold() == threshold


def test_a_due_collection_runs_when_idle_and_an_overdue_one_in_any_case() -> None:
    idle = IdleCollections(every=3, at_most=6)
    idle.start()
    try:
        due(2)
        assert not idle.tick(idle=True)  # not due yet
        due(3)
        assert not idle.tick(idle=False)  # due, but busy
        assert gc.get_count()[2] == 3
        assert idle.tick(idle=True)
        assert gc.get_count()[2] == 0  # a full collection ran
        due(6)
        assert idle.tick(idle=False)  # long overdue: runs busy or not
        assert gc.get_count()[2] == 0
    finally:
        idle.stop()


def test_stopped_it_never_collects() -> None:
    due(50)
    assert not IdleCollections(every=1, at_most=1).tick(idle=True)
    assert gc.get_count()[2] == 50


def test_the_two_helpers_nest_either_way(threshold: tuple[int, int, int]) -> None:
    idle = IdleCollections()
    idle.start()
    with fewer_collections(young=123_456):
        assert gc.get_threshold() == (123_456, threshold[1], NEVER)
        idle.stop()  # stopped inside: the young field stays the bulk work's until it ends
        assert gc.get_threshold() == (123_456, threshold[1], threshold[2])
        idle.start()
    assert gc.get_threshold() == (threshold[0], threshold[1], NEVER)
    with fewer_collections(young=123_456):
        idle.stop()
    assert gc.get_threshold() == threshold
    assert collector._USERS == [0]


async def test_the_review_app_collects_when_idle_and_gives_the_schedule_back(
    demo_copy: Path, threshold: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtreview.tui import app as app_module

    monkeypatch.setattr(app_module, "IDLE_TEST", 0.05)
    app = app_for(demo_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert gc.get_threshold()[2] == NEVER  # not in Python's schedule any more
        due(20)
        for _ in range(100):  # the idle timer runs it
            await pilot.pause(0.05)
            if gc.get_count()[2] == 0:
                break
        assert gc.get_count()[2] == 0
    assert gc.get_threshold() == threshold
