"""The four measurements of a set: false alarms, planted errors, per-(document, term) verdicts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from mtreview.corpus.model import Corpus
from termq.engine import EngineRun
from termq.oracle import Judgement, SourceFinder, judge
from termq.plant import Plant
from termq.sets import EvalSet, document_of

Judged = dict[str, dict[str, Judgement]]  # segment id -> term id -> judgement


def judge_corpus(finder: SourceFinder, corpus: Corpus) -> Judged:
    """The reference reading of every segment."""
    return {seg.id: judge(finder, seg.source, seg.target) for seg in corpus.segments}


def _snippet(text: str, span: list[int] | tuple[int, int] | None, width: int = 40) -> str:
    if not span:
        return text[: 2 * width] + ("…" if len(text) > 2 * width else "")
    s, e = span
    left, right = max(0, s - width), min(len(text), e + width)
    return (
        ("…" if left else "")
        + text[left:s]
        + "[["
        + text[s:e]
        + "]]"
        + text[e:right]
        + ("…" if right < len(text) else "")
    )


@dataclass
class FalseAlarms:
    """Term issues on a human translation that the reference judge shows to be false."""

    occurrences: int = 0  # source occurrences (reference)
    verified: int = 0  # ... whose rendering the human target holds
    alarms: int = 0  # term issues raised
    false: int = 0  # ... on verified occurrences or on no occurrence at all
    unverified_alarms: int = 0  # ... on occurrences the human did not render by the glossary
    segments_with_terms: int = 0
    segments_with_false: int = 0
    forbidden: int = 0  # term-forbidden issues (a human translation should have none)
    top: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """False alarms per verified occurrence."""
        return self.false / self.verified if self.verified else 0.0


def false_alarms(
    evalset: EvalSet, human: Judged, run: EngineRun, top: int = 12, examples: int = 3
) -> FalseAlarms:
    """Count alarms beyond what the unverified occurrences can explain, per (segment, term)."""
    out = FalseAlarms()
    by_term: Counter[str] = Counter()
    shown: dict[str, list[dict[str, Any]]] = defaultdict(list)
    terms = evalset.glossary.by_id()
    for seg in evalset.corpus.segments:
        judged = human.get(seg.id, {})
        issues = run.issues.get(seg.id, [])
        out.forbidden += sum(1 for i in issues if i["check"] == "term-forbidden")
        n = sum(j.n for j in judged.values())
        out.occurrences += n
        out.verified += sum(j.verified for j in judged.values())
        out.segments_with_terms += bool(n)
        false_here = 0
        for term in {i["term"] for i in issues}:
            mine = [i for i in issues if i["term"] == term]
            j = judged.get(term)
            unverified = j.n - j.verified if j else 0
            false = max(0, len(mine) - unverified)
            out.alarms += len(mine)
            out.unverified_alarms += len(mine) - false
            out.false += false
            false_here += false
            if false:
                by_term[term] += false
                for i in mine[:false]:
                    if len(shown[term]) < examples:
                        shown[term].append(
                            {
                                "segment": seg.id,
                                "check": i["check"],
                                "found": i.get("found"),
                                "source": _snippet(seg.source, i.get("source_span"), 12),
                                "target": _snippet(seg.target, i.get("target_span")),
                                "why": "no occurrence by the reference (nested or other boundary)"
                                if j is None
                                else "the target holds "
                                + ", ".join(repr(seg.target[s:e]) for s, e in j.spans[:2]),
                            }
                        )
        out.segments_with_false += bool(false_here)
    for term, count in by_term.most_common(top):
        t = terms.get(term)
        out.top.append(
            {
                "term": term,
                "source": t.source if t else "?",
                "target": t.target if t else "?",
                "false": count,
                "examples": shown[term],
            }
        )
    return out


@dataclass
class Planted:
    """How the engine did on planted errors."""

    total: int = 0
    found: int = 0
    locatable: int = 0  # plants that should be located (not drops, not one-word synonyms)
    located: int = 0
    fixes: int = 0  # located issues offering a fix
    fixes_correct: int = 0  # the fix restores an accepted rendering, nothing else changes
    fixes_exact: int = 0  # the fix gives back the human's own text
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [n, found, located]
    missed: list[dict[str, Any]] = field(default_factory=list)
    unlocated: list[dict[str, Any]] = field(default_factory=list)
    bad_fixes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of plants the engine flagged."""
        return self.found / self.total if self.total else 0.0

    @property
    def location(self) -> float:
        """Share of locatable plants whose issue span overlaps the planted span."""
        return self.located / self.locatable if self.locatable else 0.0


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def planted(
    finder: SourceFinder,
    evalset: EvalSet,
    plants: list[Plant],
    run: EngineRun,
    examples: int = 12,
) -> Planted:
    """Found, located and fixed, per plant and per kind."""
    out = Planted()
    source = {seg.id: seg.source for seg in evalset.corpus.segments}
    for p in plants:
        out.total += 1
        stats = out.kinds.setdefault(p.kind, [0, 0, 0])
        stats[0] += 1
        issues = run.term_issues(p.segment, p.term)
        found = run.not_ok(p.segment, p.term) > 0 or bool(issues)
        out.found += found
        stats[1] += found
        record = {
            "segment": p.segment,
            "term": p.term,
            "kind": p.kind,
            "change": f"{p.original!r} -> {p.planted!r}",
            "target": _snippet(p.target, p.span),
            "issues": [(i["check"], i.get("found"), i.get("target_span")) for i in issues],
        }
        if not found:
            if len(out.missed) < examples:
                out.missed.append(record)
            continue
        if not p.locatable:
            continue
        out.locatable += 1
        s, e = p.span
        hits = [
            i
            for i in issues
            if i.get("target_span") and i["target_span"][0] < e and s < i["target_span"][1]
        ]
        if not hits:
            if len(out.unlocated) < examples:
                out.unlocated.append(record)
            continue
        out.located += 1
        stats[2] += 1
        fix = next((i["fix"] for i in hits if i.get("fix")), None)
        if fix is None:
            continue
        out.fixes += 1
        fs, fe = fix["target_span"]
        fixed = p.target[:fs] + fix["replacement"] + p.target[fe:]
        before = judge(finder, source[p.segment], p.human)
        after = judge(finder, source[p.segment], fixed)
        correct = all(
            tid in after and after[tid].verified == j.verified for tid, j in before.items()
        )
        out.fixes_correct += correct
        out.fixes_exact += _norm(fixed) == _norm(p.human)
        if not correct and len(out.bad_fixes) < examples:
            out.bad_fixes.append(
                {**record, "fixed": _snippet(fixed, (fs, fs + len(fix["replacement"])))}
            )
    return out


@dataclass
class Verdicts:
    """Per-(document, term) share of occurrences judged rendered: engine against reference."""

    pairs: int = 0
    mad: float = 0.0  # mean absolute difference
    worst: list[dict[str, Any]] = field(default_factory=list)


def verdicts(
    evalset: EvalSet,
    human: Judged,
    run: EngineRun,
    plants: list[Plant] | None = None,
    strict: bool = False,
    touched_only: bool = False,
    worst: int = 8,
) -> Verdicts:
    """Compare the engine's per-(document, term) success share with the reference.

    The reference knows the truth of a (document, term) pair when the human rendered every
    occurrence by the glossary (planted errors then are the only wrong ones); ``strict`` also
    takes the other pairs, counting unverified occurrences as not rendered.
    """
    planted_at = Counter((p.segment, p.term) for p in plants or ())
    total: Counter[tuple[str, str]] = Counter()
    ref_bad: Counter[tuple[str, str]] = Counter()
    eng_bad: Counter[tuple[str, str]] = Counter()
    unknown: set[tuple[str, str]] = set()
    for seg in evalset.corpus.segments:
        doc = document_of(seg.id)
        for term, j in human.get(seg.id, {}).items():
            key = (doc, term)
            total[key] += j.n
            ref_bad[key] += (j.n - j.verified) + planted_at[(seg.id, term)]
            eng_bad[key] += min(j.n, run.not_ok(seg.id, term))
            if not j.clean:
                unknown.add(key)
    keys = [k for k in total if (strict or k not in unknown)]
    if touched_only:
        touched = {(document_of(s), t) for s, t in planted_at}
        keys = [k for k in keys if k in touched]
    out = Verdicts(pairs=len(keys))
    diffs = []
    for key in keys:
        ref = 1 - ref_bad[key] / total[key]
        eng = 1 - eng_bad[key] / total[key]
        diffs.append((abs(ref - eng), key, ref, eng))
    if diffs:
        out.mad = sum(d for d, *_ in diffs) / len(diffs)
    for d, (doc, term), ref, eng in sorted(diffs, key=lambda x: -x[0])[:worst]:
        if d:
            out.worst.append(
                {"document": doc, "term": term, "reference": round(ref, 3), "engine": round(eng, 3)}
            )
    return out
