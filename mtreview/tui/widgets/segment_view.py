"""The current segment: source and target with paired term highlights, issues, glossary entries."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.reactive import var

from mtreview.review import CONFIRMED, InlineCode, Issue, SegmentState, counted, tokens
from mtreview.tui.widgets.blocks import Block, BlockView
from mtreview.tui.widgets.text import (
    BAD_STYLE,
    OK_STYLE,
    highlighted,
    marker,
    numbered,
    plain,
    spaced,
    term_spans,
    whitespace_fix,
)

Codes = tuple[InlineCode, ...]
SEVERITY_STYLE = {"critical": "bold red", "major": "bold yellow", "minor": "cyan"}


def issue_lines(issues: tuple[Issue, ...], current: int, codes: Codes = ()) -> Text:
    """The segment's issues, each with its suggested fix; the current one marked.

    Inline ``codes`` in a found text or a fix show as tokens (messages name codes by label).
    """
    if not issues:
        return Text("No open issues.", style="green")
    out = Text()
    for n, issue in enumerate(issues):
        pointer = "▶ " if n == current else "  "
        out.append(pointer, style="bold")
        out.append(f"{issue.severity:<8} ", style=SEVERITY_STYLE.get(issue.severity, ""))
        out.append(f"{issue.check}  ", style="dim")
        out.append_text(plain(issue.message))
        out.append("\n    fix: ", style="dim")
        if issue.fix is None:
            out.append("none (edit by hand)", style="dim italic")
        else:
            out.append_text(fix_text(issue.found or "", issue.fix.replacement, codes))
        if n < len(issues) - 1:
            out.append("\n")
    return out


def note_lines(state: SegmentState) -> Text:
    """The segment's ignored issues (marked, with the reason) and its comments; may be empty."""
    out = Text()
    for issue in state.ignored:
        out.append("\n  ignored  ", style="dim italic")
        out.append(f"{issue.check}  ", style="dim")
        out.append_text(plain(issue.message, "dim strike"))
        note = state.reason(issue)
        if note is not None and note.text:
            out.append("\n    why: ", style="dim")
            out.append_text(plain(note.text, "italic"))
    for note in state.notes:
        if note.kind == "comment":
            out.append(f"\n  comment{' on ' + note.check if note.issue else ''} ", style="dim")
            out.append_text(plain(f"({note.reviewer}): ", "dim"))
            out.append_text(plain(note.text, "italic"))
    return out


def fix_text(found: str, replacement: str, codes: Iterable[InlineCode] = ()) -> Text:
    """``found → replacement``; whitespace shown as signs with the fix in words when it is all."""
    words = whitespace_fix(found, replacement)

    def show(text: str, style: str) -> Text:
        return spaced(text, style) if words is not None else plain(text, style, codes)

    out = show(found, "strike") if found else Text("(nothing)", style="dim italic")
    out.append(" → ")
    out.append_text(
        show(replacement, "bold green") if replacement else Text("(nothing)", style="dim italic")
    )
    if words is not None:
        out.append(f"  ({words})", style="italic")
    return out


def term_lines(state: SegmentState) -> Text:
    """The glossary entries occurring in the segment, numbered like the highlights, with notes."""
    if not state.occurrences:
        return Text("No glossary terms in this segment.", style="dim")
    out = Text()
    shown: set[int] = set()
    for number, occ in numbered(state.occurrences):
        if number in shown:
            continue
        shown.add(number)
        style = OK_STYLE if occ.ok else BAD_STYLE
        out.append(marker(number) + " ", style=style.replace("underline", ""))
        out.append_text(plain(occ.term.source, "bold"))
        out.append(" → ")
        out.append_text(plain(occ.term.target, "bold"))
        if occ.ok:
            out.append("  ✓", style="green")
        elif occ.found:
            out.append("  ✗ found ", style="red")
            out.append_text(plain(repr(tokens.render(occ.found, state.codes))))
        else:
            out.append("  ✗ missing", style="red")
        if occ.term.note:
            out.append("\n    ")
            out.append_text(plain(occ.term.note, "dim italic"))
        out.append("\n")
    out.rstrip()
    return out


class SegmentView(BlockView, can_focus=False):
    """Shows one :class:`SegmentState` with issue number ``issue`` as the current one.

    ``state``, ``issue`` and ``checked`` (issues known, not just the stored text) are reactive:
    the review screen binds them to its own. Changes within one step are drawn once, as one
    widget's changed lines (see :class:`BlockView`); a new segment is shown from its top.
    """

    state: var[SegmentState | None] = var(None)
    issue: var[int] = var(0)
    checked: var[bool] = var(True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pending = False
        self._shown: int | None = None  # the position of the segment drawn

    def watch_state(self) -> None:
        self._schedule()

    def watch_issue(self) -> None:
        self._schedule()

    def watch_checked(self) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_later(self._draw)

    def draw_pending(self) -> None:
        """Draw a change now rather than on the next message (so it lands in the same frame)."""
        self._draw()

    def _draw(self) -> None:
        if not self._pending:
            return
        self._pending = False
        if self.state is not None and self.is_mounted:
            self.show(self.state, self.issue, self.checked)

    def show(self, state: SegmentState, issue: int, checked: bool = True) -> None:
        """Render ``state`` with issue number ``issue`` as the current one."""
        home, self._shown = state.pos != self._shown, state.pos
        self.set_blocks(segment_blocks(state, issue, checked), home=home)


def segment_blocks(state: SegmentState, issue: int, checked: bool = True) -> list[Block]:
    """What the segment view shows: title, source and target boxes, issues, glossary entries."""
    source_spans, target_spans = term_spans(state.occurrences)
    current = state.issues[issue] if 0 <= issue < len(state.issues) else None
    title = Text()
    title.append_text(plain(state.id, "bold"))
    status = "confirmed" if state.status == CONFIRMED else "to do"
    if state.locked:
        status = "🔒 locked (read-only)"
    found = counted(len(state.issues), "open issue") if checked else "checking…"
    title.append(f"  {status}  ·  {found}", style="dim")
    if state.target != state.mt:
        title.append("  ·  edited", style="italic")
    codes = state.codes
    source = highlighted(state.source, source_spans, None, codes)
    target = highlighted(
        state.target, target_spans, current.target_span if current else None, codes
    )
    if checked:
        issues = issue_lines(state.issues, issue, codes) + note_lines(state)
        terms = term_lines(state)
    else:
        issues = terms = Text("Loading the Chinese word segmenter…", style="dim italic")
    return [
        Block(title, margin=1),
        Block(source, "box", pad=1, margin=1),
        Block(target, "box", pad=1, margin=1),
        Block(Text("Issues"), "heading"),
        Block(issues, margin=1),
        Block(Text("Glossary"), "heading"),
        Block(terms),
    ]
