"""The concordance, comments, ignore reasons and un-ignore, driven by keys and the palette."""

from __future__ import annotations

import json
import re
from pathlib import Path

from review_helpers import GLOSSARY, query_in_new_process, small_project
from textual.widgets import OptionList
from tui_helpers import app_for, assert_help_lists, ready, screen_lines

from mtreview.review import Filter
from mtreview.tui.screens.concordance import CONCORDANCE_BINDINGS, HIT_STYLE, ConcordanceScreen
from mtreview.tui.screens.modals import IgnoredScreen, PromptScreen

SIZE = (120, 36)


def rows(path: Path, sql: str) -> list[list[object]]:
    return query_in_new_process(path, sql)


def status(app) -> str:
    return str(app.screen.query_one("#concordance-status").render())


async def settled(pilot) -> None:
    """Wait for the concordance's worker and the screen it updates."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_concordance_counts_lists_and_jumps(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, ConcordanceScreen)
        await pilot.press(*"CARBON", "enter")
        await settled(pilot)
        texts = rows(demo_copy, "SELECT source, target FROM segments")
        counts = [sum(side.casefold().count("carbon") for side in seg) for seg in texts]
        total, segments = sum(counts), sum(1 for n in counts if n)
        assert status(app).startswith(f"{total} hits in {segments} segments") and total > 20
        hits = app.screen.query_one(OptionList)
        assert hits.option_count == total
        first = hits.get_option_at_index(0).prompt
        assert first.plain.startswith("p024  tgt  …") and "low-carbon economic" in first.plain
        start = first.plain.index("carbon")
        assert any(
            s.start == start and s.end == start + 6 and str(s.style) == HIT_STYLE
            for s in first.spans
        )
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceScreen)
        assert screen.state.id == "p089" and screen.filter == Filter()
    assert rows(demo_copy, "SELECT COUNT(*) FROM actions") == [[0]]  # finding writes nothing


async def test_concordance_hits_become_the_list_filter(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("o", *"carbon (sinks?|stamp)", "enter")
        await settled(pilot)
        assert status(app).startswith("0 hits")
        await pilot.press("ctrl+r")  # the same text as a regular expression
        await settled(pilot)
        # counted independently: Python's re over the stored sources and targets
        texts = rows(demo_copy, "SELECT pos, source, target FROM segments")
        pattern = re.compile("carbon (sinks?|stamp)", re.IGNORECASE)
        found = [(p, m) for p, *sides in texts for side in sides for m in pattern.findall(side)]
        segments = len({p for p, _ in found})
        assert status(app).startswith(f"{len(found)} hits in {segments} segments")
        assert "regex" in status(app) and segments > 1
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert screen.filter == Filter("regex", "carbon (sinks?|stamp)")
        expected = list(screen.service.concordance("carbon (sinks?|stamp)", True).positions)
        assert screen.positions == expected and screen.state.pos == expected[0]
        assert "list: regex: carbon (sinks?|stamp)" in screen.sub_title


async def test_concordance_through_the_palette_and_its_help(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Concordance")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceScreen)
        concordance = app.screen
        await pilot.press("ctrl+p", *"Regex on")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is concordance and concordance.regex
        await pilot.press("f1")
        assert_help_lists(app, CONCORDANCE_BINDINGS)
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, ConcordanceScreen)


async def test_concordance_shows_file_text_as_data(tmp_path: Path) -> None:
    segments = [("[b]s1", "[red]碳票 ＡＢＣ", "a [link=x]carbon[/link] \x1b[31mstamp")]
    app = app_for(small_project(tmp_path / "m.mtreview", segments, GLOSSARY))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o", *"abc", "enter")  # half width finds the full-width ＡＢＣ
        await settled(pilot)
        assert status(app).startswith("1 hit in 1 segment")
        await pilot.press("escape", "o", "ctrl+a", "ctrl+k", *"carbon", "enter")
        await settled(pilot)
        text = "\n".join(screen_lines(app))
        assert "[b]s1  tgt  a [link=x]carbon[/link] ␛[31mstamp" in text


async def test_search_keeps_the_filter_and_says_so(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("l", "down", "enter")  # segments with open issues
        await pilot.pause()
        listed = list(screen.positions)
        await pilot.press("slash", *"ocean", "enter")
        await pilot.pause()
        assert screen.state.pos not in listed and "ocean" in screen.state.target.casefold()
        assert screen.filter == Filter("issues") and screen.positions == listed
        assert any("not in the list (issues)" in str(n.message) for n in app._notifications)


async def test_comments_by_key_are_logged_and_undone(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        issue = screen.state.issues[0]
        await pilot.press("m")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"ask the author", "enter")
        await pilot.press("M", *"a name, not a term", "enter")
        await pilot.pause()
        assert [n.text for n in screen.state.notes] == ["ask the author", "a name, not a term"]
        assert "comment (tester): ask the author" in "\n".join(screen_lines(app))
        await pilot.press("m", "escape")  # cancelled: nothing logged
        await pilot.press("u")
        await pilot.pause()
        assert [n.text for n in screen.state.notes] == ["ask the author"]
    assert rows(demo_copy, "SELECT segment, kind, fingerprint, after FROM actions") == [
        ["p004", "comment", None, "ask the author"],
        ["p004", "comment", issue.fingerprint, "a name, not a term"],
        ["p004", "undo", issue.fingerprint, None],
    ]


async def test_ignore_asks_why_and_ignored_issues_come_back(demo_copy: Path) -> None:
    app = app_for(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.state.issues[0]
        await pilot.press("i", "escape")  # cancelled: nothing ignored
        assert len(screen.state.issues) == 3
        await pilot.press("i", *"a proper name", "enter")
        await pilot.pause()
        assert first in screen.state.ignored and first not in screen.state.issues
        await pilot.press("l")
        choices = [flt for flt, _ in app.screen.choices]
        await pilot.press(*["down"] * choices.index(Filter("ignored")), "enter")
        await pilot.pause()
        assert screen.filter == Filter("ignored") and screen.positions == [screen.state.pos]
        assert "ignored  " in "\n".join(screen_lines(app))
        await pilot.press("I")
        assert isinstance(app.screen, IgnoredScreen)
        assert "“a proper name” (tester)" in "\n".join(screen_lines(app))
        await pilot.press("enter")
        await pilot.pause()
        assert first in screen.state.issues and screen.state.ignored == ()
        assert rows(demo_copy, "SELECT COUNT(*) FROM ignored") == [[0]]
        await pilot.press("u")  # ignored again
        await pilot.pause()
        assert screen.state.ignored == (first,)
    logged = rows(demo_copy, "SELECT kind, fingerprint, info FROM actions ORDER BY id")
    assert [(k, f) for k, f, _ in logged] == [
        ("ignore", first.fingerprint),
        ("unignore", first.fingerprint),
        ("undo", first.fingerprint),
    ]
    assert json.loads(logged[0][2]) == {"check": first.check, "reason": "a proper name"}
