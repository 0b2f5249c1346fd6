"""Two sessions on one project, each in a real process of its own (two terminals)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from review_helpers import GLOSSARY, ROOT, query_in_new_process, small_project
from tui_helpers import app_for, ready

from mtreview.glossary.yaml_io import load_glossary
from mtreview.review import (
    Filter,
    GlossaryService,
    MtreviewError,
    ReviewService,
    SegmentChanged,
)

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
    ("s3", "没有术语的句子。", "A sentence without terms."),
    ("s4", "碳票和三区四带。", "The carbon stamp and three zones and four zones."),
]
WORKER = Path(__file__).with_name("session_worker.py")


def other(path: Path, reviewer: str, *steps: list[Any]) -> subprocess.Popen[str]:
    """Start another session's process (it runs ``steps``, then exits)."""
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path), reviewer, json.dumps(list(steps))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def finished(proc: subprocess.Popen[str]) -> list[list[Any]]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "Traceback" not in err, err
    return json.loads(out)


def in_other_process(path: Path, reviewer: str, *steps: list[Any]) -> list[list[Any]]:
    return finished(other(path, reviewer, *steps))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)


@pytest.fixture
def ana(project: Path):
    svc = ReviewService.open(project, "ana")
    yield svc
    svc.close()


def fixable(svc: ReviewService, pos: int, n: int = 0) -> str:
    return [i for i in svc.state(pos).issues if i.fix is not None][n].fingerprint


def test_an_action_on_a_segment_another_session_changed_is_refused(ana, project) -> None:
    shown = fixable(ana, 0)
    ((status, fixed_by_bo),) = in_other_process(project, "bo", ["fix", 0, 0])
    assert status == "ok"
    with pytest.raises(SegmentChanged, match="changed meanwhile by bo") as refused:
        ana.apply_fix(0, shown)
    assert str(refused.value).count("\n") == 0 and refused.value.pos == 0
    assert ana.state(0).target == fixed_by_bo
    kinds = query_in_new_process(project, "SELECT reviewer, kind FROM actions ORDER BY id")
    assert kinds == [["bo", "fix"]]
    # Shown again as it is now, the segment takes actions again.
    assert ana.confirm(0).status == "confirmed"


@pytest.mark.parametrize(
    "act",
    [
        lambda s, _issue: s.edit(1, "Mine."),
        lambda s, _issue: s.confirm(1),
        lambda s, issue: s.ignore(1, issue),
        lambda s, issue: s.apply_fix(1, issue),
    ],
)
def test_every_action_checks_the_segment_version(ana, project, act) -> None:
    shown = fixable(ana, 1)
    in_other_process(project, "bo", ["edit", 1, "Theirs."])
    with pytest.raises(SegmentChanged):
        act(ana, shown)
    assert query_in_new_process(project, "SELECT target, status FROM segments WHERE pos = 1") == [
        ["Theirs.", "todo"]
    ]


def test_undo_reverts_only_my_own_actions(ana, project) -> None:
    mine = ana.apply_fix(1, fixable(ana, 1)).target
    in_other_process(project, "bo", ["edit", 2, "Bo's edit."])
    undone = ana.undo()
    assert undone is not None and undone.pos == 1 and undone.target == SEGMENTS[1][2]
    assert mine != SEGMENTS[1][2]
    assert ana.target(2) == "Bo's edit."
    assert ana.undo() is None


def test_undo_refuses_when_another_session_changed_the_segment_since(ana, project) -> None:
    ana.apply_fix(3, fixable(ana, 3, 0))
    ((status, by_bo),) = in_other_process(project, "bo", ["fix", 3, 0])
    assert status == "ok"
    with pytest.raises(SegmentChanged, match="by bo"):
        ana.undo()
    assert ana.target(3) == by_bo  # Bo's later fix is not wiped
    assert ana.undo() is None  # that action can no longer be undone


def test_the_other_session_sees_changes_at_once(ana, project) -> None:
    assert not ana.refresh()
    before = ana.progress()
    in_other_process(project, "bo", ["confirm", 2], ["fix", 0, 0])
    started = time.perf_counter()
    changes = ana.refresh()
    assert time.perf_counter() - started < 1.0
    assert set(changes.positions) == {0, 2} and not changes.everything
    assert ana.status[2] == "confirmed" and ana.progress().confirmed == before.confirmed + 1
    assert ana.open_issues(0) == 0
    assert not ana.refresh()


def test_two_glossary_adds_at_once_keep_both(project: Path, tmp_path: Path) -> None:
    go, opened = tmp_path / "go", [tmp_path / "ana-open", tmp_path / "bo-open"]
    terms = [{"source": "句子", "target": "sentence"}, {"source": "制度", "target": "system"}]
    procs = [
        other(project, who, ["mark", str(mark)], ["go", str(go)], ["add", term])
        for who, mark, term in zip(("ana", "bo"), opened, terms, strict=True)
    ]
    deadline = time.monotonic() + 60
    while not all(m.exists() for m in opened):  # both loaded the glossary as it was
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.touch()
    assert [finished(p) for p in procs] == [
        [["ok", None], ["ok", None], ["ok", "glossary-add"]]
    ] * 2
    terms = load_glossary(project.with_suffix(".yaml")).by_id()
    assert {"sentence", "system"} <= set(terms)
    kinds = query_in_new_process(project, "SELECT kind FROM actions")
    assert kinds == [["glossary-add"], ["glossary-add"]]


def test_a_glossary_change_elsewhere_is_taken_and_refuses_a_stale_fix(ana, project) -> None:
    shown = fixable(ana, 1)
    in_other_process(project, "bo", ["add", {"source": "句子", "target": "sentence"}])
    with pytest.raises(MtreviewError, match="glossary was changed in another session"):
        ana.apply_fix(1, shown)
    assert "sentence" in ana.glossary.by_id()
    assert ana.filtered(Filter("term", "sentence")) == [2]
    assert "carbon ticket" in ana.apply_fix(1, fixable(ana, 1)).target
    GlossaryService(ana).add({"source": "体系", "target": "system"})
    assert {"sentence", "system"} <= set(load_glossary(project.with_suffix(".yaml")).by_id())


async def test_the_tui_shows_another_sessions_change_within_a_second(project: Path) -> None:
    app = app_for(project, "ana")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.goto(1)
        await pilot.pause()
        proc = other(project, "bo", ["edit", 1, "Changed by Bo."], ["confirm", 2])
        await asyncio.to_thread(finished, proc)
        started = time.perf_counter()
        while screen.state.target != "Changed by Bo.":
            assert time.perf_counter() - started < 1.0, "not shown within a second"
            await pilot.pause(0.05)
        assert screen.service.row(2).status == "confirmed"
        assert "1/4 confirmed" in screen.sub_title
        # An action on what the screen shows now goes ahead.
        await pilot.press("c")
        await pilot.pause()
        assert screen.service.row(1).status == "confirmed"
        assert query_in_new_process(project, "SELECT status FROM segments WHERE pos = 1") == [
            ["confirmed"]
        ]


async def test_the_tui_refuses_a_stale_action_in_one_line_and_lives_on(project: Path) -> None:
    app = app_for(project, "ana")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.goto(0)
        await pilot.pause()
        # Run Bo's session while the event loop waits: the screen has not looked again since.
        in_other_process(project, "bo", ["fix", 0, 0])
        screen.action_apply_fix()
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("changed meanwhile by bo" in n and "\n" not in n for n in notes)
        assert screen.state.target == target_of(project, 0)
        assert app.is_running


def target_of(project: Path, pos: int) -> str:
    sql = f"SELECT target FROM segments WHERE pos = {pos}"
    return str(query_in_new_process(project, sql)[0][0])
