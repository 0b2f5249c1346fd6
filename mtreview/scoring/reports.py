"""Scores as text (``mtreview score``), JSON, CSV and a self-contained HTML page.

Every string that comes from a file (segment text, ids, terms, reviewer names) is escaped
for its output: :func:`html.escape` in HTML, :func:`~mtreview.textsafe.printable` in text.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from mtreview import __version__
from mtreview.corpus.textio import write_text_atomic
from mtreview.errors import MtreviewError
from mtreview.plural import counted
from mtreview.scoring.consistency import TermUsage
from mtreview.scoring.metrics import METRIC_NAMES
from mtreview.scoring.mqm import MqmScore
from mtreview.scoring.render_check import usage_json
from mtreview.scoring.review_data import ReviewNote
from mtreview.scoring.review_files import fix_json
from mtreview.scoring.scores import ScoreReport, TermAccuracy
from mtreview.scoring.segment_scores import PAIRS
from mtreview.textsafe import csv_cell, printable

MQM_MODEL = "MQM 2.0 linear raw scoring model: quality = 100 · (1 − APT / EWC)"
PAIR_TITLES = {
    "mt-reviewed": "MT against reviewed text (edit effort; HTER for a post-edit)",
    "mt-reference": "MT against reference",
    "reviewed-reference": "Reviewed text against reference",
}


NOTE_KINDS = {
    "comment": "comment",
    "ignore": "ignored issue",
    "unignore": "issue open again",
    "confirm": "confirmation",
    "glossary": "glossary change",
}


def note_text(note: ReviewNote) -> str:
    """What a note says: the comment, the reason for an ignore, the new status, the change."""
    if note.kind == "ignore":
        return note.text or "(no reason given)"
    if note.kind == "unignore":
        return "un-ignored"
    return note.text


def notes_summary(notes: Iterable[ReviewNote]) -> str:
    """``2 comments, 1 ignored issue (1 with a reason), 3 confirmations``."""
    counts = Counter(n.kind for n in notes if n.kind != "confirm" or n.text == "confirmed")
    reasons = sum(1 for n in notes if n.kind == "ignore" and n.text)
    parts = []
    for kind, name in NOTE_KINDS.items():
        n = counts.get(kind, 0)
        if n:
            parts.append(f"{n} {name}{'s' if n != 1 else ''}")
            if kind == "ignore":
                parts[-1] += f" ({reasons} with a reason)"
    return ", ".join(parts) or "nothing logged"


def note_json(note: ReviewNote) -> dict[str, Any]:
    """One note as a JSON object."""
    return {
        "kind": note.kind,
        "segment": note.segment,
        "check": note.check or None,
        "issue": note.issue,
        "text": note.text,
        "reviewer": note.reviewer,
        "time": note.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


def _accuracy_json(acc: TermAccuracy | None) -> dict[str, Any] | None:
    if acc is None:
        return None
    value = acc.value
    return {
        "occurrences": acc.occurrences,
        "rendered": acc.rendered,
        "accuracy": round(value, 4) if value is not None else None,
    }


def to_dict(report: ScoreReport) -> dict[str, Any]:
    """The whole report as one JSON-ready object."""
    data = report.data
    return {
        "corpus": data.path,
        "source_lang": data.source_lang,
        "target_lang": data.target_lang,
        "segments": len(data),
        "changed": report.changed,
        "metrics": {
            pair: {
                "segments": report.pair_segments.get(pair, 0),
                **{name: score.to_json() for name, score in scores.items()},
            }
            for pair, scores in report.corpus.items()
        },
        "sentence_signatures": report.sentence_signatures,
        "term_accuracy": {
            "before": _accuracy_json(report.term_before),
            "after": _accuracy_json(report.term_after),
        },
        "mqm": {
            "model": MQM_MODEL,
            "weights": dict(report.weights),
            "before": report.mqm_before.to_json(),
            "after": report.mqm_after.to_json(),
        },
        "terms": [
            {
                "term": row.term_id,
                "source": row.source,
                "target": row.target,
                "before": usage_json(row.before) if row.before else None,
                "after": usage_json(row.after) if row.after else None,
            }
            for row in report.terms
        ],
        "segment_scores": [
            {
                "id": row.id,
                "changed": row.changed,
                "mt_issues": row.mt_issues,
                "reviewed_issues": row.reviewed_issues,
                "scores": {
                    p: {m: round(v, 4) for m, v in s.items()} for p, s in row.scores.items()
                },
            }
            for row in report.segments
        ],
        "fixes": [fix_json(f) for f in data.fixes],
        "notes": [note_json(n) for n in data.notes],
        "open_issues": [i.to_json() for i in report.open_issues],
    }


def to_json(report: ScoreReport) -> str:
    """The report as JSON text."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_csv(report: ScoreReport) -> str:
    """One row per segment: changed, open issues before/after, sentence scores per pair.

    The id, the one cell from a file, is guarded against formula injection (:func:`csv_cell`).
    """
    columns = [f"{p} {m}" for p in PAIRS for m in METRIC_NAMES]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "changed", "mt_issues", "reviewed_issues", *columns])
    for row in report.segments:
        values = [
            f"{row.scores[p][m]:.4f}" if p in row.scores else ""
            for p in PAIRS
            for m in METRIC_NAMES
        ]
        writer.writerow(
            [csv_cell(row.id), int(row.changed), row.mt_issues, row.reviewed_issues, *values]
        )
    return out.getvalue()


def pct(value: float | None) -> str:
    """A share as a percentage, or an em dash."""
    return f"{value:.1%}" if value is not None else "—"


def accuracy_text(acc: TermAccuracy | None) -> str:
    """``78.1% (100/128)``."""
    if acc is None:
        return "—"
    return f"{pct(acc.value)} ({acc.rendered}/{acc.occurrences})"


def mqm_text(score: MqmScore) -> str:
    """``97.12 (APT 140 over 4,870 words)``."""
    value = f"{score.score:.2f}" if score.score is not None else "—"
    return f"{value} (APT {score.apt:g} over {score.ewc:,} words)"


def consistency(usage: TermUsage | None) -> str:
    """``3/4 accepted, 2 renderings`` for one side of a term row (one rendering = consistent)."""
    if usage is None:
        return "—"
    renderings = counted(len(usage.renderings), "rendering")
    return f"{usage.accepted}/{usage.occurrences} accepted, {renderings}"


def to_text(report: ScoreReport) -> str:
    """The ``mtreview score`` text output."""
    data = report.data
    lines = [
        f"{printable(data.path or 'corpus')}: {len(data)} segments, {report.changed} changed "
        f"by review ({data.source_lang}→{data.target_lang})",
    ]
    for pair, scores in report.corpus.items():
        lines += ["", f"{PAIR_TITLES[pair]} — {report.pair_segments.get(pair, 0)} segments"]
        for name, score in scores.items():
            lines.append(f"  {name:<7} {score.score:7.2f}   {score.signature}")
    lines += [
        "",
        f"Term accuracy   MT {accuracy_text(report.term_before)}  →  reviewed "
        f"{accuracy_text(report.term_after)}",
        f"MQM score       MT {mqm_text(report.mqm_before)}  →  reviewed "
        f"{mqm_text(report.mqm_after)}",
        f"                ({MQM_MODEL}; weights "
        + ", ".join(f"{k} {v:g}" for k, v in report.weights.items())
        + ")",
    ]
    if report.terms:
        lines += ["", "Terms (MT → reviewed)"]
        for row in report.terms:
            lines.append(
                f"  {printable(row.source)}  {printable(row.target)}: "
                f"{consistency(row.before)} → {consistency(row.after)}"
            )
    if data.notes:
        lines += ["", f"Review log: {notes_summary(data.notes)}"]
        for note in data.notes:
            if note.kind != "confirm":
                where = printable(note.segment or "glossary")
                check = f" [{printable(note.check)}]" if note.check else ""
                lines.append(
                    f"  {where}  {NOTE_KINDS[note.kind]}{check}: {printable(note_text(note))}"
                    f"  ({printable(note.reviewer)})"
                )
    return "\n".join(lines) + "\n"


def render(report: ScoreReport, fmt: str) -> str:
    """The report in ``fmt``: text, json, csv or html."""
    from mtreview.scoring.report_html import to_html

    renderers: dict[str, Callable[[ScoreReport], str]] = {
        "text": to_text,
        "json": to_json,
        "csv": to_csv,
        "html": lambda r: to_html(r, datetime.now(UTC), __version__),
    }
    return renderers[fmt](report)


def report_format(path: str) -> str:
    """The report format a file name asks for.

    Raises:
        MtreviewError: for a suffix other than .html/.htm, .json or .csv.
    """
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    fmt = {"html": "html", "htm": "html", "json": "json", "csv": "csv"}.get(suffix)
    if fmt is None:
        raise MtreviewError("report format unknown: name the file .html, .json or .csv", path)
    return fmt


def write_report(report: ScoreReport, path: str) -> str:
    """Write the report in the format its suffix names (.html, .json, .csv), atomically.

    Returns:
        The format written.

    Raises:
        MtreviewError: for another suffix or a failed write.
    """
    fmt = report_format(path)
    write_text_atomic(path, render(report, fmt))
    return fmt
