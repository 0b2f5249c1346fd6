"""The registry of corpus formats, chosen by file suffix (or by sniffing the content)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mtreview.corpus import jsonl, tmx, xliff, xliff2, xliff12
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.tsv import read_tsv, write_tsv
from mtreview.corpus.xmlsafe import root_name
from mtreview.errors import MtreviewError

Reader = Callable[[Path], Corpus]
Writer = Callable[[Path, Corpus, Mapping[str, ReviewRecord] | None], None]


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


register(Format("tsv", (".tsv", ".tab", ".txt"), read_tsv, lambda p, c, _r: write_tsv(p, c)))
register(
    Format("tmx", (".tmx",), tmx.read_tmx, tmx.write_tmx, lambda head: root_name(head) == "tmx")
)
register(
    Format(
        "xliff",
        (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff"),
        xliff.read_xliff,
        xliff.write_xliff,
        xliff.is_xliff,
    )
)
# Reachable by name (read_corpus/write_corpus ``fmt=``) and as Corpus.format values.
register(Format("xliff12", (), xliff12.read_xliff12, xliff12.write_xliff12))
register(Format("xliff2", (), xliff2.read_xliff2, xliff2.write_xliff2))
register(
    Format(
        "jsonl",
        (".jsonl", ".ndjson"),
        jsonl.read_jsonl,
        lambda p, c, _r: jsonl.write_jsonl(p, c),
        jsonl.is_jsonl,
    )
)


def format_for(path: str | Path, name: str | None = None) -> Format:
    """Return the format named ``name``, or the one for ``path`` by suffix, then by sniffing.

    Raises:
        MtreviewError: for an unknown format name or a file no format recognises.
    """
    if name is not None:
        if name not in FORMATS:
            raise MtreviewError(f"unknown format {name!r}; known: {', '.join(sorted(FORMATS))}")
        return FORMATS[name]
    p = Path(path)
    suffix = p.suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    try:
        with p.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    for fmt in FORMATS.values():
        if fmt.sniff is not None and fmt.sniff(head):
            return fmt
    known = ", ".join(sorted({s for f in FORMATS.values() for s in f.suffixes}))
    raise MtreviewError(f"unknown corpus format {suffix or '(no suffix)'}; known: {known}", path)


def read_corpus(path: str | Path, fmt_name: str | None = None) -> Corpus:
    """Read a corpus file in any registered format (or the one named ``fmt_name``)."""
    p = Path(path)
    if not p.exists():
        raise MtreviewError("no such file", path)
    fmt = format_for(p, fmt_name)
    if fmt.reader is None:
        raise MtreviewError(f"{fmt.name} files can be written but not read", path)
    return fmt.reader(p)


def write_corpus(
    path: str | Path,
    corpus: Corpus,
    fmt_name: str | None = None,
    reviews: Mapping[str, ReviewRecord] | None = None,
) -> None:
    """Write a corpus in the format its suffix names (or the one named ``fmt_name``).

    A corpus read from XLIFF/TMX/JSONL and written to the same format is written by patching
    its original document (``corpus.document``): only changed targets (and their state) differ,
    locked segments never. ``reviews`` (by segment id) says what the review did, for formats
    that record it (XLIFF, TMX); a changed target without a record counts as edited.
    """
    fmt = format_for(path, fmt_name)
    if fmt.writer is None:
        raise MtreviewError(f"{fmt.name} files can be read but not written", path)
    fmt.writer(Path(path), corpus, reviews)
