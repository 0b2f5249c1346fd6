"""``mtreview glossary …``: lint a glossary, find candidate terms in a corpus, convert formats."""

from __future__ import annotations

import sys

import click


@click.group()
def glossary() -> None:
    """Maintain a glossary: lint it, find new terms in a corpus, convert TBX/CSV/TSV/YAML."""


@glossary.command()
@click.argument("glossary_file", metavar="GLOSSARY", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["info", "minor", "major", "critical"]),
    default="major",
    show_default=True,
    help="Exit 1 when a finding reaches this severity.",
)
def lint(glossary_file: str, fmt: str, fail_on: str) -> None:
    r"""Report every problem of a glossary YAML file, each with its line and severity.

    Critical findings are those the loader refuses the file for (conflicting targets, duplicate
    ids, unknown keys, …); major, minor and info ones are advice. Exit status: 0 when no finding
    reaches --fail-on, 1 when one does, 2 when the file cannot be read.

    \b
    Examples:
      mtreview glossary lint glossary.yaml
      mtreview glossary lint glossary.yaml --fail-on minor --format json
    """
    from mtreview.glossary import lint as linting

    result = linting.lint_file(glossary_file)
    click.echo(linting.to_json(result) if fmt == "json" else linting.to_text(result))
    if result.reaches(fail_on):
        sys.exit(1)
