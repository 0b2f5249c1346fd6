"""Output of ``mtreview check``: text grouped by segment, JSON (the DESIGN contract) and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from mtreview.corpus.model import show_codes
from mtreview.glossary.model import Glossary
from mtreview.plural import counted
from mtreview.scoring.consistency import TermUsage, by_term
from mtreview.scoring.engine import CheckResult
from mtreview.scoring.issues import Issue
from mtreview.textsafe import csv_cell, printable

Style = Callable[..., str]

_SEVERITY_COLOUR = {"critical": "red", "major": "yellow", "minor": "cyan"}
CSV_COLUMNS = (
    "segment",
    "check",
    "severity",
    "term",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "found",
    "expected",
    "replacement",
    "message",
    "fingerprint",
)


def summary(result: CheckResult) -> dict[str, Any]:
    """The ``summary`` object of the JSON output."""
    occurrences, rendered = result.term_counts()
    accuracy = result.term_accuracy()
    return {
        "by_check": result.by_check(),
        "term_accuracy": round(accuracy, 4) if accuracy is not None else None,
        "term_occurrences": occurrences,
        "term_rendered": rendered,
    }


def to_json(
    result: CheckResult,
    glossary: Glossary | None = None,
    terms: bool = False,
    occurrences: bool = False,
) -> str:
    """The JSON document of DESIGN.md.

    With ``terms``, a ``terms`` list gives the by-term view; with ``occurrences``, an
    ``occurrences`` list gives every source occurrence of a term and what the target made of it
    (``kind``: target, variant, forbidden, doubtful, wrong, absent or covered), from which term
    success rates can be recomputed: the occurrence record of each segment, with its segment id.
    """
    doc: dict[str, Any] = {
        "segments": len(result.results),
        "issues": [i.to_json() for i in result.issues],
        "summary": summary(result),
    }
    if terms and glossary is not None:
        doc["terms"] = [usage_json(u) for u in by_term(glossary, result.occurrences)]
    if occurrences:
        doc["occurrences"] = [
            {"segment": seg_id, **occ.to_json()} for seg_id, occ in result.occurrences
        ]
    return json.dumps(doc, ensure_ascii=False, indent=2)


def usage_json(usage: TermUsage) -> dict[str, Any]:
    """One term of the by-term view as JSON."""
    return {
        "term": usage.term_id,
        "source": usage.source,
        "target": usage.target,
        "occurrences": usage.occurrences,
        "accepted": usage.accepted,
        "renderings": [
            {"text": r.text, "kind": r.kind, "count": r.count, "segments": list(r.segments)}
            for r in usage.renderings
        ],
    }


def to_csv(result: CheckResult) -> str:
    """One row per issue; text cells guarded against formula injection (:func:`csv_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i in result.issues:
        writer.writerow(
            [
                csv_cell(i.segment),
                i.check,
                i.severity,
                csv_cell(i.term or ""),
                *(i.source_span or ("", "")),
                *(i.target_span or ("", "")),
                csv_cell(i.found or ""),
                csv_cell(i.expected or ""),
                csv_cell(i.fix.replacement if i.fix else ""),
                csv_cell(i.message),
                i.fingerprint,
            ]
        )
    return out.getvalue()


def _plain(text: str, **_: Any) -> str:
    return text


def issue_lines(issue: Issue, style: Style = _plain) -> list[str]:
    """The text lines of one issue."""
    sev = style(f"{issue.severity:<8}", fg=_SEVERITY_COLOUR.get(issue.severity), bold=True)
    lines = [f"  {sev} {issue.check:<15} {printable(issue.message)}"]
    if issue.fix is not None:
        before = printable(issue.found or "")
        after = printable(issue.fix.replacement)
        lines.append(f"           fix: {style(before, fg='red')} -> {style(after, fg='green')}")
    return lines


def to_text(result: CheckResult, style: Style = _plain) -> str:
    """Issues grouped by segment, then a summary line."""
    lines: list[str] = []
    for r in result.results:
        if not r.issues:
            continue
        head = printable(show_codes(r.segment.target, r.segment.codes))
        head = head if len(head) <= 70 else head[:69] + "…"
        lines.append(f"{style(r.segment.id, bold=True)}  {head}")
        for issue in r.issues:
            lines.extend(issue_lines(issue, style))
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: CheckResult) -> str:
    """One line: segments, issues per check, term accuracy."""
    counts = result.by_check()
    total = sum(counts.values())
    parts = ", ".join(f"{n} {check}" for check, n in sorted(counts.items()))
    accuracy = result.term_accuracy()
    acc = f"; term accuracy {accuracy:.1%}" if accuracy is not None else ""
    issues = counted(total, "issue") + (f" ({parts})" if parts else "")
    return f"{counted(len(result.results), 'segment')}, {issues}{acc}"


def by_term_text(glossary: Glossary, result: CheckResult, style: Style = _plain) -> str:
    """Each term with every distinct rendering, its count and segment ids."""
    lines: list[str] = []
    colours = {"target": "green", "variant": "green", "covered": "green", "doubtful": "yellow"}
    colours |= {"forbidden": "red", "wrong": "red"}
    for usage in by_term(glossary, result.occurrences):
        flag = "" if usage.consistent else style("  (inconsistent)", fg="yellow")
        lines.append(
            f"{style(usage.source, bold=True)}  {printable(usage.target)}  "
            f"[{usage.accepted}/{usage.occurrences} accepted]{flag}"
        )
        for r in usage.renderings:
            text = printable(r.text) if r.text else "(no rendering found)"
            segs = ", ".join(r.segments[:12]) + (" …" if len(r.segments) > 12 else "")
            kind = style(f"{r.kind:<9}", fg=colours.get(r.kind))
            lines.append(f"    {r.count:>4}  {kind} {text}  ({segs})")
    return "\n".join(lines)
