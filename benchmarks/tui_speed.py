"""Review TUI speed on a generated 100,000-segment project.

Prints: project creation (full check) time; time to interactive of ``mtreview open`` in a real
pty (process start → review screen drawn); and median / p95 keystroke latency for next issue
(n) and next segment (down), measured two ways: the action handler alone in process (service
call + widget updates) and end to end in the pty (key written → first bytes of the updated
screen). Aim: ≤ 2 s to interactive, ≤ 16 ms a keystroke.

    python benchmarks/tui_speed.py [--segments 100000] [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's mtreview, not another installed copy

from mtreview.corpus.model import Corpus  # noqa: E402
from mtreview.review import ReviewService, load_inputs  # noqa: E402
from mtreview.tui.app import ReviewApp  # noqa: E402
from mtreview.tui.screens.main import MainScreen  # noqa: E402


def make_project(path: Path, count: int) -> float:
    """A project of ``count`` segments cycling through the demo's; returns seconds taken."""
    corpus, glossary = load_inputs(None, None, demo=True)
    base = corpus.segments
    segments = tuple(replace(base[i % len(base)], id=f"s{i:06d}") for i in range(count))
    start = time.perf_counter()
    ReviewService.create(path, Corpus(segments, str(path)), glossary, "bench").close()
    return time.perf_counter() - start


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1]
    return f"median {statistics.median(values) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


async def measure_handlers(path: Path, presses: int) -> None:
    """In process: the action handlers alone (service call and widget updates)."""
    app = ReviewApp(lambda progress: ReviewService.open(path, "bench", progress), title="bench")
    async with app.run_test(size=(160, 45)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await asyncio.sleep(0.002)
        screen = app.screen
        await pilot.pause()
        for name, action in (("n", screen.action_next_issue), ("down", screen.action_next_segment)):
            times: list[float] = []
            for _ in range(presses):
                t = time.perf_counter()
                action()
                times.append(time.perf_counter() - t)
            await pilot.pause()
            print(f"  key {name:<5} handler only: {ms(times)}")


def drain(fd: int, quiet: float) -> bytes:
    """Read until nothing arrives for ``quiet`` seconds."""
    out = bytearray()
    while select.select([fd], [], [], quiet)[0]:
        try:
            out.extend(os.read(fd, 1 << 16))
        except OSError:
            break
    return bytes(out)


def measure_terminal(path: Path, presses: int) -> None:
    """End to end in a real pty: key written → first bytes of the updated screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    env.pop("COLUMNS", None)  # the pty size decides
    env.pop("LINES", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtreview", "open", str(path), "--reviewer", "bench"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        for marker, label in (
            (b"Undo/redo", "time to interactive (process start → review screen drawn)"),
            (b"open issue(s)", "time to first segment checked (jieba loaded)"),
        ):
            while marker not in seen:
                if select.select([master], [], [], 60)[0]:
                    seen.extend(os.read(master, 1 << 16))
            print(f"  {label}: {time.perf_counter() - start:.3f} s")
        drain(master, 0.5)
        for key, data in (("n", b"n"), ("down", b"\x1b[B")):
            times: list[float] = []
            for _ in range(presses):
                t = time.perf_counter()
                os.write(master, data)
                select.select([master], [], [], 5)
                times.append(time.perf_counter() - t)
                drain(master, 0.03)
            print(f"  key {key:<5} key → screen update: {ms(times)}")
        os.write(master, b"q")
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="Make the project here, or reuse it if there.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.mtreview"
        if not path.exists():
            took = make_project(path, args.segments)
            size = path.stat().st_size / 1e6
            print(f"created {args.segments} segments, full check, in {took:.1f} s ({size:.0f} MB)")
        print("in process (Textual headless):")
        asyncio.run(measure_handlers(path, args.presses))
        print("in a real terminal (pty):")
        measure_terminal(path, args.presses)


if __name__ == "__main__":
    main()
