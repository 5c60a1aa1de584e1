"""Speed of importing last year's report: the two real seeds (text from Word/PDF) in-process, and
`xltoolkit import` including interpreter start and writing the workbook. Prints figures; not a test.

Run from the repository root: python benchmarks/bench_import.py (the seeds are in ../shared).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xltoolkit.services.importer import import_report
from xltoolkit.spec import load_spec

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "domain" / "seeds"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    spec = load_spec()
    exe = shutil.which("xltoolkit") or str(Path(sys.executable).with_name("xltoolkit"))
    seeds = sorted(SEEDS.glob("00[04]_*.txt"))
    if not seeds:
        sys.exit(f"de inzendingen ontbreken in {SEEDS}")
    for seed in seeds:
        import_report(seed, spec)  # warm-up
        print(f"import {seed.name:<28} median {median_ms(lambda seed=seed: import_report(seed, spec), 10):7.1f} ms (in-process)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.xlsx"
        cmd = [exe, "import", str(seeds[0]), "-o", str(out), "--overschrijven"]
        print(f"{'xltoolkit import (new process, writes the workbook)':<42} median {median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True), 3):7.1f} ms")


if __name__ == "__main__":
    main()
