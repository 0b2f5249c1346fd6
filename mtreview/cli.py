"""The ``mtreview`` command line.

``check``, ``score`` and ``export`` never import the TUI: they start fast and run in pipelines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import closing
from typing import TYPE_CHECKING, Any

import click

from mtreview import __version__
from mtreview.commands import LONG_RUN, config_option, progress_bar
from mtreview.errors import MtreviewError
from mtreview.scoring.issues import SEVERITY_RANK
from mtreview.textsafe import printable

if TYPE_CHECKING:
    from mtreview.glossary.model import Glossary


INTERRUPTED = 130
"""Exit status after Ctrl-C: 128 + SIGINT, as a shell reports it (not 1, which says an issue
reached ``--fail-on``)."""
PIPE_CLOSED = 141
"""Exit status when the reader of our output went away (``mtreview check … | head``): 128 +
SIGPIPE, what ``grep`` or ``cat`` give."""


class MtreviewGroup(click.Group):
    """A group that turns :class:`MtreviewError` into one line on stderr and exit status 2.

    An interrupt and a closed output pipe end the run with their own statuses (see
    :data:`INTERRUPTED`, :data:`PIPE_CLOSED`): click's default exit status 1 for both would tell
    a pipeline that the check found an issue. Output streamed before either stays as written.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping :class:`MtreviewError` to exit status 2."""
        try:
            return super().invoke(ctx)
        except MtreviewError as exc:
            click.echo(f"mtreview: error: {exc}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("mtreview: interrupted", err=True)
            ctx.exit(INTERRUPTED)
        except BrokenPipeError:
            # Nothing more can reach the reader; the interpreter's last flush must not fail.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            ctx.exit(PIPE_CLOSED)


@click.group(cls=MtreviewGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="mtreview")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Review machine translation against a term glossary, in the terminal.

    With no command, opens the bundled demo.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(main.commands["demo"])


def _severity_option(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        check, sep, level = value.partition("=")
        if not sep or level not in SEVERITY_RANK:
            raise MtreviewError(f"--severity takes CHECK=minor|major|critical, not {value!r}")
        out[check] = level
    return out


GLOSSARY_HELP = (
    "Glossary: YAML, TBX (v2/v3), CSV or TSV. Repeatable (client + project glossary): "
    "the first given wins where two disagree, each conflict reported on stderr."
)


def glossary_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-g/--glossary``, repeatable, any glossary format."""
    return click.option(
        "-g", "--glossary", multiple=True, type=click.Path(dir_okay=False), help=GLOSSARY_HELP
    )(fn)


def language_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--source-lang``/``--target-lang`` for corpora that do not name their languages."""
    for name in ("target", "source"):
        fn = click.option(
            f"--{name}-lang",
            metavar="LANG",
            help=f"The corpus's {name} language when the file does not say (TSV, JSONL); "
            "default: the glossary's.",
        )(fn)
    return fn


def echo_notice(notice: str) -> None:
    """A glossary notice (fix, conflict) as one line on stderr."""
    click.echo(f"mtreview: {printable(notice)}", err=True)


def glossaries_from_option(paths: tuple[str, ...]) -> Glossary | None:
    """The glossaries named with ``-g`` merged (notices on stderr), or ``None`` without any."""
    from mtreview.glossary.load import load_glossaries

    if not paths:
        return None
    imported = load_glossaries(paths)
    for notice in imported.notices:
        echo_notice(notice)
    return imported.glossary


@main.command()
@click.argument("corpus", required=False, type=click.Path(dir_okay=False))
@glossary_option
@language_options
@click.option(
    "--source", type=click.Path(dir_okay=False), help="Parallel source text, one segment a line."
)
@click.option(
    "--target", type=click.Path(dir_okay=False), help="Parallel target text, one segment a line."
)
@click.option("--demo", is_flag=True, help="Check the bundled demo corpus and glossary.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option(
    "--by-term", is_flag=True, help="List every rendering of each term across the corpus."
)
@click.option(
    "--occurrences",
    is_flag=True,
    help="JSON: list every term occurrence and how it was rendered (success or not).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["minor", "major", "critical"]),
    default="critical",
    show_default=True,
    help="Exit 1 when an issue reaches this severity.",
)
@click.option("--disable", multiple=True, metavar="CHECK", help="Turn a check off (repeatable).")
@click.option(
    "--severity", multiple=True, metavar="CHECK=LEVEL", help="Re-weight a check (repeatable)."
)
@config_option
def check(
    corpus: str | None,
    glossary: tuple[str, ...],
    source_lang: str | None,
    target_lang: str | None,
    source: str | None,
    target: str | None,
    demo: bool,
    fmt: str,
    by_term: bool,
    occurrences: bool,
    fail_on: str,
    disable: tuple[str, ...],
    severity: tuple[str, ...],
    config_file: str | None,
) -> None:
    """Check CORPUS (TSV, TMX, XLIFF 1.2/2.x or JSONL) against a glossary.

    Exit status: 0 when no issue reaches --fail-on, 1 when one does, 2 for bad input.

    \b
    Examples:
      mtreview check article.tsv -g glossary.yaml
      mtreview check memory.tmx -g glossary.yaml
      mtreview check --demo --format json
      mtreview check --source a.zh.txt --target a.en.txt -g glossary.yaml --by-term
      mtreview check article.tsv -g glossary.yaml --config qa.toml --disable double-space
      mtreview check job.mqxliff -g client.tbx -g project.yaml
    """
    from mtreview.review import language_warnings, load_inputs
    from mtreview.scoring import render_check
    from mtreview.scoring.config import check_config
    from mtreview.scoring.engine import Checker

    loaded, terms = load_inputs(
        corpus,
        glossary or None,
        source=source,
        target=target,
        demo=demo,
        languages=(source_lang, target_lang),
        on_notice=echo_notice,
    )
    for warning in (*terms.notices, *language_warnings(loaded, terms)):
        click.echo(f"mtreview: warning: {warning}", err=True)
    beside = None if demo else (corpus or source)
    config = check_config(config_file, beside, disable, _severity_option(severity))
    bar, progress = progress_bar("checking", len(loaded) >= LONG_RUN)
    with bar:  # the first pass; each result is then made as the output reaches it
        results = Checker(terms, config).corpus_results(loaded, progress=progress)
    colour = sys.stdout.isatty()

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if colour else text

    out = _Echo()
    with closing(results):  # ended on any error, as on success
        if fmt == "json":
            tally = render_check.write_json(
                results, out, len(loaded), terms, terms=by_term, occurrences=occurrences
            )
        elif fmt == "csv":
            tally = render_check.write_csv(results, out)
        elif by_term:
            tally = render_check.write_by_term_text(terms, results, out, style)
        else:
            tally = render_check.write_text(results, out, style)
    out.flush()
    if tally.reaches(fail_on):
        sys.exit(1)


class _Echo:
    """Output echoed as it is written, 64 KB at a time: a large check's is never held whole."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= 1 << 16:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            click.echo("".join(self._parts), nl=False)
        self._parts, self._size = [], 0


from mtreview.commands.scores import report, score  # noqa: E402

main.add_command(score)
main.add_command(report)

from mtreview.commands.review import demo, export, open_  # noqa: E402

main.add_command(open_)
main.add_command(demo)
main.add_command(export)

from mtreview.commands.checks import checks  # noqa: E402

main.add_command(checks)

from mtreview.commands.glossary import glossary  # noqa: E402

main.add_command(glossary)
