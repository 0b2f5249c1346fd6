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

from mtreview.glossary.english import STOPWORDS, WORD, fold, stem, tokens

_SMALL_WORDS = frozenset("a an the of and or for in on to by at with".split())
_ARTICLES = ("a", "an")
_AN_EXCEPTIONS = ("uni", "use", "usu", "eu", "one", "once")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")


def widen(text: str, span: tuple[int, int], rendering: str) -> tuple[int, int]:
    """Take in the words beside ``span`` that the rendering begins or ends with."""
    toks = tokens(fold(text))
    inside = [i for i, t in enumerate(toks) if span[0] <= t.start and t.end <= span[1]]
    if not inside:
        return span
    first, last = inside[0], inside[-1]
    ref = [stem(w) for w in WORD.findall(rendering)]
    start, end = span
    for k in range(min(len(ref) - 1, first), 0, -1):
        before = toks[first - k : first]
        if (
            [t.stem for t in before] == ref[:k]
            and not all(s in STOPWORDS for s in ref[:k])
            and all(t.gap == "" for t in toks[first - k + 1 : first + 1])
        ):
            start = before[0].start
            break
    for k in range(min(len(ref) - 1, len(toks) - 1 - last), 0, -1):
        after = toks[last + 1 : last + 1 + k]
        if (
            [t.stem for t in after] == ref[-k:]
            and not all(s in STOPWORDS for s in ref[-k:])
            and all(t.gap == "" for t in after)
        ):
            end = after[-1].end
            break
    return start, end


def _plural(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s"))


def _pluralize(word: str) -> str:
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _keep_number(replacement: str, found: str) -> str:
    """Give a plain (lower-case) rendering the number of the words it replaces."""
    found_words = WORD.findall(found)
    head = replacement.rsplit(" ", 1)[-1]
    if (
        not found_words
        or not _plural(found_words[-1])
        or any(w[:1].isupper() for w in WORD.findall(replacement))
        or not head.isalpha()
        or _plural(head)
        or head.endswith("ing")
    ):
        return replacement
    return replacement[: len(replacement) - len(head)] + _pluralize(head)


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
    before = text[:start].rstrip(" ")
    if len(before) == start:
        return None
    words = WORD.findall(before[-12:])
    if not words or not before.endswith(words[-1]):
        return None
    word = words[-1]
    at = len(before) - len(word)
    if at and before[at - 1].isalnum():
        return None
    return at, word


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
    text: str, span: tuple[int, int], rendering: str, keep_number: bool = True
) -> tuple[tuple[int, int], str]:
    """The span to replace and its replacement, for putting ``rendering`` at ``span``.

    ``keep_number`` is off for proper names, which are written as the glossary has them.
    """
    start, end = widen(text, span, rendering)
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
