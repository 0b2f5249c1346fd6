from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtreview.cli import main
from mtreview.errors import MtreviewError
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.scoring.checks import all_check_ids
from mtreview.scoring.config import check_config, find_config, parse_config

EXPECTED_IDS = {
    "number-mismatch",
    "untranslated",
    "untranslated-pinyin",
    "repeated-word",
    "empty-target",
    "target-equals-source",
    "unbalanced-quotes",
    "unbalanced-brackets",
    "double-space",
    "leading-trailing-whitespace",
    "term-forbidden",
    "term-missing",
}


def test_every_check_is_registered_with_a_severity() -> None:
    ids = all_check_ids()
    assert ids.keys() >= EXPECTED_IDS
    assert all(sev in ("minor", "major", "critical") and desc for sev, desc in ids.values())


def test_parse_config() -> None:
    config = parse_config(
        '[checks]\ndisabled = ["double-space"]\n\n'
        '[checks.severity]\nnumber-mismatch = "critical"\n',
        "mtreview.toml",
    )
    assert config.disabled == {"double-space"}
    assert config.severity == {"number-mismatch": "critical"}


def test_config_without_checks_table_is_empty() -> None:
    config = parse_config("[glossary]\nx = 1\n", "mtreview.toml")
    assert not config.disabled and not config.severity


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[checks]\ndisabled = [\n", 2, "not valid TOML"),
        ("[checks]\ndisabled = [1, 2]\n", 2, "list of check ids"),
        ('[checks]\ndisabled = ["double-spaces"]\n', 2, "unknown check 'double-spaces'"),
        ('[checks]\n\n[checks.severity]\nrepeated-word = "huge"\n', 4, "minor, major or critical"),
        ('[checks.severity]\nno-such-check = "minor"\n', 2, "unknown check 'no-such-check'"),
        ('[checks]\nenabled = ["x"]\n', 2, "unknown key 'enabled'"),
        ("checks = 3\n", 1, "must be a table"),
        ('[checks]\nseverity = "minor"\n', 2, "must be a table"),
    ],
)
def test_bad_config_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MtreviewError) as err:
        parse_config(text, "qa.toml")
    assert err.value.path == "qa.toml"
    assert err.value.line == line
    assert words in str(err.value)


def test_command_line_adds_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "qa.toml"
    path.write_text(
        '[checks]\ndisabled = ["double-space"]\n[checks.severity]\nnumber-mismatch = "minor"\n'
        'untranslated = "minor"\n',
        encoding="utf-8",
    )
    config = check_config(path, None, ["repeated-word"], {"untranslated": "critical"})
    assert config.disabled == {"double-space", "repeated-word"}
    assert config.severity == {"number-mismatch": "minor", "untranslated": "critical"}


def test_config_is_found_beside_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "a.tsv"
    assert find_config(corpus) is None
    (tmp_path / "mtreview.toml").write_text("[checks]\n", encoding="utf-8")
    assert find_config(corpus) == (tmp_path / "mtreview.toml").resolve()


def _copy_demo(tmp_path: Path) -> Path:
    corpus = tmp_path / "demo.tsv"
    corpus.write_bytes(demo_corpus().read_bytes())
    return corpus


def _checks(args: list[str]) -> dict[str, int]:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["summary"]["by_check"]


def test_cli_uses_config_beside_corpus_and_flags(tmp_path: Path) -> None:
    corpus = _copy_demo(tmp_path)
    args = [str(corpus), "-g", str(demo_glossary())]
    assert "repeated-word" in _checks(args)
    (tmp_path / "mtreview.toml").write_text(
        '[checks]\ndisabled = ["repeated-word"]\n', encoding="utf-8"
    )
    counts = _checks(args)
    assert "repeated-word" not in counts
    assert "number-mismatch" in counts
    assert "number-mismatch" not in _checks([*args, "--disable", "number-mismatch"])


def test_cli_severity_from_config(tmp_path: Path) -> None:
    corpus = _copy_demo(tmp_path)
    args = ["check", str(corpus), "-g", str(demo_glossary())]
    config = tmp_path / "qa.toml"
    config.write_text('[checks.severity]\nrepeated-word = "critical"\n', encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--config", str(config), "--format", "json"])
    assert result.exit_code == 1, result.output  # the demo has issues
    issues = json.loads(result.output)["issues"]
    severities = {i["severity"] for i in issues if i["check"] == "repeated-word"}
    assert severities == {"critical"}


def test_cli_bad_config_exits_2_with_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "qa.toml"
    config.write_text('[checks]\ndisabled = ["nope"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--demo", "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}:2: unknown check 'nope'" in result.output
    assert "Traceback" not in result.output


def test_cli_missing_config_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--demo", "--config", str(tmp_path / "no.toml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_checks_command_lists_every_check() -> None:
    result = CliRunner().invoke(main, ["checks"])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert listed == set(all_check_ids())


def test_checks_command_json() -> None:
    result = CliRunner().invoke(main, ["checks", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["check"]: r["severity"] for r in rows} == {
        k: v[0] for k, v in all_check_ids().items()
    }


@pytest.mark.parametrize(
    ("command", "example"),
    [(["checks", "--help"], "mtreview checks --format json"), (["check", "--help"], "--config")],
)
def test_help_has_an_example(command: list[str], example: str) -> None:
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0
    assert example in result.output
