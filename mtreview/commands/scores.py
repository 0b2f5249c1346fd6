"""``mtreview score`` and ``mtreview report``: a review in figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import click

from mtreview.commands import LONG_RUN, progress_bar
from mtreview.errors import MtreviewError


def _inputs(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The input options shared by ``score`` and ``report``."""
    options = [
        click.argument(
            "corpus", metavar="PROJECT|CORPUS", required=False, type=click.Path(dir_okay=False)
        ),
        click.option(
            "-g",
            "--glossary",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="Glossary (YAML, TBX, CSV, TSV); repeatable, the first given wins.",
        ),
        click.option(
            "--ref",
            type=click.Path(dir_okay=False),
            help="Reference translations: one line per segment, or a TSV with id and reference.",
        ),
        click.option(
            "--reviewed",
            type=click.Path(dir_okay=False),
            help="Reviewed text: one line per segment, or a TSV with id and reviewed/target.",
        ),
        click.option(
            "--fixes", type=click.Path(dir_okay=False), help="Fix log (JSON Lines) of the review."
        ),
        click.option(
            "--apply-suggested",
            is_flag=True,
            help="Take as reviewed text the MT with every suggested fix of the check applied.",
        ),
        click.option(
            "--weight",
            multiple=True,
            metavar="SEVERITY=N",
            help="MQM severity multiplier (default minor=1 major=5 critical=10; repeatable).",
        ),
        click.option("--demo", is_flag=True, help="Score the bundled demo corpus and glossary."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _project_report(opts: dict[str, Any]) -> Any:
    from mtreview.cli import glossaries_from_option
    from mtreview.review import project_size
    from mtreview.review.scores import score_project
    from mtreview.scoring.mqm import parse_weights

    path = opts["corpus"]
    for option in ("reviewed", "fixes", "apply_suggested", "demo"):
        if opts[option]:
            name = "--" + option.replace("_", "-")
            raise MtreviewError(
                f"a review project holds its reviewed text and fixes: leave out {name}"
            )
    weights = parse_weights(opts["weight"])
    glossary = glossaries_from_option(opts["glossary"])
    bar, progress = progress_bar("scoring", project_size(path) >= LONG_RUN)
    with bar:
        return score_project(path, glossary, weights, opts["ref"], progress).report


def _report(opts: dict[str, Any]) -> Any:
    from mtreview.review import is_project

    if opts["corpus"] is not None and is_project(opts["corpus"]):
        return _project_report(opts)
    return _corpus_report(opts)


def _corpus_report(opts: dict[str, Any]) -> Any:
    from mtreview.cli import glossaries_from_option
    from mtreview.corpus.formats import read_corpus
    from mtreview.paths import demo_corpus, demo_glossary
    from mtreview.scoring.engine import Checker
    from mtreview.scoring.mqm import parse_weights
    from mtreview.scoring.review_data import apply_suggested_fixes
    from mtreview.scoring.review_files import load_review
    from mtreview.scoring.scores import compute_scores

    corpus_path, glossary_path = opts["corpus"], opts["glossary"]
    if opts["demo"]:
        if corpus_path is not None:
            raise MtreviewError("--demo takes no corpus: give one or the other")
        corpus_path, glossary_path = demo_corpus(), glossary_path or (str(demo_glossary()),)
    if corpus_path is None:
        raise MtreviewError("no corpus: give a corpus file or --demo")
    if opts["apply_suggested"] and opts["reviewed"] is not None:
        raise MtreviewError("--apply-suggested makes the reviewed text: leave out --reviewed")
    weights = parse_weights(opts["weight"])
    glossary = glossaries_from_option(glossary_path)
    corpus = read_corpus(corpus_path)
    if glossary is not None:
        corpus = corpus.with_languages(glossary.source_lang, glossary.target_lang)
    data = load_review(
        corpus, reference=opts["ref"], reviewed=opts["reviewed"], fixes=opts["fixes"]
    )
    if opts["apply_suggested"]:
        if glossary is None:
            raise MtreviewError("--apply-suggested needs a glossary: give one with -g")
        issues = Checker(glossary).check_corpus(data.mt_corpus()).issues
        data = apply_suggested_fixes(data, issues, "mtreview --apply-suggested", datetime.now(UTC))
    bar, progress = progress_bar("scoring", len(data) >= LONG_RUN)
    with bar:
        return compute_scores(data, glossary, weights, progress=progress)


@click.command()
@_inputs
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
def score(fmt: str, **opts: Any) -> None:
    """Score a review PROJECT (.mtreview), or a CORPUS (TSV: id, source, target[, reference]).

    BLEU, chrF++ and TER (sacrebleu) of the MT against the reviewed text, and of both against
    the reference where there is one; term accuracy and consistency before and after review;
    an MQM-style quality score. A project gives the MT, the reviewed text, the fixes and its
    glossary, and keeps per-segment scores for next time. For a corpus, without --reviewed the
    reviewed text is the MT itself.

    \b
    Examples:
      mtreview score article.tsv.mtreview
      mtreview score article.tsv -g glossary.yaml --reviewed article.reviewed.txt
      mtreview score article.tsv --ref article.ref.txt --format json
      mtreview score --demo --apply-suggested
    """
    from mtreview.scoring.reports import render

    click.echo(render(_report(opts), fmt), nl=False)


@click.command()
@_inputs
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Path(dir_okay=False),
    help="Output file: .html (one self-contained page), .json or .csv.",
)
def report(to: str, **opts: Any) -> None:
    """Write a report of a review PROJECT (or CORPUS): figures, chart, terms, fixes.

    \b
    Examples:
      mtreview report article.tsv.mtreview --to report.html
      mtreview report article.tsv -g glossary.yaml --reviewed reviewed.tsv --to report.html
      mtreview report article.tsv -g glossary.yaml --fixes fixes.jsonl --to report.json
      mtreview report --demo --apply-suggested --to demo-report.html
    """
    from mtreview.scoring.reports import report_format, write_report

    report_format(to)  # a wrong suffix fails before the work, not after
    fmt = write_report(_report(opts), to)
    click.echo(f"wrote {fmt} report to {to}", err=True)
