"""Load and validate the glossary YAML (``yaml.safe_load`` rules only), and save it back.

Every error names the file and the line PyYAML's marks give for the offending node.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from mtreview.corpus.textio import read_text, write_text_atomic
from mtreview.errors import MtreviewError
from mtreview.glossary.model import SEVERITIES, STATUSES, Glossary, Term, slugify

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


class _LinedDict(dict[Any, Any]):
    """A mapping that remembers the 1-based lines of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader whose mappings remember where they stand in the file."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise MtreviewError(
                    f"key {key!r} appears twice in one mapping (first on line {seen[key]})",
                    self.name,
                    key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 1
        mapping = _LinedDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = seen
        return mapping


def _construct_lined_map(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    return loader.construct_mapping(node, deep=True)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_lined_map)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _is_extension(key: object) -> bool:
    return isinstance(key, str) and key.startswith("x-")


def _line_of(mapping: dict[Any, Any], key: str | None = None) -> int | None:
    if isinstance(mapping, _LinedDict):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return None


def _text(raw: dict[Any, Any], key: str, path: str, required: bool) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise MtreviewError(f"term lacks '{key}'", path, _line_of(raw))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MtreviewError(f"'{key}' must be text", path, _line_of(raw, key))
    text = str(value).strip()
    if required and not text:
        raise MtreviewError(f"'{key}' is empty", path, _line_of(raw, key))
    return text


def _text_list(raw: dict[Any, Any], key: str, path: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise MtreviewError(f"'{key}' must be a list of text", path, _line_of(raw, key))
    out: list[str] = []
    for item in items:
        if (
            isinstance(item, bool)
            or not isinstance(item, str | int | float)
            or not str(item).strip()
        ):
            raise MtreviewError(
                f"'{key}' holds an empty or non-text item", path, _line_of(raw, key)
            )
        out.append(str(item).strip())
    return tuple(out)


def _term(raw: object, path: str, index: int, fallback_line: int | None) -> Term:
    if not isinstance(raw, dict):
        raise MtreviewError(f"term #{index + 1} is not a mapping", path, fallback_line)
    unknown = [k for k in raw if k not in TERM_KEYS and not _is_extension(k)]
    if unknown:
        raise MtreviewError(
            f"unknown key {unknown[0]!r} in term (known: {', '.join(TERM_KEYS)}; "
            "prefix your own keys with 'x-')",
            path,
            _line_of(raw, str(unknown[0])),
        )
    source = _text(raw, "source", path, True)
    target = _text(raw, "target", path, True)
    severity = _text(raw, "severity", path, False) or "major"
    if severity not in SEVERITIES:
        raise MtreviewError(
            f"severity {severity!r} is not one of {', '.join(SEVERITIES)}",
            path,
            _line_of(raw, "severity"),
        )
    status = _text(raw, "status", path, False) or "approved"
    if status not in STATUSES:
        raise MtreviewError(
            f"status {status!r} is not one of {', '.join(STATUSES)}", path, _line_of(raw, "status")
        )
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise MtreviewError(
            "case_sensitive must be true or false", path, _line_of(raw, "case_sensitive")
        )
    variants = _text_list(raw, "variants", path)
    forbidden = _text_list(raw, "forbidden", path)
    accepted = {_norm(target), *(_norm(v) for v in variants)}
    for bad in forbidden:
        if _norm(bad) in accepted:
            raise MtreviewError(
                f"forbidden rendering {bad!r} is also the target or a variant of {source}",
                path,
                _line_of(raw, "forbidden"),
            )
    return Term(
        id=_text(raw, "id", path, False) or slugify(target),
        source=source,
        target=target,
        variants=variants,
        forbidden=forbidden,
        note=_text(raw, "note", path, False),
        severity=severity,
        case_sensitive=case_sensitive,
        status=status,
        line=_line_of(raw),
        extra={k: v for k, v in raw.items() if _is_extension(k)},
    )


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    """Parse and validate glossary YAML text.

    Raises:
        MtreviewError: for YAML syntax errors, unknown keys, missing fields, duplicate ids or
            sources, conflicting targets, and forbidden renderings that are also accepted.
    """
    loader = _LineLoader(text)
    loader.name = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "<stream end>" in str(exc.problem):
            mark = exc.context_mark  # an unclosed bracket: point at where it opened
        line = mark.line + 1 if mark is not None else None
        raise MtreviewError(f"invalid YAML: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise MtreviewError(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise MtreviewError("a glossary is a mapping with a 'terms' list", path, 1)
    unknown = [k for k in data if k not in TOP_KEYS and not _is_extension(k)]
    if unknown:
        raise MtreviewError(
            f"unknown top-level key {unknown[0]!r} (known: {', '.join(TOP_KEYS)})",
            path,
            _line_of(data, str(unknown[0])),
        )
    raw_terms = data.get("terms")
    if not isinstance(raw_terms, list):
        raise MtreviewError("'terms' must be a list of terms", path, _line_of(data, "terms"))
    terms: list[Term] = []
    ids: dict[str, Term] = {}
    sources: dict[str, Term] = {}
    for index, raw in enumerate(raw_terms):
        term = _term(raw, path, index, _line_of(data, "terms"))
        explicit_id = isinstance(raw, dict) and raw.get("id") is not None
        if term.id in ids:
            if explicit_id:
                raise MtreviewError(
                    f"duplicate id {term.id!r} (first on line {ids[term.id].line})", path, term.line
                )
            n = 2
            while f"{term.id}-{n}" in ids:
                n += 1
            term = Term(**{**_fields(term), "id": f"{term.id}-{n}"})
        key = unicodedata.normalize("NFKC", term.source)
        if key in sources:
            first = sources[key]
            what = (
                "is listed twice"
                if _norm(first.target) == _norm(term.target)
                else f"has two targets: {first.target!r} and {term.target!r}"
            )
            raise MtreviewError(
                f"source {term.source} {what} (first on line {first.line})", path, term.line
            )
        ids[term.id] = term
        sources[key] = term
        terms.append(term)
    return Glossary(
        tuple(terms),
        source_lang=str(data.get("source_lang") or "zh"),
        target_lang=str(data.get("target_lang") or "en"),
        path=path,
        extra={k: v for k, v in data.items() if _is_extension(k) or k in ("name", "description")},
    )


def _fields(term: Term) -> dict[str, Any]:
    return {name: getattr(term, name) for name in Term.__slots__}


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary YAML file."""
    return parse_glossary(read_text(path), str(path))


def term_to_dict(term: Term) -> dict[str, Any]:
    """Return the YAML mapping of a term, in a stable order, omitting defaults."""
    out: dict[str, Any] = {"id": term.id, "source": term.source, "target": term.target}
    if term.variants:
        out["variants"] = list(term.variants)
    if term.forbidden:
        out["forbidden"] = list(term.forbidden)
    if term.note:
        out["note"] = term.note
    if term.severity != "major":
        out["severity"] = term.severity
    if term.case_sensitive:
        out["case_sensitive"] = True
    if term.status != "approved":
        out["status"] = term.status
    out.update(term.extra)
    return out


def dump_glossary(glossary: Glossary) -> str:
    """Serialise a glossary as YAML text in a stable, diff-friendly order."""
    data: dict[str, Any] = {
        "source_lang": glossary.source_lang,
        "target_lang": glossary.target_lang,
        **glossary.extra,
        "terms": [term_to_dict(t) for t in glossary.terms],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_glossary(glossary: Glossary, path: str | Path) -> None:
    """Write a glossary YAML file atomically."""
    write_text_atomic(path, dump_glossary(glossary))
