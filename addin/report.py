"""Rapport genereren in the add-in: the same report as the desktop button, offered as a download.

The desktop entry point (`xltoolkit.excel.report`) writes the .docx/.pdf next to the workbook and
tells a book without a file on the PC to use this add-in instead; here the files go to the
download store and the task pane shows their links. Both make the report with
`xltoolkit.services.report.report_documents`, so the documents are the same.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from xltoolkit.addin.downloads import Aanbod
from xltoolkit.addin.meldingen import caption

from xltoolkit.excel.alerts import alert, feedback
from xltoolkit.excel.book import load_book
from xltoolkit.findings import Finding, make
from xltoolkit.services.check import check
from xltoolkit.services.report import report_documents
from xltoolkit.spec import load_spec

log = logging.getLogger("xltoolkit.addin")


def rapport_aanbieden(book: Any, aanbod: Aanbod) -> None:
    """Make the report (Word, and PDF when the server can make one), put them in the store, and
    say so in an alert, with which program made the PDF; a problem ends as a Dutch alert, like
    every button."""
    spec = load_spec()
    titel = caption(spec, "report")
    with feedback(book, titel):
        docs = report_documents(check(load_book(book, spec), spec), spec)
        stam = Path(book.name).stem or "rapport"
        aanbod.opslaan(f"{stam}.docx", docs.docx)
        if docs.pdf is not None:
            aanbod.opslaan(f"{stam}.pdf", docs.pdf)
        without_pdf = _why_no_pdf(docs.without_pdf) if docs.without_pdf is not None else docs.pdf_melding
        tot = aanbod.bestanden[0].verloopt_om.strftime("%H:%M")
        namen = " en ".join(d.naam for d in aanbod.bestanden)
        tekst = f"Het rapport staat klaar in het taakvenster: {namen}, te downloaden tot {tot}."
        if without_pdf:
            tekst += f" {without_pdf}"
        if docs.context.concept:
            tekst += " " + make("P010", bestand=book.name, aantal=docs.context.fouten).message
        alert(book, tekst, titel)


def _why_no_pdf(reason: Finding | None) -> str | None:
    """Why there is no PDF, in words for someone in Excel (not the CLI's advice)."""
    if reason is None:
        return None
    if reason.code in ("P001", "P020"):
        return "Een PDF kan deze server niet maken (LibreOffice ontbreekt); sla het Word-bestand zelf op als PDF."
    log.warning("PDF van het rapport mislukt: %s", reason.message)
    return f"De PDF lukte niet ({reason.message}); het Word-bestand staat wel klaar."
