"""Speed and memory of `xltoolkit merge` against what reading the same workbooks costs elsewhere,
all in ONE run (issue 15: the machine is shared, so only ratios measured side by side count):

- a python-calamine loop that extracts the same inputs: every defined name's cells (the fields,
  the version stamps and the aanwending table's columns), names resolved from workbook.xml;
- a naive loop of `pandas.read_excel(path, sheet_name=None)` over the same files;
- the floor: unzipping every sheet part, the shared strings and workbook.xml, nothing parsed;
- the merge's peak memory at the largest size (3,000 files by default).

Goals: merge within 2x of the calamine loop and at least 10x faster than the pandas loop at 1,000
files; 3,000 files under 1 GB peak. Prints figures; it is not a test. Run:

    python benchmarks/bench_merge.py [--sizes 1000 3000] [--baseline-max 1000] [--keep DIR] [--rounds 3]

The workbooks are generated from the example boards, each one varied (board name, amounts,
chosen indicators, a line of text), and saved with the toolkit's own `save`, so they are real
filled master workbooks. Each measurement runs in a fresh process, so its peak memory is its own:
the merge's figure is the peak resident memory of the merge process plus that of its largest
worker process times the number of workers (an upper bound: forked workers share pages with
the parent), and, sampled every 20 ms from /proc, the largest sum of the resident memory of the
merge process and all its workers at one moment. Every measurement is made `--rounds` times (3),
the rounds one after the other; the table gives medians. The loops run in one process (as written by
anyone extracting the data); the merge uses every core, which is part of what it offers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

TARGET_BYTES = 1024**3  # peak memory at the largest size
TARGET_CALAMINE = 2.0  # merge / calamine loop, at most
TARGET_PANDAS = 10.0  # pandas loop / merge, at least
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# -- generating the workbooks ---------------------------------------------------------------------


def _vary(i: int):
    """Example board `i % 4`, made into a different board: name, amounts, indicators, a text."""
    from xltoolkit.examples import example_names, load_example
    from xltoolkit.model.money import Bedrag
    from xltoolkit.model.submission import Aanwendingsregel, Submission
    from xltoolkit.model.values import Indicatoren
    from xltoolkit.spec import load_spec

    spec = load_spec()
    rng = random.Random(i)
    names = example_names()
    sub = load_example(names[i % len(names)], load_spec())
    factor = Decimal(rng.randint(50, 250)) / 100

    def scale(value):
        if isinstance(value, Bedrag) and value.euro is not None:
            return Bedrag(euro=(value.euro * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return value

    values = {k: scale(v) for k, v in sub.values.items()}
    values["bestuur"] = f"Stichting Synthetisch Bestuur {i:04d}"
    values["schooljaar"] = "2023-2024"
    for section in spec.process_sections:
        field = section.indicator_field
        current = values.get(field.id)
        if isinstance(current, Indicatoren) and not current.nvt:
            lo, hi = section.indicators
            values[field.id] = Indicatoren(tuple(sorted(rng.sample(range(lo, hi + 1), k=min(3, hi - lo + 1)))))
    if isinstance(values.get("thuiszitters"), str):
        values["thuiszitters"] += f"\n\nAanvulling {i}: dit bestuur telde {rng.randint(0, 9)} thuiszitters."
    lines = [Aanwendingsregel({k: scale(v) for k, v in ln.values.items()}) for ln in sub.aanwending]
    return Submission.from_values(values, lines, spec=spec)


def _generate_one(args: tuple[int, str]) -> None:
    from xltoolkit.io import save
    from xltoolkit.spec import load_spec

    i, folder = args
    save(_vary(i), Path(folder) / f"bestuur-{i:04d}.xlsx", load_spec())


def generate(folder: Path, n: int) -> float:
    """Write workbooks 0..n-1 that are not there yet (shared by all sizes); returns the seconds spent."""
    folder.mkdir(parents=True, exist_ok=True)
    todo = [(i, str(folder)) for i in range(n) if not (folder / f"bestuur-{i:04d}.xlsx").exists()]
    t = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_generate_one, todo, chunksize=8))
    return time.perf_counter() - t


# -- one measurement, in a process of its own -----------------------------------------------------


class _Sampler(threading.Thread):
    """The largest sum of resident memory of this process and its children at one moment (Linux /proc)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak, self.stop = 0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, sum(_rss(pid) for pid in [os.getpid(), *_children(os.getpid())]))


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure_merge(folder: Path, n: int, out: Path) -> dict:
    from xltoolkit.services.merge import build_overzicht, find_files, merge_found, processors, write_overzicht
    from xltoolkit.spec import load_spec

    sampler = _Sampler()
    sampler.start()
    t0 = time.perf_counter()
    found = find_files([folder])
    found.candidates = found.candidates[:n]
    s = merge_found(found, spec=load_spec())
    t1 = time.perf_counter()
    write_overzicht(build_overzicht(s), out)
    t2 = time.perf_counter()
    sampler.stop.set()
    sampler.join()
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_rss, child_rss = me.ru_maxrss * 1024, children.ru_maxrss * 1024
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    workers = min(processors(), n)
    return {"seconds": t2 - t0, "read": t1 - t0, "write": t2 - t1, "taken": len(s.taken), "files": len(s.files),
            "self_rss": self_rss, "child_rss": child_rss, "bound": self_rss + workers * child_rss,
            "sampled": sampler.peak, "workers": workers, "size": out.stat().st_size, "cpu": cpu}


def measure_baseline(folder: Path, n: int) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    cells = 0
    for path in _files(folder, n):
        frames = pd.read_excel(path, sheet_name=None)
        cells += sum(f.size for f in frames.values())
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": time.perf_counter() - t0, "cells": cells, "self_rss": me.ru_maxrss * 1024, "cpu": me.ru_utime + me.ru_stime}


def _files(folder: Path, n: int) -> list[Path]:
    return sorted(folder.glob("bestuur-*.xlsx"))[:n]


def measure_calamine(folder: Path, n: int) -> dict:
    """Every defined name's cells with python-calamine; the names from workbook.xml (calamine
    does not give them), each sheet a name points to read once per file."""
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    cells = 0
    for path in _files(folder, n):
        names = _defined_names(path)
        wb = CalamineWorkbook.from_path(str(path))
        grids: dict[str, list[list]] = {}
        for ref in names.values():
            target = _parse_ref(ref)
            if target is None or target[0] not in wb.sheet_names:
                continue
            sheet, (r1, c1), (r2, c2) = target
            if sheet not in grids:
                grids[sheet] = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            grid = grids[sheet]
            values = [grid[r - 1][c - 1] if r <= len(grid) and c <= len(grid[r - 1]) else None
                      for r in range(r1, min(r2, r1 + 999) + 1) for c in range(c1, min(c2, c1 + 99) + 1)]
            cells += len(values)
        wb.close()
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": time.perf_counter() - t0, "cells": cells, "self_rss": me.ru_maxrss * 1024, "cpu": me.ru_utime + me.ru_stime}


def _defined_names(path: Path) -> dict[str, str]:
    import xml.etree.ElementTree as ET
    import zipfile

    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("xl/workbook.xml"))
    return {el.get("name", ""): (el.text or "") for el in root.iter(f"{{{NS_MAIN}}}definedName") if el.get("localSheetId") is None}


def _parse_ref(ref: str) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    import re

    sheet, _, cells = ref.lstrip("=").rpartition("!")
    sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    found = [re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", part) for part in cells.split(":")]
    if not sheet or not found or not all(found):
        return None

    def rc(m: re.Match) -> tuple[int, int]:
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        return int(m.group(2)), col

    first, last = rc(found[0]), rc(found[-1])  # type: ignore[arg-type]
    return sheet, first, last


def measure_unzip(folder: Path, n: int) -> dict:
    """The floor: every sheet part, the shared strings and workbook.xml unpacked, nothing parsed."""
    import zipfile

    t0 = time.perf_counter()
    size = 0
    for path in _files(folder, n):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/sheet") or name in ("xl/sharedStrings.xml", "xl/workbook.xml"):
                    size += len(zf.read(name))
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": time.perf_counter() - t0, "bytes": size, "self_rss": me.ru_maxrss * 1024, "cpu": me.ru_utime + me.ru_stime}


MEASURES = {"baseline": measure_baseline, "calamine": measure_calamine, "unzip": measure_unzip}


def _subprocess(kind: str, folder: Path, n: int, out: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--measure", kind, str(folder), str(n)] + ([str(out)] if out else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system (--keep elsewhere): copy
        shutil.copy2(src, dst)


# -- the report ----------------------------------------------------------------------------------


def mb(n: float) -> str:
    return f"{n / 1024**2:7.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--baseline-max", type=int, default=1000, help="largest size to run the (slow) pandas loop for")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    parser.add_argument("--rounds", type=int, default=3, help="each measurement this many times (medians)")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, folder, n = args.measure[0], Path(args.measure[1]), int(args.measure[2])
        result = measure_merge(folder, n, Path(args.measure[3])) if kind == "merge" else MEASURES[kind](folder, n)
        print(json.dumps(result))
        return
    try:
        import python_calamine  # noqa: F401  (the comparison this benchmark exists for)
    except ImportError:
        sys.exit("python-calamine is needed for the comparison: pip install python-calamine")
    tmp = Path(tempfile.mkdtemp(prefix="bench_merge_"))
    folder = args.keep or tmp / "werkboeken"
    try:
        print(f"cores: {os.cpu_count()}, Python {sys.version.split()[0]}")
        print(f"generated {max(args.sizes)} workbooks in {generate(folder, max(args.sizes)):.1f} s ({folder})")
        sizes = sorted(args.sizes)
        results = [_measure_size(n, _folder_of(folder, tmp, n), tmp, n <= args.baseline_max, args.rounds) for n in sizes]
        _report(results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _folder_of(folder: Path, tmp: Path, n: int) -> Path:
    """A folder of exactly n workbooks (links), as a user would merge it."""
    sub = tmp / f"n{n}"
    sub.mkdir()
    for i in range(n):
        _link(folder / f"bestuur-{i:04d}.xlsx", sub / f"bestuur-{i:04d}.xlsx")
    return sub


def _measure_size(n: int, folder: Path, tmp: Path, with_pandas: bool, rounds: int) -> dict:
    """The merge and each loop over the same n files, one after the other, `rounds` times: medians of
    the times, of each round's ratios (a slower moment of the shared machine slows a round alike) and
    the largest peak."""
    runs = []
    for _ in range(rounds):
        m = _subprocess("merge", folder, n, tmp / f"overzicht-{n}.xlsx")
        assert m["taken"] == n, m
        runs.append({"merge": m, "calamine": _subprocess("calamine", folder, n), "unzip": _subprocess("unzip", folder, n),
                     "pandas": _subprocess("baseline", folder, n) if with_pandas else None})
    median = statistics.median
    out: dict = {"n": n, "rounds": rounds}
    for kind in ("merge", "calamine", "unzip", "pandas"):
        if runs[0][kind] is None:
            out[kind] = None
            continue
        out[kind] = {k: median(r[kind][k] for r in runs) for k in runs[0][kind] if isinstance(runs[0][kind][k], (int, float))}
    out["merge"]["sampled"] = max(r["merge"]["sampled"] for r in runs)
    out["merge"]["bound"] = max(r["merge"]["bound"] for r in runs)
    out["merge"]["workers"] = runs[0]["merge"]["workers"]
    out["m/calamine"] = median(r["merge"]["seconds"] / r["calamine"]["seconds"] for r in runs)
    out["m/unzip"] = median(r["merge"]["seconds"] / r["unzip"]["seconds"] for r in runs)
    out["pandas/m"] = median(r["pandas"]["seconds"] / r["merge"]["seconds"] for r in runs) if with_pandas else None
    return out


def _report(results: list[dict]) -> None:
    print()
    print(f"medians of {results[0]['rounds']} rounds; ratios: the median of each round's ratio; peaks: the largest")
    print(f"{'files':>6} {'merge':>8} {'read':>7} {'write':>7} {'calamine':>9} {'pandas':>8} {'unzip':>7}"
          f" {'m/calamine':>10} {'pandas/m':>9} {'m/unzip':>8} {'peak (sampled)':>15} {'peak (bound)':>13}")
    for r in results:
        m, c, u, p = r["merge"], r["calamine"], r["unzip"], r["pandas"]
        pandas = f"{p['seconds']:7.1f}s" if p else "       -"
        ratio_p = f"{r['pandas/m']:8.1f}x" if p else "        -"
        print(f"{r['n']:>6} {m['seconds']:7.2f}s {m['read']:6.2f}s {m['write']:6.2f}s {c['seconds']:8.2f}s {pandas} {u['seconds']:6.2f}s"
              f" {r['m/calamine']:9.1f}x {ratio_p} {r['m/unzip']:7.0f}x"
              f" {mb(m['sampled']):>15} {mb(m['bound']):>13}")
    print()
    for r in results:
        m, c, p = r["merge"], r["calamine"], r["pandas"]
        ratio = r["m/calamine"]
        line = (f"{r['n']} files: merge / calamine loop {ratio:.1f}x (goal <= {TARGET_CALAMINE:.0f}x: "
                f"{'ok' if ratio <= TARGET_CALAMINE else 'MISSED'})")
        if p:
            faster = r["pandas/m"]
            line += f"; pandas loop / merge {faster:.1f}x (goal >= {TARGET_PANDAS:.0f}x: {'ok' if faster >= TARGET_PANDAS else 'MISSED'})"
        print(line)
        print(f"{'':>6}CPU seconds (all processes): merge {m['cpu']:.1f}, calamine {c['cpu']:.1f}"
              + (f", pandas {p['cpu']:.1f}" if p else "") + f"; {m['workers']} worker processes")
    last = results[-1]["merge"]
    print(f"peak at {results[-1]['n']} files: {mb(last['bound']).strip()} bound, {mb(last['sampled']).strip()} sampled "
          f"(< 1 GB: {'ok' if last['bound'] < TARGET_BYTES else 'MISSED'})")


if __name__ == "__main__":
    main()
