"""Text the translation left in Chinese: Chinese characters, and pinyin standing for a word.

Chinese characters in the target are untranslated unless they belong to a file name or link
the source has too (图片18.jpg). Pinyin is only called untranslated when a quoted word of the
target spells the pinyin of a quoted Chinese word of the source that is not a name: "Tiegongji"
for “铁公鸡” (a miser), but not "Baihetan" for the ship “白鹤滩” nor "Xuzhou" for 徐州市.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from mtreview.corpus.model import Segment
from mtreview.glossary.script import simplified
from mtreview.scoring.checks import SegmentContext, register
from mtreview.scoring.checks.mechanical import HAN, NAME_LIKE, copied
from mtreview.scoring.issues import Issue

HAN_RUN = re.compile(rf"(?:{HAN.pattern})+")
_OPENING = "\"“‘'"  # the marks a quoted target word starts with
_QUOTED_EN = re.compile(rf"[{_OPENING}]([^\"“”‘’']{{1,80}})[\"”’']")
_QUOTED_ZH = re.compile(r"[“\"「『]([^”\"」』]{1,40})[”\"」』]")
_LATIN = re.compile(r"[A-Za-z]{4,}")
# Words that could be toneless pinyin: only these are looked up, so most texts never load it.
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ue|ui|er|a|o|e|i|u|v)"
)
# Characters that end a name: 白鹤滩号, 徐州市, 生田村, 大亚湾.
NAME_ENDS = set("村镇乡区市县省州湾岛山河湖江路街号港寺庙桥")
NAME_TAGS = ("nr", "ns", "nt", "nz")
# After the quotes: “雄安”新区 and "Xiongan" New Area name a place, “蛟龙”号 a vessel.
NAME_SUFFIXES = (
    "新区",
    "号",
    "村",
    "镇",
    "乡",
    "区",
    "市",
    "县",
    "省",
    "州",
    "岛",
    "山",
    "湖",
    "河",
)
_NAMED_AFTER = re.compile(r"\s+[A-Z][a-z]")


@register(
    "untranslated",
    {
        "untranslated": ("major", "Chinese characters left in the target"),
        "untranslated-pinyin": ("minor", "pinyin left for a Chinese word (Tiegongji for 铁公鸡)"),
    },
)
def check_untranslated(ctx: SegmentContext) -> Iterable[Issue]:
    """Chinese runs and pinyin words of the target that stand for untranslated source text."""
    seg = ctx.segment
    if ctx.target_lang[:2].lower() in ("zh", "ja", "ko"):
        return  # Chinese characters belong in these targets
    if copied(seg.source, seg.target):
        return  # target-equals-source says it once
    for m in () if seg.target.isascii() else HAN_RUN.finditer(seg.target):
        name = _name_around(seg.target, *m.span())
        if name is not None and simplified(name) in simplified(seg.source):
            continue
        yield Issue(
            seg.id,
            "untranslated",
            "major",
            f"Chinese left in the target: {m.group()}",
            target_span=m.span(),
            found=m.group(),
        )
    if (
        ctx.source_lang.startswith("zh")
        and _may_quote(seg.target)
        and _QUOTED_EN.search(seg.target)
    ):
        source = simplified(seg.source)  # pinyin is only looked for in a quoted target word
        if _QUOTED_ZH.search(source):  # pinyin is only looked for in a quoted Chinese word
            yield from pinyin_issues(replace(seg, source=source))


def _may_quote(text: str) -> bool:
    """Whether ``text`` holds a mark :data:`_QUOTED_EN` opens a quotation with (scans in C)."""
    return any(mark in text for mark in _OPENING)


def _name_around(text: str, start: int, end: int) -> str | None:
    """The file name or link that ``text[start:end]`` lies in, if it lies in one."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    token = text[left : right if right >= 0 else len(text)].strip("()[]<>,.;:!?\"'“”。，")
    return token if NAME_LIKE.fullmatch(token) else None


def pinyin_issues(seg: Segment) -> Iterable[Issue]:
    """Quoted target words spelling the pinyin of a quoted Chinese word that is not a name."""
    words = [
        (w.group(), q.start(1) + w.start())
        for q in _QUOTED_EN.finditer(seg.target)
        for w in _LATIN.finditer(q.group(1))
        if could_be_pinyin(w.group().lower()) and not _NAMED_AFTER.match(seg.target, q.end())
    ]
    phrases = [
        m.group(1)
        for m in _QUOTED_ZH.finditer(seg.source)
        if HAN.search(m.group(1)) and not seg.source.startswith(NAME_SUFFIXES, m.end())
    ]
    if not words or not phrases:
        return
    for word, start in words:
        for phrase in phrases:
            chars = _spelt_by(word.lower(), phrase)
            if chars is not None and not _is_name(phrase, chars):
                yield Issue(
                    seg.id,
                    "untranslated-pinyin",
                    "minor",
                    f"{word!r} is the pinyin of {phrase[chars[0] : chars[1]]}, not a translation",
                    source_span=_span_in(seg.source, phrase, chars),
                    target_span=(start, start + len(word)),
                    found=word,
                )
                break


def could_be_pinyin(word: str) -> bool:
    """Whether ``word`` splits into toneless pinyin syllables (tiegongji = tie-gong-ji).

    Dynamic programming over positions, not one regex: a nested regex backtracks
    exponentially on long words.
    """
    if len(word) > 36:
        return False
    reach = [True] + [False] * len(word)
    for i in range(len(word)):
        if reach[i]:
            for j in range(i + 1, min(len(word), i + 6) + 1):
                if _SYLLABLE.fullmatch(word, i, j):
                    reach[j] = True
    return reach[-1]


def _spelt_by(word: str, phrase: str) -> tuple[int, int] | None:
    """The span of two or more characters of ``phrase`` whose pinyin is ``word``."""
    syllables = [
        s if HAN.fullmatch(c) else "\0" for c, s in zip(phrase, _per_char(phrase), strict=True)
    ]
    for i in range(len(phrase)):
        joined = ""
        for j in range(i, len(phrase)):
            joined += syllables[j]
            if not word.startswith(joined):
                break
            if joined == word and j > i:
                return i, j + 1
    return None


def preload() -> None:
    """Import pypinyin now (a quarter of a second), not in the first check that spells pinyin."""
    import pypinyin  # noqa: F401


@lru_cache(maxsize=4096)
def _per_char(phrase: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin  # imported on demand: it loads a large dictionary

    # One syllable per character; lazy_pinyin reads the phrase as a whole for polyphones.
    out: list[str] = []
    for chunk in re.findall(rf"{HAN.pattern}+|[^{HAN.pattern[1:-1]}]", phrase):
        out.extend(lazy_pinyin(chunk) if HAN.match(chunk) else [chunk])
    return tuple(out)


@lru_cache(maxsize=1)
def _dictionary() -> str:
    """The text of jieba's dictionary ("word freq tag" lines), read once.

    Reading it takes 25 ms, where loading jieba.posseg takes most of a second.
    """
    import jieba

    with jieba.dt.get_dict_file() as f:
        data: bytes = f.read()
    return "\n" + data.decode("utf-8")


def tag(word: str) -> str | None:
    """The part-of-speech tag jieba's dictionary gives a word (n, a, nr, ns …), None if unknown."""
    text = _dictionary()
    at = text.find(f"\n{word} ")
    if at < 0:
        return None
    fields = text[at + 1 : text.find("\n", at + 1)].split()
    return fields[2] if len(fields) > 2 else ""


@lru_cache(maxsize=4096)
def _is_name(phrase: str, chars: tuple[int, int]) -> bool:
    """Whether ``phrase[start:end]`` may be a name rather than a word to translate.

    It may when it ends like a name (市, 村, 湾 …), when jieba's dictionary tags it as one, or when
    the dictionary does not know it (a coinage or a name: 白鹤滩, 雄安): only a dictionary word
    that is no name ("铁公鸡", n) is called untranslated.
    """
    start, end = chars
    if phrase[end : end + 1] in NAME_ENDS or phrase[end - 1] in NAME_ENDS:
        return True
    word = phrase[start:end]
    found = tag(word)
    return found is None or found.startswith(NAME_TAGS)


def _span_in(source: str, phrase: str, chars: tuple[int, int]) -> tuple[int, int] | None:
    at = source.find(phrase)
    return (at + chars[0], at + chars[1]) if at >= 0 else None
