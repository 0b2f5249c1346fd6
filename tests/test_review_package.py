"""The review package's walls: SQL only in the store, the TUI through the review package only."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mtreview"
SQL_CALL = re.compile(r"\.execute(many)?\(|executescript\(")


def test_only_the_store_speaks_sql() -> None:
    speaking = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if SQL_CALL.search(p.read_text())
    )
    assert speaking == ["review/store.py", "review/store_base.py"]


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.split(".")[0] == "mtreview"}


def test_the_tui_reaches_the_core_through_the_review_package_only() -> None:
    below = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "tui").rglob("*.py")
        for name in imported(path)
        if not name.startswith(("mtreview.tui", "mtreview.review"))
    }
    assert below == set()


def test_no_module_reads_the_reviews_private_names() -> None:
    outside = re.compile(r"\b(service|review|store|svc|index|stack)\._[a-z]")
    inside = re.compile(r"\b(review|self\.review|self\.store|self\.index|self\.stack)\._[a-z]")
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if (inside if "review" in p.parts else outside).search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_review_package_imports_neither_textual_nor_sacrebleu() -> None:
    code = (
        "import sys, mtreview.review;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'sacrebleu')];"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_opening_the_review_screen_does_not_load_numpy() -> None:
    # numpy (70 ms of each start) is for the locator's matrices: loaded when one is first made.
    code = (
        "import sys, mtreview.cli, mtreview.review, mtreview.tui.app;"
        "assert 'numpy' not in sys.modules, [m for m in sys.modules if 'mtreview' in m][-3:]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
