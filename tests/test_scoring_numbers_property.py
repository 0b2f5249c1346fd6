"""Numbers written out the Chinese and the English way read back to the same value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.numbers import check_numbers
from mtreview.scoring.ennum import target_numbers
from mtreview.scoring.zhnum import parse_zh

ZH_DIGITS = "零一二三四五六七八九"
EN_SMALL = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
EN_TENS = str.split("_ _ twenty thirty forty fifty sixty seventy eighty ninety")


def _group(n: int) -> str:
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out, zero = out + "零", False
        out += ZH_DIGITS[digit] + name
    return out


def to_zh(n: int) -> str:
    """The formal Chinese numeral of 0 < n < 10**12."""
    yi, wan, rest = n // 10**8, n // 10**4 % 10**4, n % 10**4
    out = _group(yi) + "亿" if yi else ""
    if wan:
        out += ("零" if yi and wan < 1000 else "") + _group(wan) + "万"
    elif yi and rest:
        out += "零"
    if rest:
        out += ("零" if wan and rest < 1000 else "") + _group(rest)
    return out


def to_en(n: int) -> str:
    """English words for 0 < n < 10**6."""

    def below_thousand(k: int) -> list[str]:
        words = [EN_SMALL[k // 100], "hundred"] if k >= 100 else []
        k %= 100
        if k >= 20:
            words.append(EN_TENS[k // 10] + (f"-{EN_SMALL[k % 10]}" if k % 10 else ""))
        elif k:
            words.append(EN_SMALL[k])
        return words

    thousands, rest = divmod(n, 1000)
    words = [*below_thousand(thousands), "thousand"] if thousands else []
    return " ".join(words + below_thousand(rest))


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_read_back(n: int) -> None:
    assert parse_zh(to_zh(n)) == n


@given(st.integers(min_value=1, max_value=10**6 - 1))
def test_english_number_words_read_back(n: int) -> None:
    (number,) = target_numbers(f"There were {to_en(n)} mines.")
    assert n in number.values


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["个", "吨", "元", "亩"]))
def test_chinese_quantity_found_in_english_digits(n: int, unit: str) -> None:
    source = f"共计{to_zh(n)}{unit}。"
    assert list(check_numbers(SegmentContext(Segment("s", source, f"A total of {n:,}.")))) == []
    wrong = Segment("s", source, f"A total of {n + 1:,}.")
    assert list(check_numbers(SegmentContext(wrong)))
