"""The review screen's learning from an edit: forbid the replaced rendering, fix it everywhere.

When an edit replaces a wrong rendering of a term, the screen offers to record it as forbidden
(a glossary change) and then to apply the same replacement to every other segment holding the
term, as one action that undo reverts whole.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from mtreview.review import (
    GlossaryService,
    Learnable,
    MtreviewError,
    ReviewService,
    SegmentState,
)
from mtreview.tui.screens.glossary_changes import GlossaryChanging
from mtreview.tui.screens.term_form import ChoiceScreen, fix_all_screen
from mtreview.tui.widgets.text import clean


class LearningScreen(GlossaryChanging[None]):
    """The learning steps of the review screen, which is built on this class."""

    service: ReviewService

    def refresh_from_service(self) -> None:
        """Show the list and the segment as the latest re-check left them."""
        raise NotImplementedError

    def offer_learning(self, before: SegmentState, new_target: str) -> None:
        """After an edit: offer to forbid each rendering it replaced, then to fix it everywhere."""
        self._offer(list(self.service.learnable(before, new_target)))

    def _offer(self, items: list[Learnable]) -> None:
        """Ask about the first learnt rendering, then go on with the rest (escape stops)."""
        if not items:
            return
        item, rest = items[0], items[1:]
        if item.already_forbidden:
            self.offer_fix_all(item, lambda: self._offer(rest))
            return
        wrong, right = clean(item.wrong), clean(item.right)
        question = Text(
            f"You replaced {wrong!r} by {right!r} for the term {clean(item.source)} → "
            f"{clean(item.target)}.\nRecord {wrong!r} as a forbidden rendering, so its other "
            "occurrences get flagged?",
            style="bold",
        )

        def answered(answer: str | None) -> None:
            if answer == "forbid":
                service = GlossaryService(self.service)
                self.run_glossary_change(
                    service,
                    lambda p: service.add_forbidden(item.term, item.wrong, p),
                    lambda _change: self.offer_fix_all(item, lambda: self._offer(rest)),
                )
            elif answer is not None:
                self.offer_fix_all(item, lambda: self._offer(rest))

        choices = [("forbid", "Forbid it"), ("no", "No")]
        self.app.push_screen(ChoiceScreen(question, choices), answered)

    def offer_fix_all(self, item: Learnable, then: Callable[[], None]) -> None:
        """Preview the same replacement in every other segment holding the term; apply as one."""
        preview = self.service.preview_fix_all(item.term, item.wrong, item.right)
        if not preview.changes:
            then()
            return

        def answered(answer: str | None) -> None:
            if answer is None:
                return
            if answer == "apply":
                try:
                    state = self.service.fix_all(preview)
                except MtreviewError as exc:
                    self.notify(clean(str(exc)), severity="error", markup=False)
                    return
                self.refresh_from_service()
                if state is not None:
                    count = len(preview.changes)
                    plural = "s" if count != 1 else ""
                    self.notify(f"Fixed {count} segment{plural} (u undoes them all).")
            then()

        self.app.push_screen(fix_all_screen(preview), answered)
