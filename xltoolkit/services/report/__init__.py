"""The narrative report ("Rapport genereren"): the official paragraph as Word, PDF, HTML and Markdown,
and its annex "Bijlage analyse".

The report is the format's own paragraph, filled with the board's content as typed: nothing the
format does not have (model.py). The analysis behind it — reconciliation per region with its
verdicts, the indicatief spreading of lines without a region, the region of every line, the chosen
indicators with their texts, the key figures, the findings — is the annex (bijlage.py), a second
document.

One content model per document decides everything it says; the formats only lay it out: Markdown
and HTML with the jinja2 templates in `templates/`, Word with python-docx (word.py says why), PDF by
Word where it is installed, else LibreOffice (pdf.py).

    c = check(sub, spec)
    rapport = build_report(sub, spec, report_context(c))
    data = render(rapport, "docx")
    bijlage = render_bijlage(build_bijlage(c, spec), "docx")

Several boards in one document (the SWV's region report), chapters behind a table of contents:

    data = render_bundel("Verantwoording — PO3105", "Schooljaar 2023-2024", [rapport, ...], "docx")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xltoolkit.findings import Finding
from xltoolkit.services.check import Check
from xltoolkit.services.report.bijlage import Bijlage, build_bijlage
from xltoolkit.services.report.build import build_report
from xltoolkit.services.report.bundle import build_bundle, render_bundle
from xltoolkit.services.report.context import ReportContext, report_context
from xltoolkit.services.report.errors import ReportError
from xltoolkit.services.report.markup import (
    render_bijlage_html,
    render_bijlage_markdown,
    render_html,
    render_markdown,
)
from xltoolkit.services.report.model import Bundle, Chapter, Report
from xltoolkit.services.report.output import DEFAULT_FORMAT, FORMATS, bijlage_path, choose_output, write_document
from xltoolkit.services.report.pdf import LIBREOFFICE, WORD, Pdf, docx_to_pdf, find_soffice, make_pdf
from xltoolkit.services.report.word import render_bijlage_docx, render_docx
from xltoolkit.spec import TemplateSpec


def render_pdf(rapport: Report) -> bytes:
    return make_pdf(render_docx(rapport)).data


def report_bytes(c: Check, spec: TemplateSpec, formaat: str) -> tuple[bytes, ReportContext]:
    """The whole job for one checked board: concept from its check, the content model, and the
    file in `formaat`. Every front-end (CLI, button, add-in) calls this."""
    ctx = report_context(c)
    return render(build_report(c.submission, spec, ctx), formaat), ctx


def bijlage_bytes(c: Check, spec: TemplateSpec, formaat: str) -> bytes:
    """The annex "Bijlage analyse" of one checked board, in `formaat`."""
    return render_bijlage(build_bijlage(c, spec), formaat)


@dataclass(frozen=True)
class Documents:
    """What Rapport genereren makes: the report in Word and its PDF when Word or LibreOffice can
    make one (and which of them did). The annex is `xltoolkit report --bijlage`'s and the SWV's
    bundle's; in the workbook the Reconciliatie and Controle sheets show the same analysis."""

    docx: bytes
    pdf: bytes | None
    context: ReportContext
    without_pdf: Finding | None = None  # why there is no PDF (P001, P002, P020)
    pdf_engine: str | None = None  # WORD or LIBREOFFICE

    @property
    def pdf_melding(self) -> str:
        """What the button and the add-in say about the PDF, in Dutch."""
        if self.without_pdf is not None:
            return f"Geen PDF: {self.without_pdf.message}"
        return f"PDF gemaakt met {self.pdf_engine}." if self.pdf_engine else ""


def report_documents(c: Check, spec: TemplateSpec) -> Documents:
    """The button's job, for every front-end: the desktop writes the files next to the
    workbook (`write_reports`), the add-in offers them as downloads."""
    docx, ctx = report_bytes(c, spec, "docx")
    try:
        pdf = make_pdf(docx)
    except ReportError as exc:
        return Documents(docx, None, ctx, exc.finding)
    return Documents(docx, pdf.data, ctx, None, pdf.engine)


def write_reports(workbook: Path, c: Check, spec: TemplateSpec) -> tuple[list[Path], Documents]:
    """The documents next to the workbook (the desktop button; the CLI writes one format)."""
    docs = report_documents(c, spec)
    written = [write_document(choose_output(workbook, "docx")[0], docs.docx)]
    if docs.pdf is not None:
        written.append(write_document(choose_output(workbook, "pdf")[0], docs.pdf))
    return written, docs


def render(rapport: Report, formaat: str) -> bytes:
    """The report in one of FORMATS, as the bytes of the file."""
    if formaat == "docx":
        return render_docx(rapport)
    if formaat == "pdf":
        return render_pdf(rapport)
    if formaat == "html":
        return render_html(rapport).encode("utf-8")
    if formaat == "md":
        return render_markdown(rapport).encode("utf-8")
    raise ValueError(f"onbekend rapportformaat {formaat!r}; kies uit {', '.join(FORMATS)}")


def render_bijlage(bijlage: Bijlage, formaat: str) -> bytes:
    """The annex in one of FORMATS, as the bytes of the file."""
    if formaat == "docx":
        return render_bijlage_docx(bijlage)
    if formaat == "pdf":
        return make_pdf(render_bijlage_docx(bijlage)).data
    if formaat == "html":
        return render_bijlage_html(bijlage).encode("utf-8")
    if formaat == "md":
        return render_bijlage_markdown(bijlage).encode("utf-8")
    raise ValueError(f"onbekend rapportformaat {formaat!r}; kies uit {', '.join(FORMATS)}")


__all__ = [
    "DEFAULT_FORMAT", "FORMATS", "LIBREOFFICE", "WORD", "Bijlage", "Bundle", "Chapter", "Pdf", "Report",
    "ReportContext", "ReportError", "bijlage_bytes", "bijlage_path", "build_bijlage", "build_bundle",
    "build_report", "docx_to_pdf", "make_pdf", "render_bijlage", "render_bundle",
    "find_soffice", "choose_output", "render", "render_docx", "render_html", "render_markdown", "render_pdf",
    "Documents", "report_bytes", "report_context", "report_documents", "write_document", "write_reports",
]
