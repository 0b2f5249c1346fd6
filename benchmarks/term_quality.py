"""Term-check quality on real parallel text: false alarms, planted errors, verdicts, the demo.

For each evaluation set (a human translation with its glossary; see ``benchmarks/termq/``),
the human English is checked as if it were MT:

a. false alarms: term issues the reference judge shows to be false (target: <= 1% of the
   verified occurrences), with the top false-alarm terms and examples;
b. planted errors (seeded): near-synonyms, word order, dropped words, typos, misspelt, joined
   or hyphenated names, dropped renderings, each with its exact span; found (a non-ok verdict,
   target >= 97%), located (an issue span overlaps the plant, target >= 85%) and whether the
   fix restores a rendering the glossary accepts;
c. per-(document, term) share of occurrences rendered, engine against reference (mean absolute
   difference, target <= 0.15);
d. the bundled demo's term issues, located issues and fixes against a recorded baseline.

Sets are read from $MTREVIEW_EVALSETS, benchmarks/data and shared/evalsets (``--sets`` to
choose); the TICO-19 set with Google's glossary is built from tests/data and always runs.

    python benchmarks/term_quality.py                 # tables and PASS/FAIL lines
    python benchmarks/term_quality.py --json          # one JSON document
    python benchmarks/term_quality.py --set bible-names --plants 500 --seed 7
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from termq import demo as demo_mod
from termq import engine
from termq.metrics import false_alarms, judge_corpus, planted, verdicts
from termq.oracle import SourceFinder
from termq.plant import plant_errors
from termq.sets import EvalSet, discover, load_set, script_variants, tico19_google

TARGETS = {"false_alarms": 0.01, "found": 0.97, "located": 0.85, "verdict_mad": 0.15}


def measure_set(evalset: EvalSet, plants: int = 300, seed: int = 1) -> dict[str, Any]:
    """Every measurement of one set, as plain data."""
    finder = SourceFinder(evalset.glossary, evalset.fold)
    human = judge_corpus(finder, evalset.corpus)
    run = engine.run(evalset.corpus, evalset.glossary)
    fa = false_alarms(evalset, human, run)
    planted_list, corrupted = plant_errors(evalset.corpus, finder, human, seed, plants)
    planted_run = engine.run(corrupted, evalset.glossary)
    pl = planted(finder, evalset, planted_list, planted_run)
    return {
        "name": evalset.name,
        "meta": evalset.meta,
        "segments": len(evalset.corpus.segments),
        "terms": len(evalset.glossary.terms),
        "engine_wall_seconds": round(run.seconds + planted_run.seconds, 2),
        "false_alarms": {**asdict(fa), "rate": fa.rate},
        "planted": {
            **asdict(pl),
            "recall": pl.recall,
            "location": pl.location,
            "plants": [asdict(p) for p in planted_list],
        },
        "verdicts": {
            "human": asdict(verdicts(evalset, human, run)),
            "planted": asdict(verdicts(evalset, human, planted_run, planted_list)),
            "planted_touched": asdict(
                verdicts(evalset, human, planted_run, planted_list, touched_only=True)
            ),
            "strict": asdict(verdicts(evalset, human, planted_run, planted_list, strict=True)),
        },
    }


def pooled(reports: list[dict[str, Any]]) -> dict[str, float]:
    """The headline figures over all sets (pooled counts, pair-weighted MAD)."""
    fa = [r["false_alarms"] for r in reports]
    pl = [r["planted"] for r in reports]
    vd = [r["verdicts"]["planted"] for r in reports]
    verified = sum(f["verified"] for f in fa)
    total, locatable = sum(p["total"] for p in pl), sum(p["locatable"] for p in pl)
    pairs = sum(v["pairs"] for v in vd)
    return {
        "false_alarms": sum(f["false"] for f in fa) / verified if verified else 0.0,
        "found": sum(p["found"] for p in pl) / total if total else 0.0,
        "located": sum(p["located"] for p in pl) / locatable if locatable else 0.0,
        "verdict_mad": sum(v["mad"] * v["pairs"] for v in vd) / pairs if pairs else 0.0,
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _set_text(r: dict[str, Any]) -> list[str]:
    m, fa, pl, vd = r["meta"], r["false_alarms"], r["planted"], r["verdicts"]
    seg_rate = fa["segments_with_false"] / max(1, fa["segments_with_terms"])
    out = [
        f"== {r['name']}: {m.get('domain', '')} · {m.get('script', '')} · {r['segments']} segments,"
        f" {r['terms']} terms · engine {r['engine_wall_seconds']} s wall (two runs, noisy)",
        "  a. false alarms (the human translation checked as MT)",
        f"     occurrences {fa['occurrences']}, verified {fa['verified']}"
        f" ({_pct(fa['verified'] / max(1, fa['occurrences']))}); term issues {fa['alarms']}:"
        f" false {fa['false']} = {_pct(fa['rate'])} of verified, {fa['unverified_alarms']} on"
        " unverified occurrences",
        f"     segments with terms {fa['segments_with_terms']}, with a false alarm"
        f" {fa['segments_with_false']} ({_pct(seg_rate)});"
        f" term-forbidden {fa['forbidden']}; share of alarms that are false"
        f" {_pct(fa['false'] / max(1, fa['alarms']))}",
    ]
    for t in fa["top"]:
        out.append(f"     {t['false']:>4}×  {t['source']} -> {t['target']!r} [{t['term']}]")
        for ex in t["examples"][:2]:
            out.append(
                f"            {ex['segment']} {ex['check']} found={ex['found']!r}: {ex['target']}"
            )
            out.append(f"              ({ex['why']})")
    out.append(f"  b. planted errors: {pl['total']}")
    out.append(f"     {'kind':<14}{'n':>5}{'found':>7}{'located':>9}")
    for kind, (n, found, located) in sorted(pl["kinds"].items()):
        loc = "-" if kind == "drop" else str(located)
        out.append(f"     {kind:<14}{n:>5}{found:>7}{loc:>9}")
    out.append(
        f"     found {pl['found']}/{pl['total']} ({_pct(pl['recall'])}) · located"
        f" {pl['located']}/{pl['locatable']} ({_pct(pl['location'])}) · fixes {pl['fixes']},"
        f" restoring the glossary {pl['fixes_correct']}, the human's exact text {pl['fixes_exact']}"
    )
    for label, rows in (("missed", pl["missed"]), ("not located", pl["unlocated"])):
        for ex in rows[:6]:
            out.append(
                f"     {label}: {ex['segment']} {ex['kind']} {ex['change']} [{ex['term']}]"
                f" issues={ex['issues']}"
            )
    for ex in pl["bad_fixes"][:4]:
        out.append(f"     wrong fix: {ex['segment']} {ex['change']}: {ex['fixed']}")
    h, p, t, s = vd["human"], vd["planted"], vd["planted_touched"], vd["strict"]
    out.append(
        f"  c. per-(document, term) verdicts, mean |engine - reference|: human {h['mad']:.3f}"
        f" ({h['pairs']} pairs) · planted {p['mad']:.3f} ({p['pairs']}) · pairs with a plant"
        f" {t['mad']:.3f} ({t['pairs']}) · strict {s['mad']:.3f} ({s['pairs']})"
    )
    for w in p["worst"][:4]:
        out.append(
            f"     {w['document']} {w['term']}: reference {w['reference']}, engine {w['engine']}"
        )
    return out


def _summary(reports: list[dict[str, Any]], demo: demo_mod.Demo | None) -> list[str]:
    total = pooled(reports)
    per = {
        "false_alarms": lambda r: r["false_alarms"]["rate"],
        "found": lambda r: r["planted"]["recall"],
        "located": lambda r: r["planted"]["location"],
        "verdict_mad": lambda r: r["verdicts"]["planted"]["mad"],
    }
    lines = [
        "",
        "summary: pooled over the sets, the worst set, each set in brackets; PASS needs all",
    ]
    for key, target in TARGETS.items() if reports else ():
        higher = key in ("found", "located")
        figures = [(per[key](r), r["name"]) for r in reports]
        worst = min(figures) if higher else max(figures)
        ok = all((x >= target) if higher else (x <= target) for x, _ in figures)
        sign = ">=" if higher else "<="
        fmt = (lambda x: f"{x:.3f}") if key == "verdict_mad" else _pct
        sets = ", ".join(f"{name} {fmt(x)}" for x, name in figures)
        lines.append(
            f"  {key:<13} {fmt(total[key]):>7}  worst {fmt(worst[0])}  target {sign} {fmt(target)}"
            f"  {'PASS' if ok else 'FAIL'}  [{sets}]"
        )
    if demo is not None:
        base = demo.baseline
        lines.append(
            f"  demo          {demo.issues} term issues (baseline {len(base.get('issues', []))}),"
            f" {demo.located} located (baseline {base.get('located', '-')}), {demo.fixes} fixes"
            f" (baseline {base.get('fixes', '-')}); lost {len(demo.lost)}, new {len(demo.new)}  "
            f"{'PASS' if demo.ok else 'FAIL'}"
        )
        for seg, term in demo.lost:
            lines.append(f"    lost: {seg} {term}")
        for seg, term in demo.new:
            lines.append(f"    new:  {seg} {term}")
    return lines


def load_sets(roots: list[Path] | None, names: list[str]) -> list[EvalSet]:
    """The sets to measure: the built-in TICO-19/Google set and every set directory found."""
    sets = [s for s in [tico19_google()] if s is not None]
    sets += [load_set(p) for p in discover(roots)]
    return [s for s in sets if not names or s.name in names]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=Path, action="append", help="a set directory or a root")
    parser.add_argument("--set", dest="names", action="append", default=[], help="only this set")
    parser.add_argument("--plants", type=int, default=300, help="planted errors per set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--head", type=int, default=0, help="only the first N segments per set")
    parser.add_argument(
        "--scripts",
        action="store_true",
        help="also each set with corpus and glossary in different scripts (needs opencc)",
    )
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--save-demo-baseline", action="store_true")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    args = parser.parse_args(argv)
    sets = load_sets(args.sets, args.names)
    if args.scripts:
        sets += script_variants(sets)
    if args.head:
        sets = [s.head(args.head) for s in sets]
    reports = [measure_set(s, args.plants, args.seed) for s in sets]
    demo = None if args.no_demo else demo_mod.measure()
    if demo is not None and args.save_demo_baseline:
        demo_mod.save(demo)
    if args.json:
        doc = {"targets": TARGETS, "pooled": pooled(reports), "sets": reports}
        if demo is not None:
            doc["demo"] = {**asdict(demo), "ok": demo.ok}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
        return 0
    for r in reports:
        print("\n".join(_set_text(r)))
    print("\n".join(_summary(reports, demo)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
