"""Output of ``mtreview check``: text grouped by segment, JSON (the DESIGN contract) and CSV.

Each ``write_*`` function writes the output as the segments' results come and keeps only
counts (:class:`Tally`) and the by-term view's groups (:class:`TermTally`): a check of a large
corpus never holds its issues or occurrences at once. ``to_*`` give the same text as a string.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zlib
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from mtreview.corpus.model import show_codes
from mtreview.glossary.model import Glossary
from mtreview.plural import counted
from mtreview.scoring.consistency import TermTally, TermUsage
from mtreview.scoring.engine import CheckResult, SegmentResult, Tally
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


class Out(Protocol):
    """Where output is written (a text file, :class:`io.StringIO`, a buffered echo)."""

    def write(self, text: str, /) -> Any:
        """Write ``text``."""


def summary(result: CheckResult | Tally) -> dict[str, Any]:
    """The ``summary`` object of the JSON output."""
    tally = result.tally() if isinstance(result, CheckResult) else result
    accuracy = tally.term_accuracy()
    return {
        "by_check": dict(tally.by_check),
        "term_accuracy": round(accuracy, 4) if accuracy is not None else None,
        "term_occurrences": tally.occurrences,
        "term_rendered": tally.rendered,
    }


def _dumped(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``level`` levels deep in a document.

    The same text as ``json.dumps(value, ensure_ascii=False, indent=2)`` with each new line
    indented ``level`` steps more, made by joining strings: with an indent, ``json`` encodes in
    Python generators, five times slower (an issue or occurrence is a flat dict of scalars).
    """
    return _indented(value, "  " * level)


def _indented(value: Any, indent: str) -> str:
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = indent + "  "
    if isinstance(value, dict) and _STR.issuperset(map(type, value)):
        if not value:
            return "{}"
        items = [
            f"{_string(k)}: {_SCALARS[type(v)](v) if type(v) in _SCALARS else _indented(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [_indented(v, inner) for v in value]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
    # Anything else (subclasses, keys that are not strings) as json writes it.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_string: Callable[[str], str] = json.encoder.encode_basestring  # json's own, non-ASCII as is
_STR = frozenset([str])
# The scalars json writes by their exact type, as it writes them.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string,
    int: int.__repr__,
    float: _float,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
}


class _JsonList:
    """The items of a list one level inside the document, written one at a time."""

    def __init__(self, out: Out) -> None:
        self.out = out
        self.count = 0

    def add(self, item: Any) -> None:
        self.out.write((",\n    " if self.count else "\n    ") + _dumped(item, 2))
        self.count += 1

    def close(self, out: Out | None = None) -> None:
        (out or self.out).write("\n  ]" if self.count else "]")


class _Spool:
    """Text kept compressed until it is written out (the occurrences list, which comes last)."""

    def __init__(self) -> None:
        self._packer = zlib.compressobj(1)
        self._parts: list[bytes] = []

    def write(self, text: str) -> None:
        self._parts.append(self._packer.compress(text.encode("utf-8")))

    def drain(self, out: Out) -> None:
        self._parts.append(self._packer.flush())
        parts, self._parts = self._parts, []
        unpacker = zlib.decompressobj()
        decoder = codecs.getincrementaldecoder("utf-8")()
        for part in parts:
            out.write(decoder.decode(unpacker.decompress(part)))
        out.write(decoder.decode(unpacker.flush(), final=True))


def write_json(
    results: Iterable[SegmentResult],
    out: Out,
    segments: int,
    glossary: Glossary | None = None,
    terms: bool = False,
    occurrences: bool = False,
) -> Tally:
    """Write the JSON document of DESIGN.md, ``segments`` results long, as they come.

    With ``terms``, a ``terms`` list gives the by-term view; with ``occurrences``, an
    ``occurrences`` list gives every source occurrence of a term and what the target made of it
    (``kind``: target, variant, forbidden, doubtful, wrong, absent or covered), from which term
    success rates can be recomputed: the occurrence record of each segment, with its segment id.
    The document ends with a newline.
    """
    tally = Tally()
    usage = TermTally() if terms and glossary is not None else None
    spool = _Spool() if occurrences else None
    listed = _JsonList(spool) if spool is not None else None
    out.write(f'{{\n  "segments": {json.dumps(segments)},\n  "issues": [')
    issues = _JsonList(out)
    for result in results:
        tally.add(result)
        for issue in result.issues:
            issues.add(issue.to_json())
        if usage is not None:
            usage.add(result.segment.id, result.occurrences)
        if listed is not None:
            for occ in result.occurrences:
                listed.add({"segment": result.segment.id, **occ.to_json()})
    issues.close()
    out.write(f',\n  "summary": {_dumped(summary(tally), 1)}')
    if usage is not None and glossary is not None:
        out.write(',\n  "terms": [')
        usages = _JsonList(out)
        for term_usage in usage.usages(glossary):
            usages.add(usage_json(term_usage))
        usages.close()
    if spool is not None and listed is not None:
        out.write(',\n  "occurrences": [')
        spool.drain(out)
        listed.close(out)
    out.write("\n}\n")
    return tally


def to_json(
    result: CheckResult,
    glossary: Glossary | None = None,
    terms: bool = False,
    occurrences: bool = False,
) -> str:
    """The JSON document of DESIGN.md (see :func:`write_json`), without the final newline."""
    out = io.StringIO()
    write_json(result.results, out, len(result.results), glossary, terms, occurrences)
    return out.getvalue()[:-1]


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


def write_csv(results: Iterable[SegmentResult], out: Out) -> Tally:
    """One row per issue, as the results come.

    Text cells are guarded against formula injection (:func:`csv_cell`).
    """
    tally = Tally()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        tally.add(result)
        writer.writerows(_csv_row(i) for i in result.issues)
    return tally


def _csv_row(i: Issue) -> list[Any]:
    return [
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


def to_csv(result: CheckResult) -> str:
    """:func:`write_csv`'s text."""
    out = io.StringIO()
    write_csv(result.results, out)
    return out.getvalue()


def _plain(text: str, **_: Any) -> str:
    return text


def issue_lines(issue: Issue, style: Style = _plain) -> list[str]:
    """The text lines of one issue."""
    sev = style(f"{issue.severity:<8}", fg=_SEVERITY_COLOUR.get(issue.severity), bold=True)
    lines = [f"  {sev} {printable(issue.check):<15} {printable(issue.message)}"]
    if issue.fix is not None:
        before = printable(issue.found or "")
        after = printable(issue.fix.replacement)
        lines.append(f"           fix: {style(before, fg='red')} -> {style(after, fg='green')}")
    return lines


def write_text(results: Iterable[SegmentResult], out: Out, style: Style = _plain) -> Tally:
    """Issues grouped by segment, as the results come, then a summary line."""
    tally = Tally()
    for r in results:
        tally.add(r)
        if not r.issues:
            continue
        head = printable(show_codes(r.segment.target, r.segment.codes))
        head = head if len(head) <= 70 else head[:69] + "…"
        lines = [f"{style(printable(r.segment.id), bold=True)}  {head}"]
        for issue in r.issues:
            lines.extend(issue_lines(issue, style))
        out.write("\n".join(lines) + "\n\n")
    out.write(summary_line(tally) + "\n")
    return tally


def to_text(result: CheckResult, style: Style = _plain) -> str:
    """:func:`write_text`'s text, without the final newline."""
    out = io.StringIO()
    write_text(result.results, out, style)
    return out.getvalue()[:-1]


def summary_line(result: CheckResult | Tally) -> str:
    """One line: segments, issues per check, term accuracy."""
    tally = result.tally() if isinstance(result, CheckResult) else result
    counts = tally.by_check
    total = sum(counts.values())
    parts = ", ".join(f"{n} {check}" for check, n in sorted(counts.items()))
    accuracy = tally.term_accuracy()
    acc = f"; term accuracy {accuracy:.1%}" if accuracy is not None else ""
    issues = counted(total, "issue") + (f" ({parts})" if parts else "")
    return f"{counted(tally.segments, 'segment')}, {issues}{acc}"


def write_by_term_text(
    glossary: Glossary, results: Iterable[SegmentResult], out: Out, style: Style = _plain
) -> Tally:
    """Each term with every distinct rendering, its count and segment ids.

    Written after the last result; only the groups are kept (:class:`TermTally`).
    """
    tally, usage = Tally(), TermTally()
    for result in results:
        tally.add(result)
        usage.add(result.segment.id, result.occurrences)
    colours = {"target": "green", "variant": "green", "covered": "green", "doubtful": "yellow"}
    colours |= {"forbidden": "red", "wrong": "red"}
    usages = usage.usages(glossary)
    for term_usage in usages:
        flag = "" if term_usage.consistent else style("  (inconsistent)", fg="yellow")
        lines = [
            f"{style(printable(term_usage.source), bold=True)}  {printable(term_usage.target)}  "
            f"[{term_usage.accepted}/{term_usage.occurrences} accepted]{flag}"
        ]
        for r in term_usage.renderings:
            text = printable(r.text) if r.text else "(no rendering found)"
            segs = printable(", ".join(r.segments[:12])) + (" …" if len(r.segments) > 12 else "")
            kind = style(f"{r.kind:<9}", fg=colours.get(r.kind))
            lines.append(f"    {r.count:>4}  {kind} {text}  ({segs})")
        out.write("\n".join(lines) + "\n")
    if not usages:
        out.write("\n")
    return tally


def by_term_text(glossary: Glossary, result: CheckResult, style: Style = _plain) -> str:
    """:func:`write_by_term_text`'s text, without the final newline."""
    out = io.StringIO()
    write_by_term_text(glossary, result.results, out, style)
    return out.getvalue()[:-1]
