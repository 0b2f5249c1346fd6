"""Inline codes as a reviewer types them: tokens, nesting, protected spans, native text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import InlineCode
from mtreview.corpus.tokens import (
    code_text,
    native_text,
    nesting_error,
    parse,
    protected_spans,
    render,
    rendered,
)

DATA = Path(__file__).parent / "data" / "formats"
OPEN = InlineCode("\ue000", "open", "1", '<g id="1">', "<1>")
CLOSE = InlineCode("\ue001", "close", "1", "</g>", "</1>")
ALONE = InlineCode("\ue002", "standalone", "2", '<x id="2"/>', "<2/>")
CODES = (OPEN, CLOSE, ALONE)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a \ue000b\ue001 c\ue002", "a <1>b</1> c<2/>"),
        ("literal <1> here", "literal \\<1> here"),  # text that reads like a code is escaped
        ("C:\\dir\\\ue002", "C:\\dir\\\\<2/>"),  # a backslash before a code is doubled
        ("<b>bold</b> <9/>", "<b>bold</b> <9/>"),  # only this segment's labels are codes
    ],
)
def test_render_and_parse(text: str, shown: str) -> None:
    assert render(text, CODES) == shown
    assert parse(shown, CODES) == text


def test_typed_tokens_become_codes() -> None:
    assert parse("advance the <1>double carbon</1> goal<2/>", CODES) == (
        "advance the \ue000double carbon\ue001 goal\ue002"
    )


TEXT = st.text(
    st.sampled_from(["a", " ", "\\", "<", ">", "/", "1", "2", "\ue000", "\ue001", "\ue002"]),
    max_size=30,
)


@given(st.text(alphabet=st.characters(blacklist_characters="\ue0ff"), max_size=80))
def test_text_without_codes_renders_as_the_rule_says(text: str) -> None:
    """The short cut for no codes gives what the character-by-character rule gives."""
    unused = InlineCode("\ue0ff", "standalone", "9", "<x/>", "")  # takes the general path
    assert rendered(text, ()) == rendered(text, (unused,))
    assert rendered(text, ()).text == render(text, ()) == text


@given(TEXT)
def test_parse_inverts_render_for_any_text(text: str) -> None:
    assert parse(render(text, CODES), CODES) == text


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("\ue000a\ue001\ue002", None),
        ("a b", None),  # codes missing altogether: tag-mismatch's business, not a nesting error
        ("\ue001a\ue000", "</1> comes before its opening code"),
        ("\ue000a", "<1> is opened but never closed"),
        ("a\ue001", "</1> closes a code that is not opened"),
        ("\ue002a\ue002", "code <2/> appears 2 times"),
    ],
)
def test_nesting_error(text: str, error: str | None) -> None:
    assert nesting_error(text, CODES) == error


def test_crossing_pairs_are_refused() -> None:
    two = (
        *CODES,
        InlineCode("\ue003", "open", "3", '<g id="3">', "<3>"),
        InlineCode("\ue004", "close", "3", "</g>", "</3>"),
    )
    assert nesting_error("\ue000a\ue003b\ue001c\ue004", two) == "</1> closes across <3>"


def test_protected_spans() -> None:
    guard = InlineCode("\ue000", "open", "p", '<mrk mtype="protected">', "<p>", True)
    end = InlineCode("\ue001", "close", "p", "</mrk>", "</p>", True)
    assert protected_spans("Click \ue000Save\ue001 now", (guard, end)) == ((6, 12),)
    assert protected_spans("Click \ue000Save", (guard, end)) == ((6, 11),)  # to the end
    assert protected_spans("Save\ue001 now", (guard, end)) == ((0, 5),)  # from the start
    assert protected_spans("no codes", CODES) == ()


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ('<x id="1" ctype="lb"/>', "\n"),
        ('<ph id="1" ctype="x-tab"/>', "\t"),
        ('<ph id="1">&lt;mq:ch val="&amp;#9;" /&gt;</ph>', "\t"),  # memoQ's own tab
        ('<ph id="2" type="fmt" subType="xlf:lb"/>', "\n"),
        ('<cp hex="0009"/>', "\t"),
        ('<ph x="1">&lt;br/&gt;</ph>', "\n"),
        ('<bpt id="1">&lt;b&gt;</bpt>', ""),  # formatting has no text
    ],
)
def test_code_text(markup: str, text: str) -> None:
    assert code_text(InlineCode("\ue000", "standalone", "1", markup, "<1/>")) == text


def test_native_text_on_a_real_memoq_file() -> None:
    corpus = read_corpus(DATA / "xliff12/okapi-memoq-MQ-12-Test01.xlf")
    for seg in corpus.segments:
        plain = native_text(seg.source, seg.codes)
        assert not any(0xE000 <= ord(c) <= 0xF8FF for c in plain)


def test_xml_comments_and_pis_in_a_target_are_not_codes(tmp_path: Path) -> None:
    path = tmp_path / "c.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="zh" target-language="en" datatype="plaintext" original="c"><body>'
        '<trans-unit id="1"><source>双碳<x id="1"/></source>'
        "<target>dual <!-- checked -->carbon<?tool keep?><x id='1'/></target></trans-unit>"
        "</body></file></xliff>",
        encoding="utf-8",
    )
    (seg,) = read_corpus(path).segments
    assert render(seg.target, seg.codes) == "dual carbon<1/>"
    assert [c.label for c in seg.codes] == ["<1/>"]
