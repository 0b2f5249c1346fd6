"""Glossary lint: every problem of a glossary file in one run, each with its line and severity.

The file is read leniently (:func:`mtreview.glossary.yaml_io.read_glossary`) with the loader's own
rule set, so lint reports exactly what the loader would refuse, and more: the advisory rules below
look across terms for what a maintainer wants to know but the loader lets pass.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import ahocorasick_rs

from mtreview.corpus.textio import read_text
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.neighbours import neighbours
from mtreview.glossary.rules import RULES, norm, source_key, validate, where
from mtreview.glossary.segmenter import is_han
from mtreview.glossary.yaml_io import read_glossary, term_to_dict
from mtreview.glossary.yaml_lines import Problem
from mtreview.plural import counted
from mtreview.textsafe import printable

LINT_SEVERITIES = ("info", "minor", "major", "critical")
LINT_RANK = {name: rank for rank, name in enumerate(LINT_SEVERITIES)}
_QUOTES = set("\"'“”‘’「」『』《》〈〉()（）【】[]")


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding: a rule broken at a line of a glossary file."""

    path: str
    line: int | None
    severity: str
    rule: str
    message: str
    term: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.severity}: {self.message} [{self.rule}]"


@dataclass(frozen=True, slots=True)
class LintResult:
    """The findings of one file, in line order, and how many terms could be read."""

    path: str
    terms: int
    findings: tuple[Finding, ...]

    def reaches(self, level: str) -> bool:
        """Whether any finding is at least as severe as ``level``."""
        return any(LINT_RANK[f.severity] >= LINT_RANK[level] for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Findings per severity, most severe first."""
        return {s: sum(f.severity == s for f in self.findings) for s in reversed(LINT_SEVERITIES)}


def _p(rule: str, message: str, term: Term) -> Problem:
    return Problem(rule, message, term.line, term.source)


def _within_term(term: Term, source_lang: str, target_lang: str) -> Iterable[Problem]:
    seen = {norm(term.target)}
    for variant in term.variants:
        if norm(variant) in seen:
            yield _p(
                "variant-is-target", f"variant {variant!r} repeats the target or a variant", term
            )
        seen.add(norm(variant))
    bad: set[str] = set()
    for rendering in term.forbidden:
        if norm(rendering) in bad:
            yield _p(
                "duplicate-forbidden", f"forbidden rendering {rendering!r} is listed twice", term
            )
        bad.add(norm(rendering))
    if any(c in _QUOTES for c in term.source):
        yield _p(
            "quoted-source",
            f"source {term.source} carries quotes or brackets: it then matches only when quoted",
            term,
        )
    if source_lang.lower().startswith("zh") and not any(is_han(c) for c in term.source):
        yield _p(
            "source-not-source-language", f"source {term.source!r} has no Chinese character", term
        )
    if not target_lang.lower().startswith(("zh", "ja")):
        for text in (term.target, *term.variants):
            if any(is_han(c) for c in text):
                yield _p(
                    "target-in-source-script",
                    f"rendering {text!r} holds Chinese characters: source and target swapped?",
                    term,
                )


def _across_terms(terms: tuple[Term, ...]) -> Iterable[Problem]:
    accepted: dict[str, list[Term]] = defaultdict(list)
    position = {id(term): index for index, term in enumerate(terms)}
    for term in terms:
        for text in dict.fromkeys(norm(t) for t in term.accepted):
            accepted[text].append(term)
    for term in terms:
        for rendering in term.forbidden:
            for other in accepted.get(norm(rendering), []):
                if source_key(other.source) != source_key(term.source):
                    yield _p(
                        "forbidden-of-other",
                        f"forbidden rendering {rendering!r} is accepted for {other.source} "
                        f"({where(other)}): a correct {other.source} would be flagged",
                        term,
                    )
        earlier = [
            o
            for o in accepted[norm(term.target)]
            if source_key(o.source) != source_key(term.source)
        ]
        if earlier and position[id(earlier[0])] < position[id(term)]:
            yield _p(
                "shared-rendering",
                f"target {term.target!r} is also accepted for {earlier[0].source} "
                f"({where(earlier[0])})",
                term,
            )
    # Compared as the matcher sees them: 金融市場 lies inside 金融市场基建 too.
    first = {source_key(t.source): t for t in reversed(terms)}
    keys = list(dict.fromkeys(source_key(t.source) for t in terms))
    if len(keys) < 2:
        return
    automaton = ahocorasick_rs.AhoCorasick(keys)
    for longer in keys:
        for index, _start, _end in automaton.find_matches_as_indexes(longer, overlapping=True):
            inner = keys[index]
            if inner != longer:
                yield _p(
                    "source-contained",
                    f"source {first[inner].source} lies inside {first[longer].source} "
                    f"({where(first[longer])}): where both match, the longer term applies",
                    first[inner],
                )


def lint_text(text: str, path: str) -> LintResult:
    """Lint glossary YAML text: the loader's rules and the advisory ones."""
    glossary, problems = read_glossary(text, path)
    if glossary is not None:
        problems.extend(advisory(glossary))
    findings = [
        Finding(path, p.line, RULES[p.rule][0], p.rule, p.message, p.term)
        for p in dict.fromkeys(problems)
    ]
    findings.sort(key=lambda f: (f.line or 0, -LINT_RANK[f.severity]))
    return LintResult(path, len(glossary) if glossary else 0, tuple(findings))


def check_term(
    glossary: Glossary, raw: dict[str, Any], replacing: str | None = None
) -> list[Finding]:
    """Validate one term as a form would add it (or put it in place of term ``replacing``).

    The term is checked with the loader's rules and the advisory ones, against the terms of the
    glossary it could meet (:mod:`mtreview.glossary.neighbours`: an index, not the whole glossary);
    only the findings the new term brings are returned (``line`` is ``None``). Those of severity
    ``critical`` mean the glossary could not be saved and loaded again.
    """
    others = [term_to_dict(t) for t in neighbours(glossary).around(raw, replacing)]
    langs = {"source_lang": glossary.source_lang, "target_lang": glossary.target_lang}
    path = glossary.path or "<glossary>"

    def problems(terms: list[dict[str, Any]]) -> list[Problem]:
        found: list[Problem] = []
        loaded = validate({**langs, "terms": terms}, path, found)
        return found + (advisory(loaded) if loaded is not None else [])

    before = {(p.rule, p.message, p.term) for p in problems(others)}
    return [
        Finding(path, None, RULES[p.rule][0], p.rule, p.message, p.term)
        for p in dict.fromkeys(problems([*others, raw]))
        if (p.rule, p.message, p.term) not in before
    ]


def advisory(glossary: Glossary) -> list[Problem]:
    """The rules that look across a loaded glossary (none of them stops the loader)."""
    out: list[Problem] = []
    for term in glossary.terms:
        out.extend(_within_term(term, glossary.source_lang, glossary.target_lang))
    out.extend(_across_terms(glossary.terms))
    return out


def lint_file(path: str | Path) -> LintResult:
    """Lint a glossary YAML file.

    Raises:
        MtreviewError: when the file cannot be read or decoded (not for problems inside it).
    """
    return lint_text(read_text(path), str(path))


def lint_any(path: str | Path) -> LintResult:
    """Lint a glossary of any format: YAML with :func:`lint_file`; TBX and tables imported.

    An imported file's fixes (merged, skipped or renamed entries) are ``minor`` findings, its
    glossary then gets the advisory rules.

    Raises:
        MtreviewError: when the file cannot be read or is not a glossary.
    """
    from mtreview.glossary.exchange import format_for, read_any

    if format_for(path, sniff=True).name == "yaml":
        return lint_file(path)
    imported = read_any(path)
    findings = [
        _notice_finding(str(path), notice, "minor", "import-fix") for notice in imported.notices
    ]
    findings += [
        Finding(str(path), p.line, RULES[p.rule][0], p.rule, p.message, p.term)
        for p in dict.fromkeys(advisory(imported.glossary))
    ]
    findings.sort(key=lambda f: (f.line or 0, -LINT_RANK[f.severity]))
    return LintResult(str(path), len(imported.glossary), tuple(findings))


def _notice_finding(path: str, notice: str, severity: str, rule: str) -> Finding:
    """A ``file:line: message`` notice as a finding."""
    where, _, message = notice.partition(": ")
    line = where.rsplit(":", 1)[-1] if where.startswith(path) else ""
    return Finding(path, int(line) if line.isdigit() else None, severity, rule, message)


def conflicts(paths: list[str]) -> list[Finding]:
    """Conflicts between glossaries used together (``-g a -g b``): ``major`` findings."""
    from mtreview.glossary.exchange import read_any
    from mtreview.glossary.load import merge_glossaries

    parts = [read_any(p) for p in paths]
    merged = merge_glossaries(parts)
    own = {n for part in parts for n in part.notices}
    out = []
    for notice in merged.notices:
        if notice in own:
            continue
        path = next((p for p in paths if notice.startswith(f"{p}:")), paths[-1])
        out.append(_notice_finding(path, notice, "major", "glossary-conflict"))
    return out


def to_text(result: LintResult) -> str:
    """One line per finding, then a summary line."""
    lines = [printable(str(f)) for f in result.findings]
    counts = ", ".join(f"{n} {s}" for s, n in result.counts().items() if n)
    lines.append(
        f"{result.path}: {counted(result.terms, 'term')}, "
        f"{counted(len(result.findings), 'finding')}" + (f" ({counts})" if counts else "")
    )
    return "\n".join(lines)


def to_json(result: LintResult) -> str:
    """The result as one JSON object: path, terms, findings, summary."""
    return json.dumps(
        {
            "path": result.path,
            "terms": result.terms,
            "findings": [asdict(f) for f in result.findings],
            "summary": result.counts(),
        },
        ensure_ascii=False,
        indent=2,
    )
