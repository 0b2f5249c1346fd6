"""Where mtreview keeps its files: the bundled demo and the user data directory."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "mtreview"


def demo_dir() -> Path:
    """Return the folder of the bundled demo (corpus TSV and glossary YAML)."""
    return Path(str(resources.files("mtreview") / "data" / "demo"))


def demo_corpus() -> Path:
    """Return the path of the bundled demo corpus."""
    return demo_dir() / "green-dialectics.tsv"


def demo_glossary() -> Path:
    """Return the path of the bundled demo glossary."""
    return demo_dir() / "glossary.yaml"


def user_data_dir() -> Path:
    """Return (and create) the per-user data directory."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    """Return the per-user configuration directory (not created)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Return the per-user cache directory (not created); ``MTREVIEW_CACHE_DIR`` names another."""
    override = os.environ.get("MTREVIEW_CACHE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def display_path(path: str | Path) -> str:
    """A path as a person reads it.

    Relative to the working directory when inside it, else with ``~`` for the home directory.
    """
    p = Path(path).expanduser()
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        pass
    try:
        return "~/" + str(p.resolve().relative_to(Path.home().resolve()))
    except (ValueError, OSError):
        return str(p)
