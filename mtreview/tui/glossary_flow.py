"""Glossary changes from any screen: conflicts on disk, and learning from a reviewer's edit.

Each change runs the service in a worker behind a progress bar (it saves, re-checks and logs before
returning; the demo re-checks in about 0.1 s), then refreshes the review screen underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, ProgressBar

from mtreview.review import (
    GlossaryChange,
    GlossaryConflict,
    GlossaryService,
    Learnable,
    MtreviewError,
    Progress,
    SegmentState,
)
from mtreview.tui.screens.term_form import ChoiceScreen, conflict_screen, fix_all_screen
from mtreview.tui.widgets.text import clean

if TYPE_CHECKING:
    from mtreview.tui.screens.main import MainScreen

Change = Callable[[Progress | None], GlossaryChange]


def main_screen(screen: Screen[Any]) -> MainScreen | None:
    """The review screen in the app's stack."""
    from mtreview.tui.screens.main import MainScreen

    return next((s for s in screen.app.screen_stack if isinstance(s, MainScreen)), None)


def refresh_review(screen: Screen[Any]) -> None:
    """Show the review screen's list and segment as the latest re-check left them."""
    main = main_screen(screen)
    if main is None or main.state is None:
        return
    main.segment_list.set_positions(main.service.filtered(main.filter))
    main.segment_list.refresh()
    main.show(main.service.state(main.state.pos), main.issue)


class BusyScreen(ModalScreen[None]):
    """A progress bar while a glossary change re-checks the corpus (keys wait meanwhile)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label("Saving the glossary and re-checking the corpus…")
            yield ProgressBar(id="busy-bar", show_eta=False)

    def progress(self, done: int, total: int) -> None:
        """Advance the bar."""
        self.query_one(ProgressBar).update(total=total, progress=done)


def run_change(
    screen: Screen[Any],
    service: GlossaryService,
    change: Change,
    done: Callable[[GlossaryChange], None] | None = None,
) -> None:
    """Run a glossary change in a worker; on a conflict on disk ask to reload or merge.

    The file is never overwritten when it changed on disk since it was loaded.
    """
    app = screen.app

    def finished(result: GlossaryChange) -> None:
        refresh_review(screen)
        screen.notify(
            f"{result.kind.removeprefix('glossary-')}: corpus re-checked in "
            f"{result.seconds:.2f} s · {result.progress.open_issues} open issues",
            markup=False,
        )
        if done is not None:
            done(result)

    def failed(exc: MtreviewError) -> None:
        refresh_review(screen)
        screen.notify(clean(str(exc)), severity="error", markup=False)

    def resolve(answer: str | None) -> None:
        if answer is None:
            screen.notify("Nothing written.", severity="warning")
        elif answer == "reload":
            start(service.reload)
        else:
            start(merged)

    def merged(progress: Progress | None) -> GlossaryChange:
        # The change applied on top of the file as it is now: validated again, then saved.
        service.reload(progress)
        return change(progress)

    def start(job: Change) -> None:
        busy = BusyScreen()
        app.push_screen(busy)

        def work() -> None:
            def progress(done_: int, total: int) -> None:
                app.call_from_thread(busy.progress, done_, total)

            try:
                result = job(progress)
            except BaseException as exc:
                app.call_from_thread(busy.dismiss)
                if isinstance(exc, GlossaryConflict):
                    dialog = conflict_screen(exc.difference)
                    app.call_from_thread(app.push_screen, dialog, resolve)
                elif isinstance(exc, MtreviewError):
                    app.call_from_thread(failed, exc)
                elif isinstance(exc, OSError):
                    app.call_from_thread(failed, MtreviewError(str(exc), service.path))
                else:
                    raise  # the app's worker handler reports it
                return
            app.call_from_thread(busy.dismiss)
            app.call_from_thread(finished, result)

        screen.run_worker(work, thread=True, group="glossary", exit_on_error=False)

    start(change)


def offer_learning(main: MainScreen, before: SegmentState, new_target: str) -> None:
    """After an edit: offer to forbid the rendering it replaced, then to fix it everywhere."""
    _offer(main, list(main.service.learnable(before, new_target)))


def _offer(main: MainScreen, items: list[Learnable]) -> None:
    """Ask about the first learnt rendering, then go on with the rest (escape stops)."""
    if not items:
        return
    item, rest = items[0], items[1:]
    if item.already_forbidden:
        offer_fix_all(main, item, lambda: _offer(main, rest))
        return
    question = Text(
        f"You replaced {clean(item.wrong)!r} by {clean(item.right)!r} for the term "
        f"{clean(item.source)} → {clean(item.target)}.\nRecord {clean(item.wrong)!r} as a "
        "forbidden rendering, so its other occurrences get flagged?",
        style="bold",
    )

    def answered(answer: str | None) -> None:
        if answer == "forbid":
            service = GlossaryService(main.service)
            change = lambda p: service.add_forbidden(item.term, item.wrong, p)  # noqa: E731
            then = lambda _r: offer_fix_all(main, item, lambda: _offer(main, rest))  # noqa: E731
            run_change(main, service, change, then)
        elif answer is not None:
            offer_fix_all(main, item, lambda: _offer(main, rest))

    main.app.push_screen(ChoiceScreen(question, [("forbid", "Forbid it"), ("no", "No")]), answered)


def offer_fix_all(
    main: MainScreen, item: Learnable, then: Callable[[], None] | None = None
) -> None:
    """Preview the same replacement in every other segment holding the term; apply as one."""
    preview = main.service.preview_fix_all(item.term, item.wrong, item.right)
    if not preview.changes:
        if then is not None:
            then()
        return

    def answered(answer: str | None) -> None:
        if answer is None:
            return
        if answer != "apply":
            if then is not None:
                then()
            return
        try:
            state = main.service.fix_all(preview)
        except MtreviewError as exc:
            main.notify(clean(str(exc)), severity="error", markup=False)
            return
        refresh_review(main)
        if state is not None:
            count = len(preview.changes)
            plural = "s" if count != 1 else ""
            main.notify(f"Fixed {count} segment{plural} (u undoes them all).")
        if then is not None:
            then()

    main.app.push_screen(fix_all_screen(preview), answered)
