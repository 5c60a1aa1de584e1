"""Speed of `build` and `load` (targets: build < 2 s, load of a filled workbook < 200 ms), and of
the whole `xltoolkit build` command (all four workbooks, interpreter start included).

Prints figures; it is not a test. Run: python benchmarks/bench_io.py
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
from xltoolkit.io import build_bytes, load, save
from xltoolkit.spec import load_spec


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def report(label: str, times: list[float], target: float) -> None:
    med = statistics.median(times)
    print(f"{label:<42} median {med * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms   target < {target * 1000:.0f} ms")


def main() -> None:
    spec = load_spec()
    report("build (empty master, in memory)", timed(lambda: build_bytes(spec), 10), 2.0)
    report("build (.xlsm with VBA and buttons, in memory)", timed(lambda: build_bytes(spec, xlsm=True), 10), 2.0)
    exe = shutil.which("xltoolkit") or str(Path(sys.executable).with_name("xltoolkit"))
    with tempfile.TemporaryDirectory() as tmp:
        report("xltoolkit build (4 workbooks, new process)",
               timed(lambda: subprocess.run([exe, "build", "-o", tmp], check=True, capture_output=True), 3), 2.0)
    with tempfile.TemporaryDirectory() as tmp:
        for name in example_names():
            sub = load_example(name, load_spec())
            path = save(sub, Path(tmp) / f"{name}.xlsx", spec)
            report(f"save {name}", timed(lambda sub=sub, path=path: save(sub, path, spec), 5), 2.0)
            report(f"load {name} ({path.stat().st_size // 1024} KiB)", timed(lambda path=path: load(path, spec), 20), 0.2)


if __name__ == "__main__":
    main()
