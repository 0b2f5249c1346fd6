"""What a command itself used, CPU seconds and peak memory, whatever started it.

Linux carries a process's peak resident memory across ``exec``: a command started (fork, then
exec) by a process holding 470 MB reports an ``ru_maxrss`` of at least 470 MB, whatever it used
itself. A benchmark that generated its corpus in memory, then ran the command on the files,
printed the generator's peak as the command's (project creation at 100k: 477 MB, of which the
creating process used 393). So commands are started here through a fresh, small Python process
(:data:`_LAUNCH`): its fork carries only its own few megabytes into the command, which waits
for the command and reports what ``wait4`` says of it on a pipe of its own.

Figures are the command's with the worker processes it waited for (Linux's ``wait4``): CPU
seconds summed, peak memory the largest of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

_LAUNCH = """\
import json, os, subprocess, sys
fd, command = int(sys.argv[1]), sys.argv[2:]
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
report = [usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]
os.write(fd, json.dumps(report).encode())
"""


@dataclass(frozen=True)
class Usage:
    """One run of a command (with the worker processes it waited for)."""

    wall: float
    """Seconds from start to end (a fresh Python's start, ≈ 20 ms, included)."""
    cpu: float
    """User + system seconds."""
    peak_mb: float
    """Peak resident memory: the largest of the command and its workers."""
    status: int
    """Exit status (negative: the signal that ended it)."""
    stderr: str
    """What it wrote to standard error, when ``stderr=subprocess.PIPE`` was given."""


def run(
    command: Sequence[str],
    *,
    stdout: int | IO[Any] | None = None,
    stderr: int | IO[Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Usage:
    """Run ``command`` to its end and return what it used (see the module docstring)."""
    read, write = os.pipe()
    start = time.perf_counter()
    with os.fdopen(read, "rb") as reports:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCH, str(write), *command],
                stdout=stdout,
                stderr=stderr,
                env=None if env is None else dict(env),
                pass_fds=(write,),
            )
        finally:
            os.close(write)  # the launcher's copy only: the report ends when it ends
        _out, err = proc.communicate()
        wall = time.perf_counter() - start
        report = reports.read()
    text = err.decode(errors="replace") if err else ""
    if proc.returncode != 0 or not report:
        raise RuntimeError(f"could not run {command[0]}" + (f": {text.strip()}" if text else ""))
    cpu, peak_kb, status = json.loads(report)
    return Usage(wall, cpu, peak_kb / 1024, status, text)
