from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.glossary.yaml_io import parse_glossary
from mtreview.paths import demo_corpus, demo_glossary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_paths() -> tuple[Path, Path]:
    return demo_corpus(), demo_glossary()


def make_glossary(yaml_text: str):
    return parse_glossary(yaml_text, "test.yaml")
