"""Pilot tests: the glossary screen and learning from a fix (asserting on the DB and the file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea
from tui_helpers import app_for, ready

from mtreview.glossary.yaml_io import load_glossary
from mtreview.paths import demo_corpus, demo_glossary
from mtreview.review import ReviewService, load_inputs
from mtreview.tui.screens.glossary import GlossaryScreen
from mtreview.tui.screens.term_form import ChoiceScreen, TermForm

SIZE = (120, 36)


@pytest.fixture
def own_demo(tmp_path: Path) -> Path:
    """A demo project whose glossary is a copy the test may change."""
    glossary = tmp_path / "glossary.yaml"
    shutil.copyfile(demo_glossary(), glossary)
    corpus, terms = load_inputs(demo_corpus(), glossary)
    path = tmp_path / "demo.mtreview"
    ReviewService.create(path, corpus, terms, "tester").close()
    return path


async def settle(pilot) -> None:
    """Wait for the glossary worker and the screens it pushes."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def kinds(path: Path) -> list[str]:
    service = ReviewService.open(path, "reader")
    try:
        return [a.kind for a in service.store.actions()]
    finally:
        service.close()


async def test_glossary_screen_lists_terms_with_occurrences(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(screen.service.glossary.terms) == 39
        row = [str(cell) for cell in table.get_row_at(0)]
        assert (row[0], row[1], row[6]) == ("三区三线", "three zones and three lines", "2")
        await pilot.press("slash", *"碳")
        await pilot.pause()
        assert 0 < len(screen.rows) < 39 and all(r.matches("碳") for r in screen.rows)
        assert table.row_count == len(screen.rows)
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, GlossaryScreen)


async def test_add_term_through_the_form(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        before = main.service.progress().open_issues
        await pilot.press("t", "a")
        assert isinstance(app.screen, TermForm)
        await pilot.press(*"生态")
        app.screen.query_one("#term-target", Input).value = "ecology"
        app.screen.query_one("#term-forbidden", Input).value = "ecological"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen)
        assert any(r.source == "生态" for r in app.screen.rows)
        assert main.service.progress().open_issues > before
    saved = load_glossary(own_demo.parent / "glossary.yaml").by_id()["ecology"]
    assert saved.forbidden == ("ecological",)
    assert kinds(own_demo)[-1] == "glossary-add"


async def test_form_refuses_a_conflicting_target(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t", "a")
        form = app.screen
        form.query_one("#term-source", Input).value = "三区三线"
        form.query_one("#term-target", Input).value = "three areas"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert any(f.rule == "conflicting-targets" for f in form.findings)
    assert "glossary-add" not in kinds(own_demo)


async def test_delete_term(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        first = app.screen.rows[0].id
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-delete")
        await settle(pilot)
    assert first not in load_glossary(own_demo.parent / "glossary.yaml").by_id()
    assert kinds(own_demo)[-1] == "glossary-delete"


async def test_changed_file_is_not_overwritten(own_demo: Path) -> None:
    glossary = own_demo.parent / "glossary.yaml"
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        # The term about to be deleted (the first) was itself changed on disk meanwhile.
        text = glossary.read_text(encoding="utf-8")
        changed = text.replace("agricultural, ecological and urban", "farm, nature and town")
        glossary.write_text(changed, encoding="utf-8")
        await pilot.press("d")
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert glossary.read_text(encoding="utf-8") == changed
        body = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "farm, nature and town" in body
        await pilot.click("#choice-reload")
        await settle(pilot)
    terms = load_glossary(glossary).by_id()
    assert terms["three-zones-three-lines"].note.startswith("farm, nature and town")
    assert kinds(own_demo)[-1] == "glossary-reload"


async def test_learn_from_an_edit_then_fix_everywhere_and_undo(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        service = main.service
        main.goto(service.pos_of["p022"])
        await pilot.pause()
        issue = next(i for i in main.state.issues if i.check == "term-missing" and i.found)
        a, b = issue.target_span
        term = service.glossary.by_id()[issue.term]
        fixed = main.state.target[:a] + term.target + main.state.target[b:]
        await pilot.press("e")
        app.screen.query_one(TextArea).text = fixed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-forbid")
        await settle(pilot)
        forbidden = load_glossary(own_demo.parent / "glossary.yaml").by_id()[term.id].forbidden
        assert issue.found in forbidden
        assert isinstance(app.screen, ChoiceScreen)
        others = [p for p in range(len(service)) if issue.found in service.target(p)]
        assert [service.ids[p] for p in others] == ["p067"]
        await pilot.click("#choice-apply")
        await pilot.pause()
        assert all(issue.found not in service.target(p) for p in others)
        assert term.target in service.target(others[0])
        await pilot.press("u")
        assert all(issue.found in service.target(p) for p in others)
        assert term.target in service.target(service.pos_of["p022"])
    assert kinds(own_demo)[-4:] == ["edit", "glossary-edit", "fix-all", "undo"]


async def test_my_change_is_made_on_top_of_the_file_changed_on_disk(own_demo: Path) -> None:
    glossary = own_demo.parent / "glossary.yaml"
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        first = app.screen.rows[0].id
        changed = glossary.read_text(encoding="utf-8").replace("two mountains", "two hills")
        glossary.write_text(changed, encoding="utf-8")
        await pilot.press("d")
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen)
        assert first not in {r.id for r in app.screen.rows}
    terms = load_glossary(glossary).by_id()
    assert first not in terms and terms["two-mountains"].target == "two hills"
    assert kinds(own_demo)[-1] == "glossary-delete"


async def test_add_term_from_the_review_screen(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, TermForm) and main.state.id in form.form_title
        await pilot.press(*"绿色转型")
        form.query_one("#term-target", Input).value = "green transformation"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is main
        assert "green-transformation" in main.service.glossary.by_id()
    assert load_glossary(own_demo.parent / "glossary.yaml").by_id()["green-transformation"]
    assert kinds(own_demo)[-1] == "glossary-add"


@pytest.mark.parametrize(
    ("selected", "values"),
    [
        ("", {}),
        ("三区 四带", {"source": "三区四带"}),
        ("  three zones\nand four belts ", {"target": "three zones and four belts"}),
        ("三区四带 three zones", {"source": "三区四带"}),
    ],
)
def test_prefill_from_the_selection(selected: str, values: dict) -> None:
    from mtreview.review import SegmentState
    from mtreview.tui.screens.term_form import prefill

    state = SegmentState(0, "s1", "建设三区四带。", "Build it.", "Build it.", "todo", (), (), ())
    assert prefill(state, selected) == values


async def test_palette_lists_the_glossary_bindings(own_demo: Path) -> None:
    from mtreview.tui.screens.glossary import GLOSSARY_BINDINGS, GlossaryCommands

    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        provider = GlossaryCommands(app.screen)
        titles = [hit.text for hit in [h async for h in provider.discover()]]
        assert titles == [b.description for b in GLOSSARY_BINDINGS]
        assert all(b.id and b.id.startswith("glossary.") for b in GLOSSARY_BINDINGS)


async def test_review_keys_open_the_glossary_and_the_term_form(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape", "a")
        assert isinstance(app.screen, TermForm)
        await pilot.press("escape")
        assert app.screen is main


def test_demo_edits_a_copy_of_the_glossary(tmp_path: Path, monkeypatch) -> None:
    from mtreview.commands import review

    monkeypatch.setattr(review, "user_data_dir", lambda: tmp_path)
    copy = review.demo_glossary_copy(fresh=True)
    assert copy.parent == tmp_path and copy.read_bytes() == demo_glossary().read_bytes()
    copy.write_text("changed", encoding="utf-8")
    assert review.demo_glossary_copy(fresh=False).read_text(encoding="utf-8") == "changed"
    assert review.demo_glossary_copy(fresh=True).read_bytes() == demo_glossary().read_bytes()


async def test_term_text_is_shown_as_data(own_demo: Path) -> None:
    from mtreview.review import GlossaryService

    service = ReviewService.open(own_demo, "setup")
    GlossaryService(service).add({"source": "标记", "target": "[bold]mark[/bold] \x1b[31m"})
    service.close()
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t", "end")
        screen = app.screen
        row = screen.query_one(DataTable).get_row_at(len(screen.rows) - 1)
        assert row[1].plain == "[bold]mark[/bold] ␛[31m"


async def test_show_a_terms_segments_in_the_review(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        await pilot.press("t", "down", "down", "s")
        await pilot.pause()
        assert app.screen is main
        assert main.filter.kind == "term" and main.filter.value == "three-zones-four-belts"
        shown = [main.service.ids[p] for p in main.segment_list.positions]
        assert len(shown) == 3 and main.state.id in shown


async def test_each_replaced_rendering_is_offered_in_turn(own_demo: Path) -> None:
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(pilot)
        assert main.state.id == "p004"
        target = main.state.target
        fixed = target.replace("Party's 20 National Guidelines", "20th CPC National Congress")
        fixed = fixed.replace("two reunification", "two unified responsibilities")
        await pilot.press("e")
        app.screen.query_one(TextArea).text = fixed
        await pilot.press("ctrl+s")
        await pilot.pause()
        questions = []
        for answer in ("no", "forbid"):
            assert isinstance(app.screen, ChoiceScreen)
            questions.append(app.screen.question.plain)
            await pilot.click(f"#choice-{answer}")
            await settle(pilot)
        assert "Party's 20 National Guidelines" in questions[0]
        assert "two reunification" in questions[1]
        assert app.screen is main
    terms = load_glossary(own_demo.parent / "glossary.yaml").by_id()
    assert terms["two-unifications"].forbidden == ("two reunification",)
    assert "Party's 20 National Guidelines" not in terms["twentieth-party-congress"].forbidden


async def test_unwritable_glossary_is_an_error_not_a_hang(own_demo: Path, monkeypatch) -> None:
    import mtreview.review.glossary

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(mtreview.review.glossary, "write_text_atomic", refuse)
    app = app_for(own_demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        screen = app.screen
        await pilot.press("d")
        await pilot.click("#choice-delete")
        await settle(pilot)
        assert app.screen is screen
        assert len(screen.rows) == 39
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "Permission denied" in errors[0], errors
    assert kinds(own_demo) == []
