"""The registry of corpus formats, chosen by file suffix (or by sniffing the content)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtreview.corpus.model import Corpus
from mtreview.corpus.tsv import read_tsv, write_tsv
from mtreview.errors import MtreviewError

Reader = Callable[[Path], Corpus]
Writer = Callable[[Path, Corpus], None]


@dataclass(frozen=True, slots=True)
class Format:
    """A corpus format: its name, suffixes and reader/writer."""

    name: str
    suffixes: tuple[str, ...]
    reader: Reader | None
    writer: Writer | None
    sniff: Callable[[bytes], bool] | None = None


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Add a format to the registry (a later registration of the same name replaces it)."""
    FORMATS[fmt.name] = fmt


register(Format("tsv", (".tsv", ".tab", ".txt"), read_tsv, write_tsv))


def format_for(path: str | Path) -> Format:
    """Return the format for ``path``, by suffix first and then by sniffing its first bytes."""
    p = Path(path)
    suffix = p.suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    try:
        head = p.read_bytes()[:4096]
    except OSError:
        head = b""
    for fmt in FORMATS.values():
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt
    known = ", ".join(sorted({s for f in FORMATS.values() for s in f.suffixes}))
    raise MtreviewError(f"unknown corpus format {suffix or '(no suffix)'}; known: {known}", path)


def read_corpus(path: str | Path) -> Corpus:
    """Read a corpus file in any registered format."""
    p = Path(path)
    if not p.exists():
        raise MtreviewError("no such file", path)
    fmt = format_for(p)
    if fmt.reader is None:
        raise MtreviewError(f"{fmt.name} files can be written but not read", path)
    return fmt.reader(p)


def write_corpus(path: str | Path, corpus: Corpus) -> None:
    """Write a corpus in the format its suffix names."""
    fmt = format_for(path)
    if fmt.writer is None:
        raise MtreviewError(f"{fmt.name} files can be read but not written", path)
    fmt.writer(Path(path), corpus)
