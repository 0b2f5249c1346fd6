"""The target-side matcher: where a term's renderings stand in an English text.

Tolerant the way a reviewer is: case-insensitive unless the term says otherwise, on word
boundaries, inflection-tolerant (plural -s/-es/-ies and possessive on every word), hyphen, dash and
space alike, straight and curly quotes alike. Offsets are code points into the original text: the
folding below maps each character to exactly one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtreview.glossary.model import Term

# One character to one character, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
        "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "\u3000": " ", "\u00ad": "-",
    }
)  # fmt: skip

_TOKEN = re.compile(r"\w+(?:'\w+)*")
_GAP_FLEX = re.compile(r"^[\s\-/]+$")


def fold(text: str) -> str:
    """Map curly quotes, dashes and odd spaces to plain ones, keeping every offset."""
    return text.translate(_FOLD)


def _word_pattern(word: str) -> str:
    """A pattern for one word that tolerates plural and possessive endings."""
    if not word.isalpha() or len(word) < 2:
        return re.escape(word) + r"(?:'s|s')?" if word.isalpha() else re.escape(word)
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        stem, tail = word[:-3], r"(?:y|ies|ys)"
    elif lower.endswith("y") and len(word) > 2 and lower[-2] not in "aeiou":
        stem, tail = word[:-1], r"(?:y|ies|ys)"
    elif lower.endswith(("sses", "xes", "ches", "shes", "zes")):
        stem, tail = word[:-2], r"(?:es)?"
    elif lower.endswith("s") and len(word) > 3 and not lower.endswith(("ss", "us", "is")):
        stem, tail = word[:-1], r"(?:s|es)?"
    elif lower.endswith(("s", "x", "ch", "sh", "z")):
        stem, tail = word, r"(?:es)?"
    else:
        stem, tail = word, r"(?:s|es)?"
    return re.escape(stem) + tail + r"(?:'s|s'|')?"


def _gap_pattern(gap: str) -> str:
    if _GAP_FLEX.match(gap):
        return r"[\s\-/]+" if "/" in gap else r"[\s\-]+"
    parts = [re.escape(ch) for ch in gap.strip()]
    return r"\s*" + r"\s*".join(parts) + r"\s*"


_GAP_WORDS = r"(?:[\s\-]+[\w']+,?){0,4}[\s\-]+"


@lru_cache(maxsize=65536)
def phrase_regex(phrase: str, case_sensitive: bool = False, gaps: bool = False) -> re.Pattern[str]:
    """Compile the tolerant pattern of one rendering.

    With ``gaps``, up to four inserted words may stand between two words of the rendering
    ("high-quality economic and social development" renders "high-quality development").
    """
    text = fold(phrase.strip())
    pieces: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos and pieces:
            gap = text[pos : match.start()]
            pieces.append(_GAP_WORDS if gaps and _GAP_FLEX.match(gap) else _gap_pattern(gap))
        elif match.start() > pos:
            pieces.append(re.escape(text[pos : match.start()].strip()))
        pieces.append(_word_pattern(match.group()))
        pos = match.end()
    if pos < len(text):
        pieces.append(re.escape(text[pos:]))
    body = "".join(pieces) or re.escape(text)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", flags)


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """One rendering of a term found in a target text."""

    term: Term
    start: int
    end: int
    kind: str  # "target" | "variant" | "forbidden"
    rendering: str  # the glossary string that matched


def renderings(term: Term) -> list[tuple[str, str]]:
    """All glossary strings of a term with their kind, longest first within each kind."""
    out = [("target", term.target)]
    out += [("variant", v) for v in sorted(term.variants, key=len, reverse=True)]
    out += [("forbidden", f) for f in sorted(term.forbidden, key=len, reverse=True)]
    return out


def find_renderings(term: Term, folded_target: str, gaps: bool = False) -> list[TargetMatch]:
    """Every match of the term's renderings in a folded target, overlapping ones included.

    With ``gaps``, only accepted renderings are looked for, with inserted words allowed.
    """
    found: list[TargetMatch] = []
    for kind, text in renderings(term):
        if gaps and (kind == "forbidden" or " " not in text.strip()):
            continue
        # A forbidden rendering is matched as written except for case: inflections of a known
        # wrong phrase are still wrong, so it gets the same tolerance as accepted ones.
        pattern = phrase_regex(text, term.case_sensitive and kind != "forbidden", gaps)
        found.extend(
            TargetMatch(term, m.start(), m.end(), kind, text) for m in pattern.finditer(folded_target)
        )
    return found
