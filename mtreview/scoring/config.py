"""The project config file: which checks run and at what severity.

``mtreview.toml`` next to the corpus (or the file given with ``--config``)::

    [checks]
    disabled = ["double-space", "unbalanced-quotes"]

    [checks.severity]
    number-mismatch = "critical"

    [[checks.custom]]
    name = "etc-period"
    target = '\\betc\\b(?!\\.)'
    message = "write 'etc.' with a period"
    severity = "minor"
    fix = "etc."

Custom checks (:mod:`mtreview.scoring.checks.custom`) become ids ``custom:<name>``.
Options given on the command line add to the file: ``--disable`` turns more checks off and
``--severity`` wins over the file's severity for the same check.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mtreview.corpus.textio import read_text
from mtreview.errors import MtreviewError
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.checks.custom import parse_custom
from mtreview.scoring.engine import CheckConfig
from mtreview.scoring.issues import SEVERITY_RANK

CONFIG_NAME = "mtreview.toml"


def find_config(corpus: str | Path | None) -> Path | None:
    """The ``mtreview.toml`` beside ``corpus``, if there is one."""
    if corpus is None:
        return None
    candidate = Path(corpus).resolve().parent / CONFIG_NAME
    return candidate if candidate.is_file() else None


def config_file(config: str | Path | None, corpus: str | Path | None) -> Path | None:
    """The config file a check reads: ``config`` when given, else the one beside ``corpus``."""
    return Path(config) if config is not None else find_config(corpus)


def _line_of(text: str, *needles: str) -> int | None:
    """The first line (1-based) holding every needle, to point the user at a bad value."""
    for n, line in enumerate(text.split("\n"), start=1):
        if all(needle in line for needle in needles):
            return n
    return None


def parse_config(text: str, path: str | Path) -> CheckConfig:
    """Read the ``[checks]`` table of a TOML document into a :class:`CheckConfig`.

    Raises:
        MtreviewError: For bad TOML, an unknown key or check, or a bad severity, naming the
            file and line.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        line = int(found.group(1)) if found else text.rstrip("\n").count("\n") + 1
        raise MtreviewError(f"not valid TOML: {message}", path, line) from None
    table: Any = doc.get("checks", {})
    if not isinstance(table, dict):
        raise MtreviewError("[checks] must be a table", path, _line_of(text, "checks"))
    for key in table:
        if key not in ("disabled", "severity", "custom"):
            raise MtreviewError(
                f"unknown key {key!r} in [checks]; known: disabled, severity, custom",
                path,
                _line_of(text, key),
            )
    disabled: Any = table.get("disabled", [])
    if not isinstance(disabled, list) or not all(isinstance(c, str) for c in disabled):
        raise MtreviewError(
            "disabled must be a list of check ids", path, _line_of(text, "disabled")
        )
    severity: Any = table.get("severity", {})
    if not isinstance(severity, dict):
        raise MtreviewError("[checks.severity] must be a table", path, _line_of(text, "severity"))
    custom = tuple(c.family() for c in parse_custom(table.get("custom", []), text, path))
    known = all_check_ids()
    for family in custom:
        known.update(family.ids)
    _known(disabled, known, text, path)
    _known(severity, known, text, path)
    for check, level in severity.items():
        if level not in SEVERITY_RANK:
            raise MtreviewError(
                f"severity of {check!r} must be minor, major or critical, not {level!r}",
                path,
                _line_of(text, check, "="),
            )
    return CheckConfig(frozenset(disabled), dict(severity), custom)


def _known(checks: Iterable[str], known: Iterable[str], text: str, path: str | Path) -> None:
    for check in checks:
        if check not in known:
            raise MtreviewError(
                f"unknown check {check!r}; `mtreview checks` lists them",
                path,
                _line_of(text, check),
            )


def load_config(path: str | Path) -> CheckConfig:
    """Read a config file (see :func:`parse_config`)."""
    return parse_config(read_text(path), path)


def check_config(
    config: str | Path | None,
    corpus: str | Path | None,
    disable: Iterable[str] = (),
    severity: dict[str, str] | None = None,
) -> CheckConfig:
    """The file's config (``config``, else the one beside ``corpus``) with command-line options."""
    path = config_file(config, corpus)
    base = load_config(path) if path is not None else CheckConfig()
    merged = CheckConfig(
        base.disabled | frozenset(disable), {**base.severity, **(severity or {})}, base.custom
    )
    merged.validate()
    return merged
