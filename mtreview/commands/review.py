"""``mtreview open``, ``mtreview demo`` and ``mtreview export``: the review project commands.

``export`` never imports the TUI; ``open`` and ``demo`` import it only when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mtreview.commands import config_option, progress_bar
from mtreview.errors import MtreviewError
from mtreview.paths import demo_corpus, demo_glossary, user_data_dir
from mtreview.plural import counted

if TYPE_CHECKING:
    from mtreview.review import Progress, ReviewService

PROJECT_SUFFIX = ".mtreview"


def demo_project() -> Path:
    """Where the demo's review project lives (the user data directory)."""
    return user_data_dir() / f"demo{PROJECT_SUFFIX}"


def demo_glossary_copy(fresh: bool) -> Path:
    """The demo's own glossary in the user data directory, copied from the bundled one.

    The glossary screen edits it; the package's files are never written.
    """
    copy = user_data_dir() / "demo-glossary.yaml"
    if fresh or not copy.exists():
        copy.write_bytes(demo_glossary().read_bytes())
    return copy


def remove_project(path: Path) -> None:
    """Delete a project file with its WAL side files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _run_tui(opener: Callable[[Progress], ReviewService], title: str) -> None:
    from mtreview.tui.app import ReviewApp

    app = ReviewApp(opener, title=title)
    app.run()
    if app.error is not None:
        raise MtreviewError(app.error)
    if app.return_code:  # the terminal hung up: say so to whatever started us
        raise SystemExit(app.return_code)


@click.command("open")
@click.argument("corpus", type=click.Path(dir_okay=False))
@click.option(
    "-g",
    "--glossary",
    type=click.Path(dir_okay=False),
    help="Glossary: YAML, TBX (v2/v3), CSV or TSV.",
)
@click.option(
    "--project", type=click.Path(dir_okay=False), help="Project file (default: CORPUS.mtreview)."
)
@click.option("--reviewer", help="Your name in the action log (default: config file, then login).")
@config_option
def open_(
    corpus: str,
    glossary: str | None,
    project: str | None,
    reviewer: str | None,
    config_file: str | None,
) -> None:
    """Review CORPUS against a glossary in the TUI, or resume a project.

    The first time, a project file CORPUS.mtreview is made next to the corpus; later runs
    resume it. Every action is saved at once. Given a project, -g points it at another
    glossary from now on. Two people (or a TUI and a CLI) may work on one project at once.
    The review runs the checks `mtreview check` runs, configured by the same mtreview.toml
    (beside the corpus, or --config, which the project then remembers).

    \b
    Examples:
      mtreview open article.tsv -g glossary.yaml
      mtreview open article.tsv.mtreview --reviewer ana
      mtreview open article.tsv.mtreview -g terms-v2.yaml
      mtreview open article.tsv -g glossary.yaml --config qa.toml
    """
    from mtreview.review import ReviewService, check_project, is_project, resolve_reviewer

    who = resolve_reviewer(reviewer)
    path = Path(corpus)
    if is_project(path):
        check_project(path)  # a file that is not a project is refused before the screen opens
        if glossary is not None and not Path(glossary).is_file():
            raise MtreviewError("no such glossary", glossary)
        _check_config(config_file)
        _run_tui(
            lambda progress: ReviewService.open(
                path, who, progress, glossary=glossary, config=config_file
            ),
            path.name,
        )
        return
    if not path.is_file():
        raise MtreviewError("no such file", path)
    target = Path(project) if project else path.with_name(path.name + PROJECT_SUFFIX)
    if glossary is None and not target.exists():
        raise MtreviewError("no glossary: give one with -g GLOSSARY.yaml")
    _check_config(config_file)
    if target.exists():
        _run_tui(
            lambda progress: ReviewService.open(target, who, progress, config=config_file),
            path.name,
        )
        return
    made = _create(target, path, glossary or "", who, config_file)
    _run_tui(lambda _progress: made, path.name)


def _create(
    project: Path, corpus: Path, glossary: str, reviewer: str, config: str | None
) -> ReviewService:
    """Make the project before the screen opens, its progress on stderr.

    The check's worker processes are forked only from a process without threads, so it uses
    every core here, not behind the TUI's loading screen (the TUI runs threads).
    """
    from mtreview.review import ReviewService

    bar, progress = progress_bar("checking")
    with bar:
        return ReviewService.open_or_create(project, corpus, glossary, reviewer, progress, config)


def _check_config(config: str | None) -> None:
    """Refuse a bad --config before the screen opens (one line, exit 2)."""
    if config is not None:
        from mtreview.review import read_check_config

        read_check_config(config)


@click.command()
@click.option("--reset", is_flag=True, help="Start the demo review over (deletes its project).")
@click.option("--reviewer", help="Your name in the action log.")
def demo(reset: bool, reviewer: str | None) -> None:
    """Open the bundled demo: a real published machine translation and its glossary.

    Your review of it is kept in the user data directory and resumed next time.

    \b
    Examples:
      mtreview demo
      mtreview demo --reset
    """
    from mtreview.review import ReviewService, resolve_reviewer

    who = resolve_reviewer(reviewer)
    path = demo_project()
    if reset:
        remove_project(path)
    glossary = demo_glossary_copy(fresh=not path.exists())
    _run_tui(
        lambda progress: ReviewService.open_or_create(path, demo_corpus(), glossary, who, progress),
        "demo: green-dialectics",
    )


@click.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Path(),  # the writer refuses a directory in one line
    help="Output file: .txt (reviewed text), .tsv (id, source, target, mt) or a corpus format.",
)
def export(project: str, to: str) -> None:
    """Export the reviewed text of PROJECT (written atomically).

    \b
    Examples:
      mtreview export article.tsv.mtreview --to corrected.txt
      mtreview export article.tsv.mtreview --to review.tsv
    """
    from mtreview.review import export_project

    count = export_project(project, to)
    click.echo(f"wrote {counted(count, 'segment')} to {to}", err=True)
