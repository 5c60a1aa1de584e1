"""The mutation fuzzer at scale (issue 12): thousands of damaged workbooks through validate,
reconcile and report, each in a child process under a memory limit and a timeout. Prints, per
command, how many runs crashed (a traceback or an undocumented exit code), hung, changed their
input or went over the budget, with the maximum time and peak memory; then every distinct failure.
tests/test_fuzz.py runs the same fuzzer on 200 mutants in CI.

Run: python benchmarks/bench_fuzz.py [N] [--seed S] [--workers W] [--keep DIR]
     (N defaults to XLTOOLKIT_FUZZ_N or 2000; budgets: XLTOOLKIT_FUZZ_SECONDS, XLTOOLKIT_FUZZ_MB)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import fuzz

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import save
from xltoolkit.spec import load_spec


def bases(folder: Path) -> dict[str, Path]:
    """The example boards saved as workbooks, and the built .xlsm with its buttons and VBA."""
    spec = load_spec()
    out = {f"{name}.xlsx": save(load_example(name, load_spec()), folder / f"{name}.xlsx", spec) for name in example_names()}
    xlsm = REPO / "workbook" / f"{spec.workbook.file_stem}.xlsm"
    out[xlsm.name] = xlsm
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=int(os.environ.get("XLTOOLKIT_FUZZ_N", "2000")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("XLTOOLKIT_FUZZ_SEED", "12")))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="keep the mutants (and reports) in this folder")
    parser.add_argument("--results", type=Path, help="write every run (mutant, command, exit code, time, ...) as JSON lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        results = fuzz.run_mutants(fuzz.make_mutants(bases(Path(tmp)), args.n, args.seed), folder / "mutants", args.workers)
        took = time.perf_counter() - start
    print(f"{args.n} mutants (seed {args.seed}, {len(fuzz.MUTATORS)} families), {len(results)} runs in {took:.0f} s "
          f"on {args.workers} workers; budget per command {fuzz.SECONDS:.0f} s and {fuzz.MEMORY_MB:.0f} MB peak RSS")
    print(fuzz.summary(results, limit=80))
    if args.results:
        args.results.write_text("".join(json.dumps(dataclasses.asdict(r)) + "\n" for r in results), encoding="utf-8")


if __name__ == "__main__":
    main()
