"""The review screen: the segment list, the current segment, its issues and glossary entries.

Every action calls the service synchronously (it commits before returning) and only then shows
the returned state, so nothing the screen shows as done can be lost. The screen's state is
reactive: the current segment (``state``, ``issue``), the filter and the positions it selects,
and whether the checker is ready; the list and the segment view are bound to it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Footer

from mtreview.review import (
    CONFIRMED,
    TODO,
    Filter,
    GlossaryService,
    Issue,
    MtreviewError,
    ReviewService,
    SegmentState,
    counted,
    edit_refusal,
)
from mtreview.tui.messages import ExportFinished, GlossaryChanged
from mtreview.tui.screens.by_width import ByWidthScreen
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.modals import (
    EditScreen,
    FilterScreen,
    IgnoredScreen,
    PromptScreen,
    reason_prompt,
)
from mtreview.tui.screens.review_keys import REVIEW_BINDINGS, keymap_of
from mtreview.tui.screens.term_form import TermForm, prefill
from mtreview.tui.widgets.header import ReviewHeader
from mtreview.tui.widgets.segment_list import SegmentList
from mtreview.tui.widgets.segment_view import SegmentView
from mtreview.tui.widgets.text import clean

__all__ = ["REVIEW_BINDINGS", "MainScreen"]

LOOK_AHEAD = 0.05
"""Seconds after a segment or issue is shown (and nothing else happened) before the next fix
and undo on it are worked out ahead (:meth:`ReviewService.anticipate`, up to ≈ 7 ms): a reviewer
reads first; key repeat (30-40 ms apart) never waits for it."""


class MainScreen(ByWidthScreen):
    """Review one project (laid out by width: see :class:`ByWidthScreen`)."""

    BINDINGS: ClassVar[list[BindingType]] = [*REVIEW_BINDINGS]

    state: var[SegmentState | None] = var(None, init=False)
    """The segment shown, as the service last returned it."""
    issue: var[int] = var(0, init=False)
    """The current issue of ``state`` (an index into its issues)."""
    pos: var[int] = var(0, init=False)
    """The position of the segment shown."""
    filter: var[Filter] = var(Filter(), init=False)
    """What the list shows."""
    positions: var[list[int]] = var(list, init=False)
    """The positions the filter selects, in corpus order."""
    ready: var[bool] = var(False, init=False)
    """The checker is loaded: segments are shown freshly checked and actions run."""
    sub_title: var[str | None] = var(None)
    """Progress and the filter's name: the header shows it (repainting its own line, where
    Textual's screen reactive would repaint the whole screen at each action)."""

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service
        self.last_search = ""
        self._checked: tuple[Filter, list[int]] | None = None  # set_filter's, for watch_filter
        self._ahead: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ReviewHeader()
        with Horizontal():
            width = max((len(i) for i in self.service.ids[:2000]), default=6)
            yield SegmentList(self.service.row, id_width=width, id="segments").data_bind(
                MainScreen.positions, current=MainScreen.pos
            )
            yield SegmentView(id="detail").data_bind(
                MainScreen.state, MainScreen.issue, checked=MainScreen.ready
            )
        yield Footer()

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one(SegmentList)

    def on_mount(self) -> None:
        self.positions = self.service.filtered(self.filter)
        resume = self.service.last_position()
        if resume is None:
            resume = self.service.next_issue(-1)
        self.show(self.fetch(0 if resume is None else resume))
        self.set_interval(0.5, self.poll_changes)
        # The app says when jieba is loaded (at once if it already is).
        self.watch(self.app, "checker_ready", self.set_ready)

    def set_ready(self, ready: bool) -> None:
        """Follow the app's ``checker_ready``."""
        self.ready = ready

    def fetch(self, pos: int) -> SegmentState:
        """Segment ``pos`` freshly checked, or as stored while jieba still loads."""
        return self.service.state(pos) if self.ready else self.service.peek(pos)

    def watch_ready(self, ready: bool) -> None:
        if ready and self.state is not None:
            self.show(self.service.state(self.state.pos), self.issue)

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
            self.positions = self.service.filtered(self.filter)
            self.segment_list.refresh()
        else:
            self.segment_list.refresh_segments(changes.positions)
        if self.state is not None and (changes.everything or self.state.pos in changes.positions):
            self.show(self.service.state(self.state.pos), self.issue)
        else:
            self.update_header()

    def _require_ready(self) -> bool:
        if not self.ready:
            self.notify("Still loading the Chinese word segmenter…", severity="warning")
        return self.ready

    def show(self, state: SegmentState, issue: int = 0) -> None:
        """Show a segment state returned by the service, with issue number ``issue`` current."""
        with self.app.batch_update():
            self.issue = max(0, min(issue, len(state.issues) - 1))
            self.state = state
            self.segment_list.refresh_segment(state.pos)  # its status or issue count changed
            self.update_header()
            self.query_one(SegmentView).draw_pending()  # one screen update for the whole step
        self._look_ahead_soon()  # a state equal to the last one is not a change to watch

    def watch_state(self, state: SegmentState | None) -> None:
        if state is None:
            return
        if (
            state.pos not in self.segment_list
            and self.filter.kind != "all"
            and state.pos != self.pos
        ):
            # Jumped (search, go to, undo) to a segment the filter hides: the filter stays.
            self.notify(
                f"{clean(state.id)} is not in the list ({clean(self.filter.label)}): "
                "the list keeps its filter (l changes it).",
                markup=False,
            )
        self.pos = state.pos

    def watch_issue(self) -> None:
        self._look_ahead_soon()

    def _look_ahead_soon(self) -> None:
        """Check the next fix and undo ahead once the screen has been still a moment."""
        if self._ahead is not None:
            self._ahead.stop()
        self._ahead = self.set_timer(LOOK_AHEAD, self._look_ahead)

    def _look_ahead(self) -> None:
        self._ahead = None
        state = self.state
        if not self.ready or state is None:  # checking waits for jieba
            return
        issue = state.issues[self.issue].fingerprint if state.issues else None
        try:
            self.service.anticipate(state.pos, issue)  # it knows fixes, locks and read-only
        except MtreviewError:  # a fault shows when the reviewer acts
            pass
        except Exception as exc:  # work ahead is optional: it never ends the review
            self.log.error(f"checking ahead failed: {exc!r}")

    def watch_filter(self, flt: Filter) -> None:
        checked, self._checked = self._checked, None
        self.positions = checked[1] if checked and checked[0] == flt else self.service.filtered(flt)
        self.update_header()

    def update_header(self) -> None:
        """Progress in the header: confirmed segments and open issues."""
        progress = self.service.progress()
        self.sub_title = ("READ-ONLY · " if self.service.read_only else "") + (
            f"{progress.confirmed}/{progress.segments} confirmed · "
            f"{counted(progress.open_issues, 'open issue')} in "
            f"{counted(progress.with_issues, 'segment')} · list: {clean(self.filter.label)}"
        )

    def refresh_from_service(self) -> None:
        """Show the list and the segment as the latest re-check left them."""
        if self.state is None:
            return
        self.positions = self.service.filtered(self.filter)
        self.segment_list.refresh()
        self.show(self.service.state(self.state.pos), self.issue)

    def on_glossary_changed(self, message: GlossaryChanged) -> None:
        self.refresh_from_service()

    def goto(self, pos: int) -> None:
        """Show segment ``pos``."""
        self.show(self.fetch(pos))

    def on_segment_list_segment_selected(self, event: SegmentList.SegmentSelected) -> None:
        self.goto(event.pos)

    def _step_segment(self, step: int) -> None:
        target = self.segment_list.neighbour(self.pos, step)
        if target is not None:
            self.goto(target)

    def action_next_segment(self) -> None:
        self._step_segment(1)

    def action_prev_segment(self) -> None:
        self._step_segment(-1)

    def _page(self, direction: int) -> None:
        listed = self.segment_list
        if not listed.positions:
            return
        step = direction * max(1, listed.scrollable_content_region.height - 1)
        target = listed.neighbour(self.pos, step)
        if target is None:
            target = listed.positions[-1 if direction > 0 else 0]
        if target != self.pos:
            self.goto(target)

    def action_page_next(self) -> None:
        """A list page down."""
        self._page(1)

    def action_page_prev(self) -> None:
        """A list page up."""
        self._page(-1)

    def action_next_issue(self) -> None:
        assert self.state is not None
        if self.issue + 1 < len(self.state.issues):
            self.issue += 1
            return
        pos = self.service.next_issue(self.pos, 1)
        if pos is None:
            self.notify("No more issues after this segment.")
        else:
            self.show(self.fetch(pos), 0)

    def action_prev_issue(self) -> None:
        assert self.state is not None
        if self.issue > 0 and self.state.issues:
            self.issue -= 1
            return
        pos = self.service.next_issue(self.pos, -1)
        if pos is None:
            self.notify("No issues before this segment.")
        else:
            state = self.fetch(pos)
            self.show(state, len(state.issues) - 1)

    def current_issue(self) -> Issue | None:
        if not self._require_ready():
            return None
        if self.state is None or not self.state.issues:
            self.notify("This segment has no open issue.", severity="warning")
            return None
        return self.state.issues[self.issue]

    def _current_issue(self) -> str | None:
        issue = self.current_issue()
        return None if issue is None else issue.fingerprint

    def action_apply_fix(self) -> None:
        fingerprint = self._current_issue()
        if fingerprint is None or self.state is None:
            return
        if self.state.issues[self.issue].fix is None:
            self.notify("No safe fix for this issue: edit the target (e).", severity="warning")
            return
        pos = self.pos
        self.act_and_show(lambda: self.service.apply_fix(pos, fingerprint), self.issue)

    def action_ignore(self) -> None:
        fingerprint = self._current_issue()
        if fingerprint is None or self.state is None:
            return
        pos, issue = self.pos, self.issue

        def ignore(reason: str | None) -> None:
            if reason is not None:
                self.act_and_show(lambda: self.service.ignore(pos, fingerprint, reason), issue)

        self.app.push_screen(reason_prompt(self.state.issues[issue].check), ignore)

    def action_ignored(self) -> None:
        """List the segment's ignored issues; the one chosen is open again (undoable)."""
        if not self._require_ready() or self.state is None:
            return
        if not self.state.ignored:
            self.notify("No ignored issue in this segment (l: segments with ignored issues).")
            return
        pos = self.pos

        def unignore(fingerprint: str | None) -> None:
            if fingerprint is not None:
                self.act_and_show(lambda: self.service.unignore(pos, fingerprint))

        self.app.push_screen(IgnoredScreen(self.state), unignore)

    def _comment(self, fingerprint: str | None, about: str) -> None:
        pos = self.pos

        def save(text: str | None) -> None:
            if text and text.strip():
                self.act_and_show(lambda: self.service.comment(pos, text, fingerprint), self.issue)

        self.app.push_screen(PromptScreen(f"Comment on {about}:"), save)

    def action_comment(self) -> None:
        """Comment on the segment (kept in the log, the report and XLIFF notes)."""
        if self._require_ready() and self.state is not None:
            self._comment(None, f"segment {clean(self.state.id)}")

    def action_comment_issue(self) -> None:
        """Comment on the current issue."""
        fingerprint = self._current_issue()
        if fingerprint is not None and self.state is not None:
            check = self.state.issues[self.issue].check
            self._comment(fingerprint, f"the {check} issue of {clean(self.state.id)}")

    def action_concordance(self) -> None:
        """Every hit of a query in sources and targets; go to one, or list the segments hit."""
        from mtreview.tui.screens.concordance import ConcordanceScreen

        def chosen(result: int | Filter | None) -> None:
            if isinstance(result, Filter):
                self.set_filter(result)
            elif result is not None:
                self.goto(result)

        self.app.push_screen(ConcordanceScreen(self.service, self.last_search), chosen)

    def action_confirm(self) -> None:
        """Confirm the segment and go to the next one to do in the list (or put it back to do)."""
        if not self._require_ready():
            return
        pos = self.pos
        if not self.act_and_show(lambda: self.service.confirm(pos), self.issue):
            return
        if self.service.status[pos] != CONFIRMED:
            return
        after = self.segment_list.next_where(pos, lambda p: self.service.status[p] == TODO)
        if after is None:
            self.notify("Every segment in the list is confirmed.")
        else:
            self.goto(after)

    def act_and_show(self, action: Callable[[], SegmentState | None], issue: int = 0) -> bool:
        """Run an action and show the segment it returns; False when it was refused."""
        state = self.act(action)
        if state is not None:
            self.show(state, issue)
        return state is not None

    def action_edit(self) -> None:
        if not self._require_ready() or self.state is None:
            return
        before = self.state
        refused = edit_refusal(before)  # a locked segment: say so before opening the box
        if refused is not None:
            self.notify(clean(refused), severity="error", markup=False)
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            if text == before.target:
                self.notify("The target is unchanged: nothing saved.")
                return
            if self.act_and_show(lambda: self.service.edit(before.pos, text), 0):
                self.offer_learning(before, text)

        self.app.push_screen(EditScreen(before.id, before.target, before), save)

    def action_undo(self) -> None:
        if self._require_ready():
            self._step_history(self.service.undo, "Nothing to undo.")

    def action_redo(self) -> None:
        if self._require_ready():
            self._step_history(self.service.redo, "Nothing to redo.")

    def _step_history(self, step: Callable[[], SegmentState | None], nothing: str) -> None:
        try:
            state = step()
        except MtreviewError as exc:
            self.refused(exc)
            return
        if state is None:
            self.notify(nothing)
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
            (Filter("ignored"), "Segments with ignored issues (I to take one back)"),
        ]
        choices += [(Filter("check", c), f"Check {c} ({n})") for c, n in sorted(checks.items())]
        for term_id, n in sorted(terms.items(), key=lambda kv: -kv[1]):
            term = names.get(term_id)
            if term is not None:
                choices.append(
                    (Filter("term", term_id), f"Term {term.source} → {term.target} ({n})")
                )
        return choices

    def set_filter(self, flt: Filter | None) -> None:
        """Show only the segments the filter selects (a filter selecting none is refused)."""
        if flt is None:
            return
        try:
            positions = self.service.filtered(flt)
        except MtreviewError as exc:
            self.notify(clean(str(exc)), severity="error", markup=False)
            return
        if not positions:
            self.notify("No segment matches this filter.", severity="warning")
            return
        self._checked = (flt, positions)
        self.filter = flt
        if self.state is not None and self.pos not in self.segment_list:
            self.goto(positions[0])

    def action_filter(self) -> None:
        self.app.push_screen(FilterScreen(self.filter_choices()), self.set_filter)

    def action_search(self) -> None:
        def search(text: str | None) -> None:
            if not text:
                return
            self.last_search = text
            pos = self.service.search(text, self.pos)
            if pos is None:
                self.notify("Not found.", severity="warning")
            else:
                self.goto(pos)

        self.app.push_screen(PromptScreen("Search source and target:", self.last_search), search)

    def action_jump(self) -> None:
        from mtreview.tui.commands import SegmentJump

        self.app.push_screen(CommandPalette(providers=[SegmentJump], placeholder="Go to segment…"))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(REVIEW_BINDINGS, keymap_of(self.app)))

    def action_scores(self) -> None:
        from mtreview.tui.screens.scores import ScoresScreen

        def chosen(pos: int | None) -> None:
            if pos is not None:
                self.goto(pos)

        self.app.push_screen(ScoresScreen(self.service), chosen)

    def action_export(self) -> None:
        project = self.service.path
        default = self.service.last_export() or str(
            project.with_name(project.name.removesuffix(".mtreview") + ".corrected.txt")
        )

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
        written = counted(message.count, "segment")
        self.notify(f"Wrote {written} to {clean(message.path)}", markup=False)

    def action_glossary(self) -> None:
        from mtreview.tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(GlossaryService(self.service)), self.set_filter)

    def action_add_term(self) -> None:
        """Open the term form for this segment, prefilled from the selected text."""
        if not self._require_ready() or self.state is None:
            return
        service = GlossaryService(self.service)
        values = prefill(self.state, self.get_selected_text() or "")

        def saved(raw: dict[str, object] | None) -> None:
            if raw is not None:
                self.run_glossary_change(service, lambda p: service.add(raw, p))

        form = TermForm(f"Add a term from {self.state.id}", values, service.check)
        self.app.push_screen(form, saved)
