"""Glossary files by suffix: YAML (the native format), TBX, CSV and TSV, read and written.

A registry like the corpus formats': each format names its suffixes, a reader returning an
:class:`~mtreview.glossary.merge.Imported`, a writer and a test of a file's first bytes, used
for a suffix no format claims (``.xml``, none): a TBX root element, a YAML glossary's keys,
else a table.
"""

from __future__ import annotations

import re
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
    sniff: Callable[[str], bool] = lambda head: False


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


_YAML_KEY = re.compile(r"^(source_lang|target_lang|terms|name|description)\s*:", re.M)
_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)


def _looks_delimited(head: str) -> bool:
    """Text whose first line has a tab, comma or semicolon, and no NUL (binary) character."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    return "\0" not in head and any(sep in first for sep in "\t,;")


register(
    GlossaryFormat(
        "tbx",
        (".tbx",),
        read_tbx,
        write_tbx,
        lambda head: bool(
            re.match(r"<(\w+:)?(martif|tbx)[\s>]", _PROLOG.sub("", head[:2000]).lstrip())
        ),
    )
)
register(
    GlossaryFormat(
        "yaml",
        (".yaml", ".yml"),
        _read_yaml,
        _write_yaml,
        lambda head: bool(_YAML_KEY.search(head)),
    )
)
register(
    GlossaryFormat(
        "delimited",
        (".csv", ".tsv", ".tab", ".txt"),
        read_delimited,
        lambda glossary, path, _version: write_delimited(glossary, path),
        _looks_delimited,
    )
)


def format_for(path: str | Path, sniff: bool = False) -> GlossaryFormat:
    """The format of a glossary file, by its suffix (or, with ``sniff``, its content).

    Raises:
        MtreviewError: for a suffix no format claims (and, with ``sniff``, a missing file).
    """
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    if sniff:
        head = _head(path)
        for fmt in FORMATS.values():
            if fmt.sniff(head):
                return fmt
    known = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise MtreviewError(
        f"unknown glossary format {suffix or '(no suffix)'!r} (known: {known})", path
    )


def _head(path: str | Path) -> str:
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(4096)
    except FileNotFoundError:
        raise MtreviewError("no such file", path) from None
    except OSError as exc:
        raise MtreviewError(f"cannot read: {exc.strerror}", path) from None
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    return data.decode("utf-8", "replace")


def read_any(
    path: str | Path, source_lang: str | None = None, target_lang: str | None = None
) -> Imported:
    """Read a glossary in any registered format: by suffix, else by its content."""
    return format_for(path, sniff=True).reader(Path(path), source_lang, target_lang)


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
