"""The PDF: the Word report converted by LibreOffice headless, rendered to images and looked at.

These tests fail (not skip) without LibreOffice or poppler-utils, unless XLTOOLKIT_SKIP_LIBREOFFICE=1.
Pages are checked without an imaging library: pdftoppm writes greyscale PGM, whose pixels are
plain bytes after a three-line header.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from cli_support import run

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.model.values import Unreadable
from xltoolkit.services.check import check
from xltoolkit.services.report import (
    LIBREOFFICE,
    WORD,
    ReportError,
    build_report,
    docx_to_pdf,
    make_pdf,
    render,
    render_docx,
    report_context,
)


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
    assert "(PDF gemaakt met LibreOffice.)" in proc.stdout  # which program made it


@pytest.mark.libreoffice
def test_pdf_asks_for_a_font_this_machine_has(lo, tmp_path, spec):
    """The document asks for Calibri (Word's); LibreOffice takes the metric-compatible Carlito, so
    the PDF breaks lines where Word does. No other font stands in for the text; only symbols
    Carlito has no glyph for come from a fallback (the tick boxes ☐ ☒ from DejaVu Sans, the
    bullets from OpenSymbol), as Word takes them from Segoe UI Symbol."""
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(docx_to_pdf(render_docx(build_report(load_example("000_smart_limburg", spec), spec))))
    out = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {ln.split()[0].split("+")[-1] for ln in out.splitlines()[2:] if ln.strip()}
    assert {"Carlito", "Carlito-Bold"} <= fonts, fonts
    assert not [f for f in fonts if not f.startswith(("Carlito", "OpenSymbol", "DejaVuSans"))], fonts


@pytest.mark.libreoffice
def test_concept_on_every_pdf_page(lo, tmp_path, spec):
    sub = load_example("902_sbo_so_bestuur", spec)
    sub.values["thuiszitters_aantal"] = Unreadable("vier of vijf", "aantal")
    sub = load(save(sub, tmp_path / "concept.xlsx", spec), spec)
    pdf = tmp_path / "concept.pdf"
    pdf.write_bytes(render(build_report(sub, spec, report_context(check(sub, spec))), "pdf"))
    texts = page_texts(pdf)
    assert len(texts) > 1 and all(t.lstrip().startswith("CONCEPT") for t in texts)


def test_pdf_without_libreoffice_says_what_to_do(monkeypatch, tmp_path, spec):
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(tmp_path / "geen-soffice"))
    with pytest.raises(ReportError) as exc:
        docx_to_pdf(render_docx(build_report(load_example("000_smart_limburg", spec), spec)))
    assert exc.value.finding.code == "P001"
    assert "LibreOffice" in exc.value.finding.message and "--format docx" in exc.value.finding.message


def test_failing_conversion_is_reported(monkeypatch, tmp_path, spec):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'kapot' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(fake))
    with pytest.raises(ReportError) as exc:
        docx_to_pdf(render_docx(build_report(load_example("000_smart_limburg", spec), spec)))
    assert exc.value.finding.code == "P002" and "kapot" in exc.value.finding.message



# -- which program makes the PDF: Word where it is installed, else LibreOffice, else why not ----------
# The call to Word is replaced at its outermost boundary only: `docx2pdf.convert`, the one function
# that talks to Word. Everything around it (the platform choice, the files, the fallback) is the real code.


class FakeWord:
    """A docx2pdf module whose convert does what Word does: reads the .docx, writes a PDF."""

    def __init__(self, fails: Exception | None = None, writes: bool = True) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fails, self.writes = fails, writes

    def convert(self, source: str, target: str) -> None:
        self.calls.append((source, target))
        assert docx.Document(source).paragraphs  # a real Word document was handed over
        if self.fails is not None:
            raise self.fails
        if self.writes:
            Path(target).write_bytes(b"%PDF-1.7 door Word")


@pytest.fixture
def word_pc(monkeypatch):
    """A Windows PC; `install(fake)` puts docx2pdf on it (None: not installed)."""
    monkeypatch.setattr(sys, "platform", "win32")

    def install(fake):
        monkeypatch.setitem(sys.modules, "docx2pdf", fake)
        return fake
    return install


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A LibreOffice that writes a PDF into --outdir, as soffice --convert-to does."""
    exe = tmp_path / "soffice"
    exe.write_text('#!/bin/sh\nwhile [ $# -gt 0 ] && [ "$1" != "--outdir" ]; do shift; done\n[ $# -gt 0 ] || exit 1\n'
                   'out="$2"; shift 2\nfor f in "$@"; do printf "%%PDF-1.7 door LO" > "$out/$(basename "$f" .docx).pdf"; done\n')
    exe.chmod(0o755)
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(exe))
    return exe


@pytest.fixture
def docx_bytes(spec):
    return render_docx(build_report(load_example("000_smart_limburg", spec), spec))


def test_word_makes_the_pdf_where_it_is_installed(word_pc, fake_soffice, docx_bytes):
    word = word_pc(FakeWord())
    pdf = make_pdf(docx_bytes)
    assert pdf.engine == WORD and pdf.data == b"%PDF-1.7 door Word" and len(word.calls) == 1
    assert pdf.melding.message == "PDF gemaakt met Microsoft Word." and pdf.melding.severity == "info"


def test_libreoffice_when_word_fails(word_pc, fake_soffice, docx_bytes):
    word = word_pc(FakeWord(fails=RuntimeError("Ongeldige klassetekenreeks (Word is niet geïnstalleerd)")))
    pdf = make_pdf(docx_bytes)
    assert pdf.engine == LIBREOFFICE and pdf.data == b"%PDF-1.7 door LO" and len(word.calls) == 1
    word_pc(FakeWord(writes=False))  # Word on a Mac without Word: docx2pdf returns, no PDF
    assert make_pdf(docx_bytes).engine == LIBREOFFICE


def test_neither_word_nor_libreoffice_says_why(word_pc, monkeypatch, tmp_path, docx_bytes):
    monkeypatch.setenv("XLTOOLKIT_SOFFICE", str(tmp_path / "geen-soffice"))
    word_pc(None)  # docx2pdf not installed
    with pytest.raises(ReportError) as exc:
        make_pdf(docx_bytes)
    finding = exc.value.finding
    assert finding.code == "P020" and "docx2pdf is niet geïnstalleerd" in finding.message
    assert "Opslaan als > PDF" in finding.message and "LibreOffice" in finding.message
    word_pc(FakeWord(fails=OSError("Word reageert niet")))
    with pytest.raises(ReportError) as exc:
        make_pdf(docx_bytes)
    assert "Word kon het document niet omzetten (Word reageert niet)" in exc.value.finding.message


def test_a_bundle_with_contents_goes_to_libreoffice(word_pc, fake_soffice, docx_bytes):
    """Word would ask whether to update the fields (w:updateFields) in a dialog nobody sees."""
    word = word_pc(FakeWord())
    assert make_pdf(docx_bytes, indexen=True).engine == LIBREOFFICE and word.calls == []


def test_no_word_on_linux(monkeypatch, fake_soffice, docx_bytes):
    monkeypatch.setattr(sys, "platform", "linux")
    word = FakeWord()
    monkeypatch.setitem(sys.modules, "docx2pdf", word)
    assert make_pdf(docx_bytes).engine == LIBREOFFICE and word.calls == []


def test_the_button_says_which_program_made_the_pdf(word_pc, fake_soffice, spec):
    from xltoolkit.services.report import report_documents

    word_pc(FakeWord())
    c = check(load_example("000_smart_limburg", spec), spec)
    docs = report_documents(c, spec)
    assert docs.pdf_engine == WORD and docs.pdf_melding == "PDF gemaakt met Microsoft Word."
    word_pc(None)
    assert report_documents(c, spec).pdf_melding == "PDF gemaakt met LibreOffice."
