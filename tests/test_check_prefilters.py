"""Quick tests and fast paths of the per-segment checks against the rules they stand for.

Each fast path claims to give what the full rule gives; these tests build texts that sit on
its edges (full-width forms, case variants, characters a rule treats apart) and compare.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mtreview.corpus.model import Segment
from mtreview.corpus.tokens import shield
from mtreview.scoring import ennum, render_check, zhnum
from mtreview.scoring.checks import (
    SegmentContext,
    fullwidth,
    mechanical,
    placeholders,
    untranslated,
)


def _texts(alphabet: str, pieces: list[str], size: int = 12) -> st.SearchStrategy[str]:
    """Texts of single characters and longer pieces, so that rare sequences come up."""
    atoms = st.sampled_from(list(alphabet) + pieces)
    return st.lists(atoms, max_size=size).map("".join)


# The URL trigger of placeholders, as it was written before it was made to start with a class.
_URL_TRIGGER = re.compile("/ ?/|www", re.I)
_URL_TEXTS = _texts("/ wWｗ／:.xMİıK", ["www", "WwW", "ww", "/ /", "//", "http://", "ＷＷＷ"])


@given(_URL_TEXTS)
def test_url_trigger_is_the_case_blind_rule(text: str) -> None:
    trigger = placeholders.PATTERNS[0][2]
    assert placeholders.PATTERNS[0][1] == "URL"
    assert (trigger.search(text) is None) == (_URL_TRIGGER.search(text) is None)


def test_only_w_matches_w_ignoring_case() -> None:
    # The trigger spells "www" ignoring case as [wW]: no other character folds to w.
    folds = [c for c in map(chr, range(0x10000)) if re.fullmatch("w", c, re.I)]
    assert folds == ["W", "w"]


@given(_texts("aZ /{}%<@.\\:ｈｔｐ：／{｛％＠\u3000", ["http://", "ｗｗｗ.", "{0}", "%s"]))
def test_tokens_of_ascii_text_need_no_folding(text: str) -> None:
    # tokens() skips the full-width fold for ASCII text: no character it folds is ASCII.
    if text.isascii():
        assert placeholders._WIDE.search(text) is None
    folded = text.translate(placeholders._FOLD)
    assert [t.text for t in placeholders.tokens(text)] == [
        folded[a:b] for a, b in (t.span for t in placeholders.tokens(text))
    ]


def _number_words_rule(text: str) -> bool:
    """ennum's test for number words as first written: a set of the pattern's words."""
    words = set(re.findall("[A-Za-z]+", text))
    return (
        not words.isdisjoint(ennum._RAW_STARTERS)
        or not ennum._LOW_STARTERS.isdisjoint(map(str.lower, words))
        or re.search(r"(?<![A-Za-z])[IVX]{2,}(?![A-Za-z])", text) is not None
    )


_STARTERS = sorted(ennum._LOW_STARTERS | ennum._RAW_STARTERS)
_NUMBER_WORD_TEXTS = st.lists(
    st.sampled_from(_STARTERS).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.title(), w[:-1], w + "s", "x" + w])
    )
    | st.sampled_from(["II", "XIV", "IVX", "Iv", "I", "V", "XXI", "a", "an", "may", "MAY"])
    | st.sampled_from([*" -,.2_éſ\u212aİ\ud800\u00e0", "\u00e9x", "x\u00e9"]),
    max_size=6,
).map("".join)


@given(_NUMBER_WORD_TEXTS)
def test_number_word_prefilter_is_the_set_rule(text: str) -> None:
    assert ennum._may_hold_number_words(text) == _number_words_rule(text)


def test_number_word_prefilter_never_hides_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where the quick test says no, the loop of _word_numbers (run without it) finds nothing.
    @given(_NUMBER_WORD_TEXTS)
    def check(text: str) -> None:
        quick = ennum._may_hold_number_words(text)
        with monkeypatch.context() as patched:
            patched.setattr(ennum, "_may_hold_number_words", lambda _: True)
            found = ennum._word_numbers(text)
        assert quick or not found

    check()


# zhnum's run of numerals as first written, and the loop that cut the 千 of 千瓦 from it.
_RUN_RULE = re.compile(rf"(?:{zhnum._ARABIC}|[{zhnum._ZH}])+")
_ZH_TEXTS = _texts(
    zhnum._ZH + "0123456789,.瓦米克年个第分之至x٣",
    [
        "千瓦",
        "千米",
        "1,000",
        "3.5",
        "十五",
        "二〇二二",
        "1,23",
        "三千瓦时",
        "12,345.6",
        "1234,567",
    ],
)


def _runs_rule(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _RUN_RULE.finditer(text):
        start, end = m.span()
        if zhnum._KILO.match(text, end - 1):
            end -= 1
        if end > start:
            out.append((start, end))
    return out


@settings(max_examples=400)
@given(_ZH_TEXTS, st.integers(0, 12))
def test_numeral_runs_are_the_rule(text: str, at: int) -> None:
    assert zhnum._runs(text) == _runs_rule(text)
    found, rule = zhnum.RUN.match(text, at), _RUN_RULE.match(text, at)
    assert (found and found.span()) == (rule and rule.span())


class _Everything:
    """A set holding every character: the marks' gates of zhnum._approx let all through."""

    def __contains__(self, _: object) -> bool:
        return True


def _approx_rule(text: str, start: int, end: int, unit_end: int) -> str | None:
    """zhnum._approx with every mark tried at every number (its gates open)."""
    saved = zhnum._AFTER_FIRST, zhnum._BEFORE_LAST
    zhnum._AFTER_FIRST = zhnum._BEFORE_LAST = _Everything()  # type: ignore[assignment]
    try:
        return zhnum._approx(text, start, end, unit_end)
    finally:
        zhnum._AFTER_FIRST, zhnum._BEFORE_LAST = saved


_MARKS = [*zhnum.APPROX_AFTER, *zhnum.APPROX_BEFORE, "以上", "以下", "年", "个月"]


@given(_texts("三5近约余多来过足到以上下年周", _MARKS, size=5), _texts("12", [], size=3), st.data())
def test_approximation_marks_are_the_rule(before: str, number: str, data: st.DataObject) -> None:
    after = data.draw(_texts("余多来左右以上下年个月天万吨", _MARKS, size=5))
    text = before + number + after
    start, end = len(before), len(before) + len(number)
    unit_end = data.draw(st.integers(end, len(text)))
    assert zhnum._approx(text, start, end, unit_end) == _approx_rule(text, start, end, unit_end)


@given(_ZH_TEXTS)
def test_all_values_given_the_numbers_is_all_values(text: str) -> None:
    numbers = zhnum.source_numbers(text)
    assert zhnum.all_values(text, numbers) == zhnum.all_values(text)


@given(st.text(max_size=20) | _texts("a 中\u3400\U00020000é", ["图片18.jpg"]))
def test_ascii_targets_hold_no_chinese(text: str) -> None:
    # check_untranslated skips the search for Chinese runs in an ASCII target.
    if text.isascii():
        assert untranslated.HAN_RUN.search(text) is None
    else:
        assert [m.group() for m in untranslated.HAN_RUN.finditer(text)] == re.findall(
            "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+", text
        )


@given(st.text(max_size=12), st.text(max_size=12))
def test_a_segment_without_codes_has_nothing_shielded(source: str, target: str) -> None:
    # Checker._finish does not work out the protected spans of a segment without codes.
    assert not shield(source, target, ())


@given(_ZH_TEXTS)
def test_numeral_character_tests_are_the_loops(text: str) -> None:
    # source_numbers and counts test a numeral's characters with patterns, not Python loops.
    for start, end in zhnum._runs(text):
        numeral = text[start:end]
        assert (zhnum._ANY_DIGIT.search(numeral) is not None) == any(c.isdigit() for c in numeral)
        assert (zhnum._ONLY_DIGITS.fullmatch(text, start, end) is not None) == all(
            c in zhnum.DIGITS for c in numeral
        )
        assert (zhnum._ONLY_UNITS.fullmatch(text, start, end) is not None) == all(
            c in "百千万亿" for c in numeral
        )


def test_no_chinese_numeral_is_a_digit_to_python() -> None:
    # Which is why a numeral's Arabic digits are the \d of the run pattern.
    assert not any(c.isdigit() for c in zhnum._ZH + ",.")


@given(st.text(max_size=20) | _texts("a ，。\u3000\uff01\ufe50 \t", ["（1）", "a ， b"]))
def test_ascii_targets_hold_no_full_width_run(text: str) -> None:
    # check_fullwidth does not search an ASCII target.
    assert text.isascii() <= (fullwidth._RUN.search(text) is None)
    assert (fullwidth._RUN.search(text) is None) == (fullwidth._FW_CHAR.search(text) is None)


@given(st.text(max_size=20) | _texts("a \"“”'", ["“a”", '"a"']))
def test_ascii_targets_hold_no_curly_quote(text: str) -> None:
    # mechanical's quote count does not look for curly quotes in an ASCII text.
    assert text.isascii() <= (mechanical._CURLY.search(text) is None)
    assert (mechanical._CURLY.search(text) is None) == ("“" not in text and "”" not in text)


class _Text(str):
    """A str subclass: json writes it as a string, the fast path leaves it to json."""


_JSON_SCALARS = (
    st.text(max_size=8)
    | st.sampled_from(["", '"\\/\n\t\x00\u2028é中\ud800', _Text("sub")])
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 0.1])
    | st.booleans()
    | st.none()
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(
            st.text(max_size=4) | st.sampled_from(["a", _Text("k")]), inner, max_size=4
        )
        | st.dictionaries(
            st.integers(0, 9) | st.booleans() | st.none() | st.floats(), inner, max_size=3
        )
    ),
    max_leaves=12,
)


@given(_JSON_VALUES, st.integers(0, 3))
def test_json_items_are_written_as_json_writes_them(value: object, level: int) -> None:
    # write_json joins strings instead of json.dumps(indent=2)'s Python generators.
    assert render_check._dumped(value, level) == json.dumps(
        value, ensure_ascii=False, indent=2
    ).replace("\n", "\n" + "  " * level)


_PINYIN_SOURCE = "他是个“铁公鸡”，一毛不拔。"


@settings(deadline=None)  # the first example loads the pinyin dictionary
@given(_texts("a Tiegongji\"“”‘’'.,", ['"Tiegongji"', "“tiegongji”", "'Tiegongji'", "it's"]))
def test_pinyin_needs_a_quoted_target_word(target: str) -> None:
    # check_untranslated skips the source (its script fold) when the target quotes no word.
    seg = Segment("s1", _PINYIN_SOURCE, target)
    found = list(untranslated.pinyin_issues(seg))
    assert untranslated._QUOTED_EN.search(target) is not None or not found
    checked = [i for i in untranslated.check_untranslated(SegmentContext(seg)) if i.found]
    assert [i.found for i in checked] == [i.found for i in found]


_TRIGGER_TEXTS = _texts(
    "/wW@:.\\{%<a x\u3000",
    ["www", "WwW", "ww", "/ /", "//", ":\\", ".png", ".PNG", ".pngx", ".c", ".json", ".7z"],
)


@given(_TRIGGER_TEXTS)
@example("@")
@example("a:\\")
@example("x.7z")
@example("www")
@example("{")
@example("%")
@example("<")
def test_one_scan_finds_what_the_triggers_find(text: str) -> None:
    # tokens() looks for its patterns' triggers one by one only where one scan found any.
    each = any(trigger.search(text) for _, _, trigger, _ in placeholders.PATTERNS)
    assert (placeholders._ANY_TRIGGER.search(text) is not None) == each


@given(_texts("IVXivxa -é", ["II", "XIV", "VX", "XX", "Iv"]))
def test_roman_numerals_need_their_letters(text: str) -> None:
    # _may_hold_number_words searches for a Roman numeral only in a text with I, V or X.
    assert ennum._may_be_roman(text) or ennum._ROMAN_WORD.search(text) is None


_NUMBER_PHRASES = st.lists(
    st.sampled_from(_STARTERS)
    | st.sampled_from(["a", "an", "A", "and", "May", "may", "II", "XIV", "Iv", "VX", "Xmas"])
    | st.sampled_from(["the", "of", "in", "Jan.", "Sept 5", "early", "x", "2"]),
    max_size=6,
).flatmap(lambda words: st.sampled_from([" ", "-", "  ", ", "]).map(lambda sep: sep.join(words)))


@given(_NUMBER_PHRASES | _NUMBER_WORD_TEXTS)
@example("an eighth")
@example("a third")
@example("IV")
@example("Xmas and XX")
def test_words_no_number_starts_at_are_skipped_as_the_loop_would(text: str) -> None:
    # _word_numbers passes over a word that is no starter, "a"/"an" nor begun like a Roman
    # numeral without its tests; with every word tested, it finds the same numbers.
    fast = ennum._word_numbers(text)
    saved = ennum._MAY_START, ennum._ROMAN_FIRST
    ennum._MAY_START = ennum._ROMAN_FIRST = _Everything()  # type: ignore[assignment]
    try:
        assert ennum._word_numbers(text) == fast
    finally:
        ennum._MAY_START, ennum._ROMAN_FIRST = saved


_BRACKET_TEXTS = st.lists(st.sampled_from([*mechanical._BRACKETS, "a", " 中"]), max_size=5)


@given(_BRACKET_TEXTS.map("".join))
def test_texts_without_brackets_are_not_scanned(text: str) -> None:
    # _imbalance scans for brackets only when one of them is in the text.
    fast = mechanical._imbalance(text)
    saved = mechanical._BRACKETS
    mechanical._BRACKETS = ("",)  # type: ignore[assignment]  # "" is in every text
    try:
        assert mechanical._imbalance(text) == fast
    finally:
        mechanical._BRACKETS = saved


@given(st.lists(st.sampled_from([*"\"“”‘’'", "a", " 中"]), max_size=5).map("".join))
def test_a_quoted_word_needs_an_opening_mark(text: str) -> None:
    # check_untranslated looks for a quoted target word only where such a mark stands.
    assert untranslated._may_quote(text) or untranslated._QUOTED_EN.search(text) is None


@given(
    _texts("个年万千瓦米平公亿x%", [*zhnum.CLASSIFIERS, "千瓦时", "平方公里"], size=4),
    st.integers(0, 5),
)
def test_a_classifier_is_found_where_it_starts(text: str, at: int) -> None:
    # counts() tries every classifier only at a character one of them starts with.
    assert zhnum.classified(text, at) == text.startswith(zhnum.CLASSIFIERS, at)


@given(st.lists(_texts("aB é'\ud800", ["the the", "The"], size=4), min_size=1, max_size=6))
def test_letter_words_are_each_texts_own(texts: list[str]) -> None:
    # The checks of a segment share the split of its target: the last text's is kept.
    for text in [*texts, *reversed(texts)]:
        words = text.encode("utf-8", "surrogatepass").translate(ennum.ASCII_LETTERS_ONLY)
        assert ennum.letter_words(text) == (words, tuple(words.lower().split()))


@given(st.text(max_size=12) | _texts("a 0123456789٣３x", [], size=6))
@example("0")
@example("x9")
@example("٣")
@example("中３")
def test_has_digit_is_the_digit_pattern(text: str) -> None:
    # The number check looks for a digit in an ASCII target by ten scans, not the pattern's.
    assert ennum.has_digit(text) == (re.search(r"\d", text) is not None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("code 5_1 here", True),  # an underscore joins a code
        ("5abcdefg1", True),  # a digit within eight characters after the number: a code
        ("5abcdefgh1", False),  # not within eight
        ("file 3.png", True),
        ("we 3 x", False),
    ],
)
def test_a_number_followed_by_a_code_tail_is_id_like(text: str, code: bool) -> None:
    assert ennum._digit_numbers(text)[0].id_like is code
