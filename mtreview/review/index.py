"""The review in memory: what the segment list shows of every segment, and the open counts.

Built from one read of the store when a project opens (100,000 segments in well under a
second: most segments have no issue and skip the JSON parser), then kept in step by the
service after each of its own actions and each refresh from other sessions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mtreview.corpus.model import InlineCode
from mtreview.corpus.tokens import render
from mtreview.review.models import CONFIRMED, ReviewProgress, SegmentRow
from mtreview.review.store import IndexRow
from mtreview.review.store_records import (
    IssueKey,
    SharedIssue,
    codes_from_json,
    listed_keys,
)


class ReviewIndex:
    """Ids, statuses, previews, issue keys, versions and open-issue counts of every segment."""

    def __init__(
        self,
        ids: list[str],
        rows: list[IndexRow],
        ignored: set[str],
        marked: Sequence[tuple[int, bool, str]] = (),
        corpus: Mapping[int, Sequence[SharedIssue]] | None = None,
    ) -> None:
        """The index of the rows the store read (:meth:`Store.index_rows`).

        ``marked``: (pos, locked, codes JSON) of the segments locked or holding codes;
        ``corpus``: the stored corpus-level issues by position (:meth:`Store.corpus_rows`).
        """
        self.ids = ids
        self.locked = {pos for pos, locked, _ in marked if locked}
        self.codes: dict[int, tuple[InlineCode, ...]] = {
            pos: codes_from_json(codes) for pos, _, codes in marked if codes != "[]"
        }
        self.pos_of = {seg_id: pos for pos, seg_id in enumerate(ids)}
        self.status = [r[1] for r in rows]
        self.previews = [r[2] for r in rows]
        shared = corpus or {}
        self.keys = [listed_keys(r[3], shared.get(r[0], ())) for r in rows]
        self.versions = [r[4] for r in rows]
        self.ignored = ignored
        self.recount()

    def __len__(self) -> int:
        return len(self.ids)

    def _open(self, keys: tuple[IssueKey, ...]) -> int:
        if not keys or not self.ignored:  # most segments, most reviews
            return len(keys)
        ignored = self.ignored
        return len([key for key in keys if key[0] not in ignored])

    def recount(self) -> None:
        """Count every segment's open issues again."""
        self.open_counts = [self._open(keys) for keys in self.keys]
        self.open_total = sum(self.open_counts)
        self.with_issues = len(self.open_counts) - self.open_counts.count(0)
        self.confirmed = self.status.count(CONFIRMED)

    def _recount(self, pos: int) -> None:
        self._take_keys({pos: self.keys[pos]})

    def _take_keys(self, keys: Mapping[int, tuple[IssueKey, ...]]) -> None:
        """Give segments their issue keys and count them (for hundreds of copies at a time)."""
        mine, counts, count = self.keys, self.open_counts, self._open
        total = with_issues = 0
        for pos, listed in keys.items():
            mine[pos] = listed
            before, after = counts[pos], count(listed)
            counts[pos] = after
            total += after - before
            with_issues += bool(after) - bool(before)
        self.open_total += total
        self.with_issues += with_issues

    def update(
        self,
        pos: int,
        *,
        status: str | None = None,
        preview: str | None = None,
        keys: tuple[IssueKey, ...] | None = None,
        version: int | None = None,
    ) -> None:
        """Change what is known of segment ``pos`` and its counts."""
        if status is not None:
            self.confirmed += (status == CONFIRMED) - (self.status[pos] == CONFIRMED)
            self.status[pos] = status
        if preview is not None:
            self.previews[pos] = preview[:100]
        if keys is not None:
            self.keys[pos] = keys
        if version is not None:
            self.versions[pos] = version
        self._recount(pos)

    def relist(self, keys: Mapping[int, tuple[IssueKey, ...]]) -> None:
        """Give segments the issue keys worked out for them, and count them.

        A regrouped segment's keys are its own checks' kept with its new corpus-level issues
        (:func:`~mtreview.review.store_records.regrouped_keys`), made once by the action that
        compares them with the listed ones: a group's members are gone over once.
        """
        self._take_keys(keys)

    def set_ignored(self, fingerprint: str, ignored: bool, pos: int) -> None:
        """Ignore an issue of segment ``pos`` (or take it back)."""
        if ignored:
            self.ignored.add(fingerprint)
        else:
            self.ignored.discard(fingerprint)
        self._recount(pos)

    def take_rows(
        self,
        rows: Iterable[IndexRow],
        ignored: set[str],
        corpus: Mapping[int, Sequence[SharedIssue]],
    ) -> list[int]:
        """Take rows read from the store after other sessions changed them; their positions.

        ``corpus``: their stored corpus-level issues (:meth:`Store.corpus_rows`).
        """
        self.ignored = ignored
        changed = []
        for pos, status, preview, keys, version in rows:
            listed = listed_keys(keys, corpus.get(pos, ()))
            self.update(pos, status=status, preview=preview, keys=listed, version=version)
            changed.append(pos)
        return changed

    def take_keys(self, keys: list[tuple[IssueKey, ...]]) -> None:
        """Every segment's issue keys after a full re-check."""
        self.keys = keys
        self.recount()

    def row(self, pos: int) -> SegmentRow:
        """The list line of one segment."""
        codes = self.codes.get(pos)
        preview = " ".join(
            (render(self.previews[pos], codes) if codes else self.previews[pos]).split()
        )
        status, count = self.status[pos], self.open_counts[pos]
        return SegmentRow(pos, self.ids[pos], status, count, preview, pos in self.locked)

    def progress(self) -> ReviewProgress:
        """Counts of confirmed segments and open issues."""
        return ReviewProgress(len(self.ids), self.confirmed, self.open_total, self.with_issues)

    def next_issue(self, pos: int, step: int = 1) -> int | None:
        """The nearest segment after (``step`` 1) or before (-1) ``pos`` with open issues."""
        p, counts = pos + step, self.open_counts
        while 0 <= p < len(self.ids):
            if counts[p]:
                return p
            p += step
        return None
