"""One source spelt two ways (full-width forms, case, quotes, script) is one term: merged, warned."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mtreview.cli import main
from mtreview.errors import MtreviewError
from mtreview.glossary.delimited import read_delimited
from mtreview.glossary.index import SourceIndex
from mtreview.glossary.lint import lint_text
from mtreview.glossary.merge import Entry, build
from mtreview.glossary.model import Term
from mtreview.glossary.rules import norm, source_key, unique
from mtreview.glossary.yaml_io import parse_glossary

HEAD = "source_lang: zh\ntarget_lang: en\nterms:\n"
DSIB = "具本地系统重要性认可机构"


def _yaml(*terms: dict[str, object]) -> str:
    return HEAD + "".join(
        "  - " + yaml.safe_dump(t, allow_unicode=True, default_flow_style=True, width=1000)
        for t in terms
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (f"{DSIB}(D-SIB)", f"{DSIB}（D-SIB）"),  # full-width brackets
        ("金融市场", "金融市場"),  # script
        ("“三错开”原则", '"三错开"原则'),  # quote style
        ("5G网络", "５g网络"),  # full-width digit, case
    ],
)
def test_the_loader_merges_one_source_spelt_two_ways_and_warns(first: str, second: str) -> None:
    text = _yaml(
        {"source": first, "target": "alpha", "note": "from the report"},
        {"source": second, "target": "alpha"},
        {"source": "碳汇", "target": "carbon sink"},
    )
    glossary = parse_glossary(text, "g.yaml")
    assert [(t.source, t.target) for t in glossary.terms] == [
        (first, "alpha"),
        ("碳汇", "carbon sink"),
    ]
    assert len(glossary.notices) == 1
    assert glossary.notices[0].startswith("g.yaml:5: source ")
    assert "merged" in glossary.notices[0]
    findings = [(f.rule, f.line, f.severity) for f in lint_text(text, "g.yaml").findings]
    assert ("merged-source", 5, "major") in findings
    # The matcher sees one term under both spellings.
    index = SourceIndex(glossary.terms)
    assert [m.term.target for m in index.find(second)] == ["alpha"]


def test_what_merging_two_different_entries_means() -> None:
    text = _yaml(
        {
            "id": "dsib",
            "source": f"{DSIB}(D-SIB)",
            "target": "domestic systemically important authorized institution",
            "variants": ["D-SIB"],
            "forbidden": ["local bank"],
            "note": "HKMA usage",
            "severity": "minor",
            "x-origin": "report",
        },
        {
            "id": "other",
            "source": f"{DSIB}（D-SIB）",
            "target": "domestic systemically important bank",
            "variants": ["D-SIB", "D-SIBs"],
            "forbidden": ["systemic bank", "Local Bank"],
            "note": "Basel usage",
            "severity": "critical",
            "case_sensitive": True,
            "x-origin": "glossary B",
            "x-reviewer": "kl",
        },
    )
    (term,) = parse_glossary(text, "g.yaml").terms
    assert term.id == "dsib" and term.source == f"{DSIB}(D-SIB)" and term.line == 4
    assert term.target == "domestic systemically important authorized institution"
    assert term.variants == ("D-SIB", "domestic systemically important bank", "D-SIBs")
    assert term.forbidden == ("local bank", "systemic bank")
    assert term.note == "HKMA usage\nBasel usage"
    assert term.severity == "critical" and term.case_sensitive
    assert term.extra == {"x-origin": "report", "x-reviewer": "kl"}
    (notice,) = parse_glossary(text, "g.yaml").notices
    assert "kept as a variant" in notice and "id 'other' merged into 'dsib'" in notice


@pytest.mark.parametrize("deprecated_first", [True, False])
def test_a_deprecated_entry_gives_only_its_note(deprecated_first: bool) -> None:
    old = {"source": "金融市場", "target": "money market", "status": "deprecated", "note": "old"}
    new = {"source": "金融市场", "target": "financial market", "forbidden": ["money market"]}
    text = _yaml(old, new) if deprecated_first else _yaml(new, old)
    (term,) = parse_glossary(text, "g.yaml").terms
    assert (term.target, term.variants, term.forbidden) == (
        "financial market",
        (),
        ("money market",),
    )
    assert term.status == "approved" and term.note == "old"


def test_entries_that_contradict_each_other_are_refused_at_the_second() -> None:
    text = _yaml(
        {"source": "金融市场", "target": "financial market", "forbidden": ["money market"]},
        {"source": "金融市場", "target": "money market"},
    )
    with pytest.raises(MtreviewError, match="money market") as caught:
        parse_glossary(text, "g.yaml")
    assert caught.value.line == 5


def test_one_source_listed_twice_alike_is_still_refused() -> None:
    text = _yaml({"source": "两山", "target": "a"}, {"source": "两山", "target": "b"})
    with pytest.raises(MtreviewError, match="two targets"):
        parse_glossary(text, "g.yaml")


def test_check_warns_on_stderr_and_runs(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        _yaml(
            {"source": f"{DSIB}(D-SIB)", "target": "D-SIB"},
            {"source": f"{DSIB}（D-SIB）", "target": "D-SIB"},
        ),
        encoding="utf-8",
    )
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        f"id\tsource\ttarget\np1\t{DSIB}（D-SIB）名单维持不变。\tThe D-SIB list is unchanged.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(corpus), "-g", str(glossary)])
    assert result.exit_code == 0, result.output
    assert f"mtreview: warning: {glossary}:5: source {DSIB}（D-SIB）" in result.stderr
    lint = CliRunner().invoke(main, ["glossary", "lint", str(glossary)])
    assert lint.exit_code == 1, lint.output  # a major finding
    assert f"{glossary}:5: major:" in lint.output and "[merged-source]" in lint.output


def test_an_import_merges_by_the_same_rule(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        f"{DSIB}(D-SIB),D-SIB\n{DSIB}（D-SIB）,domestic systemically important bank\n",
        encoding="utf-8",
    )
    imported = read_delimited(table)
    (term,) = imported.glossary.terms
    assert term.variants == ("domestic systemically important bank",)
    assert imported.notices == (
        f"{table}:2: source {DSIB}（D-SIB） has a second target "
        f"'domestic systemically important bank' (first 'D-SIB' on line 1, spelt "
        f"{DSIB}(D-SIB) there): kept as a variant",
    )


_SPELLINGS = st.sampled_from(
    [("金融市场", "金融市場"), ("(A)", "（a）"), ("头发", "頭髮"), ("“X”号", '"x"号')]
)
_TEXT = st.text(st.sampled_from(list("abcXY ")), min_size=1, max_size=8).map(str.strip)
_SEVERITY = st.sampled_from(["minor", "major", "critical"])
_STATUS = st.sampled_from(["approved", "proposed", "deprecated"])


@st.composite
def _entries(draw: st.DrawFn, source: str) -> dict[str, object]:
    target = draw(_TEXT.filter(bool))
    variants = [v for v in unique(draw(st.lists(_TEXT, max_size=2))) if norm(v) != norm(target)]
    return {
        "source": source,
        "target": target,
        "variants": variants,
        "note": draw(_TEXT),
        "severity": draw(_SEVERITY),
        "status": draw(_STATUS),
        "case_sensitive": draw(st.booleans()),
    }


@settings(max_examples=60, deadline=None)
@given(_SPELLINGS.flatmap(lambda p: st.tuples(_entries(p[0]), _entries(p[1]))))
def test_loader_and_import_merge_alike(pair: tuple[dict[str, object], dict[str, object]]) -> None:
    """The YAML loader and an import of the same two entries give the same term."""
    first, second = pair
    try:
        (loaded,) = parse_glossary(_yaml(first, second), "g.yaml").terms
    except MtreviewError:
        return  # a variant equal to the other's target etc.: the loader refuses, imports drop
    entries = [
        Entry(
            str(e["source"]),
            str(e["target"]),
            tuple(str(v) for v in e["variants"]),  # type: ignore[attr-defined]
            (),
            str(e["note"]),
            severity=str(e["severity"]),
            case_sensitive=bool(e["case_sensitive"]),
            status=str(e["status"]),
            line=n,
        )
        for n, e in enumerate(pair, start=1)
    ]
    (imported,) = build(entries, "t.csv", "zh", "en").glossary.terms
    fields = ("source", "target", "variants", "note", "severity", "case_sensitive", "status")
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(loaded, f) for f in fields}


_SOURCE_CHARS = st.sampled_from(list('金融市场場头发髮發后後干乾幹著着（）()ＡaA“”"号'))


@settings(max_examples=200, deadline=None)
@given(st.text(_SOURCE_CHARS, min_size=1, max_size=6), st.text(_SOURCE_CHARS, min_size=1))
def test_the_matcher_and_the_glossary_agree_on_what_is_the_same_source(a: str, b: str) -> None:
    """Two sources with one key are found as each other by the index: one normalisation."""
    if source_key(a) != source_key(b) or not a.strip() or a.strip() != a or b.strip() != b:
        return
    found = SourceIndex([Term("t", a, "x")]).find(b)
    assert [(m.start, m.end) for m in found] == [(0, len(b))]
