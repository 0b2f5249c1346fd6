"""A pair's kept statistics read back as one table (EntryTable) instead of row by row.

The table must give back exactly the entries the rows hold, sum to the same corpus figures,
refuse rows it cannot read as one table (they are then read row by row), and a re-score with
nothing changed must keep it whole and write nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mtreview.review import ReviewService
from mtreview.review.scores import score_project
from mtreview.review.store import Store
from mtreview.scoring.metrics import MetricSet
from mtreview.scoring.reports import to_json
from mtreview.scoring.review_data import ReviewedCorpus, ReviewedSegment
from mtreview.scoring.score_rows import EntryTable, SegmentEntry
from mtreview.scoring.segment_scores import SegmentScores, score_segments

TEXTS = [
    ("the mine was built in 1998", "the mine was built in 1998"),
    ("green stamps are traded", "green tickets are traded here"),
    ("", "an empty hypothesis"),
    ("a b c d e f", "f e d c b a"),
]


def _data() -> ReviewedCorpus:
    segments = tuple(
        ReviewedSegment(f"s{n}", "源", mt, reviewed, reviewed if n % 2 else None)
        for n, (mt, reviewed) in enumerate(TEXTS)
    )
    return ReviewedCorpus(segments, (), "zh", "en", "t", {}, frozenset(), ())


def _table(entries: dict[str, SegmentEntry]) -> EntryTable:
    ids = list(entries)[::-1]  # rows in another order than the corpus's
    table = EntryTable.read(ids, [entries[i].key for i in ids], [entries[i].to_row() for i in ids])
    assert table is not None
    return table


def test_a_table_gives_back_each_rows_entry_and_the_same_corpus_figures() -> None:
    data, metrics = _data(), MetricSet("en")
    cache = score_segments(data, metrics)
    tables = {pair: _table(dict(entries)) for pair, entries in cache.pairs.items()}
    for pair, entries in cache.pairs.items():
        assert dict(tables[pair]) == dict(entries)
        assert set(tables[pair]) == set(entries) and len(tables[pair]) == len(entries)
        assert "nowhere" not in tables[pair] and tables[pair].keys_of(["nowhere"]) == [None]
    read_back = SegmentScores(cache.config, dict(tables))
    assert read_back.corpus(metrics, data) == cache.corpus(metrics, data)
    assert read_back.sentence(metrics, "mt-reviewed", "s1") == cache.sentence(
        metrics, "mt-reviewed", "s1"
    )
    # nothing changed: each table is kept whole, nothing is scored
    again = score_segments(data, metrics, previous=read_back)
    assert all(again.pairs[p] is tables[p] for p in tables) and not again.scored


def test_rows_of_different_shapes_are_not_read_as_one_table() -> None:
    full = SegmentEntry("k", ((1.0, 2.0), (3.0,)), (4.0, 5.0))
    bare = SegmentEntry("k", ((1.0, 2.0), (3.0,)), ())  # no sentence scores
    other = SegmentEntry("k", ((1.0,), (3.0, 2.0)), (4.0, 5.0))  # same size, other counts
    assert EntryTable.read(["a", "b"], ["k", "k"], [full.to_row(), bare.to_row()]) is None
    assert EntryTable.read(["a", "b"], ["k", "k"], [full.to_row(), other.to_row()]) is None
    assert EntryTable.read([], [], []) is None
    with pytest.raises(ValueError):
        EntryTable.read(["a"], ["k"], [full.to_row()[:16]])
    table = EntryTable.read(["a"], ["k"], [bare.to_row()])
    assert table is not None and not table.sentences_kept and table["a"] == bare


def _edit(path: Path) -> None:
    service = ReviewService.open(path, "ana")
    service.edit(3, service.target(3) + " An edit.")
    service.close()


def _rows(path: Path) -> dict[tuple[str, str], tuple[str, bytes | str]]:
    store = Store.open(path)
    config = MetricSet(store.meta().get("target_lang", "en")).config_id
    rows = {(p, s): (k, v) for p, s, k, v in store.score_rows(config)}
    store.close()
    return rows


def test_a_project_rescored_unchanged_writes_nothing_and_after_an_edit_one_row(
    demo_copy: Path,
) -> None:
    first = score_project(demo_copy)
    kept = _rows(demo_copy)
    again = score_project(demo_copy)
    assert (again.recomputed, again.stored) == (0, 0)
    assert all(isinstance(e, EntryTable) for e in again.report.cache.pairs.values())
    assert to_json(again.report) == to_json(first.report)
    _edit(demo_copy)
    edited = score_project(demo_copy)
    assert edited.recomputed == 1
    changed = {k for k, v in _rows(demo_copy).items() if kept.get(k) != v}
    assert {segment for _pair, segment in changed} == {edited.report.data.segments[3].id}
    assert to_json(score_project(demo_copy).report) == to_json(edited.report)


def test_rows_of_other_settings_go_with_the_next_write_not_an_unchanged_rescore(
    demo_copy: Path,
) -> None:
    score_project(demo_copy)
    config = "other settings"
    db = sqlite3.connect(demo_copy)
    with db:
        db.execute("INSERT INTO score_cache VALUES ('mt-reviewed', 'x', ?, 'k', X'')", (config,))
    db.close()
    assert score_project(demo_copy).stored == 0  # nothing to write: no write at all
    assert _count(demo_copy, config) == 1
    _edit(demo_copy)
    assert score_project(demo_copy).stored > 1  # the edited row and the other setting's
    assert _count(demo_copy, config) == 0


def _count(path: Path, config: str) -> int:
    store = Store.open(path)
    try:
        return len(store.score_rows(config))
    finally:
        store.close()
