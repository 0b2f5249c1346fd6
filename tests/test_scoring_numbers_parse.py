from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtreview.scoring import zhnum
from mtreview.scoring.ennum import target_numbers
from mtreview.scoring.zhnum import all_values, normalise, parse_zh, source_numbers


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("8.95万", 89_500),
        ("148万", 1_480_000),
        ("10.64亿", 1_064_000_000),
        ("26亿", 2_600_000_000),
        ("三千", 3000),
        ("两百", 200),
        ("十五", 15),
        ("十", 10),
        ("二十", 20),
        ("一万二千", 12_000),
        ("三千五", 3500),
        ("两万五", 25_000),
        ("一百二十", 120),
        ("三千五百万", 35_000_000),
        ("一千零五", 1005),
        ("一亿二千万", 120_000_000),
        ("二〇二二", 2022),
        ("1,100", 1100),
        ("40.85", 40.85),
        ("１２", 12),
        ("亿", 100_000_000),
    ],
)
def test_parse_zh(numeral: str, value: float) -> None:
    assert parse_zh(numeral) == pytest.approx(value)


@pytest.mark.parametrize("numeral", ["十四五", "十百", "8.x", "", "三十四五"])
def test_parse_zh_rejects(numeral: str) -> None:
    assert parse_zh(numeral) is None


def _one(source: str) -> tuple[str, float, str, str | None]:
    (num,) = source_numbers(source)
    return num.text, num.value, num.kind, num.approx


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("供应土地8.95万公顷。", ("8.95万公顷", 89_500, "cardinal", None)),
        ("建筑面积约148万平方米", ("148万平方米", 1_480_000, "cardinal", "about")),
        ("年上网电量10.64亿千瓦时", ("10.64亿千瓦时", 1_064_000_000, "cardinal", None)),
        ("实现年产值26亿元", ("26亿元", 2_600_000_000, "cardinal", None)),
        ("浙江等十五个省份", ("十五个", 15, "cardinal", None)),
        ("种植三千亩", ("三千亩", 3000, "cardinal", None)),
        ("两百名工人", ("两百名", 200, "cardinal", None)),
        ("下降40.85%", ("40.85%", 40.85, "percent", None)),
        ("增长百分之四十", ("百分之四十", 40, "percent", None)),
        ("后三分之二的开发区", ("三分之二", 2 / 3, "fraction", None)),
        ("盘活土地300余亩", ("300余亩", 300, "cardinal", "more than")),
        ("20多个国家", ("20多个", 20, "cardinal", "more than")),
        ("投入资金近100万元", ("100万元", 1_000_000, "cardinal", "nearly")),
        ("在2022年", ("2022年", 2022, "year", None)),
        ("二〇二二年", ("二〇二二年", 2022, "year", None)),
        ("今日刊发第四篇。", ("第四篇", 4, "ordinal", None)),
        ("发布第三批目录", ("第三批", 3, "ordinal", None)),
        ("同年11月", ("11月", 11, "month", None)),
        ("过去十年", ("十年", 10, "cardinal", None)),
        ("百年老矿", ("百年", 100, "cardinal", None)),
        ("启动亿亩行动", ("亿亩", 100_000_000, "cardinal", None)),
        ("１５个省", ("15个", 15, "cardinal", None)),
        ("图片18.jpg", ("18", 18, "id", None)),
        ("“十四五”规划纲要", ("十四五", 14, "ordinal", None)),
    ],
)
def test_source_number_forms(source: str, expected: tuple[str, float, str, str | None]) -> None:
    text, value, kind, approx = _one(source)
    assert (text, kind, approx) == expected[0:1] + expected[2:]
    assert value == pytest.approx(expected[1])


def test_dates_and_ranges() -> None:
    nums = source_numbers("4月11日，2021—2035年，3至5个，三至五年")
    assert [(n.value, n.kind) for n in nums] == [
        (4, "month"),
        (11, "day"),
        (2021, "year"),
        (2035, "year"),
        (3, "cardinal"),
        (5, "cardinal"),
        (3, "cardinal"),
        (5, "cardinal"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "划定“三区三线”",
        "一步一个脚印",
        "一带一路",
        "千疮百孔的塌陷区",
        "千方百计",
        "推动一二三产业融合发展",
        "数百个项目",
        "上万人",
        "川渝两地",
        "三维空间",
        "全省第一高楼",
        "千家万户",
    ],
)
def test_numerals_of_words_and_names_are_not_quantities(source: str) -> None:
    assert source_numbers(source) == []


def test_all_values_reads_names_too() -> None:
    assert {14.0, 5.0} <= all_values("“十四五”规划")


def _values(text: str) -> list[tuple[str, tuple[float, ...], str]]:
    return [(n.text, tuple(round(v, 4) for v in n.values), n.kind) for n in target_numbers(text)]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("89,500 hectares", [("89,500", (89_500,), "digits")]),
        ("1.48 million square metres", [("1.48 million", (1_480_000,), "digits")]),
        ("1.064 billion kWh", [("1.064 billion", (1_064_000_000,), "digits")]),
        ("2.6 billion yuan", [("2.6 billion", (2_600_000_000,), "digits")]),
        ("Fifteen provinces", [("Fifteen", (15,), "word")]),
        ("nine major projects", [("nine", (9,), "word")]),
        ("twenty-one", [("twenty-one", (21,), "word")]),
        ("one hundred and five", [("one hundred and five", (105,), "word")]),
        ("nearly one million yuan", [("one million", (1_000_000,), "word")]),
        ("a third of them", [("a third", (0.3333, 3), "word")]),
        ("two-thirds", [("two-thirds", (0.6667, 2), "word")]),
        ("the fourth", [("fourth", (4,), "word")]),
        ("the 14th plan", [("14th", (14,), "digits")]),
        ("40.85%", [("40.85", (40.85,), "digits")]),
        ("in June", [("June", (6,), "month")]),
        ("a decade", [("a decade", (10,), "word")]),
        ("Phase IV", [("IV", (4,), "word")]),
        ("Class XII", [("XII", (12,), "word")]),
        ("I said", []),
        ("millennia-old", [("millennia", (1000,), "word")]),
        ("1,100 mines, 5,880 tons", [("1,100", (1100,), "digits"), ("5,880", (5880,), "digits")]),
    ],
)
def test_target_number_forms(
    target: str, expected: list[tuple[str, tuple[float, ...], str]]
) -> None:
    assert _values(target) == expected


def test_target_numbers_do_not_run_across_punctuation() -> None:
    assert [n.text for n in target_numbers("twenty-one, one hundred")] == [
        "twenty-one",
        "one hundred",
    ]


@pytest.mark.parametrize(
    ("text", "id_like"),
    [("图片18.jpg", True), ("G20 summit", True), ("COVID-19", True), ("2,000-ton", False)],
)
def test_id_like_target_numbers(text: str, id_like: bool) -> None:
    assert target_numbers(text)[0].id_like is id_like


def test_may_is_a_month_only_in_a_date() -> None:
    assert [n.text for n in target_numbers("In May 2022 it may rain")] == ["May", "2022"]


@given(st.text(alphabet=zhnum._ZH + "0123456789,.", min_size=1, max_size=8))
def test_numerals_of_a_normalised_text_need_no_normalising(numeral: str) -> None:
    # source_numbers reads numerals without normalise: the fold never changes one.
    assert normalise(numeral) == numeral
    assert zhnum._parse(numeral) == parse_zh(numeral)
