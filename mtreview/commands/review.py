"""``mtreview open``, ``mtreview demo`` and ``mtreview export``: the review project commands.

``export`` never imports the TUI; ``open`` and ``demo`` import it only when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mtreview.errors import MtreviewError
from mtreview.paths import demo_corpus, demo_glossary, user_data_dir

if TYPE_CHECKING:
    from mtreview.scoring.engine import Progress
    from mtreview.service import ReviewService

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


def _is_project(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


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
def open_(corpus: str, glossary: str | None, project: str | None, reviewer: str | None) -> None:
    """Review CORPUS against a glossary in the TUI, or resume a project.

    The first time, a project file CORPUS.mtreview is made next to the corpus; later runs
    resume it. Every action is saved at once.

    \b
    Examples:
      mtreview open article.tsv -g glossary.yaml
      mtreview open article.tsv.mtreview --reviewer ana
    """
    from mtreview.review import resolve_reviewer
    from mtreview.service import ReviewService

    who = resolve_reviewer(reviewer)
    path = Path(corpus)
    if path.suffix == PROJECT_SUFFIX or _is_project(path):
        if glossary is not None:
            raise MtreviewError("a project keeps its glossary: give -g only with a corpus")
        if not path.is_file():
            raise MtreviewError("no such project", path)
        _run_tui(lambda progress: ReviewService.open(path, who, progress), path.name)
        return
    if not path.is_file():
        raise MtreviewError("no such file", path)
    target = Path(project) if project else path.with_name(path.name + PROJECT_SUFFIX)
    if glossary is None and not target.exists():
        raise MtreviewError("no glossary: give one with -g GLOSSARY.yaml")
    _run_tui(
        lambda progress: ReviewService.open_or_create(target, path, glossary or "", who, progress),
        path.name,
    )


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
    from mtreview.review import resolve_reviewer
    from mtreview.service import ReviewService

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
    type=click.Path(dir_okay=False),
    help="Output file: .txt (reviewed text), .tsv (id, source, target, mt) or a corpus format.",
)
def export(project: str, to: str) -> None:
    """Export the reviewed text of PROJECT (written atomically).

    \b
    Examples:
      mtreview export article.tsv.mtreview --to corrected.txt
      mtreview export article.tsv.mtreview --to review.tsv
    """
    from mtreview.corpus.export import export_project
    from mtreview.corpus.project import Project

    if not Path(project).is_file():
        raise MtreviewError("no such project", project)
    opened = Project(project)
    try:
        if opened.empty:
            raise MtreviewError("not a review project (no segments)", project)
        count = export_project(opened, to)
    finally:
        opened.close()
    click.echo(f"wrote {count} segments to {to}", err=True)
