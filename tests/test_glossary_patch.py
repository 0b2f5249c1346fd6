"""A term change written as its own lines: the file reads back as the glossary the change gives."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary, Term, slugify
from mtreview.glossary.rules import validate
from mtreview.glossary.yaml_io import dump_glossary, parse_glossary
from mtreview.glossary.yaml_lines import Problem
from mtreview.glossary.yaml_patch import patch_glossary, term_yaml

HEADER = "# a glossary\n\n"
PATH = "g.yaml"

_WORDS = ["carbon", "ticket", "two", "hills", "forest", "chief", "x: y", "#tag", "'q'", "a  b"]
_NOTES = ["", "see: 碳票", "line one\nline two", " lead", "# not a comment", "é" * 120, "null"]


@st.composite
def _raw(draw: st.DrawFn) -> dict[str, Any]:
    words = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)
    raw: dict[str, Any] = {
        "source": draw(st.text("碳票两山林长國", min_size=1, max_size=5)),
        "target": draw(words),
    }
    named = draw(st.sampled_from(["", "t", "carbon", "carbon-2", "碳-票", "two-hills"]))
    if named:  # else derived from the target, as the loader does
        raw["id"] = named + str(draw(st.integers(0, 3)) or "")
    optional: dict[str, st.SearchStrategy[Any]] = {
        "variants": st.lists(words, max_size=2),
        "forbidden": st.lists(words, max_size=2),
        "note": st.sampled_from(_NOTES),
        "severity": st.sampled_from(["minor", "critical"]),
        "status": st.sampled_from(["proposed", "deprecated"]),
        "case_sensitive": st.just(True),
        "x-origin": st.sampled_from(["tbx", "1", "[a]"]),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            raw[key] = draw(strategy)
    return raw


def _load(raws: list[dict[str, Any]]) -> Glossary | None:
    found: list[Problem] = []
    glossary = validate({"source_lang": "zh", "target_lang": "en", "terms": raws}, PATH, found)
    if glossary is None or len(glossary.terms) != len(raws):
        return None
    try:  # the loader must take it as it is, without merging or renaming
        text = HEADER + dump_glossary(glossary)
        parsed = parse_glossary(text, PATH)
    except MtreviewError:
        return None
    return parsed if [t.id for t in parsed.terms] == [t.id for t in glossary.terms] else None


def _change(old: Glossary, kind: str, at: int, raw: dict[str, Any]) -> Glossary | None:
    new = _load([raw])
    if new is None:
        return None
    term = replace(new.terms[0], line=None)
    terms = list(old.terms)
    if kind == "replace":
        terms[at % len(terms)] = term
    elif kind == "insert":
        terms.insert(at % (len(terms) + 1), term)
    else:
        del terms[at % len(terms)]
    return replace(old, terms=tuple(terms))


def _same(a: Glossary, b: Glossary) -> None:
    assert a == b  # lines included
    assert [t.extra for t in a.terms] == [t.extra for t in b.terms]
    assert (a.extra, a.notices, a.path) == (b.extra, b.notices, b.path)


def _ids_dropped(text: str, glossary: Glossary) -> str:
    """The file as a person writes it: no id where the loader derives it from the target."""
    for term in glossary.terms:
        slug = slugify(term.target)
        if term.id == slug or re.fullmatch(re.escape(slug) + r"-\d+", term.id):
            text = text.replace(f"- id: {term.id}\n  ", "- ", 1)
    return text


def _comment_lines(text: str, rng: random.Random) -> str:
    """Comments, blank lines and an indented comment between the lines, as a person adds them."""
    out = []
    for line in text.splitlines(keepends=True):
        if rng.random() < 0.15:
            out.append(rng.choice(["# note\n", "\n", "  # inside\n", "#\n"]))
        out.append(line)
    return "".join(out)


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    raws=st.lists(_raw(), min_size=1, max_size=6),
    kind=st.sampled_from(["replace", "insert", "delete"]),
    at=st.integers(0, 10),
    raw=_raw(),
    seed=st.integers(0, 10**6),
    layout=st.sampled_from(["written", "commented", "ids dropped"]),
)
def test_a_patched_file_reads_back_as_the_changed_glossary(
    raws: list[dict[str, Any]],
    kind: str,
    at: int,
    raw: dict[str, Any],
    seed: int,
    layout: str,
) -> None:
    start = _load(raws)
    assume(start is not None)
    assert start is not None
    text = HEADER + dump_glossary(start)
    if layout == "commented":
        text = _comment_lines(text, random.Random(seed))
    elif layout == "ids dropped":
        text = _ids_dropped(text, start)
    old = parse_glossary(text, PATH)
    _same(old, replace(old, terms=tuple(old.terms)))
    new = _change(old, kind, at, raw)
    assume(new is not None and new.terms)
    assert new is not None
    try:
        whole = parse_glossary(HEADER + dump_glossary(new), PATH)
    except MtreviewError:
        whole = None  # a change the review refuses (a duplicate id or source)
    patched = patch_glossary(text, old, new, PATH)
    if patched is None:
        return
    assert whole is not None
    _same(parse_glossary(patched.text, PATH), patched.glossary)
    assert [replace(t, line=None) for t in patched.glossary.terms] == [
        replace(t, line=None) for t in whole.terms
    ]
    if layout == "written":  # a file as the review writes it: the same bytes as writing it whole
        assert patched.text == HEADER + dump_glossary(new)
    # Only the term's own lines differ: every comment line of the file is kept.
    comments = {"# a glossary", "# note", "#", "  # inside"}
    kept = [line for line in patched.text.splitlines() if line in comments]
    assert kept == [line for line in text.splitlines() if line in comments]
    unchanged = text.splitlines(keepends=True)
    now = patched.text.splitlines(keepends=True)
    written = set(dump_glossary(new).splitlines(keepends=True))
    assert all(line in written for line in now if line not in unchanged)


def _glossary(*terms: Term) -> tuple[str, Glossary]:
    text = HEADER + dump_glossary(Glossary(terms, path=PATH))
    return text, parse_glossary(text, PATH)


A = Term("a", "碳票", "carbon ticket")
B = Term("b", "两山", "two mountains", variants=("two hills",))
C = Term("c", "林长", "forest chief", note="two\nlines")


@pytest.mark.parametrize(
    ("terms", "change"),
    [
        ((A, B, C), lambda t: (t[0], replace(B, target="two peaks"), t[2])),
        ((A, B, C), lambda t: (t[0], replace(B, note="longer\nand longer"), t[2])),
        ((A, B, C), lambda t: (*t, Term("d", "森林", "woodland"))),
        ((A, B, C), lambda t: (t[0], t[2])),
        ((A, B, C), lambda t: (t[0], replace(B, id="b2"), t[2])),
    ],
)
def test_a_plain_change_is_patched(terms: tuple[Term, ...], change: Any) -> None:
    text, old = _glossary(*terms)
    new = replace(old, terms=tuple(change(old.terms)))
    patched = patch_glossary(text, old, new, PATH)
    assert patched is not None
    assert patched.text == HEADER + dump_glossary(new)
    _same(parse_glossary(patched.text, PATH), patched.glossary)


@pytest.mark.parametrize(
    "text",
    [
        # the term's lines are not the review's (no id, flow style, a comment inside, CRLF)
        "terms:\n- source: 两山\n  target: two mountains\n",
        "terms:\n- {id: b, source: 两山, target: two mountains}\n",
        "terms:\n- id: b\n  source: 两山\n# between\n  target: two mountains\n",
        "terms:\n- id: b\r\n  source: 两山\r\n  target: two mountains\r\n",
        # the term goes on after the lines the review writes (a default value, after a comment)
        "terms:\n- id: b\n  source: 两山\n  target: two mountains\n  status: approved\n",
        "terms:\n- id: b\n  source: 两山\n  target: two mountains\n\n# c\n  severity: major\n",
        # a term whose id may be derived from its target, next to the one changed
        "terms:\n- id: b\n  source: 两山\n  target: two mountains\n- source: 三区\n  target: b\n",
    ],
)
def test_a_layout_it_cannot_tell_is_written_whole(text: str) -> None:
    old = parse_glossary(text, PATH)
    b = next(t for t in old.terms if t.source == "两山")
    terms = tuple(replace(b, id="c", target="two hills") if t is b else t for t in old.terms)
    assert patch_glossary(text, old, replace(old, terms=terms), PATH) is None


def test_the_term_yaml_is_the_dump_s_item() -> None:
    text, _old = _glossary(A, B, C)
    assert text.endswith(term_yaml(B) + term_yaml(C))


@pytest.mark.parametrize("kind", ["delete", "insert", "rename"])
def test_a_derived_id_that_would_move_is_written_whole(kind: str) -> None:
    """``碳票`` has no id in the file: it takes ``carbon-2`` while ``carbon`` is taken."""
    text = (
        "terms:\n- id: carbon\n  source: 两山\n  target: two mountains\n"
        "- source: 碳票\n  target: carbon\n"
    )
    old = parse_glossary(text, PATH)
    first, derived = old.terms
    assert derived.id == "carbon-2"
    if kind == "delete":
        terms: tuple[Term, ...] = (derived,)
    elif kind == "insert":
        terms = (first, Term("carbon-3", "林长", "chief"), derived)
    else:
        terms = (replace(first, id="mountains", line=None), derived)
    new = replace(old, terms=terms)
    assert patch_glossary(text, old, new, PATH) is None
