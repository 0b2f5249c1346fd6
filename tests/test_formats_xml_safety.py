"""Safe XML parsing: entities refused, no network, encodings from BOM and declaration."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mtreview.corpus.formats import format_for, read_corpus
from mtreview.errors import MtreviewError

UNIT = '<trans-unit id="u1"><source>三区四带</source><target>three zones</target></trans-unit>'
XLIFF = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file source-language="zh-CN" target-language="en-US" original="a" datatype="plaintext">'
    f"<body>{UNIT}</body></file></xliff>"
)
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "aaaaaaaaaa">\n'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n' + XLIFF.replace("三区四带", "&c;")
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + XLIFF.replace("三区四带", "&x;")
)
REMOTE_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/never.dtd">\n' + XLIFF
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, ":2: the DTD declares XML entities (<!ENTITY>): refused for safety"),
        (XXE, ":2: the DTD declares XML entities (<!ENTITY>): refused for safety"),
        ("", ": empty file: expected an XML document"),
        ("<xliff><file></xliff>", ":1: not well-formed XML: Opening and ending tag mismatch"),
        ('<xliff version="1.2"><x>&nbsp;</x></xliff>', ":1: not well-formed XML: Entity 'nbsp'"),
        ("<tmx/>", ":1: not an XLIFF file: the root element is <tmx>"),
    ],
    ids=["bomb", "external-entity", "empty", "mismatch", "undefined-entity", "wrong-root"],
)
def test_unsafe_or_malformed_xml_is_refused(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "in.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MtreviewError) as info:
        read_corpus(path)
    assert str(info.value).startswith(f"{path}{message}")
    assert "\n" not in str(info.value)


def test_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    # Port 9 on localhost refuses connections: a fetch would fail the parse; it must not happen.
    path = tmp_path / "in.xlf"
    path.write_text(REMOTE_DTD, encoding="utf-8")
    assert read_corpus(path).segments[0].source == "三区四带"


@pytest.mark.parametrize(
    ("encoding", "bom", "declared"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", codecs.BOM_UTF8, "UTF-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
        ("utf-16-le", b"", "UTF-16"),
        ("gb18030", b"", "GB18030"),
    ],
)
def test_encodings_from_bom_and_declaration(
    encoding: str, bom: bytes, declared: str, tmp_path: Path
) -> None:
    text = f'<?xml version="1.0" encoding="{declared}"?>\n{XLIFF}\n'
    path = tmp_path / "in.xlf"
    path.write_bytes(bom + text.encode(encoding))
    corpus = read_corpus(path)
    assert (corpus.segments[0].source, corpus.source_lang, corpus.target_lang) == (
        "三区四带",
        "zh-CN",
        "en-US",
    )
    from mtreview.corpus.formats import write_corpus

    write_corpus(tmp_path / "out.xlf", corpus)
    assert (tmp_path / "out.xlf").read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.xml", '<?xml version="1.0"?>\n<!-- c -->\n<tmx version="1.4"><body/></tmx>', "tmx"),
        ("a.xml", XLIFF, "xliff"),
        ("a", '{"id": "1", "source": "三", "target": "three"}\n', "jsonl"),
        ("a.sdlxliff", XLIFF, "xliff"),
        ("a.mqxliff", XLIFF, "xliff"),
        ("a.ndjson", "{}", "jsonl"),
    ],
)
def test_format_by_suffix_or_sniffing(name: str, content: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert format_for(path).name == fmt


def test_unknown_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text("<html/>", encoding="utf-8")
    with pytest.raises(MtreviewError, match=r"unknown corpus format \.xml"):
        read_corpus(path)
