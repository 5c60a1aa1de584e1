"""Speed of the report (target: docx + html + md for one board < 1 s in-process; PDF reported apart).

Prints figures; it is not a test. Run: python benchmarks/bench_report.py
Each board is read from a real workbook first (load), as `xltoolkit report` does; the first round
includes loading python-docx's template and compiling the jinja2 templates (a cold start).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import load, save
from xltoolkit.services.check import check
from xltoolkit.services.report import build_report, find_soffice, render, report_context
from xltoolkit.spec import load_spec

TARGET = 1.0


def all_but_pdf(sub, spec) -> float:
    t = time.perf_counter()
    r = build_report(sub, spec, report_context(check(sub, spec)))
    for fmt in ("docx", "html", "md"):
        render(r, fmt)
    return time.perf_counter() - t


def figures(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:6.1f} ms   max {max(times) * 1000:6.1f} ms"


def main() -> None:
    spec = load_spec()
    with tempfile.TemporaryDirectory() as tmp:
        subs = {n: load(save(load_example(n, load_spec()), Path(tmp) / f"{n}.xlsx", spec), spec) for n in example_names()}
    cold = all_but_pdf(subs["000_smart_limburg"], spec)
    print(f"{'docx+html+md, first call (cold)':<44} {cold * 1000:8.1f} ms   target < {TARGET * 1000:.0f} ms")
    for name, sub in subs.items():
        times = [all_but_pdf(sub, spec) for _ in range(10)]
        print(f"{'docx+html+md ' + name:<44} {figures(times)}   target < {TARGET * 1000:.0f} ms")
    r = build_report(subs["000_smart_limburg"], spec)
    for fmt in ("docx", "html", "md"):
        times = []
        for _ in range(10):
            t = time.perf_counter()
            render(r, fmt)
            times.append(time.perf_counter() - t)
        print(f"{'  ' + fmt + ' alone (000)':<44} median {statistics.median(times) * 1000:6.1f} ms")
    if not find_soffice():
        print("pdf: LibreOffice (soffice) niet gevonden; PDF-conversie niet gemeten", file=sys.stderr)
        return
    times = []
    for _ in range(3):
        t = time.perf_counter()
        render(r, "pdf")
        times.append(time.perf_counter() - t)
    print(f"{'pdf (docx + LibreOffice headless, 000)':<44} {figures(times)}   (apart gemeten)")


if __name__ == "__main__":
    main()
