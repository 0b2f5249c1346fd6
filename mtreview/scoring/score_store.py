"""Per-segment metric statistics kept in a review project (its ``score_cache`` table).

Loading gives the :class:`~mtreview.scoring.segment_scores.SegmentScores` a re-score starts
from; saving writes only the rows that changed, so a score after one edit costs one segment's
metrics and a handful of row writes.
"""

from __future__ import annotations

import json

from mtreview.corpus.project import Project
from mtreview.scoring.segment_scores import SegmentEntry, SegmentScores


def load_cache(project: Project, config: str) -> SegmentScores | None:
    """The cached statistics made with metric settings ``config`` (None when there are none)."""
    rows = project.db.execute(
        "SELECT pair, segment, key, stats FROM score_cache WHERE config = ?", (config,)
    ).fetchall()
    if not rows:
        return None
    pairs: dict[str, dict[str, SegmentEntry]] = {}
    for pair, segment, key, stats in rows:
        entry = SegmentEntry(key, tuple(tuple(float(x) for x in s) for s in json.loads(stats)))
        pairs.setdefault(pair, {})[segment] = entry
    return SegmentScores(config, pairs)


def save_cache(project: Project, cache: SegmentScores, previous: SegmentScores | None) -> int:
    """Store ``cache`` over ``previous`` (what :func:`load_cache` gave), in one transaction.

    Rows of other metric settings (another sacrebleu version) are dropped, rows whose key
    changed are replaced, rows of segments or comparisons no longer scored are deleted.

    Returns:
        The number of rows written or deleted.
    """
    old = previous.pairs if previous is not None else {}
    upserts = [
        (pair, seg_id, cache.config, entry.key, json.dumps([list(s) for s in entry.stats]))
        for pair, entries in cache.pairs.items()
        for seg_id, entry in entries.items()
        if old.get(pair, {}).get(seg_id) != entry
    ]
    deletes = [
        (pair, seg_id)
        for pair, entries in old.items()
        for seg_id in entries
        if seg_id not in cache.pairs.get(pair, {})
    ]
    with project.transaction() as db:
        stale_config = db.execute(
            "DELETE FROM score_cache WHERE config != ?", (cache.config,)
        ).rowcount
        db.executemany(
            "INSERT OR REPLACE INTO score_cache (pair, segment, config, key, stats)"
            " VALUES (?, ?, ?, ?, ?)",
            upserts,
        )
        db.executemany("DELETE FROM score_cache WHERE pair = ? AND segment = ?", deletes)
    return len(upserts) + len(deletes) + max(0, stale_config)
