"""Service tests for glossary maintenance in a review: actions logged, undo, disk conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_helpers import query_in_new_process, small_project

from mtreview.errors import MtreviewError
from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService, load_inputs
from mtreview.review.glossary import GlossaryConflict, GlossaryService
from mtreview.review.learn import word_changes

GLOSSARY = """\
source_lang: zh
target_lang: en
x-owner: terms team
terms:
  - id: carbon-ticket
    source: 碳票
    target: carbon ticket
    x-origin: forestry bureau
  - source: 两山
    target: two mountains
"""
SEGMENTS = [
    ("s1", "碳票是新事物。", "The carbon stamp is new."),
    ("s2", "推进碳票改革。", "Push carbon stamp reform and more carbon stamp sales."),
    ("s3", "两山理论。", "The two mountains theory."),
    ("s4", "没有术语。", "Carbon stamp collectors."),
]


@pytest.fixture
def service(tmp_path: Path):
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    svc = ReviewService.open(path, "ana")
    yield svc
    svc.close()


def logged(svc: ReviewService) -> list[list[object]]:
    sql = "SELECT kind, fingerprint, before, after FROM actions ORDER BY id"
    return query_in_new_process(svc.path, sql)


def test_rows_count_occurrences_and_filter(service: ReviewService) -> None:
    gs = GlossaryService(service)
    rows = {r.id: r for r in gs.rows()}
    assert (rows["carbon-ticket"].occurrences, rows["two-mountains"].occurrences) == (2, 1)
    assert [r.id for r in gs.rows("MOUNTAIN")] == ["two-mountains"]


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        (lambda gs: gs.add({"source": "理论", "target": "theory"}), "glossary-add"),
        (
            lambda gs: gs.update("two-mountains", {"source": "两山", "target": "two hills"}),
            "glossary-edit",
        ),
        (lambda gs: gs.delete("two-mountains"), "glossary-delete"),
        (lambda gs: gs.add_forbidden("carbon-ticket", "carbon stamp"), "glossary-edit"),
    ],
)
def test_every_change_is_saved_logged_and_rechecked(service: ReviewService, action, kind) -> None:
    gs = GlossaryService(service)
    change = action(gs)
    rows = logged(service)
    assert rows[-1][0] == kind == change.kind
    on_disk = load_glossary(service.glossary.path)
    assert on_disk.terms == service.glossary.terms
    meta = dict(query_in_new_process(service.path, "SELECT key, value FROM meta"))
    assert meta["glossary_hash"] == service.store.meta()["glossary_hash"]
    assert gs.difference() is None
    # Reopening needs no re-check: the stored hash is the file's.
    assert ReviewService.open(service.path, "bo").progress() == service.progress()


def test_before_and_after_are_the_terms_json(service: ReviewService) -> None:
    GlossaryService(service).add_forbidden("carbon-ticket", "carbon stamp")
    _kind, term, before, after = logged(service)[-1]
    assert term == "carbon-ticket"
    assert json.loads(before)["x-origin"] == "forestry bureau"
    assert json.loads(after)["forbidden"] == ["carbon stamp"]


def test_forbidding_flags_the_other_occurrences(service: ReviewService) -> None:
    before = service.progress().open_issues
    change = GlossaryService(service).add_forbidden("carbon-ticket", "carbon stamp")
    assert change.progress.open_issues > before
    checks = {k[1] for p in range(len(service)) for k in service.issue_keys[p]}
    assert "term-forbidden" in checks


def test_saving_keeps_extension_keys_and_order(service: ReviewService) -> None:
    GlossaryService(service).add({"source": "理论", "target": "theory"})
    text = Path(service.glossary.path or "").read_text(encoding="utf-8")
    assert "x-owner: terms team" in text and "x-origin: forestry bureau" in text
    assert text.index("carbon-ticket") < text.index("two-mountains") < text.index("theory")


def test_add_derives_a_free_id(service: ReviewService) -> None:
    gs = GlossaryService(service)
    gs.add({"source": "新碳票", "target": "carbon ticket"})
    assert "carbon-ticket-2" in service.glossary.by_id()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"source": "碳票", "target": "carbon coupon"}, "two targets"),
        ({"source": "", "target": "x"}, "source"),
        ({"source": "理论", "target": "theory", "forbidden": ["theory"]}, "also the target"),
        ({"source": "理论", "target": "theory", "severity": "huge"}, "severity"),
    ],
)
def test_invalid_terms_are_refused_and_nothing_changes(
    service: ReviewService, raw: dict, message: str
) -> None:
    path = Path(service.glossary.path or "")
    text = path.read_bytes()
    with pytest.raises(MtreviewError, match=message):
        GlossaryService(service).add(raw)
    assert path.read_bytes() == text
    assert logged(service) == []


def test_a_change_on_disk_is_kept_and_merged(service: ReviewService) -> None:
    path = Path(service.glossary.path or "")
    changed = path.read_text(encoding="utf-8").replace("two mountains", "two hills")
    path.write_text(changed, encoding="utf-8")
    GlossaryService(service).delete("carbon-ticket")  # made on top of the file's version
    assert [t.target for t in load_glossary(path).terms] == ["two hills"]
    assert [t.target for t in service.glossary.terms] == ["two hills"]
    assert [r[0] for r in logged(service)] == ["glossary-delete"]


def test_a_term_changed_on_disk_too_is_never_overwritten(service: ReviewService) -> None:
    path = Path(service.glossary.path or "")
    changed = path.read_text(encoding="utf-8").replace("two mountains", "two hills")
    path.write_text(changed, encoding="utf-8")
    gs = GlossaryService(service)
    with pytest.raises(GlossaryConflict) as caught:
        gs.update("two-mountains", {"source": "两山", "target": "twin mountains"})
    assert path.read_text(encoding="utf-8") == changed
    assert logged(service) == []
    assert any("two hills" in line for line in caught.value.difference.lines)
    gs.reload()
    assert service.glossary.terms[1].target == "two hills"
    gs.update("two-hills", {"source": "两山", "target": "twin mountains"})
    assert [t.target for t in load_glossary(path).terms] == ["carbon ticket", "twin mountains"]
    assert [r[0] for r in logged(service)] == ["glossary-reload", "glossary-edit"]


def test_unreadable_file_on_disk_is_reported(service: ReviewService) -> None:
    Path(service.glossary.path or "").write_text("terms: [", encoding="utf-8")
    difference = GlossaryService(service).difference()
    assert difference is not None and difference.error


def test_fix_all_is_one_action_and_undo_restores_every_segment(service: ReviewService) -> None:
    before = [service.target(p) for p in range(len(service))]
    preview = service.preview_fix_all("carbon-ticket", "carbon stamp", "carbon ticket")
    assert [c.id for c in preview.changes] == ["s1", "s2"]  # s4's source lacks 碳票
    assert preview.changes[0].after == "The carbon ticket is new."
    # s2's source holds 碳票 once: its second "carbon stamp" renders no term and stays.
    assert preview.changes[1].after == "Push carbon ticket reform and more carbon stamp sales."
    service.fix_all(preview)
    assert [r[0] for r in logged(service)] == ["fix-all"]
    assert service.target(3) == before[3]
    service.undo()
    assert [service.target(p) for p in range(len(service))] == before
    assert [r[0] for r in logged(service)] == ["fix-all", "undo"]
    service.redo()
    assert service.target(0) == "The carbon ticket is new."
    reopened = ReviewService.open(service.path, "ana")
    reopened.undo()
    assert [reopened.target(p) for p in range(len(reopened))] == before


def test_fix_all_keeps_a_capital_at_the_start_of_a_sentence(tmp_path: Path) -> None:
    segments = [("c1", "碳票是新事物。", "Carbon stamp is new. So is the carbon stamp.")]
    service = ReviewService.open(small_project(tmp_path / "c.mtreview", segments, GLOSSARY), "ana")
    preview = service.preview_fix_all("carbon-ticket", "carbon stamp", "carbon ticket")
    assert [c.after for c in preview.changes] == ["Carbon ticket is new. So is the carbon stamp."]
    service.close()


def test_fix_all_refuses_a_stale_preview(service: ReviewService) -> None:
    preview = service.preview_fix_all("carbon-ticket", "carbon stamp", "carbon ticket")
    service.edit(0, "Changed meanwhile.")
    with pytest.raises(MtreviewError, match="changed since the preview"):
        service.fix_all(preview)
    assert service.target(1) == SEGMENTS[1][2]


def test_glossary_changes_stay_out_of_undo(service: ReviewService) -> None:
    service.confirm(0)
    GlossaryService(service).add({"source": "理论", "target": "theory"})
    service.undo()
    assert service.status[0] == "todo"
    assert "theory" in service.glossary.by_id()


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        ("abc def", "abc xyz", [("def", "xyz")]),
        ("a b c", "a x b c", [("", "x")]),
        ("same text", "same text", []),
        ("one two three", "one three", [("two", "")]),
        ("x y; z", "x q; z w", [("y", "q"), ("", "w")]),
    ],
)
def test_word_changes(before: str, after: str, changed: list[tuple[str, str]]) -> None:
    found = word_changes(before, after)
    assert [(before[c.a : c.b], after[c.c : c.d]) for c in found] == changed


@pytest.mark.parametrize(
    ("edited", "learnt"),
    [
        ("The carbon ticket is new.", [("carbon-ticket", "carbon stamp", "carbon ticket")]),
        ("The carbon tickets is new.", [("carbon-ticket", "carbon stamp", "carbon tickets")]),
        ("A carbon ticket is new.", [("carbon-ticket", "carbon stamp", "carbon ticket")]),
        ("The carbon stamp is brand new.", []),
        ("The stamp.", []),
        (
            "A carbon ticket is new",
            [("carbon-ticket", "carbon stamp", "carbon ticket")],
        ),
        ("The carbon stamp is new.", []),
    ],
)
def test_learnable_names_the_replaced_rendering(
    service: ReviewService, edited: str, learnt: list[tuple[str, str, str]]
) -> None:
    found = service.learnable(service.state(0), edited)
    assert [(x.term, x.wrong, x.right) for x in found] == learnt


def test_bundled_demo_glossary_is_never_written(tmp_path: Path) -> None:
    corpus, glossary = load_inputs(demo_corpus(), demo_glossary())
    svc = ReviewService.create(tmp_path / "d.mtreview", corpus, glossary, "t")
    text = demo_glossary().read_bytes()
    with pytest.raises(MtreviewError, match="read-only"):
        GlossaryService(svc).add({"source": "理论", "target": "theory"})
    assert demo_glossary().read_bytes() == text
    svc.close()


def test_glossary_services_never_import_the_tui() -> None:
    import subprocess
    import sys

    code = (
        "import sys, mtreview.review.glossary, mtreview.review.learn;"
        "assert not any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_saving_keeps_the_leading_comments(tmp_path: Path) -> None:
    header = "# Terms for the forestry report.\n# Owner: terms team\n\n"
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, header + GLOSSARY)
    svc = ReviewService.open(path, "ana")
    GlossaryService(svc).add({"source": "理论", "target": "theory"})
    text = Path(svc.glossary.path or "").read_text(encoding="utf-8")
    assert text.startswith(header + "source_lang: zh\n")
    svc.close()


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("# a\n# b\nterms: []\n", "# a\n# b\n"),
        ("terms: [] # not a header\n", ""),
        ("\n# a\n\nterms: []\n# tail\n", "\n# a\n\n"),
        ("", ""),
    ],
)
def test_header_comments(text: str, header: str) -> None:
    from mtreview.glossary.yaml_io import header_comments

    assert header_comments(text) == header
