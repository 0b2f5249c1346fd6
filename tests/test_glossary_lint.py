from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mtreview.cli import main
from mtreview.errors import MtreviewError
from mtreview.glossary.lint import lint_file, lint_text
from mtreview.glossary.rules import RULES
from mtreview.glossary.yaml_io import parse_glossary
from mtreview.paths import demo_glossary

HEAD = "source_lang: zh\ntarget_lang: en\nterms:\n"


def _rules(text: str) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in lint_text(text, "g.yaml").findings]


# (planted problem, YAML after the header, rule expected, its line)
PLANTED = [
    (
        "conflicting targets",
        "  - {source: 三区三线, target: three zones and three lines}\n"
        "  - {source: 三区三线, target: three regions and three lines}\n",
        "conflicting-targets",
        5,
    ),
    (
        "duplicate term",
        "  - {source: 两山, target: two mountains}\n  - {source: 两山, target: Two Mountains}\n",
        "duplicate-term",
        5,
    ),
    (
        "forbidden equals target",
        "  - source: 双碳\n    target: dual carbon\n    forbidden: [Dual Carbon]\n",
        "forbidden-accepted",
        6,
    ),
    (
        "forbidden equals variant",
        "  - source: 双碳\n    target: dual carbon\n    variants: [double carbon]\n"
        "    forbidden: [double  carbon]\n",
        "forbidden-accepted",
        7,
    ),
    (
        "duplicate id",
        "  - {id: a, source: 两山, target: two mountains}\n"
        "  - {id: a, source: 双碳, target: dual carbon}\n",
        "duplicate-id",
        5,
    ),
    ("empty target", "  - {source: 两山, target: '  '}\n", "empty-field", 4),
    ("missing target", "  - {source: 两山}\n", "missing-field", 4),
    ("unknown key", "  - {source: 两山, target: two mountains, varients: [x]}\n", "unknown-key", 4),
    ("bad severity", "  - {source: 两山, target: t, severity: huge}\n", "bad-value", 4),
    ("duplicate key", "  - source: 两山\n    target: a\n    target: b\n", "duplicate-key", 6),
    ("term not mapping", "  - 两山\n", "term-not-mapping", 3),
    ("leading space", "  - {source: 两山, target: ' two mountains'}\n", "stray-whitespace", 4),
    ("doubled space", "  - {source: 两山, target: two  mountains}\n", "stray-whitespace", 4),
    ("zero-width", '  - {source: "两\\u200b山", target: two mountains}\n', "stray-whitespace", 4),
    ("empty note", "  - {source: 两山, target: two mountains, note: ''}\n", "empty-optional", 4),
    (
        "variant equals target",
        "  - {source: 两山, target: two mountains, variants: [Two Mountains]}\n",
        "variant-is-target",
        4,
    ),
    (
        "forbidden twice",
        "  - {source: 两山, target: two mountains, forbidden: [two hills, Two Hills]}\n",
        "duplicate-forbidden",
        4,
    ),
    (
        "forbidden of another term",
        "  - {source: 三区, target: three zones}\n"
        "  - {source: 三区四带, target: three zones and four belts, forbidden: [three zones]}\n",
        "forbidden-of-other",
        5,
    ),
    (
        "contained source",
        "  - {source: 国土空间, target: territorial space}\n"
        "  - {source: 国土空间规划, target: territorial spatial planning}\n",
        "source-contained",
        4,
    ),
    (
        "shared rendering",
        "  - {source: 两山, target: two mountains}\n  - {source: 二山, target: two mountains}\n",
        "shared-rendering",
        5,
    ),
    ("swapped columns", "  - {source: 两山, target: 两山}\n", "target-in-source-script", 4),
    ("quoted source", "  - {source: “两山”, target: two mountains}\n", "quoted-source", 4),
    ("latin source", "  - {source: two, target: two mountains}\n", "source-not-source-language", 4),
    (
        "derived id clash",
        "  - {source: 两山, target: two mountains}\n  - {source: 两座山, target: Two Mountains}\n",
        "derived-id-renamed",
        5,
    ),
]


@pytest.mark.parametrize(("what", "body", "rule", "line"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_problem_is_found_at_its_line(what: str, body: str, rule: str, line: int) -> None:
    assert (rule, line) in _rules(HEAD + body)


@pytest.mark.parametrize(("what", "body", "rule", "line"), PLANTED, ids=[p[0] for p in PLANTED])
def test_loader_refuses_exactly_the_fatal_rules(what: str, body: str, rule: str, line: int) -> None:
    fatal = RULES[rule][1]
    if fatal:
        with pytest.raises(MtreviewError) as caught:
            parse_glossary(HEAD + body, "g.yaml")
        assert caught.value.line == line
        assert RULES[rule][0] == "critical"
    else:
        parse_glossary(HEAD + body, "g.yaml")


def test_all_problems_of_a_file_in_one_run() -> None:
    body = "".join(p[1] for p in PLANTED[:6])
    found = {rule for rule, _ in _rules(HEAD + body)}
    assert {"conflicting-targets", "duplicate-term", "forbidden-accepted", "duplicate-id"} <= found
    assert "empty-field" in found


def test_yaml_syntax_error_is_one_critical_finding() -> None:
    result = lint_text(HEAD + "  - {source: 两山, target: [unclosed\n", "g.yaml")
    assert [f.rule for f in result.findings] == ["yaml-syntax"]
    assert result.findings[0].severity == "critical"
    assert result.findings[0].line is not None


def test_demo_glossary_is_clean_up_to_info() -> None:
    result = lint_file(demo_glossary())
    assert result.terms == 39
    assert {f.severity for f in result.findings} <= {"info"}
    assert {f.rule for f in result.findings} == {"source-contained"}


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("body", "args", "status"),
    [
        ("  - {source: 两山, target: two mountains}\n", [], 0),
        ("  - {source: 两山, target: ' two mountains'}\n", [], 0),  # minor < major
        ("  - {source: 两山, target: ' two mountains'}\n", ["--fail-on", "minor"], 1),
        ("  - {source: 两山, target: 两山}\n", [], 1),  # major
        ("  - {source: 两山, target: a}\n  - {source: 两山, target: b}\n", [], 1),
        (
            "  - {source: 两山, target: a}\n  - {source: 两山, target: b}\n",
            ["--fail-on", "critical"],
            1,
        ),
        ("  - {source: 两山, target: 两山}\n", ["--fail-on", "critical"], 0),
    ],
)
def test_exit_status(tmp_path: Path, body: str, args: list[str], status: int) -> None:
    result = CliRunner().invoke(main, ["glossary", "lint", _write(tmp_path, HEAD + body), *args])
    assert result.exit_code == status, result.output


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "g.yaml"
    bad.write_bytes(b"terms:\n  - source: \xff\xfa\n")
    result = CliRunner().invoke(main, ["glossary", "lint", str(bad)])
    assert result.exit_code == 2
    assert "g.yaml:2:" in result.output
    missing = CliRunner().invoke(main, ["glossary", "lint", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2


def test_text_and_json_output(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + PLANTED[0][1] + '  - {source: 三区三线, target: "\\e[31mred"}\n')
    text = CliRunner().invoke(main, ["glossary", "lint", path]).output
    assert f"{path}:5: critical:" in text and "[conflicting-targets]" in text
    assert "\\x1b[31mred" in text  # file text never reaches the terminal as control codes
    assert "\x1b" not in text
    data = json.loads(
        CliRunner().invoke(main, ["glossary", "lint", path, "--format", "json"]).output
    )
    assert data["summary"]["critical"] == 2
    assert {"path", "line", "severity", "rule", "message", "term"} <= set(data["findings"][0])


@pytest.mark.parametrize(
    ("raw", "replacing", "rules"),
    [
        ({"source": "新词", "target": "new word"}, None, []),
        ({"source": "三区三线", "target": "three areas"}, None, ["conflicting-targets"]),
        ({"source": "两山", "target": "two mountains", "note": "edited"}, "two-mountains", []),
        ({"source": "两山", "target": "two hills"}, "two-mountains", []),
        ({"source": "新词", "target": "new word", "varients": []}, None, ["unknown-key"]),
        (
            {
                "source": "三区",
                "target": "three zones ",
                "forbidden": ["three zones and four belts"],
            },
            None,
            ["stray-whitespace", "forbidden-of-other", "source-contained", "source-contained"],
        ),
    ],
)
def test_check_term_reports_only_what_the_new_term_brings(
    raw: dict[str, object], replacing: str | None, rules: list[str]
) -> None:
    from mtreview.glossary.lint import check_term
    from mtreview.glossary.yaml_io import load_glossary

    found = check_term(load_glossary(demo_glossary()), raw, replacing)
    assert [f.rule for f in found] == rules
    assert all(f.line is None for f in found)


ODD_SPACES = ["  ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\x1c", "\u200b", "\u00ad", "\ufeff"]


@given(
    st.lists(
        st.one_of(st.sampled_from(ODD_SPACES), st.sampled_from([" ", "a", "词", "-"]), st.text()),
        max_size=6,
    ).map("".join)
)
def test_inner_whitespace_rule_is_the_character_rule(value: str) -> None:
    """The one-search rule flags what the character loop it replaced flagged: a doubled space,
    any whitespace other than the space (str.isspace), an invisible character."""
    from mtreview.glossary.rules import _INVISIBLE, _ODD_WHITESPACE

    by_characters = (
        "  " in value
        or any(c.isspace() and c != " " for c in value)
        or any(c in _INVISIBLE for c in value)
    )
    assert bool(_ODD_WHITESPACE.search(value)) == by_characters


@pytest.mark.parametrize("value", ["a\u00a0b", "a  b", "a\u200bb", "a\tb", "a\u3000b"])
def test_odd_inner_whitespace_is_reported(value: str) -> None:
    result = lint_text(f"terms:\n  - source: 词\n    target: {json.dumps(value)}\n", "g.yaml")
    assert [(f.rule, f.line) for f in result.findings] == [("stray-whitespace", 3)]
