"""The number check on the demo: a real MT whose numbers are almost all right."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Segment
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.numbers import check_numbers, pair
from mtreview.scoring.ennum import MONTHS, target_numbers
from mtreview.scoring.zhnum import source_numbers

# Errors planted in a copy of the demo: (segment, text in the target, replacement).
PLANTED = [
    ("p002", "16:56:40", "16:65:40"),
    ("p004", "In 2022", "In 2021"),
    ("p006", "20th National Congress", "19th National Congress"),
    ("p007", "the fourth", "the fifth"),
    ("p016", "(2021-2035)", "(2021-2025)"),
    ("p029", "图片18.jpg", "图片17.jpg"),
    ("p030", "and 47 key tasks", "and key tasks"),
    ("p035", "14th Five-Year Plan", "13th Five-Year Plan"),
    ("p054", "40.85%", "48.05%"),
    ("p058", "89,500", "98,500"),
    ("p060", "In June 2022", "In July 2022"),
    ("p063", "2.6 billion", "6.2 billion"),
    ("p066", "two-thirds", "one-third"),
    ("p085", "1.48 million", "1.84 million"),
    ("p101", "the nine major", "the seven major"),
    ("p105", "Fifteen provinces", "Sixteen provinces"),
    ("p109", "1,100", "1,001"),
    ("p114", "more than 3,000", "3,000"),
    ("p129", "1.064 billion", "1.64 billion"),
    ("p133", "April 11", "April 21"),
    ("p134", "nearly one million", "nearly one billion"),
    ("p138", "10,000 mu", "1,000 mu"),
    ("p152", "5,880 tons", "5,800 tons"),
    ("p154", "140,000 yuan", "14,000 yuan"),
    ("p161", "page 1 of", "page 2 of"),
]


def _number_issues(corpus: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        main, ["check", str(corpus), "-g", str(demo_glossary()), "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    return [i for i in json.loads(result.output)["issues"] if str(i["check"]).startswith("number")]


def test_pristine_demo_has_at_most_two_number_alarms() -> None:
    assert len(_number_issues(demo_corpus())) <= 2


def test_every_planted_number_error_is_found(tmp_path: Path) -> None:
    lines = demo_corpus().read_text(encoding="utf-8").split("\n")
    for seg_id, old, new in PLANTED:
        (n,) = [n for n, line in enumerate(lines) if line.startswith(seg_id + "\t")]
        seg, source, target = lines[n].split("\t")
        assert target.count(old) == 1, (seg_id, old)
        lines[n] = "\t".join((seg, source, target.replace(old, new)))
    copy = tmp_path / "planted.tsv"
    copy.write_text("\n".join(lines), encoding="utf-8")
    before = {str(i["segment"]) for i in _number_issues(demo_corpus())}
    after = {str(i["segment"]) for i in _number_issues(copy)}
    assert {seg for seg, _, _ in PLANTED} <= after
    assert after - before == {seg for seg, _, _ in PLANTED}


_WORD_SWAP = {"two": "three", "three": "four", "four": "five", "five": "six", "six": "seven"}
_WORD_SWAP |= {"seven": "eight", "eight": "nine", "nine": "seven", "fifteen": "sixteen"}
_WORD_SWAP |= {"fourth": "fifth", "third": "fourth", "million": "billion", "thirds": "quarters"}
_WORD_SWAP |= {"decade": "century", "century": "decade", "millennia": "centuries"}
_MONTH_NAMES = list(MONTHS)


def _mutations(text: str, kind: str) -> list[str]:
    if kind == "month":
        return [_MONTH_NAMES[_MONTH_NAMES.index(text) % 11 + 1], ""]
    if kind == "digits":
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        for a, b in pairwise(digits):
            if text[a] != text[b]:
                return [text[:a] + text[b] + text[a + 1 : b] + text[a] + text[b + 1 :], ""]
        last = digits[-1]
        return [text[:last] + str((int(text[last]) + 1) % 10) + text[last + 1 :], ""]

    def swap(m: re.Match[str]) -> str:
        new = _WORD_SWAP.get(m.group().lower(), m.group())
        return new.capitalize() if m.group()[0].isupper() else new

    return [re.sub(r"[A-Za-z]+", swap, text), ""]


def _demo_mutations() -> list[tuple[Segment, str]]:
    out: list[tuple[Segment, str]] = []
    for seg in read_corpus(demo_corpus()).segments:
        targets = target_numbers(seg.target)
        for t in pair(source_numbers(seg.source), targets).values():
            tok = targets[t]
            twins = [o for o in targets if o is not tok and set(o.values) & set(tok.values)]
            if twins:
                continue  # "three" twice: changing one leaves the other to match
            a, b = tok.span
            for new in _mutations(tok.text, tok.kind):
                if new != tok.text:
                    out.append((seg, seg.target[:a] + new + seg.target[b:]))
    return out


@pytest.mark.parametrize("chunk", range(4))
def test_every_rendered_demo_number_changed_or_dropped_is_found(chunk: int) -> None:
    mutations = _demo_mutations()
    assert len(mutations) > 150
    for seg, target in mutations[chunk::4]:
        base = len(list(check_numbers(SegmentContext(seg))))
        changed = Segment(seg.id, seg.source, target)
        assert len(list(check_numbers(SegmentContext(changed)))) > base, (seg.id, target)
