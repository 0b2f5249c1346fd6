"""XLIFF of any version behind one reader and writer: the version is sniffed from the file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mtreview.corpus import xliff2, xliff12
from mtreview.corpus.model import Corpus, ReviewRecord
from mtreview.corpus.textio import read_bytes
from mtreview.corpus.xmlsafe import parse_xml, root_name
from mtreview.corpus.xmltree import local
from mtreview.errors import MtreviewError


def is_xliff(head: bytes) -> bool:
    """Whether a document's first bytes show an ``<xliff>`` root element."""
    return root_name(head) == "xliff"


def read_xliff(path: str | Path) -> Corpus:
    """Read XLIFF 1.x or 2.x, telling them apart by the namespace and ``version``.

    Raises:
        MtreviewError: for a malformed or unsafe document, or one that is not XLIFF.
    """
    data = read_bytes(path)
    doc = parse_xml(data, path)
    root = doc.tree.getroot()
    if local(root) != "xliff":
        raise MtreviewError(f"not an XLIFF file: the root element is <{local(root)}>", path, 1)
    namespace = root.nsmap.get(root.prefix) or ""
    version = root.get("version") or ""
    if ":document:2." in namespace or version.startswith("2"):
        return xliff2.read_document(data, path, doc)
    return xliff12.read_document(data, path, doc)


def write_xliff(
    path: str | Path, corpus: Corpus, reviews: Mapping[str, ReviewRecord] | None = None
) -> None:
    """Write XLIFF in the version the corpus was read from (1.2 for other corpora).

    ``reviews`` says what the review did to each segment (see the version's writer).
    """
    if corpus.format == "xliff2":
        xliff2.write_xliff2(path, corpus, reviews)
    else:
        xliff12.write_xliff12(path, corpus, reviews)
