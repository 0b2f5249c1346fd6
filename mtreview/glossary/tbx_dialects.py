"""Where TBX data categories may stand: the element each uses, and TBX-Basic's rules.

``ELEMENT`` gives the element a category is written as when the file it came from did not say
(a glossary read from TBX remembers the elements it met as ``x-tbx-elements``). ``fits_basic``
says whether a category, at a level and with a value, is allowed by TBX-Basic: v2 as its XCS
file ``TBXBasicXCSV02.xcs`` defines it, v3 as the dialect's DCA Schematron does. Levels are
``entry`` (``termEntry``/``conceptEntry``), ``lang`` (``langSet``/``langSec``) and ``term``.
"""

from __future__ import annotations

LEVELS = ("entry", "lang", "term")
_ALL = frozenset(LEVELS)
_TERM = frozenset({"term"})

TERM_NOTES = {"partOfSpeech", "grammaticalGender", "grammaticalNumber", "termType", "usageNote"}
TERM_NOTES |= {"geographicalUsage", "register", "termLocation", "termProvenance"}
TERM_NOTES |= {"administrativeStatus", "normativeAuthorization", "usageStatus"}
ADMINS = {"source", "sourceIdentifier", "productSubset", "projectSubset", "customerSubset"}
ADMINS |= {"responsibility", "subsetOwner", "entrySource", "originatingInstitution"}
STATUS_CATEGORIES = ("administrativeStatus", "normativeAuthorization", "usageStatus")


def element(category: str, known: dict[str, str]) -> str:
    """The element a category is written as: ``known`` (from the file read), else the usual."""
    if category == "note":
        return "note"
    found = known.get(category)
    if found in ("descrip", "admin", "termNote"):
        return found
    return "termNote" if category in TERM_NOTES else "admin" if category in ADMINS else "descrip"


_STATUS_VALUES = frozenset(
    {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
    | {"supersededTerm-admn-sts"}
)
_LOCATIONS = frozenset(
    "checkBox comboBox comboBoxElement dialogBox groupBox informativeMessage interactiveMessage "
    "menuItem progressBar pushButton radioButton slider spinBox tab tableText textBox toolTip "
    "user-definedType".split()
)
Rule = tuple[frozenset[str], frozenset[str] | None]  # levels, allowed values (None: any text)
BASIC_V2: dict[tuple[str, str], Rule] = {
    ("descrip", "context"): (_TERM, None),
    ("descrip", "definition"): (frozenset({"entry", "lang"}), None),
    ("descrip", "subjectField"): (frozenset({"entry"}), None),
    ("admin", "customerSubset"): (_ALL, None),
    ("admin", "projectSubset"): (_ALL, None),
    ("admin", "source"): (_ALL, None),
    ("termNote", "administrativeStatus"): (_TERM, _STATUS_VALUES),
    ("termNote", "geographicalUsage"): (_TERM, None),
    ("termNote", "grammaticalGender"): (
        _TERM,
        frozenset("masculine feminine neuter other".split()),
    ),
    ("termNote", "partOfSpeech"): (
        _TERM,
        frozenset("noun verb adjective adverb properNoun other".split()),
    ),
    ("termNote", "termLocation"): (_TERM, None),
    ("termNote", "termType"): (
        _TERM,
        frozenset("abbreviation acronym fullForm shortForm variant phrase".split()),
    ),
}
BASIC_V3: dict[tuple[str, str], Rule] = {
    **BASIC_V2,
    ("admin", "customerSubset"): (frozenset({"entry", "term"}), None),
    ("admin", "projectSubset"): (frozenset({"entry", "term"}), None),
    ("termNote", "partOfSpeech"): (_TERM, frozenset("adjective noun other verb adverb".split())),
    ("termNote", "termLocation"): (_TERM, _LOCATIONS),
}


def fits_basic(kind: str, category: str, level: str, value: str, version: int) -> bool:
    """Whether TBX-Basic (``version`` 2 or 3) allows this element, category, level and value."""
    if kind == "note":
        return True
    rule = (BASIC_V3 if version == 3 else BASIC_V2).get((kind, category))
    if rule is None:
        return False
    levels, values = rule
    return level in levels and (values is None or value in values)


def fits_core(kind: str, level: str) -> bool:
    """Whether the TBX core structure allows the element at the level (termNote: terms only)."""
    return kind != "termNote" or level == "term"
