"""The occurrence record: serialisable by term id, and the one source of what the core reports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.model import Segment
from mtreview.corpus.tsv import read_tsv
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.engine import Checker
from mtreview.scoring.occurrences import KINDS, Occurrences


@pytest.fixture(scope="module")
def demo() -> tuple[Glossary, Checker, list[Segment]]:
    glossary = load_glossary(demo_glossary())
    return glossary, Checker(glossary), list(read_tsv(demo_corpus()).segments)


def test_record_round_trips_by_term_id(demo: tuple[Glossary, Checker, list[Segment]]) -> None:
    glossary, checker, segments = demo
    kinds = set()
    for segment in segments:
        record = checker.occurrences(segment)
        data = json.loads(json.dumps(record.to_json(), ensure_ascii=False))
        assert Occurrences.from_json(data, glossary) == record
        kinds |= {o.kind for o in record}
    assert {"target", "variant", "forbidden", "doubtful", "wrong", "absent", "covered"} <= kinds


def test_a_stored_record_gives_the_same_result(
    demo: tuple[Glossary, Checker, list[Segment]],
) -> None:
    glossary, checker, segments = demo
    for segment in segments:
        fresh = checker.check_segment(segment)
        stored = Occurrences.from_json(fresh.record.to_json(), glossary)
        assert checker.finish(segment, stored) == fresh


def test_unknown_term_in_a_stored_record_is_refused() -> None:
    data = [{"term": "gone", "source_span": [0, 2], "kind": "absent", "target_span": None}]
    with pytest.raises(MtreviewError, match="gone"):
        Occurrences.from_json(data, Glossary((Term("t", "双碳", "dual carbon"),)))


def test_issues_are_read_from_the_record(demo: tuple[Glossary, Checker, list[Segment]]) -> None:
    _, checker, segments = demo
    for segment in segments:
        result = checker.check_segment(segment)
        reported = [(o.term.id, o.source_span) for o in result.occurrences if o.reported]
        term_issues = [i for i in result.issues if i.check.startswith("term-")]
        assert sorted((i.term, i.source_span) for i in term_issues) == sorted(reported)


def test_occurrences_json_keeps_its_keys_and_adds_the_record() -> None:
    out = CliRunner().invoke(main, ["check", "--demo", "--format", "json", "--occurrences"])
    assert out.exit_code == 1, out.output  # the demo has issues
    doc = json.loads(out.output)
    assert doc["occurrences"]
    for occ in doc["occurrences"]:
        assert {"segment", "term", "source_span", "kind", "ok", "target_span", "found"} <= set(occ)
        assert {"rendering", "cover", "fix", "extra"} <= set(occ)
        assert occ["kind"] in KINDS
    covered = [o for o in doc["occurrences"] if o["kind"] == "covered"]
    assert covered and all(o["cover"]["nested"] and o["ok"] for o in covered)
