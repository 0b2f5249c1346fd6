from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from mtreview.corpus.formats import read_corpus
from mtreview.errors import MtreviewError
from mtreview.glossary.yaml_io import load_glossary
from mtreview.scoring.engine import Checker
from mtreview.scoring.metrics import METRIC_NAMES, MetricSet, tokenizer_for
from mtreview.scoring.review_data import apply_suggested_fixes, from_corpus
from mtreview.scoring.segment_scores import score_segments

CLI_FLAGS = {"BLEU": ["-m", "bleu"], "chrF++": ["-m", "chrf", "--chrf-word-order", "2"]}

ZH_HYPS = ["绿色矿山建设取得新进展。", "全国共有三区四带。", "碳汇交易试点", "我们 推进 生态修复"]
ZH_REFS = [
    "绿色矿山建设取得了新进展。",
    "全国有三区四带格局。",
    "碳汇交易试点工作",
    "我们推进生态保护修复",
]


@pytest.fixture(scope="module")
def demo_pairs(demo_paths: tuple[Path, Path]) -> tuple[list[str], list[str]]:
    """The demo MT and a reviewed copy with every suggested fix applied."""
    corpus_path, glossary_path = demo_paths
    data = from_corpus(read_corpus(corpus_path))
    issues = Checker(load_glossary(glossary_path)).check_corpus(data.mt_corpus()).issues
    reviewed = apply_suggested_fixes(data, issues, "test", datetime.now(UTC))
    return [s.mt for s in reviewed.segments], [s.reviewed for s in reviewed.segments]


def _cli(tmp_path: Path, hyps: list[str], refs: list[str], args: list[str]) -> list[float]:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(hyps) + "\n", encoding="utf-8")
    ref.write_text("\n".join(refs) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-b", "-w", "4", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # One metric prints one number a line; several print a JSON list.
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", out)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_corpus_scores_equal_the_sacrebleu_command(
    tmp_path: Path, demo_pairs: tuple[list[str], list[str]], lang: str
) -> None:
    hyps, refs = demo_pairs if lang == "en" else (ZH_HYPS, ZH_REFS)
    assert hyps != refs
    metrics = MetricSet(lang)
    lang_args = ["-l", f"zh-{lang}"] + (["--ter-asian-support"] if lang == "zh" else [])
    expected = _cli(
        tmp_path,
        hyps,
        refs,
        ["-m", "bleu", "chrf", "ter", "--chrf-word-order", "2", *lang_args],
    )
    ours = [
        metrics.corpus_score(name, metrics.stats_for(name, hyps, refs)) for name in METRIC_NAMES
    ]
    assert [round(s.score, 4) for s in ours if s] == expected


@pytest.mark.parametrize("name", METRIC_NAMES)
def test_sentence_scores_equal_the_sacrebleu_command(
    tmp_path: Path, demo_pairs: tuple[list[str], list[str]], name: str
) -> None:
    hyps, refs = demo_pairs
    metrics = MetricSet("en")
    flags = CLI_FLAGS.get(name, ["-m", "ter"])
    expected = _cli(tmp_path, hyps, refs, [*flags, "-sl"])
    ours = [round(metrics.sentence_score(name, s), 4) for s in metrics.stats_for(name, hyps, refs)]
    assert ours == expected
    assert len(set(ours)) > 2  # the reviewed copy differs from the MT in places


def test_signatures_name_the_settings() -> None:
    en, zh = MetricSet("en").signatures(), MetricSet("zh").signatures(sentence=True)
    assert "tok:13a" in en["BLEU"] and "eff:no" in en["BLEU"]
    assert "nw:2" in en["chrF++"]
    assert "tok:zh" in zh["BLEU"] and "eff:yes" in zh["BLEU"] and "asian:yes" in zh["TER"]


@pytest.mark.parametrize(
    ("lang", "tok"), [("en", "13a"), ("EN", "13a"), ("de", "13a"), ("zh", "zh"), ("zh-CN", "zh")]
)
def test_tokenizer_follows_the_target_language(lang: str, tok: str) -> None:
    assert tokenizer_for(lang) == tok


text = st.text(
    alphabet=st.sampled_from(list("the cat sat on mat a dog . , ' 绿色矿山\"-")), max_size=40
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(text, text), min_size=1, max_size=8))
def test_sums_of_segment_statistics_equal_the_public_api(pairs: list[tuple[str, str]]) -> None:
    hyps, refs = [h for h, _ in pairs], [r for _, r in pairs]
    metrics = MetricSet("en")
    public = {
        "BLEU": BLEU().corpus_score(hyps, [refs]).score,
        "chrF++": CHRF(word_order=2).corpus_score(hyps, [refs]).score,
        "TER": TER().corpus_score(hyps, [refs]).score,
    }
    for name in METRIC_NAMES:
        score = metrics.corpus_score(name, metrics.stats_for(name, hyps, refs))
        assert score is not None and score.score == public[name]
    sentence = BLEU(effective_order=True).sentence_score(hyps[0], [refs[0]]).score
    assert metrics.sentence_score("BLEU", metrics.stats_for("BLEU", hyps, refs)[0]) == sentence


def test_identical_texts_score_perfectly(demo_paths: tuple[Path, Path]) -> None:
    data = from_corpus(read_corpus(demo_paths[0]))
    metrics = MetricSet("en")
    scores = score_segments(data, metrics).corpus(metrics, data)["mt-reviewed"]
    assert [scores[n].score for n in METRIC_NAMES] == pytest.approx([100.0, 100.0, 0.0])


def test_a_missing_tokeniser_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import mtreview.scoring.metrics as metrics_module

    def no_mecab(**_: object) -> None:
        raise RuntimeError("MeCab is not installed")

    monkeypatch.setattr(metrics_module, "BLEU", no_mecab)
    with pytest.raises(MtreviewError, match=r"ja-mecab tokeniser: pip install 'sacrebleu\[ja\]'"):
        MetricSet("ja")
