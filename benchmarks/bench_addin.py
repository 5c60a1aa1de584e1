"""Speed of the Excel add-in's server, per click, in-process through the full app (size limit,
xlwings Server, script, actions back): the book JSON Excel sends for each example board posted
to each button's route. Prints figures; not a test. Needs the `addin` extra.

Run: python benchmarks/bench_addin.py
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

from starlette.testclient import TestClient  # noqa: E402
from xltoolkit.addin import webapp  # noqa: E402

from xltoolkit.examples import example_names, load_example  # noqa: E402
from xltoolkit.excel.payload import book_payload  # noqa: E402
from xltoolkit.io import save  # noqa: E402
from xltoolkit.spec import load_spec

ROUTES = {
    "valideren": "/xlwings/custom-scripts-call/valideren",
    "reconciliatie": "/xlwings/custom-scripts-call/reconciliatie",
    "meldingen (taakvenster)": "/passend-onderwijs/meldingen",
    "rapport_genereren (docx+pdf)": "/xlwings/custom-scripts-call/rapport_genereren",
}


def main() -> None:
    web = TestClient(webapp.app, client=("127.0.0.1", 1))
    with tempfile.TemporaryDirectory() as tmp:
        payloads = {n: book_payload(save(load_example(n, load_spec()), Path(tmp) / f"{n}.xlsx", load_spec())) for n in example_names()}
    for name, payload in payloads.items():
        print(f"{name}: book JSON {len(json.dumps(payload)) / 1024:.0f} kB")
    for label, route in ROUTES.items():
        repeat = 3 if "rapport" in label else 10
        times = []
        for payload in payloads.values():
            for _ in range(repeat):
                t = time.perf_counter()
                response = web.post(route, json=payload)
                times.append(time.perf_counter() - t)
                assert response.status_code == 200, response.text
        print(f"{label:30s} median {statistics.median(times) * 1000:7.0f} ms   max {max(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
