"""Shared helpers for the review project, service and TUI tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from mtreview.corpus.model import Corpus, Segment
from mtreview.review import ReviewService, load_inputs
from mtreview.review.store import Store
from mtreview.review.store_records import SharedIssue, stored_issues
from mtreview.scoring.issues import Issue

ROOT = Path(__file__).resolve().parent.parent


def demo_project(path: Path, template: Path | None = None) -> Path:
    """A fresh copy of a project made from the demo (made once per session, then copied)."""
    if template is not None and template.exists():
        shutil.copyfile(template, path)
        return path
    corpus, glossary = load_inputs(None, None, demo=True)
    ReviewService.create(path, corpus, glossary, "tester").close()
    return path


def small_project(path: Path, segments: list[tuple[str, str, str]], glossary_yaml: str) -> Path:
    """A project from in-memory segments and a glossary file written next to it."""
    gloss = path.with_suffix(".yaml")
    gloss.write_text(glossary_yaml, encoding="utf-8")
    from mtreview.glossary.yaml_io import load_glossary

    corpus = Corpus(tuple(Segment(i, s, t) for i, s, t in segments), str(path))
    ReviewService.create(path, corpus, load_glossary(gloss), "tester").close()
    return path


def stored_results(path: Path) -> dict[str, tuple[str, str, tuple[SharedIssue, ...]]]:
    """(own issue keys, detail, corpus-level issues) of every segment as stored.

    Read with a connection of its own: what another program opening the project finds.
    """
    store = Store.open(path, read_only=True)
    try:
        corpus = store.corpus_rows()
        return {
            now.original.id: (keys, now.detail or "", corpus.get(now.pos, ()))
            for now, keys in zip(
                store.segments_now(range(store.size())),
                [r[3] for r in store.index_rows()[1]],
                strict=True,
            )
        }
    finally:
        store.close()


def stored_issues_of(path: Path) -> dict[str, tuple[Issue, ...]]:
    """Every segment's stored issues (its own checks' and the corpus-level ones, joined)."""
    store = Store.open(path, read_only=True)
    try:
        return {
            now.original.id: stored_issues(now) for now in store.segments_now(range(store.size()))
        }
    finally:
        store.close()


def query_in_new_process(path: Path, sql: str) -> list[list[Any]]:
    """Run ``sql`` on the project from a separate Python process (what another run would see)."""
    code = (
        "import json, sqlite3, sys; db = sqlite3.connect(sys.argv[1]);"
        "print(json.dumps(db.execute(sys.argv[2]).fetchall()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), sql], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


GLOSSARY = """\
source_lang: zh
target_lang: en
terms:
  - source: 三区四带
    target: three zones and four belts
    forbidden: [three zones and four zones]
    note: national ecological security barrier pattern
  - source: 碳票
    target: carbon ticket
    forbidden: [carbon stamp]
"""


# Segments for the batch actions: term fixes (碳票 twice in s5), a double space, clean segments.
BATCH_SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
    ("s3", "没有术语的句子。", "A sentence without terms."),
    ("s4", "“三区四带”很重要。", "The three zones and four belts matter."),
    ("s5", "碳票和碳票。", "Use carbon stamp and  carbon stamp."),
    ("s6", "你好世界。", "Hello  world."),
]


LEGACY = ROOT / "tests" / "data" / "legacy"


def legacy_project(tmp: Path, version: int = 2) -> Path:
    """A copy of a project made by mtreview before this schema (schema 2, no application id).

    It holds four segments and five actions (fix, ignore, confirm, edit, undo of the edit); its
    glossary is copied beside it and the project pointed at the copy, as on the user's disk.
    ``version`` 1 drops the score cache table, as schema 1 had none.
    """
    import sqlite3

    path = tmp / "legacy.mtreview"
    shutil.copyfile(LEGACY / "v2.mtreview", path)
    shutil.copyfile(LEGACY / "v2.yaml", tmp / "legacy.yaml")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'glossary_path'", (str(tmp / "legacy.yaml"),))
    if version == 1:
        db.execute("DROP TABLE score_cache")
        db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    return path


def forget_scores(path: Path) -> None:
    """Drop everything scoring keeps (statistics and checks): the next score makes it all."""
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("DELETE FROM check_summaries")
    db.execute("DELETE FROM score_cache")
    db.commit()
    db.close()
