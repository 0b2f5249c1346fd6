"""JSONL: one JSON object per segment, ``{"id", "source", "target", "reference"?, "codes"?}``.

Common alternative key names are read too (``src``/``tgt``/``mt``/``translation``/``ref``);
a missing id becomes the line number. Inline codes travel as ``codes`` (a list of
:meth:`InlineCode.to_dict` objects) beside text holding their placeholder characters. Writing a
corpus read from JSONL rewrites only the lines whose target changed, keeping every other key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mtreview.corpus.model import Corpus, InlineCode, Segment
from mtreview.corpus.textio import decode_bytes, read_bytes, write_bytes_atomic
from mtreview.errors import MtreviewError

SOURCE_KEYS = ("source", "src", "source_text")
TARGET_KEYS = ("target", "tgt", "mt", "translation", "hypothesis", "target_text")
REFERENCE_KEYS = ("reference", "ref")
ID_KEYS = ("id", "segment_id", "seg_id", "key")
LANG_KEYS = (("source_lang", "src_lang"), ("target_lang", "tgt_lang"))


def is_jsonl(head: bytes) -> bool:
    """Whether a document's first bytes look like JSON lines (an object on the first line)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text.startswith("{")


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in obj), None)


def _text(obj: dict[str, Any], key: str | None, path: str | Path, line: int) -> str | None:
    if key is None or obj[key] is None:
        return None
    value = obj[key]
    if not isinstance(value, str):
        raise MtreviewError(f"{key!r} must be a string, not {type(value).__name__}", path, line)
    return value


def _lines(data: bytes, path: str | Path) -> list[str]:
    # Split on line feeds only: JSON strings may hold U+2028 and other line separators.
    return re.findall(r"[^\n]*\n|[^\n]+$", decode_bytes(data, path).lstrip("\ufeff"))


# A JSON string may escape half of a UTF-16 pair alone ("\ud800"): json reads it as a lone
# surrogate, which is no character — every later encode (fingerprints, output) would fail.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(obj: object) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _objects(data: bytes, path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for number, line in enumerate(_lines(data, path), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MtreviewError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", path, number
            ) from None
        if not isinstance(obj, dict):
            raise MtreviewError("each line must be a JSON object", path, number)
        if _SURROGATE_ESCAPE.search(line) and _lone_surrogate(obj):
            message = "a lone surrogate escape (\\ud800-\\udfff without its pair) is no character"
            raise MtreviewError(message, path, number)
        out.append((number, obj))
    return out


def _segment(obj: dict[str, Any], number: int, path: str | Path) -> Segment:
    source = _text(obj, _first(obj, SOURCE_KEYS), path, number)
    if source is None:
        raise MtreviewError(
            f"no source text: expected one of {', '.join(SOURCE_KEYS)}", path, number
        )
    target = _text(obj, _first(obj, TARGET_KEYS), path, number) or ""
    reference = _text(obj, _first(obj, REFERENCE_KEYS), path, number)
    id_key = _first(obj, ID_KEYS)
    seg_id = str(obj[id_key]) if id_key is not None and obj[id_key] is not None else str(number)
    raw_codes = obj.get("codes") or []
    if not isinstance(raw_codes, list):
        raise MtreviewError("'codes' must be a list of objects", path, number)
    try:
        codes = tuple(InlineCode.from_dict(c) for c in raw_codes if isinstance(c, dict))
    except ValueError as exc:
        raise MtreviewError(str(exc), path, number) from None
    if len(codes) != len(raw_codes) or len({c.char for c in codes}) != len(codes):
        raise MtreviewError("'codes' must be objects with distinct characters", path, number)
    return Segment(seg_id, source, target, reference, number, codes)


def read_jsonl(path: str | Path) -> Corpus:
    """Read a JSONL corpus.

    Raises:
        MtreviewError: for a line that is not a JSON object, lacks a source, repeats an id or
            holds malformed codes (the message names the line).
    """
    data = read_bytes(path)
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    langs = ["", ""]  # unknown unless the file says (the caller fills them in)
    for number, obj in _objects(data, path):
        seg = _segment(obj, number, path)
        if seg.id in seen:
            raise MtreviewError(
                f"duplicate id {seg.id!r} (first on line {seen[seg.id]})", path, number
            )
        seen[seg.id] = number
        for i, keys in enumerate(LANG_KEYS):
            key = _first(obj, keys)
            if not langs[i] and key is not None and isinstance(obj[key], str) and obj[key]:
                langs[i] = obj[key]
        segments.append(seg)
    return Corpus(tuple(segments), str(path), langs[0], langs[1], {}, "jsonl", data)


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _patched(corpus: Corpus, path: str | Path) -> str:
    assert corpus.document is not None
    wanted = corpus.by_id()
    out = []
    for number, line in enumerate(_lines(corpus.document, corpus.path or path), start=1):
        body = line.rstrip("\r\n")
        if not body.strip():
            out.append(line)
            continue
        obj = json.loads(body)
        old = _segment(obj, number, path)
        seg = wanted.pop(old.id, None)
        if seg is None or (seg.target == old.target and seg.codes == old.codes):
            out.append(line)
            continue
        obj[_first(obj, TARGET_KEYS) or "target"] = seg.target
        if seg.codes or "codes" in obj:
            obj["codes"] = [c.to_dict() for c in seg.codes]
        out.append(_dump(obj) + line[len(body) :])
    if wanted:
        raise MtreviewError(f"segment {next(iter(wanted))!r} is not in the original document", path)
    return "".join(out)


def write_jsonl(path: str | Path, corpus: Corpus) -> None:
    """Write JSONL (UTF-8, atomically): the original lines patched, or one object per segment."""
    if corpus.document is not None and corpus.format == "jsonl":
        text = _patched(corpus, path)
    else:
        lines = []
        for seg in corpus.segments:
            obj: dict[str, Any] = {"id": seg.id, "source": seg.source, "target": seg.target}
            if seg.reference is not None:
                obj["reference"] = seg.reference
            if seg.codes:
                obj["codes"] = [c.to_dict() for c in seg.codes]
            obj["source_lang"] = corpus.source_lang
            obj["target_lang"] = corpus.target_lang
            lines.append(_dump(obj) + "\n")
        text = "".join(lines)
    write_bytes_atomic(path, text.encode("utf-8"))
