"""Where a project's glossary is, and the glossary file as read at one moment.

A project remembers its glossary relative to itself when the glossary is nearby (in the
project's folder, below it, or beside that folder), so that a folder holding both can be moved
or shared; it remembers the absolute path too, for when only the project moves.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from mtreview.corpus.textio import read_bytes
from mtreview.errors import MtreviewError
from mtreview.glossary.exchange import format_for, read_any
from mtreview.glossary.model import Glossary
from mtreview.glossary.yaml_io import parse_glossary_file


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """A glossary and the SHA-256 of the bytes it was parsed from."""

    glossary: Glossary
    hash: str


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (of nothing when the file is gone)."""
    data = Path(path).read_bytes() if Path(path).is_file() else b""
    return hashlib.sha256(data).hexdigest()


def is_yaml(path: str | Path) -> bool:
    """Whether the glossary file is YAML (the one format the review writes term changes to)."""
    return format_for(path, sniff=True).name == "yaml"


def read_glossary(path: str | Path) -> GlossaryFile:
    """Read and validate a glossary of any format, hashing exactly the bytes parsed."""
    data = read_bytes(path)
    glossary = parse_glossary_file(data, path) if is_yaml(path) else read_any(path).glossary
    return GlossaryFile(glossary, hashlib.sha256(data).hexdigest())


def location(project: Path, glossary: str | Path, name: str = "glossary") -> dict[str, str]:
    """The project metadata naming its glossary (or ``name`` file): relative and absolute.

    The relative path is kept only when the file is nearby.
    """
    absolute = Path(glossary).resolve()
    relative = os.path.relpath(absolute, project.resolve().parent)
    nearby = Path(relative).parts.count("..") <= 1
    return {
        f"{name}_path": relative if nearby else str(absolute),
        f"{name}_abs": str(absolute),
    }


def resolve(project: Path, meta: dict[str, str]) -> Path:
    """The project's glossary file: the relative path first, then the absolute one.

    Raises:
        MtreviewError: when the project names none or the file is gone.
    """
    named = meta.get("glossary_path", "")
    if not named:
        raise MtreviewError("the project names no glossary: give one with -g", project)
    candidates = [project.resolve().parent / named]
    if meta.get("glossary_abs"):
        candidates.append(Path(meta["glossary_abs"]))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise MtreviewError(f"the project's glossary {named} is gone: give one with -g", project)
