"""The report as a Word document (.docx), written with python-docx.

Why python-docx and not docxtpl: what the document contains varies per board (how many
paragraphs and lists a narrative has, which sections and key figures are present, how many region
columns and aanwending lines there are), and the content model has already decided all of it.
python-docx writes that structure directly with Word's own styles: Heading 1-3 (so the navigation
pane works), List Bullet, real tables, PAGE/NUMPAGES fields in the footer. docxtpl would add a
binary .docx template to the repository that can only be reviewed and edited in Word, and its
variable paragraphs, lists and tables would still need python-docx subdocuments: two mechanisms
where one does. This module holds layout only (styles, widths, colours); no content is decided here.

Heading levels: fixed texts and the two parts are Heading 1, sections Heading 2, fields Heading 3.
In a bundle of several boards (`render_bundle_docx`, see bundle.py) each board's name is Heading 1
and the same writer puts everything of its report one level lower; a board's annex follows its
report. The annex on its own is `render_bijlage_docx`.

The report has the format's shape (model.py): the header as "LABEL: value" lines, the funding
table with its three region columns, the spent lines numbered, Part B's indicator lists as plain
lines. Font: Calibri, Word's; where LibreOffice makes the PDF, fontconfig gives it the
metric-compatible Carlito, so lines break where Word breaks them. A bundle asks Word to update its
fields on opening (w:updateFields), so the table of contents gets its page numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from xltoolkit.services.report.bijlage import Bijlage, BijlagePart, BijlageTable, Subheading
from xltoolkit.services.report.model import (
    Bundle,
    Deel,
    Hoofdonderdeel,
    Middelen,
    Nummers,
    Onderdeel,
    Report,
    ReportHeader,
    Verhaal,
)
from xltoolkit.services.report.text import BulletList, TextBlock, TextParagraph

FONT = "Calibri"
KOP = RGBColor(0x1F, 0x3A, 0x5F)
RED = RGBColor(0xB4, 0x23, 0x18)
GREY = RGBColor(0x4A, 0x55, 0x60)
SHADE = "EEF2F6"
CONCEPT_SHADE = "FDECEA"
WIDTH = 16.0  # cm of text between the margins of an A4 page
LANGUAGE = "nl-NL"

# name: (size pt, bold, italic, colour, space before pt, space after pt)
STYLES = {
    "Normal": (10.5, False, False, None, 0, 6),
    "Title": (18, True, False, KOP, 6, 2),
    "Subtitle": (12, True, False, KOP, 0, 14),
    "Heading 1": (15, True, False, KOP, 20, 8),
    "Heading 2": (12.5, True, False, KOP, 16, 6),
    "Heading 3": (11, True, False, KOP, 12, 4),
    "List Bullet": (10.5, False, False, None, 0, 3),
}
BUNDLE_STYLES = {"Heading 4": (10.5, True, False, KOP, 10, 3)}  # a bundle's fields, one level below sections
TOC_FIELD = r' TOC \o "1-1" \h \z \u '  # the boards (Heading 1), as links; Word adds page numbers on update


def render_docx(r: Report) -> bytes:
    doc = Document()
    _styles(doc)
    voor = f"{r.voettekst} · {r.pagina} " if r.voettekst else f"{r.pagina} "
    _page(doc, voor, r.van, r.concept_label if r.concept else None)
    _Writer(doc).rapport(r)
    return _save(doc, r.titel, r.voettekst, r.bestuur or "xltoolkit", r.versie)


def render_bijlage_docx(b: Bijlage) -> bytes:
    """The annex "Bijlage analyse" as its own Word document (bijlage.py)."""
    doc = Document()
    _styles(doc)
    _page(doc, f"{b.voettekst} · {b.pagina} ", b.van, None)
    doc.add_paragraph(b.titel, style="Title")
    doc.add_paragraph(b.ondertitel, style="Subtitle")
    doc.add_paragraph(b.uitleg, style="Intro")
    schrijver = _Writer(doc)
    for d in b.delen:
        schrijver.bijlage_deel(d, 1)
    return _save(doc, f"{b.titel} — {b.bestuur}", b.ondertitel, b.bestuur, b.versie)


def render_bundle_docx(b: Bundle) -> bytes:
    """Several boards in one document: title, table of contents, a chapter per board on a new page
    (and its annex after it, when the bundle carries annexes)."""
    doc = Document()
    _styles(doc, BUNDLE_STYLES)
    _page(doc, f"{b.titel} · {b.pagina} ", b.van, None)  # a concept mark is per chapter, not per page
    schrijver = _Writer(doc, dieper=1)
    doc.add_paragraph(b.titel, style="Title")
    doc.add_paragraph(b.ondertitel, style="Subtitle")
    _contents(doc, b)
    for bladwijzer, h in enumerate(b.hoofdstukken, 1):
        kop = doc.add_heading(h.titel, 1)
        kop.paragraph_format.page_break_before = True
        _bookmark(kop, h.id, bladwijzer)
        schrijver.hoofdstuk(h.rapport)
        if h.bijlage is not None:
            schrijver.heading(h.bijlage.titel, 1).paragraph_format.page_break_before = True
            doc.add_paragraph(h.bijlage.uitleg, style="Intro")
            for d in h.bijlage.delen:
                schrijver.bijlage_deel(d, 2)
    _update_fields(doc)
    return _save(doc, b.titel, b.ondertitel, "xltoolkit", b.versie)


# w:settings children that must follow w:updateFields (ECMA-376 CT_Settings order)
_NA_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                     "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                     "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                     "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _update_fields(doc: DocumentType) -> None:
    """w:updateFields: Word refreshes every field when it opens the document, so the table of
    contents has its page numbers without the reader pressing F9 (Word asks once whether to
    update). LibreOffice updates the index itself when it makes the PDF (pdf.py)."""
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    after = next((c for c in settings if any(c.tag == qn(f"w:{n}") for n in _NA_UPDATE_FIELDS)), None)
    if after is not None:
        after.addprevious(el)
    else:
        settings.append(el)


def _save(doc: DocumentType, titel: str, onderwerp: str, auteur: str, versie: str) -> bytes:
    props = doc.core_properties
    props.title, props.subject, props.author = titel, onderwerp, auteur
    props.language, props.comments, props.last_modified_by = LANGUAGE, versie, "xltoolkit"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- page and styles -------------------------------------------------------------------------


def _styles(doc: DocumentType, extra: dict | None = None) -> None:
    for name, (size, bold, italic, colour, before, after) in {**STYLES, **(extra or {})}.items():
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(size), bold, italic
        if colour is not None:
            style.font.color.rgb = colour
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
        _rfonts(style.element.get_or_add_rPr())
    _language(doc.styles["Normal"].element.get_or_add_rPr())
    doc.styles["Normal"].paragraph_format.line_spacing = 1.1
    _own_style(doc, "Genummerd", indent=0.75)
    _own_style(doc, "Indicator", indent=0.9, after=1)
    _own_style(doc, "Tabel", indent=0, after=0, size=9.5)
    _own_style(doc, "Klein", indent=0, size=9, colour=GREY)
    _own_style(doc, "Intro", indent=0, italic=True, colour=GREY)


def _own_style(doc, name, *, indent, after=3, size=None, italic=False, colour=None) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    fmt = style.paragraph_format
    fmt.space_after = Pt(after)
    if indent:
        fmt.left_indent, fmt.first_line_indent = Cm(indent), Cm(-indent)
        fmt.tab_stops.add_tab_stop(Cm(indent))
    if size:
        style.font.size = Pt(size)
    style.font.italic = italic or None
    if colour is not None:
        style.font.color.rgb = colour


def _rfonts(rpr) -> None:
    """One font for every script, instead of the template's theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _language(rpr) -> None:
    """Dutch spelling check for everything the board pastes into its jaarverslag."""
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    rpr.append(lang)


def _page(doc: DocumentType, voor_nummer: str, van: str, concept_label: str | None) -> None:
    """A4, margins, "<voor_nummer> PAGE van NUMPAGES" in the footer, the concept mark in the header."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm((21 - WIDTH) / 2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = doc.styles["Klein"]
    footer.add_run(voor_nummer)
    _field(footer, "PAGE")
    footer.add_run(f" {van} ")
    _field(footer, "NUMPAGES")
    if concept_label:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(concept_label)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RED


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word and LibreOffice fill in the number on every page."""
    parts = (("w:fldChar", "begin", None), ("w:instrText", None, f" {instruction} "), ("w:fldChar", "separate", None),
             ("w:t", None, "1"), ("w:fldChar", "end", None))
    for tag, kind, text in parts:
        paragraph.add_run()._r.append(_field_char(tag, kind, text))


def _field_char(tag: str, kind: str | None, text: str | None):
    el = OxmlElement(tag)
    if kind:
        el.set(qn("w:fldCharType"), kind)
    if text is not None:
        el.set(qn("xml:space"), "preserve")
        el.text = text
    return el


def _contents(doc: DocumentType, b: Bundle) -> None:
    """The table of contents: a real TOC field whose current result is already the list of boards,
    each a link to its chapter. Word only fills a TOC field when the user updates the fields (F9),
    so without that result the list would stay empty; after an update Word's own list, with page
    numbers, replaces it. "TOC Heading" is Word's style for this heading: it is not in the list itself."""
    doc.add_paragraph(b.inhoud_label, style="TOC Heading")
    regels = [doc.add_paragraph() for _ in b.hoofdstukken]
    for tag, kind, text in (("w:fldChar", "begin", None), ("w:instrText", None, TOC_FIELD), ("w:fldChar", "separate", None)):
        regels[0].add_run()._r.append(_field_char(tag, kind, text))
    for p, h in zip(regels, b.hoofdstukken):
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), h.id)
        link.set(qn("w:history"), "1")
        link.append(p.add_run(h.titel)._r)  # moved from the paragraph into the link
        p._p.append(link)
    regels[-1].add_run()._r.append(_field_char("w:fldChar", "end", None))


def _bookmark(p: Paragraph, naam: str, nummer: int) -> None:
    """A bookmark around a heading: the target of its line in the table of contents."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(nummer))
    start.set(qn("w:name"), naam)
    end.set(qn("w:id"), str(nummer))
    p._p.get_or_add_pPr().addnext(start)
    p._p.append(end)


# -- content ---------------------------------------------------------------------------------


class _Writer:
    """Writes a report's content into `doc`. `dieper` puts every heading that many levels lower:
    0 for a board's own report, 1 for a chapter of a bundle (under the board's Heading 1)."""

    def __init__(self, doc: DocumentType, dieper: int = 0) -> None:
        self.doc = doc
        self.dieper = dieper
        self._stijl_ids: dict[str, str] = {}

    def para(self, text: str = "", style: str | None = None) -> Paragraph:
        """A paragraph in a style by name. python-docx looks a style name up in the whole styles
        part for every paragraph (most of the time of a report); the id is looked up once here."""
        p = self.doc.add_paragraph(text)
        if style is not None:
            if style not in self._stijl_ids:
                self._stijl_ids[style] = self.doc.styles[style].style_id
            p._p.style = self._stijl_ids[style]
        return p

    def rapport(self, r: Report) -> None:
        if r.concept:
            self.kader(r.concept_tekst)
        for t in r.voorwerk:
            p = self.para("", "Klein")
            p.add_run(f"{t.titel} ").bold = True
            p.add_run(" ".join(b.tekst for b in t.blokken if isinstance(b, TextParagraph)))
        self.para(r.titel, "Title")
        self.para(r.ondertitel, "Subtitle")
        self.kop(r.kop)
        for t in r.vaste_teksten:
            self.heading(t.titel, 1)
            self.blokken(t.blokken)
        for d in r.delen:
            self.deel(d, nieuwe_pagina=True)

    def hoofdstuk(self, r: Report) -> None:
        """A board's chapter in a bundle: below its name, its concept mark, header block and parts;
        the chapter starts the page, so its parts follow on."""
        if r.concept:
            self.kader(r.concept_tekst)
        self.kop(r.kop)
        for d in r.delen:
            self.deel(d, nieuwe_pagina=False)

    def heading(self, text: str, level: int) -> Paragraph:
        return self.doc.add_heading(text, level + self.dieper)

    def deel(self, d: Deel, *, nieuwe_pagina: bool) -> None:
        kop = self.heading(d.titel, 1)
        if nieuwe_pagina:
            kop.paragraph_format.page_break_before = True
        if d.ondertitel:
            self.doc.add_paragraph().add_run(d.ondertitel).bold = True
        self.blokken(d.intro)
        for o in d.onderdelen:
            if isinstance(o, Onderdeel) and o.label:
                self.label(o.titel).paragraph_format.space_before = Pt(STYLES["Heading 3"][4])
            else:
                self.heading(o.titel, 2)
            if isinstance(o, Hoofdonderdeel):
                self.hoofdonderdeel(o)
            else:
                self.onderdeel(o)

    def kader(self, text: str) -> None:
        table = self.doc.add_table(rows=1, cols=1)
        table.style = self.doc.styles["Table Grid"]
        cell = table.cell(0, 0)
        _shade(cell, CONCEPT_SHADE)
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.color.rgb = True, RED
        self.doc.add_paragraph()

    def kop(self, kop: ReportHeader) -> None:
        """The header block as on the format: "BESTUUR: value", one line each, then the regions."""
        for k in kop.regels:
            p = self.doc.add_paragraph()
            p.add_run(f"{k.label}:").bold = True
            p.add_run(f" {k.waarde}" if k.waarde else " ")
            if k.hint:
                hint = p.add_run(f"  {k.hint}")
                hint.font.size, hint.font.color.rgb = Pt(9), GREY
        p = self.doc.add_paragraph()
        p.add_run(f"{kop.regio_label}:").bold = True
        p.add_run("  " + "   ".join(f"{v.vinkje} {v.label}" for v in kop.regios))
        p.paragraph_format.space_after = Pt(12)

    # -- blocks ----------------------------------------------------------------------------
    def blokken(self, blocks: Iterable[TextBlock], style: str | None = None) -> None:
        for b in blocks:
            if isinstance(b, BulletList):
                for marker, item in b.rijen:
                    if marker:
                        p = self.para(f"{marker}\t{item}", "Genummerd")
                    else:
                        p = self.para(item, "List Bullet")
                p.paragraph_format.space_after = Pt(STYLES["Normal"][5])  # air after the list
                continue
            p = self.para("", style)
            for i, line in enumerate(b.regels):
                run = p.add_run(line)
                if i < len(b.regels) - 1:
                    run.add_break()

    def verhaal(self, v: Verhaal) -> None:
        if v.kop:
            self.heading(v.kop, 3)
        if v.intro:
            self.para(v.intro, "Intro")
        self.blokken(v.blokken)

    def label(self, text: str) -> Paragraph:
        p = self.doc.add_paragraph()
        p.add_run(text).bold = True
        p.paragraph_format.keep_with_next = True
        return p

    # -- Part A ----------------------------------------------------------------------------
    def onderdeel(self, o: Onderdeel) -> None:
        for text in o.intro:
            self.para(text, "Intro")
        for item in o.inhoud:
            if isinstance(item, Verhaal):
                self.verhaal(item)
            elif isinstance(item, Middelen):
                self.middelen(item)

    def middelen(self, m: Middelen) -> None:
        """The format's table: "vanuit SWV:" and the three regions, a row per regeling with "€" in
        every cell; the footnote; then "Aanwending:" and the numbered lines."""
        start = len(self.doc.paragraphs)
        self.blokken(m.notitie)
        rows = [[m.kop, *m.regios]]
        rows += [[f"{rij.label} {rij.toelichting}".strip(), *rij.bedragen] for rij in m.ontvangen]
        label_width = WIDTH - 3 * 2.6
        widths = (label_width, *[(WIDTH - label_width) / len(m.regios)] * len(m.regios))
        table = self.tabel(rows, widths, rechts=set(range(1, len(rows[0]))), kop=True, lucht=False)
        self.para(m.voetnoot, "Klein").paragraph_format.space_before = Pt(3)
        self.label(m.aanwending_label)
        for a in m.regels[:3]:  # the table keeps the first lines with it: no table alone at a page's end
            self.para(f"{a.nummer}\t{a.regel}", "Genummerd")
        blok = self.doc.paragraphs[start:-1] + [p for row in table.rows for c in row.cells for p in c.paragraphs]
        for p in blok:
            p.paragraph_format.keep_with_next = True
        for a in m.regels[3:]:
            self.para(f"{a.nummer}\t{a.regel}", "Genummerd")

    def tabel(self, rows: list[list[str]], widths, *, rechts=frozenset(), kop=False, vet=frozenset(),
              lucht: bool = True) -> Table:
        """A real Word table: a shaded heading row repeated on every page, rows never split."""
        table = self.doc.add_table(rows=len(rows), cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _widths(table, widths)
        _cell_margins(table)
        for r, (row, values) in enumerate(zip(table.rows, rows)):
            _row_properties(row, kop and r == 0)
            for c, (cell, value) in enumerate(zip(row.cells, values)):
                if (kop and r == 0) or r in vet:
                    _shade(cell, SHADE)
                p = cell.paragraphs[0]
                p.style = self.doc.styles["Tabel"]
                if c in rechts:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = p.add_run(value)
                run.bold = (kop and r == 0) or r in vet or None
        if lucht:  # an empty paragraph after the table (the funding table's footnote follows at once)
            self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    # -- Part B ----------------------------------------------------------------------------
    def hoofdonderdeel(self, h: Hoofdonderdeel) -> None:
        for item in h.inhoud:
            if isinstance(item, Nummers):
                p = self.doc.add_paragraph()
                p.add_run(item.label).bold = True
                p.add_run(f" {item.waarde}" if item.waarde else " ")
            else:
                self.verhaal(item)
        for ind in h.indicatoren:
            self.para(f"{ind.nummer}\t{ind.tekst}", "Indicator")
        self.doc.paragraphs[-1].paragraph_format.space_after = Pt(STYLES["Normal"][5])

    # -- the annex -------------------------------------------------------------------------
    def bijlage_deel(self, d: BijlagePart, level: int) -> None:
        self.heading(d.titel, level)
        for x in d.blokken:
            if isinstance(x, BijlageTable):
                self.bijlage_tabel(x)
            elif isinstance(x, Subheading):
                self.label(x.tekst)
            else:
                self.blokken([x])

    def bijlage_tabel(self, t: BijlageTable) -> None:
        rows = [list(t.kolommen), *[list(r) for r in t.rijen]]
        self.tabel(rows, _column_widths(rows, set(t.rechts)), rechts=set(t.rechts), kop=True,
                   vet={len(rows) - 1} if t.totaal else frozenset())


CM_PER_CHAR = 0.19  # the width of an average character of the table style (9.5 pt), in cm


def _column_widths(rows: list[list[str]], bedragen: set[int]) -> list[float]:
    """Column widths that never break a word: each column at least its longest word (amounts: the
    whole amount), the rest of the page shared by how much text a column holds."""
    columns = range(len(rows[0]))
    least = [max(len(cell if c in bedragen else max(cell.split() or [""], key=len)) for cell in (r[c] for r in rows))
             * CM_PER_CHAR + 0.5 for c in columns]
    need = [max(len(r[c]) for r in rows) * CM_PER_CHAR + 0.5 for c in columns]
    spare = WIDTH - sum(least)
    if spare <= 0:
        return [w * WIDTH / sum(least) for w in least]
    extra = [max(n - m, 0) for n, m in zip(need, least)]
    total = sum(extra) or 1
    return [m + spare * e / total if sum(extra) > spare else m + e + (spare - sum(extra)) / len(least)
            for m, e in zip(least, extra)]


def _widths(table: Table, widths: Iterable[float]) -> None:
    """Column widths for Word (per cell) and LibreOffice (the table grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell_margins(table: Table, top: float = 0.06, side: float = 0.15) -> None:
    """Some air between the text and the cell borders (Word's default is none at top and bottom)."""
    margins = OxmlElement("w:tblCellMar")
    for edge, size in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Cm(size).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _row_properties(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)
