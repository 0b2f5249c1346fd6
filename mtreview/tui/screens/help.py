"""The help screen: every binding of the review screen, by key, with its id."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mtreview.tui.screens.review_keys import key_label


def bindings_table(bindings: list[Binding], keymap: Mapping[str, str] | None = None) -> Table:
    """A table of key, action description (the tooltip when the footer label is short) and id."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Action")
    table.add_column("Binding id", style="dim", no_wrap=True)
    for binding in bindings:
        key = key_label(binding, keymap or {})
        table.add_row(
            Text(key), Text(binding.tooltip or binding.description), Text(binding.id or "")
        )
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the bindings; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, bindings: list[Binding], keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.bindings = bindings
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("mtreview — keys", style="bold"), markup=False)
            yield Static(bindings_table(self.bindings, self.keymap))
            yield Static(
                Text(
                    "Every action is saved to the project before the screen shows it. "
                    "The command palette (ctrl+p) lists the same actions; g jumps to a segment. "
                    "Rebind a key by its id in the [keys] table of config.toml.",
                    style="dim",
                ),
            )

    def action_close(self) -> None:
        self.dismiss(None)
