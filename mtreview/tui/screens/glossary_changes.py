"""Screens that change the glossary: the change runs in a worker behind a progress bar.

The service saves, re-checks and logs before returning (the demo re-checks in about 0.1 s). When
the change ends, the screen posts :class:`~mtreview.tui.messages.GlossaryChanged` to the app,
which passes it to every screen so each refreshes itself. The file is never overwritten when it
changed on disk since it was loaded: the reviewer chooses to reload it or to merge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

from mtreview.review import (
    GlossaryChange,
    GlossaryConflict,
    GlossaryService,
    MtreviewError,
    Progress,
)
from mtreview.tui.messages import GlossaryChanged
from mtreview.tui.screens.base import ReviewScreen
from mtreview.tui.screens.term_form import conflict_screen
from mtreview.tui.widgets.text import clean

Change = Callable[[Progress | None], GlossaryChange]
Then = Callable[[GlossaryChange], None]
ResultType = TypeVar("ResultType")


class BusyScreen(ModalScreen[None]):
    """A progress bar while a glossary change re-checks the corpus (keys wait meanwhile)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label("Saving the glossary and re-checking the corpus…")
            yield ProgressBar(id="busy-bar", show_eta=False)

    def progress(self, done: int, total: int) -> None:
        """Advance the bar."""
        self.query_one(ProgressBar).update(total=total, progress=done)


class GlossaryChanging(ReviewScreen[ResultType]):
    """A screen that runs glossary changes (the review screen and the glossary screen)."""

    def run_glossary_change(
        self, service: GlossaryService, change: Change, then: Then | None = None
    ) -> None:
        """Run ``change`` in a worker; ``then`` runs after it succeeded."""
        busy = BusyScreen()
        self.app.push_screen(busy)

        def work() -> None:
            def progress(done: int, total: int) -> None:
                self.app.call_from_thread(busy.progress, done, total)

            try:
                result = change(progress)
            except BaseException as exc:
                self.app.call_from_thread(busy.dismiss)
                self.app.call_from_thread(self._change_failed, service, change, then, exc)
                if not isinstance(exc, MtreviewError | OSError):
                    raise  # a bug: the app's worker handler reports it
                return
            self.app.call_from_thread(busy.dismiss)
            self.app.call_from_thread(self._change_done, result, then)

        self.run_worker(work, thread=True, group="glossary", exit_on_error=False)

    def _change_done(self, result: GlossaryChange, then: Then | None) -> None:
        self.app.post_message(GlossaryChanged(result))
        self.notify(
            f"{result.kind.removeprefix('glossary-')}: corpus re-checked in "
            f"{result.seconds:.2f} s · {result.progress.open_issues} open issues",
            markup=False,
        )
        if then is not None:
            then(result)

    def _change_failed(
        self, service: GlossaryService, change: Change, then: Then | None, exc: BaseException
    ) -> None:
        if isinstance(exc, GlossaryConflict):
            self._resolve_conflict(service, change, then, exc)
            return
        self.app.post_message(GlossaryChanged(None))
        if isinstance(exc, MtreviewError | OSError):
            error = exc if isinstance(exc, MtreviewError) else MtreviewError(str(exc), service.path)
            self.notify(clean(str(error)), severity="error", markup=False)

    def _resolve_conflict(
        self, service: GlossaryService, change: Change, then: Then | None, exc: GlossaryConflict
    ) -> None:
        """Ask whether to reload the file as it is now, or to merge the change on top of it."""

        def merged(progress: Progress | None) -> GlossaryChange:
            # The change applied on top of the file as it is now: validated again, then saved.
            service.reload(progress)
            return change(progress)

        def answered(answer: str | None) -> None:
            if answer is None:
                self.notify("Nothing written.", severity="warning")
            elif answer == "reload":
                self.run_glossary_change(service, service.reload)
            else:
                self.run_glossary_change(service, merged, then)

        self.app.push_screen(conflict_screen(exc.difference), answered)
