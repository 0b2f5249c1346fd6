"""Text from files is data: make it safe to print on a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Replace control characters (ESC included) by visible escapes such as ``\\x1b``.

    Tabs and newlines become spaces, so one record stays on one line.
    """
    text = text.replace("\t", " ").replace("\n", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
