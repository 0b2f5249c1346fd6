"""The review screen's batch actions: confirm every clean segment, apply every fix of a kind.

Each shows a preview first (how many segments, a sample of the changes) and then runs as ONE
action of the service, which undo (u) reverts whole.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from mtreview.review import BatchPreview, Filter, Issue, MtreviewError, SegmentState, counted
from mtreview.tui.screens.learning import LearningScreen
from mtreview.tui.screens.term_form import ChoiceScreen, changes_body
from mtreview.tui.widgets.text import clean

SAMPLE = 8
"""How many segments a preview shows."""


def confirm_body(screen: BatchScreen, preview: BatchPreview) -> Text:
    """The first segments to confirm, each with the start of its target."""
    body = Text()
    for change in preview.changes[:SAMPLE]:
        body.append(f"{clean(change.id)}  ", style="bold")
        body.append(clean(screen.service.row(change.pos).preview[:70]) + "\n")
    rest = len(preview.changes) - SAMPLE
    if rest > 0:
        body.append(f"… and {counted(rest, 'more segment')}", style="dim italic")
    return body


class BatchScreen(LearningScreen):
    """The batch steps of the review screen, which is built on this class."""

    def current_issue(self) -> Issue | None:
        """The issue the reviewer is on (None, with a word why, when there is none)."""
        raise NotImplementedError

    def action_confirm_all(self) -> None:
        """Preview, then confirm every segment to do with no open issue."""
        preview = self.service.preview_confirm_all()
        if not preview.changes:
            self.notify("No segment to do without open issues.", severity="warning")
            return
        question = Text(
            f"Confirm {counted(len(preview.changes), 'segment')} with no open issue "
            "(one action: u undoes it)?",
            style="bold",
        )
        body = confirm_body(self, preview)
        screen = ChoiceScreen(question, [("apply", "Confirm all"), ("skip", "Not now")], body)
        self._ask(screen, lambda: self.service.confirm_all(preview), "Confirmed", preview)

    def action_fix_check(self) -> None:
        """Preview, then apply every suggested fix of the current issue's check."""
        issue = self.current_issue()
        if issue is not None:
            self._offer_fixes(Filter("check", issue.check), f"check {issue.check}")

    def action_fix_term(self) -> None:
        """Preview, then apply every suggested fix of the current issue's term."""
        issue = self.current_issue()
        if issue is None:
            return
        term = self.service.terms.get(issue.term or "")
        if term is None:
            self.notify("This issue is not about a glossary term.", severity="warning")
            return
        self._offer_fixes(Filter("term", term.id), f"term {term.source} → {term.target}")

    def _offer_fixes(self, scope: Filter, what: str) -> None:
        try:
            preview = self.service.preview_fixes(scope)
        except MtreviewError as exc:
            self.notify(clean(str(exc)), severity="error", markup=False)
            return
        if not preview.changes:
            self.notify(
                f"No suggested fix to apply for {clean(what)}.", severity="warning", markup=False
            )
            return
        question = Text(
            f"Apply {counted(preview.fixes, 'suggested fix')} of {clean(what)} in "
            f"{counted(len(preview.changes), 'segment')} (one action: u undoes it)?",
            style="bold",
        )
        body = changes_body(preview.changes, SAMPLE)
        screen = ChoiceScreen(question, [("apply", "Apply all"), ("skip", "Not now")], body)
        self._ask(screen, lambda: self.service.apply_fixes(preview), "Fixed", preview)

    def _ask(
        self,
        screen: ChoiceScreen,
        run: Callable[[], SegmentState | None],
        done: str,
        preview: BatchPreview,
    ) -> None:
        def answered(answer: str | None) -> None:
            if answer != "apply":
                return
            try:
                run()
            except MtreviewError as exc:
                self.notify(clean(str(exc)), severity="error", markup=False)
                return
            self.refresh_from_service()
            count = counted(len(preview.changes), "segment")
            self.notify(f"{done} {count} (u undoes them all).")

        self.app.push_screen(screen, answered)
