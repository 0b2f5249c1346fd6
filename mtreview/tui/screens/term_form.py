"""Glossary dialogs: the term form, a yes/no question, the disk conflict, the fix-all preview."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from mtreview.review import (
    SEVERITIES,
    STATUSES,
    DiskDifference,
    Finding,
    FixPreview,
    SegmentChange,
    SegmentState,
    counted,
    is_han,
    word_changes,
)
from mtreview.tui.widgets.text import clean, spaced, typed

FINDING_STYLE = {"critical": "bold red", "major": "yellow", "minor": "cyan", "info": "dim"}
LIST_SEPARATOR = " | "
FIELDS = (
    ("source", "Source"),
    ("target", "Target"),
    ("variants", "Variants (a | b)"),
    ("forbidden", "Forbidden (a | b)"),
    ("note", "Note"),
)

Checker = Callable[[dict[str, Any]], tuple[Finding, ...]]


def split_list(text: str) -> list[str]:
    """A form's list field: values separated by ``|``."""
    return [part.strip() for part in text.split("|") if part.strip()]


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


class TermForm(ModalScreen[dict[str, Any] | None]):
    """Add or edit a term; each keystroke re-validates it with the loader's rules."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="term.save"),
        Binding("escape", "cancel", "Cancel", id="term.cancel"),
    ]

    def __init__(self, title: str, values: dict[str, Any], check: Checker) -> None:
        super().__init__()
        self.form_title = title
        self.values = values
        self.check = check
        self.findings: tuple[Finding, ...] = ()

    def compose(self) -> ComposeResult:
        v = self.values
        with VerticalScroll(classes="dialog term-form"):
            title = clean(self.form_title)
            yield Label(Text(f"{title}  (ctrl+s save, esc cancel)", style="bold"))
            for name, label in FIELDS:
                yield Label(label)
                yield Input(clean(self.shown(name)), id=f"term-{name}")
            with Horizontal(classes="term-choices"):
                yield Select(
                    [(s, s) for s in SEVERITIES],
                    value=v.get("severity", "major"),
                    allow_blank=False,
                    id="term-severity",
                )
                yield Select(
                    [(s, s) for s in STATUSES],
                    value=v.get("status", "approved"),
                    allow_blank=False,
                    id="term-status",
                )
            yield Static("", id="term-findings")

    def on_mount(self) -> None:
        first = "#term-target" if self.values.get("source") else "#term-source"
        self.query_one(first, Input).focus()
        self.validate()

    def shown(self, name: str) -> str:
        """The text of field ``name`` as the term holds it (lists joined by `` | ``)."""
        value = self.values.get(name, "")
        return LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)

    def field(self, name: str) -> str:
        """Field ``name`` as typed (untouched: exactly the term's text, control characters kept)."""
        return typed(self.query_one(f"#term-{name}", Input).value, self.shown(name))

    def raw(self) -> dict[str, Any]:
        """The term as the form holds it (a YAML mapping; extension keys are kept)."""
        raw = {k: v for k, v in self.values.items() if str(k).startswith("x-") or k == "id"}
        raw.update({n: self.field(n).strip() for n in ("source", "target")})
        for name in ("variants", "forbidden"):
            values = split_list(self.field(name))
            if values:
                raw[name] = values
        note = self.field("note").strip()
        if note:
            raw["note"] = note
        for name, default in (("severity", "major"), ("status", "approved")):
            value = self.query_one(f"#term-{name}", Select).value
            if value != default and isinstance(value, str):
                raw[name] = value
        if self.values.get("case_sensitive"):
            raw["case_sensitive"] = True
        return raw

    def validate(self) -> None:
        """Show the findings the term as typed would bring."""
        self.findings = self.check(self.raw())
        out = Text()
        for finding in self.findings:
            out.append(f"{finding.severity}: ", style=FINDING_STYLE.get(finding.severity, ""))
            out.append(clean(finding.message) + "\n")
        if not self.findings:
            out.append("No finding: the term can be saved.", style="green")
        self.query_one("#term-findings", Static).update(out)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.is_mounted:
            self.validate()

    def action_save(self) -> None:
        self.validate()
        if any(f.severity == "critical" for f in self.findings):
            self.notify("Fix the critical findings first.", severity="error")
            return
        self.dismiss(self.raw())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers (buttons); escape answers ``None``."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self, question: Text, choices: list[tuple[str, str]], body: Text | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(self.question)
            if self.body is not None:
                with VerticalScroll(classes="choice-body"):
                    yield Static(self.body)
            with Horizontal(classes="choice-buttons"):
                for n, (answer, label) in enumerate(self.choices):
                    yield Button(
                        label, id=f"choice-{answer}", variant="primary" if not n else "default"
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def conflict_screen(difference: DiskDifference) -> ChoiceScreen:
    """Tell what changed on disk; answers ``reload``, ``merge`` or ``None``."""
    body = Text()
    if difference.error:
        body.append(clean(difference.error) + "\n", style="red")
    for line in difference.lines:
        style = {"+": "green", "-": "red", "~": "yellow"}.get(line[:1], "")
        body.append(clean(line) + "\n", style=style)
    question = Text(
        f"{clean(difference.path)} changed on disk since it was loaded. Nothing was written.\n"
        "Reload takes the file as it is; merge applies your change on top of it.",
        style="bold",
    )
    choices = [("merge", "Merge my change"), ("reload", "Reload (drop my change)")]
    return ChoiceScreen(question, choices, body)


CONTEXT = 40


def _excerpt(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    """``text`` around ``spans`` (with ``CONTEXT`` characters each side), the spans styled.

    A span that is only whitespace shows it as signs (``·`` a space), so a fix of spacing shows.
    """
    out = Text()
    last = 0
    for a, b in spans:
        lead = text[last:a]
        if len(lead) > 2 * CONTEXT and last:
            lead = lead[:CONTEXT] + " … " + lead[-CONTEXT:]
        elif len(lead) > CONTEXT and not last:
            lead = "… " + lead[-CONTEXT:]
        out.append(clean(lead))
        piece = text[a:b]
        out.append_text(spaced(piece, style) if piece.isspace() else Text(clean(piece), style))
        last = b
    tail = text[last:]
    out.append(clean(tail if len(tail) <= CONTEXT else tail[:CONTEXT] + " …"))
    return out


def _stretches(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """The changed stretches, by words; by characters when only spacing changed."""
    words = [(c.a, c.b, c.c, c.d) for c in word_changes(before, after)]
    if words or before == after:
        return words
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def changes_body(changes: Sequence[SegmentChange], limit: int | None = None) -> Text:
    """Each change as ``-`` before and ``+`` after, changed stretches highlighted.

    With ``limit``, the first ``limit`` changes and a line counting the rest.
    """
    body = Text()
    for change in changes[:limit]:
        stretches = _stretches(change.before, change.after)
        body.append(f"{clean(change.id)}\n", style="bold")
        body.append("  - ", style="red")
        body.append_text(_excerpt(change.before, [(s[0], s[1]) for s in stretches], "bold red"))
        body.append("\n  + ", style="green")
        body.append_text(_excerpt(change.after, [(s[2], s[3]) for s in stretches], "bold green"))
        body.append("\n")
    if limit is not None and len(changes) > limit:
        body.append(f"… and {counted(len(changes) - limit, 'more segment')}", style="dim italic")
    return body


def fix_all_screen(preview: FixPreview) -> ChoiceScreen:
    """The preview of a corpus-wide fix, changes highlighted; answers ``apply`` or ``None``."""
    body = changes_body(preview.changes)
    question = Text(
        f"Replace {clean(preview.wrong)!r} by {clean(preview.right)!r} in "
        f"{counted(len(preview.changes), 'more segment')} (one action: undo restores them all)?",
        style="bold",
    )
    return ChoiceScreen(question, [("apply", "Apply to all"), ("skip", "Not now")], body)
