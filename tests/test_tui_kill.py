"""Kill the real TUI process (SIGKILL) right after the screen shows an action: it is saved."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from review_helpers import ROOT, small_project

from mtreview.review import ReviewService

SEGMENTS = [
    ("s1", "构建“三区四带”为主体的体系。", "Build a system of three zones and four zones."),
    ("s2", "推行碳票制度。", "Introduce the carbon stamp system."),
]
GLOSSARY = """\
terms:
  - source: 三区四带
    target: three zones and four belts
    forbidden: [three zones and four zones]
  - source: 碳票
    target: carbon ticket
    forbidden: [carbon stamp]
"""


def read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while marker not in seen:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{marker!r} never shown; last output: {bytes(seen[-400:])!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.extend(os.read(fd, 65536))
            except OSError:
                raise AssertionError(f"TUI exited before {marker!r}") from None


def start_tui(project: Path, home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``mtreview open PROJECT`` on a 140x40 pty in its own session: the process and the
    pty's master end (not its controlling terminal: closing the master sends no SIGHUP)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": str(home)}
    for name in ("TEXTUAL", "COLUMNS", "LINES"):  # the pty size decides, not pytest-xdist's
        env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtreview", "open", str(project), "--reviewer", "kim"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    return proc, master


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_sigkill_right_after_a_fix_keeps_the_fix(tmp_path: Path) -> None:
    project = small_project(tmp_path / "k.mtreview", SEGMENTS, GLOSSARY)
    proc, master = start_tui(project, tmp_path)
    seen = bytearray()
    try:
        read_until(master, b"Undo/redo", seen)
        read_until(master, b"1 open issue", seen)
        # The stored issues show at once; "f" works once the word segmenter has loaded.
        for _ in range(60):
            seen.clear()
            os.write(master, b"f")
            try:
                read_until(master, b"edited", seen, timeout=0.5)
                break
            except AssertionError:
                continue
        read_until(master, b"edited", seen)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    reopened = ReviewService.open(project, "check")
    try:
        assert reopened.target(0) == "Build a system of three zones and four belts."
        assert [(a.kind, a.reviewer) for a in reopened.store.actions()] == [("fix", "kim")]
    finally:
        reopened.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_terminal_closed_without_sighup_ends_the_tui(tmp_path: Path) -> None:
    """The pty's other end closes and no SIGHUP comes (not our controlling terminal): the TUI
    leaves with 129 instead of spinning on a readable end of file; the fix made before stays."""
    project = small_project(tmp_path / "h.mtreview", SEGMENTS, GLOSSARY)
    proc, master = start_tui(project, tmp_path)
    seen = bytearray()
    try:
        read_until(master, b"1 open issue", seen)
        os.close(master)
        master = -1
        returncode = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        if master >= 0:
            os.close(master)
    assert returncode == 129


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_terminal_hung_up_only_when_the_other_end_is_gone() -> None:
    from mtreview.tui.app import terminal_hung_up

    master, slave = pty.openpty()
    try:
        os.write(master, b"typed, not read yet")  # pending input is not a hang-up
        assert not terminal_hung_up(slave)
        os.close(master)
        master = -1
        assert terminal_hung_up(slave)
    finally:
        os.close(slave)
        if master >= 0:
            os.close(master)
