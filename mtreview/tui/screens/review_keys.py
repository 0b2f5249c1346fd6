"""The review screen's key bindings, shared by the screen, its help and the command palette."""

from __future__ import annotations

from textual.binding import Binding

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
    Binding("e", "edit", "Edit", id="review.edit"),
    Binding("i", "ignore", "Ignore", id="review.ignore", tooltip="Ignore issue"),
    Binding("c", "confirm", "Confirm", id="review.confirm"),
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
]
