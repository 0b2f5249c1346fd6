"""Real CAT-tool jobs: locked units, protected spans and the review written back in the tool's terms.

Samples are in tests/data/formats (see its README for where each comes from). Variants of them
made here (a lock added to a real memoQ/Trados unit) change one attribute and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from mtreview.corpus.formats import read_corpus, write_corpus
from mtreview.corpus.model import Corpus, InlineCode, ReviewRecord, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.load import load_glossary
from mtreview.glossary.yaml_io import parse_glossary
from mtreview.review import ReviewService, run_check

DATA = Path(__file__).parent / "data" / "formats"
TRADOS = DATA / "xliff12/okapi-trados-TS09-12-Test01.xlf"
MEMOQ = DATA / "xliff12/okapi-memoq-MQ-12-Test01.xlf"
SWORDFISH = DATA / "xliff12/okapi-SF-12-Test02.xlf"
OASIS = DATA / "xliff2/oasis-testTranslateWithTarget.xlf"
SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
WHEN = "2026-01-31T09:15:00.000+00:00"


def _glossary(src: str, tgt: str, terms: str = "[]"):
    return parse_glossary(f"source_lang: {src}\ntarget_lang: {tgt}\nterms: {terms}\n")


def _variant(tmp_path: Path, sample: Path, old: str, new: str) -> Path:
    data = sample.read_bytes()
    assert data.count(old.encode()) >= 1
    out = tmp_path / sample.name
    out.write_bytes(data.replace(old.encode(), new.encode(), 1))
    return out


# --- locked units -------------------------------------------------------------------------------


def test_trados_locked_units_are_not_checked() -> None:
    corpus = read_corpus(TRADOS)
    locked = {s.id for s in corpus.segments if s.locked}
    assert len(locked) == 22  # every translate="no" unit
    issues = run_check(corpus, _glossary("en", "de")).issues
    assert not [i for i in issues if i.segment in locked]
    # the 18 empty targets left are real: segments still to translate
    assert Counter(i.check for i in issues) == {"empty-target": 18}


@pytest.mark.parametrize(
    ("sample", "old", "new", "locked_id"),
    [
        (MEMOQ, '<trans-unit id="3" ', '<trans-unit id="3" mq:locked="locked" ', "3"),
        (
            TRADOS,
            '<sdl:seg id="2" />',
            '<sdl:seg id="2" locked="true" />',
            "8429933a-9174-4e1d-837e-6ccbb442e012#2",
        ),
        (SWORDFISH, 'id="About.1" ', 'id="About.1" translate="no" ', "About.1"),
    ],
    ids=["memoq-mq:locked", "trados-sdl:seg-locked", "xliff12-translate-no"],
)
def test_tool_locks(tmp_path: Path, sample: Path, old: str, new: str, locked_id: str) -> None:
    path = _variant(tmp_path, sample, old, new)
    corpus = read_corpus(path)
    assert [s.id for s in corpus.segments if s.locked and s.id == locked_id] == [locked_id]
    before = sum(s.locked for s in read_corpus(sample).segments)
    assert sum(s.locked for s in corpus.segments) == before + 1


def test_group_translate_no_is_inherited_and_a_unit_can_override_it(tmp_path: Path) -> None:
    path = tmp_path / "g.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="zh" target-language="en" datatype="plaintext" original="g"><body>'
        '<group translate="no"><trans-unit id="a"><source>甲</source><target>A</target>'
        '</trans-unit><trans-unit id="b" translate="yes"><source>乙</source><target>B</target>'
        '</trans-unit></group><trans-unit id="c"><source>丙</source></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    assert [(s.id, s.locked) for s in read_corpus(path).segments] == [
        ("a", True),
        ("b", False),
        ("c", False),
    ]


def test_xliff2_translate_is_inherited_and_sm_spans_cross_segments() -> None:
    corpus = read_corpus(OASIS).by_id()
    # unit 1 translate="no"; unit 2 in a translate="yes" group, with <sm translate="no"/> in its
    # first segment closed by <em/> in its third: the second lies wholly inside
    assert [k for k, s in corpus.items() if s.locked] == ["1#s1", "1#s2", "1#s3", "2#2"]
    first, third = corpus["2#1"], corpus["2#3"]
    assert [c.label for c in first.codes if c.protected] == ["<1>"]
    assert [c.label for c in third.codes if c.protected] == ["</1>"]


def test_locked_segments_are_never_written(tmp_path: Path) -> None:
    corpus = read_corpus(TRADOS)
    changed = tuple(dataclasses.replace(s, target="GEÄNDERT") for s in corpus.segments)
    out = tmp_path / "out.sdlxliff"
    write_corpus(out, dataclasses.replace(corpus, segments=changed))
    again = read_corpus(out)
    original = corpus.by_id()
    for seg in again.segments:
        expected = original[seg.id].target if seg.locked else "GEÄNDERT"
        assert seg.target == expected, seg.id


# --- protected spans ----------------------------------------------------------------------------

PROTECTED = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
    'source-language="zh" target-language="en" datatype="plaintext" original="p"><body>'
    '<trans-unit id="1"><source>点击<mrk mtype="protected" mid="m1">双碳 Save</mrk>按钮</source>'
    '<target>Click <mrk mtype="protected" mid="m1">双碳 Save</mrk> button</target></trans-unit>'
    "</body></file></xliff>"
)


def test_protected_spans_are_not_checked_and_cannot_be_changed(tmp_path: Path) -> None:
    path = tmp_path / "p.xlf"
    path.write_text(PROTECTED, encoding="utf-8")
    corpus = read_corpus(path)
    glossary = _glossary("zh", "en", "[{source: 双碳, target: dual carbon}]")
    result = run_check(corpus, glossary)
    assert result.issues == []  # the term and the Chinese inside the span are not checked
    assert result.results[0].occurrences == ()
    (seg,) = corpus.segments
    edited = dataclasses.replace(seg, target=seg.target.replace("button", "key"))
    write_corpus(tmp_path / "ok.xlf", dataclasses.replace(corpus, segments=(edited,)))
    assert "Click <mrk" in (tmp_path / "ok.xlf").read_text(encoding="utf-8")
    broken = dataclasses.replace(seg, target=seg.target.replace("Save", "Store"))
    with pytest.raises(MtreviewError, match="protected span was changed"):
        write_corpus(tmp_path / "no.xlf", dataclasses.replace(corpus, segments=(broken,)))
    assert not (tmp_path / "no.xlf").exists()


# --- the review written back --------------------------------------------------------------------


def _review(path: Path, seg_id: str, status: str, edited: bool, target: str | None = None):
    corpus = read_corpus(path)
    seg = corpus.by_id()[seg_id]
    seg = dataclasses.replace(seg, target=target if target is not None else seg.target)
    record = ReviewRecord(seg_id, status, edited, "ana", WHEN, ("term checked",))
    return dataclasses.replace(corpus, segments=(seg,)), {seg_id: record}


def _attrs(data: bytes, tag: str, **match: str) -> dict[str, str]:
    root = etree.fromstring(data)
    el = next(e for e in root.iter(tag) if all(e.get(k) == v for k, v in match.items()))
    return dict(el.attrib)


def test_xliff12_confirmed_sets_signed_off_and_approved(tmp_path: Path) -> None:
    corpus, reviews = _review(SWORDFISH, "About.0", "confirmed", True, "Acerca de…")
    out = tmp_path / "o.xlf"
    write_corpus(out, corpus, reviews=reviews)
    unit = etree.fromstring(out.read_bytes()).find(f".//{XLF}trans-unit[@id='About.0']")
    assert unit.get("approved") == "yes"
    assert unit.find(f"{XLF}target").get("state") == "signed-off"
    note = unit.find(f"{XLF}note")
    assert (note.get("from"), note.text) == ("ana", "term checked")
    # the note stands with the unit's XLIFF content, before <alt-trans> extensions follow it
    names = [etree.QName(c).localname for c in unit if isinstance(c.tag, str)]
    assert names[-1] == "note" and names.index("note") > names.index("target")


@pytest.mark.parametrize(("confirmed", "state"), [(["3#0"], None), (["3#0", "3#1"], "signed-off")])
def test_a_unit_is_signed_off_only_when_all_its_segments_are(
    tmp_path: Path, confirmed: list[str], state: str | None
) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-segmented.xlf")
    reviews = {i: ReviewRecord(i, "confirmed", False, "ana", WHEN) for i in confirmed}
    out = tmp_path / "o.xlf"
    write_corpus(out, corpus, reviews=reviews)
    unit = etree.fromstring(out.read_bytes()).find(".//trans-unit[@id='3']")  # no namespace
    assert unit.find("target").get("state") == state
    assert unit.get("approved") == ("yes" if state else None)


def test_a_units_notes_are_from_its_last_reviewer(tmp_path: Path) -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-segmented.xlf")
    later = "2026-02-01T08:00:00.000+00:00"
    reviews = {
        "3#1": ReviewRecord("3#1", "confirmed", False, "bo", later, ("two",)),
        "3#0": ReviewRecord("3#0", "confirmed", False, "ana", WHEN, ("one",)),
    }
    out = tmp_path / "o.xlf"
    write_corpus(out, corpus, reviews=reviews)
    unit = etree.fromstring(out.read_bytes()).find(".//trans-unit[@id='3']")
    assert [(n.get("from"), n.text) for n in unit.iter("note")] == [("bo", "one"), ("bo", "two")]


def test_xliff12_edit_clears_stale_approval_and_qualifier(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        SWORDFISH,
        '<target state="needs-review-translation" xml:lang="es">Acerca de...',
        '<target state="final" state-qualifier="exact-match" xml:lang="es">Acerca de...',
    )
    corpus, reviews = _review(path, "About.0", "todo", True, "Acerca de…")
    out = tmp_path / "o.xlf"
    write_corpus(out, corpus, reviews=reviews)
    unit = etree.fromstring(out.read_bytes()).find(f".//{XLF}trans-unit[@id='About.0']")
    assert "approved" not in unit.attrib  # it was approved="yes": no longer true
    target = unit.find(f"{XLF}target")
    assert target.get("state") == "translated" and "state-qualifier" not in target.attrib


def test_memoq_status_and_times(tmp_path: Path) -> None:
    corpus, reviews = _review(MEMOQ, "3", "confirmed", True, "Fenêtre principale")
    out = tmp_path / "o.mqxliff"
    write_corpus(out, corpus, reviews=reviews)
    attrs = _attrs(out.read_bytes(), f"{XLF}trans-unit", id="3")
    assert attrs["{MQXliff}status"] == "Reviewer1Confirmed"
    assert attrs["{MQXliff}reviewer1committimestamp"] == "2026-01-31T09:15:00Z"
    assert attrs["{MQXliff}lastchangedtimestamp"] == "2026-01-31T09:15:00Z"
    assert "state" not in _attrs(out.read_bytes(), f"{XLF}target")  # memoQ's own status only
    edited, reviews = _review(MEMOQ, "4", "todo", True)
    write_corpus(out, edited, reviews=reviews)
    assert _attrs(out.read_bytes(), f"{XLF}trans-unit", id="4")["{MQXliff}status"] == (
        "PartiallyEdited"
    )


@pytest.mark.parametrize(
    ("status", "edited", "conf"),
    [("confirmed", True, "ApprovedTranslation"), ("todo", True, "Draft")],
)
def test_trados_confirmation_levels(tmp_path: Path, status: str, edited: bool, conf: str) -> None:
    seg_id = "22bfcddb-0d5f-4493-b630-1a7bae84fd29#1"  # a TM match: origin="tm", 100%
    corpus, reviews = _review(TRADOS, seg_id, status, edited, "Erste Schritte!")
    out = tmp_path / "o.sdlxliff"
    write_corpus(out, corpus, reviews=reviews)
    seg = etree.fromstring(out.read_bytes()).find(f".//{SDL}seg[@id='1']")
    assert seg.get("conf") == conf
    assert (seg.get("origin"), seg.get("percent")) == ("interactive", None)
    prev = seg.find(f"{SDL}prev-origin")  # the match it was, kept as Trados keeps it
    assert (prev.get("origin"), prev.get("percent")) == ("tm", "100")
    values = {v.get("key"): v.text for v in seg.iter(f"{SDL}value")}
    assert values["modified_by"] == "ana" and values["modified_on"] == "01/31/2026 09:15:00"


def test_trados_confirm_without_edit_keeps_the_match(tmp_path: Path) -> None:
    seg_id = "22bfcddb-0d5f-4493-b630-1a7bae84fd29#1"
    corpus, reviews = _review(TRADOS, seg_id, "confirmed", False)
    out = tmp_path / "o.sdlxliff"
    write_corpus(out, corpus, reviews=reviews)
    seg = etree.fromstring(out.read_bytes()).find(f".//{SDL}seg[@id='1']")
    assert (seg.get("conf"), seg.get("origin"), seg.get("percent")) == (
        "ApprovedTranslation",
        "tm",
        "100",
    )


def test_phrase_confirmation_takes_the_job_level(tmp_path: Path) -> None:
    path = tmp_path / "job.mxliff"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
        'xmlns:m="http://www.memsource.com/mxlf/2.0" version="1.2" m:level="2">'
        '<file original="d.docx" source-language="zh-CN" target-language="en-US"><body>'
        '<group id="0"><trans-unit id="T:0" m:confirmed="0" m:locked="false">'
        "<source>双碳</source><target>double carbon</target></trans-unit></group>"
        '<group id="1"><trans-unit id="T:1" m:confirmed="2" m:locked="true">'
        "<source>两山</source><target>two mountains</target></trans-unit></group>"
        "</body></file></xliff>",
        encoding="utf-8",
    )
    corpus = read_corpus(path)
    assert [s.locked for s in corpus.segments] == [False, True]
    corpus, reviews = _review(path, "T:0", "confirmed", True, "dual carbon")
    write_corpus(path, corpus, reviews=reviews)
    attrs = _attrs(path.read_bytes(), f"{XLF}trans-unit", id="T:0")
    assert attrs["{http://www.memsource.com/mxlf/2.0}confirmed"] == "2"


def test_xliff2_state_and_notes(tmp_path: Path) -> None:
    corpus, reviews = _review(DATA / "xliff2/okapi-test01.xlf", "tu1#1", "confirmed", True, "X")
    out = tmp_path / "o.xlf"
    write_corpus(out, corpus, reviews=reviews)
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    unit = etree.fromstring(out.read_bytes()).find(f".//{ns}unit[@id='tu1']")
    segment = unit.find(f"{ns}segment")
    assert segment.get("state") == "reviewed" and "subState" not in segment.attrib
    note = unit.find(f"{ns}notes/{ns}note")
    assert (note.text, note.get("appliesTo")) == ("term checked", "target")
    assert next(etree.QName(c).localname for c in unit) == "notes"  # notes come first


def test_tmx_change_date_id_and_note(tmp_path: Path) -> None:
    path = DATA / "tmx/okapi-Paragraph_TM.tmx"
    first = read_corpus(path).segments[0]
    corpus, reviews = _review(path, first.id, "confirmed", True, "Neu.")
    out = tmp_path / "o.tmx"
    write_corpus(out, corpus, reviews=reviews)
    root = etree.fromstring(out.read_bytes())
    tu = next(root.iter("tu"))
    tuv = [t for t in tu if t.tag == "tuv"][-1]
    assert (tuv.get("changedate"), tuv.get("changeid")) == ("20260131T091500Z", "ana")
    tags = [c.tag for c in tu]
    assert tags.index("note") < tags.index("tuv")  # notes and props come before the variants
    assert tu.find("note").text == "term checked"


# --- a whole review: project to CAT file, read by translate-toolkit -------------------------------


def test_project_export_carries_statuses_comments_and_locks(tmp_path: Path) -> None:
    translate = pytest.importorskip("translate.storage.xliff")
    corpus = read_corpus(TRADOS)
    (tmp_path / "g.yaml").write_text("source_lang: en\ntarget_lang: de\nterms: []\n", "utf-8")
    glossary = load_glossary(tmp_path / "g.yaml")
    service = ReviewService.create(tmp_path / "p.mtreview", corpus, glossary, "ana")
    pos = service.pos_of["8429933a-9174-4e1d-837e-6ccbb442e012#2"]
    service.edit(pos, "Einen Standort finden")
    service.confirm(pos)
    service.close()
    out = tmp_path / "reviewed.sdlxliff"
    service = ReviewService.open(tmp_path / "p.mtreview", "ana")
    service.export(out)
    service.close()
    seg = etree.fromstring(out.read_bytes()).find(f".//{SDL}seg[@id='2']")
    assert seg.get("conf") == "ApprovedTranslation"
    assert {v.get("key"): v.text for v in seg.iter(f"{SDL}value")}["modified_by"] == "ana"
    store = translate.xlifffile.parsestring(out.read_bytes())
    targets = {u.getid().split("\x04")[-1]: u.target for u in store.units}
    assert targets["8429933a-9174-4e1d-837e-6ccbb442e012"] == "Einen Standort finden"
    # every byte outside the reviewed unit is the original's
    original = TRADOS.read_bytes().splitlines()
    written = out.read_bytes().splitlines()
    assert len(original) == len(written)
    assert sum(a != b for a, b in zip(original, written, strict=True)) == 1


@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_translate_toolkit_reads_our_new_files(tmp_path: Path, suffix: str) -> None:
    storage = pytest.importorskip("translate.storage.factory")
    segs = (
        Segment("p1", "双碳 \ue000目标\ue001", "dual carbon \ue000goal\ue001", codes=PAIR),
        Segment("p2", "两山", "two mountains", locked=True),
    )
    corpus = Corpus(segs, "c.jsonl", "zh", "en", format="jsonl")
    reviews = {"p1": ReviewRecord("p1", "confirmed", True, "ana", WHEN, ("ok",))}
    out = tmp_path / f"out{suffix}"
    write_corpus(out, corpus, reviews=reviews)
    store = storage.getobject(str(out))
    units = [u for u in store.units if u.source]
    assert [u.source for u in units] == ["双碳 目标", "两山"]
    assert [u.target for u in units] == ["dual carbon goal", "two mountains"]
    if suffix == ".xlf":
        assert units[0].isapproved() and not units[1].isapproved()
        assert "ok" in units[0].getnotes()
        assert read_corpus(out).by_id()["p2"].locked  # translate="no" written and read back
    else:
        assert "ok" in units[0].getnotes()


PAIR = (
    InlineCode("\ue000", "open", "1", '<g id="1">', "<1>"),
    InlineCode("\ue001", "close", "1", "</g>", "</1>"),
)
