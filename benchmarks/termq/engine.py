"""Run mtreview's check engine and read its answer through the ``check --format json`` contract.

Only the JSON document (``issues`` and ``occurrences``) is read, so the measurement keeps
working while the engine behind it is rewritten.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mtreview.corpus.model import Corpus
from mtreview.glossary.model import Glossary
from mtreview.review import run_check
from mtreview.scoring import render_check


@dataclass
class EngineRun:
    """The engine's term verdicts on one corpus."""

    issues: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # term issues by segment
    occurrences: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by segment
    seconds: float = 0.0

    def term_issues(self, segment: str, term: str) -> list[dict[str, Any]]:
        """The term issues of one term in one segment."""
        return [i for i in self.issues.get(segment, ()) if i.get("term") == term]

    def not_ok(self, segment: str, term: str) -> int:
        """Source occurrences of ``term`` in ``segment`` with no accepted rendering."""
        spans: dict[tuple[int, ...], bool] = {}
        for occ in self.occurrences.get(segment, ()):
            if occ["term"] == term:
                key = tuple(occ["source_span"])
                spans[key] = spans.get(key, False) or bool(occ["ok"])
        return sum(1 for ok in spans.values() if not ok)


def is_term_issue(issue: dict[str, Any]) -> bool:
    """Whether an issue comes from the term checks (``term-*`` ids carrying a term)."""
    return str(issue.get("check", "")).startswith("term-") and issue.get("term") is not None


def run(corpus: Corpus, glossary: Glossary) -> EngineRun:
    """Check ``corpus`` and keep the term issues and term occurrences by segment."""
    start = time.perf_counter()
    result = run_check(corpus, glossary)
    doc = json.loads(render_check.to_json(result, glossary, occurrences=True))
    out = EngineRun(seconds=time.perf_counter() - start)
    issues: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for issue in doc["issues"]:
        if is_term_issue(issue):
            issues[issue["segment"]].append(issue)
    occurrences: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for occ in doc.get("occurrences", ()):
        occurrences[occ["segment"]].append(occ)
    out.issues, out.occurrences = dict(issues), dict(occurrences)
    return out
