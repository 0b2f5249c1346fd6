"""Variant characters across scripts (issue 10 item 6): a term is found whichever form is used.

OpenCC folds most Traditional forms to one Simplified character (臺/台, 裡/裏/里, 綫/線/线, 著/着),
but writes some Simplified phrases with another character in Traditional (坐标 → 座標), which
folds back to 座标: such terms are indexed under both forms.
"""

from __future__ import annotations

import pytest

from mtreview.glossary.index import SourceIndex
from mtreview.glossary.model import Term
from mtreview.glossary.script import fold_source, source_keys

PAIRS = [
    ("坐标", "座標"),
    ("坐標", "座標"),
    ("台湾", "臺灣"),
    ("台风", "颱風"),
    ("着陆", "著陸"),
    ("里面", "裡面"),
    ("里面", "裏面"),
    ("线路", "綫路"),
    ("线路", "線路"),
    ("綫路", "線路"),
    ("峰会", "峯會"),
    ("群众", "羣衆"),
]


@pytest.mark.parametrize(("one", "other"), PAIRS + [(b, a) for a, b in PAIRS])
def test_a_term_is_found_in_either_form(one: str, other: str) -> None:
    index = SourceIndex([Term("t", one, "x")])
    text = f"关于{other}。"
    assert [(m.start, m.end) for m in index.find_all(text)] == [(2, 4)]


def test_a_variant_form_is_no_licence_to_cross_word_boundaries() -> None:
    # 座标 is in 一座标志性建筑, across the words 一座 and 标志性.
    assert SourceIndex([Term("t", "坐标", "coordinates")]).find_all("一座标志性建筑") == []


@pytest.mark.parametrize(
    ("source", "keys"),
    [
        ("坐标", ("坐标", "座标")),
        ("座標", ("座标", "坐标")),
        ("经济", ("经济",)),  # no other form: one key
        ("D-SIB", ("d-sib",)),
    ],
)
def test_source_keys(source: str, keys: tuple[str, ...]) -> None:
    assert source_keys(source) == keys
    assert source_keys(source)[0] == fold_source(source)
