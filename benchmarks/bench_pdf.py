"""Per-document PDF time: a cold one-shot LibreOffice per document (before) against a warm
LibreOffice (unoserver, the add-in server) and one LibreOffice start for many documents (the
batch, `merge --report`), side by side in one run, rounds interleaved so load hits all alike.

Documents: the example boards' reports rendered by the toolkit (cycled to N), and region bundles
of two boards each, whose table of contents LibreOffice fills in (the `indexen` path). Prints
medians per document and the ratios; not a test. Needs LibreOffice, and unoserver for the Python
with `uno` (see docs/ontwikkelaars.md).

Run: python benchmarks/bench_pdf.py [N] [ROUNDS]     (default 6 documents, 3 rounds)
"""

from __future__ import annotations

import statistics
import sys
import time
from itertools import cycle, islice

from xltoolkit.examples import example_names, load_example
from xltoolkit.services.report import build_report, find_soffice, render_bundle, render_docx
from xltoolkit.services.report import pdf as pdfmod
from xltoolkit.services.report.warm import WarmLibreOffice
from xltoolkit.spec import load_spec


def documents(n: int) -> tuple[list[bytes], list[bytes]]:
    spec = load_spec()
    rapporten = [build_report(load_example(name, spec), spec) for name in example_names()]
    reports = [render_docx(r) for r in islice(cycle(rapporten), n)]
    pairs = list(zip(rapporten, rapporten[1:] + rapporten[:1]))
    bundles = [render_bundle("Verantwoording passend onderwijs — bench", "Schooljaar 2023-2024", list(pair), "docx")
               for pair in islice(cycle(pairs), max(2, n // 2))]
    return reports, bundles


def per_doc(seconds: float, n: int) -> float:
    return seconds / n


def cold(docs: list[bytes], indexen: bool) -> list[float]:
    pdfmod.use_warm(None)
    times = []
    for docx in docs:
        t = time.perf_counter()
        assert pdfmod.docx_to_pdf(docx, indexen=indexen).startswith(b"%PDF")
        times.append(time.perf_counter() - t)
    return times


def warm_times(w: WarmLibreOffice, docs: list[bytes], indexen: bool) -> list[float]:
    pdfmod.use_warm(w)
    try:
        times = []
        for docx in docs:
            before = w.conversions
            t = time.perf_counter()
            assert pdfmod.docx_to_pdf(docx, indexen=indexen).startswith(b"%PDF")
            times.append(time.perf_counter() - t)
            assert w.conversions == before + 1, "not converted by the warm server"
        return times
    finally:
        pdfmod.use_warm(None)


def batch(docs: list[bytes], indexen: bool) -> float:
    pdfmod.use_warm(None)
    t = time.perf_counter()
    out = pdfmod.docx_to_pdfs(docs, indexen=indexen)
    assert all(isinstance(p, bytes) and p.startswith(b"%PDF") for p in out)
    return per_doc(time.perf_counter() - t, len(docs))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    soffice = find_soffice()
    if soffice is None:
        sys.exit("LibreOffice ontbreekt")
    reports, bundles = documents(n)
    print(f"{len(reports)} reports, {len(bundles)} bundles (table of contents), {rounds} rounds")

    t = time.perf_counter()
    w = WarmLibreOffice(soffice).start()
    if not w.wait_ready(180):
        sys.exit(f"unoserver not ready: {w.status}")
    start_up = time.perf_counter() - t
    print(f"warm LibreOffice ready after {start_up:.1f} s (unoserver start + first conversion)")

    results: dict[str, dict[str, list[float]]] = {
        kind: {"cold": [], "warm": [], "batch": []} for kind in ("report", "bundle")}
    try:
        for _ in range(rounds):
            for kind, docs, indexen in (("report", reports, False), ("bundle", bundles, True)):
                results[kind]["cold"] += cold(docs, indexen)
                results[kind]["warm"] += warm_times(w, docs, indexen)
                results[kind]["batch"].append(batch(docs, indexen))
    finally:
        w.stop()

    print(f"\n{'per document (median)':28s} {'cold one-shot':>14s} {'warm':>9s} {'batch':>9s}"
          f" {'cold/warm':>10s} {'cold/batch':>11s}")
    for kind, r in results.items():
        c, h, b = (statistics.median(r[k]) for k in ("cold", "warm", "batch"))
        print(f"{kind:28s} {c:13.2f}s {h:8.2f}s {b:8.2f}s {c / h:9.1f}× {c / b:10.1f}×")
    c = statistics.median(results["report"]["cold"])
    h = statistics.median(results["report"]["warm"])
    print(f"\nwarm start-up {start_up:.1f} s pays for itself after {start_up / max(c - h, 1e-9):.1f} reports "
          "(the add-in server starts it once, in the background)")


if __name__ == "__main__":
    main()
