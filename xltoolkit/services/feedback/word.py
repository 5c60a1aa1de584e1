"""A letter as a Word document, in the report's house style.

The styles (Calibri, which LibreOffice renders with the metric-compatible Carlito), the A4 page
with "pagina X van Y" in the footer, the document properties, the tables with a shaded heading row
and the paragraph writer are the report's own (`services/report/word.py`), imported rather than
copied, so a change to the house style changes the letters too. This module only lays out a
`Brief` (model.py): the header lines, the template's texts, and the tables of points to fix.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from xltoolkit.services.feedback.model import KOLOMMEN, WOORDEN, Brief, Punt, page_words
from xltoolkit.services.feedback.template import Heading, Tekst
from xltoolkit.services.report.bijlage import BijlageTable
from xltoolkit.services.report.text import clean_text
from xltoolkit.services.report.word import GREY, WIDTH, _page, _save, _styles, _Writer

KOP_NIVEAU = 2  # the letter's sections: Heading 2, lighter than a report's parts
PUNT_BREEDTES = (4.8, WIDTH - 4.8 - 1.4, 1.4)  # place (a defined name such as ontvangen_terugploeg_PO3106 whole), text, code (cm)


def render_brief_docx(b: Brief) -> bytes:
    doc = Document()
    _styles(doc)
    pagina, van = page_words()
    _page(doc, clean_text(WOORDEN["voettekst"].format(naam=b.bestuur or Path(b.bestand).name) + f" · {pagina} "), van, None)
    w = _Writer(doc)
    swv = w.para("", "Klein").add_run(clean_text(b.swv))
    swv.bold = True
    for label, value in ((WOORDEN["aan"], b.aan), (WOORDEN["datum"], b.datum), (WOORDEN["betreft"], b.onderwerp)):
        p = w.para()
        p.add_run(f"{label}: ").bold = True
        p.add_run(clean_text(value))
        p.paragraph_format.space_after = Pt(0)
    w.para().paragraph_format.space_after = Pt(6)
    w.para(clean_text(b.aanhef))
    teksten(w, b.inleiding)
    for o in b.onderdelen:
        teksten(w, o.teksten)
        for x in o.inhoud:
            if isinstance(x, BijlageTable):
                w.bijlage_tabel(_clean_table(x))
            else:
                w.blokken([x])
        if o.punten:
            punten(w, o.punten)
    teksten(w, b.slot)
    return _save(doc, clean_text(b.onderwerp), clean_text(b.bestuur or b.aan), clean_text(b.swv), b.versie)


def teksten(w: _Writer, blocks: tuple[Tekst, ...]) -> None:
    for t in blocks:
        if isinstance(t, Heading):
            w.heading(clean_text(t.tekst), KOP_NIVEAU).paragraph_format.keep_with_next = True
        else:
            w.blokken([t])


def punten(w: _Writer, items: tuple[Punt, ...]) -> None:
    """One row per point: where (sheet!cell and the defined name), what and how (the catalogue's
    title in bold, then its text), and the code to quote when the board asks."""
    rows = [list(KOLOMMEN["punten"])]
    rows += [[clean_text(p.plaats), clean_text(p.titel), p.code] for p in items]
    table = w.tabel(rows, PUNT_BREEDTES, kop=True)
    for row, p in zip(table.rows[1:], items):
        where = row.cells[0].paragraphs[0]
        if p.naam and p.naam != p.plaats:
            where.add_run().add_break()
            naam = where.add_run(clean_text(WOORDEN["naam"].format(naam=p.naam)))
            naam.font.size, naam.font.color.rgb = Pt(8.5), GREY
        what = row.cells[1].paragraphs[0]
        what.runs[0].bold = True
        what.add_run().add_break()
        what.add_run(clean_text(p.melding))


def _clean_table(t: BijlageTable) -> BijlageTable:
    return BijlageTable(t.kolommen, tuple(tuple(clean_text(c) for c in r) for r in t.rijen), t.rechts, t.totaal)
