"""Plain files that stand in for a review project: reviewed text, references, a fix log.

A reviewed or reference file is either a TSV with a header naming ``id`` and the text column
(``reviewed``/``reference`` or ``target``), or plain text with one line per corpus segment.
A fix log is JSON Lines, one :class:`~mtreview.scoring.review_data.RecordedFix` per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mtreview.corpus.model import Corpus
from mtreview.corpus.textio import read_text
from mtreview.errors import MtreviewError
from mtreview.glossary.model import SEVERITIES
from mtreview.scoring.review_data import RecordedFix, ReviewedCorpus, from_corpus

_COLUMNS = {"reviewed": ("reviewed", "target"), "reference": ("reference", "target")}


def _lines(path: str | Path) -> list[str]:
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_targets(path: str | Path, corpus: Corpus, role: str) -> dict[str, str]:
    """Read reviewed targets (``role="reviewed"``) or references (``role="reference"``).

    Returns:
        Text by segment id. A TSV may leave segments out; plain text must have one line per
        segment.

    Raises:
        MtreviewError: for an unknown or repeated id, a short row, or a line count that
            differs from the corpus's; the message names file and line.
    """
    lines = _lines(path)
    ids = [s.id for s in corpus.segments]
    header = [c.strip().lower() for c in lines[0].split("\t")] if lines else []
    column = next((c for c in _COLUMNS[role] if c in header), None)
    if "id" in header and column is not None:
        return _read_tsv(path, lines, header, column, set(ids))
    if len(lines) != len(ids):
        line = min(len(lines), len(ids)) + 1
        raise MtreviewError(
            f"has {len(lines)} lines but the corpus has {len(ids)} segments: give one line per "
            f"segment, or a TSV with a header 'id<TAB>{_COLUMNS[role][0]}'",
            path,
            line,
        )
    return dict(zip(ids, lines, strict=True))


def _read_tsv(
    path: str | Path, lines: list[str], header: list[str], column: str, known: set[str]
) -> dict[str, str]:
    id_col, text_col = header.index("id"), header.index(column)
    out: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise MtreviewError(
                f"expected {len(header)} tab-separated columns, found {len(cells)}", path, number
            )
        seg_id = cells[id_col].strip()
        if seg_id not in known:
            raise MtreviewError(f"segment {seg_id!r} is not in the corpus", path, number)
        if seg_id in out:
            raise MtreviewError(f"segment {seg_id!r} given twice", path, number)
        out[seg_id] = cells[text_col]
    return out


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("time must be an ISO 8601 string")
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("time needs a UTC offset, e.g. 2026-01-31T12:00:00Z")
    return when.astimezone(UTC)


def _fix(obj: Any) -> RecordedFix:
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object")
    for key in ("segment", "kind", "before", "after", "reviewer"):
        if not isinstance(obj.get(key), str):
            raise ValueError(f"{key!r} must be a string")
    severity = obj.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
    issue = obj.get("issue")
    return RecordedFix(
        obj["segment"],
        obj["kind"],
        obj["before"],
        obj["after"],
        obj["reviewer"],
        _time(obj.get("time")),
        severity,
        issue if isinstance(issue, str) else None,
    )


def read_fixes(path: str | Path, corpus: Corpus | None = None) -> list[RecordedFix]:
    """Read a fix log (JSON Lines); blank lines are skipped.

    Raises:
        MtreviewError: naming the line of a malformed record or an unknown segment.
    """
    known = {s.id for s in corpus.segments} if corpus is not None else None
    fixes: list[RecordedFix] = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            fix = _fix(json.loads(line))
        except (ValueError, json.JSONDecodeError) as exc:
            raise MtreviewError(f"not a fix record: {exc}", path, number) from None
        if known is not None and fix.segment not in known:
            raise MtreviewError(f"segment {fix.segment!r} is not in the corpus", path, number)
        fixes.append(fix)
    return fixes


def fix_json(fix: RecordedFix) -> dict[str, Any]:
    """One fix as the JSON object of a fix log."""
    return {
        "segment": fix.segment,
        "kind": fix.kind,
        "before": fix.before,
        "after": fix.after,
        "reviewer": fix.reviewer,
        "time": fix.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "severity": fix.severity,
        "issue": fix.issue,
    }


def format_fixes(fixes: Iterable[RecordedFix]) -> str:
    """A fix log as JSON Lines text."""
    return "".join(json.dumps(fix_json(f), ensure_ascii=False) + "\n" for f in fixes)


def load_review(
    corpus: Corpus,
    *,
    reference: str | Path | None = None,
    reviewed: str | Path | None = None,
    fixes: str | Path | None = None,
) -> ReviewedCorpus:
    """Build the scoring input from a corpus and the files that stand in for a project.

    Args:
        corpus: The corpus; its targets are the MT, its reference column the reference.
        reference: A reference file, replacing the corpus's reference column.
        reviewed: The reviewed text; without it the reviewed text equals the MT.
        fixes: A fix log (JSON Lines).
    """
    return from_corpus(
        corpus,
        read_targets(reviewed, corpus, "reviewed") if reviewed is not None else None,
        read_targets(reference, corpus, "reference") if reference is not None else None,
        read_fixes(fixes, corpus) if fixes is not None else (),
    )
