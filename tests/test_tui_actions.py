from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from review_helpers import query_in_new_process
from textual.binding import Binding
from textual.widgets import TextArea
from tui_helpers import app_for, assert_help_lists, footer_line, key_of, ready, screen_lines

from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.main import LOOK_AHEAD, REVIEW_BINDINGS
from mtreview.tui.screens.modals import EditScreen, FilterScreen, PromptScreen
from mtreview.tui.widgets.segment_list import SegmentList

SIZE = (120, 36)


def rows(path: Path, sql: str) -> list[list[object]]:
    return query_in_new_process(path, sql)


async def test_opens_on_the_first_issue(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.state is not None and screen.state.id == "p004"
        assert "32 open issues" in screen.sub_title


async def test_next_issue_walks_issues_then_segments(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert len(screen.state.issues) == 3
        await pilot.press("n", "n")
        assert (screen.state.id, screen.issue) == ("p004", 2)
        await pilot.press("n")
        assert (screen.state.id, screen.issue) == ("p011", 0)
        await pilot.press("p")
        assert (screen.state.id, screen.issue) == ("p004", 2)


async def test_next_and_previous_segment(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("down", "j")
        assert screen.state.id == "p006"
        await pilot.press("k")
        assert screen.state.id == "p005"
        assert app.screen.query_one(SegmentList).cursor == 4


async def test_apply_fix_is_in_the_project(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        assert "20th CPC National Congress" in screen.state.target
        target = screen.state.target
    assert rows(demo_copy, "SELECT target FROM segments WHERE id = 'p004'") == [[target]]
    assert rows(demo_copy, "SELECT segment, kind, reviewer FROM actions") == [
        ["p004", "fix", "tester"]
    ]


async def test_edit_save_and_cancel(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one(TextArea).text = "Cancelled text."
        await pilot.press("escape")
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "A hand-made translation."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.state.target == "A hand-made translation."
    assert rows(demo_copy, "SELECT kind, after FROM actions") == [
        ["edit", "A hand-made translation."]
    ]


async def test_ignore_confirm_undo_redo(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        fingerprint = screen.state.issues[0].fingerprint
        await pilot.press("i")
        assert isinstance(app.screen, PromptScreen)  # why? Enter without a reason ignores
        await pilot.press("enter")
        assert len(screen.state.issues) == 2
        assert rows(demo_copy, "SELECT fingerprint FROM ignored") == [[fingerprint]]
        await pilot.press("c")
        assert rows(demo_copy, "SELECT status FROM segments WHERE id='p004'") == [["confirmed"]]
        await pilot.press("u")
        assert rows(demo_copy, "SELECT status FROM segments WHERE id='p004'") == [["todo"]]
        await pilot.press("u")
        assert rows(demo_copy, "SELECT fingerprint FROM ignored") == []
        await pilot.press("r")
        assert rows(demo_copy, "SELECT fingerprint FROM ignored") == [[fingerprint]]
    kinds = rows(demo_copy, "SELECT kind FROM actions ORDER BY id")
    assert kinds == [["ignore"], ["confirm"], ["undo"], ["undo"], ["redo"]]


async def test_filter_by_term(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, FilterScreen)
        labels = [label for _, label in app.screen.choices]
        index = next(n for n, label in enumerate(labels) if "三区四带" in label)
        app.screen.dismiss(app.screen.choices[index][0])
        await pilot.pause()
        seg_list = screen.query_one(SegmentList)
        ids = [screen.service.ids[p] for p in seg_list.positions]
        assert ids and all("三区四带" in screen.service.state(p).source for p in seg_list.positions)
        assert screen.state.id in ids
        assert "term: three-zones" in screen.sub_title


async def test_filter_with_issues_via_keys(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "down", "enter")
        await pilot.pause()
        assert len(screen.query_one(SegmentList).positions) == 21


async def test_search(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"carbon stamp", "enter")
        await pilot.pause()
        assert "carbon stamp" in screen.state.target.casefold()


async def test_jump_through_the_palette(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("g")
        await pilot.press(*"p120")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.id == "p120"


async def test_palette_runs_the_same_actions(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        pos = screen.pos
        await pilot.press("ctrl+p")
        await pilot.press(*"Confirm the segment")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.service.status[pos] == "confirmed"
        assert screen.pos != pos  # and on to the next segment to do
    assert rows(demo_copy, "SELECT kind FROM actions") == [["confirm"]]


async def test_help_lists_every_binding(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "mtreview — keys" in "\n".join(screen_lines(app))
        assert_help_lists(app, REVIEW_BINDINGS)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("suffix", [".txt", ".tsv"])
async def test_export_from_the_tui(demo_copy: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"corrected{suffix}"
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f", "w")
        app.screen.query_one("#prompt-input").value = str(out)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "20th CPC National Congress" in out.read_text(encoding="utf-8")


def footer_entries(bindings: list[Binding]) -> list[str]:
    """The footer's entry for each shown binding: "f Fix", a group's keys once: "n p Issue"."""
    keys: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.show:
            label = binding.group.description if binding.group else binding.description
            keys.setdefault(label, []).append(key_of(binding))
    return [" ".join(k) + " " + label for label, k in keys.items()]


async def test_the_footer_shows_its_keys_uncut_in_120_columns(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        footer = await footer_line(pilot)
        entries = footer_entries(REVIEW_BINDINGS)
        assert len(entries) >= 10 and "n p Issue" in entries and "? Help" in entries
        for entry in entries:
            assert f" {entry} " in footer, (entry, footer)
        assert footer.rstrip().endswith("^p palette")
        # What the footer leaves out, the help screen and the palette list.
        await pilot.press("question_mark")
        assert_help_lists(app, [b for b in REVIEW_BINDINGS if not b.show])


async def test_bad_project_ends_with_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mtreview"
    bad.write_text("not a database" * 200)
    app = app_for(bad)
    async with app.run_test(size=SIZE) as pilot:
        # The worker fails and the app records the error; waiting on the worker itself would
        # re-raise its failure, so poll for the outcome instead.
        for _ in range(200):
            if app.error is not None:
                break
            await pilot.pause(0.05)
    assert app.error is not None and "not a review project" in app.error


async def test_going_to_a_hidden_segment_keeps_the_filter_and_says_so(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "down", "enter")
        await pilot.pause()
        assert screen.filter.kind == "issues"
        shown = list(screen.query_one(SegmentList).positions)
        screen.goto(screen.service.pos_of["p001"])
        await pilot.pause()
        assert screen.state.id == "p001" and screen.filter.kind == "issues"
        assert screen.query_one(SegmentList).positions == shown
        assert any("p001 is not in the list" in str(n.message) for n in app._notifications)
        await pilot.press("j")  # the list's next segment after p001
        assert screen.state.id == "p004"


async def test_empty_filter_keeps_the_list(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "down", "down", "down", "enter")  # confirmed: none yet
        await pilot.pause()
        assert screen.filter.kind == "all"
        assert len(screen.query_one(SegmentList).positions) == 161


async def test_screen_is_usable_while_the_segmenter_loads(demo_copy: Path, monkeypatch) -> None:
    import threading

    from mtreview.review import ReviewService
    from mtreview.tui.screens.main import MainScreen

    release = threading.Event()
    monkeypatch.setattr(ReviewService, "warm_up", lambda self: release.wait(10))
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(300):
            if isinstance(app.screen, MainScreen) and app.screen.is_mounted:
                break
            await pilot.pause(0.01)
        screen = app.screen
        # The stored check result is shown at once; actions wait for the segmenter.
        assert not screen.ready and screen.state.issues
        await pilot.press("down")
        assert screen.state.id == "p005"
        await pilot.press("f", "c")
        assert rows(demo_copy, "SELECT COUNT(*) FROM actions") == [[0]]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.ready and screen.state.id == "p005"
        await pilot.press("c")
    assert rows(demo_copy, "SELECT segment, kind FROM actions") == [["p005", "confirm"]]


async def test_a_fix_and_its_undo_take_the_checks_made_while_the_reviewer_read(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        service = screen.service
        taken: list[tuple[str, int]] = []  # (action, checks it found made ahead)

        def counting(name: str) -> Callable[..., object]:
            real = getattr(service, name)

            def counted(*args: object) -> object:
                hits = service.checks.hits
                try:
                    return real(*args)
                finally:
                    taken.append((name, service.checks.hits - hits))

            return counted

        for name in ("apply_fix", "undo"):
            monkeypatch.setattr(service, name, counting(name))
        for _ in range(50):  # the demo's first issues hold fixes
            if screen.state.issues[screen.issue].fix is not None:
                break
            await pilot.press("n")
        await pilot.pause(LOOK_AHEAD * 3)  # the reviewer reads the issue
        target = screen.state.target
        await pilot.press("f")
        assert screen.state.target != target
        await pilot.pause(LOOK_AHEAD * 3)
        await pilot.press("u")
        assert screen.state.target == target
        assert taken == [("apply_fix", 1), ("undo", 1)]
