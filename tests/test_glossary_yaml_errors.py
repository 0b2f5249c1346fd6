"""Every way a glossary YAML file can be malformed names the file and line in one exact message.

The messages are pinned whole (not by a fragment): a faster parse must not change one word.
Each file is read through both doors (the review's and the command line's).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtreview.errors import MtreviewError
from mtreview.glossary.yaml_io import load_glossary
from mtreview.review.glossary_file import read_glossary

HEAD = "source_lang: zh\ntarget_lang: en\nterms:\n"
TERM = "  - source: 碳汇\n    target: carbon sink\n"
KNOWN = (
    "(known: id, source, target, variants, forbidden, note, severity, case_sensitive, status; "
    "prefix your own keys with 'x-')"
)

BAD: list[tuple[str, bytes, str]] = [
    (
        "duplicate top-level key",
        b"source_lang: zh\nsource_lang: en\nterms: []\n",
        "2: key 'source_lang' appears twice in one mapping (first on line 1)",
    ),
    (
        "duplicate key in a term",
        (HEAD + "  - source: 碳汇\n    target: a\n    note: x\n    target: b\n").encode(),
        "7: key 'target' appears twice in one mapping (first on line 5)",
    ),
    (
        "duplicate key in a flow mapping",
        (HEAD + "  - {source: 碳汇, source: 蓝碳, target: x}\n").encode(),
        "4: key 'source' appears twice in one mapping (first on line 4)",
    ),
    (
        "tab as indentation",
        (HEAD + "  - source: 碳汇\n\ttarget: carbon sink\n").encode(),
        "5: invalid YAML: found a tab character that violates indentation",
    ),
    (
        "indented too far",
        (HEAD + "  - source: 碳汇\n      target: carbon sink\n").encode(),
        "5: invalid YAML: mapping values are not allowed in this context",
    ),
    (
        "indented too little",
        (HEAD + "  - source: 碳汇\n   target: carbon sink\n").encode(),
        "5: invalid YAML: did not find expected '-' indicator",
    ),
    (
        "bad UTF-8",
        (HEAD + TERM).encode() + b"  - source: \xff\xfe\n    target: x\n",
        "6: not valid UTF-8 text (invalid start byte)",
    ),
    (
        "bad UTF-8 after a BOM",
        b"\xef\xbb\xbf" + (HEAD + TERM).encode() + b"  - source: \xc3\n",
        "6: not valid UTF-8-SIG text (invalid continuation byte)",
    ),
    (
        "a rule broken after a BOM",
        b"\xef\xbb\xbf" + (HEAD + TERM + "    colour: red\n").encode(),
        f"6: unknown key 'colour' {KNOWN}",
    ),
    (
        "CRLF line ends",
        (HEAD + TERM + "    colour: red\n").replace("\n", "\r\n").encode(),
        f"6: unknown key 'colour' {KNOWN}",
    ),
    (
        "ESC",
        (HEAD + TERM + "    note: a\x1b[31m red\n").encode(),
        "6: invalid YAML: character U+001B is not allowed",
    ),
    (
        "NUL",
        (HEAD + TERM + "    note: a\x00b\n").encode(),
        "7: invalid YAML: character U+0000 is not allowed",
    ),
    (
        "C1 control",
        (HEAD + TERM + "    note: a\x85b\x9b\n").encode(),
        "7: invalid YAML: character U+009B is not allowed",
    ),
    (
        "DEL",
        (HEAD + TERM + "    note: a\x7fb\n").encode(),
        "7: invalid YAML: character U+007F is not allowed",
    ),
    (
        "BEL inside quotes",
        (HEAD + TERM + '    note: "a\x07b"\n').encode(),
        "7: invalid YAML: character U+0007 is not allowed",
    ),
    (
        "unclosed bracket",
        (HEAD + "  - {source: 碳汇, target: [a, b\n").encode(),
        "4: invalid YAML: did not find expected ',' or ']'",
    ),
    (
        "unclosed quote",
        (HEAD + '  - source: "碳汇\n    target: x\n').encode(),
        "4: invalid YAML: found unexpected end of stream",
    ),
    (
        "unknown escape",
        (HEAD + '  - source: "碳\\q汇"\n    target: x\n').encode(),
        "4: invalid YAML: found unknown escape character",
    ),
    (
        "undefined alias",
        (HEAD + "  - source: 碳汇\n    target: *nope\n").encode(),
        "5: invalid YAML: found undefined alias",
    ),
    (
        "merge key",
        (HEAD + "  - &a {source: 碳汇, target: x}\n  - <<: *a\n    source: 蓝碳\n").encode(),
        "5: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:merge'",
    ),
    (
        "recursive alias",
        b"terms: &a [*a]\n",
        "1: invalid YAML: found unconstructable recursive node",
    ),
    (
        "two documents",
        (HEAD + TERM + "---\nterms: []\n").encode(),
        "6: invalid YAML: but found another document",
    ),
    ("empty file", b"", "1: a glossary is a mapping with a 'terms' list"),
    ("a list, not a mapping", b"- a\n- b\n", "1: a glossary is a mapping with a 'terms' list"),
]


@pytest.mark.parametrize(
    ("data", "message"), [(d, m) for _, d, m in BAD], ids=[n for n, _, _ in BAD]
)
def test_bad_file_exact_message(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(data)
    for read in (read_glossary, load_glossary):
        with pytest.raises(MtreviewError) as info:
            read(path)
        assert str(info.value) == f"{path}:{message}"


GOOD: list[tuple[str, bytes]] = [
    ("UTF-8 BOM", b"\xef\xbb\xbf" + (HEAD + TERM).encode()),
    ("UTF-16 BOM", "\ufeff".encode("utf-16-le") + (HEAD + TERM).encode("utf-16-le")),
    ("tab after a key", (HEAD + "  - source:\t碳汇\n    target: carbon sink\n").encode()),
    (
        "escaped control",
        (HEAD + "  - source: 碳汇\n    target: carbon sink\n" + '    note: "\\x07"\n').encode(),
    ),
    ("CR line ends", (HEAD + TERM).replace("\n", "\r").encode()),
]


@pytest.mark.parametrize("data", [d for _, d in GOOD], ids=[n for n, _ in GOOD])
def test_good_file_reads_with_lines(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(data)
    glossary = read_glossary(path).glossary
    assert [(t.source, t.target, t.line) for t in glossary.terms] == [("碳汇", "carbon sink", 4)]
    assert load_glossary(path) == glossary


def test_parse_collects_less_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Composing runs with the collector's young threshold raised, as before after (errors too)."""
    import gc

    from mtreview.glossary import yaml_io

    seen: list[int] = []
    compose = yaml_io.compose

    def spy(text: str, path: str) -> tuple[object, list[object]]:
        seen.append(gc.get_threshold()[0])
        return compose(text, path)

    monkeypatch.setattr(yaml_io, "compose", spy)
    before = gc.get_threshold()
    yaml_io.parse_glossary(HEAD + TERM, "g.yaml")
    with pytest.raises(MtreviewError):
        yaml_io.parse_glossary(HEAD + TERM + "    note: \x1b\n", "g.yaml")
    assert seen and min(seen) >= 50_000
    assert gc.get_threshold() == before
