"""Numbers in Chinese text: Chinese numerals, 万/亿 magnitudes, dates, ordinals and fractions.

:func:`parse_zh` reads one numeral (三千, 两百, 十五, 8.95万, 10.64亿); :func:`source_numbers`
finds the numbers of a Chinese sentence a translation must carry, leaving alone the numerals
that belong to words and names (一些, 统一, 三区三线, 十四五, 千疮百孔, 图片18.jpg).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from mtreview.glossary.script import simplified

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS |= {"七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = tuple(zip("０１２３４５６７８９．，％", "0123456789.,%", strict=True))
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ZH = "零〇一二两三四五六七八九十百千万亿"
# A run of numerals, (?:{_ARABIC}|[{_ZH}])+ written to start with a class, so that a search skips
# in C to where one may start: a Chinese numeral, or a digit and the rest of its Arabic number.
_ARABIC_REST = r"(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?"
RUN = re.compile(rf"[\d{_ZH}](?:(?<=\d){_ARABIC_REST})?(?:{_ARABIC}|[{_ZH}])*")
_TOKEN = re.compile(rf"{_ARABIC}|[{_ZH}]")
_ANY_DIGIT = re.compile(r"\d")  # what str.isdigit says of a numeral's characters (Nd: \d)
_ONLY_DIGITS = re.compile(f"[{''.join(DIGITS)}]*")
_ONLY_UNITS = re.compile("[百千万亿]*")
# What may follow a Chinese-character numeral for it to count as a quantity: measure words.
CLASSIFIERS = tuple(
    sorted(
        str.split(
            "个 项 批 条 座 家 名 位 次 倍 种 件 篇 省 市 县 年 岁 天 日 号 月 周 吨 "
            "亩 米 公里 公顷 平方 立方 元 美元 人 户 所 只 头 张 部 台 辆 场 期 "
            "届 轮 类 组 级 大 季度 小时 分钟 秒 处 片 块 册 本 架 艘 份 层 余 多 来 "
            "万 亿 千瓦 千瓦时 千米 千克 公斤 平方米 平方公里 立方米 %"
        ),
        key=len,
        reverse=True,
    )
)
# The classifier a text has at a position: the first of CLASSIFIERS (longest first) it starts.
_CLASSIFIER = re.compile("|".join(map(re.escape, CLASSIFIERS)))
_CLASSIFIER_FIRST = frozenset(c[0] for c in CLASSIFIERS)  # what a classifier starts with
_PLAN = re.compile("十[一二三四五六七八九]五")
# 千 that starts a unit of measure (千瓦, 千米) rather than ending a numeral.
_KILO = re.compile(r"千(?=[瓦米克卡焦帕伏])")
MEASURES = ("亩", "公顷", "元", "美元", "吨", "米", "平方", "立方", "公里", "千瓦", "年")
VAGUE = set("数几上成好若")
# Characters that imply a number without being numerals: 首批 "the 1st batch", 双碳 "dual".
IMPLIED = {"首": 1.0, "单": 1.0, "双": 2.0, "俩": 2.0, "仨": 3.0, "廿": 20.0, "卅": 30.0}
RANGE = set("至到~～-—")
APPROX_AFTER = {"余": "more than", "多": "more than", "来": "about", "左右": "about"}
APPROX_BEFORE = {"超过": "more than", "逾": "more than", "将近": "nearly", "近": "nearly"}
APPROX_BEFORE |= {"大约": "about", "约": "about", "不到": "less than", "不足": "less than"}
# What the marks start (after a number) and end with (before one): a number beside none of
# these characters has no mark to look for.
_AFTER_FIRST = frozenset(mark[0] for mark in APPROX_AFTER)
_BEFORE_LAST = frozenset(mark[-1] for mark in APPROX_BEFORE)


@dataclass(frozen=True, slots=True)
class SourceNumber:
    """A number of the source text and what it must become in the target.

    Attributes:
        span: Code-point offsets of the numeral in the source.
        text: The numeral as written, with its unit and approximation marks (8.95万, 300余).
        value: Its value (8.95万 → 89500; 三分之二 → 0.667; 40.85% → 40.85).
        kind: cardinal, ordinal, year, month, day, percent, fraction, or id (digits of a file
            name or code, which must stand in the target as written).
        approx: "more than", "nearly", "about", "less than" or None.
    """

    span: tuple[int, int]
    text: str
    value: float
    kind: str = "cardinal"
    approx: str | None = None


def normalise(text: str) -> str:
    """Full-width digits and signs as ASCII, Traditional as Simplified (offsets hold)."""
    for wide, narrow in _FULLWIDTH:  # a few scans in C beat one translate by a table
        if wide in text:
            text = text.replace(wide, narrow)
    return simplified(text)


def parse_zh(numeral: str) -> float | None:
    """The value of a numeral mixing Arabic and Chinese digits, or None if it is not one.

    >>> parse_zh("8.95万"), parse_zh("三千五"), parse_zh("一万二千"), parse_zh("十五")
    (89500.0, 3500.0, 12000.0, 15.0)
    """
    return _parse(normalise(numeral))


@lru_cache(maxsize=4096)
def _parse(numeral: str) -> float | None:
    """:func:`parse_zh` of a numeral already normalised (one :data:`RUN` of a normalised text)."""
    tokens = _TOKEN.findall(numeral)
    if not tokens or "".join(tokens) != numeral:
        return None
    if len(tokens) > 1 and all(t in DIGITS for t in tokens):  # 二〇二二 read digit by digit
        return float("".join(str(DIGITS[t]) for t in tokens))
    total, section, current, last_unit, prev = 0.0, 0.0, None, 0, ""
    for tok in tokens:
        if tok in UNITS:
            if last_unit and UNITS[tok] >= last_unit and current is None:
                return None
            section += (1.0 if current is None else current) * UNITS[tok]
            current, last_unit = None, UNITS[tok]
        elif tok in BIG:
            base = section + (current or 0.0)
            if tok == "亿":
                total = (total + base or 1.0) * BIG[tok]
            else:
                total += (base or 1.0) * BIG[tok]
            section, current, last_unit = 0.0, None, 0
        elif tok in "零〇" and (section or total):
            pass  # 一千零五: the zero only marks a skipped place
        else:
            if current is not None:
                return None
            current = float(DIGITS[tok]) if tok in DIGITS else float(tok.replace(",", ""))
        prev = tok
    if current is not None and prev in DIGITS and len(tokens) > 1:
        before = tokens[-2]
        if before in UNITS and UNITS[before] >= 100:  # 三千五 = 3500, 两万五 = 25000
            current *= UNITS[before] / 10
        elif before == "万":
            current *= 1000
    return total + section + (current or 0.0)


def _runs(text: str) -> list[tuple[int, int]]:
    """The spans of numerals, a 千 of 千瓦 or 千米 left out."""
    spans = [m.span() for m in RUN.finditer(text)]
    if _KILO.search(text) is None:
        return spans  # no run ends with such a 千
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if _KILO.match(text, end - 1):
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def counts(text: str, start: int, end: int, value: float) -> bool:
    """Whether a numeral in Chinese characters is a quantity the translation must render.

    一 is mostly "a"; 三区三线, 十四五 and 千疮百孔 are words and names; 数百, 上万 are vague;
    a bare 百/千/万/亿 only counts before a unit of measure (亿亩, 百年).
    """
    if value == 1:
        return False
    if text.endswith("第", 0, start):
        return True
    if start and text[start - 1] in VAGUE:
        return False
    if end - start > 1 and _ONLY_DIGITS.fullmatch(text, start, end):
        return text.startswith("年", end)  # 二〇二二年 is a year; 一二月, 三四线 are lists
    if _ONLY_UNITS.fullmatch(text, start, end):
        return text.startswith(MEASURES, end)
    if classified(text, end):
        return True
    nxt = RUN.match(text, end + 1) if text[end : end + 1] in RANGE else None  # 三至五年
    return nxt is not None and classified(text, nxt.end())


def classified(text: str, at: int) -> bool:
    """Whether a classifier (a measure word) starts at ``at``: its first character, then all."""
    return text[at : at + 1] in _CLASSIFIER_FIRST and text.startswith(CLASSIFIERS, at)


def _id_like(text: str, start: int, end: int) -> bool:
    """Digits that belong to a file name, code or id: 图片18.jpg, G20, PM2.5."""
    before = text[start - 1] if start else ""
    return (bool(before) and before.isascii() and (before.isalpha() or before in "_#/")) or bool(
        re.match(r"\.[A-Za-z]|[A-Za-z_]+\d", text[end : end + 8])
    )


def _approx(text: str, start: int, end: int, unit_end: int) -> str | None:
    """How the number is approximate: 300余, 近100万, 约26亿, 50万吨以上."""
    for mark, label in APPROX_AFTER.items() if text[end : end + 1] in _AFTER_FIRST else ():
        if text.startswith(mark, end):
            return label
    for mark, label in APPROX_BEFORE.items() if text[start - 1 : start] in _BEFORE_LAST else ():
        if text.endswith(mark, 0, start):
            if mark == "近" and text.startswith(("年", "个月", "天", "日", "周"), end):
                return None  # 近五年 is "the past five years"
            return label
    if text.startswith("以上", unit_end):
        return "more than"
    if text.startswith("以下", unit_end):
        return "less than"
    return None


def _date_kind(text: str, end: int, value: float, numeral: str) -> str | None:
    """year, month, day or percent from what follows; a range's first end (1—6月) as its last."""
    rest = text[end : end + 1]
    if rest and rest in RANGE:
        nxt = RUN.match(text, end + 1)
        if nxt:
            return _date_kind(text, nxt.end(), value, numeral)
    if rest == "年" and value >= 1000 and "." not in numeral:
        return "year"
    if rest == "月" and 1 <= value <= 12 and value == int(value):
        return "month"
    if rest in ("日", "号") and 1 <= value <= 31:
        return "day"
    return "percent" if rest == "%" else None


def source_numbers(source: str) -> list[SourceNumber]:
    """The numbers of a Chinese text that its translation must render."""
    text = normalise(source)
    out: list[SourceNumber] = []
    skip_to = 0
    for m in _runs(text):
        start, end = m
        if start < skip_to:
            continue
        numeral = text[start:end]
        value = _parse(numeral)
        rest = text[end : end + 3]
        if rest.startswith("分之"):  # 三分之二, 百分之四十
            nxt = RUN.match(text, end + 2)
            num = _parse(nxt.group()) if nxt else None
            if nxt and num is not None and value:
                skip_to = nxt.end()
                kind, val = ("percent", num) if value == 100 else ("fraction", num / value)
                out.append(SourceNumber((start, nxt.end()), text[start : nxt.end()], val, kind))
            continue
        if value is None and _PLAN.fullmatch(numeral):  # 十四五: the 14th Five-Year Plan
            out.append(SourceNumber((start, end), numeral, 10 + DIGITS[numeral[1]], "ordinal"))
            continue
        if value is None:
            continue
        arabic = _ANY_DIGIT.search(numeral) is not None
        ordinal = text.endswith("第", 0, start)
        if rest.startswith("年代") or (not arabic and not counts(text, start, end, value)):
            continue  # 90年代 is "the 1990s" or "the nineties": read by all_values
        kind = "ordinal" if ordinal else "cardinal"
        if arabic and _id_like(text, start, end):
            kind = "id"  # 图片18.jpg: the same digits must stand in the target, as they are
        else:
            kind = _date_kind(text, end, value, numeral) or kind
        tail = int(rest.startswith(("余", "多", "%")) or kind in ("year", "month", "day"))
        if kind in ("cardinal", "ordinal"):  # show the measure word: 8.95万公顷, 十五个
            classifier = (
                _CLASSIFIER.match(text, end + tail) if classified(text, end + tail) else None
            )
            tail += classifier.end() - classifier.start() if classifier else 0
        shown = text[start - (kind == "ordinal") : end + tail]
        approx = _approx(text, start, end, end + tail)
        out.append(SourceNumber((start, end), shown, value, kind, approx))
    return out


def all_values(source: str, numbers: Iterable[SourceNumber] | None = None) -> set[float]:
    """Every value any numeral of the source could stand for, names and words included.

    A number in the target is only called extra when it is none of these (十四五 gives 14).
    ``numbers``, the source's :func:`source_numbers` when the caller has them, are not read again.
    """
    text = normalise(source)
    found = source_numbers(source) if numbers is None else numbers
    values: set[float] = {n.value for n in found}
    if "半" in text:
        values |= {0.5, 30.0}  # 一半, 九点半 (9:30)
    values |= {value for char, value in IMPLIED.items() if char in text}
    for m in RUN.finditer(text):
        run = m.group()
        value = _parse(run)
        if value is not None and text.startswith("年代", m.end()) and value < 100:
            values |= {1900 + value, 2000 + value}
        elif value is not None and text.startswith("成", m.end()):
            values.add(value * 10)  # 三成: 30%
        for i in range(len(run)):
            for j in range(i + 1, min(len(run), i + 12) + 1):
                value = _parse(run[i:j])
                if value is not None:
                    values.add(value)
    return values
