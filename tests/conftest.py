from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from mtreview.glossary.yaml_io import parse_glossary
from mtreview.paths import demo_corpus, demo_glossary

ROOT = Path(__file__).resolve().parent.parent
_TEST_HOME = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """Before any fixture (session and module ones included) or test process: the developer's
    own config.toml is never read, nor their cache folder used (one cache for the run: made
    once, then read)."""
    home = Path(tempfile.mkdtemp(prefix="mtreview-tests-"))
    config.stash[_TEST_HOME] = home
    os.environ["MTREVIEW_CONFIG"] = str(home / "no-config" / "config.toml")
    os.environ["MTREVIEW_CACHE_DIR"] = str(home / "cache")


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_TEST_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Tests never read the developer's own config.toml (keys, reviewer)."""
    missing = tmp_path_factory.getbasetemp() / "no-config" / "config.toml"
    monkeypatch.setenv("MTREVIEW_CONFIG", str(missing))


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


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Textual's Pilot) in a fresh event loop, without a plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**args))
    return True
