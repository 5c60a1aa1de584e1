"""PDF without a cold start per document: the warm LibreOffice (unoserver) and the batch.

Real conversions throughout: a warm server's PDF has the same text as a one-shot conversion's
(also for a bundle, whose table of contents LibreOffice fills in), many documents take one
LibreOffice start where no warm server runs, a Python without unoserver (set by configuration)
falls back to one-shot, a crashed server is started again, and the add-in server starts and stops
it with its lifespan. After every test no LibreOffice of ours is left running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_report_pdf import poppler

from xltoolkit.examples import example_names, load_example
from xltoolkit.services.report import ReportError, build_report, find_soffice, render_bundle, render_docx
from xltoolkit.services.report import pdf as pdfmod
from xltoolkit.services.report.warm import UNOSERVER_PYTHON_ENV, WarmLibreOffice

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def running_under(folder: Path) -> list[str]:
    """Command lines of live processes that name `folder` (LibreOffice's profile is in it)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(folder) in text:
            found.append(text)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def text_of(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """Every temporary folder of the conversions (their LibreOffice profiles) under tmp_path; after
    the test, no process may still name it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path
    assert running_under(tmp_path) == [], "LibreOffice is na de test blijven draaien"


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """One warm LibreOffice for the comparisons (starting one takes seconds)."""
    soffice = find_soffice()
    if soffice is None:
        pytest.fail("LibreOffice ontbreekt: draai .ci/run")
    folder = tmp_path_factory.mktemp("warm")
    w = WarmLibreOffice(soffice, folder=str(folder)).start()
    pid = None
    try:
        assert w.wait_ready(180), w.status
        pid = w.pid
        yield w
    finally:
        w.stop()
        pdfmod.use_warm(None)
    assert running_under(folder) == [] and pid is not None and not alive(pid)


@pytest.fixture(scope="module")
def reports(spec):
    return {name: render_docx(build_report(load_example(name, spec), spec)) for name in example_names()}


@pytest.fixture(scope="module")
def bundle(spec):
    """A region report of two boards: title, table of contents (filled in by LibreOffice), chapters."""
    rapporten = [build_report(load_example(n, spec), spec) for n in ("000_smart_limburg", "004_kom_leren")]
    return render_bundle("Verantwoording passend onderwijs — proef", "Schooljaar 2023-2024", rapporten, "docx")


def one_shot(docx: bytes, **kw) -> bytes:
    pdfmod.use_warm(None)
    return pdfmod.docx_to_pdf(docx, **kw)


def through(w: WarmLibreOffice, docx: bytes, **kw) -> bytes:
    pdfmod.use_warm(w)
    try:
        before = w.conversions
        data = pdfmod.docx_to_pdf(docx, **kw)
        assert w.conversions == before + 1, "niet door de warme LibreOffice omgezet"
        return data
    finally:
        pdfmod.use_warm(None)


@pytest.mark.libreoffice
def test_warm_pdf_has_the_same_text_as_one_shot(lo, warm, reports, own_tmp):
    for name, docx in list(reports.items())[:2]:
        cold, hot = one_shot(docx), through(warm, docx)
        assert hot.startswith(b"%PDF")
        assert text_of(hot, own_tmp, f"{name}-warm") == text_of(cold, own_tmp, f"{name}-koud"), name


@pytest.mark.libreoffice
def test_warm_bundle_has_its_contents_with_page_numbers(lo, warm, bundle, own_tmp):
    """The bundle's table of contents is filled in by the warm server as by the one-shot UNO run."""
    hot = text_of(through(warm, bundle, indexen=True), own_tmp, "warm")
    cold = text_of(one_shot(bundle, indexen=True), own_tmp, "koud")
    assert hot == cold
    pages = hot.split("\f")
    entries = [ln.split("....")[0].strip() + " " + ln.rstrip(". ").split(".")[-1]
               for ln in pages[0].splitlines() if "...." in ln]
    assert len(entries) == 2, pages[0]  # a line per board, with the page its chapter starts on
    for entry in entries:
        name, page = entry.rsplit(" ", 1)
        assert pages[int(page) - 1].lstrip().startswith(name), entry


@pytest.mark.libreoffice
def test_many_documents_take_one_libreoffice_start(lo, warm, reports, own_tmp, monkeypatch):
    """Without a warm server, a batch starts LibreOffice once, not once per document; each PDF is its
    own document's (the same text as the warm server's, which is the one-shot's, above)."""
    log = own_tmp / "starts.log"
    wrapper = own_tmp / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{find_soffice()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(wrapper))
    names = list(reports)
    pdfs = pdfmod.docx_to_pdfs([reports[n] for n in names])
    assert log.read_text().count("start") == 1
    for name, pdf in zip(names, pdfs):
        assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
        assert text_of(pdf, own_tmp, name) == text_of(through(warm, reports[name]), own_tmp, f"{name}-warm"), name


@pytest.mark.libreoffice
def test_a_broken_document_in_a_batch_costs_only_itself(lo, reports, own_tmp):
    good = reports["004_kom_leren"]
    broken = good[: len(good) // 2]  # a Word file cut off halfway: no zip directory
    first, bad, last = pdfmod.docx_to_pdfs([good, broken, good])
    assert isinstance(first, bytes) and isinstance(last, bytes) and first.startswith(b"%PDF")
    assert isinstance(bad, ReportError) and bad.finding.code == "P002"


@pytest.mark.libreoffice
def test_without_unoserver_every_pdf_is_one_shot(lo, reports, own_tmp, monkeypatch):
    """A Python without unoserver (here: this one, which has no `uno`) is as if it were not
    installed: the warm server says why and never becomes ready; PDFs are still made."""
    monkeypatch.setenv(UNOSERVER_PYTHON_ENV, sys.executable)
    w = WarmLibreOffice(find_soffice(), folder=str(own_tmp)).start()
    try:
        assert not w.wait_ready(60)
        assert "unoserver ontbreekt" in w.status and w.pid is None
        pdfmod.use_warm(w)
        assert pdfmod.docx_to_pdf(reports["004_kom_leren"]).startswith(b"%PDF")
        assert w.conversions == 0
    finally:
        pdfmod.use_warm(None)
        w.stop()


@pytest.mark.libreoffice
def test_a_crashed_server_is_started_again(lo, reports, own_tmp):
    w = WarmLibreOffice(find_soffice(), folder=str(own_tmp)).start()
    pdfmod.use_warm(w)
    try:
        assert w.wait_ready(180), w.status
        first = w.pid
        assert first is not None
        os.killpg(first, signal.SIGKILL)  # unoserver and its LibreOffice die at once
        # Meanwhile the PDF is made one-shot, not lost.
        assert pdfmod.docx_to_pdf(reports["004_kom_leren"]).startswith(b"%PDF")
        deadline = time.monotonic() + 180
        while (w.pid == first or not w.ready) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert w.ready and w.restarts == 1 and w.pid != first, w.status
        before = w.conversions
        assert pdfmod.docx_to_pdf(reports["004_kom_leren"]).startswith(b"%PDF")
        assert w.conversions == before + 1
    finally:
        pdfmod.use_warm(None)
        w.stop()
    assert not alive(first) and not alive(w.pid or first)


@pytest.mark.libreoffice
def test_stopped_while_starting_it_ends_at_once_and_leaves_nothing(lo, own_tmp):
    """A server stopped right after it started (the add-in restarted, Ctrl+C) does not wait out the
    grace a warm LibreOffice gets: unoserver ignores SIGTERM while it retries its connection."""
    w = WarmLibreOffice(find_soffice(), folder=str(own_tmp)).start()
    deadline = time.monotonic() + 30
    while w.pid is None and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = w.pid
    assert pid is not None and not w.ready, w.status
    time.sleep(1.5)  # LibreOffice itself is starting now
    started = time.monotonic()
    w.stop()
    assert time.monotonic() - started < 5
    assert not alive(pid)


@pytest.mark.libreoffice
def test_libreoffice_ends_when_the_process_that_started_it_is_killed(lo, tmp_path):
    """A server killed outright runs no lifespan: unoserver notices its parent is gone and ends its
    LibreOffice itself."""
    script = (
        "import sys\n"
        "from xltoolkit.services.report.pdf import find_soffice\n"
        "from xltoolkit.services.report.warm import WarmLibreOffice\n"
        f"w = WarmLibreOffice(find_soffice(), folder={str(tmp_path)!r}).start()\n"
        "assert w.wait_ready(180), w.status\n"
        "print(w.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        line = parent.stdout.readline()
        assert line.strip().isdigit(), "de warme LibreOffice startte niet"
        assert alive(int(line)) and running_under(tmp_path / "xltoolkit-unoserver-")
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 60
    while running_under(tmp_path / "xltoolkit-unoserver-") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running_under(tmp_path / "xltoolkit-unoserver-") == []
    assert not alive(int(line))


# -- the add-in server's lifespan -------------------------------------------------------------------

@pytest.mark.libreoffice
def test_the_addin_server_keeps_libreoffice_warm_while_it_runs(lo, example_workbooks, own_tmp, monkeypatch):
    """Start-up does not wait for LibreOffice; a report asked for before it is warm still gets its
    PDF (one-shot); once warm, the PDF comes from the warm server; stopping the server stops it."""
    from addin_support import LOKAAL, addin
    from starlette.testclient import TestClient

    from xltoolkit.excel.payload import book_payload

    webapp, settings = addin()
    monkeypatch.setattr(settings, "environment", "dev")  # no sign-in needed (development, on loopback)
    payload = book_payload(example_workbooks["000_smart_limburg"])

    def pdf_of_report(web) -> bytes:
        response = web.post("/xlwings/custom-scripts-call/rapport_genereren", json=payload)
        assert response.status_code == 200, response.text
        callback, = [a for a in response.json()["actions"] if a["func"] == "runMacro"]
        url, = [f["url"] for f in callback["args"][1]["bestanden"] if f["naam"].endswith(".pdf")]
        return web.get(url).content

    started = time.monotonic()
    with TestClient(webapp.app, client=LOKAAL) as web:
        assert time.monotonic() - started < 5, "het starten wachtte op LibreOffice"
        warm = pdfmod.warm_converter()
        assert warm is not None and not warm.ready
        assert pdf_of_report(web).startswith(b"%PDF") and warm.conversions == 0
        assert warm.wait_ready(180), warm.status
        assert pdf_of_report(web).startswith(b"%PDF") and warm.conversions == 1
        pid = warm.pid
        assert pid is not None and alive(pid)
    assert pdfmod.warm_converter() is None and warm.status == "gestopt"
    assert pid is not None and not alive(pid)


def test_the_addin_can_run_without_a_warm_libreoffice(monkeypatch):
    """XLWINGS_WARM_LIBREOFFICE=false: no unoserver is started; PDFs are one-shot as before."""
    from addin_support import LOKAAL, addin
    from starlette.testclient import TestClient

    webapp, settings = addin()
    monkeypatch.setattr(settings, "environment", "dev")
    monkeypatch.setattr(settings, "warm_libreoffice", False)
    with TestClient(webapp.app, client=LOKAAL):
        assert pdfmod.warm_converter() is None
