from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.corpus.model import Segment
from mtreview.errors import MtreviewError
from mtreview.glossary.model import Glossary
from mtreview.scoring.checks import custom
from mtreview.scoring.config import parse_config
from mtreview.scoring.engine import Checker

CHECKLIST = r"""[checks]
disabled = ["double-space"]

[checks.severity]
"custom:etc" = "critical"

[[checks.custom]]
name = "etc"
target = '\betc\b(?!\.)'
message = "write 'etc.' with a period"
fix = "etc."

[[checks.custom]]
name = "percent"
source = '百分之|%'
target_lacks = '%|per ?cent'
message = "a percentage is lost"
severity = "minor"

[[checks.custom]]
name = "unit-space"
target = '(\d)(km|kg)\b'
fix = '\1 \2'
message = "a space between number and unit"

[[checks.custom]]
name = "no-xi"
source_lacks = '习近平'
target = 'xi jinping'
ignore_case = true
message = "Xi Jinping without 习近平 in the source"
"""


def run(source: str, target: str, text: str = CHECKLIST) -> list[tuple[str, str, str | None, str]]:
    config = parse_config(text, "mtreview.toml")
    result = Checker(Glossary((), "zh", "en"), config).check_corpus([Segment("s", source, target)])
    return [
        (i.check, i.found or "", i.fix.apply(target) if i.fix else None, i.severity)
        for i in result.issues
        if i.check.startswith("custom:")
    ]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            "等等",
            "apples, pears etc and plums",
            [("custom:etc", "etc", "apples, pears etc. and plums", "critical")],
        ),
        ("等等", "apples, pears etc. and plums", []),
        ("增长百分之五十", "up by half", [("custom:percent", "", None, "minor")]),
        ("增长百分之五十", "up 50 percent", []),
        ("增长百分之五十", "up 50 per cent", []),
        ("增长一半", "up by half", []),
        ("跑了5km", "ran 5km", [("custom:unit-space", "5km", "ran 5 km", "major")]),
        ("跑了5km", "ran 5 km", []),
        ("主席说", "President XI JINPING said", [("custom:no-xi", "XI JINPING", None, "major")]),
        ("习近平主席说", "President Xi Jinping said", []),
        ("等等", "", []),  # an empty target is empty-target's business
    ],
)
def test_custom_checks(
    source: str, target: str, expected: list[tuple[str, str, str | None, str]]
) -> None:
    assert run(source, target) == expected


def test_every_target_match_is_one_issue() -> None:
    assert [f for _, f, _, _ in run("等等", "etc, etc and etc.")] == ["etc", "etc"]


def test_custom_check_can_be_disabled() -> None:
    text = CHECKLIST.replace('disabled = ["double-space"]', 'disabled = ["custom:etc"]')
    assert run("等等", "pears etc and plums", text) == []


def table(body: str) -> str:
    return f"[checks]\n\n[[checks.custom]]\n{body}\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (table("message = 'x'\ntarget = 'a'"), 3, "needs a name"),
        (table("name = 'a b'\nmessage = 'x'\ntarget = 'a'"), 4, "needs a name of letters"),
        (table("name = 'a'\ntarget = 'a'"), 3, "'a' needs a message"),
        (table("name = 'a'\nmessage = 'x'"), 3, "needs a pattern"),
        (
            table("name = 'a'\nmessage = 'x'\ntarget = '(a'"),
            6,
            "target is not a valid pattern: missing )",
        ),
        (table("name = 'a'\nmessage = 'x'\n\nsource = 'a['"), 7, "source is not a valid pattern"),
        (
            table("name = 'a'\nmessage = 'x'\ntarget = 'a*'"),
            6,
            "matches an empty text, so it would flag",
        ),
        (table("name = 'a'\nmessage = 'x'\ntarget_lacks = '|b'"), 6, "so it can never be lacking"),
        (
            table("name = 'a'\nmessage = 'x'\ntarget = 'a'\nseverity = 'huge'"),
            7,
            "minor, major or critical",
        ),
        (table("name = 'a'\nmessage = 'x'\ntarget = 'a'\nwhen = 'b'"), 7, "unknown key 'when'"),
        (
            table("name = 'a'\nmessage = 'x'\nsource = 'a'\nfix = 'b'"),
            7,
            "fix needs a target pattern",
        ),
        (table("name = 'a'\nmessage = 'x'\ntarget = '(a)'\nfix = '\\\\2'"), 7, "group '2'"),
        (table("name = 'a'\nmessage = 'x'\ntarget = 'a'\nignore_case = 'yes'"), 7, "true or false"),
        (table("name = 'a'\nmessage = 3\ntarget = 'a'"), 5, "message must be a string"),
        (
            table("name = 'a'\nmessage = 'x'\ntarget = 'a'")
            + "\n[[checks.custom]]\nname = 'a'\nmessage = 'y'\ntarget = 'b'\n",
            9,
            "'a' is defined twice (first on line 3)",
        ),
        ("[checks]\ncustom = 'x'\n", 2, "must be [[checks.custom]] tables"),
        ('[checks]\ndisabled = ["custom:nope"]\n', 2, "unknown check 'custom:nope'"),
    ],
)
def test_config_errors_name_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MtreviewError) as err:
        parse_config(text, "qa.toml")
    assert str(err.value).startswith(f"qa.toml:{line}: ")
    assert words in str(err.value)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.tsv").write_text(
        "id\tsource\ttarget\np1\t等等\tpears etc and plums\np2\t增长百分之五十\tup by half\n",
        encoding="utf-8",
    )
    (tmp_path / "g.yaml").write_text("terms: []\n", encoding="utf-8")
    (tmp_path / "mtreview.toml").write_text(CHECKLIST, encoding="utf-8")
    return tmp_path


def test_checks_command_lists_custom_checks(project: Path) -> None:
    result = CliRunner().invoke(main, ["checks", "--config", str(project / "mtreview.toml")])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["custom:percent", "minor", "a", "percentage", "is", "lost"] in lines
    assert any(line[:2] == ["custom:etc", "major"] for line in lines)
    plain = CliRunner().invoke(main, ["checks"])
    assert plain.exit_code == 0, plain.output
    assert "custom:" not in plain.output and "inconsistent-target" in plain.output
    doc = json.loads(
        CliRunner()
        .invoke(main, ["checks", "--config", str(project / "mtreview.toml"), "--format", "json"])
        .output
    )
    assert {
        "check": "custom:no-xi",
        "severity": "major",
        "family": "custom",
        "description": "Xi Jinping without 习近平 in the source",
    } in doc


def test_checks_command_with_a_bad_config_exits_2(project: Path) -> None:
    bad = project / "bad.toml"
    bad.write_text(table("name = 'x'\nmessage = 'm'\ntarget = '(('"), encoding="utf-8")
    result = CliRunner().invoke(main, ["checks", "--config", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:6: custom check 'x': target is not a valid pattern" in result.output


def test_check_command_runs_custom_checks_from_beside_the_corpus(project: Path) -> None:
    args = ["check", str(project / "a.tsv"), "-g", str(project / "g.yaml"), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # custom:etc is critical here
    doc = json.loads(result.output)
    found = [
        (i["segment"], i["check"], i["fix"])
        for i in doc["issues"]
        if i["check"].startswith("custom:")
    ]
    assert found == [
        ("p1", "custom:etc", {"target_span": [6, 9], "replacement": "etc."}),
        ("p2", "custom:percent", None),
    ]


def test_catastrophic_pattern_stops_with_file_line_and_segment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custom, "TIMEOUT", 0.05)
    (project / "a.tsv").write_text(
        "id\tsource\ttarget\np1\t源\t" + "a" * 60 + "b\n", encoding="utf-8"
    )
    (project / "mtreview.toml").write_text(
        table("name = 'slow'\nmessage = 'm'\ntarget = '(a|aa)+$'"), encoding="utf-8"
    )
    args = ["check", str(project / "a.tsv"), "-g", str(project / "g.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    toml = project / "mtreview.toml"
    assert (
        f"{toml}:3: custom check 'slow': the target pattern gave up after 0.05 s on segment p1"
        in result.output
    )


@pytest.mark.parametrize("page", ["docs/checks.md", "README.md"])
def test_documented_config_is_valid(page: str) -> None:
    """The TOML blocks of a page, read together as one mtreview.toml, load."""
    text = (Path(__file__).parent.parent / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    checks = [b for b in blocks if "[checks" in b]
    assert checks
    config = parse_config("\n".join(checks), page)
    assert config.custom and all(f.name == "custom" for f in config.custom)
