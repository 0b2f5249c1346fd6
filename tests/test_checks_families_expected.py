"""The number, mechanical and untranslated checks give exactly the issues recorded.

tests/data/checks_families_expected.json holds every issue these families raised on the demo
and on a generated corpus (numbers in digits, Chinese numerals and English words, brackets,
quotes, repeated words, spaces, copies) before their pre-filters were added (issue 14); a
faster check must raise the same. Regenerate only for an intended change of a check:
``python tests/test_checks_families_expected.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.paths import demo_corpus
from mtreview.scoring.checks import FAMILIES, SegmentContext, all_check_ids

EXPECTED = Path(__file__).parent / "data" / "checks_families_expected.json"
FAMILY_NAMES = ("numbers", "mechanical", "untranslated")

ZH = ["国土", "空间", "规划", "生态", "保护", "修复", "绿色", "矿山", "碳汇", "面积", "公顷"]
ZH_NUM = ["一", "两", "三", "十五", "三千五", "8.95万", "百分之四十", "三分之二", "2022年"]
ZH_NUM += ["十四五", "第三", "5月", "90年代", "数百", "一半", "双", "1,200", "３", "近10", "余"]
EN = ["the", "land", "space", "plan", "ecology", "green", "mine", "carbon", "area", "of"]
EN_NUM = ["one", "two", "three", "fifteen", "3,500", "89,500", "1.48 million", "40%", "May"]
EN_NUM += ["two-thirds", "a third", "14th", "June", "Phase II", "decade", "twice", "2022"]
EN_NUM += ["1/3", "Q2", "COVID-19", "a hundred", "twenty-first", "Sept.", "half", "dozens"]
MARKS = ["(", ")", "（", "）", "“", "”", '"', "[", "]", "《", "》", "  ", " "]


def generated(n: int, seed: int = 5) -> list[Segment]:
    """Segments mixing words, numbers and marks on both sides, some empty or copied."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        source = "".join(
            rng.choice(ZH_NUM if rng.random() < 0.25 else ZH + MARKS[:2])
            for _ in range(rng.randint(1, 14))
        )
        words = [
            rng.choice(
                ZH if rng.random() < 0.02 else EN_NUM if rng.random() < 0.2 else EN + MARKS[4:]
            )
            for _ in range(rng.randint(0, 16))
        ]
        if words and rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), words[0])  # a repeated word
        target = " ".join(words)
        roll = rng.random()
        if roll < 0.03:
            target = source + "。"
        elif roll < 0.06:
            target = " " + target + " "
        out.append(Segment(f"g{i}", source + "。", target))
    return out


def current_issues() -> dict[str, list[dict[str, object]]]:
    all_check_ids()
    segments = [*read_corpus(demo_corpus()).segments, *generated(400)]
    return {
        name: [
            issue.to_json() for seg in segments for issue in FAMILIES[name].run(SegmentContext(seg))
        ]
        for name in FAMILY_NAMES
    }


def test_families_raise_the_recorded_issues() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = json.loads(json.dumps(current_issues(), ensure_ascii=False))
    for name in FAMILY_NAMES:
        assert len(expected[name]) > 20, name
        assert found[name] == expected[name], name


if __name__ == "__main__":
    EXPECTED.write_text(
        json.dumps(current_issues(), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
