"""English spelling variation that a reviewer accepts as the same word.

:func:`us_spelling` maps British spellings to American ones (organise/organize, colour/color,
centre/center, catalogue/catalog, travelled/traveled, programme/program), applied to both sides of
every comparison, so either spelling in the glossary matches either in the text. The rules are
narrow on purpose: a rule fires only where the British form is unambiguous (``four``, ``hour`` and
``pour`` keep their ``our``, ``filled`` and ``called`` their ``ll``, ``cadre`` and ``timbre``
their ``re``), since a mapping that merged two real words would accept a wrong rendering.

:func:`verb_key` folds the verb forms of one word (develop, develops, developed, developing) for
single-word terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

_IZE = re.compile(r"(?<=[a-z]{3})([iy])s(e|ed|ing|ation|er)$")
_OUR = re.compile(r"^([a-z]{3,}|od)our(ed|ing|ite|able|ably|er|ful|hood|less|ist)?$")
_TRE = re.compile(r"(?<=[a-z]{2})([tbg])re(d)?$")
_OGUE = re.compile(r"(?<=[a-z]{3})ogue(d)?$")
_LL_SUFFIX = re.compile(r"(?<=[a-z])ll(ment|ful)$")
_LL_FINAL = re.compile(r"([aeiou])ll(ed|ing|er|or)?$")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_KEEP = frozenset("devour detour contour troubadour paramour velour ogre timbre".split())
_WORDS = {
    "programme": "program",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "ageing": "aging",
    "judgement": "judgment",
    "acknowledgement": "acknowledgment",
    "grey": "gray",
}


@lru_cache(maxsize=65536)
def us_spelling(word: str) -> str:
    """The American spelling of a lower-case, singular word (itself when it has no other)."""
    if word in _WORDS:
        return _WORDS[word]
    if len(word) < 5 or not word.isascii() or word in _KEEP:
        return word
    if not (
        "ll" in word
        or "our" in word
        or "ogue" in word
        or "is" in word
        or "ys" in word
        or word.endswith(("re", "red"))
    ):
        return word  # what each rule below needs is missing: most words, in a few scans
    w = _IZE.sub(r"\1z\2", word)
    w = _OUR.sub(r"\1or\2", w)
    w = _TRE.sub(lambda m: m.group(1) + "er" + ("ed" if m.group(2) else ""), w)
    if len(w) >= 7:
        w = _OGUE.sub(lambda m: "og" + ("ed" if m.group(1) else ""), w)
    w = _LL_SUFFIX.sub(r"l\1", w)
    final = _LL_FINAL.search(w)
    if final and len(_VOWEL_GROUPS.findall(w[: final.start() + 1])) >= 2:
        w = w[: final.start()] + final.group(1) + "l" + (final.group(2) or "")
    return w


@lru_cache(maxsize=65536)
def verb_key(word_stem: str) -> str:
    """One key for the forms of a verb: develop(s/ed/ing) alike, regulate(d/s) and regulating."""
    w = word_stem
    if w.endswith("eed"):
        return w  # need, proceed: no -ed to take off
    if len(w) >= 6 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) >= 5 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) >= 5 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # stopped, stopping: stop
    return w


def is_base_verb(word_stem: str) -> bool:
    """Whether a word is a bare form whose inflections :func:`verb_key` may fold.

    "housing" is not: folding it would accept "house"; nor is a word of three letters or less
    once folded ("mine" would take "min").
    """
    key = verb_key(word_stem)
    return len(key) >= 4 and key in (word_stem, word_stem[:-1]) and word_stem.isalpha()


_US_SUFFIXES = (
    re.compile(r"[iy](z)(e|ed|ing|ation|er)$"),
    re.compile(r"(or)(ed|ing|ite|able|ably|er|ful|hood|less|ist)?$"),
    re.compile(r"[tbg](er)(ed)?$"),
    re.compile(r"(og)(ed)?$"),
    re.compile(r"(l)(ment|ful)$"),
    re.compile(r"[aeiou](l)(ed|ing|er|or)?$"),
    re.compile(r"us(e)$"),  # "virus" stems as "viruse" (see english.stem)
)


@lru_cache(maxsize=65536)
def stable_prefix(spelled: str) -> str:
    """The part of an American-spelled word that every spelling mapped to it begins with.

    "organization" may be written "organisation", so only "organi" is certain; a word no rule
    touches is certain whole.
    """
    cut = len(spelled)
    for pattern in _US_SUFFIXES:
        m = pattern.search(spelled)
        if m:
            cut = min(cut, m.start(1))
    for british, american in _WORDS.items():
        if spelled == american:
            common = next(
                (i for i, (a, b) in enumerate(zip(british, american, strict=False)) if a != b),
                min(len(british), len(american)),
            )
            cut = min(cut, common)
    return spelled[: max(1, cut)]
