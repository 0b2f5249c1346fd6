"""Another review session in a process of its own (for the two-session tests).

    python session_worker.py PROJECT REVIEWER STEPS_JSON

Each step is ``[op, *args]``: ``fix POS N`` (the N-th fixable issue), ``edit POS TEXT``,
``confirm POS``, ``undo``, ``add TERM`` (a glossary term), ``mark FILE`` (create FILE: the
session is open), ``go FILE`` (wait until FILE exists, to act in two processes at once),
``hold SECONDS``. Prints one JSON list: for each
step ``["ok", value]`` or ``["refused", message]``; a traceback means a bug.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from mtreview.review import GlossaryService, MtreviewError, ReviewService


def run(svc: ReviewService, op: str, args: list[Any]) -> Any:
    if op == "fix":
        pos, n = args
        fixable = [i for i in svc.state(pos).issues if i.fix is not None]
        return svc.apply_fix(pos, fixable[n].fingerprint).target
    if op == "edit":
        svc.state(args[0])
        return svc.edit(args[0], args[1]).target
    if op == "confirm":
        svc.state(args[0])
        return svc.confirm(args[0]).status
    if op == "undo":
        state = svc.undo()
        return None if state is None else state.target
    if op == "add":
        return GlossaryService(svc).add(args[0]).kind
    if op == "mark":
        Path(args[0]).touch()
        return None
    if op == "go":
        while not Path(args[0]).exists():
            time.sleep(0.005)
        return None
    if op == "hold":
        time.sleep(args[0])
        return None
    raise ValueError(op)


def main() -> None:
    path, reviewer, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    svc = ReviewService.open(path, reviewer)
    out: list[list[Any]] = []
    try:
        for op, *args in steps:
            try:
                out.append(["ok", run(svc, op, args)])
            except MtreviewError as exc:
                out.append(["refused", str(exc)])
    finally:
        svc.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
