"""The narrative report ("Rapport genereren"): the official paragraph as Word, PDF, HTML and Markdown.

One content model (`build_report`, model.py) decides everything the report says; the formats only
lay it out: Markdown and HTML with the jinja2 templates in `templates/`, Word with python-docx
(word.py says why), PDF by converting that Word document with LibreOffice headless.

    ctx = report_context(sub, spec)
    rapport = build_report(sub, spec, concept=ctx.concept, status=ctx.status)
    data = render(rapport, "docx")

Several boards in one document (the SWV's region report), chapters behind a table of contents:

    data = render_bundel("Verantwoording — PO3105", "Schooljaar 2023-2024", [rapport, ...], "docx")
"""

from __future__ import annotations

from pathlib import Path

from xltoolkit.model.submission import Submission
from xltoolkit.services.report.build import build_report
from xltoolkit.services.report.bundel import build_bundel, render_bundel
from xltoolkit.services.report.context import RapportContext, report_context
from xltoolkit.services.report.errors import RapportError
from xltoolkit.services.report.markup import render_html, render_markdown
from xltoolkit.services.report.model import Bundel, Hoofdstuk, Rapport
from xltoolkit.services.report.pdf import docx_to_pdf, find_soffice
from xltoolkit.services.report.uitvoer import DEFAULT_FORMAT, FORMATS, kies_uitvoer, schrijf
from xltoolkit.services.report.word import render_docx
from xltoolkit.spec import TemplateSpec


def render_pdf(rapport: Rapport) -> bytes:
    return docx_to_pdf(render_docx(rapport))


def report_bytes(sub: Submission, spec: TemplateSpec, formaat: str) -> tuple[bytes, RapportContext]:
    """The whole job for one board: concept and status from validation and reconciliation, the
    content model, and the file in `formaat`. Every front-end (CLI, button, add-in) calls this."""
    ctx = report_context(sub, spec)
    return render(build_report(sub, spec, concept=ctx.concept, status=ctx.status), formaat), ctx


def write_reports(workbook: Path, sub: Submission, spec: TemplateSpec) -> list[Path]:
    """What the Rapport-genereren button leaves next to the workbook: the .docx, and the .pdf
    made from it when LibreOffice is installed (the desktop button's job; the CLI writes one format)."""
    docx, _ = report_bytes(sub, spec, "docx")
    written = [schrijf(kies_uitvoer(workbook, "docx")[0], docx)]
    if find_soffice():
        written.append(schrijf(kies_uitvoer(workbook, "pdf")[0], docx_to_pdf(docx)))
    return written


def render(rapport: Rapport, formaat: str) -> bytes:
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


__all__ = [
    "DEFAULT_FORMAT", "FORMATS", "Bundel", "Hoofdstuk", "Rapport", "RapportContext", "RapportError", "build_bundel",
    "build_report", "docx_to_pdf", "render_bundel",
    "find_soffice", "kies_uitvoer", "render", "render_docx", "render_html", "render_markdown", "render_pdf",
    "report_bytes", "report_context", "schrijf", "write_reports",
]
