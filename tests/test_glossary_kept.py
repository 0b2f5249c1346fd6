"""A large glossary file parsed once is read back from the cache exactly as parsed, and never
from an entry made of other bytes, another path or after a failed parse."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from mtreview import diskcache
from mtreview.errors import MtreviewError
from mtreview.glossary import yaml_io
from mtreview.glossary.model import Glossary, glossary_data, glossary_of
from mtreview.paths import demo_glossary
from mtreview.review.glossary_file import read_glossary

MERGED = """\
name: Finance
target_lang: fr
x-top: {a: [1, {b: 2}]}
terms:
  - source: 金融市场
    target: financial market
    variants: [money market]
    note: from the report
    x-kept: {a: 1}
  - source: 金融市場
    target: financial market
  - source: 碳汇
    target: carbon sink
    forbidden: [carbon sinkhole]
    case_sensitive: true
    severity: critical
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTREVIEW_CACHE_DIR", str(folder))
    monkeypatch.setattr(yaml_io, "KEPT_FROM", 0)  # every file is kept, however small
    return folder


class Counted:
    """parse_glossary, counting its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = yaml_io.parse_glossary

        def parse(text: str, path: str = "<glossary>") -> Glossary:
            self.calls += 1
            return real(text, path)

        monkeypatch.setattr(yaml_io, "parse_glossary", parse)


def loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Counted]:
    """MERGED written to a file and loaded once, with the parses counted from the start."""
    path = tmp_path / "g.yaml"
    path.write_text(MERGED, encoding="utf-8")
    counted = Counted(monkeypatch)
    yaml_io.load_glossary(path)
    return path, counted


def whole(glossary: Glossary) -> object:
    """Everything a glossary holds, the fields equality leaves out (extras, notices) too."""
    terms = [tuple(getattr(t, f.name) for f in fields(t)) for t in glossary.terms]
    return (
        terms,
        glossary.source_lang,
        glossary.target_lang,
        glossary.path,
        glossary.extra,
        (glossary.notices),
    )


@pytest.mark.parametrize("text", [MERGED, None])
def test_parsed_once_then_read_back_as_parsed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | None
) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(text.encode() if text else demo_glossary().read_bytes())
    fresh = yaml_io.parse_glossary(path.read_text(encoding="utf-8"), str(path))
    counted = Counted(monkeypatch)
    first = yaml_io.load_glossary(path)
    second = yaml_io.load_glossary(path)
    assert counted.calls == 1
    assert list(cache.glob("glossary-*.marshal"))
    assert whole(first) == whole(second) == whole(fresh)
    if text:  # the merge warning, the extras and the settings survive the round trip
        assert len(second.notices) == 1 and str(path) in second.notices[0]
        assert second.terms[0].extra == {"x-kept": {"a": 1}}
        assert second.extra == {"name": "Finance", "x-top": {"a": [1, {"b": 2}]}}
        assert second.target_lang == "fr" and second.terms[-1].severity == "critical"
        # Small file or kept, the extras are plain data: the glossary saves back.
        assert type(fresh.extra["x-top"]) is dict and "x-top" in yaml_io.dump_glossary(second)
    # A project's creation reads the same kept glossary.
    assert whole(read_glossary(path).glossary) == whole(fresh)
    assert counted.calls == 1


def test_other_bytes_or_another_path_are_parsed_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, counted = loaded_once(tmp_path, monkeypatch)
    path.write_text(MERGED.replace("carbon sink\n", "carbon sinks\n"), encoding="utf-8")
    assert yaml_io.load_glossary(path).terms[1].target == "carbon sinks"
    elsewhere = tmp_path / "other.yaml"
    elsewhere.write_text(MERGED, encoding="utf-8")
    moved = yaml_io.load_glossary(elsewhere)
    assert moved.path == str(elsewhere) and str(elsewhere) in moved.notices[0]
    assert counted.calls == 3


def test_a_file_that_does_not_parse_keeps_nothing(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(MERGED + "  - source: 碳汇\n    target: carbon store\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(MtreviewError, match=r"g\.yaml:"):
            yaml_io.load_glossary(path)
    assert not list(cache.glob("glossary-*"))


def test_the_key_follows_the_parsing_code(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, counted = loaded_once(tmp_path, monkeypatch)
    monkeypatch.setattr(yaml_io, "_parse_key", lambda: diskcache.digest(["other code"]))
    yaml_io.load_glossary(path)
    assert counted.calls == 2
    monkeypatch.setattr(yaml_io, "_parse_key", lambda: b"")  # unknown: nothing is kept
    yaml_io.load_glossary(path)
    yaml_io.load_glossary(path)
    assert counted.calls == 4


def test_the_plain_form_reads_back_every_field() -> None:
    glossary = yaml_io.parse_glossary(MERGED, "g.yaml")
    assert whole(glossary_of(glossary_data(glossary))) == whole(glossary)
