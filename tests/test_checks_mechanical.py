from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.mechanical import _REPEAT, _may_repeat, check_mechanical
from mtreview.scoring.checks.untranslated import check_untranslated, could_be_pinyin
from mtreview.scoring.issues import Issue

SOURCE = "绿色转型是一座必须咬紧牙关爬过去的山。"


def mechanical(target: str, source: str = SOURCE) -> list[Issue]:
    return list(check_mechanical(SegmentContext(Segment("s1", source, target))))


def untranslated(target: str, source: str = SOURCE) -> list[Issue]:
    return list(check_untranslated(SegmentContext(Segment("s1", source, target))))


# (check id, a target that raises it, the fixed target or None when there is no safe fix)
POSITIVE = [
    (
        "repeated-word",
        "we must climb through through gritted teeth",
        "we must climb through gritted teeth",
    ),
    ("repeated-word", "The the mountain", "The mountain"),
    ("empty-target", "", None),
    ("empty-target", "   ", None),
    ("target-equals-source", SOURCE, None),
    ("unbalanced-quotes", 'the "green dialectics is here', None),
    ("unbalanced-quotes", "the “green dialectics is here", None),
    ("unbalanced-brackets", "the plan (2021-2035 is here", None),
    ("unbalanced-brackets", "the plan 2021-2035) is here", None),
    ("unbalanced-brackets", "the plan [2021-2035 is here", None),
    ("double-space", "a green  mountain", "a green mountain"),
    ("double-space", "a green    mountain", "a green mountain"),
    ("leading-trailing-whitespace", " a green mountain", "a green mountain"),
    ("leading-trailing-whitespace", "a green mountain\t", "a green mountain"),
]


@pytest.mark.parametrize(("check", "target", "fixed"), POSITIVE)
def test_check_fires_with_its_fix(check: str, target: str, fixed: str | None) -> None:
    found = [i for i in mechanical(target) if i.check == check]
    assert len(found) == 1
    issue = found[0]
    if fixed is None:
        assert issue.fix is None
    else:
        assert issue.fix is not None
        assert issue.fix.apply(target) == fixed


NEGATIVE = [
    ("repeated-word", "he said that that was right"),
    ("repeated-word", "through gritted teeth, through the mountain"),
    ("repeated-word", "in 2022 2022"),
    ("empty-target", "a mountain"),
    ("target-equals-source", "图片18.jpg"),
    ("target-equals-source", "a mountain"),
    ("unbalanced-quotes", 'the "green dialectics" is here'),
    ("unbalanced-quotes", "the “green dialectics” is here"),
    ("unbalanced-brackets", "the plan (2021-2035) is [here]"),
    ("double-space", "a green mountain. Then"),
    ("leading-trailing-whitespace", "a green mountain"),
]


@pytest.mark.parametrize(("check", "target"), NEGATIVE)
def test_check_stays_quiet(check: str, target: str) -> None:
    source = "图片18.jpg" if target == "图片18.jpg" else SOURCE
    assert [i for i in mechanical(target, source) if i.check == check] == []


def test_copied_target_is_reported_once() -> None:
    assert [i.check for i in mechanical(SOURCE)] == ["target-equals-source"]
    assert untranslated(SOURCE) == []


def test_empty_source_and_target_are_fine() -> None:
    assert mechanical("", "") == []


def test_bracket_missing_in_source_too_is_not_the_translation() -> None:
    assert mechanical("a) first point", "a）第一点") == []


def test_quote_running_on_from_the_previous_segment() -> None:
    assert mechanical("“It goes on", "“接下来") == []


def test_chinese_in_a_chinese_target_is_fine() -> None:
    ctx = SegmentContext(Segment("s1", "绿色", "绿色转型"), (), "en", "zh-CN")
    assert list(check_untranslated(ctx)) == []


def test_untranslated_chinese_is_found() -> None:
    (issue,) = untranslated("the ecological 红线 of protection")
    assert issue.check == "untranslated"
    assert issue.found == "红线"
    assert issue.target_span == (15, 17)


def test_file_name_from_the_source_is_not_untranslated() -> None:
    assert untranslated("See 图片18.jpg.", "见图片18.jpg。") == []


def test_file_name_not_in_the_source_is_untranslated() -> None:
    assert [i.found for i in untranslated("See 图片19.jpg", "见图片18.jpg")] == ["图片"]


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        ("“铁公鸡”式节约集约用地", 'the atmosphere of "Tiegongji" to save land', "Tiegongji"),
        ("他是个“铁公鸡”", "He is a 'Tiegongji'", "Tiegongji"),
    ],
)
def test_pinyin_for_a_word_is_found(source: str, target: str, found: str) -> None:
    (issue,) = untranslated(target, source)
    assert issue.check == "untranslated-pinyin"
    assert issue.found == found
    assert source[slice(*issue.source_span)] == "铁公鸡"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("新一代2000吨级海上风电安装平台“白鹤滩”号", 'installation platform "Baihetan"'),
        ("“铁公鸡”式节约集约用地", 'the atmosphere of "iron rooster" land saving'),
        ("江苏省徐州市贾汪区", "Jiawang District in Xuzhou"),
        ("“生田村”", '"Shengtian Village"'),
        ("在“北京”", 'in "Beijing"'),
        ("“雄安”新区", '"Xiongan" New Area'),
        ("“雄安”新区", 'the "Xiongan" area'),
        ("“蛟龙”号", 'the "Jiaolong"'),
    ],
)
def test_pinyin_of_a_name_is_not_untranslated(source: str, target: str) -> None:
    assert untranslated(target, source) == []


@pytest.mark.parametrize(
    ("word", "pinyin"),
    [("tiegongji", True), ("zhenwang", True), ("land", False), ("bonsai", False)],
)
def test_could_be_pinyin(word: str, pinyin: bool) -> None:
    assert could_be_pinyin(word) is pinyin


def test_could_be_pinyin_is_fast_on_long_words() -> None:
    # A nested regex backtracks exponentially on this; the check must answer at once.
    assert could_be_pinyin("ianan" * 7 + "x") is False


# Texts that say a word twice, about half of them in the pattern's sense (random characters did
# in 1 text of 100: the property below was hardly ever asserted).
_WORDS = st.sampled_from(
    ["a", "A", "ab", "aB", "b", "k", "K", "\u212a", "ſ", "é", "1", "x'it", "it"]
)
_GAPS = st.sampled_from([" ", "  ", "\t", ",", ".", "-", "_", "’", "", " '"])
_WORDY = st.lists(st.tuples(_WORDS, _GAPS), max_size=4).map(lambda p: "".join(w + g for w, g in p))
_TWICE = st.builds(
    lambda before, word, gap, upper, after: (
        f"{before}{word}{gap}{word.upper() if upper else word}{after}"
    ),
    _WORDY.map(lambda text: text + " "),
    _WORDS,
    st.sampled_from([" ", "\t", "  ", " \t"]),
    st.booleans(),
    _WORDY.map(lambda text: "," + text),
)


@given(st.text(alphabet="aAbBkK'’ \t,.-1_éſ\u212a", max_size=30) | _TWICE)
def test_repeat_prefilter_never_hides_a_repeated_word(target: str) -> None:
    # The quick test may only skip texts in which the pattern finds nothing.
    if _REPEAT.search(target):
        assert _may_repeat(target)


@pytest.mark.parametrize(
    "target", ["the the", "The THE end", "a b, b c", "x'it it", "don't don't", "1the the"]
)
def test_repeat_prefilter_lets_candidates_through(target: str) -> None:
    assert _may_repeat(target)


@pytest.mark.parametrize("target", ["the them", "a b c", "the, then the"])
def test_repeat_prefilter_skips_texts_without_a_repeat(target: str) -> None:
    assert not _may_repeat(target)
