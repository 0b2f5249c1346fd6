"""The review screen: the segment list, the current segment, its issues and glossary entries.

Every action calls the service synchronously (it commits before returning) and only then shows
the returned state, so nothing the screen shows as done can be lost.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from mtreview.review import (
    CONFIRMED,
    TODO,
    Filter,
    GlossaryService,
    MtreviewError,
    ReviewService,
    SegmentState,
)
from mtreview.tui.glossary_flow import offer_learning
from mtreview.tui.messages import ExportFinished
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.modals import EditScreen, FilterScreen, PromptScreen
from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView
from mtreview.tui.widgets.text import clean

# Pairs share one footer entry ("n p Issue") and the most used keys come first, so that a
# 160-column footer holds nearly all of them; help (?) and the palette list every binding.
_ISSUE = Binding.Group("Issue")
_SEGMENT = Binding.Group("Segment")
_UNDO = Binding.Group("Undo/redo")

REVIEW_BINDINGS: list[Binding] = [
    Binding("n", "next_issue", "Next issue", id="review.next_issue", group=_ISSUE),
    Binding("p", "prev_issue", "Prev issue", id="review.prev_issue", group=_ISSUE),
    Binding(
        "down,j",
        "next_segment",
        "Next segment",
        id="review.next_segment",
        key_display="↓/j",
        group=_SEGMENT,
    ),
    Binding(
        "up,k",
        "prev_segment",
        "Prev segment",
        id="review.prev_segment",
        key_display="↑/k",
        group=_SEGMENT,
    ),
    Binding("f", "apply_fix", "Fix", id="review.apply_fix", tooltip="Apply the suggested fix"),
    Binding("e", "edit", "Edit", id="review.edit"),
    Binding("i", "ignore", "Ignore", id="review.ignore", tooltip="Ignore issue"),
    Binding("c", "confirm", "Confirm", id="review.confirm"),
    Binding("u", "undo", "Undo", id="review.undo", group=_UNDO),
    Binding("r", "redo", "Redo", id="review.redo", group=_UNDO),
    Binding("question_mark", "help", "Help", id="review.help", key_display="?"),
    Binding("q", "app.quit", "Quit", id="review.quit"),
    Binding("l", "filter", "Filter", id="review.filter"),
    Binding("slash", "search", "Find", id="review.search", key_display="/", tooltip="Search text"),
    Binding("g", "jump", "Jump", id="review.jump", tooltip="Go to a segment"),
    Binding("w", "export", "Export", id="review.export"),
    Binding("s", "scores", "Score", id="review.scores", tooltip="Scores"),
    Binding("t", "glossary", "Terms", id="review.glossary", tooltip="Glossary"),
    Binding("a", "add_term", "Add term", id="review.add_term"),
]


class MainScreen(Screen[None]):
    """Review one project."""

    BINDINGS = REVIEW_BINDINGS

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service
        self.filter = Filter()
        self.state: SegmentState | None = None
        self.issue = 0
        self.last_search = ""
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            width = max((len(i) for i in self.service.ids[:2000]), default=6)
            yield SegmentList(self.service.row, id_width=width, id="segments")
            yield SegmentView(id="detail")
        yield Footer()

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    def fetch(self, pos: int) -> SegmentState:
        """Segment ``pos`` as stored (its check result too: nothing is checked to show it)."""
        return self.service.state(pos)

    def checker_ready(self) -> None:
        """The checker can run: actions are allowed from now on."""
        self.ready = True

    def act(self, action: Callable[[], SegmentState | None]) -> SegmentState | None:
        """Run a service action; a refusal or a storage fault is one line, the screen lives on.

        When another session changed the segment meanwhile, it is shown as it is now.
        """
        try:
            return action()
        except MtreviewError as exc:
            self.refused(exc)
            return None

    def refused(self, exc: MtreviewError) -> None:
        """Say why an action was refused, and show its segment as it is now."""
        self.notify(clean(str(exc)), severity="error", markup=False)
        pos = getattr(exc, "pos", None)
        if pos is None and self.state is not None:
            pos = self.state.pos
        if pos is not None:
            with suppress(MtreviewError):
                self.show(self.service.state(pos), self.issue)

    def poll_changes(self) -> None:
        """Show what other sessions changed (the service answers at once when nothing did)."""
        try:
            changes = self.service.refresh()
        except MtreviewError as exc:
            self.notify(clean(str(exc)), severity="error", markup=False)
            return
        if not changes:
            return
        if changes.everything:
            self.segment_list.set_positions(self.service.filtered(self.filter))
            self.segment_list.refresh()
        for pos in changes.positions:
            self.segment_list.refresh_segment(pos)
        if self.state is not None and (changes.everything or self.state.pos in changes.positions):
            self.show(self.service.state(self.state.pos), self.issue)
        else:
            self.update_header()

    def _require_ready(self) -> bool:
        if not self.ready:
            self.notify("Still loading the Chinese word segmenter…", severity="warning")
        return self.ready

    def on_mount(self) -> None:
        self.ready = getattr(self.app, "checker_ready", True) is True
        self.set_interval(0.5, self.poll_changes)
        self.segment_list.set_positions(self.service.filtered(self.filter))
        resume = self.service.last_position()
        if resume is None:
            resume = self.service.next_issue(-1)
        self.show(self.fetch(0 if resume is None else resume))

    def show(self, state: SegmentState, issue: int = 0) -> None:
        """Show a segment state returned by the service."""
        self.state = state
        self.issue = max(0, min(issue, len(state.issues) - 1))
        with self.app.batch_update():
            self.query_one(SegmentView).show(state, self.issue)
            if self.segment_list.index_of(state.pos) is None and self.filter.kind != "all":
                # Jumped (search, go to, undo) to a segment the filter hides: show all again.
                self.filter = Filter()
                self.segment_list.set_positions(self.service.filtered(self.filter))
            self.segment_list.move_to(state.pos)
            self.segment_list.refresh_segment(state.pos)
            self.update_header()

    def update_header(self) -> None:
        """Progress in the header: confirmed segments and open issues."""
        progress = self.service.progress()
        self.sub_title = ("READ-ONLY · " if self.service.read_only else "") + (
            f"{progress.confirmed}/{progress.segments} confirmed · {progress.open_issues} open "
            f"issues in {progress.with_issues} segments · list: {self.filter.label}"
        )

    def goto(self, pos: int) -> None:
        """Show segment ``pos``."""
        self.show(self.fetch(pos))

    def on_segment_list_segment_selected(self, event: SegmentList.SegmentSelected) -> None:
        self.goto(event.pos)

    def _step_segment(self, step: int) -> None:
        assert self.state is not None
        positions = self.segment_list.positions
        index = self.segment_list.index_of(self.state.pos)
        if index is None:
            nearer = [p for p in positions if (p - self.state.pos) * step > 0]
            target = (nearer[0] if step > 0 else nearer[-1]) if nearer else None
        else:
            i = index + step
            target = positions[i] if 0 <= i < len(positions) else None
        if target is not None:
            self.goto(target)

    def action_next_segment(self) -> None:
        self._step_segment(1)

    def action_prev_segment(self) -> None:
        self._step_segment(-1)

    def action_next_issue(self) -> None:
        assert self.state is not None
        if self.issue + 1 < len(self.state.issues):
            self.show(self.state, self.issue + 1)
            return
        pos = self.service.next_issue(self.state.pos, 1)
        if pos is None:
            self.notify("No more issues after this segment.")
        else:
            self.show(self.fetch(pos), 0)

    def action_prev_issue(self) -> None:
        assert self.state is not None
        if self.issue > 0 and self.state.issues:
            self.show(self.state, self.issue - 1)
            return
        pos = self.service.next_issue(self.state.pos, -1)
        if pos is None:
            self.notify("No issues before this segment.")
        else:
            state = self.fetch(pos)
            self.show(state, len(state.issues) - 1)

    def _current_issue(self) -> str | None:
        if not self._require_ready():
            return None
        if self.state is None or not self.state.issues:
            self.notify("This segment has no open issue.", severity="warning")
            return None
        return self.state.issues[self.issue].fingerprint

    def action_apply_fix(self) -> None:
        fingerprint = self._current_issue()
        if fingerprint is None or self.state is None:
            return
        if self.state.issues[self.issue].fix is None:
            self.notify("No safe fix for this issue: edit the target (e).", severity="warning")
            return
        pos = self.state.pos
        state = self.act(lambda: self.service.apply_fix(pos, fingerprint))
        if state is not None:
            self.show(state, self.issue)

    def action_ignore(self) -> None:
        fingerprint = self._current_issue()
        if fingerprint is not None and self.state is not None:
            pos = self.state.pos
            state = self.act(lambda: self.service.ignore(pos, fingerprint))
            if state is not None:
                self.show(state, self.issue)

    def action_confirm(self) -> None:
        if not self._require_ready():
            return
        assert self.state is not None
        pos = self.state.pos
        state = self.act(lambda: self.service.confirm(pos))
        if state is not None:
            self.show(state, self.issue)

    def action_edit(self) -> None:
        if not self._require_ready():
            return
        assert self.state is not None
        pos, before = self.state.pos, self.state

        def save(text: str | None) -> None:
            if text is not None:
                state = self.act(lambda: self.service.edit(pos, text))
                if state is not None:
                    self.show(state, 0)
                    offer_learning(self, before, text)

        self.app.push_screen(EditScreen(self.state.id, self.state.target), save)

    def action_undo(self) -> None:
        if not self._require_ready():
            return
        try:
            state = self.service.undo()
        except MtreviewError as exc:
            self.refused(exc)
            return
        if state is None:
            self.notify("Nothing to undo.")
        else:
            self.show(state)

    def action_redo(self) -> None:
        if not self._require_ready():
            return
        try:
            state = self.service.redo()
        except MtreviewError as exc:
            self.refused(exc)
            return
        if state is None:
            self.notify("Nothing to redo.")
        else:
            self.show(state)

    def filter_choices(self) -> list[tuple[Filter, str]]:
        """The filter menu: fixed choices, then each check and each term with open issues."""
        checks, terms = self.service.counts()
        names = self.service.glossary.by_id()
        choices = [
            (Filter(), "All segments"),
            (Filter("issues"), "Segments with open issues"),
            (Filter(TODO), "Segments to do"),
            (Filter(CONFIRMED), "Confirmed segments"),
        ]
        choices += [(Filter("check", c), f"Check {c} ({n})") for c, n in sorted(checks.items())]
        for term_id, n in sorted(terms.items(), key=lambda kv: -kv[1]):
            term = names.get(term_id)
            if term is not None:
                choices.append(
                    (Filter("term", term_id), f"Term {term.source} → {term.target} ({n})")
                )
        return choices

    def set_filter(self, flt: Filter) -> None:
        """Show only the segments the filter selects."""
        try:
            positions = self.service.filtered(flt)
        except MtreviewError as exc:
            self.notify(clean(str(exc)), severity="error", markup=False)
            return
        if not positions:
            self.notify("No segment matches this filter.", severity="warning")
            return
        self.filter = flt
        self.segment_list.set_positions(positions)
        if self.state is not None and self.segment_list.index_of(self.state.pos) is None:
            self.goto(positions[0])
        elif self.state is not None:
            self.show(self.state, self.issue)

    def action_filter(self) -> None:
        def chosen(flt: Filter | None) -> None:
            if flt is not None:
                self.set_filter(flt)

        self.app.push_screen(FilterScreen(self.filter_choices()), chosen)

    def action_search(self) -> None:
        def search(text: str | None) -> None:
            if not text or self.state is None:
                return
            self.last_search = text
            pos = self.service.search(text, self.state.pos)
            if pos is None:
                self.notify("Not found.", severity="warning")
            else:
                self.goto(pos)

        self.app.push_screen(PromptScreen("Search source and target:", self.last_search), search)

    def action_jump(self) -> None:
        from mtreview.tui.commands import SegmentJump

        self.app.push_screen(CommandPalette(providers=[SegmentJump], placeholder="Go to segment…"))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(REVIEW_BINDINGS))

    def action_scores(self) -> None:
        from mtreview.tui.screens.scores import ScoresScreen

        def chosen(pos: int | None) -> None:
            if pos is not None:
                self.goto(pos)

        self.app.push_screen(ScoresScreen(self.service), chosen)

    def action_export(self) -> None:
        project = self.service.path
        default = str(project.with_name(project.name.removesuffix(".mtreview") + ".corrected.txt"))

        def export(path: str | None) -> None:
            if path:
                self.run_export(path)

        self.app.push_screen(
            PromptScreen("Export to (.txt, .tsv or a corpus format):", default), export
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def run_export(self, path: str) -> None:
        """Write the export in a worker (a large corpus takes a moment)."""
        count = self.service.export(Path(path).expanduser())
        self.post_message(ExportFinished(path, count))

    def on_export_finished(self, message: ExportFinished) -> None:
        self.notify(f"Wrote {message.count} segments to {clean(message.path)}", markup=False)

    def action_glossary(self) -> None:
        from mtreview.tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(GlossaryService(self.service)))

    def action_add_term(self) -> None:
        if not self._require_ready() or self.state is None:
            return
        from mtreview.tui.glossary_add import add_term_from_segment

        add_term_from_segment(self, self.state, self.get_selected_text() or "")
