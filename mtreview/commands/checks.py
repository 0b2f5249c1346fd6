"""``mtreview checks``: every check id with its default severity and what it finds."""

from __future__ import annotations

import json

import click

HELP = """List every check: its id, default severity and description.

Turn checks off or re-weight them with `check --disable ID`, `check --severity ID=LEVEL`,
or in mtreview.toml beside the corpus (or given with `check --config FILE`):

\b
  [checks]
  disabled = ["double-space"]
  [checks.severity]
  number-mismatch = "critical"

\b
Examples:
  mtreview checks
  mtreview checks --format json
"""


@click.command(help=HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def checks(fmt: str) -> None:
    """List every check id with its default severity and description."""
    from mtreview.scoring.checks import FAMILIES, all_check_ids

    all_check_ids()
    rows = [
        (check, severity, family.name, description)
        for family in FAMILIES.values()
        for check, (severity, description) in family.ids.items()
    ]
    if fmt == "json":
        doc = [{"check": c, "severity": s, "family": f, "description": d} for c, s, f, d in rows]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    width = max(len(c) for c, *_ in rows)
    for check, severity, _family, description in rows:
        click.echo(f"{check:<{width}}  {severity:<8}  {description}")
