"""Real files from other tools (tests/data/formats, copied from the shared samples)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from mtreview.corpus.formats import read_corpus, write_corpus
from mtreview.errors import MtreviewError

DATA = Path(__file__).parent / "data" / "formats"

# file, format, segments, source language, target language. Segment counts were checked by
# hand against the files: one per <trans-unit>/<tu>/<segment>, one per <mrk mtype="seg">.
SAMPLES = [
    ("xliff12/dotnet-format-Resources.zh-Hans.xlf", "xliff12", 82, "en", "zh-Hans"),
    ("xliff12/okapi-3LevelGTags.xlf", "xliff12", 1, "de", "it"),
    ("xliff12/okapi-cdata-Typo3Draft.xlf", "xliff12", 6, "EN", "DE"),
    ("xliff12/okapi-memoq-MQ-12-Test01.xlf", "xliff12", 119, "en", "fr"),
    ("xliff12/okapi-segmented.xlf", "xliff12", 3, "en", "de"),
    ("xliff12/okapi-trados-TS09-12-Test01.xlf", "xliff12", 45, "en", "de"),
    ("xliff2/okapi-escaped.xlf", "xliff2", 1, "en", "fr"),
    ("xliff2/okapi-test01.xlf", "xliff2", 5, "en", "fr"),
    ("tmx/okapi-Paragraph_TM.tmx", "tmx", 7, "en-us", "de-de"),
    ("tmx/okapi-compkit-ImportTest1A-utf16.tmx", "tmx", 2, "en-us", "fr-ca"),
    ("tmx/okapi-compkit-ImportTest2A.tmx", "tmx", 7, "en-us", "fr-ca"),
    ("tmx/okapi-header_with_prop_and_note.tmx", "tmx", 1, "en-us", "fr"),
    ("tmx/okapi-html_test.tmx", "tmx", 11, "EN-US", "FR-FR"),
    ("tmx/tico19-en-zh.tmx", "tmx", 3071, "en", "zh"),
]
NAMES = [s[0] for s in SAMPLES]


def _raw_units(path: Path) -> int:
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    names = {"trans-unit", "tu", "unit"}
    return sum(
        1 for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname in names
    )


def _shape(corpus):
    return [(s.id, s.source, s.target, s.codes) for s in corpus.segments]


@pytest.mark.parametrize(("name", "fmt", "count", "src", "tgt"), SAMPLES, ids=NAMES)
def test_sample_opens(name: str, fmt: str, count: int, src: str, tgt: str) -> None:
    corpus = read_corpus(DATA / name)
    assert (corpus.format, len(corpus), corpus.source_lang, corpus.target_lang) == (
        fmt,
        count,
        src,
        tgt,
    )
    assert len(corpus) >= _raw_units(DATA / name)  # every unit, plus extra marked segments
    assert len({s.id for s in corpus.segments}) == len(corpus)
    for seg in corpus.segments:
        chars = {c.char for c in seg.codes}
        assert len(chars) == len(seg.codes)
        assert chars <= set(seg.source) | set(seg.target)


@pytest.mark.parametrize("name", NAMES)
def test_unchanged_write_is_byte_identical(name: str, tmp_path: Path) -> None:
    corpus = read_corpus(DATA / name)
    out = tmp_path / Path(name).name
    write_corpus(out, corpus)
    assert out.read_bytes() == (DATA / name).read_bytes()


def _without_targets(data: bytes, fmt: str, target_lang: str) -> list:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        lang = el.get("{http://www.w3.org/XML/1998/namespace}lang", "")
        if name == "target" or (
            fmt == "tmx" and name == "tuv" and lang.lower() == target_lang.lower()
        ):
            el.getparent().remove(el)
        elif name == "segment" and fmt == "xliff2":
            el.attrib.pop("state", None)
            el.attrib.pop("subState", None)  # stale once the state changes (XLIFF 2 spec)
        elif el.tag == "{http://sdl.com/FileTypes/SdlXliff/1.0}seg":
            for name in ("conf", "origin", "origin-system", "percent", "text-match"):
                el.attrib.pop(name, None)  # Trados's own segment state and match data
            for child in el:
                if etree.QName(child).localname == "prev-origin" or child.get("key") in (
                    "modified_on",
                    "modified_by",
                ):
                    el.remove(child)
        elif name == "trans-unit":
            for name in ("{MQXliff}status", "{MQXliff}lastchangedtimestamp"):
                el.attrib.pop(name, None)  # memoQ's own segment state
    return _canon(root)


def _canon(el) -> tuple:
    text = (el.text or "").strip()
    tail = (el.tail or "").strip()
    attrs = sorted(el.attrib.items()) if isinstance(el.tag, str) else []
    return (el.tag, attrs, text, tail, [_canon(c) for c in el])


@pytest.mark.parametrize("name", NAMES)
def test_reviewed_targets_round_trip_and_nothing_else_changes(name: str, tmp_path: Path) -> None:
    corpus = read_corpus(DATA / name)
    reviewed = tuple(
        s if s.locked else dataclasses.replace(s, target=f'{s.target} 已审 <b>"x" & y</b>\t')
        for s in corpus.segments
    )
    out = tmp_path / Path(name).name
    write_corpus(out, dataclasses.replace(corpus, segments=reviewed))
    again = read_corpus(out)
    assert _shape(again) == [(s.id, s.source, s.target, s.codes) for s in reviewed]
    before = _without_targets((DATA / name).read_bytes(), corpus.format, corpus.target_lang)
    after = _without_targets(out.read_bytes(), corpus.format, corpus.target_lang)
    assert before == after


def test_changed_xliff12_target_gets_state(tmp_path: Path) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-segmented.xlf")
    first = dataclasses.replace(corpus.segments[0], target="Neu.")
    write_corpus(tmp_path / "o.xlf", dataclasses.replace(corpus, segments=(first,)))
    text = (tmp_path / "o.xlf").read_text(encoding="utf-8")
    assert '<target xml:lang="de-DE" state="translated"><mrk mid="0" mtype="seg">Neu.</mrk>' in text
    # the other unit is untouched, byte for byte
    original = (DATA / "xliff12/okapi-segmented.xlf").read_text(encoding="utf-8")
    assert original.splitlines()[17] == text.splitlines()[17]


def test_missing_targets_are_created(tmp_path: Path) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-trados-TS09-12-Test01.xlf")
    by_id = corpus.by_id()
    seg = by_id["0dddf689-db8b-44b5-9a46-a17e090ab624#5"]
    assert seg.target == ""
    reviewed = dataclasses.replace(seg, target="Kabel fernhalten.")
    write_corpus(tmp_path / "o.sdlxliff", dataclasses.replace(corpus, segments=(reviewed,)))
    again = read_corpus(tmp_path / "o.sdlxliff").by_id()
    assert again[seg.id].target == "Kabel fernhalten."
    assert again["0dddf689-db8b-44b5-9a46-a17e090ab624#4"].target == ""


def test_malformed_sample_is_refused_with_one_line() -> None:
    path = DATA / "xliff12/okapi-invalid_xml_entity.xlf"
    with pytest.raises(MtreviewError) as info:
        read_corpus(path)
    assert (
        str(info.value)
        == f"{path}:8: not well-formed XML: character U+0003 is not allowed in XML 1.0"
    )


def test_tico_sample_carries_english_source_and_chinese_target() -> None:
    corpus = read_corpus(DATA / "tmx/tico19-en-zh.tmx")
    first = corpus.segments[0]
    assert (first.id, first.source, first.target) == (
        "CMU_1:1",
        "about how long have these symptoms been going on?",
        "这些症状已持续多长时间？",
    )


def test_trados_confirmation_level_follows_the_review(tmp_path: Path) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-trados-TS09-12-Test01.xlf")
    seg = corpus.by_id()["8429933a-9174-4e1d-837e-6ccbb442e012#2"]
    reviewed = dataclasses.replace(seg, target="Einen Standort finden")
    write_corpus(tmp_path / "o.sdlxliff", dataclasses.replace(corpus, segments=(reviewed,)))
    text = (tmp_path / "o.sdlxliff").read_text(encoding="utf-8-sig")
    # edited, not confirmed: Trados's "Draft", typed by a person ("interactive")
    assert '<sdl:seg id="2" conf="Draft" origin="interactive">' in text
    assert 'text-match="SourceAndTarget"' in text  # other units' definitions untouched


def test_cdata_target_stays_cdata(tmp_path: Path) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-cdata-Typo3Draft.xlf")
    seg = corpus.by_id()["4"]
    reviewed = dataclasses.replace(seg, target="Ein Satz mit <b>fettem</b> Wort.")
    write_corpus(tmp_path / "o.xlf", dataclasses.replace(corpus, segments=(reviewed,)))
    text = (tmp_path / "o.xlf").read_text(encoding="utf-8")
    assert "><![CDATA[Ein Satz mit <b>fettem</b> Wort.]]></xlf:target>" in text
    assert read_corpus(tmp_path / "o.xlf").by_id()["4"].target == reviewed.target
