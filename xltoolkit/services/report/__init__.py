"""The narrative report ("Rapport genereren"): the official paragraph as Word, PDF, HTML and Markdown.

One content model (`build_report`, model.py) decides everything the report says; the formats only
lay it out: Markdown and HTML with the jinja2 templates in `templates/`, Word with python-docx
(word.py says why), PDF by converting that Word document with LibreOffice headless.

    c = check(sub, spec)
    rapport = build_report(sub, spec, report_context(c))
    data = render(rapport, "docx")

Several boards in one document (the SWV's region report), chapters behind a table of contents:

    data = render_bundel("Verantwoording — PO3105", "Schooljaar 2023-2024", [rapport, ...], "docx")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xltoolkit.findings import Finding
from xltoolkit.services.check import Check
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


def report_bytes(c: Check, spec: TemplateSpec, formaat: str) -> tuple[bytes, RapportContext]:
    """The whole job for one checked board: concept and verdicts from its check, the content
    model, and the file in `formaat`. Every front-end (CLI, button, add-in) calls this."""
    ctx = report_context(c)
    return render(build_report(c.submission, spec, ctx), formaat), ctx


@dataclass(frozen=True)
class Documenten:
    """What Rapport genereren makes: Word, and a PDF of it when LibreOffice can make one."""

    docx: bytes
    pdf: bytes | None
    context: RapportContext
    zonder_pdf: Finding | None = None  # why there is no PDF (P001 no LibreOffice, P002 it failed)


def report_documents(c: Check, spec: TemplateSpec) -> Documenten:
    """The button's job, for every front-end: the desktop writes the files next to the
    workbook (`write_reports`), the add-in offers them as downloads."""
    docx, ctx = report_bytes(c, spec, "docx")
    try:
        return Documenten(docx, docx_to_pdf(docx), ctx)
    except RapportError as exc:
        return Documenten(docx, None, ctx, exc.finding)


def write_reports(workbook: Path, c: Check, spec: TemplateSpec) -> tuple[list[Path], Documenten]:
    """The documents next to the workbook (the desktop button; the CLI writes one format)."""
    docs = report_documents(c, spec)
    written = [schrijf(kies_uitvoer(workbook, "docx")[0], docs.docx)]
    if docs.pdf is not None:
        written.append(schrijf(kies_uitvoer(workbook, "pdf")[0], docs.pdf))
    return written, docs


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
    "Documenten", "report_bytes", "report_context", "report_documents", "schrijf", "write_reports",
]
