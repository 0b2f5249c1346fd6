"""The folded copy of source text: same length, offsets kept, scripts and forms folded alike."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtreview.glossary.script import (
    _FOLD,
    PHRASE_ONLY,
    TAIWAN_FOLDS,
    _fold_chars,
    fold_source,
    same_length,
    simplified,
)
from mtreview.paths import demo_corpus

# Simplified and Traditional characters, the one-to-many ones among them, and what else a
# source holds: full-width and ASCII punctuation, Latin, digits, quotes, NUL, astral Han.
_POOL = [
    *"金融市场場头发髮發后後來来于於干乾幹著着显顯随隨卫衞衛坐座标標沈沉覆复批隆坤县縣",
    *"乾隆坤深藉借么麼台臺裏里線线綫二〇万萬亿億两兩",
    *"（）()，,。“”「」『』\"' 　ＡaBｂ１2-_\x00\n\t",
    *("\U00020000", "\U0002a6a5", "\uf900", "\u2f00"),
]
texts = st.text(st.sampled_from(_POOL), max_size=40)
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ebef]+")


@given(texts)
def test_the_copies_keep_the_length(text: str) -> None:
    assert len(simplified(text)) == len(text)
    assert len(fold_source(text)) == len(text)


@given(texts)
def test_offsets_map_one_to_one(text: str) -> None:
    """Each run of Han characters folds as it would alone; every other character by itself."""
    folded = fold_source(text)
    covered = set()
    for run in _HAN.finditer(folded):
        covered.update(range(*run.span()))
    for run in _HAN.finditer(text):
        start, end = run.span()
        if all(i in covered for i in range(start, end)):
            assert folded[start:end] == fold_source(text[start:end])
    for i, char in enumerate(text):
        if not _HAN.fullmatch(char) and not _HAN.fullmatch(folded[i]):
            assert folded[i] == fold_source(char)


@given(texts)
def test_folding_twice_changes_nothing(text: str) -> None:
    assert fold_source(fold_source(text)) == fold_source(text)


@given(texts)
def test_no_taiwan_form_survives(text: str) -> None:
    assert not set(TAIWAN_FOLDS) & set(simplified(text))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("金融市场", "金融市場"),  # Traditional
        ("头发", "頭髮"),  # 发 is 髮 (hair) or 發 (issue)
        ("发展", "發展"),
        ("后来", "後來"),  # 后 is 後 (after) or 后 (queen)
        ("皇后", "皇后"),
        ("于是", "於是"),
        ("干净", "乾淨"),  # 干 is 乾 (dry), 幹 (do) or 干
        ("干部", "幹部"),
        ("乾县", "乾縣"),  # a phrase rule keeps 乾 in 乾縣: the copy is folded again
        ("随着", "隨著"),  # Taiwan writes the particle 着 as 著
        ("随着", "隨着"),  # Hong Kong keeps 着
        ("显著", "顯著"),
        ("卫生", "衞生"),  # Hong Kong form
        ("卫生", "衛生"),
        ("批复", "批覆"),  # changed by a phrase rule only
        ("深沉", "深沈"),
        ("具本地系统重要性认可机构(D-SIB)", "具本地系統重要性認可機構（D-SIB）"),
        ('"三错开"原则', "“三错开”原则"),
        ("「一國兩制」", '"一国两制"'),
        ("ＡＢＣ银行", "abc銀行"),
        ("一", "\u2f00"),  # the Kangxi radical of a PDF's text layer
    ],
)
def test_one_source_spelt_two_ways_folds_alike(one: str, other: str) -> None:
    assert fold_source(one) == fold_source(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("乾隆", "干隆"),  # 乾 of the emperor's name stays 乾
        ("乾坤", "干坤"),
        ("自然资源部", "自然资源部门"),
        ("(D-SIB)", "D-SIB"),
        ("㎡", "m2"),  # NFKC gives two characters: not folded
    ],
)
def test_different_sources_stay_different(one: str, other: str) -> None:
    assert fold_source(one) != fold_source(other)


def test_simplified_text_comes_back_unchanged_but_for_the_taiwan_folds() -> None:
    rows = [line.split("\t") for line in demo_corpus().read_text(encoding="utf-8").splitlines()]
    source = "\n".join(row[1] for row in rows if len(row) > 2)
    expected = source
    for old, new in TAIWAN_FOLDS.items():
        expected = expected.replace(old, new)
    assert simplified(source) == expected


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        # a phrase rule that shortens: the stretch falls back to one character at a time
        ("甲乙丙，丁", {"甲乙": "戊", "甲": "己", "丁": "庚"}, "己乙丙，庚"),
        # one that lengthens, beside a run it leaves alone
        ("乙甲 丙丙", {"甲": "戊戊", "丙": "丁"}, "乙甲 丁丁"),
        # nothing changes length: converted as a whole
        ("甲乙", {"甲乙": "丙丁"}, "丙丁"),
    ],
)
def test_a_converter_that_changes_lengths_is_applied_by_stretch(
    text: str, rule: dict[str, str], expected: str
) -> None:
    def convert(value: str) -> str:
        for old in sorted(rule, key=len, reverse=True):
            value = value.replace(old, rule[old])
        return value

    assert same_length(text, convert) == expected


@pytest.mark.parametrize("text", ["a\x00b頭髮", "\ud800頭髮", "頭髮\x00"])
def test_text_opencc_cannot_take_is_converted_by_stretch(text: str) -> None:
    out = simplified(text)
    assert len(out) == len(text)
    assert out.replace("头发", "") == text.replace("頭髮", "")


def _tw_folds_from_opencc() -> dict[str, str]:
    """What tw2s does beyond hk2s to characters that are no Simplified form of another."""
    hk2s, tw2s, s2t = (opencc.OpenCC(f"{c}.json") for c in ("hk2s", "tw2s", "s2t"))
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    joined = "\n".join(chars)
    hk, tw, st_ = (c.convert(joined).split("\n") for c in (hk2s, tw2s, s2t))
    return {
        c: t for c, h, t, s in zip(chars, hk, tw, st_, strict=True) if h == c and s == c and t != c
    }


def test_the_taiwan_folds_are_what_opencc_gives() -> None:
    assert _tw_folds_from_opencc() == TAIWAN_FOLDS


def _dump(name: str, tmp_path: Path) -> list[tuple[str, str]]:
    share = Path(opencc.__file__).parent / "clib"
    out = tmp_path / f"{name}.txt"
    subprocess.run(
        [
            str(share / "bin" / "opencc_dict"),
            "-i",
            str(share / "share" / "opencc" / f"{name}.ocd2"),
            "-o",
            str(out),
            "-f",
            "ocd2",
            "-t",
            "text",
        ],
        check=True,
        capture_output=True,
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    return [(k, v.split(" ")[0]) for k, v in (line.split("\t") for line in lines if line)]


def test_phrase_only_characters_are_all_listed(tmp_path: Path) -> None:
    """A character OpenCC changes only inside a phrase must make the text convert."""
    convert = opencc.OpenCC("hk2s.json").convert
    found = set()
    for name in ("TSPhrases", "HKVariantsRevPhrases"):
        for phrase, _ in _dump(name, tmp_path):
            out = convert(phrase)
            found |= {
                a
                for a, b in zip(phrase, out, strict=True)
                if a != b and convert(a) == a and a not in TAIWAN_FOLDS
            }
    assert found and found <= set(PHRASE_ONLY)


def test_opencc_phrases_keep_their_length(tmp_path: Path) -> None:
    """The premise of the whole-text fast path: no phrase of the conversion changes length."""
    for name in ("TSPhrases", "HKVariantsRevPhrases", "TSCharacters", "HKVariantsRev"):
        entries = _dump(name, tmp_path)
        assert entries and all(len(k) == len(v) for k, v in entries), name


@given(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20)
    | st.text("ΑΣİẞＡ，“中國ﬁ㊀ a", max_size=20)
)
def test_fold_by_replaces_is_the_fold_by_table(text: str) -> None:
    # The quick fold (a few replaces, one lower) gives the table's copy, character for character.
    assert _fold_chars(text) == text.translate(_FOLD)
