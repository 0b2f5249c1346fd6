from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtreview.corpus.model import Corpus, Segment
from mtreview.errors import MtreviewError
from mtreview.scoring.issues import Fix, Issue
from mtreview.scoring.mqm import DEFAULT_WEIGHTS, mqm_score, parse_weights, word_count
from mtreview.scoring.review_data import RecordedFix, apply_suggested_fixes, from_corpus
from mtreview.scoring.review_files import format_fixes, load_review, read_fixes, read_targets

CORPUS = Corpus(
    (
        Segment("a", "源一", "one", "ref one"),
        Segment("b", "源二", "two", None),
        Segment("c", "源三", "three", "ref three"),
    ),
    "corpus.tsv",
)


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("uno\ndos\ntres\n", "reviewed", {"a": "uno", "b": "dos", "c": "tres"}),
        ("uno\r\ndos\r\ntres", "reference", {"a": "uno", "b": "dos", "c": "tres"}),
        ("id\ttarget\nb\tdos\n", "reviewed", {"b": "dos"}),
        ("id\tsource\treviewed\nc\t源\ttres\na\t源\tuno\n", "reviewed", {"c": "tres", "a": "uno"}),
        ("id\treference\n\nb\tref two\n", "reference", {"b": "ref two"}),
        ("\ufeffid\ttarget\na\t<b>&amp;</b>\n", "reference", {"a": "<b>&amp;</b>"}),
    ],
)
def test_read_targets(tmp_path: Path, text: str, role: str, expected: dict[str, str]) -> None:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    assert read_targets(path, CORPUS, role) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("uno\ndos\n", r"t.txt:3: has 2 lines but the corpus has 3 segments"),
        ("uno\ndos\ntres\ncuatro\n", r"t.txt:4: has 4 lines"),
        ("id\ttarget\nz\tzeta\n", r"t.txt:2: segment 'z' is not in the corpus"),
        ("id\ttarget\na\tx\na\ty\n", r"t.txt:3: segment 'a' given twice"),
        ("id\ttarget\na\tx\ty\n", r"t.txt:2: expected 2 tab-separated columns, found 3"),
    ],
)
def test_read_targets_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MtreviewError, match=message):
        read_targets(path, CORPUS, "reviewed")


def test_load_review_combines_the_files(tmp_path: Path) -> None:
    (tmp_path / "rev.txt").write_text("one\nTWO\nthree\n", encoding="utf-8")
    (tmp_path / "ref.tsv").write_text("id\treference\nb\tref two\n", encoding="utf-8")
    data = load_review(CORPUS, reviewed=tmp_path / "rev.txt", reference=tmp_path / "ref.tsv")
    assert [(s.mt, s.reviewed, s.reference) for s in data.segments] == [
        ("one", "one", None),
        ("two", "TWO", "ref two"),
        ("three", "three", None),
    ]
    assert [s.changed for s in data.segments] == [False, True, False]
    own = load_review(CORPUS)
    assert [s.reference for s in own.segments] == ["ref one", None, "ref three"]
    assert own.has_reference and not data.segments[0].changed


fix_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30
)
fixes = st.builds(
    RecordedFix,
    segment=st.sampled_from(["a", "b", "c"]),
    kind=st.sampled_from(["apply-fix", "edit"]),
    before=fix_text,
    after=fix_text,
    reviewer=fix_text,
    time=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
    severity=st.none() | st.sampled_from(["minor", "major", "critical"]),
    issue=st.none() | st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
)


@given(st.lists(fixes, max_size=6))
def test_fix_log_round_trip(
    tmp_path_factory: pytest.TempPathFactory, items: list[RecordedFix]
) -> None:
    path = tmp_path_factory.mktemp("fixes") / "fixes.jsonl"
    path.write_text(format_fixes(items), encoding="utf-8")
    assert read_fixes(path, CORPUS) == items


def test_fix_times_are_kept_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(
        '{"segment":"a","kind":"edit","before":"x","after":"y","reviewer":"li",'
        '"time":"2026-01-02T08:00:00+08:00"}\n',
        encoding="utf-8",
    )
    (fix,) = read_fixes(path)
    assert fix.time == datetime(2026, 1, 2, 0, 0, tzinfo=UTC)
    assert fix.time.utcoffset() == timedelta(0) and fix.time.tzinfo is not timezone(
        timedelta(hours=8)
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "f.jsonl:1: not a fix record"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"segment":"a","kind":"edit","before":"x","after":"y","reviewer":"r",'
            '"time":"2026-01-02T08:00:00"}',
            "needs a UTC offset",
        ),
        (
            '{"segment":"a","kind":"edit","before":"x","after":"y","reviewer":"r",'
            '"time":"2026-01-02T08:00:00Z","severity":"huge"}',
            "severity must be one of",
        ),
        (
            '{"segment":"z","kind":"edit","before":"x","after":"y","reviewer":"r",'
            '"time":"2026-01-02T08:00:00Z"}',
            "segment 'z' is not in the corpus",
        ),
        ('{"segment":"a","kind":"edit","before":"x","after":3,"reviewer":"r"}', "'after' must be"),
    ],
)
def test_bad_fix_records(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(MtreviewError, match=message):
        read_fixes(path, CORPUS)


def _issue(seg: str, span: tuple[int, int], replacement: str, severity: str = "major") -> Issue:
    return Issue(
        seg,
        "term-forbidden",
        severity,
        "m",
        fix=Fix(span, replacement),
        fingerprint=seg + str(span),
    )


def test_apply_suggested_fixes_edits_back_to_front_and_records_each() -> None:
    corpus = Corpus((Segment("s", "源", "double carbon and carbon stamp", None),))
    issues = [
        _issue("s", (0, 13), "dual carbon"),
        _issue("s", (18, 30), "carbon ticket", "minor"),
        _issue("s", (7, 20), "overlapping"),  # overlaps the first applied (from the end): skipped
        Issue("s", "term-missing", "major", "no fix"),
    ]
    when = datetime(2026, 1, 1, tzinfo=UTC)
    data = apply_suggested_fixes(from_corpus(corpus), issues, "bot", when)
    assert data.segments[0].reviewed == "dual carbon and carbon ticket"
    assert data.segments[0].mt == "double carbon and carbon stamp"
    assert [(f.before, f.after, f.severity, f.reviewer, f.time) for f in data.fixes] == [
        ("carbon stamp", "carbon ticket", "minor", "bot", when),
        ("double carbon", "dual carbon", "major", "bot", when),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Green mines, green growth.", 4),
        ("high-quality development isn't easy", 4),
        ("2022年绿色矿山", 6),
        ("the 20th CPC National Congress (2022)", 6),
    ],
)
def test_word_count(text: str, words: int) -> None:
    assert word_count(text) == words


def test_mqm_raw_score() -> None:
    score = mqm_score(["major", "minor", "critical", "major"], 200)
    assert score.apt == 5 + 1 + 10 + 5
    assert score.score == pytest.approx(100 * (1 - 21 / 200))
    assert score.errors == {"minor": 1, "major": 2, "critical": 1}
    assert mqm_score([], 0).score is None
    custom = mqm_score(["critical"], 100, parse_weights(["critical=25"]))
    assert custom.score == pytest.approx(75.0)
    assert dict(DEFAULT_WEIGHTS) == {"minor": 1.0, "major": 5.0, "critical": 10.0}


@pytest.mark.parametrize("value", ["critical", "fatal=3", "minor=-1", "major=lots"])
def test_bad_weights(value: str) -> None:
    with pytest.raises(MtreviewError, match="--weight takes"):
        parse_weights([value])
