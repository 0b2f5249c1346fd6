"""Storage faults: a locked, read-only, full, scribbled or truncated project.

The CLI says one line and exits 2; the TUI says one line and lives on, losing nothing it
showed; a read-only project opens read-only (browse, export, score).

Read-only as root (root may write a file whatever its mode): the command runs in a mount
namespace of its own where the project's folder is bound read-only (``unshare -m`` + a
read-only bind mount), which is what a read-only mount does for anyone; without root, the file
and its folder are made read-only with chmod. A full disk is a small tmpfs in such a namespace
(root), and in process ``PRAGMA max_page_count``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from review_helpers import GLOSSARY, ROOT, query_in_new_process, small_project
from tui_helpers import ready

from mtreview.review import MtreviewError, ReviewService
from mtreview.review.store import Store
from mtreview.tui.app import ReviewApp

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
    ("s3", "没有术语的句子。", "A sentence without terms."),
]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return small_project(folder / "p.mtreview", SEGMENTS, GLOSSARY)


def cli(*args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> tuple:
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "mtreview", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def one_line(stderr: str, *words: str) -> bool:
    lines = stderr.strip().splitlines()
    return len(lines) == 1 and "Traceback" not in stderr and all(w in lines[0] for w in words)


def in_namespace(script: str) -> tuple[str, ...]:
    """A command prefix that runs in a mount namespace set up by ``script`` (needs root)."""
    if not IS_ROOT or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare for a mount namespace")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not allowed here")
    return ("unshare", "-m", "sh", "-c", script + ' && exec "$@"', "sh")


def read_only_prefix(folder: Path) -> tuple[str, ...]:
    """Run a command with ``folder`` read-only (see the module docstring)."""
    if not IS_ROOT:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        return ()
    return in_namespace(f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}")


# -- read-only ---------------------------------------------------------------------------------


def test_a_read_only_project_exports_and_scores(project: Path, tmp_path: Path) -> None:
    before = project.read_bytes()
    prefix = read_only_prefix(project.parent)
    code, _, err = cli("export", str(project), "--to", str(tmp_path / "out.tsv"), prefix=prefix)
    assert code == 0, err
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8").count("\n") == 4
    code, out, err = cli("score", str(project), "--format", "json", prefix=prefix)
    assert code == 0 and '"changed": 0' in out, err
    project.parent.chmod(0o755)
    assert project.read_bytes() == before
    assert not project.with_name("p.mtreview-wal").exists()


def test_a_file_that_cannot_be_written_opens_read_only(project: Path, monkeypatch) -> None:
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK and real(p, mode))
    svc = ReviewService.open(project, "ana")
    assert svc.read_only and svc.state(0).issues
    for act in (lambda: svc.confirm(0), lambda: svc.edit(2, "x"), svc.undo):
        with pytest.raises(MtreviewError, match="read-only: browse, export and score only"):
            act()
    svc.close()
    assert query_in_new_process(project, "SELECT COUNT(*) FROM actions") == [[0]]


def test_a_read_only_old_project_is_migrated_in_memory_only(tmp_path: Path) -> None:
    from review_helpers import legacy_project

    path = legacy_project(tmp_path)
    before = path.read_bytes()
    svc = ReviewService.open(path, "ana", read_only=True)
    assert svc.read_only and len(svc) == 4 and svc.state(1).issues == ()  # s2's issue ignored
    assert svc.progress().confirmed == 1
    svc.close()
    assert path.read_bytes() == before


async def test_the_tui_shows_read_only_and_refuses_actions(project: Path) -> None:
    app = ReviewApp(lambda p: ReviewService.open(project, "ana", p, read_only=True), title="t")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        assert screen.sub_title.startswith("READ-ONLY")
        await pilot.press("c", "u")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert sum("read-only" in n and "\n" not in n for n in notes) == 2
        assert app.is_running and screen.state.status == "todo"
    assert query_in_new_process(project, "SELECT COUNT(*) FROM actions") == [[0]]


# -- locked ------------------------------------------------------------------------------------

HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE meta SET value = value WHERE key = 'format'")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program writing to the project for ``seconds`` (reading goes on meanwhile)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_short_lock_is_waited_out(project: Path, monkeypatch) -> None:
    svc = ReviewService.open(project, "ana")
    svc.state(2)
    holder = hold_lock(project, 1.0)
    started = time.monotonic()
    assert svc.edit(2, "Edited.").target == "Edited."
    assert time.monotonic() - started >= 0.5
    holder.wait(10)
    svc.close()


def test_a_long_lock_is_one_line(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("MTREVIEW_BUSY_TIMEOUT", "0.3")
    svc = ReviewService.open(project, "ana")
    shown = svc.state(2)
    holder = hold_lock(project, 30)
    try:
        with pytest.raises(MtreviewError, match="locked by another program") as caught:
            svc.edit(2, "Edited.")
        assert "\n" not in str(caught.value) and str(project) in str(caught.value)
        code, _, err = cli("score", str(project), env={"MTREVIEW_BUSY_TIMEOUT": "0.3"})
        assert code == 2 and one_line(err, "locked by another program")
    finally:
        holder.kill()
        holder.wait(10)
    # Nothing the screen showed was lost, and the session goes on.
    assert svc.state(2) == shown
    assert svc.edit(2, "Edited.").target == "Edited."
    svc.close()


# -- full disk ---------------------------------------------------------------------------------


def test_a_full_disk_refuses_the_action_in_one_line_and_keeps_memory(project: Path) -> None:
    svc = ReviewService.open(project, "ana")
    shown, progress = svc.state(2), svc.progress()
    svc.store.limit_pages(svc.store.page_count())
    with pytest.raises(MtreviewError, match="disk is full") as caught:
        svc.edit(2, "long text " * 20000)
    assert "\n" not in str(caught.value)
    assert svc.state(2) == shown and svc.progress() == progress and svc.undo() is None
    svc.store.limit_pages(1 << 30)
    assert svc.confirm(2).status == "confirmed"
    svc.close()


async def test_the_tui_says_disk_full_in_one_line_and_lives_on(project: Path) -> None:
    app = ReviewApp(lambda p: ReviewService.open(project, "ana", p), title="t")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.goto(2)
        await pilot.pause()
        shown = screen.state
        screen.service.store.limit_pages(screen.service.store.page_count())
        assert screen.act(lambda: screen.service.edit(2, "long text " * 20000)) is None
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("disk is full" in n and "\n" not in n for n in notes)
        assert app.is_running and screen.state == shown


def test_the_cli_says_disk_full_in_one_line(project: Path, tmp_path: Path) -> None:
    disk = tmp_path / "small"
    disk.mkdir()
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {disk} && cp {project} {project.with_suffix('.yaml')}"
        f" {disk}/ && (dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; true)"
    )
    prefix = in_namespace(script)
    code, _, err = cli("score", str(disk / "p.mtreview"), prefix=prefix)
    assert code == 2 and one_line(err, "disk is full"), err


# -- damaged files -----------------------------------------------------------------------------


def scribbled(path: Path) -> None:
    data = bytearray(path.read_bytes())
    noise = random.Random(7)
    for offset in range(4096, len(data), 4096):  # every page but the header's
        data[offset + 8 : offset + 200] = noise.randbytes(192)
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [scribbled, truncated])
def test_a_damaged_project_is_one_line_and_exit_2(project: Path, tmp_path: Path, damage) -> None:
    damage(project)
    for args in (
        ["export", str(project), "--to", str(tmp_path / "o.txt")],
        ["score", str(project)],
    ):
        code, _, err = cli(*args)
        assert code == 2 and one_line(err, str(project), "damaged"), err
    with pytest.raises(MtreviewError, match="damaged"):
        ReviewService.open(project, "ana")


async def test_the_tui_on_a_damaged_project_exits_2_in_one_line(project: Path) -> None:
    truncated(project)
    app = ReviewApp(lambda p: ReviewService.open(project, "ana", p), title="t")
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(200):
            if app.error is not None:
                break
            await pilot.pause(0.02)
    assert app.error is not None and "damaged" in app.error and "\n" not in app.error


async def test_a_fault_during_a_session_is_one_line_in_the_tui(project: Path, monkeypatch) -> None:
    app = ReviewApp(lambda p: ReviewService.open(project, "ana", p), title="t")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        shown = screen.state

        def broken(*_args, **_kwargs):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Store, "_log", broken)
        await pilot.press("c")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("disk I/O error: nothing was saved" in n for n in notes)
        assert app.is_running and screen.state == shown


@pytest.mark.parametrize("seed", range(40))
def test_scribbled_anywhere_is_never_a_traceback(tmp_path: Path, seed: int) -> None:
    """Wherever the damage falls, opening, showing and exporting work or say one line."""
    path = small_project(tmp_path / "p.mtreview", SEGMENTS, GLOSSARY)
    data = bytearray(path.read_bytes())
    noise = random.Random(seed)
    for _ in range(noise.randint(1, 4)):
        at = noise.randrange(100, len(data) - 64)
        data[at : at + noise.randint(1, 64)] = noise.randbytes(64)[: noise.randint(1, 64)]
    path.write_bytes(bytes(data[: len(data)]))
    try:
        svc = ReviewService.open(path, "ana")
        try:
            for pos in range(len(svc)):
                svc.state(pos)
            svc.export(tmp_path / "out.tsv")
        finally:
            svc.close()
    except MtreviewError as exc:
        assert "\n" not in str(exc)


def test_warm_up_loads_what_a_first_fix_would_wait_for(tmp_path: Path) -> None:
    """jieba's dictionary and pypinyin (a quarter of a second) load in the warm-up the TUI runs
    in a worker after the first screen, not in the reviewer's first fix."""
    project = small_project(
        tmp_path / "w.mtreview",
        [("s1", "推行碳票制度。", "Introduce the carbon stamp system.")],
        "terms:\n  - source: 碳票\n    target: carbon ticket\n",
    )
    code = (
        "import sys\n"
        "from mtreview.review import ReviewService\n"
        f"s = ReviewService.open({str(project)!r}, 'x')\n"
        "before = 'pypinyin' in sys.modules\n"
        "s.warm_up()\n"
        "print(before, 'pypinyin' in sys.modules)\n"
        "s.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_first_edit_after_warm_up_builds_no_boundary_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pair table a boundary in doubt reads (≈ 0.1 s to build at jieba's size) is built in
    the warm-up, not in the reviewer's first edit or fix."""
    from mtreview.glossary import segmenter

    project = small_project(
        tmp_path / "p.mtreview",
        [("s1", "推行碳票制度。", "Introduce the carbon stamp system.")],
        "terms:\n  - source: 碳票\n    target: carbon ticket\n",
    )
    svc = ReviewService.open(project, "ana")
    try:
        svc.warm_up()
        built: list[int] = []
        real = segmenter.PairTable.__init__

        def counting(self: segmenter.PairTable, words: object) -> None:
            built.append(1)
            real(self, words)  # type: ignore[arg-type]

        monkeypatch.setattr(segmenter.PairTable, "__init__", counting)
        state = svc.edit(0, "Introduce the carbon ticket system.")
        assert not state.issues
        assert built == []
    finally:
        svc.close()
