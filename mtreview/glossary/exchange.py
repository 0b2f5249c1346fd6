"""Glossary files by suffix: YAML (the native format), TBX, CSV and TSV, read and written.

A registry like the corpus formats': each format names its suffixes, a reader returning an
:class:`~mtreview.glossary.merge.Imported` and a writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtreview.errors import MtreviewError
from mtreview.glossary.delimited import read_delimited, write_delimited
from mtreview.glossary.merge import Imported
from mtreview.glossary.model import Glossary
from mtreview.glossary.tbx import read_tbx, write_tbx
from mtreview.glossary.yaml_io import dump_glossary, load_glossary, parse_glossary, save_glossary

Reader = Callable[[Path, str | None, str | None], Imported]
Writer = Callable[[Glossary, Path, int], None]


@dataclass(frozen=True, slots=True)
class GlossaryFormat:
    """A glossary file format: its name, suffixes, reader and writer."""

    name: str
    suffixes: tuple[str, ...]
    reader: Reader
    writer: Writer


def _read_yaml(path: Path, source_lang: str | None, target_lang: str | None) -> Imported:
    glossary = load_glossary(path)
    return Imported(glossary, (), sum(bool(t.note) for t in glossary.terms))


def _write_yaml(glossary: Glossary, path: Path, _version: int) -> None:
    parse_glossary(dump_glossary(glossary), str(path))  # never write what the loader refuses
    save_glossary(glossary, path)


FORMATS: dict[str, GlossaryFormat] = {}


def register(fmt: GlossaryFormat) -> None:
    """Add a glossary format to the registry."""
    FORMATS[fmt.name] = fmt


register(GlossaryFormat("yaml", (".yaml", ".yml"), _read_yaml, _write_yaml))
register(GlossaryFormat("tbx", (".tbx",), read_tbx, write_tbx))
register(
    GlossaryFormat(
        "delimited",
        (".csv", ".tsv", ".tab", ".txt"),
        read_delimited,
        lambda glossary, path, _version: write_delimited(glossary, path),
    )
)


def format_for(path: str | Path) -> GlossaryFormat:
    """The format of a glossary file, by its suffix.

    Raises:
        MtreviewError: for a suffix no format claims.
    """
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise MtreviewError(
        f"unknown glossary format {suffix or '(no suffix)'!r} (known: {known})", path
    )


def read_any(
    path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> Imported:
    """Read a glossary in any registered format."""
    return format_for(path).reader(Path(path), source_lang, target_lang)


def write_any(glossary: Glossary, path: str | Path, tbx_version: int = 2) -> None:
    """Write a glossary in the format its suffix names (atomically).

    Raises:
        MtreviewError: for an unknown suffix or a file that cannot be written.
    """
    fmt = format_for(path)
    try:
        fmt.writer(glossary, Path(path), tbx_version)
    except OSError as exc:
        raise MtreviewError(f"cannot write: {exc.strerror or exc}", path) from None
