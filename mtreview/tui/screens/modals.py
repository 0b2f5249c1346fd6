"""Small modal screens: edit a target, ask for a line of text, pick a filter, un-ignore.

A line of text is a search, a comment, or why an issue is ignored.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from mtreview.review import Filter, Issue, SegmentState, edit_refusal, tokens
from mtreview.tui.widgets.text import clean, editable, restored, typed


class EditScreen(ModalScreen[str | None]):
    """Edit the reviewed target in a TextArea: save (the text, exactly) or cancel (None).

    The box shows the text as it is, tabs and line breaks included; other control characters
    show as visible stand-ins and are put back on saving (:func:`restored`), so saving
    unchanged text gives the target unchanged. Inline codes show as tokens (``<1>…</1>``,
    ``<2/>``) the reviewer may type, move and delete; saving turns them back into codes, and a
    text whose codes would be lost, doubled, invented or mis-nested is refused with one line
    (:func:`~mtreview.review.edit_refusal`, the service's own rule) while the box stays open.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save"),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
    ]

    def __init__(self, segment_id: str, text: str, state: SegmentState | None = None) -> None:
        super().__init__()
        self.segment_id = segment_id
        self.text = text
        self.state = state
        self.codes = state.codes if state is not None else ()
        self.shown = tokens.render(text, self.codes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Edit {clean(self.segment_id)}  (ctrl+s save, esc cancel)"))
            if self.codes:
                hint = "Inline codes show as <1>…</1>, <2/>: keep each one, nested."
                yield Label(Text(hint, style="dim"))
            yield TextArea(editable(self.shown), soft_wrap=True, id="editor")
            yield Label(id="edit-error", markup=False)

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()

    def edited(self) -> str:
        """The box's text as a target: control characters and inline codes put back."""
        return tokens.parse(restored(self.query_one(TextArea).text, self.shown), self.codes)

    def action_save(self) -> None:
        text = self.edited()
        refused = None
        if self.state is not None and text != self.text:
            refused = edit_refusal(self.state, text)
        if refused is not None:
            self.query_one("#edit-error", Label).update(Text(clean(refused), style="bold red"))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (search, export path)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label(Text(self.prompt))
            yield Input(clean(self.value), id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(typed(event.value, self.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterScreen(ModalScreen[Filter | None]):
    """Pick what the segment list shows."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="filter.cancel")]

    def __init__(self, choices: list[tuple[Filter, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Show in the list:")
            yield OptionList(
                *(Option(Text(clean(label))) for _, label in self.choices),
                id="filter-options",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


def reason_prompt(check: str) -> PromptScreen:
    """Ask why an issue is ignored: Enter with no reason ignores it all the same, esc cancels."""
    return PromptScreen(f"Ignore this {check} issue. Why? (optional: Enter ignores, esc cancels)")


class IgnoredScreen(ModalScreen[str | None]):
    """The segment's ignored issues, each with who ignored it and why: Enter takes one back."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ignored.cancel")]

    def __init__(self, state: SegmentState) -> None:
        super().__init__()
        self.issues = state.ignored
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Ignored issues of {clean(self.state.id)}: Enter un-ignores one"))
            yield OptionList(*(Option(self._line(i)) for i in self.issues), id="ignored-options")

    def _line(self, issue: Issue) -> Text:
        line = Text("ignored  ", style="dim")
        line.append(f"{issue.check}  ", style="bold")
        line.append(clean(issue.message))
        note = self.state.reason(issue)
        if note is not None:
            why = f"“{note.text}”" if note.text else "no reason given"
            line.append(f"\n  {clean(why)} ({clean(note.reviewer)})", style="italic")
        return line

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.issues[event.option_index].fingerprint)

    def action_cancel(self) -> None:
        self.dismiss(None)
