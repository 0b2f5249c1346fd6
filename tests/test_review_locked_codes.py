"""Locked segments and inline codes in a review project: what the service refuses, in one line.

A locked unit (the Trados sample's translate="no" units) is kept in the project, shown, and
every action on it is refused; a target's inline codes may be moved by a reviewer but never
lost, doubled, invented or mis-nested, and no automatic fix drops or moves one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_helpers import legacy_project, query_in_new_process

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.load import load_glossary
from mtreview.glossary.model import Glossary
from mtreview.review import ReviewService
from mtreview.review.store_schema import SCHEMA_VERSION
from mtreview.scoring.config import parse_config
from mtreview.scoring.engine import Checker

TRADOS = Path(__file__).parent / "data/formats/xliff12/okapi-trados-TS09-12-Test01.xlf"
CODES = (
    InlineCode("\ue000", "open", "1", '<g id="1">', "<1>"),
    InlineCode("\ue001", "close", "1", "</g>", "</1>"),
    InlineCode("\ue002", "standalone", "2", '<x id="2"/>', "<2/>"),
    InlineCode("\ue003", "open", "3", '<g id="3">', "<3>"),
    InlineCode("\ue004", "close", "3", "</g>", "</3>"),
    InlineCode("\ue005", "standalone", "4", '<x id="4"/>', "<4/>"),  # in neither text
)
SOURCE = "点击\ue000保存\ue001按钮\ue002，\ue003完成\ue004"
TARGET = "Click \ue000Save\ue001\ue002, \ue003done\ue004"


def _glossary(tmp_path: Path, src: str, tgt: str) -> Glossary:
    path = tmp_path / "g.yaml"
    path.write_text(f"source_lang: {src}\ntarget_lang: {tgt}\nterms: []\n", encoding="utf-8")
    return load_glossary(path)


@pytest.fixture
def trados(tmp_path: Path) -> ReviewService:
    corpus = read_corpus(TRADOS)
    path = tmp_path / "t.mtreview"
    ReviewService.create(path, corpus, _glossary(tmp_path, "en", "de"), "ana").close()
    service = ReviewService.open(path, "ana")
    yield service
    service.close()


def _locked_pos(service: ReviewService) -> int:
    locked = [p for p in range(len(service.ids)) if service.state(p).locked]
    assert len(locked) == 22  # every translate="no" unit of the sample, kept by the project
    return locked[0]


@pytest.mark.parametrize(
    "act",
    [
        lambda s, p: s.edit(p, "geändert"),
        lambda s, p: s.confirm(p),
        lambda s, p: s.ignore(p, "f" * 16),
        lambda s, p: s.apply_fix(p, "f" * 16),
    ],
    ids=["edit", "confirm", "ignore", "fix"],
)
def test_every_action_on_a_locked_segment_is_refused(trados: ReviewService, act) -> None:
    pos = _locked_pos(trados)
    before = query_in_new_process(trados.path, "SELECT COUNT(*) FROM actions")
    with pytest.raises(MtreviewError, match=r"is locked in the source file") as refused:
        act(trados, pos)
    assert "\n" not in str(refused.value)
    assert query_in_new_process(trados.path, "SELECT COUNT(*) FROM actions") == before
    state = trados.state(pos)
    assert (state.target, state.status) == (read_corpus(TRADOS).segments[pos].target, "todo")


def test_the_list_marks_locked_segments(trados: ReviewService) -> None:
    pos = _locked_pos(trados)
    assert trados.row(pos).locked
    free = next(p for p in range(len(trados.ids)) if not trados.state(p).locked)
    assert not trados.row(free).locked


def test_locked_segments_stay_unchecked_after_a_re_check(trados: ReviewService) -> None:
    # the export carries them unchanged (tests/test_review_writeback.py); here: not checked
    assert trados.state(_locked_pos(trados)).issues == ()


def test_a_legacy_project_opens_with_nothing_locked(tmp_path: Path) -> None:
    path = legacy_project(tmp_path)
    service = ReviewService.open(path, "ana")
    try:
        assert not any(service.row(p).locked for p in range(len(service.ids)))
        service.confirm(0)  # and actions work as before
    finally:
        service.close()
    assert query_in_new_process(path, "PRAGMA user_version") == [[SCHEMA_VERSION]]
    assert query_in_new_process(path, "SELECT DISTINCT locked FROM segments") == [[0]]


def test_a_schema_3_project_gains_the_column(tmp_path: Path) -> None:
    corpus = Corpus((Segment("a", "你好", "hello", locked=True),), "c.jsonl", "zh", "en")
    path = tmp_path / "p.mtreview"
    ReviewService.create(path, corpus, _glossary(tmp_path, "zh", "en"), "ana").close()
    assert query_in_new_process(path, "SELECT locked FROM segments") == [[1]]
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE segments DROP COLUMN locked")  # back to schema 3: what came after
    db.execute("DROP INDEX actions_segment")
    db.execute("DROP TABLE check_summaries")
    db.execute("DROP INDEX term_segments_pos")
    db.execute("DROP TABLE corpus_issues")
    db.execute("DROP TABLE shared_issues")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    service = ReviewService.open(path, "ana")
    service.close()
    assert query_in_new_process(path, "SELECT locked FROM segments") == [[0]]


# --- inline codes -------------------------------------------------------------------------------


@pytest.fixture
def coded(tmp_path: Path) -> ReviewService:
    corpus = Corpus((Segment("s1", SOURCE, TARGET, codes=CODES),), "c.jsonl", "zh", "en")
    path = tmp_path / "c.mtreview"
    ReviewService.create(path, corpus, _glossary(tmp_path, "zh", "en"), "ana").close()
    service = ReviewService.open(path, "ana")
    yield service
    service.close()


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("Click Save\ue001\ue002, \ue003done\ue004", "code <1> is missing"),
        ("Click \ue000Save\ue001, \ue003done\ue004", "code <2/> is missing"),
        ("Click \ue000Save\ue001\ue002\ue002, \ue003done\ue004", "code <2/> appears 2 times"),
        ("Click \ue000Save\ue001\ue002\ue005, \ue003done\ue004", "code <4/> is not in the source"),
        ("Click \ue001Save\ue000\ue002, \ue003done\ue004", "code </1> comes before its opening"),
        ("Click \ue000Save\ue003\ue001\ue002, done\ue004", "code </1> closes across <3>"),
    ],
    ids=["lost-pair", "lost-standalone", "doubled", "invented", "close-first", "crossing"],
)
def test_an_edit_that_breaks_codes_is_refused(
    coded: ReviewService, target: str, refusal: str
) -> None:
    with pytest.raises(MtreviewError, match=f"segment s1: {refusal}"):
        coded.edit(0, target)
    assert coded.state(0).target == TARGET
    assert query_in_new_process(coded.path, "SELECT COUNT(*) FROM actions") == [[0]]


def test_a_reviewer_may_move_codes_and_restore_a_missing_one(tmp_path: Path) -> None:
    moved = "\ue003Done\ue004: click \ue002\ue000Save\ue001"
    corpus = Corpus(
        (Segment("s1", SOURCE, "Click Save, done", codes=CODES[:5]),), "c.jsonl", "zh", "en"
    )
    path = tmp_path / "m.mtreview"
    ReviewService.create(path, corpus, _glossary(tmp_path, "zh", "en"), "ana").close()
    service = ReviewService.open(path, "ana")
    try:
        assert [i.check for i in service.state(0).issues].count("tag-mismatch") == 5
        state = service.edit(0, moved)  # every code put back, in a new order
        assert state.target == moved
        assert [i.check for i in state.issues if i.check == "tag-mismatch"] == []
        state = service.edit(0, "\ue003Done\ue004: click \ue000Save\ue001\ue002")
        assert state.target.endswith("\ue002")
    finally:
        service.close()


FIXES = r"""
[[checks.custom]]
name = "hello"
target = 'Hello.*?world'
fix = "Hello world"
message = "say it shorter"

[[checks.custom]]
name = "swap"
target = '(\S)(=)'
fix = '\2\1'
message = "equals first"
"""


@pytest.mark.parametrize(
    ("target", "fixed"),
    [
        ("Hello there world", {"custom:hello": "Hello world"}),
        ("Hello \ue002 world", {"custom:hello": None}),  # would delete <2/>
        ("a= b", {"custom:swap": "=a b"}),
        ("a\ue002= b", {"custom:swap": None}),  # would move <2/>
    ],
)
def test_no_fix_drops_or_moves_a_code(target: str, fixed: dict[str, str | None]) -> None:
    config = parse_config(FIXES, "mtreview.toml")
    segment = Segment("s", "你好" + "\ue002", target, codes=CODES)
    result = Checker(Glossary((), "zh", "en"), config).check_corpus([segment])
    got = {
        i.check: (i.fix.apply(target) if i.fix else None)
        for i in result.issues
        if i.check.startswith("custom:")
    }
    assert got == fixed


def test_the_list_preview_shows_tokens(coded: ReviewService) -> None:
    assert coded.row(0).preview == "Click <1>Save</1><2/>, <3>done</3>"
    coded.edit(0, "\ue003Done\ue004: click \ue000Save\ue001\ue002")
    assert coded.row(0).preview == "<3>Done</3>: click <1>Save</1><2/>"


@pytest.mark.parametrize(
    ("source", "target", "fixed"),
    [
        # a pair wrapping the whole text is put back around it
        ("\ue000输入\ue001", "Input list", ["\ue000Input list\ue001"] * 2),
        # a standalone code at an end goes to the same end (inside the whitespace)
        ("文本\ue002", "Text. ", ["Text.\ue002 "]),
        ("\ue002文本", " Text", [" \ue002Text"]),
        # beside a code it touches in the source
        (
            "点\ue000击\ue001\ue002按钮",
            "Click \ue000here\ue001 button",
            ["Click \ue000here\ue001\ue002 button"],
        ),
        # the place is not plain: no fix
        ("点\ue000击\ue001按钮", "Click here button", [None, None]),
        # one of a pair: put back where it nests
        ("\ue000输入\ue001", "Input \ue001list", ["\ue000Input \ue001list"]),
    ],
    ids=["pair", "end", "start", "beside", "unplain", "one-of-pair"],
)
def test_a_missing_code_comes_with_a_fix_where_its_place_is_plain(
    source: str, target: str, fixed: list[str | None]
) -> None:
    segment = Segment("s", source, target, codes=CODES)
    result = Checker(Glossary((), "zh", "en")).check_corpus([segment])
    got = [
        i.fix.apply(target) if i.fix else None
        for i in result.issues
        if i.check == "tag-mismatch" and "missing" in i.message
    ]
    assert got == fixed


def test_the_tag_fix_applies_through_the_service(tmp_path: Path) -> None:
    corpus = Corpus((Segment("s1", "\ue000输入\ue001", "Input list", codes=CODES),), "c.jsonl")
    path = tmp_path / "f.mtreview"
    ReviewService.create(path, corpus, _glossary(tmp_path, "zh", "en"), "ana").close()
    service = ReviewService.open(path, "ana")
    try:
        issue = service.state(0).issues[0]
        state = service.apply_fix(0, issue.fingerprint)
        assert state.target == "\ue000Input list\ue001"
        assert [i.check for i in state.issues] == []
    finally:
        service.close()
