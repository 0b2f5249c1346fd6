from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, OptionList, Static
from tui_helpers import app_for, assert_help_lists, footer_line, key_of, ready, screen_lines

from mtreview.errors import MtreviewError
from mtreview.review import ReviewService
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.main import REVIEW_BINDINGS, MainScreen
from mtreview.tui.screens.scores import SCORES_BINDINGS, ScoresScreen
from mtreview.tui.widgets.score_chart import ScoreChart

SIZE = (120, 36)


async def scored(pilot) -> ScoresScreen:  # type: ignore[no-untyped-def]
    """Open the scores screen and wait for its worker."""
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, ScoresScreen)
    for _ in range(1000):
        if screen.result is not None:
            await pilot.pause()
            return screen
        await pilot.pause(0.01)
    raise AssertionError("scores never came")


async def test_scores_screen_shows_the_figures_after_fixes(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")  # p004: the critical term fixed
        screen = await scored(pilot)
        report = screen.result.report
        assert report.changed == 1 and report.term_after.rendered == report.term_before.rendered + 1
        console = Console(width=118, record=True, file=io.StringIO())
        console.print(screen.query_one("#scores-figures", Static).content)
        shown = console.export_text()
        assert "MT → reviewed" in shown and "nrefs:1|case:mixed|eff:no|tok:13a" in shown
        assert "Term accuracy" in shown and "MQM score" in shown
        assert screen.query_one(DataTable).row_count == len(report.terms) > 0
        worst = screen.query_one("#scores-worst", OptionList)
        assert worst.option_count == 1 and screen.worst == [screen.service.pos_of["p004"]]
        assert "1 changed" in screen.sub_title and "161 scored now, 0 from" in screen.sub_title


async def test_enter_on_the_worst_segment_jumps_to_it(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        await pilot.press("f", "n", "n", "f")  # p004, then p011
        main.goto(0)
        screen = await scored(pilot)
        first = screen.service.ids[screen.worst[0]]
        assert app.focused is screen.query_one("#scores-worst")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.screen.state.id == first


async def test_the_chart_selects_a_segment_and_m_changes_the_metric(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        screen = await scored(pilot)
        chart = screen.query_one(ScoreChart)
        assert "TER per segment" in chart.series.title
        await pilot.press("m")
        assert "chrF++ per segment" in chart.series.title
        assert screen.worst == [screen.service.pos_of["p004"]]
        await pilot.press("b", "right", "right", "end")
        assert chart.cursor == len(chart.bins()) - 1
        wide = len(chart.bins())
        await pilot.resize_terminal(70, 36)
        await pilot.pause()
        assert len(chart.bins()) < wide and chart.cursor == len(chart.bins()) - 1
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.screen.state.id == "p161"


async def test_a_rescore_after_an_edit_scores_one_segment(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await scored(pilot)
        assert screen.result.recomputed == 161
        await pilot.press("escape")
        await pilot.press("f")
        screen = await scored(pilot)
        assert screen.result.recomputed == 1 and screen.result.report.changed == 1
        before = screen.result
        await pilot.press("R")
        for _ in range(1000):
            if screen.result is not before:
                break
            await pilot.pause(0.01)
        assert screen.result is not before and screen.result.recomputed == 0
        assert screen.result.report.corpus == before.report.corpus


async def test_escape_cancels_a_running_score_quietly(demo_copy: Path, monkeypatch) -> None:
    started, seen = threading.Event(), []

    def slow_scores(self, progress=None, cancel=None):  # type: ignore[no-untyped-def]
        started.set()
        progress(1, 10)
        assert cancel is not None and cancel.wait(10)
        seen.append("cancelled")
        raise MtreviewError("scoring cancelled")

    monkeypatch.setattr(ReviewService, "scores", slow_scores)
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        assert started.wait(5)
        # The screen answers keys while the worker runs.
        await pilot.press("m", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert seen == ["cancelled"]
        assert not app._notifications


async def test_scores_key_is_in_footer_help_and_palette(demo_copy: Path) -> None:
    assert any(b.id == "review.scores" and b.key == "s" for b in REVIEW_BINDINGS)
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Score")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScoresScreen)
        footer = await footer_line(pilot)
        for binding in SCORES_BINDINGS:  # every key is shown, none cut
            assert f" {key_of(binding)} {binding.description} " in footer, footer
        await pilot.press("ctrl+p", *"Worst segments")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#scores-worst")
        await pilot.press("question_mark")
        assert_help_lists(app, SCORES_BINDINGS)


async def test_markup_in_ids_and_texts_is_shown_literally(tmp_path: Path) -> None:
    from review_helpers import GLOSSARY, small_project

    segments = [
        ("[b]s1[/b]", "[red]碳票", "a carbon stamp [link=x]y[/link] \x1b[31mred"),
        ("s2", "三区四带", "three zones and four zones"),
    ]
    path = small_project(tmp_path / "m.mtreview", segments, GLOSSARY)
    app = app_for(path)
    async with app.run_test(size=(240, 36)) as pilot:  # wide: no line cut short
        main = await ready(pilot)
        main.goto(0)
        await pilot.press("f")
        await scored(pilot)
        shown = "\n".join(screen_lines(app))
        assert "[b]s1[/b] TER " in shown  # the worst-segments line, as the terminal shows it
        assert "a carbon ticket [link=x]y[/link] ␛[31mred" in shown and "\x1b" not in shown
        assert "[b]s1[/b]: " in shown  # the chart's cursor line
        await pilot.press("t")  # the term table: MT renderings as found in the text
        assert "carbon stamp" in "\n".join(screen_lines(app))


async def test_kept_scores_are_read_off_the_screens_thread(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-score reads the kept issues and renderings in the worker, never in a handler."""
    from mtreview.review.store import Store

    readers: list[bool] = []
    real = Store.check_summary_text

    def read(self: Store, side: str, key: str, part: str) -> str | None:
        readers.append(threading.current_thread() is threading.main_thread())
        return real(self, side, key, part)

    monkeypatch.setattr(Store, "check_summary_text", read)
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await scored(pilot)
        await pilot.press("escape")
        screen = await scored(pilot)  # nothing changed: the kept checks are used
        assert screen.query_one(DataTable).row_count == len(screen.result.report.terms) > 0
    assert readers and not any(readers)
