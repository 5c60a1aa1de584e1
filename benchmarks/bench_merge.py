"""Speed and memory of `xltoolkit merge` on 10, 100 and 1,000 synthetic workbooks, against a naive
baseline (a loop of `pandas.read_excel(path, sheet_name=None)` over the same files).

Targets: 1,000 workbooks in under 30 s on a 2-core machine, peak memory under 1.5 GB, at least
5x faster than the baseline. Prints figures; it is not a test. Run:

    python benchmarks/bench_merge.py [--sizes 10 100 1000] [--baseline-max 1000] [--keep DIR]

The workbooks are generated from the example boards, each one varied (board name, amounts,
chosen indicators, a line of text), and saved with the toolkit's own `save`, so they are real
filled master workbooks. Each measurement runs in a fresh process, so its peak memory is its own:
the merge's figure is the peak resident memory of the merge process plus that of its largest
worker process times the number of workers (an upper bound: forked workers share pages with
the parent), and, sampled every 20 ms from /proc, the largest sum of the resident memory of the
merge process and all its workers at one moment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

TARGET_SECONDS = 30.0
TARGET_BYTES = 1.5 * 1024**3
TARGET_RATIO = 5.0


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
    sub = load_example(names[i % len(names)])
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
    return Submission.from_values(values, lines, spec)


def _generate_one(args: tuple[int, str]) -> None:
    from xltoolkit.io import save

    i, folder = args
    save(_vary(i), Path(folder) / f"bestuur-{i:04d}.xlsx")


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
    from xltoolkit.services.merge import overzicht, processors, schrijf_overzicht, vind_bestanden, voeg_samen

    sampler = _Sampler()
    sampler.start()
    t0 = time.perf_counter()
    vondst = vind_bestanden([folder])
    vondst.kandidaten = vondst.kandidaten[:n]
    s = voeg_samen(vondst)
    t1 = time.perf_counter()
    schrijf_overzicht(overzicht(s), out)
    t2 = time.perf_counter()
    sampler.stop.set()
    sampler.join()
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_rss, child_rss = me.ru_maxrss * 1024, children.ru_maxrss * 1024
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    workers = min(processors(), n)
    return {"seconds": t2 - t0, "read": t1 - t0, "write": t2 - t1, "taken": len(s.opgenomen), "files": len(s.gelezen),
            "self_rss": self_rss, "child_rss": child_rss, "bound": self_rss + workers * child_rss,
            "sampled": sampler.peak, "workers": workers, "size": out.stat().st_size, "cpu": cpu}


def measure_baseline(folder: Path, n: int) -> dict:
    import pandas as pd

    files = sorted(folder.glob("bestuur-*.xlsx"))[:n]
    t0 = time.perf_counter()
    cells = 0
    for path in files:
        frames = pd.read_excel(path, sheet_name=None)
        cells += sum(f.size for f in frames.values())
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": time.perf_counter() - t0, "cells": cells, "self_rss": me.ru_maxrss * 1024, "cpu": me.ru_utime + me.ru_stime}


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--baseline-max", type=int, default=1000, help="largest size to run the (slow) baseline for")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, folder, n = args.measure[0], Path(args.measure[1]), int(args.measure[2])
        result = measure_merge(folder, n, Path(args.measure[3])) if kind == "merge" else measure_baseline(folder, n)
        print(json.dumps(result))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench_merge_"))
    folder = args.keep or tmp / "werkboeken"
    try:
        print(f"cores: {os.cpu_count()}, Python {sys.version.split()[0]}")
        print(f"generated {max(args.sizes)} workbooks in {generate(folder, max(args.sizes)):.1f} s ({folder})")
        sizes = sorted(args.sizes)
        sub_folders = {}
        for n in sizes:  # each size reads a folder of exactly n workbooks, as a user would merge it
            sub = tmp / f"n{n}"
            sub.mkdir()
            for i in range(n):
                _link(folder / f"bestuur-{i:04d}.xlsx", sub / f"bestuur-{i:04d}.xlsx")
            sub_folders[n] = sub
        print()
        print(f"{'files':>6} {'merge':>8} {'read':>7} {'write':>7} {'per file':>9} {'peak (sampled)':>15} {'peak (bound)':>13}"
              f" {'baseline':>9} {'ratio':>6}")
        previous = None
        for n in sizes:
            m = _subprocess("merge", sub_folders[n], n, tmp / f"overzicht-{n}.xlsx")
            assert m["taken"] == n, m
            b = _subprocess("baseline", sub_folders[n], n) if n <= args.baseline_max else None
            ratio = f"{b['seconds'] / m['seconds']:5.1f}x" if b else "    -"
            base = f"{b['seconds']:8.1f}s" if b else "        -"
            print(f"{n:>6} {m['seconds']:7.2f}s {m['read']:6.2f}s {m['write']:6.2f}s {m['seconds'] / n * 1000:7.1f}ms"
                  f" {mb(m['sampled']):>15} {mb(m['bound']):>13} {base} {ratio}")
            if previous:
                pn, pm = previous
                print(f"{'':>6} growth x{n / pn:.0f} files -> x{m['seconds'] / pm['seconds']:.1f} time")
            previous = (n, m)
        n, m = previous
        print()
        time_ok = "ok" if m["seconds"] < TARGET_SECONDS else "MISSED"
        print(f"targets at {n} files: time {m['seconds']:.1f} s (< {TARGET_SECONDS:.0f} s: {time_ok}), "
              f"peak {mb(m['bound']).strip()} (< 1.5 GB: {'ok' if m['bound'] < TARGET_BYTES else 'MISSED'})")
        if b:
            ratio = b["seconds"] / m["seconds"]
            print(f"baseline pandas.read_excel loop: {b['seconds']:.1f} s, peak {mb(b['self_rss']).strip()}; "
                  f"merge is {ratio:.1f}x faster (goal >= {TARGET_RATIO:.0f}x: {'ok' if ratio >= TARGET_RATIO else 'MISSED'})")
            print(f"CPU time (all processes): merge {m['cpu']:.1f} s, baseline {b['cpu']:.1f} s "
                  f"(wall time suffers when other programs share the cores; CPU time does not)")
        print(f"overview of {n} files: {m['size'] / 1024**2:.1f} MB, {m['workers']} worker processes")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
