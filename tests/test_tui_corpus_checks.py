"""The review screen shows corpus-level issues as `check` finds them, after every edit."""

from __future__ import annotations

import re
from pathlib import Path

from test_review_corpus_checks import ROWS, checks_of, project, stored_open
from textual.widgets import TextArea
from tui_helpers import app_for, ready

from mtreview.tui.screens.main import MainScreen
from mtreview.tui.screens.modals import EditScreen

SIZE = (120, 36)


def header_counts(screen: MainScreen) -> tuple[int, int]:
    found = re.search(r"(\d+) open issues? in (\d+) segments?", str(screen.sub_title))
    assert found is not None, screen.sub_title
    return int(found[1]), int(found[2])


async def test_edit_and_undo_change_both_segments_of_a_group(tmp_path: Path) -> None:
    path = project(tmp_path, ROWS)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert header_counts(screen) == stored_open(path) == (0, 0)
        screen.goto(1)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one(TextArea).text = "Hi world."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [i.check for i in screen.state.issues] == ["inconsistent-target"]
        assert checks_of(path)["s1"] == checks_of(path)["s2"] == ["inconsistent-target"]
        assert header_counts(screen) == stored_open(path) == (2, 2)
        screen.poll_changes()  # the list row of the other segment follows
        assert screen.service.row(0).open_issues == 1
        screen.goto(0)
        assert [i.check for i in screen.state.issues] == ["inconsistent-target"]
        await pilot.press("u")
        await pilot.pause()
        assert checks_of(path)["s1"] == checks_of(path)["s2"] == []
        assert header_counts(screen) == stored_open(path) == (0, 0)
