"""The reviewer's throughput in the TUI: confirm and move on, batch actions with a preview."""

from __future__ import annotations

from pathlib import Path

from review_helpers import BATCH_SEGMENTS, GLOSSARY, query_in_new_process, small_project
from tui_helpers import app_for, ready, screen_lines

from mtreview.review import Filter
from mtreview.tui.screens.term_form import ChoiceScreen

SIZE = (120, 36)
SEGMENTS = BATCH_SEGMENTS


def rows(path: Path, sql: str) -> list[list[object]]:
    return query_in_new_process(path, sql)


def status(path: Path) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in rows(path, "SELECT id, status FROM segments")}


def targets(path: Path) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in rows(path, "SELECT id, target FROM segments")}


def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)


async def test_c_confirms_and_moves_to_the_next_segment_to_do(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.goto(1)
        await pilot.pause()
        await pilot.press("c")
        assert status(path)["s2"] == "confirmed"
        assert screen.state.id == "s3"
        screen.goto(0)
        await pilot.pause()
        await pilot.press("c")  # s2 is confirmed: the next one to do is s3
        assert screen.state.id == "s3"
        screen.goto(5)
        await pilot.pause()
        await pilot.press("c")  # wraps round to the first segment to do
        assert screen.state.id == "s3"
        await pilot.press("c", "c", "c")
        assert set(status(path).values()) == {"confirmed"}
        assert "Every segment in the list is confirmed." in [
            n.message for n in pilot.app._notifications
        ]
        await pilot.press("c")  # on a confirmed segment, c puts it back to do and stays
        assert screen.state.status == "todo" and status(path)[screen.state.id] == "todo"


async def test_c_follows_the_list_order_of_the_filter(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.set_filter(Filter("issues"))
        await pilot.pause()
        screen.goto(0)
        await pilot.pause()
        await pilot.press("c")
        assert screen.state.id == "s2"  # s3, s4 have no issue: not in the list


async def test_confirm_all_previews_then_confirms_as_one_undoable_action(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("C")
        assert isinstance(pilot.app.screen, ChoiceScreen)
        shown = "\n".join(screen_lines(pilot.app))
        assert "Confirm 2 segments with no open issue" in shown
        assert "s3" in shown and "s4" in shown
        await pilot.press("escape")  # the preview alone writes nothing
        assert set(status(path).values()) == {"todo"}
        await pilot.press("C")
        await pilot.click("#choice-apply")
        await pilot.pause()
        assert [s for s, v in status(path).items() if v == "confirmed"] == ["s3", "s4"]
        assert "2/6 confirmed" in screen.sub_title
        assert screen.service.row(2).status == "confirmed"
        await pilot.press("u")
        assert set(status(path).values()) == {"todo"}
    assert rows(path, "SELECT kind FROM actions ORDER BY id") == [["confirm-all"], ["undo"]]


async def test_fix_all_of_a_check_and_of_a_term(tmp_path: Path) -> None:
    path = project(tmp_path)
    before = targets(path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.goto(5)  # s6: a double space
        await pilot.pause()
        await pilot.press("F")
        shown = "\n".join(screen_lines(pilot.app))
        assert "Apply 2 suggested fixes of check double-space in 2 segments" in shown
        await pilot.click("#choice-apply")
        await pilot.pause()
        after = targets(path)
        assert after["s6"] == "Hello world." and after["s5"] == "Use carbon stamp and carbon stamp."
        screen.goto(1)  # s2: carbon stamp, a forbidden rendering of 碳票
        await pilot.pause()
        await pilot.press("T")
        shown = "\n".join(screen_lines(pilot.app))
        assert "Apply 3 suggested fixes of term 碳票 → carbon ticket in 2 segments" in shown
        await pilot.click("#choice-apply")
        await pilot.pause()
        after = targets(path)
        assert after["s2"] == "Introduce the carbon ticket system."
        assert after["s5"] == "Use carbon ticket and carbon ticket."
        await pilot.press("u", "u")
    assert targets(path) == before
    kinds = rows(path, "SELECT kind FROM actions ORDER BY id")
    assert kinds == [["fix-all"], ["fix-all"], ["undo"], ["undo"]]


async def test_batch_keys_without_an_issue_say_so(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.goto(2)  # s3: no issue
        await pilot.pause()
        await pilot.press("F", "T")
        assert not isinstance(pilot.app.screen, ChoiceScreen)
        notes = [n.message for n in pilot.app._notifications]
        assert notes.count("This segment has no open issue.") == 2
    assert rows(path, "SELECT COUNT(*) FROM actions") == [[0]]


async def test_a_whitespace_fix_is_shown_visibly(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        screen.goto(5)
        await pilot.pause()
        shown = "\n".join(screen_lines(pilot.app))
        assert "fix: ·· → ·  (replace 2 spaces with 1 space)" in shown
        assert "1 open issue" in shown and "issue(s)" not in shown


async def test_the_palette_reaches_the_batch_actions(tmp_path: Path) -> None:
    path = project(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Confirm every segment")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceScreen)
        await pilot.click("#choice-apply")
        await pilot.pause()
    assert [s for s, v in status(path).items() if v == "confirmed"] == ["s3", "s4"]
