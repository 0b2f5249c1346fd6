from __future__ import annotations

import pytest

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.numbers import check_numbers
from mtreview.scoring.issues import Issue


def issues(source: str, target: str) -> list[Issue]:
    return list(check_numbers(SegmentContext(Segment("s1", source, target))))


# Every number form the check reads, each with a right rendering and a wrong one.
FORMS = [
    ("供应土地8.95万公顷。", "89,500 hectares of land", "98,500 hectares of land"),
    (
        "地下总建筑面积约148万平方米",
        "about 1.48 million square metres",
        "about 1.84 million square metres",
    ),
    ("年上网电量10.64亿千瓦时", "1.064 billion kWh a year", "1.64 billion kWh a year"),
    ("年上网电量10.64亿千瓦时", "1.06 billion kWh a year", "1.6 billion kWh a year"),
    ("年产值约26亿元", "about 2.6 billion yuan", "about 26 billion yuan"),
    ("种植三千亩", "3,000 mu were planted", "300 mu were planted"),
    ("种植三千亩", "three thousand mu were planted", "three hundred mu were planted"),
    ("两百名工人", "two hundred workers", "two workers"),
    ("浙江等十五个省份", "Fifteen provinces", "Fifty provinces"),
    ("浙江等15个省份", "15 provinces", "16 provinces"),
    ("下降40.85%", "fell by 40.85%", "fell by 48.05%"),
    ("下降40.85%", "fell by 40.85 percent", "fell by 40.58 percent"),
    ("增长百分之五十", "grew by 50%", "grew by 15%"),
    ("增长百分之五十", "grew by half", "grew by a third"),
    ("后三分之二的开发区", "the bottom two-thirds", "the bottom third"),
    ("后三分之二的开发区", "the bottom 66.7%", "the bottom 76.6%"),
    ("下降40.85%", "fell by 40.9%", "fell by 41.9%"),
    ("三分之一的土地", "a third of the land", "a quarter of the land"),
    ("三分之一的土地", "1/3 of the land", "1/4 of the land"),
    ("盘活土地300余亩", "more than 300 mu", "more than 200 mu"),
    ("已有10余家企业", "more than 10 enterprises", "more than 100 enterprises"),
    ("预计每年投入近100万元", "nearly one million yuan", "nearly one billion yuan"),
    ("已建成1100余座", "more than 1,100 mines", "more than 1,000 mines"),
    ("闲置土地6.76万公顷", "67,600 hectares", "67,000 hectares"),
    ("在2022年", "in 2022", "in 2021"),
    ("二〇二二年", "in 2022", "in 2020"),
    ("今日刊发第四篇。", "Today's edition is the fourth.", "Today's edition is the fifth."),
    ("今日刊发第四篇。", "This is the 4th.", "This is the 3rd."),
    ("部署实施了9项重大工程", "nine major projects", "seven major projects"),
    ("三年行动", "a three-year campaign", "a two-year campaign"),
    ("2021—2035年", "(2021-2035)", "(2021-2030)"),
    ("3至5个", "three to five", "three to six"),
    ("4月11日", "On April 11", "On April 12"),
    ("4月11日", "On April 11", "On May 11"),
    ("2022年6月", "In June 2022", "In July 2022"),
    ("过去十年", "In the past decade", "In the past century"),
    ("百年老矿", "a century-old mine", "a decade-old mine"),
    ("千年之城", "a millennia-old city", "a century-old city"),
    ("20多个国家", "more than 20 countries", "more than 30 countries"),
    ("时间：2023-01-12 16:56:40", "Time: 2023-01-12 16:56:40", "Time: 2023-01-12 16:65:40"),
    ("图片18.jpg", "图片18.jpg", "图片81.jpg"),
    ("图片18.jpg", "Picture 18", "Picture 19"),
    ("两个国家", "both countries", "three countries"),
    ("年产值约26亿元", "about 2.6bn yuan", "about 2.6mn yuan"),
    ("共有12个", "a dozen of them", "a score of them"),
    ("21世纪", "the twenty-first century", "the twentieth century"),
    ("2022年12月", "Dec. 2022", "Nov. 2022"),
    ("二期工程", "Phase II of the project", "Phase III of the project"),
    ("24项二级指标", "24 second-level indicators", "24 third-level indicators"),
    ("三级医院", "tertiary hospitals", "secondary hospitals"),
    ("“十四五”规划纲要提出", "The outline of the 14th Five-Year Plan", "The 13th Five-Year Plan"),
    ("突破万亿元大关", "exceeded the trillion-yuan mark", "exceeded the billion-yuan mark"),
    ("2.6万亿元", "2.6 trillion yuan", "2.6 billion yuan"),
]


@pytest.mark.parametrize(("source", "right", "wrong"), FORMS)
def test_right_rendering_passes(source: str, right: str, wrong: str) -> None:
    assert issues(source, right) == []


@pytest.mark.parametrize(("source", "right", "wrong"), FORMS)
def test_wrong_rendering_is_found(source: str, right: str, wrong: str) -> None:
    found = issues(source, wrong)
    assert found and all(i.check.startswith("number-") for i in found)


@pytest.mark.parametrize(("source", "right", "wrong"), FORMS)
def test_dropped_number_is_found(source: str, right: str, wrong: str) -> None:
    assert issues(source, "It was done.")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("“十四五”规划纲要提出", "The outline of the 14th Five-Year Plan calls for"),
        ("划定“三区三线”", 'delineate "three regions and three lines"'),
        ("一步一个脚印", "step by step"),
        ("共建“一带一路”", "the Belt and Road Initiative"),
        ("千疮百孔的塌陷区", "the riddled subsidence area"),
        ("全省第一高楼", "the province's tallest building"),
        ("川渝两地正联合开展", "Sichuan and Chongqing are jointly"),
        ("数百个项目", "hundreds of projects"),
        ("新冠疫情", "the COVID-19 epidemic"),
        ("党的二十大", "the 20th National Congress"),
        ("在G20峰会上", "at the G20 summit"),
        ("上世纪90年代", "in the 1990s"),
        ("上午9点半开会", "at 9:30 a.m."),
        ("二季度经济增长加快", "growth accelerated in Q2"),
        ("展会两年一届", "The fair is biennial"),
        ("第二，加强监管", "Secondly, strengthen supervision"),
        ("2023年1—6月", "from January to June 2023"),
        ("增长两倍", "increased twofold"),
        ("首批林业碳票", "the 1st batch of forestry carbon tickets"),
        ("会议于12月31日召开", "The meeting was held on 12/31"),
        ("实现“两个一百年”奋斗目标", "achieve the Two Centenary Goals"),
        ("一二月份", "in January and February"),
        ("三四线城市", "third- and fourth-tier cities"),
        ("“七一”讲话", "the July 1 speech"),
        ("占比超过三成", "exceeds 30%"),
        ("十九届六中全会", "the Sixth Plenary Session of the 19th Central Committee"),
    ],
)
def test_numbers_of_names_raise_no_alarm(source: str, target: str) -> None:
    assert issues(source, target) == []


def test_message_says_what_was_expected() -> None:
    (issue,) = issues(
        "盘活2019年以前批而未供土地8.95万公顷", "89,000 hectares approved before 2019"
    )
    assert issue.check == "number-mismatch"
    assert "8.95万公顷 → 89,500" in issue.message
    assert issue.expected == "89,500"
    assert issue.found == "89,000"


def test_one_changed_number_gets_a_fix() -> None:
    target = "about 1.84 million square metres"
    (issue,) = issues("约148万平方米", target)
    assert issue.fix is not None
    assert issue.fix.apply(target) == "about 1.48 million square metres"


@pytest.mark.parametrize(
    ("source", "target", "fixed"),
    [
        ("供应土地8.95万公顷", "98,500 hectares", "89,500 hectares"),
        ("“十四五”规划", "the 13th Five-Year Plan", "the 14th Five-Year Plan"),
        ("下降40.85%", "fell by 48.05%", "fell by 40.85%"),
        ("在2022年", "in 2021", "in 2022"),
        ("图片18.jpg", "图片81.jpg", "图片18.jpg"),
    ],
)
def test_fix_restores_the_number(source: str, target: str, fixed: str) -> None:
    (issue,) = issues(source, target)
    assert issue.fix is not None
    assert issue.fix.apply(target) == fixed


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("供应土地8.95万公顷", "895 square kilometres"),  # a change of unit, not a typo
        ("4月11日", "On May 11"),
        ("后三分之二的开发区", "the bottom 76.6%"),
    ],
)
def test_no_fix_when_unsafe(source: str, target: str) -> None:
    assert all(i.fix is None for i in issues(source, target))


def test_missing_number_without_a_culprit_has_no_fix() -> None:
    (issue,) = issues("部署实施了9项重大工程、47项重点任务", "nine major projects and key tasks")
    assert issue.fix is None
    assert issue.target_span is None
    assert issue.message.startswith("47项 → 47")


def test_fraction_message() -> None:
    (issue,) = issues("后三分之二的开发区", "the bottom half")
    assert issue.message == "三分之二 → 2/3: not found in the target"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("盘活土地300余亩", "more than 300 mu"),
        ("盘活土地300余亩", "over 300 mu"),
        ("盘活土地300余亩", "300-odd mu"),
        ("盘活土地300余亩", "300 mu or more"),
        ("20多个国家", "20-plus countries"),
        ("投入近100万元", "nearly one million yuan"),
        ("投入近100万元", "almost 1 million yuan"),
        ("年产值约26亿元", "an annual output value of about 2.6 billion yuan"),
        ("年产值约26亿元", "an estimated 2.6 billion yuan"),
        ("不到10%", "less than 10%"),
        ("50万吨以上", "more than 500,000 tons"),
        ("近五年来", "in the past five years"),
    ],
)
def test_approximation_rendered(source: str, target: str) -> None:
    assert issues(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("盘活土地300余亩", "300 mu of land"),
        ("投入近100万元", "one million yuan"),
        ("年产值约26亿元", "output of 2.6 billion yuan"),
        ("不到10%", "10% of them"),
        ("50万吨以上", "500,000 tons"),
    ],
)
def test_approximation_dropped(source: str, target: str) -> None:
    (issue,) = issues(source, target)
    assert issue.check == "number-mismatch"
    assert issue.severity == "minor"
    assert "without" in issue.message


def test_approximation_is_in_the_message() -> None:
    (issue,) = issues("盘活土地300余亩", "some land")
    assert "more than 300" in issue.message


def test_extra_number_in_the_target() -> None:
    found = issues("自然资源部印发通知", "The Ministry issued 3 notices in 2019")
    assert [i.check for i in found] == ["number-mismatch", "number-mismatch"]
    assert found[0].message == "3 in the target has no counterpart in the source"
    assert [i.found for i in found] == ["3", "2019"]


def test_repeated_number_must_appear_each_time() -> None:
    assert issues("9个省和9个市", "nine provinces and nine cities") == []
    assert issues("9个省和9个市", "nine provinces and the cities")


def test_ordinal_message() -> None:
    (issue,) = issues("第二十三次会议", "the meeting")
    assert issue.message == "第二十三次 → 23rd: not found in the target"


@pytest.mark.parametrize(("source_lang", "target_lang"), [("ja", "en"), ("zh", "fr")])
def test_other_language_pairs_are_not_read(source_lang: str, target_lang: str) -> None:
    ctx = SegmentContext(Segment("s1", "9个省", "provinces"), (), source_lang, target_lang)
    assert list(check_numbers(ctx)) == []


def test_empty_target_is_left_to_empty_target() -> None:
    assert issues("9个省", "") == []
