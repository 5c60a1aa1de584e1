"""Speed of the check (validation and reconciliation, once each) (targets: one filled workbook < 300 ms
in-process after imports; `xltoolkit validate` including interpreter start < 1.5 s). Prints figures; not a test.

Run: python benchmarks/bench_validate.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import load, save
from xltoolkit.services.check import check
from xltoolkit.services.reconcile import reconcile
from xltoolkit.spec import load_spec


def median_ms(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    spec = load_spec()
    exe = shutil.which("xltoolkit") or str(Path(sys.executable).with_name("xltoolkit"))
    with tempfile.TemporaryDirectory() as tmp:
        for name in example_names():
            path = save(load_example(name, load_spec()), Path(tmp) / f"{name}.xlsx", spec)
            check(load(path, spec), spec)  # warm-up: imports and caches
            med, worst = median_ms(lambda path=path: check(load(path, spec), spec), 20)
            print(f"load+check    {name:<22} median {med:7.1f} ms   max {worst:7.1f} ms   target < 300 ms")
            sub = load(path, spec)
            med, worst = median_ms(lambda sub=sub: reconcile(sub, spec), 20)
            print(f"reconcile     {name:<22} median {med:7.1f} ms   max {worst:7.1f} ms")
        path = Path(tmp) / f"{example_names()[1]}.xlsx"
        med, worst = median_ms(lambda: subprocess.run([exe, "validate", str(path)], capture_output=True), 5)
        print(f"{'xltoolkit validate (new process)':<36} median {med:7.1f} ms   max {worst:7.1f} ms   target < 1500 ms")


if __name__ == "__main__":
    main()
