"""Plain exports (.txt, .tsv) and the languages of corpora that do not name them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.cli import main
from mtreview.corpus.formats import read_corpus, write_corpus
from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.corpus.tsv import format_tsv, read_tsv
from mtreview.glossary.load import load_glossary
from mtreview.review import ReviewService, export_project, load_inputs

DATA = Path(__file__).parent / "data" / "formats"
CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from(list("\t\n\r\"',;\\ 三")),
    max_size=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=5))
def test_tsv_cells_read_back_exactly_with_pythons_csv(rows: list[tuple[str, str, str]]) -> None:
    text = format_tsv(("id", "source", "target"), rows)
    back = list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab"))
    assert back == [["id", "source", "target"], *[list(r) for r in rows]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5))
def test_corpus_tsv_round_trip(tmp_path_factory, rows: list[tuple[str, str]]) -> None:
    # ids must be non-empty and unique; CR alone is a line end in a text file, so not in a cell
    segments = tuple(
        Segment(f"p{i}", s.replace("\r", ""), t.replace("\r", "")) for i, (s, t) in enumerate(rows)
    )
    path = tmp_path_factory.mktemp("tsv") / "c.tsv"
    write_corpus(path, Corpus(segments, str(path), "zh", "en"))
    back = read_tsv(path)
    assert [(s.id, s.source, s.target) for s in back.segments] == [
        (s.id, s.source, s.target) for s in segments
    ]


def test_a_cell_that_only_starts_with_a_quote_is_text(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text('id\tsource\ttarget\np1\t"双碳" 目标\t"dual carbon" goal\n', encoding="utf-8")
    (seg,) = read_tsv(path).segments
    assert (seg.source, seg.target) == ('"双碳" 目标', '"dual carbon" goal')


TAB = InlineCode("\ue000", "standalone", "1", '<ph id="1">&lt;mq:ch val="&amp;#9;" /&gt;</ph>')
BOLD = InlineCode("\ue001", "open", "2", '<bpt id="2">&lt;b&gt;</bpt>', "<2>")
UNBOLD = InlineCode("\ue002", "close", "2", '<ept id="2">&lt;/b&gt;</ept>', "</2>")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "g.yaml").write_text("source_lang: zh\ntarget_lang: en\nterms: []\n", "utf-8")
    seg = Segment(
        "p1", "甲\ue000\ue001乙\ue002", 'a\ue000\ue001"b"\ue002\tc\nd', codes=(TAB, BOLD, UNBOLD)
    )
    corpus = Corpus((seg,), str(tmp_path / "c.jsonl"), "zh", "en", format="jsonl")
    glossary = load_glossary(tmp_path / "g.yaml")
    service = ReviewService.create(tmp_path / "c.mtreview", corpus, glossary, "ana")
    service.close()
    return tmp_path / "c.mtreview"


def test_plain_exports_write_codes_as_their_text(project: Path, tmp_path: Path) -> None:
    export_project(project, tmp_path / "out.txt")
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert text == 'a\t"b"\tc d\n'  # the tab code is a tab; bold has no text; a line: one line
    export_project(project, tmp_path / "out.tsv")
    with (tmp_path / "out.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-tab"))
    assert rows == [
        ["id", "source", "target", "mt"],
        ["p1", "甲\t乙", 'a\t"b"\tc\nd', 'a\t"b"\tc\nd'],
    ]
    assert not any(0xE000 <= ord(c) <= 0xF8FF for c in (tmp_path / "out.tsv").read_text("utf-8"))


# --- languages ------------------------------------------------------------------------------------


def test_tsv_and_jsonl_languages_are_unknown_unless_the_file_says(tmp_path: Path) -> None:
    plain = tmp_path / "a.tsv"
    plain.write_text("id\tsource\ttarget\np1\t双碳\tdual carbon\n", encoding="utf-8")
    assert (read_tsv(plain).source_lang, read_tsv(plain).target_lang) == ("", "")
    named = tmp_path / "b.tsv"
    named.write_text(
        "id\tsource\ttarget\tsource_lang\ttarget_lang\np1\tzwei\tdeux\tde\tfr\n", encoding="utf-8"
    )
    assert (read_tsv(named).source_lang, read_tsv(named).target_lang) == ("de", "fr")
    lines = tmp_path / "c.jsonl"
    lines.write_text(json.dumps({"id": 1, "source": "a", "target": "b"}) + "\n", "utf-8")
    assert (read_corpus(lines).source_lang, read_corpus(lines).target_lang) == ("", "")


@pytest.mark.parametrize(
    ("languages", "expected"), [((None, None), ("de", "fr")), (("ja", None), ("ja", "fr"))]
)
def test_languages_come_from_the_flag_else_the_glossary(
    tmp_path: Path, languages: tuple[str | None, str | None], expected: tuple[str, str]
) -> None:
    corpus = tmp_path / "a.tsv"
    corpus.write_text("id\tsource\ttarget\np1\tzwei\tdeux\n", encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: de\ntarget_lang: fr\nterms: []\n", encoding="utf-8")
    loaded, _ = load_inputs(corpus, glossary, languages=languages)
    assert (loaded.source_lang, loaded.target_lang) == expected


def test_check_flag_names_a_tsv_corpus_language(tmp_path: Path) -> None:
    corpus = tmp_path / "a.tsv"
    corpus.write_text("id\tsource\ttarget\np1\tzwei\tdeux\n", encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: de\ntarget_lang: fr\nterms: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(corpus), "-g", str(glossary), "--source-lang", "zh"]
    )
    # the corpus now says zh, the glossary de: the mismatch is told, not hidden
    assert result.exit_code == 0, result.output  # a warning: the check still runs
    assert "source language is 'zh' but the glossary's is 'de'" in result.stderr


def test_xliff_written_from_tsv_carries_the_glossary_languages(tmp_path: Path) -> None:
    corpus = tmp_path / "a.tsv"
    corpus.write_text("id\tsource\ttarget\np1\tzwei\tdeux\n", encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("source_lang: de\ntarget_lang: fr\nterms: []\n", encoding="utf-8")
    loaded, _ = load_inputs(corpus, glossary)
    write_corpus(tmp_path / "o.xlf", dataclasses.replace(loaded, path=None))
    back = read_corpus(tmp_path / "o.xlf")
    assert (back.source_lang, back.target_lang) == ("de", "fr")


def test_a_quoted_sentence_is_text_not_a_quoted_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.tsv"
    path.write_text('id\tsource\ttarget\np8\t“推动”\t"We will promote it."\n', encoding="utf-8")
    (seg,) = read_tsv(path).segments
    assert seg.target == '"We will promote it."'
    write_corpus(tmp_path / "o.tsv", read_tsv(path))
    assert read_tsv(tmp_path / "o.tsv").segments[0].target == '"We will promote it."'


@pytest.mark.parametrize(
    ("escaped", "refused"),
    [
        ("\\ud800", True),  # a high half alone
        ("\\udfff x", True),  # a low half alone
        ("\\ude00\\ud83d", True),  # both halves, the wrong way round
        ("\\ud83d\\ude00", False),  # a pair: one character (an emoji)
        ("caf\\u00e9", False),
    ],
)
def test_jsonl_lone_surrogate_escape_is_one_line_exit_2(
    tmp_path: Path, escaped: str, refused: bool
) -> None:
    """json reads "\\ud800" as a lone surrogate, which no output can encode: the check crashed
    with a traceback (exit 1) when it fingerprinted the issue. Refused as bad input now."""
    corpus = tmp_path / "c.jsonl"
    line = '{"id": "1", "source": "碳票", "target": "carbon ' + escaped + ' stamp"}\n'
    corpus.write_text('{"id": "0", "source": "好", "target": "good"}\n' + line, encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("terms:\n  - {source: 碳票, target: carbon ticket}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(corpus), "-g", str(glossary)])
    if refused:
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"mtreview: error: {corpus}:2: a lone surrogate escape (\\ud800-\\udfff without "
            "its pair) is no character\n"
        )
    else:
        assert result.exit_code == 0, result.stderr
        assert "1 issue (1 term-missing)" in result.stdout
