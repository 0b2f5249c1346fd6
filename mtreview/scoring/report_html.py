"""The HTML report: one self-contained page (inline CSS and SVG, no script, no network).

Every string from a file goes through :func:`html.escape`; the page prints cleanly
(``@media print``) on A4 or Letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from html import escape

from mtreview.scoring.chart import Series, bar_chart
from mtreview.scoring.consistency import TermUsage
from mtreview.scoring.metrics import METRIC_NAMES
from mtreview.scoring.reports import (
    MQM_MODEL,
    NOTE_KINDS,
    PAIR_TITLES,
    accuracy_text,
    consistency,
    mqm_text,
    note_text,
    notes_summary,
    pct,
)
from mtreview.scoring.scores import ScoreReport

RED, GREY, BLUE = "#b4322d", "#9aa5b5", "#2f5fb3"
CSS = """
:root{--fg:#1d2430;--muted:#5b6675;--line:#d9dee5;--bad:#b4322d;--good:#1f7a4d;--accent:#2f5fb3}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
 sans-serif;color:var(--fg);margin:0 auto;max-width:1100px;padding:24px 28px 48px}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;
 border-bottom:2px solid var(--line);padding-bottom:.2rem}
.meta,.note,.sig{color:var(--muted);font-size:.85rem}
.sig{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.75rem;word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;
 margin-top:1rem}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .label{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:1.5rem;font-weight:600}.card .sub{font-size:.85rem;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600}td.num,th.num{text-align:right;
 font-variant-numeric:tabular-nums}
.before{color:var(--bad)}.after{color:var(--good)}.arrow{color:var(--muted);padding:0 .3em}
.nw{white-space:nowrap}.ok{color:var(--good)}.warn{color:var(--bad)}
figure{margin:1rem 0}figcaption{font-weight:600;font-size:.95rem}
svg.chart{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;margin:.4rem 0}
svg .grid{stroke:#e6e9ee;stroke-width:1}svg .tick{font-size:11px;fill:#5b6675}
@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}
 .cards{grid-template-columns:repeat(4,1fr);gap:8px}.card{padding:6px 10px}
 .card .value{font-size:1.15rem}
 .card,svg.chart,tr{break-inside:avoid}th{background:none}a{color:inherit}}
@page{margin:14mm}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _cards(report: ScoreReport) -> str:
    data = report.data
    hter = report.corpus.get("mt-reviewed", {}).get("TER")
    cards = [
        ("Segments", f"{len(data):,}", f"{report.changed:,} changed by review"),
        (
            "Edit effort (HTER)",
            f"{hter.score:.2f}" if hter else "—",
            "TER of the MT against the reviewed text",
        ),
        (
            "Term accuracy",
            f"{pct(report.term_before.value if report.term_before else None)} → "
            f"{pct(report.term_after.value if report.term_after else None)}",
            "source-term occurrences rendered acceptably, MT → reviewed",
        ),
        (
            "MQM quality score",
            " → ".join(
                f"{m.score:.1f}" if m.score is not None else "—"
                for m in (report.mqm_before, report.mqm_after)
            ),
            "MT → reviewed (100 = no error found)",
        ),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="label">{_e(label)}</div><div class="value">{_e(value)}'
            f'</div><div class="sub">{_e(sub)}</div></div>'
            for label, value, sub in cards
        )
        + "</div>"
    )


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (),
    nowrap: Iterable[int] = (),
) -> str:
    nums, nws = set(numeric), set(nowrap)
    cls = [
        ' class="num"' if i in nums else ' class="nw"' if i in nws else "" for i in range(len(head))
    ]
    out = [
        "<table><thead><tr>",
        *(f"<th{cls[i]}>{_e(h)}</th>" for i, h in enumerate(head)),
        "</tr></thead><tbody>",
    ]
    for row in rows:  # cells are already escaped HTML
        out.append("<tr>" + "".join(f"<td{cls[i]}>{c}</td>" for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _metrics(report: ScoreReport) -> str:
    if not report.corpus:
        return '<p class="note">No segments to score.</p>'
    rows = []
    for pair, scores in report.corpus.items():
        cells = [_e(PAIR_TITLES[pair]), _e(report.pair_segments.get(pair, 0))]
        cells += [_e(f"{scores[m].score:.2f}") if m in scores else "—" for m in METRIC_NAMES]
        rows.append(cells)
    sigs = {m: s.signature for scores in report.corpus.values() for m, s in scores.items()}
    sig_lines = "".join(f"<div>{_e(m)}: {_e(s)}</div>" for m, s in sigs.items())
    sent = "".join(
        f"<div>{_e(m)} (per segment): {_e(s)}</div>" for m, s in report.sentence_signatures.items()
    )
    return _table(["Comparison", "Segments", *METRIC_NAMES], rows, numeric=(1, 2, 3, 4)) + (
        f'<div class="sig">{sig_lines}{sent}</div>'
        '<p class="note">BLEU and chrF++: higher is closer; TER: edits per reference word, lower '
        "is closer. Against the reviewed text, TER is the edit effort the review took.</p>"
    )


def _charts(report: ScoreReport) -> str:
    ids = [row.id for row in report.segments]

    def values(pair: str, metric: str) -> tuple[float | None, ...]:
        return tuple(row.scores.get(pair, {}).get(metric) for row in report.segments)

    spec = [
        (
            "Edit effort per segment: TER of the MT against the reviewed text",
            [Series("TER, MT → reviewed (lower = fewer edits)", values("mt-reviewed", "TER"), RED)],
        )
    ]
    if "mt-reference" in report.corpus:
        spec.append(
            (
                "chrF++ per segment against the reference",
                [
                    Series("MT vs reference", values("mt-reference", "chrF++"), GREY),
                    Series("reviewed vs reference", values("reviewed-reference", "chrF++"), BLUE),
                ],
            )
        )
    charts = [(title, bar_chart(title, ids, series)) for title, series in spec]
    note = (
        f'<p class="note">{len(ids):,} segments: each bar averages a run of neighbouring '
        "segments.</p>"
        if len(ids) > 240
        else ""
    )
    return (
        "".join(
            f"<figure><figcaption>{_e(title)}</figcaption>{svg}</figure>" for title, svg in charts
        )
        + note
    )


def _renderings(usage: TermUsage | None) -> str:
    if usage is None:
        return "—"
    items = []
    for r in usage.renderings:
        cls = "ok" if r.kind in ("target", "variant") else "warn"
        text = r.text or "(no rendering found)"
        items.append(f'<span class="{cls}">{_e(text)}</span> ×{r.count}')
    return "<br>".join(items)


def _terms(report: ScoreReport) -> str:
    if not report.terms:
        return '<p class="note">No glossary term occurs in the source (or no glossary given).</p>'
    rows = [
        [
            f"{_e(row.source)}<br><span class='note'>{_e(row.target)}</span>",
            _e(consistency(row.before)),
            _renderings(row.before),
            _e(consistency(row.after)),
            _renderings(row.after),
        ]
        for row in report.terms
    ]
    head = ["Term", "MT", "MT renderings", "Reviewed", "Reviewed renderings"]
    return (
        f"<p>Term accuracy: MT <b>{_e(accuracy_text(report.term_before))}</b> → reviewed "
        f"<b>{_e(accuracy_text(report.term_after))}</b>.</p>" + _table(head, rows)
    )


def _fixes(report: ScoreReport) -> str:
    data = report.data
    if data.fixes:
        rows = [
            [
                _e(f.segment),
                _e(f.kind)
                + (f"<br><span class='note'>{_e(f.severity)}</span>" if f.severity else ""),
                f'<span class="before">{_e(f.before)}</span><span class="arrow">→</span>'
                f'<span class="after">{_e(f.after)}</span>',
                _e(f.reviewer),
                _e(f.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ]
            for f in data.fixes
        ]
        return _table(["Segment", "Kind", "Before → after", "Who", "When"], rows, nowrap=(0, 1, 4))
    changed = [s for s in data.segments if s.changed]
    if not changed:
        return '<p class="note">No fix recorded and no segment changed.</p>'
    rows = [
        [
            _e(s.id),
            f'<span class="before">{_e(s.mt)}</span><span class="arrow">→</span>'
            f'<span class="after">{_e(s.reviewed)}</span>',
            "—",
            "—",
        ]
        for s in changed
    ]
    return '<p class="note">No fix log was given: changed segments, MT → reviewed.</p>' + _table(
        ["Segment", "Before → after", "Who", "When"], rows
    )


def _notes(report: ScoreReport) -> str:
    notes = report.data.notes
    if not notes:
        return '<p class="note">No comment, ignored issue, confirmation or glossary change.</p>'
    rows = [
        [
            _e(n.segment or "—"),
            _e(NOTE_KINDS.get(n.kind, n.kind))
            + (f"<br><span class='note'>{_e(n.check)}</span>" if n.check else ""),
            _e(note_text(n)),
            _e(n.reviewer),
            _e(n.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ]
        for n in notes
    ]
    return f"<p>{_e(notes_summary(notes))}.</p>" + _table(
        ["Segment", "What", "Text", "Who", "When"], rows, nowrap=(0, 1, 4)
    )


def _issues(report: ScoreReport) -> str:
    if not report.open_issues:
        return '<p class="note">No open issue in the reviewed text.</p>'
    rows = [[_e(i.segment), _e(i.severity), _e(i.check), _e(i.message)] for i in report.open_issues]
    return _table(["Segment", "Severity", "Check", "Message"], rows)


def to_html(report: ScoreReport, now: datetime, version: str) -> str:
    """The report as one HTML page."""
    data = report.data
    name = (data.path or "corpus").replace("\\", "/").rsplit("/", 1)[-1]
    weights = ", ".join(f"{k} {v:g}" for k, v in report.weights.items())
    body = [
        f"<h1>Review report: {_e(name)}</h1>",
        f'<div class="meta">{_e(data.source_lang)} → {_e(data.target_lang)} · generated '
        f"{_e(now.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC'))} by mtreview {_e(version)}</div>",
        _cards(report),
        "<h2>Metrics</h2>",
        _metrics(report),
        "<h2>Per-segment scores</h2>",
        _charts(report),
        "<h2>Terms: accuracy and consistency</h2>",
        _terms(report),
        "<h2>Quality score</h2>",
        f"<p>MT <b>{_e(mqm_text(report.mqm_before))}</b> → reviewed "
        f"<b>{_e(mqm_text(report.mqm_after))}</b>.</p>",
        f'<p class="note">{_e(MQM_MODEL)}. Severity multipliers: {_e(weights)}. APT counts the '
        "errors the checks find (and classified fixes of errors they did not raise); EWC is the "
        "word count of the text scored.</p>",
        "<h2>Fixes</h2>",
        _fixes(report),
        "<h2>Comments, ignored issues, confirmations, glossary changes</h2>",
        _notes(report),
        "<h2>Open issues after review</h2>",
        _issues(report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Review report: {_e(name)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
