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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review project made from the demo once per test session."""
    from review_helpers import demo_project

    return demo_project(tmp_path_factory.mktemp("template") / "demo.mtreview")


@pytest.fixture
def demo_copy(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo review project."""
    from review_helpers import demo_project

    return demo_project(tmp_path / "demo.mtreview", demo_template)
