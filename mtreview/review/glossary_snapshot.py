"""The glossary a project's stored results were made with, kept in the project.

Stored with the results (metadata ``glossary_snapshot``, JSON), it serves twice:

- re-opening with the file unchanged (same SHA-256) takes the glossary from it instead of
  parsing the YAML again (about a second for 10,000 terms);
- re-opening after the file changed elsewhere (an editor, a reverted commit) re-checks only the
  segments the changed terms touch (:mod:`mtreview.scoring.incremental`), as a change made in
  the review does.

A segment's stored result is thus keyed by its text, the glossary's hash and the check set
(:func:`~mtreview.review.service.results_key`), and also by the wrong renderings learnt across
the corpus (:attr:`~mtreview.scoring.engine.Checker.known`, metadata ``known``): those learnt for
the terms a change leaves alone are kept with the results, as the learnt set of a changed term is
rebuilt from the segments holding it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from mtreview.glossary.model import glossary_data, glossary_of
from mtreview.review import glossary_file
from mtreview.review.glossary_file import GlossaryFile


def snapshot(found: GlossaryFile) -> str:
    """The JSON kept in the project for a glossary file as read."""
    return json.dumps({"hash": found.hash, **glossary_data(found.glossary)}, ensure_ascii=False)


def restore(text: str) -> GlossaryFile | None:
    """The glossary file a snapshot holds (``None`` when it cannot be read)."""
    try:
        data = json.loads(text)
        return GlossaryFile(glossary_of(data), data["hash"])
    except (ValueError, TypeError, KeyError):
        return None


def kept_glossary(path: Path, meta: dict[str, str]) -> GlossaryFile | None:
    """The glossary a project keeps, when the file at ``path`` still hashes as it did.

    The one rule for reading a project's glossary without parsing the file: re-opening and
    scoring both use it (``None``: the file changed or the snapshot is unreadable; parse it).
    """
    if meta.get("glossary_hash") != glossary_file.file_hash(path):
        return None
    kept = restore(meta.get("glossary_snapshot", ""))
    if kept is None or kept.hash != meta.get("glossary_hash"):
        return None
    return GlossaryFile(replace(kept.glossary, path=str(path)), kept.hash)


def kept_or_read(path: Path, meta: dict[str, str]) -> GlossaryFile:
    """The project's glossary at ``path``: the kept one while the file is unchanged, else read.

    Raises:
        MtreviewError: when the file has to be read and cannot be.
    """
    return kept_glossary(path, meta) or glossary_file.read_glossary(path)
