"""``mtreview checks``: every check id with its default severity and what it finds."""

from __future__ import annotations

import json

import click

from mtreview.textsafe import printable

HELP = """List every check: its id, default severity and description.

Turn checks off or re-weight them with `check --disable ID`, `check --severity ID=LEVEL`,
or in mtreview.toml beside the corpus (or given with `check --config FILE`):

\b
  [checks]
  disabled = ["double-space"]
  [checks.severity]
  number-mismatch = "critical"
  [[checks.custom]]
  name = "etc-period"
  target = '\\betc\\b(?!\\.)'
  message = "write 'etc.' with a period"

With --config, the file's custom checks (custom:NAME) are listed too.

\b
Examples:
  mtreview checks
  mtreview checks --format json
  mtreview checks --config mtreview.toml
"""


@click.command(help=HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="An mtreview.toml whose custom checks to list too.",
)
def checks(fmt: str, config_file: str | None) -> None:
    """List every check id with its default severity and description."""
    from mtreview.scoring.checks import check_rows
    from mtreview.scoring.config import load_config

    custom = load_config(config_file).custom if config_file is not None else ()
    rows = check_rows(custom)
    if fmt == "json":
        doc = [{"check": c, "severity": s, "family": f, "description": d} for c, s, f, d in rows]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    width = max(len(c) for c, *_ in rows)
    for check, severity, _family, description in rows:
        click.echo(f"{check:<{width}}  {severity:<8}  {printable(description)}")
