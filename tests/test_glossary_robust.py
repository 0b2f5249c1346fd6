"""Properties: lint never crashes, and agrees with the loader on every input."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.errors import MtreviewError
from mtreview.glossary.delimited import read_delimited
from mtreview.glossary.lint import lint_text
from mtreview.glossary.tbx import parse_tbx
from mtreview.glossary.yaml_io import parse_glossary

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(["", " ", "两山", "两山 ", "two mountains", "Two Mountains", "minor", "huge"]),
    st.text(max_size=6),
)
keys = st.sampled_from(
    [
        "source",
        "target",
        "variants",
        "forbidden",
        "note",
        "id",
        "severity",
        "case_sensitive",
        "status",
        "x-own",
        "varients",
    ]
)
term = st.dictionaries(keys, st.one_of(scalar, st.lists(scalar, max_size=3)), max_size=7)
document = st.one_of(
    st.fixed_dictionaries(
        {"terms": st.lists(st.one_of(term, scalar), max_size=5)},
        optional={"source_lang": scalar, "target_lang": scalar, "language": scalar},
    ),
    scalar,
    st.lists(term, max_size=2),
)


def _loads(text: str) -> bool:
    try:
        parse_glossary(text, "g.yaml")
    except MtreviewError:
        return False
    return True


@SETTINGS
@given(document)
def test_loader_refuses_exactly_when_lint_finds_a_critical(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    result = lint_text(text, "g.yaml")
    assert _loads(text) == (not result.reaches("critical"))


@SETTINGS
@given(st.text(max_size=200))
def test_lint_never_raises_on_any_text(text: str) -> None:
    result = lint_text(text, "g.yaml")
    assert _loads(text) == (not result.reaches("critical"))


@SETTINGS
@given(st.binary(max_size=300))
def test_tbx_reader_fails_only_with_one_line_errors(data: bytes) -> None:
    try:
        parse_tbx(b"<martif><text><body>" + data + b"</body></text></martif>", "t.tbx")
    except MtreviewError as exc:
        assert str(exc).startswith("t.tbx") and "\n" not in str(exc)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from([".csv", ".tsv"]))
def test_table_reader_fails_only_with_one_line_errors(data: bytes, suffix: str) -> None:
    path = Path(f"/tmp/mtreview-robust-{id(data)}{suffix}")
    try:
        path.write_bytes(data)
        read_delimited(path)
    except MtreviewError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    finally:
        path.unlink(missing_ok=True)
