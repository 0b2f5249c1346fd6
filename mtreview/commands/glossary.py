"""``mtreview glossary …``: lint a glossary, find candidate terms in a corpus, convert formats."""

from __future__ import annotations

import sys

import click

from mtreview.plural import counted
from mtreview.textsafe import printable


@click.group()
def glossary() -> None:
    """Maintain a glossary: lint it, find new terms in a corpus, convert TBX/CSV/TSV/YAML."""


@glossary.command()
@click.argument(
    "glossary_files",
    metavar="GLOSSARY...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False),
)
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
def lint(glossary_files: tuple[str, ...], fmt: str, fail_on: str) -> None:
    """Report every problem of glossary files, each with its line and severity.

    Critical findings are those the loader refuses the file for (conflicting targets, duplicate
    ids, unknown keys, …); major, minor and info ones are advice. TBX, CSV and TSV files are
    imported first (each fix a minor finding). Several glossaries are also checked against each
    other as `-g` merges them (the first wins): each conflict is a major finding. Exit status:
    0 when no finding reaches --fail-on, 1 when one does, 2 when a file cannot be read.

    \b
    Examples:
      mtreview glossary lint glossary.yaml
      mtreview glossary lint glossary.yaml --fail-on minor --format json
      mtreview glossary lint client.tbx project.yaml
    """
    from dataclasses import replace

    from mtreview.glossary import lint as linting

    results = [linting.lint_any(path) for path in glossary_files]
    if len(results) > 1:
        found = linting.conflicts(list(glossary_files))
        results = [
            replace(r, findings=(*r.findings, *(f for f in found if f.path == r.path)))
            for r in results
        ]
    render = linting.to_json if fmt == "json" else linting.to_text
    click.echo("\n".join(render(result) for result in results))
    if any(result.reaches(fail_on) for result in results):
        sys.exit(1)


@glossary.command()
@click.argument("infile", metavar="IN", type=click.Path(dir_okay=False))
@click.argument("outfile", metavar="OUT", type=click.Path(dir_okay=False))
@click.option("--source-lang", metavar="LANG", help="Source language to take from a TBX/table.")
@click.option("--target-lang", metavar="LANG", help="Target language to take from a TBX/table.")
@click.option(
    "--tbx-version",
    type=click.Choice(["2", "3"]),
    default="2",
    show_default=True,
    help="TBX to write: 2 (<martif>) or 3 (<tbx>).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not list merged or skipped entries.")
def convert(
    infile: str,
    outfile: str,
    source_lang: str | None,
    target_lang: str | None,
    tbx_version: str,
    quiet: bool,
) -> None:
    """Convert a glossary between YAML, TBX (v2/v3), CSV and TSV, chosen by suffix.

    Entries another tool's file holds twice are merged (a second target becomes a variant);
    each merge or skip is reported on stderr with its file and line.

    \b
    Examples:
      mtreview glossary convert termbase.tbx glossary.yaml
      mtreview glossary convert glossary.yaml glossary.tbx --tbx-version 3
      mtreview glossary convert memoq-export.csv glossary.yaml --source-lang zh --target-lang en
    """
    from mtreview.glossary.exchange import format_for, read_any, write_any

    format_for(outfile)  # refuse an unknown output suffix before reading anything
    imported = read_any(infile, source_lang, target_lang)
    if not quiet:
        for notice in imported.notices:
            click.echo(f"mtreview: {printable(notice)}", err=True)
    write_any(imported.glossary, outfile, int(tbx_version))
    g = imported.glossary
    click.echo(
        f"{outfile}: {counted(len(g), 'term')} ({g.source_lang} → {g.target_lang}), "
        f"{counted(imported.notes, 'note or field', 'notes and fields')}, "
        f"{counted(len(imported.notices), 'notice')}",
        err=True,
    )


@glossary.command()
@click.argument("corpus", type=click.Path(dir_okay=False))
@click.option(
    "-g",
    "--glossary",
    "glossary_file",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Known terms (YAML, TBX, CSV, TSV); repeatable, the first given wins.",
)
@click.option(
    "--top",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="How many candidates to list.",
)
@click.option(
    "--renderings",
    default=3,
    show_default=True,
    type=click.IntRange(0),
    help="English phrases shown per candidate.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
def candidates(
    corpus: str, glossary_file: tuple[str, ...], top: int, renderings: int, fmt: str
) -> None:
    """Find terms of CORPUS that the glossary lacks, ranked, with their likely renderings.

    Candidates are Chinese expressions in quotation marks and recurring jieba words and word
    runs, ranked by frequency, specificity and quoting; each comes with the English phrases of
    the aligned targets it goes with. With -g, known terms are left out, and renderings of
    known terms that the glossary does not list (unlisted variants, or wrong renderings) are
    listed after the candidates.

    \b
    Examples:
      mtreview glossary candidates article.tsv
      mtreview glossary candidates article.tsv -g glossary.yaml --top 50 --format csv
    """
    from mtreview.cli import glossaries_from_option
    from mtreview.corpus.formats import read_corpus
    from mtreview.glossary import extract_report
    from mtreview.glossary.extract import chinese_first, extract_candidates
    from mtreview.glossary.variants import suggest_variants
    from mtreview.review import run_check

    loaded = read_corpus(corpus)
    terms = glossaries_from_option(glossary_file)
    segments, swapped = chinese_first(loaded.segments)
    if swapped:
        click.echo(
            f"mtreview: {corpus}: Chinese is on the target side: read it as source", err=True
        )
    found = extract_candidates(segments, terms, top=top, renderings=renderings)
    variants = []
    if terms is not None:
        result = run_check(loaded, terms)
        variants = suggest_variants(
            (o.term, o.found or "", sid) for sid, o in result.occurrences if o.kind == "wrong"
        )
    render = {"json": extract_report.to_json, "csv": extract_report.to_csv}
    text = render.get(fmt, extract_report.to_text)(found, variants)
    click.echo(text, nl=fmt != "csv")
