"""The forms scoring keeps in a project: statistics rows, kept checks in parts, schema 8.

A re-score reads them instead of computing; each must give back exactly what was kept, and a
project of schema 7 (kept checks whole as JSON, statistics rows as JSON) must score the same.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from review_helpers import forget_scores, query_in_new_process

from mtreview.errors import MtreviewError
from mtreview.review import ReviewService
from mtreview.review.scores import project_glossary, reviewed_data, score_project
from mtreview.review.store import Store
from mtreview.review.store_schema import SCHEMA_VERSION
from mtreview.scoring.check_summary import CheckSummary, rows_key, summary_key
from mtreview.scoring.reports import to_json
from mtreview.scoring.segment_scores import SegmentEntry

PARTS = ("issues", "usages")


@pytest.mark.parametrize(
    "entry",
    [
        SegmentEntry("k", ((3.0, 3.0, 2.0), (0.0, 7.5)), (100.0, 12.25)),
        SegmentEntry("k", ((1.0,), (), (4.0, 5.0, 6.0)), ()),  # no sentence scores kept
        SegmentEntry("k", (), ()),
    ],
)
def test_a_statistics_row_reads_back_as_it_was(entry: SegmentEntry) -> None:
    assert SegmentEntry.from_row("k", entry.to_row()) == entry


def test_an_older_json_row_reads_as_before_and_a_short_row_is_refused() -> None:
    old = json.dumps([[3, 3, 2], [0, 7.5], [100.0, 12.25]])
    assert SegmentEntry.from_row("k", old) == SegmentEntry(
        "k", ((3.0, 3.0, 2.0), (0.0, 7.5), (100.0, 12.25)), ()
    )
    row = SegmentEntry("k", ((1.0, 2.0),), (5.0,)).to_row()
    with pytest.raises(ValueError):
        SegmentEntry.from_row("k", row[:16])  # two counts, no statistics


def _figures(path: Path) -> str:
    return to_json(score_project(path).report)


def _edited(path: Path) -> Path:
    service = ReviewService.open(path, "ana")
    for pos in range(12):
        fixable = [i for i in service.state(pos).issues if i.fix is not None]
        if fixable:
            service.apply_fix(pos, fixable[0].fingerprint)
    service.edit(3, service.target(3) + " An edit.")
    service.close()
    return path


def _nothing_kept(path: Path) -> str:
    forget_scores(path)
    return _figures(path)


def test_kept_figures_equal_figures_made_with_nothing_kept(demo_copy: Path) -> None:
    _edited(demo_copy)
    first = _figures(demo_copy)
    kept = _figures(demo_copy)  # every statistic and both checks read back
    assert kept == first
    assert '"open_issues": [\n    {' in kept and "nrefs:1" in kept
    assert _nothing_kept(demo_copy) == kept


def test_a_kept_check_reads_back_its_issues_usages_and_marks(demo_copy: Path) -> None:
    _edited(demo_copy)
    report = score_project(demo_copy).report
    store = Store.open(demo_copy)
    kept = {
        side: (key, head, *(store.check_summary_text(side, key, p) or "" for p in PARTS))
        for side, (key, head) in store.check_summaries().items()
    }
    assert store.check_summary_text("mt", "another key", "issues") is None
    with pytest.raises(ValueError):
        store.check_summary_text("mt", kept["mt"][0], "head")
    store.close()
    for side in ("mt", "reviewed"):
        made = report.checks[side]
        back = CheckSummary.from_parts(*kept[side])
        assert back is not None and back == made
        assert back.issues == made.issues and back.usages == made.usages
        assert back.marks == tuple((i.fingerprint, i.segment, i.severity) for i in made.issues)
    assert CheckSummary.from_parts("k", "{not json", "[]", "[]") is None
    broken = CheckSummary.from_parts(kept["mt"][0], kept["mt"][1], "[{]", "[]")
    assert broken is not None
    with pytest.raises(MtreviewError, match="kept check is damaged"):
        broken.issues  # noqa: B018 - parsed when read


def test_a_kept_checks_issues_are_read_when_shown_and_refused_once_scored_again(
    demo_copy: Path,
) -> None:
    _edited(demo_copy)
    made = score_project(demo_copy).report
    kept = score_project(demo_copy).report  # its issues and usages not read yet
    assert kept.open_issues == made.open_issues  # read now, from the closed project's file
    shown = score_project(demo_copy).report
    service = ReviewService.open(demo_copy, "ana")
    service.edit(5, service.target(5) + " Again.")
    service.close()
    score_project(demo_copy)  # the reviewed side's kept check is another one now
    with pytest.raises(MtreviewError, match="scored again while this score was shown"):
        shown.open_issues  # noqa: B018 - read when shown
    assert shown.checks["mt"].usages == made.checks["mt"].usages  # the MT side: kept as it was


def test_the_key_read_from_the_texts_is_the_key_of_the_sides_corpus(demo_copy: Path) -> None:
    _edited(demo_copy)
    report = score_project(demo_copy).report
    store = Store.open(demo_copy)
    glossary = project_glossary(store)
    from mtreview.review.inputs import review_config

    checks = review_config(None, project=store.path, meta=store.meta())
    data = reviewed_data(store, glossary, checks.config)
    store.close()
    assert glossary is not None
    mt = summary_key(glossary, data.mt_corpus().segments, checks.hash)
    reviewed = summary_key(glossary, data.reviewed_corpus().segments, checks.hash)
    assert (report.checks["mt"].key, report.checks["reviewed"].key) == (mt, reviewed)
    assert mt != reviewed


def _as_schema_7(path: Path) -> None:
    """Back to schema 7: kept checks whole as JSON (made again), statistics rows as JSON."""
    db = sqlite3.connect(path)
    rows = db.execute("SELECT pair, segment, key, stats FROM score_cache").fetchall()
    for pair, segment, key, stats in rows:
        entry = SegmentEntry.from_row(key, stats)
        text = json.dumps([*map(list, entry.stats), list(entry.sentence)])
        db.execute(
            "UPDATE score_cache SET stats = ? WHERE pair = ? AND segment = ?", (text, pair, segment)
        )
    db.execute("DROP TABLE check_summaries")
    db.execute("CREATE TABLE check_summaries (side TEXT PRIMARY KEY, summary TEXT NOT NULL)")
    db.execute("INSERT INTO check_summaries VALUES ('mt', '{\"format\": 1}')")
    db.execute("DROP TABLE corpus_issues")  # schema 9's (none here: the demo has no group)
    db.execute("DROP TABLE shared_issues")
    db.execute("PRAGMA user_version = 7")
    db.commit()
    db.close()


def test_a_schema_7_project_scores_the_same_and_keeps_the_new_forms(demo_copy: Path) -> None:
    _edited(demo_copy)
    made = _figures(demo_copy)
    _as_schema_7(demo_copy)
    assert query_in_new_process(demo_copy, "SELECT typeof(stats) FROM score_cache LIMIT 1") == [
        ["text"]
    ]
    migrated = score_project(demo_copy)
    assert to_json(migrated.report) == made
    assert migrated.recomputed == 0  # the statistics were kept, only their form changes
    forms = "SELECT DISTINCT typeof(stats) FROM score_cache"
    assert query_in_new_process(demo_copy, forms) == [["blob"]]
    assert query_in_new_process(demo_copy, "PRAGMA user_version") == [[SCHEMA_VERSION]]
    sides = query_in_new_process(demo_copy, "SELECT side FROM check_summaries ORDER BY side")
    assert sides == [["mt"], ["reviewed"]]
    assert _figures(demo_copy) == made


@pytest.mark.parametrize(
    ("n", "key"),
    [
        (0, "9f2e6d33a3717ee826353a404ba4618d"),
        (1, "361259947fe3f7921aff3ae74ca5fa97"),
        (1000, "d1e23cf428e933bc707013aec4dcd70f"),
        (2500, "a566eeeb658751dbecfb4db7fe6c0318"),
    ],
)
def test_a_sides_key_is_the_one_kept_checks_were_made_under(n: int, key: str) -> None:
    """The keys of schema-8 projects (hashed one row at a time): else every check is made again."""
    rows = [
        (f"s{i}", "源文" * (i % 5), "a target é" * (i % 3), "" if i % 4 else "([], True)")
        for i in range(n)
    ]
    assert rows_key(hashlib.sha256(b"head"), iter(rows)) == key
