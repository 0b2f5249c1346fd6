"""Glossary changes from any screen: conflicts on disk, and learning from a reviewer's edit.

Each change calls the service synchronously (it saves, re-checks and logs before returning; the
demo re-checks in about 0.1 s) and then refreshes the review screen underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.screen import Screen

from mtreview.errors import MtreviewError
from mtreview.glossary_learn import Learnable, fix_all, learnable, preview_fix_all
from mtreview.glossary_service import GlossaryChange, GlossaryConflict, GlossaryService
from mtreview.review import SegmentState
from mtreview.tui.screens.term_form import ChoiceScreen, conflict_screen, fix_all_screen
from mtreview.tui.widgets.text import clean

if TYPE_CHECKING:
    from mtreview.tui.screens.main import MainScreen

Change = Callable[[], GlossaryChange]


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


def run_change(
    screen: Screen[Any],
    service: GlossaryService,
    change: Change,
    done: Callable[[GlossaryChange], None] | None = None,
) -> None:
    """Run a glossary change; on a conflict on disk ask to reload or merge, never overwrite."""

    def finished(result: GlossaryChange) -> None:
        refresh_review(screen)
        screen.notify(
            f"{result.kind.removeprefix('glossary-')}: corpus re-checked in "
            f"{result.seconds:.2f} s · {result.progress.open_issues} open issues",
            markup=False,
        )
        if done is not None:
            done(result)

    def resolve(answer: str | None) -> None:
        if answer is None:
            screen.notify("Nothing written.", severity="warning")
            return
        try:
            reloaded = service.reload()
            finished(reloaded if answer == "reload" else change())
        except MtreviewError as exc:
            refresh_review(screen)
            screen.notify(clean(str(exc)), severity="error", markup=False)

    try:
        result = change()
    except GlossaryConflict as conflict:
        screen.app.push_screen(conflict_screen(conflict.difference), resolve)
        return
    except MtreviewError as exc:
        screen.notify(clean(str(exc)), severity="error", markup=False)
        return
    finished(result)


def offer_learning(main: MainScreen, before: SegmentState, new_target: str) -> None:
    """After an edit: offer to forbid the rendering it replaced, then to fix it everywhere."""
    found = [item for item in learnable(main.service, before, new_target)]
    if not found:
        return
    item = found[0]
    if item.already_forbidden:
        offer_fix_all(main, item)
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
            change = lambda: service.add_forbidden(item.term, item.wrong)  # noqa: E731
            run_change(main, service, change, lambda _r: offer_fix_all(main, item))

    main.app.push_screen(ChoiceScreen(question, [("forbid", "Forbid it"), ("no", "No")]), answered)


def offer_fix_all(main: MainScreen, item: Learnable) -> None:
    """Preview the same replacement in every other segment holding the term; apply as one."""
    preview = preview_fix_all(main.service, item.term, item.wrong, item.right)
    if not preview.changes:
        return

    def answered(answer: str | None) -> None:
        if answer != "apply":
            return
        try:
            state = fix_all(main.service, preview)
        except MtreviewError as exc:
            main.notify(clean(str(exc)), severity="error", markup=False)
            return
        refresh_review(main)
        if state is not None:
            main.notify(f"Fixed {len(preview.changes)} segments (u undoes them all).")

    main.app.push_screen(fix_all_screen(preview), answered)
