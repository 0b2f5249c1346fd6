"""check_term reads only the terms a new one could meet, and finds what the whole glossary gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.glossary.lint import Finding, check_term
from mtreview.glossary.model import Glossary, Term
from mtreview.glossary.neighbours import Neighbours
from mtreview.glossary.rules import validate
from mtreview.glossary.yaml_io import load_glossary
from mtreview.glossary.yaml_lines import Problem
from mtreview.paths import demo_glossary


def _whole(glossary: Glossary, raw: dict[str, Any], replacing: str | None) -> list[Finding]:
    """check_term against every other term of the glossary (an index that finds them all)."""

    def everything(index: Neighbours, raw: dict[str, Any], replacing: str | None) -> list[Term]:
        return [t for t in index.glossary.terms if t.id != replacing]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Neighbours, "around", everything)
        return check_term(glossary, raw, replacing)


# Few characters and words, so that sources hold each other and renderings and ids collide.
_SOURCE = st.text("碳票两山林長长", min_size=1, max_size=4)
_TEXT = st.sampled_from(["carbon", "Carbon ", "two hills", "chief", "forest chief", "碳票", "a"])
_ID = st.sampled_from(["carbon", "chief", "chief-2", "a", "two-hills", "x"])


@st.composite
def _raw(draw: st.DrawFn, with_id: bool) -> dict[str, Any]:
    raw: dict[str, Any] = {"source": draw(_SOURCE), "target": draw(_TEXT)}
    if with_id or draw(st.booleans()):
        raw["id"] = draw(_ID)
    for key in ("variants", "forbidden"):
        if draw(st.booleans()):
            raw[key] = draw(st.lists(_TEXT, max_size=2))
    return raw


@st.composite
def _glossary(draw: st.DrawFn) -> Glossary:
    found: list[Problem] = []
    raws = draw(st.lists(_raw(with_id=False), max_size=8))
    glossary = validate({"source_lang": "zh", "target_lang": "en", "terms": raws}, "g", found)
    assert glossary is not None
    return glossary


@settings(max_examples=300, deadline=None, derandomize=True)
@given(glossary=_glossary(), raw=_raw(with_id=False), replace_at=st.integers(-1, 8))
def test_the_neighbours_give_what_the_whole_glossary_gives(
    glossary: Glossary, raw: dict[str, Any], replace_at: int
) -> None:
    replacing = glossary.terms[replace_at].id if 0 <= replace_at < len(glossary) else None
    assert check_term(glossary, raw, replacing) == _whole(glossary, raw, replacing)


def test_the_neighbours_of_a_demo_term_are_few() -> None:
    glossary = load_glossary(demo_glossary())
    raw = {"source": "三区", "target": "three zones", "forbidden": ["three zones and four belts"]}
    around = Neighbours(glossary).around(raw)
    assert {t.source for t in around} == {"三区三线", "三区四带"}
    assert len(around) < len(glossary) / 10


@settings(max_examples=200, deadline=None, derandomize=True)
@given(glossary=_glossary(), term=_raw(with_id=True), at=st.integers(0, 8), raw=_raw(with_id=False))
def test_an_index_follows_a_term_replaced_or_added(
    glossary: Glossary, term: dict[str, Any], at: int, raw: dict[str, Any]
) -> None:
    changed = validate({"terms": [term]}, "g", [])
    assert changed is not None
    at = min(at, len(glossary))  # at the end: added
    terms = list(glossary.terms)
    terms[at : at + 1] = changed.terms
    new = Glossary(tuple(terms))
    followed = Neighbours(glossary).replaced(new, at)
    for asked in (raw, term):
        assert followed.around(asked) == Neighbours(new).around(asked)
