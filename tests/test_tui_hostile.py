"""Hostile file text (markup, click actions, control codes) reaches every widget as literal data.

Each test drives the real flow, reads what the terminal would show, and clicks the text that would
run ``app.screenshot`` if it were rendered as markup: no file may appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import TextArea
from tui_helpers import find_text, ready, screen_lines

from mtreview.review import ReviewService
from mtreview.tui.app import ReviewApp
from mtreview.tui.screens.glossary import GlossaryScreen
from mtreview.tui.screens.modals import EditScreen, FilterScreen
from mtreview.tui.screens.term_form import ChoiceScreen

SIZE = (120, 36)
# Rendered as markup, clicking CLICKME would write shot.svg into the working directory.
CLICK = "[@click=app.screenshot('shot.svg','.')]CLICKME[/]"
ESC = "\x1b[31m"
GLOSSARY = f"""\
source_lang: zh
target_lang: en
terms:
  - source: 碳票
    target: carbon ticket
    note: "{CLICK} [b]note[/b]"
  - source: 三区四带
    target: "three zones [i]and[/i] four belts"
    forbidden: ["[b]three zones[/b]"]
"""
SEGMENTS = [
    ("[b]s1[/b]", "推行碳票制度。", f"Introduce the {CLICK} system {ESC}now."),
    ("s2", "碳票交易。", f"Trade in {CLICK} here."),
    ("s3", "建设三区四带。", "Build [b]three zones[/b] now."),
    ("s4", "无", f"a\tb\nc {ESC}"),
]
NAME = f"[b]p{ESC}x"  # no slash: a file name


@pytest.fixture
def shots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory, where a fired screenshot action would write shot.svg."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "shot.svg"


@pytest.fixture
def project(shots: Path) -> Path:
    """A project and glossary whose file names, ids, texts and terms are all hostile."""
    from review_helpers import small_project

    return small_project(Path(f"{NAME}.mtreview"), SEGMENTS, GLOSSARY)


def hostile_app(path: Path) -> ReviewApp:
    return ReviewApp(lambda progress: ReviewService.open(path, "tester", progress), path.name)


def shown(app: ReviewApp) -> str:
    text = "\n".join(screen_lines(app))
    assert "\x1b" not in text and "\x07" not in text
    return text


async def showing(pilot, *needles: str) -> str:  # type: ignore[no-untyped-def]
    """The screen once it shows every needle (a line may wrap), never a raw control character."""
    for _ in range(200):
        text = shown(pilot.app)
        if all(n in text or n in text.replace("\n", "") for n in needles):
            return text
        await pilot.pause(0.01)
    raise AssertionError(f"{needles} not shown:\n{text}")


async def click_text(pilot, needle: str = "CLICKME") -> None:  # type: ignore[no-untyped-def]
    where = find_text(pilot.app, needle)
    assert where is not None, shown(pilot.app)
    await pilot.click(offset=where)
    await pilot.pause()


async def open_editor(pilot, pos: int) -> TextArea:  # type: ignore[no-untyped-def]
    """Go to segment ``pos`` and open the edit box on it."""
    pilot.app.screen.goto(pos)
    await pilot.pause()
    await pilot.press("e")
    assert isinstance(pilot.app.screen, EditScreen)
    return pilot.app.screen.query_one(TextArea)


async def save_edit(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_palette_jump_shows_segment_text_literally(project: Path, shots: Path) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("g", "s", "2")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await showing(pilot, f"Trade in {CLICK}")
        await click_text(pilot)
        await pilot.pause()
        assert screen.state is not None and screen.state.id == "s2"  # the click chose s2
    assert not shots.exists()


async def test_title_list_and_segment_show_file_text_literally(project: Path, shots: Path) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = await showing(pilot, "[b]note[/b]")
        assert "[b]p␛[31mx.mtreview" in screen_lines(app)[0]
        assert "▸[b]s1[/b]  4  Introduce the [@click=" in text
        assert f"Introduce the {CLICK} system" in text and "␛[31mnow." in text
        assert "[b]note[/b]" in text
        await click_text(pilot)
    assert not shots.exists()


async def test_edit_box_shows_the_text_exactly_and_unchanged_saves_nothing(
    project: Path, shots: Path
) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        editor = await open_editor(pilot, 3)
        assert editor.text == "a\tb\nc ␛[31m"  # tab and line break kept, ESC made visible
        await showing(pilot, "a")
        await save_edit(pilot, editor.text)
        assert screen.state.target == f"a\tb\nc {ESC}"
        assert screen.service.store.actions() == []
        await open_editor(pilot, 3)
        await save_edit(pilot, "a\tb\nc ␛[31m d")
        assert screen.state.target == f"a\tb\nc {ESC} d"  # the control character kept
        assert [a.kind for a in screen.service.store.actions()] == ["edit"]
    assert not shots.exists()


async def test_learning_dialogs_show_the_replaced_text_literally(
    project: Path, shots: Path
) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_editor(pilot, 0)
        await save_edit(pilot, f"Introduce the carbon ticket system {ESC}now.")
        assert isinstance(app.screen, ChoiceScreen)
        await showing(pilot, f"You replaced {CLICK!r} by 'carbon ticket'")
        await click_text(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-forbid")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # the fix-all preview of s2
        await showing(pilot, f"- Trade in {CLICK} here.")
        await click_text(pilot)
        await pilot.press("escape")
    assert not shots.exists()


async def test_glossary_screen_and_its_dialogs_show_term_text_literally(
    project: Path, shots: Path
) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, GlossaryScreen)
        await showing(
            pilot,
            "glossary [b]p␛[31mx.yaml",
            "three zones [i]and[/i] fo…",
            "[b]three zones[/b]",
            f"note: {CLICK} [b]note[/b]",
        )
        await click_text(pilot)
        await pilot.press("down", "d")
        assert isinstance(app.screen, ChoiceScreen)
        await showing(pilot, "Delete the term 三区四带 → three zones [i]and[/i] four belts?")
        await pilot.press("escape", "e")
        await showing(pilot, "three zones [i]and[/i] four belts")
        await pilot.press("escape")
    assert not shots.exists()


async def test_filter_menu_shows_term_text_literally(project: Path, shots: Path) -> None:
    app = hostile_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l")
        assert isinstance(app.screen, FilterScreen)
        await showing(pilot, "Term 三区四带 → three zones [i]and[/i] four belts (1)")


async def test_notifications_show_paths_literally(project: Path, shots: Path) -> None:
    bad = Path(f"[b]no[/b]{ESC}") / "x.txt"
    good = Path("[b]ok[i].txt")
    app = hostile_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("w")  # the default: the project's own (hostile) name, shown as text
        await showing(pilot, "[b]p␛[31mx.corrected.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert Path(f"{NAME}.corrected.txt").is_file()  # exported under the real name
        for target in (bad, good):
            await pilot.press("w")
            app.screen.query_one("#prompt-input").value = str(target)
            await pilot.press("enter")
            await settle(pilot)
        await showing(
            pilot,
            "[b]no[/b]␛[31m",
            "cannot write: no such directory",
            f"Wrote 4 segments to {good}",
        )
    assert good.exists() and not shots.exists()
