"""Counts as English: "1 open issue", "2 open issues", "1,204 segments".

The one helper every message with a count goes through (TUI and CLI alike).
"""

from __future__ import annotations

# Nouns whose plural is not the noun plus "s" (only those the messages use).
_IRREGULAR = {
    "entry": "entries",
    "fix": "fixes",
    "match": "matches",
}


def plural(noun: str) -> str:
    """The plural of ``noun`` (its last word is inflected: "open issue" → "open issues")."""
    head, _, last = noun.rpartition(" ")
    word = _IRREGULAR.get(last) or (last[:-1] + "ies" if _y_plural(last) else last + "s")
    return f"{head} {word}" if head else word


def _y_plural(word: str) -> bool:
    return len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"


def counted(n: int, noun: str, plural_form: str | None = None) -> str:
    """``n`` and ``noun``, singular for exactly one: ``counted(2, "issue")`` is "2 issues".

    Args:
        n: The count (shown with thousands separators).
        noun: The singular noun phrase.
        plural_form: The plural when adding "s" to the last word is wrong.
    """
    return f"{n:,} {noun if n == 1 else plural_form or plural(noun)}"
