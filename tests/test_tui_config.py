"""Your keys, your paths: keys by binding id from config.toml, the export path, resuming."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from review_helpers import query_in_new_process
from tui_helpers import app_for, help_lines, ready

from mtreview.cli import main
from mtreview.errors import MtreviewError
from mtreview.tui.screens.modals import PromptScreen
from mtreview.tui.screens.review_keys import load_keymap

SIZE = (120, 36)


@pytest.fixture
def config(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("MTREVIEW_CONFIG", str(path))
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ('reviewer = "ana"\n', {}),
        ('[keys]\n"review.confirm" = "space"\n', {"review.confirm": "space"}),
        ("[keys.review]\nconfirm = 'space, ctrl+y'\n", {"review.confirm": "space,ctrl+y"}),
        # swapping two keys is not a clash
        (
            '[keys]\n"review.undo" = "r"\n"review.redo" = "u"\n',
            {"review.undo": "r", "review.redo": "u"},
        ),
    ],
)
def test_keymap_from_config(config: Path, text: str, expected: dict[str, str]) -> None:
    config.write_text(text, encoding="utf-8")
    assert load_keymap() == expected


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[keys]\n"review.confrim" = "x"\n', 2, "no key binding 'review.confrim'"),
        ('reviewer = "a"\n[keys]\n\n"review.confirm" = 3\n', 4, "review.confirm: give keys"),
        ('[keys]\n"review.confirm" = "n"\n', 2, "'n' is bound to both"),
        ('[keys]\n"review.confirm" = "a b"\n', 2, "give keys"),
        ("[keys]\nreview.confirm = \n", 2, "bad config file: Invalid value"),
        ('keys = "x"\n', 1, "'keys' must be a table"),
    ],
)
def test_a_bad_config_is_one_line_naming_file_and_line(
    config: Path, text: str, line: int, words: str
) -> None:
    config.write_text(text, encoding="utf-8")
    with pytest.raises(MtreviewError) as caught:
        load_keymap()
    message = str(caught.value)
    assert message.startswith(f"{config}:{line}: ") and words in message
    assert "\n" not in message


def test_the_tui_refuses_a_bad_config_before_it_starts(config: Path, demo_copy: Path) -> None:
    config.write_text('[keys]\n"review.nope" = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["open", str(demo_copy), "--reviewer", "ana"])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith("config.toml:2: bad config file: no key binding 'review.nope' (see ? in the TUI)")
    )
    assert query_in_new_process(demo_copy, "SELECT COUNT(*) FROM actions") == [[0]]


async def test_a_remapped_key_acts_and_help_shows_it(config: Path, demo_copy: Path) -> None:
    config.write_text('[keys]\n"review.confirm" = "space"\n', encoding="utf-8")
    async with app_for(demo_copy).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.state.id
        await pilot.press("c")  # no longer bound
        assert screen.state.id == first and screen.state.status == "todo"
        await pilot.press("space")
        rows = query_in_new_process(demo_copy, f"SELECT status FROM segments WHERE id = '{first}'")
        assert rows == [["confirmed"]]
        await pilot.press("question_mark")
        line = next(x for x in help_lines(pilot.app) if "review.confirm" in x)
        assert line.split()[0] == "space"


async def test_the_export_dialog_remembers_the_last_path(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "mine.tsv"
    out.parent.mkdir()
    async with app_for(demo_copy).run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("w")
        assert isinstance(pilot.app.screen, PromptScreen)
        default = pilot.app.screen.query_one("#prompt-input").value
        assert default.endswith("demo.corrected.txt")
        pilot.app.screen.query_one("#prompt-input").value = str(out)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert out.is_file()
    meta = "SELECT value FROM meta WHERE key = 'last_export'"
    assert query_in_new_process(demo_copy, meta) == [[str(out)]]
    async with app_for(demo_copy).run_test(size=SIZE) as pilot:  # after a restart
        await ready(pilot)
        await pilot.press("w")
        assert pilot.app.screen.query_one("#prompt-input").value == str(out)


async def test_resume_on_the_last_segment_worked_on(demo_copy: Path) -> None:
    async with app_for(demo_copy, "ana").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.state.id
        screen.goto(screen.service.pos_of["p120"])
        await pilot.pause()
        await pilot.press("c")  # confirmed p120, then moved on to the next to do
        assert screen.state.id != "p120"
    async with app_for(demo_copy, "ana").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.state.id == "p120" != first
    # Another reviewer, who has done nothing yet, resumes where the work was last done.
    async with app_for(demo_copy, "ben").run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.state.id == "p120"
