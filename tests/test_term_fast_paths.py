"""The term analysis's fast paths give what the rules they replace give.

Each fast path is compared, on generated texts, with a plain implementation of its rule kept
here (the code it replaced), so a fast path that drifts fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from mtreview.corpus.model import Segment
from mtreview.glossary import english, locate, render, segmenter
from mtreview.glossary.english import WORD, Token, fold, gap_key, stem, tokens
from mtreview.glossary.index import SourceMatch
from mtreview.glossary.locate import (
    _bounds_of_references,
    _one_word_off,
    near_spelling,
    spans_holding,
)
from mtreview.glossary.model import Term
from mtreview.glossary.render import TargetMatch, find_renderings
from mtreview.glossary.rewrite import widen
from mtreview.glossary.segmenter import Boundaries, PairTable
from mtreview.glossary.spelling import is_base_verb, stable_prefix, verb_key
from mtreview.scoring.checks import terms as terms_check
from mtreview.scoring.placing import Analysis

# Words, capitals, apostrophes, elisions, digits, every kind of gap and clause punctuation.
_PIECES = st.sampled_from(
    [
        "the", "Party", "party's", "People's", "APIs", "l'", "d'Artagnan", "don't", "boundaries",
        "virus", "viruses", "organisation", "14th", "Su", "Yu", "x", "_", "é", "中国",
        " ", "  ", ", ", ". ", "; ", ": ", "! ", "? ", " (", ") ", '"', "'", " - ", "-", "/",
        "，", "。", "、", "\n", "\t", "[", "]",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)

_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]{}\"。；：！？（）]")
_COMMA = re.compile(r"[,，、]")
_SENTENCE_END = re.compile(r"[.!?:。！？]")


def _tokens_by_word(text: str) -> tuple[Token, ...]:
    """The tokeniser as it was: one regex match and one Python step per word."""
    out: list[Token] = []
    clause = phrase = 0
    pos = 0
    sentence_start = True
    for match in WORD.finditer(text):
        start, end = match.span()
        key = ""
        if start - pos != 1 or text[pos] != " ":
            gap = text[pos:start]
            breaks = len(_CLAUSE_BREAK.findall(gap))
            clause += breaks
            phrase += breaks + len(_COMMA.findall(gap))
            key = gap_key(gap)
            sentence_start = sentence_start or bool(_SENTENCE_END.search(gap))
        word = match.group()
        capital = not sentence_start and word[:1].isupper()
        out.append(Token(start, end, word, stem(word), key, clause, phrase, capital))
        sentence_start = False
        pos = end
    return tuple(out)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_tokens_built_by_column_are_the_word_by_word_ones(text: str) -> None:
    assert tokens(text) == _tokens_by_word(text)


def test_tokens_table() -> None:
    # A capital after a sentence end opens a sentence; one after a comma is a capital.
    toks = tokens('The Party. Its "Blue" sky, Red; (Su) Yu\'s')
    assert [t.text for t in toks] == ["The", "Party", "Its", "Blue", "sky", "Red", "Su", "Yu's"]
    assert [t.capital for t in toks] == [False, True, False, True, False, True, True, True]
    assert [t.clause for t in toks] == [0, 0, 1, 2, 3, 3, 5, 6]
    assert [t.phrase for t in toks] == [0, 0, 1, 2, 3, 4, 6, 7]
    assert tokens("") == () and tokens(" , ") == ()


@given(st.lists(st.sampled_from(["APIs", "boundaries", "Party's", "virus", "colour", "x"])))
def test_the_stem_memo_is_the_rule_even_when_emptied(words: list[str]) -> None:
    memo = english._Memo(english._stem, 3)
    assert [memo[w] for w in words] == [english._stem(w) for w in words]
    assert len(memo) <= 3


def _phrase_by_regex(text: str) -> render._Phrase:
    """A rendering parsed as it was: every word and gap through the regular expression."""
    folded = fold(text.strip())
    matches = list(WORD.finditer(folded))
    between = [folded[a.end() : b.start()] for a, b in pairwise(matches)]
    words = tuple(m.group() for m in matches)
    stems = tuple(stem(w) for w in words)
    verb = verb_key(stems[0]) if len(stems) == 1 and is_base_verb(stems[0]) else ""
    first = stable_prefix(stems[0]) if stems else ""
    if verb:
        same = (i for i, (a, b) in enumerate(zip(first, verb, strict=False)) if a != b)
        first = first[: next(same, min(len(first), len(verb)))]
    anchor = first[:-1] if first.endswith("y") and len(first) > 2 else first
    exact = folded[matches[0].start() : matches[-1].end()].lower() if matches else ""
    gaps = tuple(gap_key(g) for g in between)
    raw_gaps = tuple(g.strip() for g in between)
    return render._Phrase(stems, words, gaps, raw_gaps, exact, anchor, verb)


_RENDERING_PIECES = st.sampled_from(
    [
        "carbon", "Peak", "APIs", "develop", "organisation", "boundaries", "Su", "Yu", "of", "the",
        "l'", "x", "14th", "Five-Year", " ", " ", "  ", "\u00a0", "-", ", ", "'s", "é", "\u2019",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_RENDERING_PIECES, max_size=8).map("".join))
def test_a_rendering_split_on_spaces_is_parsed_as_the_regex_parses_it(text: str) -> None:
    assert render._phrase.__wrapped__(text) == _phrase_by_regex(text)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("carbon peak", True),
        ("Carbon Peak", True),
        ("carbon  peak", False),
        ("carbon-peak", False),
        ("People's Bank", False),
        ("14th plan", False),
        ("café", False),
        ("", False),
    ],
)
def test_plain_words_table(text: str, plain: bool) -> None:
    assert render._plain_words(text) is plain


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    return Boundaries(["自然资源部", "国土空间规划", "土地综合整治"])


_HAN_WORDS = st.sampled_from(
    "自然 资源 部门 国土 空间 规划 土地 综合 整治 全国 人民 共和国 中华 林业 碳汇 明说 一 的 是".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HAN_WORDS, min_size=1, max_size=10).map("".join), st.data())
def test_the_pair_table_never_hides_a_straddling_word(
    boundaries: Boundaries, text: str, data: st.DataObject
) -> None:
    # Texts of dictionary words, so that many positions are straddled: the table's "no" must
    # agree with the dictionary walk it replaces, whatever window is looked at.
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for pos in range(len(text) + 1):
        assert boundaries._straddled(text, pos, lo, hi) == boundaries._walk(text, pos, lo, hi)


def test_the_pair_table_says_no_to_pairs_no_word_holds() -> None:
    # A table that said "maybe" to everything would pass the test above.
    table = PairTable(["国土空间", "规划", "林业"])
    held = {("国", "土"), ("土", "空"), ("空", "间"), ("规", "划"), ("林", "业")}
    assert all(table.may_hold(a, b) for a, b in held)
    chars = "国土空间规划林业人民中华共和碳汇自然资源"
    others = [(a, b) for a in chars for b in chars if (a, b) not in held]
    assert sum(table.may_hold(a, b) for a, b in others) <= len(others) // 20
    assert not table.may_hold("间", "规")  # across two words: no word holds it
    assert not PairTable([]).may_hold("国", "土")
    # A word holding the separator the table joins words with is still read pair by pair.
    odd = PairTable(["国\n土", "林业"])
    assert odd.may_hold("国", "\n") and odd.may_hold("\n", "土") and odd.may_hold("林", "业")
    assert not odd.may_hold("土", "林")


@given(
    st.lists(st.integers(0, 40), unique=True).map(sorted),
    st.integers(1, 6),
    st.integers(0, 20),
    st.integers(0, 45),
)
def test_spans_holding_are_the_spans_with_a_position(
    positions: list[int], length: int, lo: int, hi: int
) -> None:
    inside = [p for p in positions if lo <= p < hi]
    expected = [i for i in range(lo, hi - length + 1) if any(i <= p < i + length for p in inside)]
    assert spans_holding(inside, length, lo, hi) == expected


def _renderings_by_spans(term: Term, text: str, gaps: bool, strict: bool) -> list[TargetMatch]:
    """find_renderings as it was: every rendering through the phrase matcher."""
    return [
        TargetMatch(term, start, end, kind, rendering)
        for kind, rendering, ph, case_sensitive, name in render._compiled(term, strict)
        if not (gaps and (kind == "forbidden" or len(ph.stems) < 2))
        for start, end in render._spans(ph, text, case_sensitive, gaps, name)
    ]


_TARGET_WORDS = st.sampled_from(
    "carbon Carbon CARBON carbons market markets peak peaking the of and Su Yu Yu's su yu "
    "colour color organisation organization develop developed APIs API boundary boundaries "
    "İstanbul , . - ' x".split()
)
_TERMS = st.builds(
    Term,
    id=st.just("t"),
    source=st.just("碳市场"),
    target=st.sampled_from(["carbon market", "Su Yu", "colour", "develop", "API", "boundary"]),
    variants=st.lists(st.sampled_from(["carbon peak", "organisation", "peaking"]), max_size=2).map(
        tuple
    ),
    forbidden=st.lists(st.sampled_from(["carbon markets", "color", "su yu"]), max_size=2).map(
        tuple
    ),
    case_sensitive=st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(_TERMS, st.lists(_TARGET_WORDS, max_size=14).map(" ".join), st.booleans(), st.booleans())
def test_renderings_skipped_for_want_of_an_anchor_are_those_the_matcher_finds_nowhere(
    term: Term, text: str, gaps: bool, strict: bool
) -> None:
    folded = fold(text)
    assert find_renderings(term, folded, gaps, strict) == _renderings_by_spans(
        term, folded, gaps, strict
    )


_FIX_WORDS = st.sampled_from(
    "carbon carbons market Market stamp stamps the a of and l'épidémie don't Party's x , . - '".split()
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_FIX_WORDS, min_size=1, max_size=12).map(" ".join),
    st.sampled_from(["carbon market", "carbon stamp", "the Party", "épidémie"]),
    st.data(),
)
def test_a_fix_widens_without_tokens_only_where_widening_keeps_the_span(
    text: str, rendering: str, data: st.DataObject
) -> None:
    toks = tokens(text)
    if not toks:
        return
    i = data.draw(st.integers(0, len(toks) - 1))
    j = data.draw(st.integers(i, len(toks) - 1))
    span = (toks[i].start, toks[j].end)
    an = Analysis(Segment("s", "碳市场", text), frozenset())
    given = an.tokens_to_widen(span, rendering)
    assert widen(given, span, rendering) == widen(toks, span, rendering)
    if given == ():
        assert "tokens" not in an.__dict__  # the target was not tokenised for it


def test_tokens_to_widen_table() -> None:
    an = Analysis(Segment("s", "碳市场", "a carbon stamp market here"), frozenset())
    assert an.tokens_to_widen((2, 14), "emission trading") == ()  # no word of it inside
    assert "tokens" not in an.__dict__
    assert an.tokens_to_widen((2, 14), "carbon market") == an.tokens  # "carbon" is inside
    edge = Analysis(Segment("s", "碳市场", "the carbons market"), frozenset())
    assert edge.tokens_to_widen((4, 10), "emission trading") == edge.tokens  # a word runs on


def _bounds_one_reference(
    keys: list[str], reference: list[str], lengths: list[int]
) -> dict[int, list[float]]:
    """The locator's bounds as they were: one matrix and one pass per reference."""
    ratios = process.cdist(reference, keys, scorer=fuzz.ratio, dtype=np.float64) / 100
    ratios[ratios < 0.5 - 1e-6] = 0.0
    weights = np.array([0.3 if w in english.STOPWORDS else 1.0 for w in reference])
    weights /= weights.sum()
    out = {}
    best = ratios
    for length in range(1, min(max(lengths, default=0), len(keys)) + 1):
        if length > 1:
            best = np.maximum(best[:, :-1], ratios[:, length - 1 :])
        if length in lengths:
            out[length] = (weights @ best + 1e-6).tolist()
    return out


_LOCATOR_WORDS = st.sampled_from("carbon carbons market marker peak peaking the of and x".split())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_LOCATOR_WORDS, min_size=1, max_size=12),
    st.lists(st.lists(_LOCATOR_WORDS, min_size=1, max_size=4), min_size=1, max_size=3),
    st.lists(st.integers(1, 7), min_size=1, max_size=5),
)
def test_bounds_of_several_references_at_once_are_each_ones_bounds(
    keys: list[str], references: list[list[str]], lengths: list[int]
) -> None:
    together = _bounds_of_references(keys, references, lengths)
    for ref, bounds in zip(references, together, strict=True):
        alone = _bounds_one_reference(keys, ref, lengths)
        assert set(alone) == {n for n in bounds if n in lengths}
        for length, values in alone.items():
            assert len(bounds[length]) == len(values)
            assert all(abs(a - b) < 1e-9 for a, b in zip(bounds[length], values, strict=True))


def _word_span_with_the_run_first(b: Boundaries, text: str, start: int, end: int) -> bool:
    """is_word_span as it was: the Han run looked for before any edge is asked."""
    edges = b._in_doubt(text, start, end)
    if isinstance(edges, bool):
        return edges
    left, right = edges
    lo, hi = b._run(text, start, end)
    left = left and b._straddled(text, start, lo, hi)
    right = right and b._straddled(text, end, lo, hi)
    if not (left or right):
        return True
    lo, hi = max(lo, start - segmenter._WINDOW), min(hi, end + segmenter._WINDOW)
    return segmenter._stands(b.cuts(text[lo:hi]), start - lo, end - lo, left, right)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_HAN_WORDS, st.sampled_from(["5G", "，", "a", " "])), max_size=10).map(
        "".join
    ),
    st.data(),
)
def test_word_spans_asked_of_the_pair_table_before_the_run(
    boundaries: Boundaries, text: str, data: st.DataObject
) -> None:
    if len(text) < 2:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    expected = _word_span_with_the_run_first(boundaries, text, start, end)
    assert boundaries.is_word_span(text, start, end) == expected


def _one_word_off_as_it_was(stems: list[str], ref: list[str]) -> bool:
    """locate._one_word_off before its early exit."""
    if len(stems) not in (len(ref) - 1, len(ref)):
        return False
    content = [w for w in ref if w not in english.FUNCTION_WORDS]
    if len(content) < 2:
        return False
    if len(stems) == len(ref) - 1:
        return any(
            ref[k] not in english.FUNCTION_WORDS and ref[:k] + ref[k + 1 :] == stems
            for k in range(len(ref))
        )
    off = [k for k in range(len(ref)) if stems[k] != ref[k]]
    return (
        len(off) == 1
        and ref[off[0]] not in english.FUNCTION_WORDS
        and stems[off[0]] not in english.FUNCTION_WORDS
        and not near_spelling(stems[off[0]], ref[off[0]])
    )


_OFF_WORDS = st.sampled_from("close contact contacts ethnic national minority the of and x".split())


@settings(max_examples=500, deadline=None)
@given(st.lists(_OFF_WORDS, max_size=5), st.lists(_OFF_WORDS, min_size=1, max_size=5))
def test_one_word_off_with_its_early_exit_is_the_rule(stems: list[str], ref: list[str]) -> None:
    assert _one_word_off(stems, ref) == _one_word_off_as_it_was(stems, ref)


def test_one_word_off_table() -> None:
    assert _one_word_off(["contact"], ["close", "contact"])
    assert _one_word_off(["national", "minority"], ["ethnic", "minority"])
    assert not _one_word_off(["x", "y"], ["ethnic", "minority"])


_PLACING_TERMS = (
    Term("a", "碳市场", "carbon market", variants=("carbon trading",), forbidden=("carbon stamp",)),
    Term("b", "市场", "market", forbidden=("mart",)),
    Term("c", "碳汇", "carbon sink", variants=("sink",)),
    Term("d", "双碳", "dual carbon", forbidden=("double carbon",)),
)
_PLACING_WORDS = st.sampled_from(
    [
        "carbon market", "carbon markets", "market", "carbon trading", "carbon stamp", "sink",
        "carbon sink", "dual carbon", "double carbon", "mart", "carbon", "the", "of", ",", ".",
    ]
)  # fmt: skip


def _placed_by_groups(an: Analysis, hits: list[SourceMatch]) -> None:
    """_place_renderings without its shortcut: every term's renderings aligned by groups."""
    by_term: dict[str, list[SourceMatch]] = {}
    for hit in hits:
        by_term.setdefault(hit.term.id, []).append(hit)
    own = {t: terms_check._own_matches(an, by_term[t][0].term) for t in sorted(by_term)}
    terms_check._place_by_groups(an, by_term, own)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_PLACING_TERMS), max_size=5),
    st.lists(_PLACING_WORDS, max_size=8).map(" ".join),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 12)), max_size=2),
)
def test_renderings_placed_one_by_one_are_placed_as_the_groups_align_them(
    terms: list[Term], target: str, claimed: list[tuple[int, int]]
) -> None:
    hits = [SourceMatch(t, 3 * k, 3 * k + 3) for k, t in enumerate(terms)]

    def placed(place: Callable[[Analysis, list[SourceMatch]], None]) -> object:
        an = Analysis(Segment("s", "碳" * (3 * len(hits) + 1), target), frozenset())
        for start, length in claimed:  # spans claimed before, by an occurrence elsewhere
            an.claims.add((start, start + length), (900 + start, 901 + start))
        place(an, hits)
        return an.verdicts, an.extras, sorted(an.claims.owners((0, 10**6)))

    assert placed(terms_check._place_renderings) == placed(_placed_by_groups)


def test_renderings_placed_one_by_one_table() -> None:
    a, b, c, _ = _PLACING_TERMS
    an = Analysis(Segment("s", "碳市场碳汇", "the carbon market and a sink"), frozenset())
    hits = [SourceMatch(a, 0, 3), SourceMatch(c, 3, 5)]
    own = {t.id: terms_check._own_matches(an, t) for t in (a, c)}
    assert terms_check._apart(an, {"a": hits[:1], "c": hits[1:]}, own)  # the shortcut applies
    # "market" renders both 碳市场 (inside "carbon market") and 市场: their spans overlap.
    hits = [SourceMatch(a, 0, 3), SourceMatch(b, 3, 5)]
    own = {t.id: terms_check._own_matches(an, t) for t in (a, b)}
    assert not terms_check._apart(an, {"a": hits[:1], "b": hits[1:]}, own)
    # A span claimed before by an occurrence elsewhere ("carbon" of "carbon market") as well.
    an = Analysis(Segment("s", "碳市场碳汇", "the carbon market and a sink"), frozenset())
    an.claims.add((4, 10), (900, 901))
    hits = [SourceMatch(a, 0, 3), SourceMatch(c, 3, 5)]
    own = {t.id: terms_check._own_matches(an, t) for t in (a, c)}
    assert not terms_check._apart(an, {"a": hits[:1], "c": hits[1:]}, own)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_RENDERING_PIECES, max_size=6).map("".join), max_size=3))
def test_what_the_locator_reads_of_renderings_once_is_what_it_read_each_time(
    references: list[str],
) -> None:
    """locate._references against the locator's setup as it was, inline in every call."""
    refs = [[locate.spelled(stem(w)) for w in WORD.findall(r)] for r in references]
    refs = [r for r in refs if r]
    content = {w for ref in refs for w in ref if w not in english.STOPWORDS} or {
        w for ref in refs for w in ref
    }
    about = locate._references(tuple(references))
    assert about.texts == tuple(references)
    assert [list(r) for r in about.refs] == refs
    assert about.titles == {
        tuple(locate.spelled(stem(w)) for w in WORD.findall(r))
        for r in references
        if locate._is_title(r)
    }
    assert about.content == tuple(sorted(content))
    assert about.acronyms == {
        a for a in (locate._acronym(WORD.findall(r)) for r in references) if a
    }
    assert about.with_comma == any("," in r for r in references)
