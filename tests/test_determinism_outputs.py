"""``glossary candidates`` and ``score`` print the same bytes whatever the hash seed (issue 14).

Each command runs in two fresh processes with different ``PYTHONHASHSEED`` values; a set or
dictionary iterated in hash order anywhere on the way would show as a difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.paths import demo_corpus, demo_glossary


def _run(args: list[str], seed: str, cwd: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "mtreview", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("seeds")
    segments = read_corpus(demo_corpus()).segments
    reference = folder / "ref.txt"
    reference.write_text(
        "".join(s.target.replace("green", "Green") + "\n" for s in segments), encoding="utf-8"
    )
    reviewed = folder / "reviewed.txt"
    reviewed.write_text(
        "".join(
            (s.target.replace("the ", "") if i % 3 == 0 else s.target) + "\n"
            for i, s in enumerate(segments)
        ),
        encoding="utf-8",
    )
    return {"ref": reference, "reviewed": reviewed, "folder": folder}


@pytest.mark.parametrize(
    "command",
    [
        ["glossary", "candidates", "{corpus}", "--format", "json", "--top", "60"],
        ["glossary", "candidates", "{corpus}", "-g", "{glossary}", "--format", "json"],
        ["score", "{corpus}", "-g", "{glossary}", "--ref", "{ref}", "--format", "json"],
        ["score", "{corpus}", "--ref", "{ref}", "--reviewed", "{reviewed}", "--format", "csv"],
    ],
    ids=["candidates", "candidates-glossary", "score-ref", "score-reviewed"],
)
def test_two_hash_seeds_print_the_same_bytes(command: list[str], files: dict[str, Path]) -> None:
    values = {
        "corpus": str(demo_corpus()),
        "glossary": str(demo_glossary()),
        "ref": str(files["ref"]),
        "reviewed": str(files["reviewed"]),
    }
    args = [part.format(**values) for part in command]
    first = _run(args, "1", files["folder"])
    second = _run(args, "4242", files["folder"])
    assert len(first) > 500
    assert first == second
