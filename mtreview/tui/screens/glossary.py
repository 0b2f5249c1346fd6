"""The glossary screen: terms with their occurrences in the corpus, a filter, add/edit/delete."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static

from mtreview.review import (
    Filter,
    Finding,
    GlossaryService,
    TermRow,
    display_path,
    term_to_dict,
)
from mtreview.tui.commands import BindingCommands
from mtreview.tui.messages import GlossaryChanged
from mtreview.tui.screens.glossary_changes import GlossaryChanging
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.screens.review_keys import keymap_of
from mtreview.tui.screens.term_form import ChoiceScreen, TermForm
from mtreview.tui.widgets.fit_table import FitTable
from mtreview.tui.widgets.text import clean

GLOSSARY_BINDINGS: list[Binding] = [
    Binding("a", "add", "Add term", id="glossary.add"),
    Binding("e,enter", "edit", "Edit term", id="glossary.edit", key_display="e"),
    Binding("d", "delete", "Delete term", id="glossary.delete"),
    Binding("slash", "filter", "Filter", id="glossary.filter", key_display="/"),
    Binding("s", "segments", "Its segments", id="glossary.segments"),
    Binding("R", "reload", "Reload file", id="glossary.reload", key_display="R"),
    Binding("question_mark", "help", "Help", id="glossary.help", key_display="?"),
    Binding("escape,t", "close", "Back to review", id="glossary.close", key_display="esc"),
]
COLUMNS = (
    ("Source", 12),
    ("Target", 26),
    ("Variants", 22),
    ("Forbidden", 22),
    ("Status", 8),
    ("Severity", 8),
    ("Occ.", 4),
)


def cells(row: TermRow) -> list[Text]:
    """A table row: every cell a ``Text`` (a plain ``str`` cell would be read as markup)."""
    values = (
        row.source,
        row.target,
        " | ".join(row.variants),
        " | ".join(row.forbidden),
        row.status,
        row.severity,
    )
    out = [Text(clean(v), no_wrap=True, overflow="ellipsis") for v in values]
    out.append(Text(str(row.occurrences), justify="right"))
    return out


class GlossaryCommands(BindingCommands):
    """The glossary screen's bindings in the command palette (same ``action_*`` methods)."""

    def bindings(self) -> list[Binding]:
        return GLOSSARY_BINDINGS


class GlossaryScreen(GlossaryChanging[Filter | None]):
    """Maintain the project's glossary; every change re-checks the corpus and is logged.

    Dismisses with a filter for the review list (a term's segments), or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*GLOSSARY_BINDINGS]
    COMMANDS = {GlossaryCommands}

    def __init__(self, service: GlossaryService) -> None:
        super().__init__()
        self.service = service
        self.rows: tuple[TermRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Filter terms (source, target, variants, note…)", id="glossary-filter"
        )
        yield FitTable(COLUMNS, flexible=(0, 1, 2, 3), id="glossary-table")
        yield Static("", id="glossary-detail")
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#glossary-table", DataTable)
        return table

    def on_mount(self) -> None:
        self.reload_rows()
        self.table.focus()

    def reload_rows(self, keep: str | None = None) -> None:
        """Fill the table from the service (filtered), keeping the cursor on term ``keep``."""
        text = self.query_one("#glossary-filter", Input).value.strip()
        self.rows = self.service.rows(text)
        table = self.table
        keep = keep or self.current_id()
        table.clear()
        for row in self.rows:
            table.add_row(*cells(row), key=row.id)
        ids = [r.id for r in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.show_detail()
        total = len(self.service.glossary.terms)
        path = clean(display_path(self.service.path))
        self.sub_title = f"glossary {path} · {len(self.rows)} of {total} terms"

    def current_id(self) -> str | None:
        table = self.table
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload_rows()

    def on_glossary_changed(self, message: GlossaryChanged) -> None:
        self.reload_rows(message.change.term if message.change is not None else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted term in full: every rendering and the note."""
        term_id = self.current_id()
        row = next((r for r in self.rows if r.id == term_id), None)
        out = Text()
        if row is not None:
            out.append(clean(f"{row.source} → {row.target}"), style="bold")
            out.append(clean(f"  [{row.id}] · in {row.occurrences} segments") + "\n", style="dim")
            for label, values in (("variants", row.variants), ("forbidden", row.forbidden)):
                if values:
                    out.append(f"{label}: ", style="dim")
                    out.append(clean(" | ".join(values)) + "\n")
            if row.note:
                out.append("note: ", style="dim")
                out.append(clean(row.note))
        self.query_one("#glossary-detail", Static).update(out)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def open_form(self, title: str, values: dict[str, Any], replacing: str | None) -> None:
        """Show the term form; save through the service (add, or edit ``replacing``)."""

        def saved(raw: dict[str, Any] | None) -> None:
            if raw is None:
                return
            if replacing is None:
                self.run_glossary_change(self.service, lambda p: self.service.add(raw, p))
            else:
                self.run_glossary_change(
                    self.service, lambda p: self.service.update(replacing, raw, p)
                )

        def check(raw: dict[str, Any]) -> tuple[Finding, ...]:
            return self.service.check(raw, replacing)

        self.app.push_screen(TermForm(title, values, check), saved)

    def action_add(self) -> None:
        self.open_form("Add a term", {}, None)

    def action_edit(self) -> None:
        term_id = self.current_id()
        if term_id is None:
            return
        term = self.service.glossary.by_id()[term_id]
        self.open_form(f"Edit {clean(term.source)}", term_to_dict(term), term_id)

    def action_delete(self) -> None:
        term_id = self.current_id()
        if term_id is None:
            return
        term = self.service.glossary.by_id()[term_id]

        def answered(answer: str | None) -> None:
            if answer == "delete":
                self.run_glossary_change(self.service, lambda p: self.service.delete(term_id, p))

        question = Text(f"Delete the term {clean(term.source)} → {clean(term.target)}?")
        self.app.push_screen(
            ChoiceScreen(question, [("delete", "Delete"), ("keep", "Keep")]), answered
        )

    def action_filter(self) -> None:
        self.query_one("#glossary-filter", Input).focus()

    def action_segments(self) -> None:
        """Back to the review, the list showing the segments whose source holds the term."""
        term_id = self.current_id()
        if term_id is not None:
            self.dismiss(Filter("term", term_id))

    def action_reload(self) -> None:
        if self.service.difference() is None:
            self.notify("The glossary file has not changed on disk.")
            return
        self.run_glossary_change(self.service, self.service.reload)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(GLOSSARY_BINDINGS, keymap_of(self.app)))

    def action_close(self) -> None:
        if (
            self.focused is self.query_one("#glossary-filter", Input)
            and self.query_one("#glossary-filter", Input).value
        ):
            self.query_one("#glossary-filter", Input).value = ""
            self.table.focus()
            return
        self.dismiss(None)
