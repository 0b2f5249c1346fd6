"""Check speed with the hot modules compiled by mypyc, beside the pure-Python check and grep.

Copies the mtreview package into a temporary directory, compiles the hot modules of the check
there with mypyc (never in the source tree), then runs the same one-process check of
check_speed's generated corpus in fresh processes: pure Python, and with the build first on
``sys.path``. Prints the build time, the CPU seconds of each run, their ratio to ``grep -F -f``
over the same texts, and whether the JSON documents (issues, by-term view and occurrences) are
byte-identical. Both runs use the same ``PYTHONHASHSEED``, so any difference is the compiler's.

A module that uses ``functools.cached_property`` is not compiled: mypyc compiles it as a property
that does not cache (python/mypy#21611), and the engine's source index was rebuilt per segment.

Needs a C compiler, the Python headers and mypy (which carries mypyc); without them it says which
is missing and exits 2. With ``--each N``, the N first modules are also built alone, each for its
own speed-up. ``--repeat N`` runs pure and compiled checks in turn N times and keeps the best.
``--keep DIR`` only builds, into DIR, to run the tests against the compiled modules; ``--use DIR``
measures that build again without building.

    python benchmarks/compiled_check.py [--segments N] [--terms N] [--modules a,b]
                                        [--each N] [--repeat N] [--keep DIR | --use DIR]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Any

# The hot modules of a check, hottest first (cProfile of a 10k x 10k check).
MODULES = (
    "mtreview.glossary.render",
    "mtreview.glossary.english",
    "mtreview.glossary.locate",
    "mtreview.scoring.checks.terms",
    "mtreview.glossary.segmenter",
    "mtreview.scoring.zhnum",
    "mtreview.scoring.checks.mechanical",
    "mtreview.scoring.placing",
    "mtreview.scoring.engine",
    "mtreview.glossary.index",
    "mtreview.scoring.checks.numbers",
    "mtreview.glossary.script",
    "mtreview.scoring.checks.inconsistency",
    "mtreview.scoring.checks.untranslated",
    "mtreview.scoring.checks.placeholders",
    "mtreview.glossary.spelling",
    "mtreview.scoring.ennum",
    "mtreview.scoring.checks.term_wrong",
    "mtreview.glossary.rewrite",
    "mtreview.scoring.occurrences",
)
Figures = dict[str, Any]  # setup and check CPU seconds, peak MB, the compiled modules loaded


def missing_tools() -> str | None:
    """Why mypyc cannot build here (no compiler, headers or mypyc), or None."""
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc}) on PATH"
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.is_file():
        return f"no Python headers ({include})"
    if importlib.util.find_spec("mypyc") is None:
        return "no mypyc (pip install mypy)"
    return None


def refusal(path: Path) -> str | None:
    """Why a module must not be compiled as it is, or None."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                name = deco.attr if isinstance(deco, ast.Attribute) else getattr(deco, "id", "")
                if name == "cached_property":
                    return (
                        f"cached_property {node.name} (line {node.lineno}): mypyc compiles it "
                        "as a property that does not cache (python/mypy#21611)"
                    )
    return None


def module_path(root: Path, module: str) -> Path:
    return root.joinpath(*module.split(".")).with_suffix(".py")


def build(modules: list[str], where: Path) -> tuple[float, float]:
    """Copy the package into ``where`` and compile ``modules`` there: (wall, CPU) seconds."""
    spec = importlib.util.find_spec("mtreview")
    assert spec is not None and spec.origin is not None
    shutil.copytree(
        Path(spec.origin).parent,
        where / "mtreview",
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyc"),
    )
    cmd = [sys.executable, "-m", "mypyc", "--strict", "--ignore-missing-imports"]
    cmd += [str(module_path(Path(), m)) for m in modules]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=where, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"compiled_check: mypyc failed on {', '.join(modules)}:\n{done.stdout[-3000:]}")
    warnings = sorted({line for line in done.stdout.splitlines() if ": warning:" in line})
    for line in warnings:
        print(f"  mypyc {line}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def run_child(args: argparse.Namespace, build_dir: Path | None, out: Path) -> Figures:
    """One check in a fresh process (compiled when ``build_dir`` is given): its figures."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    if build_dir is not None:
        env["PYTHONPATH"] = str(build_dir)
    cmd = [sys.executable, __file__, "--child", str(out)]
    cmd += ["--segments", str(args.segments), "--terms", str(args.terms)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"compiled_check: the check failed:\n{done.stderr[-3000:]}")
    figures: Figures = json.loads(done.stdout.splitlines()[-1])
    return figures


def child(out: Path, segments: int, terms: int) -> None:
    """Run the check in this process, write its JSON to ``out`` and print the figures."""
    from check_speed import make_data

    from mtreview.scoring import render_check
    from mtreview.scoring.engine import Checker

    glossary, corpus = make_data(segments, terms)
    start = time.process_time()
    checker = Checker(glossary)
    checker.index.boundaries.tokenizer  # noqa: B018 - as check_speed: the index set up first
    setup = time.process_time() - start
    start = time.process_time()
    result = checker.check_corpus(corpus, jobs=1)
    check = time.process_time() - start
    out.write_text(render_check.to_json(result, glossary, terms=True, occurrences=True), "utf-8")
    compiled = [
        name
        for name, mod in sys.modules.items()
        if name.startswith("mtreview")
        and str(getattr(mod, "__file__", "")).endswith(tuple(EXTENSION_SUFFIXES))
    ]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"setup": setup, "check": check, "compiled": compiled, "peak": peak}))


def measure(args: argparse.Namespace, build_dir: Path, tmp: Path) -> tuple[Figures, Figures, bool]:
    """Pure and compiled checks run in turn ``--repeat`` times: the best (least check CPU) of each,
    and whether every compiled run wrote the pure run's JSON byte for byte."""
    pure: list[Figures] = []
    compiled: list[Figures] = []
    same = True
    for _ in range(args.repeat):
        pure.append(run_child(args, None, tmp / "pure.json"))
        compiled.append(run_child(args, build_dir, tmp / "compiled.json"))
        same = same and (tmp / "pure.json").read_bytes() == (tmp / "compiled.json").read_bytes()
    return min(pure, key=lambda r: r["check"]), min(compiled, key=lambda r: r["check"]), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--modules", help="comma-separated modules to compile (default: MODULES)")
    parser.add_argument(
        "--each", type=int, default=0, metavar="N", help="also build the N first modules alone"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="pure and compiled runs in turn (best is kept)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="only build, into a new directory DIR, and keep it (PYTHONPATH=DIR pytest)",
    )
    parser.add_argument(
        "--use", type=Path, metavar="DIR", help="measure the build --keep left in DIR (no build)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.segments, args.terms)
        return
    why = None if args.use else missing_tools()
    if why is not None:
        print(f"compiled_check: cannot build with mypyc here: {why}", file=sys.stderr)
        print("compiled_check: the pure-Python check is benchmarks/check_speed.py", file=sys.stderr)
        sys.exit(2)

    from check_speed import grep_seconds, make_data

    spec = importlib.util.find_spec("mtreview")
    assert spec is not None and spec.origin is not None
    source_root = Path(spec.origin).parent.parent
    wanted = args.modules.split(",") if args.modules else list(MODULES)
    modules = []
    for module in wanted:
        path = module_path(source_root, module)
        if not path.is_file():
            sys.exit(f"compiled_check: no module {module} ({path})")
        why = refusal(path)
        if why is None:
            modules.append(module)
        else:
            print(f"not compiled: {module}: {why}")

    if args.keep is not None:
        args.keep.mkdir(parents=True)
        wall, cpu = build(modules, args.keep)
        print(f"built {len(modules)} modules in {args.keep}: {cpu:.1f} s CPU, {wall:.1f} s wall")
        return
    glossary, segments = make_data(args.segments, args.terms)
    grep = grep_seconds([t.source for t in glossary.terms], [s.source for s in segments])[1]
    renderings = [r for t in glossary.terms for r in (t.target, *t.variants, *t.forbidden)]
    grep += grep_seconds(renderings, [s.target for s in segments])[1]
    print(f"corpus: {len(segments):,} segments x {len(glossary):,} terms; grep CPU {grep:.2f} s")
    print("load average at start: {:.1f} {:.1f} {:.1f} (2 cores)".format(*os.getloadavg()))

    def row(label: str, got: Figures) -> str:
        return (
            f"{label:<26} check {got['check']:6.2f} s CPU ({got['check'] / grep:4.1f}x grep)  "
            f"setup {got['setup']:5.2f} s  peak {got['peak']:,.0f} MB"
        )

    with tempfile.TemporaryDirectory(prefix="mtreview-mypyc-") as name:
        tmp = Path(name)
        alone = [] if args.use else [[m] for m in modules[: args.each]]
        for group in [modules, *alone]:
            build_dir = args.use or tmp / "build"
            if args.use is None:
                build_dir.mkdir()
                wall, cpu = build(group, build_dir)
            pure, compiled, same = measure(args, build_dir, tmp)
            if not set(group) <= set(compiled["compiled"]):
                sys.exit(
                    f"compiled_check: not loaded compiled: {set(group) - set(compiled['compiled'])}"
                )
            label = f"{len(group)} modules" if len(group) > 1 else group[0].split(".", 1)[1]
            if args.use is None:
                print(f"{label}: build {cpu:.1f} s CPU, {wall:.1f} s wall")
                shutil.rmtree(build_dir)
            else:
                print(f"{label}: the build in {args.use}")
            print("  " + row("pure Python", pure))
            print("  " + row("compiled", compiled), end="")
            print(f"  {pure['check'] / compiled['check']:.2f}x faster, JSON ", end="")
            print("identical" if same else "DIFFERS")
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
