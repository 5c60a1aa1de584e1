"""Word documents in the shapes real reports take: python-docx for the plain parts, raw OOXML
where python-docx has no API (content controls, legacy form fields, `w:sym`, page breaks).

A `Style` says how a variant differs from a plain document: the kind of tick box, where the
ticks stand, how the funding table is cut up, how bullets, hyphenation and headings are made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from importcorpus.content import (
    AanLine,
    Aanwending,
    Block,
    Box,
    Heading,
    LabelValue,
    MiddelenTable,
    Text,
    Ticks,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = f'xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"'
PLACEHOLDER_NL = "Klik of tik om tekst in te voeren."
PLACEHOLDER_EN = "Click or tap here to enter text."

# Wingdings / Wingdings 2 code points Word writes for tick boxes (w:sym).
SYM_BOXES = {
    "Wingdings": ("F0FE", "F0A8"),  # ☑ / ☐
    "Wingdings 2": ("F053", "F0A3"),  # ☒ / □
}


@dataclass(frozen=True)
class Style:
    box: str = "text"  # text | sdt | legacy | sym
    ticks_in_header: bool = False  # the regions are ticked in the funding table's header row only
    extra_column: bool = False  # the regeling's note in a cell of its own, and a trailing empty "€" column
    split_euro: bool = False  # "€" and the amount in separate cells
    split_table: bool = False  # header row and amounts in two tables, a page break between
    bullets: str = "text"  # text ("• " typed) | symbol (Symbol-font U+F0B7 / w:sym) | numbering
    hyphen: str = ""  # "" | soft (soft hyphens) | hard ("school-" w:br "besturen") | pasted (a w:p per line)
    headings: str = "style"  # style (Heading n) | bold (a bold paragraph)
    placeholders: bool = False  # every field a content control; empty ones show Word's placeholder


def write(blocks: list[Block], path: Path, style: Style) -> Path:
    doc = docx.Document()
    w = _Writer(doc, style)
    for block in blocks:
        w.block(block)
    doc.save(str(path))
    return path


class _Writer:
    def __init__(self, doc, style: Style) -> None:
        self.doc, self.style = doc, style
        self.box_no = 0
        self.sym_font = 0

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Text):
            self.text(block)
        elif isinstance(block, LabelValue):
            self.label_value(block)
        elif isinstance(block, Ticks):
            self.ticks(block)
        elif isinstance(block, MiddelenTable):
            self.middelen(block)
        elif isinstance(block, Aanwending):
            self.aanwending(block)

    # -- paragraphs ---------------------------------------------------------------------
    def heading(self, h: Heading) -> None:
        if self.style.headings == "style":
            self.doc.add_heading(h.text, min(h.level, 3))
        else:
            p = self.doc.add_paragraph()
            p.add_run(h.text).bold = True

    def text(self, t: Text) -> None:
        if self.style.hyphen == "pasted" and not t.bullet:
            for line in hard_hyphenate(t.text):  # every printed line a paragraph of its own
                self.doc.add_paragraph(line)
            self.doc.add_paragraph()  # the empty line between paragraphs
            return
        p = self.doc.add_paragraph()
        if t.bullet:
            self.bullet(p, t.bullet)
        body = t.text
        if t.bold_label and body.startswith(t.bold_label):
            p.add_run(t.bold_label).bold = True
            body = body[len(t.bold_label):]
        if self.style.placeholders and not t.bullet and not t.bold_label:
            self.sdt_text(p, body)
            return
        self.runs(p, body)

    def bullet(self, p, marker: str) -> None:
        if marker != "•":
            p.add_run(f"{marker}\t")
        elif self.style.bullets == "symbol":
            # Alternate the two ways a Symbol-font bullet survives a copy: a w:sym, and the
            # private-use character itself in the text.
            self.sym_font += 1
            if self.sym_font % 2:
                p._p.append(parse_xml(f'<w:r {NS}><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/></w:r>'))
            else:
                run = p.add_run("\uf0b7\t")
                run.font.name = "Symbol"
        else:
            p.add_run("• ")

    def runs(self, p, text: str) -> None:
        if self.style.hyphen == "soft":
            # Word stores its optional hyphen as <w:softHyphen/>; text pasted in keeps U+00AD.
            for k, piece in enumerate(soft_hyphenate(text).split("\u00ad")):
                if k:
                    if k % 2:
                        p._p.append(parse_xml(f"<w:r {NS}><w:softHyphen/></w:r>"))
                    else:
                        piece = "\u00ad" + piece
                p.add_run(piece)
        elif self.style.hyphen == "hard":
            pieces = hard_hyphenate(text)
            for k, piece in enumerate(pieces):
                run = p.add_run(piece)
                if k < len(pieces) - 1:
                    run.add_break(WD_BREAK.LINE)
        else:
            p.add_run(text)

    def sdt_text(self, p, text: str) -> None:
        """A plain-text content control holding the text, or Word's placeholder when empty."""
        if text:
            props, content = "", _run(text)
        else:
            props = "<w:showingPlcHdr/>"
            content = f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{PLACEHOLDER_NL}</w:t></w:r>'
        p._p.append(parse_xml(f"<w:sdt {NS}><w:sdtPr><w:alias w:val=\"tekst\"/>{props}<w:text/></w:sdtPr>"
                              f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"))

    def label_value(self, lv: LabelValue) -> None:
        p = self.doc.add_paragraph()
        p.add_run(lv.label).bold = True
        p.add_run(" ")
        if self.style.placeholders:
            self.sdt_text(p, lv.value)
        elif lv.value:
            p.add_run(lv.value)
        if lv.suffix:
            p.add_run(f"   {lv.suffix}")

    # -- tick boxes ---------------------------------------------------------------------
    def ticks(self, t: Ticks) -> None:
        p = self.doc.add_paragraph()
        p.add_run(t.label).bold = True
        if self.style.ticks_in_header and t.label.startswith("SCHOLEN"):
            return  # the regions are ticked in the funding table's header row
        for b in t.boxes:
            p.add_run("  ")
            self.box(p, b)
            p.add_run(f" {b.caption}")

    def box(self, p, b: Box) -> None:
        self.box_no += 1
        kind = self.style.box
        if kind == "sdt":
            # Word's default look (MS Gothic ☒ / ☐) and a custom one (Wingdings ý / ¨, which Word
            # stores as private-use characters U+F0FD / U+F0A8), alternately.
            font, on, off = ("MS Gothic", "2612", "2610") if self.box_no % 2 else ("Wingdings", "F0FD", "F0A8")
            glyph = chr(int(on if b.ticked else off, 16))
            p._p.append(parse_xml(
                f"<w:sdt {NS}><w:sdtPr><w:id w:val=\"{1000 + self.box_no}\"/><w14:checkbox>"
                f"<w14:checked w14:val=\"{1 if b.ticked else 0}\"/>"
                f"<w14:checkedState w14:val=\"{on}\" w14:font=\"{font}\"/>"
                f"<w14:uncheckedState w14:val=\"{off}\" w14:font=\"{font}\"/></w14:checkbox></w:sdtPr>"
                f"<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:eastAsia=\"{font}\" "
                f"w:hAnsi=\"{font}\" w:hint=\"eastAsia\"/></w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"))
        elif kind == "legacy":
            # Word writes <w:checked/> for a ticked box; one that is ticked by default has only
            # <w:default w:val="1"/>. Alternate between both forms.
            if b.ticked:
                state = '<w:default w:val="0"/><w:checked/>' if self.box_no % 2 else '<w:default w:val="1"/>'
            else:
                state = '<w:default w:val="0"/>'
            for xml in (
                f'<w:r {NS}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Selectievakje{self.box_no}"/>'
                f'<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData>'
                "</w:fldChar></w:r>",
                f'<w:r {NS}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
                f'<w:r {NS}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {NS}><w:fldChar w:fldCharType="end"/></w:r>',
            ):
                p._p.append(parse_xml(xml))
        elif kind == "sym":
            font = "Wingdings" if self.box_no % 2 else "Wingdings 2"
            on, off = SYM_BOXES[font]
            p._p.append(parse_xml(f'<w:r {NS}><w:sym w:font="{font}" w:char="{on if b.ticked else off}"/></w:r>'))
        else:
            p.add_run("☒" if b.ticked else "☐")

    # -- the funding table --------------------------------------------------------------
    def middelen(self, f: MiddelenTable) -> None:
        s = self.style
        regions = list(f.regions)
        if s.ticks_in_header:
            regions = regions[::-1]  # the header says which column is which: never by position
        per_region = 2 if s.split_euro else 1
        lead = 2 if s.extra_column else 1  # with the extra column, the regeling's note has a cell too
        ncols = lead + per_region * len(regions) + (1 if s.extra_column else 0)
        header = self.doc.add_table(rows=1, cols=ncols)
        header.style = "Table Grid"
        cells = header.rows[0].cells
        if lead == 2:  # the caption spans the label and note columns (w:gridSpan)
            cells[0].merge(cells[1])
        cells[0].text = f.caption
        for k, (_code, caption, ticked) in enumerate(regions):
            first = lead + per_region * k
            cell = cells[first]
            if per_region == 2:
                cell = cell.merge(cells[first + 1])
            p = cell.paragraphs[0]
            if s.ticks_in_header:
                self.box(p, Box(caption, ticked))
                p.add_run(f" {caption}")
            else:
                p.add_run(caption)
        table = header
        if s.split_table:
            brk = self.doc.add_paragraph()
            brk.add_run().add_break(WD_BREAK.PAGE)
            table = self.doc.add_table(rows=0, cols=ncols)
            table.style = "Table Grid"
        for row in f.rows:
            cells = table.add_row().cells
            if lead == 2:
                cells[0].text, cells[1].text = row.label, row.help
            else:
                cells[0].text = f"{row.label} {row.help}"
            for k, (code, _, _) in enumerate(regions):
                amount = row.amounts.get(code, "")
                first = lead + per_region * k
                if per_region == 2:
                    cells[first].text = "€"
                    cells[first + 1].text = amount.removeprefix("€").strip()
                else:
                    cells[first].text = amount or "€"
            if s.extra_column:
                cells[-1].text = "€"

    def aanwending(self, a: Aanwending) -> None:
        if not a.as_table:
            for ln in a.lines:
                self.doc.add_paragraph(f"{ln.no}.\t{ln.amount} tbv {ln.purpose}")
            return
        codes = sorted({c for ln in a.lines for c in ln.parts})
        head = ["Nr.", "Omschrijving (t.b.v.)", "Bedrag (€)", "Regio", *[f"Deel {c} (€)" for c in codes],
                "Categorie", "Toelichting (bij PM)"]
        table = self.doc.add_table(rows=1, cols=len(head))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, head):
            cell.text = text
        for ln in a.lines:
            for cell, text in zip(table.add_row().cells, aanwending_cells(ln, codes)):
                cell.text = text


def aanwending_cells(ln: AanLine, codes: list[str]) -> list[str]:
    return [f"{ln.no}.", ln.purpose, ln.amount, ln.regio, *[ln.parts.get(c, "") for c in codes], ln.categorie,
            ln.toelichting]


def _run(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


_LONG_WORD = re.compile(r"(?<![\w./@-])[a-zà-ÿ]{12,}(?![\w./@])")  # not in a web address


def soft_hyphenate(text: str) -> str:
    """Soft hyphens (U+00AD) in the middle of long lower-case words, as Word's hyphenation leaves."""
    return _LONG_WORD.sub(lambda m: m.group(0)[:6] + "\u00ad" + m.group(0)[6:], text)


_DIGRAPHS = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ij", "oe", "oi", "oo", "ou", "ui", "uu", "ch", "ng"}


def _cut(word: str) -> int:
    """Where a hyphenation program could cut: not inside a letter pair Dutch reads as one sound."""
    for k in range(5, len(word) - 4):
        if word[k - 1:k + 1] not in _DIGRAPHS:
            return k
    return 5


def hard_hyphenate(text: str, width: int = 70) -> list[str]:
    """The text broken into lines of about `width`, splitting one long lower-case word per line
    with a hyphen at the end of the line ("school-" ⏎ "besturen"): text pasted from a PDF."""
    lines: list[str] = []
    rest = text
    while len(rest) > width:
        m = _LONG_WORD.search(rest, width // 2)
        if m is None or m.start() > width:
            cut = rest.rfind(" ", 0, width)
            if cut <= 0:
                break
            lines.append(rest[:cut])
            rest = rest[cut + 1:]
            continue
        word = m.group(0)
        cut = _cut(word)
        lines.append(rest[:m.start()] + word[:cut] + "-")
        rest = word[cut:] + rest[m.end():]
    lines.append(rest)
    return lines
