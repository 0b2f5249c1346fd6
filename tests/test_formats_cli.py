"""``mtreview check`` reads every registered format and warns on a language mismatch."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mtreview.cli import main
from mtreview.paths import demo_glossary

DATA = Path(__file__).parent / "data" / "formats"

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="zh-CN" target-language="en-US" original="a" datatype="plaintext">
  <body>
   <trans-unit id="p1">
    <source>推进<g id="1">双碳</g>目标<x id="2"/></source>
    <target state="needs-review-translation">advance the <g id="1">double carbon</g> goal</target>
   </trans-unit>
  </body>
 </file>
</xliff>
"""


def test_check_tmx_warns_about_languages_and_runs() -> None:
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(DATA / "tmx/tico19-en-zh.tmx"),
            "-g",
            str(demo_glossary()),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["segments"] == 3071
    assert "warning: " in result.stderr
    assert "source language is 'en' but the glossary's is 'zh'" in result.stderr


def test_check_xliff_finds_terms_and_tag_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "article.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(path), "-g", str(demo_glossary()), "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""  # zh-CN / en-US match the glossary's zh / en
    checks = {i["check"] for i in json.loads(result.stdout)["issues"]}
    assert "tag-mismatch" in checks
    assert "term-forbidden" in checks or "term-missing" in checks


def test_check_refuses_malformed_xliff_in_one_line() -> None:
    path = DATA / "xliff12/okapi-invalid_xml_entity.xlf"
    result = CliRunner().invoke(main, ["check", str(path), "-g", str(demo_glossary())])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"mtreview: error: {path}:8: not well-formed XML: character U+0003 is not allowed in XML 1.0\n"
    )
