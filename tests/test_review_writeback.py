"""A review handed back: every real CAT sample, through a project, changes only what was reviewed.

For each sample in tests/data/formats a project is made, one segment is edited and another
confirmed, and the project is exported back into the sample's format. Every byte outside the
two reviewed units is the original's, the reviewed units did change (the edit, the tool's own
status, the reviewer's comment as a note), locked units are written unchanged, and
translate-toolkit reads the result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtreview.corpus.formats import read_corpus
from mtreview.corpus.model import Corpus, Segment
from mtreview.glossary.load import load_glossary
from mtreview.review import ReviewService
from mtreview.review.store_records import Entry

DATA = Path(__file__).parent / "data" / "formats"
REFUSED = {"okapi-invalid_xml_entity.xlf"}  # not well-formed: refused (test_formats_samples)
SAMPLES = sorted(
    p.relative_to(DATA).as_posix()
    for p in DATA.glob("*/*")
    if p.suffix in (".xlf", ".sdlxliff", ".tmx") and p.name not in REFUSED
)
UNIT = re.compile(r"<((?:[\w.-]+:)?(?:trans-unit|unit|tu))(?=[\s>])(?:[^>]*?/>|.*?</\1\s*>)", re.S)
COMMENT = "checked against the client glossary"
MARK = "(reviewed) "  # put first: a target may end inside a protected span


def _text(data: bytes) -> str:
    return data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode()


def _units(text: str) -> list[tuple[int, int, int, int]]:
    """(first line, last line, start, end) of every unit element."""
    return [
        (text.count("\n", 0, m.start()) + 1, text.count("\n", 0, m.end()) + 1, *m.span())
        for m in UNIT.finditer(text)
    ]


def _unit_of(units: list[tuple[int, int, int, int]], seg: Segment) -> int:
    (index,) = [n for n, (a, b, _, _) in enumerate(units) if a <= (seg.line or 0) <= b]
    return index


def _outside(text: str, units: list[tuple[int, int, int, int]], chosen: set[int]) -> list[str]:
    """The text between and around the ``chosen`` units (what the review may not touch)."""
    pieces, last = [], 0
    for n in sorted(chosen):
        pieces.append(text[last : units[n][2]])
        last = units[n][3]
    return [*pieces, text[last:]]


def _unit(text: str, units: list[tuple[int, int, int, int]], n: int) -> str:
    return text[units[n][2] : units[n][3]]


def _pick(corpus: Corpus) -> tuple[Segment, Segment]:
    """A segment to edit and one to confirm: unlocked, with a source, far apart."""
    free = [s for s in corpus.segments if not s.locked and s.source.strip()]
    assert free, "the sample has no segment to review"
    return free[0], free[-1]


def _review(tmp_path: Path, sample: Path, out: Path) -> tuple[Corpus, Segment, Segment]:
    corpus = read_corpus(sample)
    yaml = tmp_path / "g.yaml"
    yaml.write_text(
        f"source_lang: {corpus.source_lang}\ntarget_lang: {corpus.target_lang}\nterms: []\n",
        encoding="utf-8",
    )
    glossary = load_glossary(yaml)
    edited, confirmed = _pick(corpus)
    service = ReviewService.create(tmp_path / "p.mtreview", corpus, glossary, "ana")
    try:
        state = service.edit(service.pos_of[edited.id], MARK + edited.target)
        assert state.target == MARK + edited.target
        service.confirm(service.pos_of[confirmed.id])
        # a reviewer's comment (what a comment action logs) becomes a note of the unit
        service.store.apply([], Entry("ana", "s", "comment", confirmed.id, after=COMMENT))
        service.export(out)
    finally:
        service.close()
    return corpus, edited, confirmed


@pytest.mark.parametrize("name", SAMPLES)
def test_a_review_changes_only_the_reviewed_units(name: str, tmp_path: Path) -> None:
    sample = DATA / name
    out = tmp_path / sample.name
    corpus, edited, confirmed = _review(tmp_path, sample, out)
    before, after = _text(sample.read_bytes()), _text(out.read_bytes())
    old_units, new_units = _units(before), _units(after)
    assert len(old_units) == len(new_units) > 0
    chosen = {_unit_of(old_units, edited), _unit_of(old_units, confirmed)}
    assert _outside(after, new_units, chosen) == _outside(before, old_units, chosen)
    changed = {
        n
        for n in range(len(old_units))
        if _unit(before, old_units, n) != _unit(after, new_units, n)
    }
    # the edited unit changed; the confirmed one took the comment as a note (and the tool's
    # status where the format has one and all of the unit's segments are confirmed)
    assert changed == chosen
    assert COMMENT in _unit(after, new_units, _unit_of(old_units, confirmed))
    again = read_corpus(out).by_id()
    assert again[edited.id].target == MARK + edited.target
    for seg in corpus.segments:
        if seg.id != edited.id:
            assert again[seg.id].target == seg.target, seg.id


@pytest.mark.parametrize("name", SAMPLES)
def test_translate_toolkit_reads_the_reviewed_file(name: str, tmp_path: Path) -> None:
    factory = pytest.importorskip("translate.storage.factory")
    sample = DATA / name
    out = tmp_path / (sample.stem + (".xlf" if sample.suffix == ".sdlxliff" else sample.suffix))
    _review(tmp_path, sample, out)
    if name.startswith("xliff2/"):
        from translate.storage.xliff2 import Xliff2File

        def units(path: Path) -> list:
            return list(Xliff2File.parsestring(path.read_bytes()).units)
    else:

        def units(path: Path) -> list:
            return list(factory.getobject(str(path)).units)

    ours = [str(u.target or "") for u in units(out)]
    theirs = [str(u.target or "") for u in units(sample)]
    assert len(ours) == len(theirs)
    changed = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    assert len(changed) == 1
    assert MARK.strip() in changed[0][1]
