"""How a fix puts a term's approved rendering in place of a wrong one, so the sentence reads well.

A fix replaces a target span with the term's approved target, shaped to its place:

- it never duplicates words beside the span: when the words before (after) the span are the
  rendering's first (last) words, the span takes them in ("Exchange Fund notes", not "Exchange
  Fund Exchange Fund Bills and Notes");
- it keeps the grammatical number of the words it replaces ("carbon stamps" becomes "carbon
  tickets"), except for names and titles, which are written as the glossary has them;
- it keeps articles right: "a" becomes "an" before a vowel, and goes when the rendering takes no
  article ("reach a carbon peak" becomes "reach carbon peaking", not "reach a carbon peaking");
- it keeps capitals: a capitalised span (title case, or a sentence start) gives a capitalised
  rendering.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtreview.glossary.english import STOPWORDS, WORD, Token, fold, stem, tokens

_SMALL_WORDS = frozenset("a an the of and or for in on to by at with".split())
_ARTICLES = ("a", "an")
_AN_EXCEPTIONS = ("uni", "use", "usu", "eu", "one", "once")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")


def widen(toks: Sequence[Token], span: tuple[int, int], rendering: str) -> tuple[int, int]:
    """Take in the words beside ``span`` that the rendering holds, in the rendering's order.

    "Exchange" located in "Exchange Fund notes" for "Exchange Fund Bills and Notes" widens to the
    whole phrase, so does "notes": a fix then never leaves a word of the rendering beside itself.
    A widened span never crosses punctuation and never ends on a function word it took in.
    ``toks`` are the :func:`~mtreview.glossary.english.tokens` of the (folded) text.
    """
    inside = []
    for i in range(_at(toks, span[0]), len(toks)):
        if toks[i].end > span[1]:
            break
        if toks[i].start >= span[0]:
            inside.append(i)
    ref = [stem(w) for w in WORD.findall(rendering)]
    if not inside or not ref:
        return span
    places = [ref.index(toks[i].stem) for i in inside if toks[i].stem in ref]
    start, end = span
    if places:
        bound, i, taken = min(places), inside[0], inside[0]
        while i > 0 and toks[i].gap == "" and toks[i - 1].stem in ref[:bound]:
            i -= 1
            bound = ref.index(toks[i].stem)
            if toks[i].stem not in STOPWORDS:
                taken = i
        start = toks[taken].start
        bound, i, taken = max(places), inside[-1], inside[-1]
        while i + 1 < len(toks) and toks[i + 1].gap == "" and toks[i + 1].stem in ref[bound + 1 :]:
            i += 1
            bound = ref.index(toks[i].stem, bound + 1)
            if toks[i].stem not in STOPWORDS:
                taken = i
        end = toks[taken].end
    return min(start, span[0]), max(end, span[1])


def _at(toks: Sequence[Token], offset: int) -> int:
    """The index of the first token ending after ``offset`` (binary search)."""
    lo, hi = 0, len(toks)
    while lo < hi:
        mid = (lo + hi) // 2
        if toks[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _plural(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s"))


def _pluralize(word: str) -> str:
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _singularize(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


_PREPOSITIONS = frozenset("of for in on to by at with from into per".split())


def _head(words: list[str]) -> int:
    """The position of a phrase's head word.

    That is the last word before a preposition ("line" in "red line for ecological protection"),
    else the last word.
    """
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _PREPOSITIONS), len(words))
    return cut - 1


def _keep_number(replacement: str, found: str) -> str:
    """Give a plain (lower-case) rendering the number of the words it replaces."""
    found_words = WORD.findall(found)
    words = replacement.split(" ")
    if not found_words or any(w[:1].isupper() for w in WORD.findall(replacement)):
        return replacement
    head = _head(words)
    if not words[head].isalpha() or words[head].endswith("ing"):
        return replacement
    found_head = found_words[_head(found_words)]
    plural = _plural(found_head)
    if plural == _plural(words[head]) or not (plural or stem(found_head) == stem(words[head])):
        return replacement  # made singular only where the span holds the rendering's head
    words[head] = (_pluralize if plural else _singularize)(words[head])
    return " ".join(words)


def _takes_an(phrase: str) -> bool:
    word = phrase.lower()
    if word.startswith(_SILENT_H):
        return True
    return word[:1] in "aeiou" and not word.startswith(_AN_EXCEPTIONS)


def _takes_no_article(replacement: str) -> bool:
    words = replacement.split()
    head = words[-1] if words else ""
    return head.endswith("ing") or _plural(head) or (bool(words) and words[0].lower() == "the")


def _word_before(text: str, start: int) -> tuple[int, str] | None:
    """The word just before ``start`` (spaces between), as (its offset, itself)."""
    lo = max(0, start - 40)
    before = text[lo:start].rstrip(" ")
    if len(before) == start - lo:
        return None
    words = WORD.findall(before[-12:])
    if not words or not before.endswith(words[-1]):
        return None
    word = words[-1]
    at = len(before) - len(word)
    if at and before[at - 1].isalnum():
        return None
    return lo + at, word


def capitalised(replacement: str, found: str) -> str:
    """Carry the found span's capitalisation (title case, sentence start) to the replacement."""
    words = found.split()
    if (
        len(words) > 1
        and not found.isupper()
        and all(w[:1].isupper() for w in words if w.lower() not in _SMALL_WORDS)
    ):
        return " ".join(
            w if (w.lower() in _SMALL_WORDS and i) or not w[:1].islower() else w[:1].upper() + w[1:]
            for i, w in enumerate(replacement.split(" "))
        )
    if found[:1].isupper() and replacement[:1].islower() and not found.isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def fix_for(
    text: str,
    span: tuple[int, int],
    rendering: str,
    keep_number: bool = True,
    toks: Sequence[Token] | None = None,
) -> tuple[tuple[int, int], str]:
    """The span to replace and its replacement, for putting ``rendering`` at ``span``.

    ``keep_number`` is off for proper names, which are written as the glossary has them;
    ``toks`` are the text's tokens when the caller has them.
    """
    start, end = widen(tokens(fold(text)) if toks is None else toks, span, rendering)
    replacement = _keep_number(rendering, text[start:end]) if keep_number else rendering
    before = _word_before(text, start)
    if before is not None and before[1].lower() == "the" and replacement.lower().startswith("the "):
        replacement = replacement[4:]
    if before is not None and before[1].lower() in _ARTICLES:
        at, word = before
        if _takes_no_article(replacement):
            start = at
        elif _takes_an(replacement) != (word.lower() == "an"):
            start = at
            new = "an" if _takes_an(replacement) else "a"
            replacement = f"{new} {replacement}"
    found = text[start:end]
    return (start, end), capitalised(replacement, found)
