"""How two Chinese source texts count as the same: one folded copy, one character per character.

Glossaries and corpora mix scripts: a Simplified glossary meets a Hong Kong report, a glossary
built from several documents spells one term 金融市场 and 金融市場, or （D-SIB） and (D-SIB).
Every comparison of source text goes through :func:`fold_source`, a copy of the text with

- compatibility forms folded as NFKC folds them, where that maps one character to one (full-width
  Latin and brackets, Kangxi radicals and compatibility ideographs from PDFs), Latin case and
  quote styles (“ ” 「 」 → ");
- the script folded by :func:`simplified`: OpenCC's Hong Kong to Simplified conversion (which
  also covers OpenCC's standard Traditional forms) with its phrase rules (乾隆 keeps its 乾), and
  the few Taiwan forms it leaves (著 as the particle 着).

Both copies have exactly the length of the original, so an offset found in the copy is the
offset in the original. OpenCC's dictionaries map a phrase to a phrase of the same length; should
one not, that stretch falls back to character-by-character conversion.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

Convert = Callable[[str], str]

# Taiwan forms that OpenCC's Hong Kong conversion keeps but Simplified writes otherwise: 著 is
# the particle 着 in Taiwan (隨著), and 著 of 显著/著名 folds too, on both sides alike. The table
# is what tw2s does beyond hk2s to characters that are not Simplified forms of something else
# (tests/test_script.py derives it again from OpenCC, so an update of OpenCC is noticed).
TAIWAN_FOLDS = {"著": "着", "痺": "痹", "睪": "睾", "簷": "檐"}
# Characters OpenCC changes only inside a phrase (深沈 → 深沉, 批覆 → 批复), never alone; together
# with the characters it changes alone they tell when a text needs converting at all.
PHRASE_ONLY = "么俱哩坏彷沈甦瞭藉覆"
_SCANNED = ((0x2E80, 0x3040), (0x3400, 0xA000), (0xF900, 0xFB00))  # astral: always converted
_QUOTES = {**dict.fromkeys("“”„‟「」『』〝〞＂", '"'), **dict.fromkeys("‘’‚‛＇", "'")}
_HAN_RUN = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U0002f800-\U0002fa1f]+"
)
_CACHE_CHARS = 2_000_000  # characters of folded text kept per cache (some 8 MB)
_CACHE_LONGEST = 100_000  # longer texts are folded every time, not kept


class _FoldTable(dict[int, int]):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char  # ﬁ → fi, ㎡ → m2: not one to one, left alone
        lower = folded.lower()
        if len(lower) == 1:
            folded = lower
        folded = _QUOTES.get(folded, folded)
        self[code] = ord(folded)
        return self[code]


_FOLD = _FoldTable()
# Characters whose fold is their lower case: ASCII and the CJK Unified Ideographs (no NFKC form).
_OTHER = re.compile("[^\x00-\x7f\u4e00-\u9fff]")


def _fold_chars(text: str) -> str:
    """``text.translate(_FOLD)``, by a few replaces and one ``lower`` where that is the same.

    A Chinese text holds a handful of other characters (，。“”), each replaced by its fold;
    should a fold not be its own lower case, the table does it all.
    """
    work = text
    for char in dict.fromkeys(_OTHER.findall(text)):
        folded = chr(_FOLD[ord(char)])
        if folded.lower() != folded:
            return text.translate(_FOLD)
        if folded != char:
            work = work.replace(char, folded)
    return work.lower()


class _Cache:
    """Folded copies of recently seen texts, up to a number of characters."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}
        self.chars = 0

    def put(self, text: str, folded: str) -> str:
        if len(text) > _CACHE_LONGEST:
            return folded
        if self.chars + len(text) > _CACHE_CHARS:
            self.items.clear()
            self.chars = 0
        self.items[text] = folded
        self.chars += len(text)
        return folded


_SIMPLIFIED = _Cache()
_FOLDED = _Cache()


@lru_cache(maxsize=2)
def _converter(config: str = "hk2s") -> Any:
    import opencc

    # OpenCC takes a file of that name in the working folder first: its own, always (what it
    # gives is kept on disk, see source_keys and mtreview.diskcache).
    name = f"{config}.json"
    share = getattr(opencc, "_opencc_share_dir", "")
    own = os.path.join(share, name)
    return opencc.OpenCC(own if share and os.path.isfile(own) else name)


def _opencc(text: str) -> str:
    out: str = _converter().convert(text)
    return out


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    """A pattern that finds a character the fold could change; a text without one stays as is.

    Each character of the BMP's Han blocks is converted alone, once per process (some 30 ms);
    a character beyond the BMP always makes the text convert.
    """
    chars = [chr(c) for lo, hi in _SCANNED for c in range(lo, hi)]
    out = _opencc("\n".join(chars)).split("\n")
    changed = {c for c, o in zip(chars, out, strict=True) if o != c}
    changed |= set(PHRASE_ONLY) | set(TAIWAN_FOLDS)
    # Characters beyond the BMP would make the class a slow list: a range stands for them.
    return re.compile(f"[{''.join(sorted(changed))}\U00010000-\U0010ffff]")


def _one(char: str, convert: Convert) -> str:
    out: str = convert(char)
    return out if len(out) == 1 else char


def _by_stretch(text: str, convert: Convert) -> str:
    """Convert each Han run alone, and a run whose length changes character by character."""
    pieces: list[str] = []
    pos = 0
    for match in _HAN_RUN.finditer(text):
        run = match.group()
        out = convert(run)
        if len(out) != len(run):
            out = "".join(_one(c, convert) for c in run)
        pieces.append(text[pos : match.start()])
        pieces.append(out)
        pos = match.end()
    pieces.append(text[pos:])
    return "".join(pieces)


def same_length(text: str, convert: Convert) -> str:
    """Apply the converter ``convert`` to ``text`` so that the result has the same length.

    The whole text is converted at once when that keeps its length (one call: fast); otherwise,
    or when the converter cannot take the text (a lone surrogate, a NUL), each run of Han
    characters is converted alone, and a run that still changes length character by character.
    """
    try:
        out: str = convert(text)
    except UnicodeError:
        out = ""
    if len(out) == len(text):
        return out
    return _by_stretch(text, convert)


def may_change(text: str) -> bool:
    """Whether :func:`simplified` could give anything but ``text`` itself."""
    return _convertible().search(text) is not None


def simplified(text: str) -> str:
    """The Simplified copy of ``text``, of the same length: for matching and segmenting only.

    Traditional characters (OpenCC standard, Hong Kong and Taiwan forms) become Simplified;
    Simplified text comes back unchanged but for the few folds of :data:`TAIWAN_FOLDS`.
    """
    if text.isascii():
        return text
    cached = _SIMPLIFIED.items.get(text)
    if cached is not None:
        return cached
    out = text
    # Again while it changes: a phrase rule keeps 乾 in 乾縣 → 乾县, which alone reads 干县; the
    # Simplified 乾县 must fold to the same copy.
    for _ in range(3):
        if not may_change(out):
            break
        converted = same_length(out, _opencc)
        for old, new in TAIWAN_FOLDS.items():
            if old in converted:
                converted = converted.replace(old, new)
        if converted == out:
            break
        out = converted
    return _SIMPLIFIED.put(text, out)


def fold_source(text: str) -> str:
    """The one comparison key of source text, one character to one character.

    NFKC where it maps a character to one character, Latin case, quote styles, then the script
    (:func:`simplified`). “三错开”原则 finds the glossary's "三错开"原则, 金融市場 finds 金融市场,
    （D-SIB） finds (D-SIB), and offsets are unchanged.
    """
    cached = _FOLDED.items.get(text)
    if cached is not None:
        return cached
    return _FOLDED.put(text, simplified(_fold_chars(text)))


def _traditional(text: str) -> str:
    out: str = _converter("s2t").convert(text)
    return out


@lru_cache(maxsize=1)
def _variant_phrases() -> dict[str, str]:
    """Folded Traditional phrases that fold to another character than their Simplified form.

    OpenCC writes 坐标 as 座標 (座 is the Traditional form of 坐 in this phrase only) but folds
    座標 to 座标: for each Simplified word of jieba's dictionary whose Traditional form folds
    otherwise, that fold maps back to the word. Made once, when a Traditional term needs it,
    then kept on disk (see :func:`mtreview.glossary.segmenter.dictionary_key`).
    """
    from mtreview.diskcache import cached
    from mtreview.glossary.segmenter import dictionary_key

    return cached("opencc-variant-phrases", dictionary_key(), _make_variant_phrases)


def _make_variant_phrases() -> dict[str, str]:
    from mtreview.glossary.segmenter import base_words

    words = [w for w in base_words() if len(w) > 1 and not may_change(w)]
    folded = simplified(same_length("\n".join(words), _traditional)).split("\n")
    table: dict[str, str] = {}
    for word, form in zip(words, folded, strict=True):
        if form != word and len(form) == len(word):
            table.setdefault(form, word)
    return table


def source_keys(source: str) -> tuple[str, ...]:
    """Every folded form by which a term's source text is found, its own first.

    Besides :func:`fold_source`, the same phrase in the other script where OpenCC writes another
    character, not just another form of it: a Simplified 坐标 is also found as the Traditional
    座標 (which folds to 座标), and a Traditional 座標 as the Simplified 坐标.
    """
    key = fold_source(source)
    keys = [key]
    if not key.isascii():
        other = fold_source(same_length(key, _traditional))
        if other != key:
            keys.append(other)
        if may_change(source):
            simple = _variant_phrases().get(key)
            if simple is not None and simple not in keys:
                keys.append(simple)
    return tuple(keys)


KEYS_KEPT_FROM = 1000
"""Sources from which their keys are kept in the user's cache folder (see :func:`keys_of`)."""


def keys_of(sources: Sequence[str]) -> list[tuple[str, ...]]:
    """:func:`source_keys` of each source; kept on disk for a large glossary.

    OpenCC writes each source in the other script: 0.4 s for 10,000 terms, at every check. The
    keys depend only on the sources, OpenCC and this code, as jieba's prepared dictionary does
    (:func:`mtreview.glossary.segmenter.dictionary_key`), so they are kept under that key and
    the sources.
    """
    if len(sources) < KEYS_KEPT_FROM:
        return [source_keys(s) for s in sources]
    from mtreview.diskcache import cached, derived
    from mtreview.glossary.segmenter import dictionary_key

    key = derived(dictionary_key(), ["source keys 1", *sources])
    return cached("source-keys", key, lambda: [source_keys(s) for s in sources])


def cut_like(text: str, pieces: Iterable[str]) -> list[str]:
    """``text`` cut where ``pieces`` cut its copy: the words of a copy mapped back to the text.

    >>> cut_like("隨著經濟發展", ["随着", "经济", "发展"])
    ['隨著', '經濟', '發展']
    """
    out: list[str] = []
    pos = 0
    for piece in pieces:
        out.append(text[pos : pos + len(piece)])
        pos += len(piece)
    return out
