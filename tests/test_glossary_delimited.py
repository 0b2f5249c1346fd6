from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mtreview.errors import MtreviewError
from mtreview.glossary.delimited import join_list, read_delimited, split_list

DATA = Path(__file__).parent / "data" / "glossary-tables"


def test_okapi_csv_trims_and_merges_the_repeated_row() -> None:
    imported = read_delimited(DATA / "okapi-test01.csv")
    assert [(t.source, t.target) for t in imported.glossary.terms] == [
        ("source 1", "target 1"),
        ("source 2", "target 2"),
        ("source 3", "target 3"),
    ]
    assert imported.notices == (
        f"{DATA / 'okapi-test01.csv'}:4: source source 3 listed again (line 3): merged",
    )


def test_utf16_be_tsv_with_blank_lines() -> None:
    terms = read_delimited(DATA / "okapi-test02_utf16be.tsv").glossary.terms
    assert [(t.source, t.target) for t in terms] == [
        ("entry 1", "trans 1"),
        ("source 2", "éßÑ\uffe6 target 2"),
    ]


def test_tico19_header_ids_languages_and_quotes() -> None:
    g = read_delimited(DATA / "tico19-google-zh-CN_en.csv").glossary
    assert len(g) == 50
    assert (g.source_lang, g.target_lang) == ("zh", "en")
    first = g.terms[0]
    assert (first.id, first.source, first.target) == (
        "xx_1151",
        "境外输入病例",
        "Cases imported from overseas",
    )
    quoted = g.by_id()["xx_1158"]
    assert (quoted.source, quoted.target) == ('"三不"原则', '"Three don\'ts" principle')
    assert "x-sourceLang" not in first.extra  # language columns are read, not kept as fields


def _table(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "text", "encoding", "expected"),
    [
        # Xbench: two tab-separated columns, quotation marks as they are
        (
            "x.tsv",
            '"三不"原则\t"Three don\'ts" principle\n两山\ttwo mountains\n',
            "utf-8",
            [('"三不"原则', '"Three don\'ts" principle', ""), ("两山", "two mountains", "")],
        ),
        # a third column is a note
        (
            "x.tsv",
            "两山\ttwo mountains\tshort form\n",
            "utf-8",
            [("两山", "two mountains", "short form")],
        ),
        # Excel's Unicode text: UTF-16 LE with BOM, quotes doubled inside quoted cells
        (
            "x.txt",
            'zh-CN\ten-US\n"""两山"""\t"""Two Mountains"""\n',
            "utf-16-le",
            [('"两山"', '"Two Mountains"', "")],
        ),
        # memoQ: language-named columns, definitions in <language>_Def, other columns kept
        (
            "m.csv",
            "Entry_ID,English_Def,Chinese_PRC,Chinese_PRC_Def,English,Entry_Note\n"
            "7,the two-mountains idea,两山,绿水青山就是金山银山,two mountains,from the demo\n",
            "utf-8",
            [
                (
                    "两山",
                    "two mountains",
                    "from the demo\n绿水青山就是金山银山\nthe two-mountains idea",
                )
            ],
        ),
        # Chinese column names
        (
            "c.csv",
            "中文,英文,备注\n双碳,dual carbon,简称\n",
            "utf-8",
            [("双碳", "dual carbon", "简称")],
        ),
        ("c.csv", "原文,译文\n双碳,dual carbon\n", "utf-8", [("双碳", "dual carbon", "")]),
        # semicolon-separated with a role header
        (
            "s.csv",
            "Source;Target;Comment\n双碳;dual carbon;carbon peaking\n",
            "utf-8",
            [("双碳", "dual carbon", "carbon peaking")],
        ),
        # our own header, with lists
        (
            "o.csv",
            "source,target,variants,forbidden\n双碳,dual carbon,a | b \\| c,double carbon\n",
            "utf-8",
            [("双碳", "dual carbon", "")],
        ),
    ],
)
def test_tables_as_tools_write_them(
    tmp_path: Path, name: str, text: str, encoding: str, expected: list[tuple[str, str, str]]
) -> None:
    g = read_delimited(_table(tmp_path, name, text, encoding)).glossary
    assert [(t.source, t.target, t.note) for t in g.terms] == expected


def test_memoq_languages_id_and_other_columns(tmp_path: Path) -> None:
    text = (
        "Entry_ID,Entry_Subject,Chinese_PRC,English_United_States,English_United_States_Def\n"
        "12,ecology,双碳,dual carbon,carbon peaking and carbon neutrality\n"
    )
    g = read_delimited(_table(tmp_path, "memoq.csv", text)).glossary
    (term,) = g.terms
    assert (g.source_lang, g.target_lang) == ("zh", "en")
    assert (term.id, term.source, term.target) == ("12", "双碳", "dual carbon")
    assert term.note == "carbon peaking and carbon neutrality"
    assert term.extra == {"x-Entry_Subject": "ecology"}


def test_own_columns_lists_and_extras(tmp_path: Path) -> None:
    text = (
        "source,target,variants,forbidden,severity,case_sensitive,status,id,Subject\n"
        "双碳,dual carbon,a | b \\| c,double carbon,critical,yes,proposed,dc,ecology\n"
    )
    (term,) = read_delimited(_table(tmp_path, "o.csv", text)).glossary.terms
    assert term.variants == ("a", "b | c")
    assert term.forbidden == ("double carbon",)
    assert (term.severity, term.case_sensitive, term.status, term.id) == (
        "critical",
        True,
        "proposed",
        "dc",
    )
    assert term.extra == {"x-Subject": "ecology"}


def test_second_target_becomes_a_variant_with_a_notice(tmp_path: Path) -> None:
    path = _table(tmp_path, "d.csv", "两山,two mountains\n两山,Two Hills\n双碳,\n")
    imported = read_delimited(path)
    (term,) = imported.glossary.terms
    assert (term.target, term.variants) == ("two mountains", ("Two Hills",))
    assert imported.notices == (
        f"{path}:2: source 两山 has a second target 'Two Hills' (first 'two mountains' on line 1):"
        " kept as a variant",
        f"{path}:3: skipped: no target term",
    )


@pytest.mark.parametrize("items", [(), ("a",), ("a", "b|c", "d\\"), ("|", "\\|")])
def test_list_cells_round_trip(items: tuple[str, ...]) -> None:
    assert split_list(join_list(items)) == items


def test_undecodable_table_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n\xff\xfe\xfd,c\n")
    with pytest.raises(MtreviewError) as caught:
        read_delimited(path)
    assert caught.value.line == 2


def test_empty_table_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MtreviewError, match="empty table"):
        read_delimited(_table(tmp_path, "e.csv", "\n\n"))


@pytest.mark.parametrize(
    ("encoding", "notice"),
    [
        ("utf-16-le", "read as UTF-16 LE (no BOM)"),
        ("utf-16-be", "read as UTF-16 BE (no BOM)"),
        ("gbk", "not UTF-8: read as GB18030 (GBK)"),
    ],
)
def test_spreadsheet_encodings_without_bom(tmp_path: Path, encoding: str, notice: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("两山,two mountains\n双碳,dual carbon\n".encode(encoding))
    imported = read_delimited(path)
    assert [(t.source, t.target) for t in imported.glossary.terms] == [
        ("两山", "two mountains"),
        ("双碳", "dual carbon"),
    ]
    assert imported.notices == (f"{path}: {notice}",)


MEMOQ_STYLE = (
    "Chinese_PRC,English_United_States,English_United_States,English_United_States_Def,"
    "Chinese_PRC\n"
    "三区三线,three zones and three lines,three areas and three lines,a planning term,三区\n"
    "碳票,carbon ticket,,,\n"
)


def test_memoq_repeated_language_columns_are_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "memoq.csv"
    path.write_text(MEMOQ_STYLE, encoding="utf-8")
    imported = read_delimited(path)
    g = imported.glossary
    assert (g.source_lang, g.target_lang) == ("zh", "en")
    assert [(t.source, t.target, t.variants, t.note) for t in g.terms] == [
        (
            "三区三线",
            "three zones and three lines",
            ("three areas and three lines",),
            "a planning term",
        ),
        # a second Chinese column is a synonym of the source: a term of its own
        (
            "三区",
            "three zones and three lines",
            ("three areas and three lines",),
            "a planning term",
        ),
        ("碳票", "carbon ticket", (), ""),
    ]
    assert not any("x-" in k for t in g.terms for k in t.extra)  # no column left over
