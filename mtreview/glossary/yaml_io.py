"""Load and validate the glossary YAML (``yaml.safe_load`` rules only), and save it back.

Every error names the file and the line PyYAML's marks give for the offending node.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mtreview import errors
from mtreview.collector import fewer_collections
from mtreview.corpus import textio
from mtreview.corpus.textio import read_bytes, text_of, write_text_atomic
from mtreview.diskcache import cached, derived
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term, glossary_data, glossary_of
from mtreview.glossary.rules import is_fatal, validate, warns
from mtreview.glossary.yaml_lines import Problem, compose


def read_glossary(text: str, path: str = "<glossary>") -> tuple[Glossary | None, list[Problem]]:
    """Parse glossary YAML text leniently: every rule problem is recorded, none raised.

    Returns:
        The glossary (``None`` when the text is not a glossary at all) and the problems in
        the order met, which is the file's order.
    """
    # Composing makes a node and two marks per scalar (some 540,000 objects for 10,000 terms)
    # and no garbage cycles: collections over them were half the cost.
    with fewer_collections():
        data, problems = compose(text, path)
        if data is None and problems:
            return None, problems
        return validate(data, path, problems), problems


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    """Parse and validate glossary YAML text.

    Raises:
        MtreviewError: for YAML syntax errors, unknown keys, missing fields, duplicate ids or
            sources, conflicting targets, and forbidden renderings that are also accepted (the
            fatal rules of :data:`mtreview.glossary.rules.RULES`); the first one in the file.
            What the loader does rather than refuse (one source spelt two ways is merged) is
            in the glossary's ``notices``.
    """
    glossary, problems = read_glossary(text, path)
    for problem in problems:
        if is_fatal(problem):
            raise MtreviewError(problem.message, path, problem.line)
    assert glossary is not None
    notices = tuple(
        f"{path}:{p.line}: {p.message}" if p.line is not None else f"{path}: {p.message}"
        for p in problems
        if warns(p)
    )
    return replace(glossary, notices=notices) if notices else glossary


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary YAML file."""
    return parse_glossary_file(read_bytes(path), path)


KEPT_FROM = 1 << 16
"""Bytes of YAML from which a parsed glossary is kept in the user's cache folder."""


def parse_glossary_file(data: bytes, path: str | Path) -> Glossary:
    """:func:`parse_glossary` of a file's bytes, kept for the next run when the file is large.

    Parsing 10,000 terms takes about a second, which every ``check`` with the same glossary paid
    again (a 10-segment check: 2.5 s, most of it this and jieba). The glossary parsed from the
    same bytes at the same path by the same code (this package, PyYAML, OpenCC, which folds
    sources, and Python: :func:`_parse_key`) is the same, so it is kept (:mod:`mtreview.diskcache`)
    as :func:`~mtreview.glossary.model.glossary_data`, and read back alike whether just parsed
    or kept. A file that does not parse raises as before and keeps nothing.
    """
    where = str(path)
    if len(data) < KEPT_FROM:
        return parse_glossary(text_of(data, path), where)
    key = derived(_parse_key(), ["parsed glossary 1", where, data])

    def parsed() -> dict[str, Any]:
        return glossary_data(parse_glossary(text_of(data, path), where))

    return glossary_of(cached("glossary", key, parsed))


@lru_cache(maxsize=1)
def _parse_key() -> bytes:
    """What parsing depends on besides the file: this package's code, PyYAML, OpenCC, Python.

    Empty (nothing kept) when one of them cannot be read.
    """
    from mtreview.glossary.segmenter import dictionary_key  # jieba's, OpenCC's and Python's

    folder = Path(__file__).parent
    try:
        sources = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.py"))]
        beside = (Path(textio.__file__), Path(errors.__file__))  # decoding, error messages
        sources += [(p.name, p.read_bytes()) for p in beside]
    except OSError:
        return b""
    loader = f"{yaml.__version__} libyaml {yaml.__with_libyaml__}"  # the C loader or Python's
    return derived(dictionary_key(), [loader, *(part for pair in sources for part in pair)])


def term_to_dict(term: Term) -> dict[str, Any]:
    """Return the YAML mapping of a term, in a stable order, omitting defaults."""
    out: dict[str, Any] = {"id": term.id, "source": term.source, "target": term.target}
    if term.variants:
        out["variants"] = list(term.variants)
    if term.forbidden:
        out["forbidden"] = list(term.forbidden)
    if term.note:
        out["note"] = term.note
    if term.severity != "major":
        out["severity"] = term.severity
    if term.case_sensitive:
        out["case_sensitive"] = True
    if term.status != "approved":
        out["status"] = term.status
    out.update(term.extra)
    return out


# How glossary YAML is written (one term alone too: mtreview.glossary.yaml_patch).
DUMP_STYLE: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 100}


def dump_glossary(glossary: Glossary) -> str:
    """Serialise a glossary as YAML text in a stable, diff-friendly order."""
    data: dict[str, Any] = {
        "source_lang": glossary.source_lang,
        "target_lang": glossary.target_lang,
        **glossary.extra,
        "terms": [term_to_dict(t) for t in glossary.terms],
    }
    out: str = yaml.safe_dump(data, **DUMP_STYLE)
    return out


def header_comments(text: str) -> str:
    """The comment lines (and blank lines) a glossary file starts with."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def save_glossary(glossary: Glossary, path: str | Path, header: str = "") -> None:
    """Write a glossary YAML file atomically, after ``header`` (comment lines) if given."""
    write_text_atomic(path, header + dump_glossary(glossary))
