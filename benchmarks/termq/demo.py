"""The bundled demo's own term figures, compared with a recorded baseline."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import load_inputs
from termq import engine

BASELINE = Path(__file__).with_name("demo_baseline.json")


@dataclass
class Demo:
    """Term issues, located ones and fixes on the demo; what changed against the baseline."""

    issues: int = 0
    located: int = 0
    fixes: int = 0
    baseline: dict[str, Any] = field(default_factory=dict)
    lost: list[tuple[str, str]] = field(default_factory=list)  # baseline issues gone
    new: list[tuple[str, str]] = field(default_factory=list)  # issues the baseline lacks
    keys: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No baseline issue lost and no fewer located issues than the baseline."""
        return not self.lost and self.located >= self.baseline.get("located", 0)


def measure(baseline: Path = BASELINE) -> Demo:
    """Run the engine on the demo and compare with ``baseline`` (if it exists)."""
    corpus, glossary = load_inputs(demo_corpus(), demo_glossary())
    run = engine.run(corpus, glossary)
    issues = [i for found in run.issues.values() for i in found]
    out = Demo(
        issues=len(issues),
        located=sum(1 for i in issues if i.get("target_span")),
        fixes=sum(1 for i in issues if i.get("fix")),
        keys=sorted((i["segment"], i["term"]) for i in issues),
    )
    if baseline.is_file():
        out.baseline = json.loads(baseline.read_text(encoding="utf-8"))
        before = Counter(tuple(k) for k in out.baseline.get("issues", []))
        now = Counter(out.keys)
        out.lost = sorted((before - now).elements())
        out.new = sorted((now - before).elements())
    return out


def save(demo: Demo, baseline: Path = BASELINE) -> None:
    """Record the current figures as the baseline."""
    lines = [json.dumps(list(k), ensure_ascii=False) for k in demo.keys]
    text = (
        f'{{"located": {demo.located}, "fixes": {demo.fixes}, "issues": [\n '
        + ",\n ".join(lines)
        + "\n]}\n"
    )
    baseline.write_text(text, encoding="utf-8")
