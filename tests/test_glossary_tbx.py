from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tbx_schemas import tbx_errors
from test_glossary_roundtrip import LANGS, _glossary, term_lists

from mtreview.errors import MtreviewError
from mtreview.glossary.tbx import format_tbx, parse_tbx, read_tbx

DATA = Path(__file__).parent / "data" / "tbx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3 = "urn:iso:std:iso:30042:ed-2"


def test_ibm_sample_imports_every_term_and_note() -> None:
    imported = read_tbx(DATA / "okapi-ibm_tbx.tbx")
    g = imported.glossary
    assert (g.source_lang, g.target_lang) == ("en", "fr")
    assert g.extra["name"] == "IBM Data"
    assert g.extra["x-tbx-elements"]["productSubset"] == "admin"  # remembered for writing
    assert [(t.id, t.source, t.target) for t in g.terms] == [
        ("c1", "navigation trail", "historique de navigation"),
        ("c1-2", "branch", "historique de navigation"),
        ("c2", "bill acceptor", "accepteur de billets"),
        ("c3", "scheduled operation", "opération planifiée"),
        ("c4", "samples gallery", "galerie d'exemples"),
        ("c5", "front end", "avant-guichet"),
    ]
    c5 = g.terms[-1]
    # a language-level definition is a field of the English section, not the entry's note
    assert c5.note == ""
    assert c5.extra["x-tbx-source"]["definition"] == (
        "The area of a store comprising conventional lanes and IBM lanes with a paystation."
    )
    assert c5.extra["x-subjectField"] == "General"
    c2 = g.terms[2]
    assert c2.extra["x-tbx-source-term"]["context"].startswith("Accepts bill denominations of $1")
    assert c2.extra["x-tbx-source-term"]["partOfSpeech"] == "noun"
    assert c2.extra["x-tbx-target-terms"] == {"accepteur de billets": {"partOfSpeech": "nom"}}
    assert c2.extra["x-tbx-source"] == {
        "productSubset": "Retail Store Solutions",
        "sourceIdentifier": "Translation Services Center",
    }
    assert c2.extra["x-tbx-target"] == {"productSubset": "Retail Store Solutions"}
    assert g.terms[4].extra["x-tbx-target"] == {"sourceIdentifier": "IBM publication"}
    # the two English synonyms of entry c1 remember their entry
    assert g.terms[0].extra["x-tbx-concept"] == g.terms[1].extra["x-tbx-concept"] == "c1"
    # descrip, admin and termNote elements outside administrativeStatus, all carried
    assert imported.notes == 42


def test_oracle_sample_definition_stays_a_definition() -> None:
    imported = read_tbx(DATA / "okapi-test01.tbx")
    (term,) = imported.glossary.terms
    assert (term.id, term.source, term.target) == (
        "eid-Oracle-67",
        "alpha smoothing factor",
        "Alfa simítási tényező",
    )
    assert term.note == ""
    assert term.extra["x-definition"] == "A value between 0 and 1 used in ..."
    assert term.extra["x-subjectField"] == "manufacturing"
    assert imported.notes == 4


def test_windows_1254_declared_encoding_is_honoured() -> None:
    (term,) = read_tbx(DATA / "okapi-test02_win1254.tbx").glossary.terms
    assert term.source == "term with: éá and İı"
    assert term.target == "tr term with: éá and İı"


V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US"><text><body>
<termEntry id="e1">
  <note>policy term</note>
  <langSet xml:lang="en-US">
    <tig><term>three zones and four belts</term>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>three zones and four zones</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>3 zones 4 belts</term>
      <termNote type="normativeAuthorization">preferredTerm</termNote></termGrp></ntig>
    <tig><term>three regions and four zones</term>
      <termNote type="normativeAuthorization">supersededTerm</termNote></tig>
  </langSet>
  <langSet xml:lang="zh-CN"><tig><term>三区四带</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>drei Zonen</term></tig></langSet>
</termEntry>
<termEntry id="e2"><langSet xml:lang="zh-Hans"><tig><term>两山</term></tig></langSet></termEntry>
</body></text></martif>"""


def test_statuses_map_to_target_variants_and_forbidden() -> None:
    imported = parse_tbx(V2.encode(), "t.tbx")
    g = imported.glossary
    assert (g.source_lang, g.target_lang) == ("zh", "en")  # zh-CN, zh-Hans and en-US mapped
    (term,) = g.terms
    assert term.source == "三区四带" and term.target == "3 zones 4 belts"
    assert term.variants == ("three zones and four belts",)
    assert term.forbidden == ("three zones and four zones", "three regions and four zones")
    assert term.note == "policy term"
    # a third language is kept, not dropped; statuses other than the role's usual one are kept
    assert term.extra == {
        "x-term-de": "drei Zonen",
        "x-tbx-target-terms": {
            "3 zones 4 belts": {"normativeAuthorization": "preferredTerm"},
            "three regions and four zones": {"normativeAuthorization": "supersededTerm"},
        },
    }
    assert imported.notices == ("t.tbx:18: skipped: no target term",)


def test_languages_can_be_chosen() -> None:
    g = parse_tbx(V2.encode(), "t.tbx", source_lang="zh", target_lang="de").glossary
    assert [(t.source, t.target) for t in g.terms] == [("三区四带", "drei Zonen")]


V3_DCT = """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic"
     type="TBX-Basic" style="dct" xml:lang="en">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c9">
  <basic:subjectField>ecology</basic:subjectField>
  <langSec xml:lang="zh"><termSec><term>双碳</term></termSec></langSec>
  <langSec xml:lang="en">
    <basic:definition>peaking and neutrality</basic:definition>
    <termSec><term>dual carbon</term>
      <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
    <termSec><term>double carbon</term>
      <basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
  </langSec>
</conceptEntry></body></text></tbx>"""


def test_tbx_v3_dct_style() -> None:
    (term,) = parse_tbx(V3_DCT.encode(), "t.tbx").glossary.terms
    assert (term.id, term.source, term.target, term.forbidden) == (
        "c9",
        "双碳",
        "dual carbon",
        ("double carbon",),
    )
    assert term.note == ""
    assert term.extra["x-subjectField"] == "ecology"
    assert term.extra["x-tbx-target"] == {"definition": "peaking and neutrality"}


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"<martif><text><body>\n<termEntry>\n</body></martif>", "not well-formed XML", 3),
        (b"<xliff version='1.2'/>", "not a TBX file", 1),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<martif><text><body/></text></martif>",
            "declares XML entities",
            1,
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<martif><text><body/></text></martif>",
            "declares XML entities",
            1,
        ),
    ],
)
def test_bad_or_unsafe_xml_is_refused_with_its_line(data: bytes, message: str, line: int) -> None:
    with pytest.raises(MtreviewError) as caught:
        parse_tbx(data, "bad.tbx")
    assert message in caught.value.message
    assert caught.value.line == line


def test_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "SECRET">', encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "{secret.as_uri()}">'
        '<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>两山</term></tig>'
        '</langSet><langSet xml:lang="en"><tig><term>two &leak;</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    ).encode()
    imported = parse_tbx(data, "t.tbx")
    assert "SECRET" not in imported.glossary.terms[0].target


# --- writing: entries, fields and statuses kept apart, and the output schema-valid -------------

SAMPLES = sorted(DATA.glob("*.tbx"))


def _shape(glossary):
    return [
        (t.id, t.source, t.target, t.variants, t.forbidden, t.note, t.extra) for t in glossary.terms
    ]


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_samples_write_schema_valid_tbx_that_reads_back_the_same(
    sample: Path, version: int
) -> None:
    original = read_tbx(sample).glossary
    data = format_tbx(original, version)
    assert tbx_errors(data) == []
    assert _shape(parse_tbx(data, "out.tbx").glossary) == _shape(original)


def test_ibm_target_admin_and_part_of_speech_stay_apart() -> None:
    data = format_tbx(read_tbx(DATA / "okapi-ibm_tbx.tbx").glossary, 2)
    root = etree.fromstring(data)
    for admin in root.iter("admin"):
        assert len(admin) == 0  # no <termNote> swallowed by an <admin>, as before
    fr = [ls for ls in root.iter("langSet") if ls.get(XML_LANG) == "fr"]
    assert [ls.find("admin").text if ls.find("admin") is not None else None for ls in fr] == [
        "Servers: eServer xSeries",
        "Retail Store Solutions",
        None,
        "IBM publication",
        "Retail Store Solutions",
    ]
    notes = root.findall(
        ".//langSet[@{http://www.w3.org/XML/1998/namespace}lang='fr']/tig/termNote"
    )
    assert [n.text for n in notes if n.get("type") == "partOfSpeech"] == ["nom"] * 5
    # the file's own data categories need TBX-Default: it is declared so, not as TBX-Basic
    assert root.get("type") == "TBX"


def test_synonyms_stay_one_entry() -> None:
    data = format_tbx(read_tbx(DATA / "okapi-ibm_tbx.tbx").glossary, 3)
    root = etree.fromstring(data)
    entries = root.findall(f".//{{{TBX3}}}conceptEntry")
    assert [e.get("id") for e in entries] == ["c1", "c2", "c3", "c4", "c5"]
    english = [t.text for t in entries[0].iter(f"{{{TBX3}}}term")]
    assert english == ["navigation trail", "branch", "historique de navigation"]


NOTES = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="zh"><text><body>
<termEntry id="sq">
  <descrip type="definition">peaking CO2 before 2030, neutrality before 2060</descrip>
  <note>entry note</note>
  <langSet xml:lang="zh"><tig><term>双碳</term><note>term note</note></tig></langSet>
  <langSet xml:lang="en">
    <tig><term>dual carbon</term></tig>
    <tig><term>double carbon</term>
      <termNote type="normativeAuthorization">notRecommended</termNote></tig>
    <tig><term>two carbons</term>
      <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
    <tig><term>carbon twins</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry></body></text></martif>"""


@pytest.mark.parametrize("version", [2, 3])
def test_definition_notes_and_statuses_survive_a_round_trip(version: int) -> None:
    (term,) = parse_tbx(NOTES.encode(), "n.tbx").glossary.terms
    assert term.note == "entry note"
    assert term.extra["x-definition"] == "peaking CO2 before 2030, neutrality before 2060"
    assert term.extra["x-tbx-source-term"] == {"note": "term note"}
    assert term.forbidden == ("double carbon", "two carbons", "carbon twins")
    assert term.extra["x-tbx-target-terms"] == {
        "double carbon": {"normativeAuthorization": "notRecommended"},
        "two carbons": {"administrativeStatus": "supersededTerm-admn-sts"},
    }
    data = format_tbx(parse_tbx(NOTES.encode(), "n.tbx").glossary, version)
    assert tbx_errors(data) == []
    (again,) = parse_tbx(data, "again.tbx").glossary.terms
    assert (again.note, again.forbidden, again.extra) == (term.note, term.forbidden, term.extra)
    statuses = [n.text for n in etree.fromstring(data).iter() if n.get("type") in _STATUSES]
    # superseded stays superseded; notRecommended is TBX-Default's, so v3 (TBX-Basic) writes
    # "deprecated" and keeps the exact value in the mtreview note
    expected_v2 = ["notRecommended", "supersededTerm-admn-sts", "deprecatedTerm-admn-sts"]
    expected_v3 = ["deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecatedTerm-admn-sts"]
    assert statuses[-3:] == (expected_v2 if version == 2 else expected_v3)


_STATUSES = {"administrativeStatus", "normativeAuthorization"}


def test_the_validator_rejects_the_old_corruption() -> None:
    broken = (
        (DATA / "okapi-ibm_tbx.tbx")
        .read_bytes()
        .replace(
            b'<admin type="productSubset">Retail Store Solutions</admin>\n                    <ntig>',
            b'<admin type="productSubset">Retail Store Solutions'
            b'<termNote type="partOfSpeech">nom</termNote></admin>\n                    <ntig>',
            1,
        )
    )
    assert broken != (DATA / "okapi-ibm_tbx.tbx").read_bytes()
    assert any("admin" in e for e in tbx_errors(broken))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_lists(typed_extras=True), LANGS, st.sampled_from([2, 3]))
def test_any_glossary_writes_schema_valid_tbx(terms, langs, version: int) -> None:
    data = format_tbx(_glossary(terms, langs), version)
    assert tbx_errors(data) == []
