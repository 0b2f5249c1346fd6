"""Round trips YAML -> TBX -> YAML and YAML -> CSV/TSV -> YAML lose nothing the formats carry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtreview.glossary.delimited import format_delimited, read_delimited
from mtreview.glossary.exchange import read_any, write_any
from mtreview.glossary.model import SEVERITIES, STATUSES, Glossary, Term
from mtreview.glossary.rules import norm, source_key
from mtreview.glossary.tbx import format_tbx, parse_tbx
from mtreview.glossary.yaml_io import dump_glossary, parse_glossary
from mtreview.paths import demo_glossary

# Text as glossaries hold it: CJK, quotes, markup-like text, tabs and line breaks inside.
_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff"
) | st.sampled_from(list("三区四带两山“”‘’\"'<>&;|\\ \t\n"))


def _clean(text: str) -> str:
    return text.strip()


text = st.text(_CHARS, min_size=1, max_size=30).map(_clean).filter(bool)
han = st.text(
    st.sampled_from(list("三区四带两山绿水青山碳票双生态国土空间规划")), min_size=1, max_size=8
)
source_text = st.one_of(han, han.map(lambda s: s + "“A&B”"), text)
# Values of x- fields: text for every format; typed values where the format can carry them.
ext_key = st.from_regex(r"x-[a-z][a-zA-Z]{0,8}", fullmatch=True)


@st.composite
def term_lists(draw: Any, typed_extras: bool) -> list[Term]:
    count = draw(st.integers(1, 6))
    terms: list[Term] = []
    sources: set[str] = set()
    ids: set[str] = set()
    for _ in range(count):
        source = draw(source_text)
        key = source_key(source)  # one source spelt two ways is one term
        if key in sources:
            continue
        sources.add(key)
        target = draw(text)
        seen = {norm(target)}
        variants = []
        for v in draw(st.lists(text, max_size=3)):
            if norm(v) not in seen:
                seen.add(norm(v))
                variants.append(v)
        forbidden = []
        for f in draw(st.lists(text, max_size=3)):
            if norm(f) not in seen:
                seen.add(norm(f))
                forbidden.append(f)
        term_id = draw(st.one_of(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True), text))
        if term_id in ids:
            continue
        ids.add(term_id)
        values = st.one_of(text, st.integers(), st.booleans(), st.lists(text, max_size=2))
        extra = draw(st.dictionaries(ext_key, values if typed_extras else text, max_size=3))
        terms.append(
            Term(
                id=term_id,
                source=source,
                target=target,
                variants=tuple(variants),
                forbidden=tuple(forbidden),
                note=draw(st.one_of(st.just(""), text)),
                severity=draw(st.sampled_from(SEVERITIES)),
                case_sensitive=draw(st.booleans()),
                status=draw(st.sampled_from(STATUSES)),
                extra=extra,
            )
        )
    return terms


LANGS = st.sampled_from([("zh", "en"), ("en", "zh"), ("zh", "fr"), ("de", "ja")])


glossary_fields = st.fixed_dictionaries(
    {},
    optional={"name": text, "description": text, "x-owner": text, "x-version": st.integers()},
)


def _glossary(
    terms: list[Term], langs: tuple[str, str], extra: dict[str, Any] | None = None
) -> Glossary:
    glossary = Glossary(tuple(terms), source_lang=langs[0], target_lang=langs[1], extra=extra or {})
    # What a glossary YAML can hold: the original must itself pass the loader unchanged.
    return parse_glossary(dump_glossary(glossary), "in.yaml")


def _same(a: Glossary, b: Glossary) -> None:
    assert (a.source_lang, a.target_lang) == (b.source_lang, b.target_lang)
    assert len(a.terms) == len(b.terms)
    for x, y in zip(a.terms, b.terms, strict=True):
        assert (x.id, x.source, x.target, x.variants, x.forbidden, x.note) == (
            y.id,
            y.source,
            y.target,
            y.variants,
            y.forbidden,
            y.note,
        )
        assert (x.severity, x.case_sensitive, x.status) == (y.severity, y.case_sensitive, y.status)
        assert x.extra == y.extra


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(term_lists(typed_extras=True), LANGS, st.sampled_from([2, 3]), glossary_fields)
def test_yaml_tbx_yaml(
    terms: list[Term], langs: tuple[str, str], version: int, fields: dict[str, Any]
) -> None:
    original = _glossary(terms, langs, fields)
    imported = parse_tbx(format_tbx(original, version), "x.tbx")
    assert imported.notices == ()
    back = parse_glossary(dump_glossary(imported.glossary), "back.yaml")
    _same(original, back)
    assert back.extra == original.extra  # name, description and x- fields of the glossary


@SETTINGS
@given(term_lists(typed_extras=False), LANGS, st.booleans())
def test_yaml_csv_yaml(terms: list[Term], langs: tuple[str, str], tsv: bool) -> None:
    original = _glossary(terms, langs)
    with_bom = "\ufeff" + format_delimited(original, tsv)
    path = Path(f"/tmp/mtreview-rt-{id(terms)}.{'tsv' if tsv else 'csv'}")
    try:
        path.write_text(with_bom, encoding="utf-8", newline="")
        imported = read_delimited(path)
    finally:
        path.unlink(missing_ok=True)
    assert imported.notices == ()
    back = parse_glossary(dump_glossary(imported.glossary), "back.yaml")
    _same(original, back)


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".tsv", ".yaml"])
def test_demo_glossary_survives_files_of_every_format(tmp_path: Path, suffix: str) -> None:
    original = read_any(demo_glossary()).glossary
    path = tmp_path / f"demo{suffix}"
    write_any(original, path)
    _same(original, read_any(path).glossary)


def test_tbx_v3_written_file_is_namespaced(tmp_path: Path) -> None:
    original = read_any(demo_glossary()).glossary
    data = format_tbx(original, 3).decode("utf-8")
    assert '<tbx xmlns="urn:iso:std:iso:30042:ed-2"' in data
    assert "<conceptEntry" in data and "<langSec" in data and "<termSec" in data
    assert "deprecatedTerm-admn-sts" in data and "admittedTerm-admn-sts" in data
