"""Inline codes: placeholders on reading, exact markup on writing, the tag-mismatch check."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from mtreview.corpus.formats import read_corpus, write_corpus
from mtreview.corpus.model import InlineCode, Segment
from mtreview.errors import MtreviewError
from mtreview.scoring.checks.tags import tag_issues

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"


def xliff12(source: str, target: str) -> str:
    return (
        f'<xliff version="1.2" xmlns="{NS12}"><file source-language="zh" target-language="en" '
        f'original="t" datatype="plaintext"><body><trans-unit id="u"><source>{source}</source>'
        f"<target>{target}</target></trans-unit></body></file></xliff>"
    )


def xliff2(source: str, target: str) -> str:
    return (
        f'<xliff version="2.0" xmlns="{NS2}" srcLang="zh" trgLang="en"><file id="f"><unit id="u">'
        f"<segment><source>{source}</source><target>{target}</target></segment></unit></file></xliff>"
    )


def tmx(source: str, target: str) -> str:
    return (
        '<tmx version="1.4"><header srclang="zh" segtype="sentence" datatype="plaintext" '
        'o-tmf="t" adminlang="en" creationtool="t" creationtoolversion="1"/><body><tu tuid="u">'
        f'<tuv xml:lang="zh"><seg>{source}</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv>'
        "</tu></body></tmx>"
    )


# (wrapper, suffix, source markup, target markup, expected kinds in source order)
CASES = [
    (xliff12, "xlf", '双<g id="1">碳</g>', 'double <g id="1">carbon</g>', ["open", "close"]),
    (xliff12, "xlf", '碳<x id="2"/>票', 'carbon<x id="2"/> stamp', ["standalone"]),
    (
        xliff12,
        "xlf",
        '<bx id="3"/>碳<ex id="4" rid="3"/>',
        '<bx id="3"/>C<ex id="4" rid="3"/>',
        ["open", "close"],
    ),
    (
        xliff12,
        "xlf",
        '<bpt id="5">&lt;b&gt;</bpt>碳<ept id="5">&lt;/b&gt;</ept>',
        '<bpt id="5">&lt;b&gt;</bpt>C<ept id="5">&lt;/b&gt;</ept>',
        ["open", "close"],
    ),
    (xliff12, "xlf", '碳<ph id="6">{0}</ph>', 'C<ph id="6">{0}</ph>', ["standalone"]),
    (
        xliff12,
        "xlf",
        '<it id="7" pos="open">&lt;i&gt;</it>碳',
        '<it id="7" pos="open">&lt;i&gt;</it>C',
        ["open"],
    ),
    (
        xliff12,
        "xlf",
        '碳<mrk mtype="protected">票</mrk>',
        'C<mrk mtype="protected">票</mrk>',
        ["open", "close"],
    ),
    (xliff2, "xlf", '双<pc id="1">碳</pc>', 'double <pc id="1">carbon</pc>', ["open", "close"]),
    (
        xliff2,
        "xlf",
        '<sc id="2"/>碳<ec startRef="2"/>',
        '<sc id="2"/>C<ec startRef="2"/>',
        ["open", "close"],
    ),
    (xliff2, "xlf", '碳<ph id="3" dataRef="d1"/>', 'C<ph id="3" dataRef="d1"/>', ["standalone"]),
    (xliff2, "xlf", '碳<cp hex="0003"/>', 'C<cp hex="0003"/>', ["standalone"]),
    (
        tmx,
        "tmx",
        '<bpt i="1" x="1">&lt;b&gt;</bpt>碳<ept i="1">&lt;/b&gt;</ept>',
        '<bpt i="1" x="1">&lt;b&gt;</bpt>C<ept i="1">&lt;/b&gt;</ept>',
        ["open", "close"],
    ),
    (tmx, "tmx", '碳<ph x="2">&lt;br/&gt;</ph>', 'C<ph x="2">&lt;br/&gt;</ph>', ["standalone"]),
    (
        tmx,
        "tmx",
        '<it pos="begin" x="3">&lt;i&gt;</it>碳',
        '<it pos="begin" x="3">&lt;i&gt;</it>C',
        ["open"],
    ),
    (tmx, "tmx", '<hi x="4">碳</hi>票', '<hi x="4">C</hi> stamp', ["open", "close"]),
    (tmx, "tmx", "碳<ut>{\\b}</ut>", "C<ut>{\\b}</ut>", ["standalone"]),
]


@pytest.mark.parametrize(("wrap", "suffix", "source", "target", "kinds"), CASES)
def test_codes_become_shared_placeholders_and_come_back(
    wrap, suffix: str, source: str, target: str, kinds: list[str], tmp_path: Path
) -> None:
    path = tmp_path / f"in.{suffix}"
    path.write_text(wrap(source, target), encoding="utf-8")
    seg = read_corpus(path).segments[0]
    assert [c.kind for c in seg.codes] == kinds
    for code in seg.codes:
        assert 0xE000 <= ord(code.char) <= 0xF8FF
        assert seg.source.count(code.char) == seg.target.count(code.char) == 1
    assert "<" not in seg.source.replace("&lt;", "")  # no markup left in the text
    assert tag_issues(seg) == []
    # a reviewed target keeps its codes exactly
    corpus = read_corpus(path)
    new_target = "Reviewed: " + seg.target
    write_corpus(
        path, dataclasses.replace(corpus, segments=(dataclasses.replace(seg, target=new_target),))
    )
    assert f">Reviewed: {target}<" in path.read_text(encoding="utf-8")
    assert read_corpus(path).segments[0].codes == seg.codes


def _seg(source: str, target: str, codes: list[tuple[str, str, str]]) -> Segment:
    made = tuple(
        InlineCode(ch, kind, ident, f"<{kind}{ident}/>", f"<{kind}{ident}>")
        for ch, kind, ident in codes
    )
    return Segment("s", source, target, codes=made)


OPEN, CLOSE, SOLO = "\ue000", "\ue001", "\ue002"
PAIR = [(OPEN, "open", "1"), (CLOSE, "close", "1"), (SOLO, "standalone", "2")]


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        (f"{OPEN}a{CLOSE}{SOLO}", f"{SOLO}{OPEN}b{CLOSE}", []),  # standalone codes may move
        (f"{OPEN}a{CLOSE}{SOLO}", f"{OPEN}b{CLOSE}", ["is missing from the target"]),
        (f"{OPEN}a{CLOSE}", f"{OPEN}b{CLOSE}{SOLO}", ["is not in the source"]),
        (f"{OPEN}a{CLOSE}{SOLO}", f"{CLOSE}b{OPEN}{SOLO}", ["comes before its opening code"]),
        (f"{OPEN}a{CLOSE}{SOLO}", f"{OPEN}b{CLOSE}{SOLO}{SOLO}", ["is not in the source"]),
        (f"{OPEN}a{CLOSE}{SOLO}", "", []),  # untranslated: another check's business
    ],
    ids=["moved", "missing", "extra", "reversed", "duplicated", "empty"],
)
def test_tag_mismatch(source: str, target: str, messages: list[str]) -> None:
    issues = tag_issues(_seg(source, target, PAIR))
    assert len(issues) == len(messages)
    for issue, expected in zip(issues, messages, strict=True):
        assert issue.check == "tag-mismatch" and expected in issue.message


def test_crossed_pairs_are_flagged_when_the_source_nests_them() -> None:
    a, b, c, d = "\ue000", "\ue001", "\ue002", "\ue003"
    codes = [(a, "open", "1"), (b, "open", "2"), (c, "close", "2"), (d, "close", "1")]
    assert tag_issues(_seg(f"{a}{b}x{c}{d}", f"{a}{b}x{d}{c}", codes))[0].message.endswith(
        "closes across another pair of codes"
    )


def test_inline_code_dict_round_trip() -> None:
    code = InlineCode("\ue005", "open", "g1", '<g id="g1" ctype="bold">', "<g1>")
    assert InlineCode.from_dict(json.loads(json.dumps(code.to_dict()))) == code
    with pytest.raises(ValueError, match="private-use"):
        InlineCode.from_dict({**code.to_dict(), "char": "a"})
    with pytest.raises(ValueError, match="kind"):
        InlineCode.from_dict({**code.to_dict(), "kind": "other"})


def test_misnested_target_cannot_be_written(tmp_path: Path) -> None:
    path = tmp_path / "in.xlf"
    path.write_text(xliff12('<g id="1">碳</g>', '<g id="1">C</g>'), encoding="utf-8")
    corpus = read_corpus(path)
    seg = corpus.segments[0]
    open_, close = seg.codes[0].char, seg.codes[1].char
    bad = dataclasses.replace(seg, target=f"{close}C{open_}")
    with pytest.raises(MtreviewError, match="segment u: the target's inline codes do not nest"):
        write_corpus(tmp_path / "out.xlf", dataclasses.replace(corpus, segments=(bad,)))
    assert not (tmp_path / "out.xlf").exists()


def test_text_with_private_use_characters_is_not_taken_for_codes(tmp_path: Path) -> None:
    path = tmp_path / "in.xlf"
    path.write_text(xliff12('\ue000图标<x id="1"/>', "\ue000icon"), encoding="utf-8")
    seg = read_corpus(path).segments[0]
    assert seg.codes[0].char != "\ue000"
    assert [i.message for i in tag_issues(seg)] == ["inline code <1/> is missing from the target"]


def test_codes_differing_in_content_are_different_codes(tmp_path: Path) -> None:
    path = tmp_path / "in.tmx"
    end = 'x<ept i="1">&lt;/b&gt;</ept>'
    source = '<ph x="1">&lt;br/&gt;</ph>碳<bpt i="1" x="2" a="1" b="2">&lt;b&gt;</bpt>' + end
    target = '<ph x="1">&lt;hr/&gt;</ph>C<bpt b="2" i="1" x="2" a="1">&lt;b&gt;</bpt>' + end
    path.write_text(tmx(source, target), encoding="utf-8")
    seg = read_corpus(path).segments[0]
    # <ph> differs in content: two codes; <bpt> differs only in attribute order: one code
    assert [c.kind for c in seg.codes] == ["standalone", "open", "close", "standalone"]
    assert sorted(i.message for i in tag_issues(seg)) == [
        "inline code <1.2/> is not in the source",
        "inline code <1/> is missing from the target",
    ]
