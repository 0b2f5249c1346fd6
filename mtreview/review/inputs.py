"""What the user names on the command line, turned into a corpus and a glossary; a plain check.

These serve the CLI's ``check`` and ``glossary`` commands as well as the review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus
from mtreview.corpus.textio import read_text
from mtreview.corpus.tsv import read_parallel
from mtreview.errors import MtreviewError
from mtreview.glossary.load import load_glossaries
from mtreview.glossary.model import Glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import glossary_file
from mtreview.scoring.config import config_file, parse_config
from mtreview.scoring.engine import CheckConfig, Checker, CheckResult, Progress


def load_inputs(
    corpus: str | Path | None,
    glossary: str | Path | Sequence[str | Path] | Glossary | None,
    *,
    source: str | Path | None = None,
    target: str | Path | None = None,
    demo: bool = False,
    languages: tuple[str | None, str | None] = (None, None),
    on_notice: Callable[[str], None] | None = None,
) -> tuple[Corpus, Glossary]:
    """Resolve what the user named into a corpus and a glossary.

    Exactly one of ``corpus``, ``source``+``target`` or ``demo`` must be given; the glossary
    defaults to the demo's only with ``demo``. A corpus that does not name its languages
    (TSV, JSONL, parallel text) takes ``languages`` (the command's flags), else the glossary's.
    Glossaries may be of any format, several merged the first winning
    (:func:`mtreview.glossary.load.load_glossaries`); its notices and conflicts go to
    ``on_notice``. A glossary already read is taken as it is.
    """
    if demo:
        if corpus is not None or source is not None or target is not None:
            raise MtreviewError("--demo takes no corpus: give one or the other")
        corpus = demo_corpus()
        glossary = glossary or demo_glossary()
    if (source is None) != (target is None):
        raise MtreviewError("--source and --target go together: give both parallel files")
    if source is not None and corpus is not None:
        raise MtreviewError("give a corpus file or --source/--target, not both")
    if corpus is None and source is None:
        raise MtreviewError("no corpus: give a corpus file, --source/--target, or --demo")
    if isinstance(glossary, Glossary):
        terms = glossary
    elif glossary is None or (not isinstance(glossary, str | Path) and not glossary):
        raise MtreviewError("no glossary: give one with -g GLOSSARY.yaml")
    else:
        imported = load_glossaries(glossary)
        terms = imported.glossary
        if on_notice is not None:
            for notice in imported.notices:
                on_notice(notice)
    if source is not None and target is not None:
        loaded = read_parallel(source, target)
    else:
        assert corpus is not None
        loaded = read_corpus(corpus)
    src, tgt = languages
    return loaded.with_languages(src or terms.source_lang, tgt or terms.target_lang), terms


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def language_warnings(corpus: Corpus, glossary: Glossary) -> list[str]:
    """Warnings when the corpus's languages (from its file) differ from the glossary's.

    Languages are compared by their primary subtag: ``zh-Hans`` and ``zh-CN`` match ``zh``.
    """
    out = []
    for side, mine, theirs in (
        ("source", corpus.source_lang, glossary.source_lang),
        ("target", corpus.target_lang, glossary.target_lang),
    ):
        if mine and theirs and _primary(mine) != _primary(theirs):
            out.append(
                f"{corpus.path or 'the corpus'}: {side} language is {mine!r} but the glossary's "
                f"is {theirs!r}"
            )
    return out


def run_check(
    corpus: Corpus,
    glossary: Glossary,
    config: CheckConfig | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check a whole corpus against a glossary."""
    return Checker(glossary, config).check_corpus(corpus, progress=progress)


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """The check configuration a review uses, the file it came from and a hash of its text.

    ``hash`` is empty without a file (every check on, at its default severity).
    """

    config: CheckConfig
    hash: str = ""
    path: Path | None = None

    def meta(self, project: Path) -> dict[str, str]:
        """The project metadata remembering this config (its file relative when nearby)."""
        where = {"config_path": "", "config_abs": ""}
        if self.path is not None:
            where = glossary_file.location(project, self.path, "config")
        return {**where, "config_hash": self.hash}


def read_check_config(path: str | Path | None) -> ConfigFile:
    """The check configuration in ``path`` (see :func:`mtreview.scoring.config.parse_config`).

    Raises:
        MtreviewError: for a missing or bad file, naming it (and the line).
    """
    if path is None:
        return ConfigFile(CheckConfig())
    text = read_text(path)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ConfigFile(parse_config(text, path), digest, Path(path))


def review_config(
    config: str | Path | None,
    corpus: str | Path | None = None,
    project: Path | None = None,
    meta: dict[str, str] | None = None,
) -> ConfigFile:
    """The check configuration of a review: the one ``mtreview check`` would read.

    ``config`` when given (``--config``), else, for a project, the file it remembers while it
    is there, else the ``mtreview.toml`` beside the corpus (:func:`config_file`, as ``check``
    finds it) or, for a project, beside the project file.
    """
    if config is None and project is not None and meta:
        for named in (meta.get("config_path", ""), meta.get("config_abs", "")):
            candidate = project.resolve().parent / named
            if named and candidate.is_file():
                return read_check_config(candidate)
    return read_check_config(config_file(config, corpus if project is None else project))
