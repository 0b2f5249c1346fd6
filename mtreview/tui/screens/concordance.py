"""The concordance: every hit of a query in sources and targets, counted, with the hit shown.

The query runs in a worker through the service (:meth:`ReviewService.concordance`: the same
matcher as the ``/`` search and the ``search``/``regex`` list filters): plain text case- and
width-insensitively, or a regular expression (ctrl+r). Enter on a hit closes the screen on its
segment; ctrl+l closes it with the hits as the review list's filter. Text from files is data.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from mtreview.review import Concordance, Filter, Hit, MtreviewError, ReviewService
from mtreview.tui.commands import BindingCommands
from mtreview.tui.screens.base import ReviewScreen
from mtreview.tui.screens.help import HelpScreen
from mtreview.tui.widgets.text import clean, typed

HIT_STYLE = "bold black on yellow"
CONTEXT = 36  # characters shown each side of a hit

CONCORDANCE_BINDINGS: list[Binding] = [
    Binding("ctrl+r", "toggle_regex", "Regex", id="concordance.regex", tooltip="Regex on/off"),
    Binding(
        "ctrl+l",
        "use_as_filter",
        "List filter",
        id="concordance.filter",
        tooltip="Show the segments hit in the review list",
    ),
    Binding("f1", "help", "Help", id="concordance.help"),
    Binding("escape", "close", "Back", id="concordance.close", key_display="esc"),
]


class ConcordanceCommands(BindingCommands):
    """The concordance screen's bindings in the command palette."""

    def bindings(self) -> list[Binding]:
        return CONCORDANCE_BINDINGS

    def target_screen(self) -> Screen[Any] | None:
        return self.screen if isinstance(self.screen, ConcordanceScreen) else None


def hit_line(hit: Hit, id_width: int) -> Text:
    """One hit: segment id, side, and the text around the hit with the hit highlighted."""
    left, found, right = hit.around(CONTEXT)
    line = Text(clean(hit.segment).ljust(id_width), style="bold")
    line.append(f"  {'src' if hit.side == 'source' else 'tgt'}  ", style="dim")
    line.append(clean(left))
    line.append(clean(found), style=HIT_STYLE)
    line.append(clean(right))
    return line


def summary(found: Concordance) -> str:
    """``23 hits in 16 segments`` (and how many are listed when not all are)."""
    count, segments = found.count, found.segments
    text = f"{count} hit{'s' if count != 1 else ''} in {segments} segment{'s' * (segments != 1)}"
    if len(found.hits) < count:
        text += f" (the first {len(found.hits)} listed)"
    return text


class ConcordanceScreen(ReviewScreen[int | Filter | None]):
    """Dismisses with a segment position to go to, a list filter, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [*CONCORDANCE_BINDINGS]
    COMMANDS = {ConcordanceCommands}
    DEFAULT_CSS = """
    ConcordanceScreen #concordance-query { margin: 0 1; }
    ConcordanceScreen #concordance-status { height: 1; padding: 0 2; }
    ConcordanceScreen #concordance-hits { height: 1fr; margin: 0 1; }
    """

    def __init__(self, service: ReviewService, query: str = "", regex: bool = False) -> None:
        super().__init__()
        self.service = service
        self.query_text = query
        self.regex = regex
        self.found: Concordance | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            clean(self.query_text), placeholder="Find in source and target…", id="concordance-query"
        )
        yield Label(id="concordance-status", markup=False)
        yield OptionList(id="concordance-hits")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Concordance"
        if self.query_text:
            self.run_query()
        else:
            self.show_status()
            self.query_one(Input).focus()

    def show_status(self, text: str = "") -> None:
        mode = "regex" if self.regex else "plain text, any case and width"
        line = Text(f"{text} · " if text else "", style="bold")
        line.append(f"{mode} (ctrl+r) · Enter on a hit goes to it · ctrl+l: list filter", "dim")
        self.query_one("#concordance-status", Label).update(line)

    def run_query(self) -> None:
        """Find the query (in a worker: a large project takes a moment) and list its hits."""
        self.query_one(OptionList).clear_options()
        self.found = None
        if not self.query_text:
            self.show_status()
            return
        self.show_status("finding…")
        self.find(self.query_text, self.regex)

    @work(thread=True, exclusive=True, exit_on_error=False, group="concordance")
    def find(self, text: str, regex: bool) -> None:
        """Run the query through the service; the screen shows the result when it is current."""
        try:
            found: Concordance | str = self.service.concordance(text, regex)
        except MtreviewError as exc:
            found = clean(str(exc))
        self.app.call_from_thread(self.show_found, text, regex, found)

    def show_found(self, text: str, regex: bool, found: Concordance | str) -> None:
        """List the hits (or say why the query failed), unless another query came since."""
        if (text, regex) != (self.query_text, self.regex):
            return
        if isinstance(found, str):
            self.show_status(found)
            return
        self.found = found
        hits = self.query_one(OptionList)
        width = max((len(h.segment) for h in found.hits), default=0)
        hits.add_options(Option(hit_line(h, min(width, 16))) for h in found.hits)
        self.show_status(summary(found))
        if found.hits:
            hits.highlighted = 0
            hits.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_text = typed(event.value, self.query_text)
        self.run_query()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.found is not None:
            self.dismiss(self.found.hits[event.option_index].pos)

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.query_text = typed(self.query_one(Input).value, self.query_text)
        self.run_query()

    def action_use_as_filter(self) -> None:
        if self.found is None or not self.found.count:
            self.notify("No hit to show in the list.", severity="warning")
            return
        self.dismiss(self.found.query.filter)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(CONCORDANCE_BINDINGS))

    def action_close(self) -> None:
        self.dismiss(None)
