"""The PDF: the Word report converted by LibreOffice headless, rendered to images and looked at.

These tests fail (not skip) without LibreOffice or poppler-utils, unless XLTOOLKIT_SKIP_LIBREOFFICE=1.
Pages are checked without an imaging library: pdftoppm writes greyscale PGM, whose pixels are
plain bytes after a three-line header.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.model.values import Onleesbaar
from xltoolkit.services.check import check
from xltoolkit.services.report import RapportError, build_report, docx_to_pdf, render, render_docx, report_context

from test_cli import run


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} (poppler-utils) ontbreekt: draai .ci/run of installeer poppler-utils")
    return path


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary greyscale PGM ("P5")."""
    data = path.read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(width), int(height), pixels[: int(width) * int(height)]


def ink(pixels: bytes) -> float:
    """The share of dark pixels (below mid-grey)."""
    return (len(pixels) - len(pixels.translate(None, bytes(range(128))))) / len(pixels)


def page_texts(pdf: Path) -> list[str]:
    def out(*args: str) -> str:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    pages = int(next(ln.split()[-1] for ln in out(poppler("pdfinfo"), str(pdf)).splitlines() if ln.startswith("Pages:")))
    return [out(poppler("pdftotext"), "-f", str(i), "-l", str(i), str(pdf), "-") for i in range(1, pages + 1)]


@pytest.mark.libreoffice
def test_pdf_from_the_cli_has_pages_with_content(lo, example_workbooks, tmp_path, spec):
    workbook = shutil.copy(example_workbooks["000_smart_limburg"], tmp_path / "smart.xlsx")
    proc = run("report", str(workbook), "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "smart.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run([poppler("pdftoppm"), "-r", "30", "-gray", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) > 1
    for page in pages:
        width, height, pixels = read_pgm(page)
        assert abs(width - 248) <= 1 and abs(height - 351) <= 1, "A4 op 30 dpi"
        assert ink(pixels) > 0.005, f"{page.name} is leeg"
    texts = page_texts(pdf)
    first = " ".join(texts[0].split())  # (pdftotext drops a hyphen at the end of a line: not the title)
    assert spec.fixed_texts["titel"].blocks[0].text in first and "Stichting SMART Limburg" in first
    assert all(f"pagina {i} van {len(texts)}" in t for i, t in enumerate(texts, start=1))
    assert spec.indicators[43] in " ".join(texts[-1].split())


@pytest.mark.libreoffice
def test_concept_on_every_pdf_page(lo, tmp_path, spec):
    sub = load_example("902_sbo_so_bestuur")
    sub.values["thuiszitters_aantal"] = Onleesbaar("vier of vijf", "aantal")
    sub = load(save(sub, tmp_path / "concept.xlsx", spec), spec)
    pdf = tmp_path / "concept.pdf"
    pdf.write_bytes(render(build_report(sub, spec, report_context(check(sub, spec))), "pdf"))
    texts = page_texts(pdf)
    assert len(texts) > 1 and all(t.lstrip().startswith("CONCEPT") for t in texts)


def test_pdf_without_libreoffice_says_what_to_do(monkeypatch, tmp_path, spec):
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(tmp_path / "geen-soffice"))
    with pytest.raises(RapportError) as exc:
        docx_to_pdf(render_docx(build_report(load_example("000_smart_limburg"), spec)))
    assert exc.value.finding.code == "P001"
    assert "LibreOffice" in exc.value.finding.message and "--format docx" in exc.value.finding.message


def test_failing_conversion_is_reported(monkeypatch, tmp_path, spec):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'kapot' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(fake))
    with pytest.raises(RapportError) as exc:
        docx_to_pdf(render_docx(build_report(load_example("000_smart_limburg"), spec)))
    assert exc.value.finding.code == "P002" and "kapot" in exc.value.finding.message
