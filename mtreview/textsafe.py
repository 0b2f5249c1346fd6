"""Text from files is data: safe to print on a terminal, safe to open in a spreadsheet."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Replace control characters (ESC included) by visible escapes such as ``\\x1b``.

    Tabs and newlines become spaces, so one record stays on one line.
    """
    text = text.replace("\t", " ").replace("\n", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# Spreadsheets (Excel, LibreOffice Calc, Google Sheets) run a cell starting with one of these as
# a formula (OWASP "CSV injection"): ``=HYPERLINK(...)``, ``=cmd|' /c calc'!A1``, ``@SUM(...)``.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guarded(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_START)


def csv_cell(cell: str) -> str:
    """A text cell for a CSV/TSV file that a spreadsheet shows as text, never runs as a formula.

    OWASP's remedy: a cell starting with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe, which spreadsheets take as "this is text" and do not show. A cell already
    starting with apostrophes before such a character gets one more, so :func:`csv_value`
    restores every value exactly; other cells are left alone.
    """
    return "'" + cell if _guarded(cell) else cell


def csv_value(cell: str) -> str:
    """The value :func:`csv_cell` wrote (one guarding apostrophe removed), for our readers."""
    return cell[1:] if cell.startswith("'") and _guarded(cell) else cell
