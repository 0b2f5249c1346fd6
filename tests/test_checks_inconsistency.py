from __future__ import annotations

import json
import unicodedata
from contextlib import nullcontext

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.cli import main
from mtreview.corpus.model import Segment
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import CorpusContext
from mtreview.scoring.checks.inconsistency import (
    _WORD,
    RELATED_MAX,
    SOURCE_CHECK,
    TARGET_CHECK,
    ConsistencyIndex,
    _sharing,
    check_inconsistency,
    consistency_key,
    snippet,
    squeezed_key,
)
from mtreview.scoring.engine import CheckConfig, Checker

EMPTY = Glossary((), "zh", "en")


def flags(pairs: list[tuple[str, str]], config: CheckConfig | None = None) -> list[tuple[str, str]]:
    """(segment, check) of the inconsistency issues of a corpus of (source, target) pairs."""
    segments = [Segment(f"s{n}", src, tgt) for n, (src, tgt) in enumerate(pairs, start=1)]
    result = Checker(EMPTY, config).check_corpus(segments, jobs=1)
    return [(i.segment, i.check) for i in result.issues if i.check.startswith("inconsistent")]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The “Green” Dialectics.", "the green dialectics"),
        ("  the green   DIALECTICS ", "the green dialectics"),
        ("RCGP RSC诊所", "rcgp rsc 诊 所"),
        ("RCGP  RSC 诊所。", "rcgp rsc 诊 所"),
        ("Ｔａｂｌｅ\u3000１", "table 1"),
        ("表 1", "表 1"),
        ("表1", "表 1"),
        ("click \ue000OK\ue001 now", "click ok now"),
        ("e-mail", "e mail"),
        ("email", "email"),
        ("—", ""),
    ],
)
def test_consistency_key(text: str, key: str) -> None:
    assert consistency_key(text) == key


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # The same source translated two ways: both segments are flagged.
        (
            [
                ("新故相推，日生不滞。", "The new replaces the old."),
                ("新故相推，日生不滞。", "Out with the old."),
            ],
            [("s1", TARGET_CHECK), ("s2", TARGET_CHECK)],
        ),
        # ... also when the sources differ only in punctuation, spacing or width.
        (
            [
                ("新故相推，日生不滞。", "The new replaces the old."),
                ("新故相推, 日生不滞", "Out with the old."),
            ],
            [("s1", TARGET_CHECK), ("s2", TARGET_CHECK)],
        ),
        # Two sources translated the same way.
        (
            [
                ("我昨天发热", "I had a fever yesterday"),
                ("我昨天发烧了", "i had a fever yesterday."),
            ],
            [("s1", SOURCE_CHECK), ("s2", SOURCE_CHECK)],
        ),
        # Near misses: targets differing only in case, spaces, final period, quotes, codes.
        (
            [
                ("绿色辩证法", "Green dialectics"),
                ("绿色辩证法", "green  dialectics."),
                ("绿色辩证法", "“Green Dialectics”"),
                ("绿色辩证法", "Green \ue000dialectics"),
            ],
            [],
        ),
        # Repeated short segments: the same heading, the same number.
        ([("表1", "Table 1"), ("表1", "Table 1."), ("表 1", "Table 1")], []),
        ([("2022", "2022"), ("2022", "2022."), ("二〇二二", "2022")], []),
        # One-word translations may stand for many sources ("Yes", "Note").
        ([("是", "Yes"), ("对", "Yes"), ("好的", "Yes.")], []),
        # Untranslated segments take no part.
        ([("新故相推", "The new replaces the old."), ("新故相推", "")], []),
        # Different sources, different targets.
        ([("表1", "Table 1"), ("表2", "Table 2")], []),
    ],
)
def test_inconsistency_table(pairs: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    assert flags(pairs) == expected


def test_issue_names_the_other_segments_and_lists_them() -> None:
    segments = [
        Segment("a", "新故相推", "The new replaces the old."),
        Segment("b", "新故相推", "Out with the old."),
        Segment("c", "新故相推", "The new replaces the old"),
        Segment("d", "别的", "Something else entirely"),
    ]
    result = Checker(EMPTY).check_corpus(segments, jobs=1)
    by_seg = {i.segment: i for i in result.issues if i.check == TARGET_CHECK}
    assert sorted(by_seg) == ["a", "b", "c"]
    assert by_seg["a"].related == ("b",)
    assert by_seg["b"].related == ("a", "c")
    assert "in a, c: 'The new replaces the old.'" in by_seg["b"].message
    assert "in b: 'Out with the old.'" in by_seg["a"].message
    assert by_seg["a"].severity == "minor"
    assert by_seg["a"].found == "The new replaces the old."


def test_related_list_is_capped_and_in_corpus_order() -> None:
    index = ConsistencyIndex()
    for n in range(RELATED_MAX + 30):
        index.add(f"x{n}", "同一个句子", "One way." if n else "Another way.")
    (issue,) = index.issues("x0")
    assert issue.related == tuple(f"x{n}" for n in range(1, RELATED_MAX + 1))
    assert "in x1, x2, x3 and 76 more: 'One way.'" in issue.message
    (other,) = index.issues("x5")
    assert other.related == ("x0",)
    index.add("y", "同一个句子", "A third way.")
    index.add("z", "同一个句子", "A fourth way.")
    assert index.issues("x0")[0].message.endswith("(and 1 other rendering)")
    index.add("w", "同一个句子", "A fifth way.")
    assert index.issues("x0")[0].message.endswith("(and 2 other renderings)")


def test_related_lists_interleaved_variants_in_corpus_order() -> None:
    index = ConsistencyIndex()
    for seg_id, target in [("a", "One way."), ("b", "Two ways."), ("c", "Three ways.")]:
        index.add(seg_id, "同一个句子", target)
    index.add("d", "同一个句子", "One way!")  # a's variant, after the others
    assert index.issues("b")[0].related == ("a", "c", "d")
    assert index.issues_of(["b", "d"])["b"][0].related == ("a", "c", "d")


def test_disable_and_severity_apply_to_corpus_checks() -> None:
    pairs = [("新故相推", "The new replaces the old."), ("新故相推", "Out with the old.")]
    assert flags(pairs, CheckConfig(frozenset({TARGET_CHECK}))) == []
    segments = [Segment(f"s{n}", s, t) for n, (s, t) in enumerate(pairs)]
    config = CheckConfig(severity={TARGET_CHECK: "major"})
    result = Checker(EMPTY, config).check_corpus(segments, jobs=1)
    assert {i.severity for i in result.issues if i.check == TARGET_CHECK} == {"major"}


def test_snippet_shows_where_texts_differ() -> None:
    long = "The RCGP RSC practices participating in the annual influenza virology surveillance"
    other = long.replace("surveillance", "watch")
    shown = snippet(long, other, width=40)
    assert "surveillance" in shown and shown.startswith("…") and len(shown) <= 40
    assert snippet("short", "other") == "short"


def test_update_returns_affected_segments() -> None:
    index = ConsistencyIndex()
    index.add("a", "新故相推", "The new replaces the old.")
    index.add("b", "新故相推", "Out with the old.")
    index.add("c", "别的句子", "Something else.")
    assert [i.check for i in index.issues("a")] == [TARGET_CHECK]
    # Make b agree with a: both are affected, and neither has an issue any more.
    assert index.update("b", "新故相推", "the new replaces the old") == ["a", "b"]
    assert index.issues("a") == [] and index.issues("b") == []
    assert index.update("b", "新故相推", "the new replaces the old") == []  # nothing changed
    # c takes a's target: the sources now disagree over one translation.
    assert index.update("c", "别的句子", "The new replaces the old.") == ["a", "b", "c"]
    assert [i.check for i in index.issues("c")] == [SOURCE_CHECK]
    assert index.remove("c") == ["a", "b"]
    assert index.issues("a") == [] and len(index) == 2
    assert index.remove("zzz") == []


SOURCES = ["新故相推", "日生不滞", "绿色辩证法", "表1"]
TARGETS = [
    "The new replaces the old.",
    "the new replaces the old",
    "Out with the old.",
    "Table 1",
    "",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcdef"),
            st.sampled_from(SOURCES),
            st.sampled_from(TARGETS),
            st.booleans(),
        ),
        max_size=25,
    )
)
def test_incremental_index_agrees_with_a_rebuild(
    steps: list[tuple[str, str, str, bool]],
) -> None:
    """After any updates and removals, every segment's issues are those of a fresh index, and
    every segment whose issues changed was reported affected."""
    index = ConsistencyIndex()
    state: dict[str, tuple[str, str]] = {}
    first_seen: list[str] = []
    for seg_id, source, target, remove in steps:
        before = {s: index.issues(s) for s in state}
        if remove:
            affected = index.remove(seg_id)
            state.pop(seg_id, None)
        else:
            affected = index.update(seg_id, source, target)
            state[seg_id] = (source, target)
            if seg_id not in first_seen:
                first_seen.append(seg_id)
        for s in state:
            if index.issues(s) != before.get(s, []):
                assert s in affected
    fresh = ConsistencyIndex()
    order = [s for s in first_seen if s in state]
    for s in order:
        fresh.add(s, *state[s])
    for s in order:
        mine = [(i.check, i.message, i.related) for i in index.issues(s)]
        assert mine == [(i.check, i.message, i.related) for i in fresh.issues(s)]
    assert [(i.segment, i.check) for i in fresh.all_issues()] == [
        (s, i.check) for s in order for i in fresh.issues(s)
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.sampled_from(SOURCES), st.sampled_from(TARGETS)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(TARGETS),
    st.booleans(),
)
def test_trying_a_change_is_the_change_then_puts_everything_back(
    held: list[tuple[str, str, str]], target: str, fails: bool
) -> None:
    """Inside ``trying``, the groups are those ``update`` makes (the same segments affected,
    the same issues); after it, even when the work inside fails, every issue and the change
    count are as before."""
    index, changed = ConsistencyIndex(), ConsistencyIndex()
    for seg_id, source, text in held:
        index.update(seg_id, source, text)
        changed.update(seg_id, source, text)
    seg_id, source, _ = held[-1]
    source = index.texts(seg_id)[0]  # type: ignore[index]
    before, changes = index.all_issues(), index.changes
    reach = index.reach(seg_id, source, target)
    assert index.all_issues() == before and index.changes == changes  # nothing changed
    affected = changed.update(seg_id, source, target)
    assert len(affected) <= reach <= 2 * len(affected) + 1 or not affected  # see below
    with (
        pytest.raises(KeyError) if fails else nullcontext(),
        index.trying(seg_id, source, target) as moved,
    ):
        assert moved == affected
        assert index.all_issues() == changed.all_issues()
        if fails:
            raise KeyError("work ahead failed")
    assert index.all_issues() == before
    assert index.changes == changes
    index.update(seg_id, source, target)  # a real change counts
    assert index.changes > changes or not affected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.sampled_from(SOURCES), st.sampled_from(TARGETS)),
        max_size=12,
    ),
    st.sampled_from("abcdefg"),
    st.sampled_from(SOURCES),
    st.sampled_from(TARGETS),
)
def test_reach_bounds_what_an_update_gives_without_changing_anything(
    held: list[tuple[str, str, str]], seg_id: str, source: str, target: str
) -> None:
    """Any change, of a segment held or new, its source or its target: ``reach`` is at least
    what the update gives and, when it changes anything, at most twice as much and one."""
    index = ConsistencyIndex()
    for held_id, held_source, text in held:
        index.update(held_id, held_source, text)
    before, changes = index.all_issues(), index.changes
    reach = index.reach(seg_id, source, target)
    assert (index.all_issues(), index.changes) == (before, changes)
    affected = index.update(seg_id, source, target)
    assert len(affected) <= reach
    assert reach <= 2 * len(affected) + 1 or not affected


def test_dropping_a_segment_counts_as_a_change_and_dropping_none_does_not() -> None:
    """Work kept for the groups as they were (``changes``) must not hold once one is dropped."""
    index = ConsistencyIndex()
    index.update("a", SOURCES[0], TARGETS[0])
    index.update("b", SOURCES[0], TARGETS[1])
    changes = index.changes
    assert index.remove("x") == [] and index.changes == changes
    assert index.remove("b") == ["a"]
    assert index.changes > changes


def test_check_json_lists_related_segments(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    corpus = root / "a.tsv"
    corpus.write_text(
        "id\tsource\ttarget\n"
        "p1\t新故相推，日生不滞。\tThe new replaces the old.\n"
        "p2\t新故相推，日生不滞。\tOut with the old.\n",
        encoding="utf-8",
    )
    (root / "g.yaml").write_text("terms: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(corpus), "-g", str(root / "g.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    issues = [i for i in doc["issues"] if i["check"] == TARGET_CHECK]
    assert [(i["segment"], i["related"]) for i in issues] == [("p1", ["p2"]), ("p2", ["p1"])]
    assert doc["summary"]["by_check"][TARGET_CHECK] == 2
    keys = {"segment", "check", "severity", "term", "source_span", "target_span", "found"}
    keys |= {"expected", "message", "fix", "fingerprint", "related"}
    assert all(set(i) == keys for i in doc["issues"])


@given(
    st.text(alphabet="，：；（）！？Ａａ,。、…\u0301\u0308ﬁ中國㊀\uf900 aB1_あア・é", max_size=20)
)
def test_consistency_key_is_nfkc_then_words(text: str) -> None:
    # The quick path (full-width punctuation written narrow first) gives NFKC's own key.
    plain = unicodedata.normalize("NFKC", text).casefold()
    assert consistency_key(text) == " ".join(_WORD.findall(plain))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*SOURCES, "独一", "无二"]), st.sampled_from(TARGETS)),
        max_size=30,
    )
)
def test_corpus_check_indexes_only_shared_keys_and_finds_every_issue(
    pairs: list[tuple[str, str]],
) -> None:
    """The corpus check leaves out segments whose keys no other has: its issues (messages,
    related ids, order) are those of an index of the whole corpus."""
    segments = tuple(Segment(f"s{n}", src, tgt) for n, (src, tgt) in enumerate(pairs))
    whole = ConsistencyIndex.of((s.id, s.source, s.target) for s in segments)
    found = list(check_inconsistency(CorpusContext(segments)))
    assert found == whole.all_issues()
    shared = {s.id for s in _sharing(segments)}
    assert shared >= {
        s.id
        for s in segments
        if sum(consistency_key(o.source) == consistency_key(s.source) for o in segments) > 1
        or sum(consistency_key(o.target) == consistency_key(s.target) for o in segments) > 1
    }
    assert shared <= {
        s.id
        for s in segments
        if sum(squeezed_key(o.source) == squeezed_key(s.source) for o in segments) > 1
        or sum(squeezed_key(o.target) == squeezed_key(s.target) for o in segments) > 1
    }


@given(
    st.text(
        alphabet="，：；（）！？Ａａ,。、…\u0301\u0308ﬁ中國㊀\uf900\ue000 aB1_あア・é\t-",
        max_size=20,
    )
    | st.text(alphabet=st.characters(max_codepoint=127), max_size=20)
)
def test_squeezed_key_is_the_key_without_spaces(text: str) -> None:
    # The corpus check hashes it: texts with equal keys must squeeze alike.
    assert squeezed_key(text) == consistency_key(text).replace(" ", "")


def _joins(source: str, target: str) -> tuple[str | None, str | None]:
    """(source key, target key) of the groups a segment takes part in, as the module says:
    by source when its source has a word and it is translated, by target when its target has
    two words and it has a source (None: not in that comparison)."""
    skey, tkey = consistency_key(source), consistency_key(target)
    by_source = any(not w.isdigit() for w in skey.split()) and bool(tkey or target.strip())
    by_target = sum(not w.isdigit() for w in tkey.split()) >= 2 and bool(skey or source.strip())
    return (skey if by_source else None), (tkey if by_target else None)


def _members(state: dict[str, tuple[str, str]], seg_id: str) -> set[str]:
    """The segments sharing a group with ``seg_id`` in ``state`` (itself among them)."""
    mine = _joins(*state[seg_id])
    out = set()
    for other, texts in state.items():
        theirs = _joins(*texts)
        if any(m is not None and m == t for m, t in zip(mine, theirs, strict=True)):
            out.add(other)
    return out


def _related(state: dict[str, tuple[str, str]], order: list[str], seg: str, check: str) -> tuple:
    """The rule for ``related``: the group's members of other variants, in order, capped."""
    side = 0 if check == TARGET_CHECK else 1
    key = _joins(*state[seg])[side]
    variant = consistency_key(state[seg][1 - side])
    return tuple(
        [
            s
            for s in order
            if _joins(*state[s])[side] == key and consistency_key(state[s][1 - side]) != variant
        ][:RELATED_MAX]
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcdefgh"),
            st.sampled_from([*SOURCES, "日生不滞。"]),
            st.sampled_from([*TARGETS, "Out with the OLD!", "Table 1."]),
            st.integers(0, 9),
        ),
        max_size=30,
    ),
    st.sets(st.sampled_from("abcdefgh")),
)
def test_update_reports_exactly_the_groups_left_and_joined(
    steps: list[tuple[str, str, str, int]], asked: set[str]
) -> None:
    """``update`` names exactly the members of the groups the segment was and is in, in the
    order first added; ``issues_of`` any few members gives each one's issues as asked alone;
    ``related`` lists the other variants' members in that order (a plain reference here)."""
    index = ConsistencyIndex()
    state: dict[str, tuple[str, str]] = {}
    order: list[str] = []
    for seg_id, source, target, remove in steps:
        before = _members(state, seg_id) if seg_id in state else set()
        if remove == 0:
            affected = index.remove(seg_id)
            state.pop(seg_id, None)
            assert affected == [s for s in order if s in before - {seg_id}]
            continue
        unchanged = state.get(seg_id) == (source, target)
        affected = index.update(seg_id, source, target)
        state[seg_id] = (source, target)
        if seg_id not in order:
            order.append(seg_id)
        expected = before | _members(state, seg_id) | {seg_id}
        assert affected == ([] if unchanged else [s for s in order if s in expected])
    held = [s for s in order if s in state]
    found = index.issues_of([s for s in held if s in asked])
    for s in held:
        alone = index.issues(s)
        assert [i.related for i in alone] == [_related(state, held, s, i.check) for i in alone]
        if s in asked:
            assert found[s] == alone
    assert index.all_issues() == [i for s in held for i in index.issues(s)]
