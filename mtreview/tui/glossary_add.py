"""Add a glossary term from the segment under review, prefilled from the selected text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtreview.review import GlossaryService, SegmentState, is_han
from mtreview.tui.glossary_flow import run_change
from mtreview.tui.screens.term_form import TermForm

if TYPE_CHECKING:
    from mtreview.tui.screens.main import MainScreen


def prefill(state: SegmentState, selected: str) -> dict[str, Any]:
    """Form values from a selection: Chinese text is the source, other text the target."""
    text = " ".join(selected.split())
    if not text:
        return {}
    if any(is_han(c) for c in text):
        # A selection across both texts: the Chinese part is the source, the rest the target.
        han = "".join(c for c in text if is_han(c))
        if text in state.source or han == text:
            return {"source": text}
        return {"source": han}
    return {"target": text}


def add_term_from_segment(main: MainScreen, state: SegmentState, selected: str) -> None:
    """Open the term form for segment ``state``; saving adds the term and re-checks."""
    service = GlossaryService(main.service)
    values = prefill(state, selected)

    def saved(raw: dict[str, Any] | None) -> None:
        if raw is not None:
            run_change(main, service, lambda p: service.add(raw, p))

    check = lambda raw: service.check(raw)  # noqa: E731
    title = f"Add a term from {state.id}"
    main.app.push_screen(TermForm(title, values, check), saved)
