"""CLI commands beyond ``check``, one module per area, registered at the end of ``cli.py``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import click


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--config FILE``: the checks' mtreview.toml, for ``check`` and the review alike."""
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Check config TOML (default: mtreview.toml beside the corpus).",
    )(fn)


LONG_RUN = 2000
"""Runs over this many segments show a progress bar (on a terminal)."""


def progress_bar(
    label: str, shown: bool = True
) -> tuple[AbstractContextManager[Any], Callable[[int, int], None] | None]:
    """A progress bar on stderr when ``shown`` and stderr is a terminal, nothing otherwise.

    Returns the bar (a context manager) and the ``(done, total)`` callback that moves it.
    """
    if not shown or not sys.stderr.isatty():
        return nullcontext(), None
    bar = click.progressbar(length=1000, label=label, file=sys.stderr)
    state = {"done": 0}

    def update(done: int, total: int) -> None:
        permille = done * 1000 // max(1, total)
        bar.update(permille - state["done"])
        state["done"] = permille

    return bar, update
