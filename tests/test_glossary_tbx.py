from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import MtreviewError
from mtreview.glossary.tbx import parse_tbx, read_tbx

DATA = Path(__file__).parent / "data" / "tbx"


def test_ibm_sample_imports_every_term_and_note() -> None:
    imported = read_tbx(DATA / "okapi-ibm_tbx.tbx")
    g = imported.glossary
    assert (g.source_lang, g.target_lang) == ("en", "fr")
    assert g.extra == {"name": "IBM Data"}
    assert [(t.id, t.source, t.target) for t in g.terms] == [
        ("c1", "navigation trail", "historique de navigation"),
        ("c1-2", "branch", "historique de navigation"),
        ("c2", "bill acceptor", "accepteur de billets"),
        ("c3", "scheduled operation", "opération planifiée"),
        ("c4", "samples gallery", "galerie d'exemples"),
        ("c5", "front end", "avant-guichet"),
    ]
    c5 = g.terms[-1]
    assert c5.note == (
        "The area of a store comprising conventional lanes and IBM lanes with a paystation."
    )
    assert c5.extra["x-subjectField"] == "General"
    c2 = g.terms[2]
    assert c2.extra["x-context"].startswith("Accepts bill denominations of $1")
    assert c2.extra["x-partOfSpeech"] == "noun" and c2.extra["x-target-partOfSpeech"] == "nom"
    assert g.terms[4].extra["x-target-sourceIdentifier"] == "IBM publication"
    # descrip, admin and termNote elements outside administrativeStatus, all carried
    assert imported.notes == 42


def test_oracle_sample_definition_becomes_note() -> None:
    imported = read_tbx(DATA / "okapi-test01.tbx")
    (term,) = imported.glossary.terms
    assert (term.id, term.source, term.target) == (
        "eid-Oracle-67",
        "alpha smoothing factor",
        "Alfa simítási tényező",
    )
    assert term.note == "A value between 0 and 1 used in ..."
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
    assert term.extra == {"x-term-de": "drei Zonen"}  # a third language is kept, not dropped
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
    assert term.note == "peaking and neutrality"
    assert term.extra == {"x-subjectField": "ecology"}


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
