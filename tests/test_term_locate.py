"""The locator offers only spans with evidence; fixes read well (issue 10 item 5, issue 13 item 7).

Cases come from real documents: the HKMA's annual reports ("authorized institutions",
"Exchange Fund Bills and Notes") and a web novel's machine translation (Su Yu, Ruochen).
"""

from __future__ import annotations

import pytest

from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.rewrite import fix_for
from mtreview.scoring.engine import Checker

GLOSSARY = Glossary(
    (
        Term("ai", "认可机构", "authorized institutions"),
        Term("ramifications", "影响", "ramifications"),
        Term("hkma", "香港金融管理局", "Hong Kong Monetary Authority"),
        Term("efbn", "外汇基金票据及债券", "Exchange Fund Bills and Notes"),
        Term("suyu", "苏彧", "Su Yu"),
        Term("ruochen", "若尘", "Ruochen"),
        Term("haoren", "郝仁", "Hao Ren"),
        Term("peak", "碳达峰", "carbon peaking"),
        Term("ticket", "碳票", "carbon ticket"),
        Term("spread", "传播", "spread"),
    )
)


def issue(source: str, target: str):  # type: ignore[no-untyped-def]
    (found,) = Checker(GLOSSARY).check_segment(Segment("s", source, target)).issues
    return found


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("认可机构须遵守", "an entity has to comply with the rules"),
        ("对经济的影响", "the inflation of the economy"),
        # another word made of the rendering is no misspelling of it
        ("对经济的影响", "the ramificational economy"),
    ],
)
def test_no_span_without_evidence(source: str, target: str) -> None:
    found = issue(source, target)
    assert (found.check, found.found, found.fix) == ("term-missing", None, None)


@pytest.mark.parametrize(
    ("source", "target", "issues"),
    [
        # 流行病 in 流行病学 may be part of another word ("epidemiology"): the target decides
        ("流行病学调查", "an epidemiological survey", 0),
        ("流行病学调查", "a pandmeic survey", 1),  # a misspelling of the rendering
        ("流行病学调查", "a survey of pandemic cases", 0),  # rendered
        # 传播 in 传播者 is a clear part of it: an occurrence
        ("病毒传播者", "those who carry the virus", 1),
        # 感染 in 感染率 is a clear part of the word: an occurrence either way
        ("感染率上升", "the rate rose", 1),
    ],
)
def test_a_term_inside_a_longer_word(source: str, target: str, issues: int) -> None:
    glossary = Glossary(
        (
            *GLOSSARY.terms,
            Term("infection", "感染", "infection"),
            Term("pandemic", "流行病", "pandemic"),
        )
    )
    assert len(Checker(glossary).check_segment(Segment("s", source, target)).issues) == issues


@pytest.mark.parametrize(
    ("source", "target", "found", "replacement"),
    [
        # near-spellings across word joins
        ("苏彧说", "Suyu said", "Suyu", "Su Yu"),
        ("苏彧说", "then SuYu said", "SuYu", "Su Yu"),
        ("若尘笑了", "Ruochan smiled", "Ruochan", "Ruochen"),
        # a name's plural or hyphenated form is wrong, and fixed to the name as written
        ("郝仁来了", "the Hao Rens came", "Hao Rens", "Hao Ren"),
        ("郝仁来了", "Hao-ren came", "Hao-ren", "Hao Ren"),
        # an acronym is evidence
        ("香港金融管理局表示", "the HKMA said", "HKMA", "Hong Kong Monetary Authority"),
        # a fix never duplicates the words beside it
        (
            "发行外汇基金票据及债券",
            "issued the Exchange Fund notes",
            "Exchange Fund notes",
            "Exchange Fund Bills and Notes",
        ),
        # it keeps articles right and the number of what it replaces
        ("实现碳达峰", "reach a carbon peak", "carbon peak", "carbon peaking"),
        ("出售“碳票”", 'sold two "carbon stamps"', "carbon stamps", "carbon tickets"),
        # one word of a multi-word rendering dropped or replaced: located at what is left
        ("认可机构须遵守", "an institution has to comply", "institution", "authorized institution"),
        (
            "认可机构须遵守",
            "licensed institutions have to",
            "licensed institutions",
            "authorized institutions",
        ),
        ("推出碳票", "launched a carbon scheme", "carbon scheme", "carbon ticket"),
        # a misspelt form of a rendering is a misspelling of it
        ("对经济的影响", "the ramifciations of it", "ramifciations", "ramifications"),
    ],
)
def test_located_spans_and_their_fixes(
    source: str, target: str, found: str, replacement: str
) -> None:
    located = issue(source, target)
    assert located.found == found == target[slice(*located.target_span)]
    assert located.fix is not None and located.fix.replacement == replacement


@pytest.mark.parametrize(
    ("text", "span", "rendering", "keep_number", "result"),
    [
        ("reach a carbon peak by 2030", "carbon peak", "carbon peaking", True, "reach carbon peaking by 2030"),
        ("A carbon peak is near", "carbon peak", "carbon peaking", True, "Carbon peaking is near"),
        ("build a green park", "green park", "ecological park", True, "build an ecological park"),
        ("build an old zone", "old zone", "urban park", True, "build an urban park"),
        ("build an old zone", "old zone", "new park", True, "build a new park"),
        ("an institution has", "institution", "authorized institutions", True, "an authorized institution has"),
        ("the lung", "lung", "lungs", True, "the lung"),
        ("the Exchange Fund notes", "notes", "Exchange Fund Bills and Notes", True, "the Exchange Fund Bills and Notes"),
        ("the notes of the Exchange Fund", "notes", "Exchange Fund Bills and Notes", True, "the Exchange Fund Bills and Notes of the Exchange Fund"),
        ("red lines for protection", "red lines for protection", "protection red line", True, "protection red lines"),
        ("the infrastructure of markets", "infrastructure of markets", "market infrastructure", True, "the market infrastructure"),
        ("the Hao Rens came", "Hao Rens", "Hao Ren", False, "the Hao Ren came"),
        ("the the committee", "the committee", "the Committee", True, "the Committee"),
        ("see the committee", "committee", "the panel", True, "see the panel"),
        ("THE DOUBLE CARBON", "DOUBLE CARBON", "dual carbon", True, "THE dual carbon"),
        ("Double carbon goals", "Double carbon", "dual carbon", True, "Dual carbon goals"),
        ("the Territorial Space Plan", "Territorial Space Plan", "territorial spatial planning", True, "the Territorial Spatial Planning"),
    ],
)  # fmt: skip
def test_fix_reads_well(
    text: str, span: str, rendering: str, keep_number: bool, result: str
) -> None:
    at = text.index(span)
    (start, end), replacement = fix_for(text, (at, at + len(span)), rendering, keep_number)
    assert text[:start] + replacement + text[end:] == result
