from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.glossary.cooccur import TargetPhrases, phrases
from mtreview.glossary.extract import extract_candidates
from mtreview.glossary.variants import suggest_variants
from mtreview.glossary.yaml_io import load_glossary, parse_glossary
from mtreview.review import run_check


@pytest.fixture(scope="module")
def demo(demo_paths):  # type: ignore[no-untyped-def]
    corpus_path, glossary_path = demo_paths
    return read_corpus(corpus_path), load_glossary(glossary_path)


def test_demo_policy_terms_rank_in_the_top_30(demo) -> None:  # type: ignore[no-untyped-def]
    corpus, _ = demo
    found = extract_candidates(corpus.segments, None, top=30)
    ranks = {c.source: rank for rank, c in enumerate(found, start=1)}
    for term in ("三区四带", "三区三线", "两山"):
        assert term in ranks, term
    by_source = {c.source: c for c in found}
    assert by_source["两山"].renderings[0].text == "two mountains"
    assert "three zones and four belts" in [r.text for r in by_source["三区四带"].renderings]
    assert by_source["三区四带"].quoted == 3


def test_known_terms_and_their_pieces_stay_out(demo) -> None:  # type: ignore[no-untyped-def]
    corpus, glossary = demo
    found = [c.source for c in extract_candidates(corpus.segments, glossary, top=200)]
    known = {t.source for t in glossary.terms}
    assert not known & set(found)
    assert "金山银山" not in found  # only ever inside 绿水青山就是金山银山
    assert "绿色辩证法" in found[:10]


def _corpus(rows: list[tuple[str, str]]) -> list[Segment]:
    return [Segment(f"s{i}", src, tgt, None, i) for i, (src, tgt) in enumerate(rows, start=1)]


FILLER = [
    ("今年全市经济运行总体平稳。", "The city's economy ran steadily this year."),
    ("有关部门将继续做好服务工作。", "The relevant departments will continue to serve well."),
    ("会议强调要加强统筹协调。", "The meeting stressed coordination."),
    ("各地积极推进农村道路建设。", "Localities promoted rural road construction."),
    ("群众满意度持续提升。", "Public satisfaction kept rising."),
]


def test_a_coined_quoted_term_and_a_recurring_one_in_an_unseen_corpus() -> None:
    rows = [
        (
            "全面推行“五水共治”，水质明显改善。",
            'Fully implement "five-water co-governance"; water improved.',
        ),
        ("五水共治取得新成效。", "Five-water co-governance made new progress."),
        ("深化五水共治改革。", "Deepen the reform of five-water co-governance."),
        ("落实河长制，压实责任。", "Implement the river chief system and fix duties."),
        ("河长制覆盖全部河道。", "The river chief system covers every river."),
        ("完善河长制考核办法。", "Improve the assessment of the river chief system."),
        *FILLER,
    ]
    found = extract_candidates(_corpus(rows), None, top=5)
    assert found[0].source == "五水共治"
    assert found[0].renderings[0].text == "five-water co-governance"
    river = next(c for c in found if c.source == "河长制")
    assert river.count == 3
    assert river.renderings[0].text == "river chief system"


def test_glossary_masks_a_term_of_the_unseen_corpus() -> None:
    rows = [
        ("落实河长制。", "Implement the river chief system."),
        ("河长制覆盖全部河道。", "The river chief system covers every river."),
        ("完善河长制考核办法。", "Improve the assessment of the river chief system."),
        *FILLER,
    ]
    glossary = parse_glossary(
        "terms:\n  - {source: 河长制, target: river chief system}\n", "g.yaml"
    )
    assert "河长制" in [c.source for c in extract_candidates(_corpus(rows), None)]
    assert "河长制" not in [c.source for c in extract_candidates(_corpus(rows), glossary)]


@pytest.mark.parametrize(
    ("target", "present", "absent"),
    [
        ("The river chief system works.", {"river chief system", "river", "works"}, {"the river"}),
        ('Say "Two Mountains" now.', {"two mountains"}, {"say two", "two"}),
        ("three zones and four belts", {"three zones and four belts"}, {"three zones and four"}),
    ],
)
def test_phrases_of_a_target(target: str, present: set[str], absent: set[str]) -> None:
    found = phrases(target)
    assert present <= found
    assert not absent & found


def test_numerals_and_quotes_pick_the_rendering_among_equals() -> None:
    targets = [
        'The "three zones and four belts" pattern and the green barrier.',
        "Build three zones and four belts with the green barrier.",
    ]
    (ranked,) = TargetPhrases(targets).rank([("三区四带", [0, 1], {0: (0, 1)})], limit=1)
    assert ranked[0].text == "three zones and four belts"
    assert ranked[0].count == 2


def test_quotations_pair_in_order() -> None:
    targets = ['He said "lucid waters" and then "two mountains" again.']
    ranks = TargetPhrases(targets).rank(
        [("绿水青山", [0], {0: (0, 2)}), ("两山", [0], {0: (1, 2)})], limit=1
    )
    assert [r[0].text for r in ranks] == ["lucid waters", "two mountains"]


def test_unlisted_renderings_of_known_terms(demo) -> None:  # type: ignore[no-untyped-def]
    corpus, glossary = demo
    result = run_check(corpus, glossary)
    found = suggest_variants(
        (o.term, o.found or "", sid) for sid, o in result.occurrences if o.kind == "wrong"
    )
    by_key = {(v.source, v.rendering): v for v in found}
    assert by_key[("碳票", "carbon stamp")].count == 2
    assert by_key[("生态保护红线", "red line for ecological protection")].segments == (
        "p022",
        "p067",
    )
    assert found[0].count >= found[-1].count


def test_candidates_command_formats(demo_paths) -> None:  # type: ignore[no-untyped-def]
    corpus_path, glossary_path = demo_paths
    runner = CliRunner()
    args = ["glossary", "candidates", str(corpus_path), "--top", "7"]
    text = runner.invoke(main, args)
    assert text.exit_code == 0 and "1." in text.output and "7." in text.output
    data = json.loads(
        runner.invoke(main, [*args, "-g", str(glossary_path), "--format", "json"]).output
    )
    assert len(data["candidates"]) == 7 and data["candidates"][0]["rank"] == 1
    assert any(v["rendering"] == "carbon stamp" for v in data["variants"])
    rows = list(csv.DictReader(io.StringIO(runner.invoke(main, [*args, "--format", "csv"]).output)))
    assert len(rows) == 7 and rows[0]["kind"] == "candidate"


def test_chinese_on_the_target_side_is_read_as_source() -> None:
    from mtreview.glossary.extract import chinese_first

    rows = _corpus([("Implement the river chief system.", "落实河长制。")])
    swapped, did = chinese_first(rows)
    assert did and swapped[0].source == "落实河长制。"
    same, did = chinese_first(_corpus(FILLER))
    assert not did and same[0].source == FILLER[0][0]
