"""The one rule set of a glossary file, shared by the strict loader and the linter.

:func:`validate` walks the YAML data once and records every :class:`Problem` instead of stopping
at the first. The loader raises the first problem whose rule is fatal; ``glossary lint`` reports
them all, plus the advisory checks of :mod:`mtreview.glossary.lint`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mtreview.glossary.model import SEVERITIES, STATUSES, Glossary, Term, plain, slugify
from mtreview.glossary.script import fold_source
from mtreview.glossary.yaml_lines import Problem, line_of

if TYPE_CHECKING:
    from mtreview.glossary.merge import Entry

TOP_KEYS = ("source_lang", "target_lang", "name", "description", "terms")
TERM_KEYS = (
    "id",
    "source",
    "target",
    "variants",
    "forbidden",
    "note",
    "severity",
    "case_sensitive",
    "status",
)
LIST_KEYS = ("variants", "forbidden")

# rule id -> (severity, fatal, description). Fatal rules make the loader refuse the file.
RULES: dict[str, tuple[str, bool, str]] = {
    "yaml-syntax": ("critical", True, "the file is not valid YAML"),
    "duplicate-key": ("critical", True, "a key appears twice in one mapping"),
    "not-a-glossary": ("critical", True, "the file is not a mapping with a 'terms' list"),
    "unknown-key": ("critical", True, "a key the format does not know (own keys start with x-)"),
    "term-not-mapping": ("critical", True, "a 'terms' item is not a mapping"),
    "missing-field": ("critical", True, "a term lacks its source or target"),
    "empty-field": ("critical", True, "a source or target is empty"),
    "not-text": ("critical", True, "a field holds a number list, mapping or other non-text"),
    "bad-list-item": ("critical", True, "a variants/forbidden item is empty or not text"),
    "bad-value": ("critical", True, "severity, status or case_sensitive has a value not allowed"),
    "forbidden-accepted": (
        "critical",
        True,
        "a forbidden rendering equals the target or a variant",
    ),
    "duplicate-id": ("critical", True, "two terms share one explicit id"),
    "duplicate-term": ("critical", True, "the same source and target are listed twice"),
    "conflicting-targets": ("critical", True, "one source has two different targets"),
    "merged-source": (
        "major",
        False,
        "two sources differ only in full-width forms, case, quotes or script: merged into one",
    ),
    "forbidden-of-other": ("major", False, "a forbidden rendering is accepted for another term"),
    "target-in-source-script": ("major", False, "a target holds Chinese characters (swapped?)"),
    "stray-whitespace": ("minor", False, "leading, trailing, doubled or invisible whitespace"),
    "empty-optional": ("minor", False, "an optional field is present but empty"),
    "variant-is-target": ("minor", False, "a variant equals the target or another variant"),
    "duplicate-forbidden": ("minor", False, "a forbidden rendering is listed twice"),
    "quoted-source": ("minor", False, "a source carries quotation marks or brackets"),
    "source-not-source-language": ("minor", False, "a source has no Chinese characters"),
    "source-contained": ("info", False, "a source lies inside another source (longest applies)"),
    "shared-rendering": ("info", False, "two sources share one accepted rendering"),
    "derived-id-renamed": ("info", False, "two derived ids clash; the later one gets a suffix"),
}

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
# Inside a value: a doubled space, any whitespace but the space (``\s`` is str.isspace) or an
# invisible character. One search instead of a Python loop over the characters.
_ODD_WHITESPACE = re.compile("  |[^\\S ]|[" + "".join(sorted(_INVISIBLE)) + "]")


def where(term: Term) -> str:
    """Point at a term in a message: its line in the file, or its id for a term not from a file."""
    return f"on line {term.line}" if term.line is not None else f"term {term.id!r}"


def is_fatal(problem: Problem) -> bool:
    """Whether the strict loader refuses a file for ``problem``."""
    return RULES[problem.rule][1]


def warns(problem: Problem) -> bool:
    """Whether the loader, accepting the file, warns about ``problem`` (major, not fatal)."""
    severity, fatal, _ = RULES[problem.rule]
    return not fatal and severity in ("major", "critical")


def norm(text: str) -> str:
    """Compare renderings the way the matcher does: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def source_key(source: str) -> str:
    """When two sources are one term: equal keys (:func:`fold_source`, as the matcher sees them)."""
    return fold_source(source.strip())


def unique(items: list[str]) -> list[str]:
    """``items`` without empty ones and without repeats as :func:`norm` compares them."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and norm(item) not in seen:
            seen.add(norm(item))
            out.append(item)
    return out


def join_notes(first: str, second: str) -> str:
    """Two notes as one, the second on a line of its own unless the first holds it already."""
    if not second or second in first:
        return first
    return f"{first}\n{second}" if first else second


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity or "major") if (severity or "major") in SEVERITIES else -1


def merged_fields(first: Term | Entry, second: Term | Entry) -> tuple[dict[str, Any], str]:
    """The fields ``first`` takes when ``second``, the same source (:func:`source_key`), joins it.

    The one merge rule of the loader and of imports (docs/glossary.md, "One source, two
    entries"): the first entry keeps its id, spelling, line and target; a second target becomes
    a variant, variants and forbidden renderings are united, notes joined, the stricter severity
    and case sensitivity kept. A deprecated entry beside an active one brings only its note
    (the active one's renderings stand).

    Returns:
        The new field values, and what became of the second entry: ``"same"`` (its target is
        the first's), ``"variant"`` (its target is a variant now) or ``"deprecated"`` (one of
        the two is deprecated: only its note was taken).
    """
    first_old = first.status == "deprecated"
    second_old = second.status == "deprecated"
    if first_old != second_old:
        keep, drop = (second, first) if first_old else (first, second)
        fields: dict[str, Any] = {
            name: getattr(keep, name) for name in ("target", "variants", "forbidden")
        }
        fields |= {
            "note": join_notes(keep.note, drop.note),
            "severity": keep.severity,
            "case_sensitive": keep.case_sensitive,
            "status": keep.status,
            "extra": {**drop.extra, **keep.extra},
        }
        return fields, "deprecated"
    extra_targets = [] if norm(second.target) == norm(first.target) else [second.target]
    accepted = {norm(first.target)}
    variants = [
        v
        for v in unique([*first.variants, *extra_targets, *second.variants])
        if norm(v) not in accepted
    ]
    severity = max(first.severity, second.severity, key=_severity_rank)
    fields = {
        "variants": tuple(variants),
        "forbidden": tuple(unique([*first.forbidden, *second.forbidden])),
        "note": join_notes(first.note, second.note),
        "severity": severity,
        "case_sensitive": first.case_sensitive or second.case_sensitive,
        "extra": {**second.extra, **first.extra},
    }
    return fields, "variant" if extra_targets else "same"


def is_extension(key: object) -> bool:
    """Whether ``key`` is a user's own key (``x-`` prefix), kept as is."""
    return isinstance(key, str) and key.startswith("x-")


def _unknown_key(key: object, known: tuple[str, ...], where: str = "") -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"unknown {where}key {key!r} ({hint}known: {', '.join(known)}; "
        "prefix your own keys with 'x-')"
    )


class _TermReader:
    """Read one raw term mapping, recording problems rather than raising."""

    def __init__(self, raw: dict[Any, Any], out: list[Problem]) -> None:
        self.raw = raw
        self.out = out
        self.label: str | None = None

    def problem(self, rule: str, message: str, key: str | None = None) -> None:
        self.out.append(Problem(rule, message, line_of(self.raw, key), self.label))

    def whitespace(self, key: str, value: str, inner: bool = True) -> None:
        if value != value.strip() and value.strip():
            self.problem("stray-whitespace", f"leading or trailing whitespace in '{key}'", key)
        elif inner and _ODD_WHITESPACE.search(value):
            self.problem(
                "stray-whitespace",
                f"doubled, non-space or invisible whitespace inside '{key}': {value!r}",
                key,
            )

    def text(self, key: str, required: bool) -> str:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem("missing-field", f"term lacks '{key}'")
            elif key in self.raw:
                self.problem("empty-optional", f"'{key}' is present but empty", key)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem("not-text", f"'{key}' must be text", key)
            return ""
        text = str(value)
        if not text.strip():
            if required:
                self.problem("empty-field", f"'{key}' is empty", key)
            else:
                self.problem("empty-optional", f"'{key}' is present but empty", key)
            return ""
        self.whitespace(key, text, inner=key not in ("note",))
        return text.strip()

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.problem("not-text", f"'{key}' must be a list of text", key)
            return ()
        out: list[str] = []
        for item in items:
            if (
                isinstance(item, bool)
                or not isinstance(item, str | int | float)
                or not str(item).strip()
            ):
                self.problem("bad-list-item", f"'{key}' holds an empty or non-text item", key)
                continue
            self.whitespace(key, str(item))
            out.append(str(item).strip())
        return tuple(out)

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(key, False) or default
        if value not in allowed:
            self.problem("bad-value", f"{key} {value!r} is not one of {', '.join(allowed)}", key)
            return default
        return value


def _read_term(
    raw: object, index: int, fallback_line: int | None, out: list[Problem]
) -> Term | None:
    """Build a term from raw data, or ``None`` when it lacks what a term needs."""
    if not isinstance(raw, dict):
        out.append(
            Problem("term-not-mapping", f"term #{index + 1} is not a mapping", fallback_line)
        )
        return None
    reader = _TermReader(raw, out)
    raw_source = raw.get("source")
    reader.label = str(raw_source).strip() if isinstance(raw_source, str) else None
    for key in raw:
        if key not in TERM_KEYS and not is_extension(key):
            reader.problem("unknown-key", _unknown_key(key, TERM_KEYS), str(key))
    source = reader.text("source", True)
    target = reader.text("target", True)
    severity = reader.choice("severity", SEVERITIES, "major")
    status = reader.choice("status", STATUSES, "approved")
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        reader.problem("bad-value", "case_sensitive must be true or false", "case_sensitive")
        case_sensitive = False
    variants = reader.text_list("variants")
    forbidden = reader.text_list("forbidden")
    accepted = {norm(target), *(norm(v) for v in variants)}
    for bad in forbidden:
        if norm(bad) in accepted:
            reader.problem(
                "forbidden-accepted",
                f"forbidden rendering {bad!r} is also the target or a variant of {source}",
                "forbidden",
            )
    if not source or not target:
        return None
    return Term(
        id=reader.text("id", False) or slugify(target),
        source=source,
        target=target,
        variants=variants,
        forbidden=forbidden,
        note=reader.text("note", False),
        severity=severity,
        case_sensitive=case_sensitive,
        status=status,
        line=line_of(raw),
        extra={k: plain(v) for k, v in raw.items() if is_extension(k)},
    )


def _merge(first: Term, second: Term, problems: list[Problem]) -> Term:
    """``second`` merged into ``first`` (the same source spelt otherwise), with a warning."""
    fields, kind = merged_fields(first, second)
    what = {
        "same": "same target",
        "variant": f"its target {second.target!r} kept as a variant",
        "deprecated": "the deprecated entry gives only its note",
    }[kind]
    merged = replace(first, **fields)
    dropped = f" (id {second.id!r} merged into {merged.id!r})" if second.id != merged.id else ""
    problems.append(
        Problem(
            "merged-source",
            f"source {second.source} is {first.source} ({where(first)}) spelt otherwise: "
            f"merged, {what}{dropped}",
            second.line,
            second.source,
        )
    )
    for bad in merged.forbidden:
        if norm(bad) in {norm(t) for t in merged.accepted}:
            problems.append(
                Problem(
                    "forbidden-accepted",
                    f"forbidden rendering {bad!r} is accepted by the entry of {second.source} "
                    f"merged into {first.source} ({where(first)})",
                    second.line,
                    second.source,
                )
            )
    return merged


def _fields(term: Term) -> dict[str, Any]:
    return {name: getattr(term, name) for name in Term.__slots__}


def _language(data: dict[Any, Any], key: str, default: str, out: list[Problem]) -> str:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        out.append(Problem("not-text", f"'{key}' must be a language code", line_of(data, key)))
        return default
    return value.strip()


def validate(data: object, path: str, problems: list[Problem]) -> Glossary | None:
    """Check raw YAML data against every rule, appending to ``problems``.

    Returns:
        The glossary built from the terms that could be read, or ``None`` when the data is not
        a glossary at all. Terms that break a rule are kept where they still make sense, so that
        later rules (duplicates, conflicts) can be checked too.
    """
    if not isinstance(data, dict):
        problems.append(Problem("not-a-glossary", "a glossary is a mapping with a 'terms' list", 1))
        return None
    for key in data:
        if key not in TOP_KEYS and not is_extension(key):
            problems.append(
                Problem(
                    "unknown-key",
                    _unknown_key(key, TOP_KEYS, "top-level "),
                    line_of(data, str(key)),
                )
            )
    raw_terms = data.get("terms")
    if not isinstance(raw_terms, list):
        problems.append(
            Problem("not-a-glossary", "'terms' must be a list of terms", line_of(data, "terms"))
        )
        return None
    terms: list[Term] = []
    ids: dict[str, Term] = {}
    sources: dict[str, Term] = {}  # by source_key: the first term of each source
    position: dict[str, int] = {}  # where that term stands in ``terms``
    for index, raw in enumerate(raw_terms):
        term = _read_term(raw, index, line_of(data, "terms"), problems)
        if term is None:
            continue
        key = source_key(term.source)
        earlier = sources.get(key)
        if earlier is not None and earlier.source != term.source:
            merged = _merge(earlier, term, problems)
            terms[position[key]] = sources[key] = ids[merged.id] = merged
            continue
        explicit_id = isinstance(raw, dict) and raw.get("id") is not None
        if term.id in ids:
            first = ids[term.id]
            if explicit_id:
                problems.append(
                    Problem(
                        "duplicate-id",
                        f"duplicate id {term.id!r} (first {where(first)})",
                        term.line,
                        term.source,
                    )
                )
            n = 2
            while f"{term.id}-{n}" in ids:
                n += 1
            if not explicit_id:
                problems.append(
                    Problem(
                        "derived-id-renamed",
                        f"id {term.id!r} derived from the target is taken ({where(first)}): "
                        f"this term gets {term.id}-{n}",
                        term.line,
                        term.source,
                    )
                )
            term = Term(**{**_fields(term), "id": f"{term.id}-{n}"})
        if earlier is not None:
            if norm(earlier.target) == norm(term.target):
                rule, what = "duplicate-term", "is listed twice"
            else:
                rule = "conflicting-targets"
                what = f"has two targets: {earlier.target!r} and {term.target!r}"
            problems.append(
                Problem(
                    rule,
                    f"source {term.source} {what} (first {where(earlier)})",
                    term.line,
                    term.source,
                )
            )
        else:
            sources[key] = term
            position[key] = len(terms)
        ids[term.id] = term
        terms.append(term)
    return Glossary(
        tuple(terms),
        source_lang=_language(data, "source_lang", "zh", problems),
        target_lang=_language(data, "target_lang", "en", problems),
        path=path,
        extra={
            k: plain(v) for k, v in data.items() if is_extension(k) or k in ("name", "description")
        },
    )
