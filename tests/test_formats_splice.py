"""Write-back splices the review into the original bytes; encodings that lie are refused."""

from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.corpus.formats import read_corpus, write_corpus
from mtreview.corpus.splice import scan
from mtreview.errors import MtreviewError
from mtreview.glossary.tbx import parse_tbx

DATA = Path(__file__).parent / "data" / "formats"

ODD = (
    "<?xml version='1.0' encoding='utf-8'?>{nl}"
    "<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>{nl}"
    "<file source-language='zh' target-language='en'{nl}      datatype='plaintext' original='o'>"
    "<body>{nl}"
    "<trans-unit id='1'{nl}   resname=\"a\" ><source>双碳</source><target>double carbon</target>"
    "</trans-unit>{nl}"
    "<trans-unit\tid='2'><source>两山&#x4E00;</source><target>two &quot;mountains&quot;</target>"
    "</trans-unit>{nl}"
    "</body></file></xliff>{nl}"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr-only"])
def test_only_the_changed_target_differs(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "odd.xlf"
    original = ODD.format(nl=newline).encode("utf-8")
    path.write_bytes(original)
    corpus = read_corpus(path)
    first = dataclasses.replace(corpus.segments[0], target="dual carbon")
    out = tmp_path / "out.xlf"
    write_corpus(out, dataclasses.replace(corpus, segments=(first,)))
    expected = original.replace(
        b"<target>double carbon</target>", b'<target state="translated">dual carbon</target>'
    )
    assert out.read_bytes() == expected  # split start tags, quotes, references, line ends kept
    assert [s.target for s in read_corpus(out).segments] == ["dual carbon", 'two "mountains"']


def test_unchanged_write_is_byte_identical_even_when_lxml_would_differ(tmp_path: Path) -> None:
    path = tmp_path / "odd.xlf"
    path.write_bytes(ODD.format(nl="\r").encode("utf-8"))
    out = tmp_path / "out.xlf"
    write_corpus(out, read_corpus(path))
    assert out.read_bytes() == path.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_each_changed_segment_changes_only_its_own_target(tmp_path_factory, data) -> None:
    sample = DATA / "xliff12/okapi-SF-12-Test02.xlf"
    corpus = read_corpus(sample)
    with_target = [i for i, s in enumerate(corpus.segments) if s.target]  # (a new one adds lines)
    picked = data.draw(st.sets(st.sampled_from(with_target), min_size=1, max_size=4))
    segs = tuple(
        dataclasses.replace(s, target=f"{s.target} ✓") if i in picked else s
        for i, s in enumerate(corpus.segments)
    )
    out = tmp_path_factory.mktemp("w") / "o.xlf"
    write_corpus(out, dataclasses.replace(corpus, segments=segs))
    old = sample.read_bytes().decode("utf-8-sig").splitlines()
    new = out.read_bytes().decode("utf-8-sig").splitlines()
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    # per unit: its target, and its start tag (an edit drops the stale approved="yes")
    assert len(changed) <= 2 * len(picked)
    assert all("<target" in new[i] or "<trans-unit" in new[i] for i in changed)
    assert all("approved=" not in new[i] for i in changed if "<trans-unit" in new[i])


def test_scan_finds_every_element() -> None:
    text = "<a x='>'><!-- <b> --><b/><![CDATA[<c>]]><?pi <d>?><e>t</e></a>"
    spans = scan(text)
    assert spans is not None
    assert [(text[a:b], text[c:d]) for a, b, c, d in spans] == [
        ("<a x='>'>", "</a>"),
        ("<b/>", ""),
        ("<e>", "</e>"),
    ]
    assert scan("<a><b></a>") is None


# --- encodings ----------------------------------------------------------------------------------

LIE = (
    '<?xml version="1.0" encoding="{declared}"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
    'source-language="zh" target-language="en" datatype="plaintext" original="x"><body>'
    '<trans-unit id="1"><source>双碳 éè</source><target>dual carbon</target></trans-unit>'
    "</body></file></xliff>"
)


@pytest.mark.parametrize(
    ("declared", "data", "says"),
    [
        ("ISO-8859-1", LIE.format(declared="ISO-8859-1").encode("utf-8"), "the bytes are UTF-8"),
        ("windows-1252", LIE.format(declared="windows-1252").encode("utf-8"), "are UTF-8"),
        ("UTF-16", LIE.format(declared="UTF-16").encode("utf-8"), "the bytes are 8-bit"),
        (
            "ISO-8859-1",
            codecs.BOM_UTF8 + LIE.format(declared="ISO-8859-1").encode("utf-8"),
            "byte order mark says UTF-8",
        ),
    ],
)
def test_a_lying_declaration_is_refused(tmp_path: Path, declared: str, data: bytes, says: str):
    path = tmp_path / "lie.xlf"
    path.write_bytes(data)
    with pytest.raises(MtreviewError) as caught:
        read_corpus(path)
    assert says in str(caught.value) and caught.value.line == 1
    assert f"encoding='{declared}'" in str(caught.value)


def test_an_honest_declaration_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.xlf"
    text = LIE.format(declared="ISO-8859-1").replace("双碳 ", "")
    path.write_bytes(text.encode("latin-1"))
    assert read_corpus(path).segments[0].source == "éè"


def test_a_lying_tbx_is_refused() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="zh"><tig><term>双碳</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>dual carbon</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    ).encode()
    with pytest.raises(MtreviewError, match="the bytes are UTF-8"):
        parse_tbx(data, "lie.tbx")
