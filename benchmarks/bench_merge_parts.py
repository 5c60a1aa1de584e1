"""Where a merge's time goes, part by part, in ONE process (issue 15): reading a file, checking a board
in a batch, building and writing the overview, each with the garbage collector running and paused
(services/merge/gcpause.py); writing also through xlsxwriter's own worksheet instead of rows.py's, and
the size of what a worker sends back per board. The figures behind the merge's notes; `bench_merge.py` times the merge
as a whole against the other tools. Prints figures; it is not a test. Run:

    python benchmarks/bench_merge_parts.py [--files 500] [--keep DIR] [--rounds 3]

The workbooks are bench_merge.py's (varied example boards saved with the toolkit), reused from
--keep. Each part runs `--rounds` times; the best round counts (the machine is shared).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_merge import generate  # noqa: E402  (the same workbooks as the whole-merge benchmark)


def best(rounds: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    from xlsxwriter.worksheet import Worksheet

    from xltoolkit.io.reader import load
    from xltoolkit.services.check import check_many
    from xltoolkit.services.merge import build_overzicht, merge_files
    from xltoolkit.services.merge import read as reader
    from xltoolkit.services.merge import workbook as writer
    from xltoolkit.services.merge.gcpause import paused_gc
    from xltoolkit.services.merge.model import Candidate
    from xltoolkit.spec import load_spec

    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-merge-parts-"))
    generate(folder, args.files)
    files = sorted(folder.glob("bestuur-*.xlsx"))[: args.files]
    n, spec = len(files), load_spec()
    reader.init_worker(spec, None)
    batches = [[Candidate(str(f), f.name) for f in files[i:i + 100]] for i in range(0, n, 100)]

    def plain_bytes(model) -> bytes:
        with paused_gc():
            return writer._workbook_bytes(model, Worksheet)

    def read(paused: bool) -> None:
        with paused_gc() if paused else contextlib.nullcontext():
            for b in batches:
                reader.read_batch(b)

    rows = [  # reading first, while this process holds as little as a fresh worker does
        ("read a file (one batch of 100 at a time), collector running", best(args.rounds, lambda: read(False)) / n * 1000, "ms"),
        ("read a file, collector paused (as forked workers are)", best(args.rounds, lambda: read(True)) / n * 1000, "ms"),
    ]
    subs = [load(f, spec) for f in files]
    s = merge_files(files, spec=spec, workers=1)
    model = build_overzicht(s)
    rows += [
        ("check a board in a batch (check_many)", best(args.rounds, lambda: list(check_many(subs, spec, None))) / n * 1000, "ms"),
        ("write the overview, collector running", best(args.rounds, lambda: writer._workbook_bytes(model)), "s"),
        ("write the overview, collector paused (as the merge does)", best(args.rounds, lambda: writer.workbook_bytes(model)), "s"),
        ("write it with xlsxwriter's own worksheet (no rows.py), paused", best(args.rounds, lambda: plain_bytes(model)), "s"),
        ("a batch's result sent back to the merge, per board (pickled)", len(pickle.dumps(reader.read_batch(batches[0]))) / len(batches[0]) / 1024, "KB"),
    ]
    print(f"{n} boards, Python {sys.version.split()[0]}, best of {args.rounds}")
    for label, value, unit in rows:
        print(f"  {label:<62} {value:8.2f} {unit}")
    print(f"  collector paused / running: reading {rows[1][1] / rows[0][1]:.2f}x, writing {rows[4][1] / rows[3][1]:.2f}x; "
          f"rows.py / xlsxwriter's own worksheet: {rows[4][1] / rows[5][1]:.2f}x")


if __name__ == "__main__":
    main()
