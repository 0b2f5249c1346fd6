from __future__ import annotations

import pytest

from mtreview.glossary.model import Term
from mtreview.glossary.render import find_phrase, find_renderings, fold


@pytest.mark.parametrize(
    ("phrase", "text", "match"),
    [
        # inflection: plural -s/-es/-ies and possessive, either way round
        (
            "urban development boundary",
            "the urban development boundaries",
            "urban development boundaries",
        ),
        ("green mine", "building green mines", "green mines"),
        ("ecological products", "an ecological product", "ecological product"),
        ("carbon sink", "the carbon sink's value", "carbon sink's"),
        ("carbon sink", "carbon sinks' value", "carbon sinks"),
        ("territorial space", "territorial spaces", "territorial spaces"),
        ("policy", "new policies", "policies"),
        ("box", "boxes", "boxes"),
        # British and American spellings of a verb, in any form
        ("organize", "we organise it", "organise"),
        ("organize", "they organised it", "organised"),
        ("organise", "they are organizing it", "organizing"),
        ("regulate", "regulating it", "regulating"),
        # hyphen, dash and space alike
        ("high-quality development", "high quality development", "high quality development"),
        ("high quality development", "high-quality development", "high-quality development"),
        ("high-quality development", "high–quality development", "high–quality development"),
        # quotes and apostrophes
        (
            "Party's 20th National Congress",
            "the Party’s 20th National Congress",
            "Party’s 20th National Congress",
        ),
        (
            "Party’s 20th National Congress",
            "the Party's 20th National Congress",
            "Party's 20th National Congress",
        ),
        # case
        ("two mountains", "the Two Mountains theory", "Two Mountains"),
        # word boundaries
        ("carbon", "carbonate", None),
        ("green mine", "greenmine", None),
        ("mine", "determined", None),
        ("this", "thi", None),
        ("three rates", "three-rates", "three-rates"),
        (
            "production, living and ecological spaces",
            "production,living and ecological space",
            "production,living and ecological space",
        ),
    ],
)
def test_phrase_matching(phrase: str, text: str, match: str | None) -> None:
    spans = find_phrase(phrase, fold(text))
    assert [text[s:e] for s, e in spans] == ([match] if match else [])


def test_case_sensitive_term() -> None:
    term = Term("m", "自然资源部", "Ministry of Natural Resources", case_sensitive=True)
    assert find_renderings(term, "the Ministry of Natural Resources said")
    assert not find_renderings(term, "the ministry of natural resources said")


def test_fold_keeps_offsets() -> None:
    text = "“carbon” – it’s ‘two’\u00a0mountains"
    assert len(fold(text)) == len(text)
    assert fold(text) == "\"carbon\" - it's 'two' mountains"


def test_gapped_rendering_only_on_request() -> None:
    term = Term("h", "高质量发展", "high-quality development")
    text = "high-quality economic and social development"
    assert find_renderings(term, text) == []
    assert [m.kind for m in find_renderings(term, text, gaps=True)] == ["target"]


@pytest.mark.parametrize(
    "text",
    [
        "the carbon sink's value and carbon sinks",
        "Carbon sink, carbon-sink and carbon sink",
        "a carbon sink",
        "carbon sinkhole and carbon sink",
        "İstanbul carbon sink",
    ],
)
def test_quick_path_agrees_with_tokenised_matching(text: str) -> None:
    from mtreview.glossary import render

    folded = fold(text)
    quick = render.find_phrase("carbon sink", folded)
    ph = render._phrase("carbon sink")
    toks = render.tokens(folded)
    slow = [
        (toks[i].start, toks[last].end)
        for i in render.stem_index(folded).get(ph.stems[0], ())
        if (last := render._match_at(toks, i, ph, False, False)) is not None
    ]
    assert quick == slow


@pytest.mark.parametrize("phrase", ["organize", "organise", "regulate", "stop", "develop", "carry"])
@pytest.mark.parametrize(
    "text",
    [
        "we organise it, they organized it and organizing it",
        "we organise it and they organised it",
        "they are organizing it",
        "regulated, regulating and regulates",
        "stopped and stopping; developed and developing",
        "it carried, carries and is carrying",
    ],
)
def test_a_short_text_finds_what_a_long_one_does(phrase: str, text: str) -> None:
    # short texts take the quick path (verbatim occurrences and an anchor count), long ones the
    # tokeniser: both must find the same words
    from mtreview.glossary.render import QUICK_PATH_CHARS

    long_text = text + " ." + " x" * QUICK_PATH_CHARS
    found = find_phrase(phrase, text)
    assert found == find_phrase(phrase, long_text)
    # not two empty lists: the texts of the phrase's word (and only they) find it
    assert bool(found) == (phrase[:4] in text), found
