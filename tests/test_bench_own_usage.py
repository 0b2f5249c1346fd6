"""The benchmarks' measure of a command: its own peak memory, not that of the process starting it.

Linux carries a process's peak RSS across ``exec``, so a benchmark that generated its corpus in
memory printed that memory as the command's (project creation at 100k: 477 MB instead of 393).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from benchmarks.own_usage import run

HELD_MB = 160
"""What this process holds while it starts the command (as a benchmark holding its corpus)."""


def _touch(size_mb: int) -> bytearray:
    held = bytearray(size_mb << 20)
    held[:: 1 << 12] = b"\x01" * len(held[:: 1 << 12])  # every page resident
    return held


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's exec keeps peak RSS")
def test_a_command_started_by_a_large_process_reports_its_own_peak() -> None:
    held = _touch(HELD_MB)
    uses = "held = bytearray(40 << 20); held[::4096] = b'1' * len(held[::4096])"
    plain = subprocess.Popen([sys.executable, "-c", uses])
    _pid, status, plain_usage = os.wait4(plain.pid, 0)
    plain.returncode = os.waitstatus_to_exitcode(status)
    inherited = plain_usage.ru_maxrss / 1024
    assert inherited > HELD_MB  # what the benchmarks printed before: this process's memory
    usage = run([sys.executable, "-c", uses])
    assert usage.status == 0
    assert 40 < usage.peak_mb < 40 + 60  # its 40 MB and a Python: not the 160 held here
    assert usage.cpu > 0 and usage.wall > 0
    del held


def test_the_workers_it_waited_for_count_and_its_exit_and_errors_are_given() -> None:
    worker = "held = bytearray(120 << 20); held[::4096] = b'1' * len(held[::4096])"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {worker!r}])"
    usage = run([sys.executable, "-c", parent])
    assert usage.peak_mb > 120  # the worker's peak, the largest
    failed = run(
        [sys.executable, "-c", "import sys; sys.stderr.write('no such file'); sys.exit(3)"],
        stderr=subprocess.PIPE,
    )
    assert (failed.status, failed.stderr) == (3, "no such file")


def test_a_command_that_cannot_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="could not run"):
        run(["/nonexistent/command"], stderr=subprocess.PIPE)
