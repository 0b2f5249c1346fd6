"""Key bindings (review and scores screens), shared with their help and the command palette.

Every binding has an id; the user's ``config.toml`` rebinds keys by id (:func:`load_keymap`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from textual.binding import Binding

from mtreview.review import MtreviewError, read_config

# Pairs share one footer entry ("n p Issue") and the review loop's keys come first. The footer
# shows what fits in 120 columns (a test holds it to that); the rest (show=False) are in the
# help screen (?) and the command palette (ctrl+p), which list every binding.
_ISSUE = Binding.Group("Issue")
_SEGMENT = Binding.Group("Segment")
_UNDO = Binding.Group("Undo/redo")

REVIEW_BINDINGS: list[Binding] = [
    Binding("n", "next_issue", "Next issue", id="review.next_issue", group=_ISSUE),
    Binding("p", "prev_issue", "Prev issue", id="review.prev_issue", group=_ISSUE),
    Binding(
        "down,j",
        "next_segment",
        "Next segment",
        id="review.next_segment",
        key_display="↓/j",
        group=_SEGMENT,
    ),
    Binding(
        "up,k",
        "prev_segment",
        "Prev segment",
        id="review.prev_segment",
        key_display="↑/k",
        group=_SEGMENT,
    ),
    Binding("f", "apply_fix", "Fix", id="review.apply_fix", tooltip="Apply the suggested fix"),
    Binding(
        "pagedown", "page_next", "Page down", id="review.page_next", key_display="PgDn", show=False
    ),
    Binding(
        "pageup", "page_prev", "Page up", id="review.page_prev", key_display="PgUp", show=False
    ),
    Binding("e", "edit", "Edit", id="review.edit"),
    Binding("i", "ignore", "Ignore", id="review.ignore", tooltip="Ignore issue"),
    Binding(
        "c",
        "confirm",
        "Confirm",
        id="review.confirm",
        tooltip="Confirm the segment and go to the next to do",
    ),
    Binding("u", "undo", "Undo", id="review.undo", group=_UNDO),
    Binding("r", "redo", "Redo", id="review.redo", group=_UNDO),
    Binding("question_mark", "help", "Help", id="review.help", key_display="?"),
    Binding("q", "app.quit", "Quit", id="review.quit"),
    Binding("l", "filter", "Filter", id="review.filter"),
    Binding(
        "slash",
        "search",
        "Find",
        id="review.search",
        key_display="/",
        tooltip="Search text",
        show=False,
    ),
    Binding(
        "o",
        "concordance",
        "Concordance",
        id="review.concordance",
        tooltip="Concordance: every hit in source and target",
        show=False,
    ),
    Binding(
        "m", "comment", "Comment", id="review.comment", tooltip="Comment on the segment", show=False
    ),
    Binding(
        "M",
        "comment_issue",
        "Comment issue",
        id="review.comment_issue",
        tooltip="Comment on the current issue",
        show=False,
    ),
    Binding(
        "I",
        "ignored",
        "Ignored",
        id="review.ignored",
        tooltip="Ignored issues of the segment: un-ignore one",
        show=False,
    ),
    Binding("g", "jump", "Jump", id="review.jump", tooltip="Go to a segment", show=False),
    Binding("w", "export", "Export", id="review.export", show=False),
    Binding("s", "scores", "Score", id="review.scores", tooltip="Scores", show=False),
    Binding("t", "glossary", "Terms", id="review.glossary", tooltip="Glossary", show=False),
    Binding("a", "add_term", "Add term", id="review.add_term", show=False),
    Binding(
        "C",
        "confirm_all",
        "Confirm all",
        id="review.confirm_all",
        tooltip="Confirm every segment with no open issue (preview first)",
        show=False,
    ),
    Binding(
        "F",
        "fix_check",
        "Fix all (check)",
        id="review.fix_check",
        tooltip="Apply every suggested fix of this issue's check (preview first)",
        show=False,
    ),
    Binding(
        "T",
        "fix_term",
        "Fix all (term)",
        id="review.fix_term",
        tooltip="Apply every suggested fix of this issue's term (preview first)",
        show=False,
    ),
    Binding(
        "L",
        "toggle_list",
        "List",
        id="review.toggle_list",
        tooltip="Show or hide the segment list",
        show=False,
    ),
]


SCORES_BINDINGS: list[Binding] = [
    Binding("m", "next_metric", "Metric", id="scores.metric"),
    Binding("w", "show('scores-worst')", "Worst segments", id="scores.worst"),
    Binding("b", "show('scores-chart')", "Chart", id="scores.chart"),
    Binding("t", "show('scores-terms')", "Terms", id="scores.terms"),
    Binding("R", "rescore", "Score again", id="scores.rescore"),
    Binding("escape,s", "close", "Back to review", id="scores.close", key_display="esc"),
    Binding("question_mark", "help", "Help", id="scores.help", key_display="?"),
    Binding("q", "app.quit", "Quit", id="scores.quit"),
]


def keymap_of(app: object) -> Mapping[str, str]:
    """The keys the user remapped in the running app (none outside the review app)."""
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, dict) else {}


def key_label(binding: Binding, keymap: Mapping[str, str]) -> str:
    """How a binding's key is shown (help, palette): the user's key when remapped."""
    mapped = keymap.get(binding.id or "")
    if mapped:
        return "/".join(k.strip() for k in mapped.split(","))
    return binding.key_display or binding.key.split(",")[0]


def load_keymap(screens: Sequence[list[Binding]] = (REVIEW_BINDINGS,)) -> dict[str, str]:
    """The ``[keys]`` table of the user's config file: binding id → key(s), checked.

    ``"review.confirm" = "space"`` (or ``confirm = "space"`` under ``[keys.review]``) binds
    confirm to the space bar; several keys are separated by commas.

    Raises:
        MtreviewError: one line naming the file and line for an unknown id, a key that is not
            a string, or a key another binding keeps.
    """
    path, config, text = read_config()
    table = config.get("keys", {})
    if not isinstance(table, dict):
        raise MtreviewError("bad config file: 'keys' must be a table", path, _line_of(text, "keys"))
    keymap = dict(_flat(table))
    known = {b.id for bindings in screens for b in bindings if b.id}
    for bid, keys in keymap.items():
        line = _line_of(text, bid)
        if bid not in known:
            raise MtreviewError(
                f"bad config file: no key binding {bid!r} (see ? in the TUI)", path, line
            )
        parts = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else []
        if not parts or not all(parts) or any(" " in k for k in parts):
            raise MtreviewError(
                f'bad config file: {bid}: give keys as "x" or "x,ctrl+y"', path, line
            )
    for bindings in screens:
        _refuse_clashes(bindings, keymap, path, text)
    return {bid: ",".join(k.strip() for k in keys.split(",")) for bid, keys in keymap.items()}


def _refuse_clashes(
    bindings: list[Binding], keymap: Mapping[str, str], path: Path, text: str
) -> None:
    """Refuse (one line) a remapped key that another binding of the same screen keeps."""
    taken: dict[str, str] = {}
    for binding in bindings:
        bid = binding.id or ""
        for key in (keymap.get(bid) or binding.key).split(","):
            other = taken.setdefault(key.strip(), bid)
            if other != bid:
                mapped = bid if bid in keymap else other
                raise MtreviewError(
                    f"bad config file: key {key.strip()!r} is bound to both {other} and {bid}",
                    path,
                    _line_of(text, mapped),
                )


def _flat(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``{"review": {"confirm": "x"}}`` as ``("review.confirm", "x")``."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _line_of(text: str, dotted: str) -> int | None:
    """The line of the config text that sets ``dotted`` (its full quoted id or its last part)."""
    last = dotted.rsplit(".", 1)[-1]
    patterns = [
        rf'^\s*["\']{re.escape(dotted)}["\']\s*=',
        rf'^\s*["\']?{re.escape(last)}["\']?\s*=',
    ]
    patterns.append(rf"^\s*\[{re.escape(dotted)}\]")
    for pattern in patterns:
        for n, line in enumerate(text.splitlines(), 1):
            if re.match(pattern, line):
                return n
    return None
