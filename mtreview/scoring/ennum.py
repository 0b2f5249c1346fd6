"""Numbers in English text: digits with scale words, number words, ordinals, fractions, months.

:func:`target_numbers` reads "89,500", "1.48 million", "Fifteen", "twenty-one", "fourth",
"two-thirds", "a third", "14th", "decade" and "June" as values a source number can match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
SMALL += "fifteen sixteen seventeen eighteen nineteen"
CARDINALS = {w: i for i, w in enumerate(_words(SMALL))}
CARDINALS |= {w: 10 * i for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy"), 2)}
CARDINALS |= {"eighty": 80, "ninety": 90}
ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
ORDINAL_WORDS += "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
ORDINALS = {w: i for i, w in enumerate(_words(ORDINAL_WORDS), 1)}
ORDINALS |= {w[:-1] + "ieth": v for w, v in CARDINALS.items() if w.endswith("ty")}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
DENOMINATORS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
DENOMINATORS |= {w + s: v for w, v in ORDINALS.items() if v > 2 for s in ("", "s")}
DENOMINATORS["thirds"] = 3
SPANS = {
    "decade": 10,
    "decades": 10,
    "century": 100,
    "centuries": 100,
    "centennial": 100,
    "centenary": 100,
}
SPANS |= {"millennium": 1000, "millennia": 1000, "millennial": 1000}
# Words that stand for a number without being one: 两个 → "both", 三倍 → "triple".
SPANS |= {"both": 2, "pair": 2, "couple": 2, "twice": 2, "double": 2, "triple": 3, "thrice": 3}
SPANS |= {"secondary": 2, "tertiary": 3, "secondly": 2, "thirdly": 3, "fourthly": 4}
SPANS |= {"biennial": 2, "triennial": 3, "fifthly": 5, "dozen": 12, "dozens": 12}
SPANS |= {w + "fold": v for w, v in CARDINALS.items() if v >= 2}
_ROMAN = re.compile(r"(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
MONTHS = {
    m: i
    for i, m in enumerate(
        _words(
            "January February March April May June July August September October November December"
        ),
        1,
    )
}
_SCALE_ABBR = {"mn": 1e6, "bn": 1e9}
_DIGITS = re.compile(
    r"(?<![0-9.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(st|nd|rd|th)?"
    r"(?:(?:[\s-]+(hundred|thousand|million|billion|trillion)|\s?(mn|bn))\b)?"
)
MONTH_ABBR = {m[:3]: v for m, v in MONTHS.items()} | {"Sept": 9}
_ANY_DIGIT = re.compile(r"\d")  # every match of _DIGITS starts with one
_ASCII_DIGITS = "0123456789"  # the digits \d finds in ASCII text
_FRACTION = re.compile(r"(\d)/(\d{1,2})(?![/\d])")
_WORD = re.compile(r"[A-Za-z]+")
_CODE_TAIL = re.compile(r"\.[A-Za-z]|[A-Za-z_]+\d")  # after digits: a file name or code
_JOIN = re.compile(r"[ \t-]{1,2}")
_MAY_BEFORE = {"in", "of", "since", "from", "until", "by", "to", "and", "early", "late", "mid"}


@dataclass(frozen=True, slots=True)
class TargetNumber:
    """A number found in the target.

    Attributes:
        span: Code-point offsets in the target.
        text: The text as written.
        values: The values it may stand for ("three quarters": 3 or 0.75).
        kind: "digits", "word" or "month".
        precision: Half the last written place for rounded decimals ("1.06 billion"), else 0.
        id_like: Digits inside a file name or code (图片18.jpg, G20), never a quantity.
    """

    span: tuple[int, int]
    text: str
    values: tuple[float, ...]
    kind: str = "digits"
    precision: float = 0.0
    id_like: bool = False


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (``\\d``): in ASCII text by ten scans in C, far quicker."""
    if text.isascii():
        return any(digit in text for digit in _ASCII_DIGITS)
    return _ANY_DIGIT.search(text) is not None


def _digit_numbers(text: str) -> list[TargetNumber]:
    out: list[TargetNumber] = []
    if not has_digit(text):
        return out
    skip_to = 0
    for m in _DIGITS.finditer(text):
        if m.start() < skip_to:
            continue
        fraction = _FRACTION.match(text, m.start())
        if fraction and int(fraction.group(1)) < int(fraction.group(2)) <= 10:
            # 1/3 is a third; 12/31 and 3/12 are dates
            skip_to = fraction.end()
            n, d = int(fraction.group(1)), int(fraction.group(2))
            out.append(TargetNumber(fraction.span(), fraction.group(), (n / d, float(n), float(d))))
            continue
        whole, frac, _suffix, word_scale, abbr = m.groups()
        scale = word_scale or abbr
        value = float(whole.replace(",", "") + (frac or ""))
        factor = SCALES.get(scale or "", _SCALE_ABBR.get(scale or "", 1.0))
        places = len(frac) - 1 if frac else 0
        precision = 0.5 * 10.0**-places * factor if frac else 0.0
        before = text[m.start() - 1] if m.start() else ""
        # Q2, H1: a quarter or half of a year, not a code
        quarter = before in ("Q", "H") and len(m.group()) == 1
        id_like = (before.isascii() and before.isalpha() and not quarter) or bool(
            _CODE_TAIL.match(text, m.end(), m.end() + 8)
        )
        if before == "-" and m.start() > 1 and text[m.start() - 2].isalpha():
            id_like = True  # COVID-19
        out.append(
            TargetNumber(m.span(), m.group(), (value * factor,), "digits", precision, id_like)
        )
    return out


def _phrase_value(words: list[str]) -> tuple[float, ...]:
    """The values of a run of number words ("two hundred and five", "two-thirds", "a third")."""
    last = words[-1]
    if last in DENOMINATORS and len(words) > 1:
        article = words[0] in ("a", "an")
        numerator = 1.0 if article else _phrase_value(words[:-1])[0]
        fraction = numerator / DENOMINATORS[last]
        if last in ORDINALS or last in ("quarters", "thirds") or article:
            # "a third" may be the 3rd; "three quarters" of a year may be three of them
            return (fraction, ORDINALS.get(last, numerator) if article else numerator)
        return (fraction,)
    if last in ("half", "halves"):
        return (0.5,)
    total, current = 0.0, 0.0
    for word in words:
        if word in ("a", "an", "and"):
            current = current or (1.0 if word != "and" else 0.0)
        elif word in CARDINALS:
            current += CARDINALS[word]
        elif word in ORDINALS:
            current += ORDINALS[word]
        elif word in SPANS:
            current = (current or 1.0) * SPANS[word]
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in SCALES:
            total += (current or 1.0) * SCALES[word]
            current = 0.0
    return (total + current,)


def _word_numbers(text: str) -> list[TargetNumber]:
    if not _may_hold_number_words(text):
        return []  # no word a number could start with: most sentences
    words = [(m.group().lower(), m.group(), m.span()) for m in _WORD.finditer(text)]
    after_a = _AFTER_A
    out: list[TargetNumber] = []
    i = 0
    while i < len(words):
        low, raw, span = words[i]
        if low not in _MAY_START and raw not in _RAW_STARTERS and raw[0] not in _ROMAN_FIRST:
            i += 1  # no test below holds for it
            continue
        if raw in MONTHS and (raw != "May" or _may_is_month(words, i, text)):
            out.append(TargetNumber(span, raw, (float(MONTHS[raw]),), "month"))
            i += 1
            continue
        abbr = MONTH_ABBR.get(raw)
        if abbr and (
            text.startswith(".", span[1]) or text[span[1] : span[1] + 2].strip()[:1].isdigit()
        ):
            out.append(TargetNumber(span, raw, (float(abbr),), "month"))
            i += 1
            continue
        if _ROMAN.fullmatch(raw):  # Phase II, Class III
            out.append(TargetNumber(span, raw, (float(_roman(raw)),), "word"))
            i += 1
            continue
        starts = low in CARDINALS or low in ORDINALS or low in SPANS or low in SCALES
        starts = starts or low == "half"
        a_start = low in ("a", "an") and i + 1 < len(words) and words[i + 1][0] in after_a
        if not (starts or a_start):
            i += 1
            continue
        j = i + 1
        while j < len(words) and low not in ORDINALS:
            nxt = words[j][0]
            if not _JOIN.fullmatch(text[words[j - 1][2][1] : words[j][2][0]]):
                break
            if (
                nxt in ORDINALS
                and words[j - 1][0] in CARDINALS
                and CARDINALS[words[j - 1][0]] >= 20
            ):
                j += 1  # twenty-first
                break
            if nxt in SCALES or nxt in CARDINALS or nxt in DENOMINATORS or nxt in SPANS:
                j += 1
                if nxt in ORDINALS or nxt in DENOMINATORS:
                    break
            elif nxt == "and" and j + 1 < len(words) and words[j + 1][0] in CARDINALS:
                j += 1
            else:
                break
        phrase = [w[0] for w in words[i:j]]
        if phrase == ["a"] or phrase == ["an"]:
            i += 1
            continue
        start, end = words[i][2][0], words[j - 1][2][1]
        if phrase[-1] in SPANS and len(phrase) > 1 and phrase[0] not in ("a", "an"):
            # "two decades": 2, and 10 or 20 ("Two Centenary Goals" renders 两个一百年)
            count = _phrase_value(phrase[:-1])[0]
            mid = words[j - 1][2][0]
            head = text[start:mid].rstrip(" -")
            out.append(TargetNumber((start, start + len(head)), head, (count,), "word"))
            values = (float(SPANS[phrase[-1]]), count * SPANS[phrase[-1]])
            out.append(TargetNumber((mid, end), text[mid:end], values, "word"))
        else:
            out.append(TargetNumber((start, end), text[start:end], _phrase_value(phrase), "word"))
        i = j
    return out


# The words after which "a" or "an" starts a number ("a third", "a dozen").
_AFTER_A = frozenset(SCALES.keys() | DENOMINATORS.keys() | SPANS.keys() | {"dozen"})
# Every word the loop of _word_numbers acts on: number words in any case, month names and
# abbreviations as written, Roman numerals ("a" only counts before one of the first kind).
_LOW_STARTERS = frozenset(
    CARDINALS.keys() | ORDINALS.keys() | SPANS.keys() | SCALES.keys() | DENOMINATORS.keys()
)
_RAW_STARTERS = frozenset(MONTHS.keys() | MONTH_ABBR.keys())
# What a word the loop acts on is, lower case or as written: a starter, "a"/"an" (before one),
# or begun like a Roman numeral.
_MAY_START = frozenset(_LOW_STARTERS | {"a", "an"})
_ROMAN_FIRST = "IVX"
# (?<![A-Za-z])[IVX]{2,}(?![A-Za-z]), begun with a class so that the search skips to an I, V or X
_ROMAN_WORD = re.compile(r"[IVX](?<![A-Za-z][IVX])[IVX]+(?![A-Za-z])")
# Every byte but an ASCII letter as a space: the words of _WORD as bytes, in one pass in C (the
# bytes of a UTF-8 sequence are never ASCII letters, so they part words as the pattern does).
ASCII_LETTERS_ONLY = bytes(b if chr(b).isascii() and chr(b).isalpha() else 32 for b in range(256))
_LOW_BYTES = frozenset(w.encode() for w in _LOW_STARTERS)
_RAW_BYTES = frozenset(w.encode() for w in _RAW_STARTERS)
_RAW_LOWER = frozenset(w.lower() for w in _RAW_BYTES)  # a word is one only if its lower case is


_LAST: tuple[str, bytes, tuple[bytes, ...]] = ("", b"", ())  # letter_words' last text and answer


def letter_words(text: str) -> tuple[bytes, tuple[bytes, ...]]:
    """``text``'s bytes with every one but an ASCII letter as a space, and its words in lower case.

    The one split of a target into the words of :data:`_WORD`, read by this module's number-word
    test and the mechanical check's repeated-word test: the last text's answer is kept, so the
    checks of one segment split its target once (a tuple: the answer is shared).
    """
    global _LAST
    last = _LAST
    if last[0] == text:
        return last[1], last[2]
    words = text.encode("utf-8", "surrogatepass").translate(ASCII_LETTERS_ONLY)
    lower = tuple(words.lower().split())
    _LAST = (text, words, lower)
    return words, lower


def _may_hold_number_words(text: str) -> bool:
    words, lower = letter_words(text)
    return (
        not _LOW_BYTES.isdisjoint(lower)
        or (not _RAW_LOWER.isdisjoint(lower) and not _RAW_BYTES.isdisjoint(words.split()))
        or (_may_be_roman(text) and _ROMAN_WORD.search(text) is not None)
    )


def _may_be_roman(text: str) -> bool:
    """Whether ``text`` holds a character a Roman numeral starts with (three scans in C)."""
    return "I" in text or "V" in text or "X" in text


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def _may_is_month(words: list[tuple[str, str, tuple[int, int]]], i: int, text: str) -> bool:
    after = text[words[i][2][1] : words[i][2][1] + 3].strip()
    return (after[:1].isdigit()) or (i > 0 and words[i - 1][0] in _MAY_BEFORE)


def target_numbers(text: str) -> list[TargetNumber]:
    """Every number of an English text, in text order."""
    found = _digit_numbers(text)
    taken = [n.span for n in found]
    for n in _word_numbers(text):
        if not any(s < n.span[1] and n.span[0] < e for s, e in taken):
            found.append(n)
    return sorted(found, key=lambda n: n.span)
