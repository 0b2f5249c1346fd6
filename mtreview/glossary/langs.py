"""Language codes and names as glossary files spell them, mapped to one base code.

``zh-CN``, ``zh_Hans``, ``ZH``, ``zho``, ``Chinese_PRC`` and ``Chinese (Simplified)`` are all
``zh``: the checker compares languages by their primary subtag.
"""

from __future__ import annotations

import re

# ISO 639-1 codes common in term bases, and their ISO 639-2 forms and English names.
_CODES = {
    "zh": ("zho", "chi", "chinese", "中文", "汉语", "简体中文", "繁体中文"),
    "en": ("eng", "english", "英文", "英语"),
    "fr": ("fra", "fre", "french"),
    "de": ("deu", "ger", "german"),
    "es": ("spa", "spanish"),
    "it": ("ita", "italian"),
    "pt": ("por", "portuguese"),
    "ru": ("rus", "russian"),
    "ja": ("jpn", "japanese"),
    "ko": ("kor", "korean"),
    "ar": ("ara", "arabic"),
    "nl": ("nld", "dut", "dutch"),
    "tr": ("tur", "turkish"),
    "hu": ("hun", "hungarian"),
    "pl": ("pol", "polish"),
    "cs": ("ces", "cze", "czech"),
    "sv": ("swe", "swedish"),
    "da": ("dan", "danish"),
    "fi": ("fin", "finnish"),
    "nb": ("nob", "norwegian"),
    "el": ("ell", "gre", "greek"),
    "he": ("heb", "hebrew"),
    "th": ("tha", "thai"),
    "vi": ("vie", "vietnamese"),
    "uk": ("ukr", "ukrainian"),
    "ro": ("ron", "rum", "romanian"),
    "hi": ("hin", "hindi"),
    "ms": ("msa", "may", "malay"),
}
_ALIASES = {alias: code for code, aliases in _CODES.items() for alias in (code, *aliases)}
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_DEF = re.compile(r"[\s_\-]*(?:def|definition)$", re.IGNORECASE)


def base_language(code: str) -> str:
    """The primary subtag of a language tag, lower case, two letters where known."""
    primary = re.split(r"[-_\s]", code.strip(), maxsplit=1)[0].lower()
    return _ALIASES.get(primary, primary)


def column_language(name: str) -> tuple[str, bool] | None:
    """The language a table column is named after, and whether it is its definition column.

    ``zh-CN`` and ``Chinese_PRC`` give ``("zh", False)``, ``English_Def`` gives ``("en", True)``,
    ``note`` gives ``None``.
    """
    text = name.strip()
    is_def = bool(_DEF.search(text)) and not text.lower().startswith("def")
    if is_def:
        text = _DEF.sub("", text)
    match = _TAG.match(text)
    if match and match.group(1).lower() in _ALIASES:
        return _ALIASES[match.group(1).lower()], is_def
    first = re.split(r"[\s_(\-]", text, maxsplit=1)[0].lower()
    if (len(first) > 3 or not first.isascii()) and first in _ALIASES:
        return _ALIASES[first], is_def
    return None
