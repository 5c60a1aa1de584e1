"""Write results back into a board's workbook file without losing anything else in it.

openpyxl drops buttons, VBA and some extensions when it saves a file it did not make. This
module instead copies every part of the zip unchanged and edits only the few sheet parts a
command writes to: blocks of rows below an anchor name (Controle, Reconciliatie, the hidden
list of marks that the input cells' conditional formats read) and single named cells (the
status on Start). Input cells are never touched. Styles come from sample
cells the master workbook carries (`stijl_*` names), so styles.xml is not edited either. The
new file replaces the old one atomically.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.ooxml import XmlPart, parse_part, serialize_part
from xltoolkit.io.styles import style_name
from xltoolkit.io.xlsx import XlsxError, open_workbook, parse_reference, ref_to_rowcol, rowcol_to_ref

# Children of <worksheet> in the order the schema requires (ECMA-376, CT_Worksheet).
WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
    "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
    "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
]


@dataclass(frozen=True)
class OutCell:
    """A value to write, with the key of one of the result styles and an optional link target."""

    value: str | int | float | Decimal | None
    style: str = "tekst"
    link: str | None = None  # an internal location such as "'A1 Ankerpunten'!B7"


@dataclass
class OutTable:
    """Rows written from an anchor name down, in `width` columns; everything below the anchor in
    those columns is cleared first, so writing again replaces what an earlier run wrote."""

    rows: list[list[OutCell]]
    width: int
    fit_rows: bool = True  # give each row the height its wrapped text needs


@dataclass
class WriteBack:
    """What a command writes into a workbook; the same content drives the xlwings front-end."""

    tables: dict[str, OutTable] = field(default_factory=dict)  # anchor name -> table
    texts: dict[str, OutCell] = field(default_factory=dict)  # defined name -> value


class UpdateError(Exception):
    """The workbook lacks what the write-back needs (an anchor name); carries a Dutch message."""


def apply(path: Path, wb_write: WriteBack) -> None:
    """Apply `wb_write` to the workbook at `path`, atomically."""
    upd = _Update(Path(path))
    for anchor, table in wb_write.tables.items():
        upd.write_table(anchor, table)
    for name, cell in wb_write.texts.items():
        upd.write_text(name, cell)
    upd.save()


class _Update:
    def __init__(self, path: Path) -> None:
        self.path = path
        wb, zf = open_workbook(path)
        with zf:
            self.infos = zf.infolist()
            self.data = {i.filename: wb.read_part(i.filename) for i in self.infos}
        self.sheet_paths: dict[str, str] = wb.sheet_paths
        self.defined_names: dict[str, str] = wb.defined_names
        self.parts: dict[str, XmlPart] = {}
        self.dirty: set[str] = set()  # only these parts are re-serialised; every other part keeps its bytes
        self._styles: dict[str, str] | None = None

    # -- parts --------------------------------------------------------------------------
    def part(self, name: str) -> XmlPart:
        if name not in self.parts:
            self.parts[name] = parse_part(self.data[name])
        return self.parts[name]

    def sheet_part(self, sheet: str, edit: bool = False) -> XmlPart:
        name = self.sheet_paths[sheet]
        if edit:
            self.dirty.add(name)
        return self.part(name)

    def resolve(self, name: str) -> tuple[str, int, int]:
        raw = self.defined_names.get(name)
        target = parse_reference(raw) if raw else None
        if target is None or target.broken or target.sheet not in self.sheet_paths:
            raise UpdateError(f"Het werkboek mist de naam '{name}' (of het blad ervan); gebruik een nieuw werkboek van het SWV.")
        return target.sheet, target.first[0], target.first[1]  # type: ignore[index, return-value]

    def save(self) -> None:
        for name in self.dirty:
            self.data[name] = serialize_part(self.parts[name])
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                out.writestr(info, self.data[info.filename], compress_type=info.compress_type)
        atomic_write_bytes(self.path, buf.getvalue())

    # -- styles from the workbook's own sample cells -------------------------------------
    def style(self, key: str) -> str | None:
        if self._styles is None:
            self._styles = {}
            for name in self.defined_names:
                if name.startswith("stijl_"):
                    try:
                        sheet, r, c = self.resolve(name)
                    except UpdateError:
                        continue
                    el = _find_cell(self.sheet_part(sheet), r, c)
                    if el is not None and el.get("s"):
                        self._styles[name] = el.get("s")  # type: ignore[assignment]
        return self._styles.get(style_name(key))

    # -- writing ------------------------------------------------------------------------
    def write_table(self, anchor: str, table: OutTable) -> None:
        sheet, r0, c0 = self.resolve(anchor)
        part = self.sheet_part(sheet, edit=True)
        span = range(c0, c0 + table.width)
        _clear_block(part, r0, span)
        widths = _column_widths(part)
        links = []
        for i, cells in enumerate(table.rows):
            row_el = _row(part, r0 + i)
            if table.fit_rows:
                row_el.set("ht", f"{_row_height(cells, c0, widths):g}")
                row_el.set("customHeight", "1")
            for j, cell in enumerate(cells[: table.width]):
                if cell.value is None and cell.style == "tekst":
                    continue
                ref = rowcol_to_ref(r0 + i, c0 + j)
                row_el.append(self._cell(part, ref, cell))
                if cell.link:
                    links.append((ref, cell.link, str(cell.value)))
            _sort_cells(row_el)
        _set_hyperlinks(part, r0, span, links)
        _update_dimension(part)

    def write_text(self, name: str, cell: OutCell) -> None:
        sheet, r, c = self.resolve(name)
        part = self.sheet_part(sheet, edit=True)
        existing = _find_cell(part, r, c)
        new = self._cell(part, rowcol_to_ref(r, c), cell, keep_style=existing.get("s") if existing is not None else None)
        if existing is not None:
            existing.clear()
            existing.attrib.update(new.attrib)
            existing.extend(list(new))
        else:
            _row(part, r).append(new)
            _sort_cells(_row(part, r))

    def _cell(self, part: XmlPart, ref: str, cell: OutCell, keep_style: str | None = None) -> ET.Element:
        el = ET.Element(part.q("c"), {"r": ref})
        style = keep_style or self.style(cell.style)
        if style:
            el.set("s", style)
        if cell.value is None:
            return el
        if isinstance(cell.value, (int, float, Decimal)) and not isinstance(cell.value, bool):
            ET.SubElement(el, part.q("v")).text = format(Decimal(str(cell.value)), "f")
            return el
        el.set("t", "inlineStr")
        is_el = ET.SubElement(el, part.q("is"))
        t = ET.SubElement(is_el, part.q("t"))
        t.text = _xml_safe(str(cell.value))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return el

# -- element helpers ---------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(part: XmlPart, tag: str, create: bool = False) -> ET.Element | None:
    el = part.root.find(part.q(tag))
    if el is None and create:
        el = ET.Element(part.q(tag))
        _insert_child(part, el)
    return el


def _insert_child(part: XmlPart, el: ET.Element) -> None:
    """Insert `el` under <worksheet> at the place the schema requires."""
    rank = WORKSHEET_ORDER.index(_local(el.tag))
    children = list(part.root)
    for i, child in enumerate(children):
        name = _local(child.tag)
        if name in WORKSHEET_ORDER and WORKSHEET_ORDER.index(name) > rank:
            part.root.insert(i, el)
            return
    part.root.append(el)


def _row(part: XmlPart, r: int) -> ET.Element:
    data = _child(part, "sheetData", create=True)
    for i, row in enumerate(list(data)):
        n = int(row.get("r", "0"))
        if n == r:
            return row
        if n > r:
            new = ET.Element(part.q("row"), {"r": str(r)})
            data.insert(i, new)
            return new
    return ET.SubElement(data, part.q("row"), {"r": str(r)})


def _find_cell(part: XmlPart, r: int, c: int) -> ET.Element | None:
    data = part.root.find(part.q("sheetData"))
    if data is None:
        return None
    ref = rowcol_to_ref(r, c)
    for row in data:
        if int(row.get("r", "0")) == r:
            for cell in row:
                if cell.get("r") == ref:
                    return cell
    return None


def _sort_cells(row: ET.Element) -> None:
    cells = sorted(row, key=lambda c: ref_to_rowcol(c.get("r", "A1"))[1])
    for c in list(row):
        row.remove(c)
    row.extend(cells)


def _clear_block(part: XmlPart, r0: int, span: range) -> None:
    """Remove every cell from row r0 down in the columns of `span`, and merges that start there."""
    data = _child(part, "sheetData", create=True)
    for row in list(data):
        if int(row.get("r", "0")) < r0:
            continue
        for cell in list(row):
            if ref_to_rowcol(cell.get("r", "A1"))[1] in span:
                row.remove(cell)
        if len(row) == 0:
            data.remove(row)
    merges = part.root.find(part.q("mergeCells"))
    if merges is None:
        return
    for m in list(merges):
        r, c = ref_to_rowcol(m.get("ref", "A1").split(":")[0])
        if r >= r0 and c in span:
            merges.remove(m)
    if len(merges) == 0:
        part.root.remove(merges)
    else:
        merges.set("count", str(len(merges)))


def _set_hyperlinks(part: XmlPart, r0: int, span: range, links: list[tuple[str, str, str]]) -> None:
    el = part.root.find(part.q("hyperlinks"))
    if el is not None:
        for h in list(el):
            r, c = ref_to_rowcol(h.get("ref", "A1").split(":")[0])
            if r >= r0 and c in span:
                el.remove(h)
    if links and el is None:
        el = ET.Element(part.q("hyperlinks"))
        _insert_child(part, el)
    for ref, location, display in links:
        ET.SubElement(el, part.q("hyperlink"), {"ref": ref, "location": location, "display": _xml_safe(display)[:255]})
    if el is not None and len(el) == 0:
        part.root.remove(el)


def _column_widths(part: XmlPart) -> dict[int, float]:
    """Column widths in characters, from <cols> (8.43 where not set)."""
    widths: dict[int, float] = {}
    cols = part.root.find(part.q("cols"))
    for col in cols if cols is not None else []:
        for c in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
            widths[c] = float(col.get("width", "8.43"))
    return widths


def _row_height(cells: list[OutCell], c0: int, widths: dict[int, float]) -> float:
    """A height that shows every wrapped value of the row (15 pt a line, at most 409)."""
    lines = 1
    for j, cell in enumerate(cells):
        if cell.value is None:
            continue
        chars = max(4.0, widths.get(c0 + j, 8.43) * 1.1)
        text = str(cell.value)
        lines = max(lines, sum(max(1, -(-len(p) // int(chars))) for p in text.split("\n")))
    return float(min(409, lines * 15 + 2))


def _update_dimension(part: XmlPart) -> None:
    dim = part.root.find(part.q("dimension"))
    data = part.root.find(part.q("sheetData"))
    if dim is None or data is None:
        return
    refs = [ref_to_rowcol(c.get("r")) for row in data for c in row if c.get("r")]
    if refs:
        last = rowcol_to_ref(max(r for r, _ in refs), max(c for _, c in refs))
        dim.set("ref", f"A1:{last}")


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _ILLEGAL.sub("", text)


__all__ = ["OutCell", "OutTable", "WriteBack", "UpdateError", "apply", "XlsxError"]
