"""CLI commands beyond ``check``, one module per area, registered at the end of ``cli.py``."""

from __future__ import annotations

from collections.abc import Callable
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
