"""The scores screen: the review in figures, a per-segment chart, worst segments and terms.

Scores run in a worker thread (the project's cached per-segment statistics make a re-score
after a few edits quick); the screen stays usable and ``escape`` cancels. Choosing a segment
in the chart or the worst-segments list closes the screen on that segment.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from mtreview.review import MtreviewError, ReviewService
from mtreview.review.scores import ProjectScores
from mtreview.tui.commands import BindingCommands
from mtreview.tui.screens.base import ReviewScreen
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.review_keys import SCORES_BINDINGS, keymap_of
from mtreview.tui.widgets.fit_table import FitTable
from mtreview.tui.widgets.score_chart import ChartSeries, ScoreChart, nice_range, series_values
from mtreview.tui.widgets.score_tables import (
    HIGHER_IS_WORSE,
    PAIR_LABELS,
    TERM_COLUMNS,
    figures,
    term_cells,
    worst_line,
    worst_rows,
)


class ScoresCommands(BindingCommands):
    """The scores screen's bindings in the command palette."""

    def bindings(self) -> list[Binding]:
        return SCORES_BINDINGS

    def target_screen(self) -> Screen[Any] | None:
        return self.screen if isinstance(self.screen, ScoresScreen) else None


class ScoresScreen(ReviewScreen[int | None]):
    """Scores of the review so far; dismisses with a segment position to jump to, or None."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [*SCORES_BINDINGS]
    COMMANDS = {ScoresCommands}

    class Progressed(Message):
        """The scoring worker did ``done`` of ``total`` work units."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Computed(Message):
        """The scoring worker finished."""

        def __init__(self, result: ProjectScores) -> None:
            super().__init__()
            self.result = result

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service
        self.cancel = threading.Event()
        self.result: ProjectScores | None = None
        self.choices: list[tuple[str, str]] = []
        self.choice = 0
        self.worst: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scores-status"):
            yield Label("Scoring the review…", id="scores-label")
            yield ProgressBar(id="scores-bar", show_eta=False)
        yield Static(id="scores-figures")
        yield ScoreChart(id="scores-chart")
        with Horizontal(id="scores-lower"):
            with Vertical(id="scores-worst-box"):
                yield Label("Worst segments (enter: go to)", classes="heading", id="worst-title")
                yield OptionList(id="scores-worst")
            with Vertical(id="scores-terms-box"):
                yield Label("Term consistency: MT → reviewed", classes="heading")
                yield FitTable(TERM_COLUMNS, flexible=(0, 1, 3, 5), id="scores-terms")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "scores"
        self.run_scores()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scores")
    def run_scores(self) -> None:
        """Score in a worker; a cancelled run ends quietly."""
        cancel = self.cancel

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            result = self.service.scores(progress, cancel)
            # what the screen shows, read here: the project's kept issues and renderings are
            # read when first asked for, off the screen's thread and before another session
            # could score the project again
            result.report.terms  # noqa: B018
            result.report.segments  # noqa: B018
        except MtreviewError:
            if cancel.is_set():
                return
            raise
        self.post_message(self.Computed(result))

    def on_scores_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#scores-bar", ProgressBar).update(
            total=message.total, progress=message.done
        )

    def on_scores_screen_computed(self, message: Computed) -> None:
        self.result = result = message.result
        report = result.report
        self.query_one("#scores-status").display = False
        self.query_one("#scores-figures", Static).update(figures(report))
        self.choices = [(p, m) for p in report.corpus for m in ("TER", "chrF++", "BLEU")]
        if "reviewed-reference" in report.corpus:
            self.choice = self.choices.index(("reviewed-reference", "chrF++"))
        table = self.query_one(DataTable)
        table.clear()
        for cells in term_cells(report):
            table.add_row(*cells)
        cached = len(report.data) - result.recomputed
        self.sub_title = (
            f"scores · {len(report.data):,} segments, {report.changed:,} changed · "
            f"{result.recomputed:,} scored now, {cached:,} from the project's cache"
        )
        self.show_series()
        self.query_one("#scores-worst", OptionList).focus()

    def show_series(self) -> None:
        """Draw the chosen metric in the chart and list its worst segments."""
        if self.result is None or not self.choices:
            return
        report = self.result.report
        pair, metric = self.choices[self.choice]
        worse = metric in HIGHER_IS_WORSE
        title = (
            f"{metric} per segment, {PAIR_LABELS[pair]} "
            f"({'higher' if worse else 'lower'} is worse) · m: another metric"
        )
        ids = tuple(row.id for row in report.segments)
        values = series_values([row.scores for row in report.segments], pair, metric)
        low, top = nice_range(values, worse)
        self.query_one(ScoreChart).show(ChartSeries(title, ids, values, worse, top, low))
        rows = worst_rows(report, pair, metric)
        self.worst = [self.service.pos_of[row.id] for row in rows]
        options = self.query_one("#scores-worst", OptionList)
        options.clear_options()
        if rows:
            options.add_options(
                Option(worst_line(row, pair, metric, self.service.row(pos).preview))
                for row, pos in zip(rows, self.worst, strict=True)
            )
            options.highlighted = 0
        else:
            options.add_option(Option("No segment scores below perfect.", disabled=True))

    def action_next_metric(self) -> None:
        if self.choices:
            self.choice = (self.choice + 1) % len(self.choices)
            self.show_series()

    @on(OptionList.OptionSelected, "#scores-worst")
    def worst_selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.worst):
            self.jump(self.worst[event.option_index])

    def on_score_chart_segment_selected(self, event: ScoreChart.SegmentSelected) -> None:
        if self.result is not None:
            self.jump(self.service.pos_of[self.result.report.segments[event.index].id])

    def jump(self, pos: int) -> None:
        """Close the screen on segment ``pos``."""
        self.cancel.set()
        self.dismiss(pos)

    def action_show(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    def action_rescore(self) -> None:
        self.cancel.set()
        self.cancel = threading.Event()
        self.query_one("#scores-status").display = True
        self.query_one("#scores-bar", ProgressBar).update(total=None, progress=0)
        self.run_scores()

    def action_close(self) -> None:
        self.cancel.set()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.cancel.set()  # quitting from here stops a running score too

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(SCORES_BINDINGS, keymap_of(self.app)))
