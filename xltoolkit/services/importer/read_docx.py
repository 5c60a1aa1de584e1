"""Word (.docx): paragraphs and tables in document order, as python-docx opens them.

The body is walked in order (paragraphs, tables, content controls); a table row becomes one
`Line` with its cells, so the funding table keeps its columns. Paragraph text is read from the
runs directly rather than `Paragraph.text`, to also see what real Word documents hold: tab
stops used as columns (a line with cells), manual line breaks (separate lines), tick boxes
(legacy form fields and Wingdings symbols become ☒ / ☐), deleted revisions (left out), field
codes (left out, their result kept) and text boxes (their paragraphs follow the paragraph they
are anchored in). A bold run at the start of a paragraph marks where a label ends.

Tick boxes in every form Word writes become ☒ / ☐ (see `lines`): checkbox content controls
(w14:checkbox, read from w14:checked, not from the glyph shown), legacy form fields and
symbols (w:sym, by font: Wingdings, Wingdings 2, Symbol, or a real Unicode code point as MS
Gothic and Segoe UI Symbol have). A content control showing its placeholder (w:showingPlcHdr)
is empty. A word hyphenated at a manual line break (w:br) is made whole again; a cell that
spans columns (w:gridSpan) is followed by an empty cell per extra column, so every row of a
table has its cells where the header has its columns.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding
from xltoolkit.io.xlsx import MAX_RATIO, MAX_TOTAL_UNCOMPRESSED
from xltoolkit.services.importer.checkboxes import ticks
from xltoolkit.services.importer.lines import PRIVATE_SYMBOLS, Line, Source, clean, left_out, split_bullets
from xltoolkit.services.importer.paragraphs import glue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

# What a symbol-font character (w:sym w:font, w:char) shows: tick boxes as ☒ / ☐, bullets as •.
_FONT_SYMBOLS = {
    "wingdings": {"F0FE": "☒", "F0FD": "☒", "F078": "☒", "F0FB": "☒", "F0FC": "☒", "F0A8": "☐", "F06F": "☐",
                  "F071": "☐", "F072": "☐", "F0A1": "☐", "F0D8": "•", "F0E0": "•", "F0A7": "•", "F0B7": "•",
                  "F06C": "•", "F06E": "•", "F076": "•", "F09F": "•", "F0E8": "•", "F0F0": "•"},
    "wingdings 2": {"F053": "☒", "F054": "☒", "F052": "☒", "F050": "☒", "F04F": "☒", "F0A3": "☐", "F02A": "☐",
                    "F0A2": "☐", "F097": "•", "F098": "•"},
    "symbol": {"F0B7": "•", "F0A8": "•", "F0D6": "☒", "F0B0": "°", "F0AE": "→", "F0DE": "⇒", "F02D": "-"},
}
_TRUE = {"1", "true", "on"}
# A bullet and the tab after it (a w:sym bullet, a typed one): a list item, not two table cells.
_BULLET_TAB = re.compile(r"^(\s*[•▪◦●➢–-])\t+")


class DocxUnreadable(Exception):
    """The file is not a Word document python-docx can open (or is a zip bomb)."""


def read_docx(path: Path) -> Source:
    _check_zip(path)
    try:
        import docx  # python-docx

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise DocxUnreadable(str(exc) or type(exc).__name__) from exc
    reader = _Reader(_Lists(document))
    reader.body(document.element.body)
    return Source(str(path), "docx", reader.lines, "alinea", reader.findings)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocxUnreadable("geen geldig Word-bestand (geen zip-pakket)") from exc
    if sum(i.file_size for i in infos) > MAX_TOTAL_UNCOMPRESSED or len(infos) > 10_000:
        raise DocxUnreadable("het bestand pakt uit tot een onwaarschijnlijk grote omvang")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10 * 1024 * 1024:
            raise DocxUnreadable(f"{i.filename} is verdacht sterk gecomprimeerd")


class _Lists:
    """Word's automatic list numbers and bullets are not in the text; this puts them back
    ("• ", "1. ", "a. ") so a list reads as it did in Word."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, str], str] = {}
        self.styles: dict[str, tuple[str, str]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # no numbering part at all
            numbering = None
        if numbering is not None:
            abstract = {}
            for an in numbering.findall(f"{W}abstractNum"):
                levels = {lvl.get(f"{W}ilvl"): _val(lvl.find(f"{W}numFmt")) or "decimal" for lvl in an.findall(f"{W}lvl")}
                abstract[an.get(f"{W}abstractNumId")] = levels
            for num in numbering.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                for ilvl, fmt in abstract.get(_val(ref), {}).items():
                    self.formats[(num.get(f"{W}numId"), ilvl)] = fmt
        for style in document.styles.element.findall(f"{W}style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = _val(num_pr.find(f"{W}numId")) if num_pr is not None else None
            if num_pr is not None and num_id:
                self.styles[style.get(f"{W}styleId") or ""] = (num_id, _val(num_pr.find(f"{W}ilvl")) or "0")

    def prefix(self, p) -> str:
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        num_pr = ppr.find(f"{W}numPr")
        style = ppr.find(f"{W}pStyle")
        num_id: str | None = None
        ilvl = "0"
        if num_pr is not None:
            num_id, ilvl = _val(num_pr.find(f"{W}numId")), _val(num_pr.find(f"{W}ilvl")) or "0"
        elif style is not None and (_val(style) or "") in self.styles:
            num_id, ilvl = self.styles[_val(style) or ""]
        if not num_id or num_id == "0":
            return ""
        fmt = self.formats.get((num_id, ilvl), "bullet")
        if fmt == "bullet":
            return "• "
        if fmt == "none":
            return ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, 0) + 1
        for other in [k for k in self.counters if k[0] == num_id and int(k[1]) > int(ilvl)]:
            del self.counters[other]
        n = self.counters[key]
        if fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (n - 1) % 26)
            return f"{letter.upper() if fmt == 'upperLetter' else letter}. "
        return f"{n}. "


def _val(el) -> str | None:
    return None if el is None else el.get(f"{W}val")


class _Reader:
    def __init__(self, lists: _Lists) -> None:
        self.lists = lists
        self.lines: list[Line] = []
        self.findings: list[Finding] = []
        self.paragraphs = 0
        self.tables = 0
        self.blanks = 0
        self.page_break = False

    # -- block level ----------------------------------------------------------------------
    def body(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag == f"{W}sdt":
                content = _sdt_content(child)
                if content is not None:
                    self.body(content)
            elif tag in (f"{W}customXml", f"{W}ins"):
                self.body(child)

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        text, label_end, boxes = _paragraph_text(p)
        if _has_page_break(p):
            self.page_break = True
        heading = _is_heading(p)
        prefix = self.lists.prefix(p) if text.strip() else ""
        if prefix:
            text = prefix + text.lstrip()
            label_end = None if label_end is None else label_end + len(prefix)
        self.findings.extend(left_out(text, f"alinea {self.paragraphs}"))
        parts = _split_lines(text)
        for k, part in enumerate(parts):
            self.emit(part, f"alinea {self.paragraphs}", label_end if k == 0 else None, heading)
        for box in boxes:
            self.body(box)

    def table(self, tbl) -> None:
        self.tables += 1
        for r, tr in enumerate(tbl.iter(f"{W}tr"), start=1):
            if _ancestor_table(tr) is not tbl:
                continue  # a nested table's row: it is read as part of its cell's text
            cells = _row_cells(tr)
            for tc in (c for c in tr if c.tag == f"{W}tc"):
                raw = "\n".join(_paragraph_text(p)[0] for p in _cell_paragraphs(tc))
                self.findings.extend(left_out(raw, f"tabel {self.tables} rij {r}"))
            if not any(cells):
                self.blanks += 1
                continue
            where = f"tabel {self.tables} rij {r}"
            self.lines.append(
                Line(len(self.lines) + 1, clean(" ".join(c.replace("\n", " ") for c in cells if c)), where,
                     self.blanks, cells, page_break_before=self.page_break)
            )
            self.blanks, self.page_break = 0, False
        self.blanks += 1  # a table ends like a paragraph does

    def emit(self, raw: str, where: str, label_end: int | None, heading: bool) -> None:
        cells = None
        if re.search(r"\S\t+\S", raw):
            cells = tuple(clean(c) for c in raw.strip().split("\t"))
        text = clean(raw)
        if not text:
            self.blanks += 1
            return
        if label_end is not None:
            label_end = len(clean(raw[:label_end]))
            if label_end <= 0 or label_end >= len(text):
                label_end = None
        if self.continues_cut_word(text, cells, heading):
            return
        self.lines.append(
            Line(len(self.lines) + 1, text, where, self.blanks, cells, label_end, heading, self.page_break,
                 tabbed=cells is not None)
        )
        self.blanks, self.page_break = 0, False


    def continues_cut_word(self, text: str, cells: tuple[str, ...] | None, heading: bool) -> bool:
        """Text pasted from a PDF puts each printed line in a paragraph of its own: a paragraph
        ending in a word cut at the line ("school-") and the next one continuing it ("besturen …")
        are one line again (`paragraphs.glue`), also across a page break."""
        prev = self.lines[-1] if self.lines else None
        if prev is None or self.blanks or cells or prev.cells or heading or prev.heading:
            return False
        joined = glue(prev.text, text)
        if joined is None:
            return False
        self.lines[-1] = Line(prev.no, joined, prev.where, prev.blank_before, None, prev.label_end, False,
                              prev.page_break_before)
        self.page_break = False
        return True


# -- inside a paragraph -----------------------------------------------------------------------


def _paragraph_text(p) -> tuple[str, int | None, list]:
    """The paragraph's text, where its leading bold run ends, and its text boxes."""
    out: list[str] = []
    boxes: list = []
    state: dict[str, Any] = {"instr": False, "bold_open": True, "label_end": None}

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag in (f"{W}del", f"{W}pPr", f"{W}rPr", f"{W}moveFrom"):
                continue
            if tag == f"{W}txbxContent":
                boxes.append(child)
            elif tag == f"{W}r":
                run(child)
            elif tag == f"{W}sdt":
                box = _sdt_checkbox(child)
                if box:
                    out.append(box)
                    continue
                content = _sdt_content(child)
                if content is not None:
                    walk(content)
            else:
                walk(child)

    def run(r) -> None:
        text = _run_text(r, state)
        if text:
            if state["bold_open"] and text.strip() and not _is_bold(r):
                state["bold_open"] = False
                so_far = "".join(out)
                state["label_end"] = len(so_far) if so_far.strip() else None
            out.append(text)
        boxes.extend(_text_boxes(r))

    walk(p)
    label_end = None if state["bold_open"] else state["label_end"]
    return "".join(out), label_end, boxes


def _text_boxes(r) -> list:
    """Text boxes anchored in a run, once each (not the Fallback copy, not nested ones)."""
    found = []
    for box in r.iter(f"{W}txbxContent"):
        outer = False
        for a in box.iterancestors():
            if a is r:
                break
            outer = outer or a.tag == f"{W}txbxContent" or a.tag.endswith("}Fallback")
        if not outer:
            found.append(box)
    return found


def _run_text(r, state: dict) -> str:
    """A run's text, skipping field instructions (between fldChar begin and separate)."""
    parts: list[str] = []
    for node in r:
        tag = node.tag
        if tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                state["instr"] = True
                box = _checkbox(node)
                if box:
                    parts.append(box + " ")
            elif kind in ("separate", "end"):
                state["instr"] = False
        elif state["instr"]:
            continue
        elif tag == f"{W}t":
            parts.append(node.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append(" " if node.get(f"{W}type") in ("page", "column") else "\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}sym":
            parts.append(_symbol(node.get(f"{W}font") or "", node.get(f"{W}char") or ""))
    return "".join(parts)


def _symbol(font: str, char: str) -> str:
    """The character a w:sym shows: a tick box, a bullet, or the Unicode character itself."""
    code = char.upper()
    if len(code) == 4 and code.startswith("F0"):
        shown = _FONT_SYMBOLS.get(font.strip().lower(), {}).get(code)
        if shown is None:
            shown = PRIVATE_SYMBOLS.get(chr(int(code, 16)), "")
        return shown
    try:
        return ticks(chr(int(code, 16)))  # MS Gothic, Segoe UI Symbol: a real code point (2612 ☒)
    except ValueError:
        return ""


def _sdt_checkbox(sdt) -> str:
    """☒ / ☐ for a checkbox content control (its w14:checked state), "" for any other control."""
    box = sdt.find(f"{W}sdtPr/{W14}checkbox")
    if box is None:
        return ""
    checked = box.find(f"{W14}checked")
    on = checked is not None and (checked.get(f"{W14}val") or "1").lower() in _TRUE
    return "☒" if on else "☐"


def _sdt_content(sdt):
    """The content of a content control, or None when it only shows Word's placeholder text."""
    if sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None:
        return None
    return sdt.find(f"{W}sdtContent")


def _split_lines(text: str) -> list[str]:
    """A paragraph's manual lines (w:br): a word hyphenated at a break is joined again
    ("school-" ⏎ "besturen"), and each Symbol-font bullet item is a line of its own."""
    parts: list[str] = []
    for part in text.split("\n"):
        if parts and (joined := glue(parts[-1], part)) is not None:
            parts[-1] = joined
        else:
            parts.append(part)
    return [_BULLET_TAB.sub(r"\1 ", item) for part in parts for item in split_bullets(part)]


def _checkbox(fld_char) -> str:
    box = fld_char.find(f"{W}ffData/{W}checkBox")
    if box is None:
        return ""
    checked = box.find(f"{W}checked")
    if checked is None:
        checked = box.find(f"{W}default")
    on = checked is not None and (checked.get(f"{W}val") or "1").lower() in _TRUE
    return "☒" if on else "☐"


def _is_bold(run) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and (b.get(f"{W}val") or "1").lower() in _TRUE


def _is_heading(p) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return False
    if ppr.find(f"{W}outlineLvl") is not None:
        return True
    style = ppr.find(f"{W}pStyle")
    name = (style.get(f"{W}val") or "") if style is not None else ""
    return bool(re.match(r"(heading|kop|title|titel)", name, re.IGNORECASE))


def _has_page_break(p) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    return any(br.get(f"{W}type") == "page" for br in p.iter(f"{W}br"))


def _ancestor_table(tr):
    for a in tr.iterancestors():
        if a.tag == f"{W}tbl":
            return a
    return None


def _row_cells(tr) -> tuple[str, ...]:
    """A row's cells; a cell spanning columns is followed by an empty cell per extra column."""
    cells: list[str] = []
    for tc in tr:
        if tc.tag == f"{W}sdt":  # a row-level content control around cells
            content = _sdt_content(tc)
            cells.extend(_row_cells(content) if content is not None else ())
            continue
        if tc.tag != f"{W}tc":
            continue
        cells.append(_cell_text(tc))
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        try:
            extra = int(_val(span) or "1") - 1 if span is not None else 0
        except ValueError:
            extra = 0
        cells.extend([""] * max(0, min(extra, 50)))
    return tuple(cells)


def _cell_text(tc) -> str:
    """A cell's paragraphs (and nested tables' cells), one per line."""
    parts: list[str] = []
    for p in _cell_paragraphs(tc):
        text, _, _ = _paragraph_text(p)
        text = "\n".join(clean(t) for t in _split_lines(text))
        if text.strip():
            parts.append(text.strip())
    return "\n".join(parts)


def _cell_paragraphs(tc) -> Iterator:
    for child in tc:
        if child.tag == f"{W}p":
            yield child
        elif child.tag == f"{W}tbl":
            yield from child.iter(f"{W}p")
        elif child.tag == f"{W}sdt":
            content = _sdt_content(child)
            if content is not None:
                yield from _cell_paragraphs(content)
