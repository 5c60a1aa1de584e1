"""Write results back into a board's workbook file without losing anything else in it.

openpyxl drops buttons, VBA and some extensions when it saves a file it did not make. This
module instead copies every part of the zip unchanged and edits only the few sheet parts a
command writes to: blocks of rows below an anchor name (Controle, Reconciliatie, the hidden
list of marks that the input cells' conditional formats read) and single named cells (the
status on Start). Input cells are never touched. Styles come from sample
cells the master workbook carries (`stijl_*` names), so styles.xml is not edited either.

The file a board sent is not trusted, and it is the board's only copy. So the whole update runs
under the workbook's write lock (a second command waits, then reads the file again and adds its
result), the new file replaces the old one atomically, and everything that can go wrong (a
damaged or missing part, XML nested too deep, a name pointing off the sheet, a full disk, a
lock held too long) raises UpdateError with a finding from the catalogue while the file stays
byte for byte as it was. Work is bounded by what is written, never by a size the file declares.
"""

from __future__ import annotations

import errno
import lzma
import math
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xltoolkit.findings import Finding, make
from xltoolkit.io.atomic import LockTimeout, atomic_file, write_lock
from xltoolkit.io.ooxml import PartError, XmlPart, parse_part, serialize_part
from xltoolkit.io.styles import RESULT_STYLES, style_name, wrapped_lines
from xltoolkit.io.xlsx import (
    XlsxError,
    open_workbook,
    parse_reference,
    ref_to_rowcol,
    rowcol_to_ref,
)

# Children of <worksheet> in the order the schema requires (ECMA-376, CT_Worksheet).
WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
    "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
    "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
]

MAX_ROW = 1_048_576  # Excel's sheet limits
MAX_COLUMN = 16_384
MAX_COLUMN_WIDTH = 255.0
EXCEL_MAX_NUMBER = Decimal("1e308")  # beyond a double: Excel cannot hold it as a number
# A sheet that is edited is parsed into memory (about ten times its size) and serialised again,
# which takes about a second for this much; the template's result sheets are a few hundred KB
# even with a thousand findings.
MAX_EDIT_PART = 4 * 1024 * 1024
LOCK_WAIT_SECONDS = 30.0  # a write takes well under a second; waiting this long means something is stuck
COPY_CHUNK = 1024 * 1024

# What reading one damaged zip entry raises: a bad CRC or header, broken deflate/bzip2/lzma data
# (bzip2 says so with an OSError), an unknown compression method, an encrypted entry.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError)



@dataclass(frozen=True)
class OutCell:
    """A value to write, with the key of one of the result styles and an optional link target."""

    value: str | int | float | Decimal | None
    style: str = "tekst"
    link: str | None = None  # an internal location such as "'A1 Ankerpunten'!B7"


BOLD_STYLES = frozenset(k for k, v in RESULT_STYLES.items() if v.get("bold"))
MAX_FIT_LINES = 28  # 28 lines of 15 pt reach past Excel's highest row (409 pt): counting further changes nothing


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
    """The workbook was not updated and is unchanged. `finding` (a catalogue code, Dutch) says why;
    the xlwings front-end raises it with a plain message and no finding."""

    def __init__(self, reason: Finding | str) -> None:
        self.finding: Finding | None = reason if isinstance(reason, Finding) else None
        super().__init__(reason.message if isinstance(reason, Finding) else reason)


def apply(path: Path, wb_write: WriteBack, *, wait: float = LOCK_WAIT_SECONDS) -> None:
    """Apply `wb_write` to the workbook at `path`, atomically and under its write lock.

    The workbook is read again under the lock, so a result another command wrote in the meantime
    stays (validate and reconcile at the same moment both land). Every failure is an UpdateError
    with a finding, and the file is then byte for byte as it was."""
    path = Path(path)
    try:
        with write_lock(path, wait):
            _apply_locked(path, wb_write)
    except UpdateError:
        raise
    except LockTimeout as exc:
        raise UpdateError(make("L044", bestand=path.name, seconden=f"{wait:g}")) from exc
    except OSError as exc:
        raise UpdateError(_save_failed(path, exc)) from exc
    except MemoryError as exc:
        raise UpdateError(make("L047", bestand=path.name, detail="te weinig geheugen")) from exc
    except Exception as exc:  # a case nobody foresaw: still a finding, and the file is untouched
        raise UpdateError(make("L047", bestand=path.name, detail=type(exc).__name__)) from exc


def _apply_locked(path: Path, wb_write: WriteBack) -> None:
    upd = _Update(path)
    try:
        for anchor, table in wb_write.tables.items():
            upd.write_table(anchor, table)
        for name, cell in wb_write.texts.items():
            upd.write_text(name, cell)
        upd.save()
    finally:
        upd.close()


def _save_failed(path: Path, exc: OSError) -> Finding:
    folder = str(path.resolve().parent)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return make("L045", bestand=path.name, map=folder)
    return make("L046", bestand=path.name, map=folder, detail=exc.strerror or str(exc) or type(exc).__name__)


class _Update:
    """One update of one workbook file: the zip stays open while edited parts are parsed lazily
    and, on save, every other part is streamed across unchanged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            wb, self.zf = open_workbook(path)
        except XlsxError as exc:
            raise UpdateError(make(exc.code, bestand=path.name, detail=exc.detail)) from exc
        self.infos = self.zf.infolist()
        self.sheet_paths: dict[str, str] = wb.sheet_paths
        self.defined_names: dict[str, str] = wb.defined_names
        self.sheets: dict[str, _Sheet] = {}  # part name -> parsed sheet; only these are re-serialised
        self.dirty: set[str] = set()
        self._styles: dict[str, str] | None = None
        twice = [name for name, n in Counter(i.filename for i in self.infos).items() if n > 1]
        if twice:
            self.zf.close()
            raise self._damaged(twice[0], "het staat meer dan eens in het bestand")

    def close(self) -> None:
        self.zf.close()

    # -- parts --------------------------------------------------------------------------
    def describe(self, part: str) -> str:
        """How a finding names a part: the sheet a user knows, and the part inside the file."""
        for sheet, name in self.sheet_paths.items():
            if name == part:
                return f"het blad '{sheet}' ({part})"
        return f"het onderdeel {part}"

    def _damaged(self, part: str, detail: str) -> UpdateError:
        return UpdateError(make("L043", bestand=self.path.name, onderdeel=self.describe(part), detail=detail))

    def sheet(self, sheet: str, edit: bool = False) -> _Sheet:
        name = self.sheet_paths[sheet]
        if name not in self.sheets:
            self.sheets[name] = self._parse_sheet(name)
        if edit:
            self.dirty.add(name)
        return self.sheets[name]

    def _parse_sheet(self, name: str) -> _Sheet:
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise UpdateError(make("L042", bestand=self.path.name, onderdeel=self.describe(name))) from None
        if info.file_size > MAX_EDIT_PART:
            raise UpdateError(make("L048", bestand=self.path.name, onderdeel=self.describe(name),
                                   grootte=_megabytes(info.file_size), max=_megabytes(MAX_EDIT_PART)))
        try:
            data = self.zf.read(info)
        except READ_ERRORS as exc:
            raise self._damaged(name, _zip_detail(exc)) from exc
        try:
            return _Sheet(parse_part(data))
        except PartError as exc:
            raise self._damaged(name, str(exc)) from exc

    def resolve(self, name: str, rows: int = 1, cols: int = 1) -> tuple[str, int, int]:
        """Sheet, row and column of a defined name's first cell, checked to hold rows x cols."""
        raw = self.defined_names.get(name)
        target = parse_reference(raw) if raw else None
        if target is None or target.broken or target.sheet not in self.sheet_paths:
            raise UpdateError(make("L040", bestand=self.path.name, naam=name))
        r, c = target.first  # type: ignore[misc]
        if not (1 <= r and r + max(rows, 1) - 1 <= MAX_ROW and 1 <= c and c + max(cols, 1) - 1 <= MAX_COLUMN):
            raise UpdateError(make("L041", bestand=self.path.name, naam=name, verwijzing=str(raw)))
        return target.sheet, r, c  # type: ignore[return-value]

    def guard(self, name: str, sheet: str, rows: range, cols: range) -> None:
        """Refuse a write whose region holds the cells of another defined name (an input field, the
        template's stamp, a style sample): a name that was moved, by hand or by a hostile file, must
        never cost the board its input. In the template no output region touches another name."""
        for other, raw in self.defined_names.items():
            target = parse_reference(raw)
            if other == name or target.broken or target.sheet != sheet:
                continue
            (r1, c1), (r2, c2) = target.first, target.last  # type: ignore[misc]
            if min(r1, r2) < rows.stop and max(r1, r2) >= rows.start and min(c1, c2) < cols.stop and max(c1, c2) >= cols.start:
                raise UpdateError(make("L049", bestand=self.path.name, naam=name, verwijzing=self.defined_names[name],
                                       andere=other, plaats=raw))

    def save(self) -> None:
        edited = {}
        for name in self.dirty:
            self.sheets[name].finish()
            try:
                edited[name] = serialize_part(self.sheets[name].part)
            except PartError as exc:
                raise self._damaged(name, str(exc)) from exc
        with atomic_file(self.path) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                self._copy(out, info, edited.get(info.filename))

    def _copy(self, out: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None) -> None:
        """One zip entry into the new file: the edited bytes, or the original content streamed
        through (its CRC checked on the way, so a damaged part stops the update)."""
        new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        new.compress_type, new.external_attr, new.comment = info.compress_type, info.external_attr, info.comment
        new.create_system = info.create_system
        if data is not None:
            out.writestr(new, data)
            return
        try:
            src = self.zf.open(info)
        except READ_ERRORS as exc:
            raise self._damaged(info.filename, _zip_detail(exc)) from exc
        with src, out.open(new, "w") as dst:
            while chunk := self._read_chunk(src, info.filename):
                dst.write(chunk)  # an OSError here is the disk's (full, gone): not the part's

    def _read_chunk(self, src, part: str) -> bytes:
        try:
            return src.read(COPY_CHUNK)
        except READ_ERRORS as exc:
            raise self._damaged(part, _zip_detail(exc)) from exc

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
                    el = self.sheet(sheet).cell(r, c)
                    s = el.get("s") if el is not None else None
                    if s and s.isdigit():
                        self._styles[name] = s
        return self._styles.get(style_name(key))

    # -- writing ------------------------------------------------------------------------
    def write_table(self, anchor: str, table: OutTable) -> None:
        sheet_name, r0, c0 = self.resolve(anchor, rows=len(table.rows), cols=table.width)
        span = range(c0, c0 + table.width)
        self.guard(anchor, sheet_name, range(r0, MAX_ROW + 1), span)  # everything below the anchor is cleared
        sheet = self.sheet(sheet_name, edit=True)
        sheet.clear_block(r0, span)
        widths = _column_widths(sheet.part, span)
        links = []
        for i, cells in enumerate(table.rows):
            row_el = sheet.row(r0 + i)
            if table.fit_rows:
                row_el.set("ht", f"{_row_height(cells, c0, widths):g}")
                row_el.set("customHeight", "1")
            for j, cell in enumerate(cells[: table.width]):
                if cell.value is None and cell.style == "tekst":
                    continue
                ref = rowcol_to_ref(r0 + i, c0 + j)
                sheet.put(r0 + i, self._cell(sheet.part, ref, cell))
                if cell.link:
                    links.append((ref, cell.link, _text_of(cell.value)))
        _set_hyperlinks(sheet.part, r0, span, links)

    def write_text(self, name: str, cell: OutCell) -> None:
        sheet_name, r, c = self.resolve(name)
        self.guard(name, sheet_name, range(r, r + 1), range(c, c + 1))
        sheet = self.sheet(sheet_name, edit=True)
        existing = sheet.cell(r, c)
        new = self._cell(sheet.part, rowcol_to_ref(r, c), cell, keep_style=existing.get("s") if existing is not None else None)
        if existing is not None:
            existing.clear()
            existing.attrib.update(new.attrib)
            existing.extend(list(new))
            sheet.touched.add(r)
        else:
            sheet.put(r, new)

    def _cell(self, part: XmlPart, ref: str, cell: OutCell, keep_style: str | None = None) -> ET.Element:
        el = ET.Element(part.q("c"), {"r": ref})
        style = keep_style or self.style(cell.style)
        if style:
            el.set("s", style)
        if cell.value is None:
            return el
        number = _number_value(cell.value)
        if number is not None:
            ET.SubElement(el, part.q("v")).text = format(number, "f")
            return el
        el.set("t", "inlineStr")
        is_el = ET.SubElement(el, part.q("is"))
        t = ET.SubElement(is_el, part.q("t"))
        t.text = cell_text(_text_of(cell.value))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return el


class _Sheet:
    """A worksheet part being edited, with its rows indexed by number: writing N rows costs N
    lookups, not N scans of a sheet that may hold many rows. Implicit row and cell numbers
    (valid OOXML) are made explicit; a number outside the sheet is a damaged part."""

    def __init__(self, part: XmlPart) -> None:
        if _local(part.root.tag) != "worksheet":
            raise PartError(f"geen werkblad maar <{_local(part.root.tag)}>")
        self.part = part
        data = _child(part, "sheetData", create=True)
        assert data is not None  # create=True always gives one
        self.data: ET.Element = data
        self.rows: dict[int, ET.Element] = {}
        self.touched: set[int] = set()  # rows whose cells changed: their `spans` hint is dropped
        self.inserted = False
        self._index()
        _clamp_cols(part)

    def _index(self) -> None:
        prev = 0
        for row in self.data:
            if row.tag != self.part.q("row"):
                continue
            prev = _number(row.get("r"), prev + 1, MAX_ROW, "rij", "nummer")
            row.set("r", str(prev))
            self.rows.setdefault(prev, row)
            col = 0
            for c in row:
                if c.tag != self.part.q("c"):
                    continue
                col = _cell_column(c.get("r"), col + 1)
                if c.get("r") is None:
                    c.set("r", rowcol_to_ref(prev, col))

    def row(self, r: int) -> ET.Element:
        if r not in self.rows:
            self.rows[r] = ET.SubElement(self.data, self.part.q("row"), {"r": str(r)})
            self.inserted = True
        self.touched.add(r)
        return self.rows[r]

    def cell(self, r: int, c: int) -> ET.Element | None:
        row = self.rows.get(r)
        if row is None:
            return None
        for el in row:
            if el.tag == self.part.q("c") and _column_of(el) == c:
                return el
        return None

    def put(self, r: int, cell: ET.Element) -> None:
        """Add `cell` to row r at the place of its column (cells in a row are in column order)."""
        row = self.row(r)
        col = _column_of(cell)
        for i, el in enumerate(row):
            if el.tag == self.part.q("c") and _column_of(el) > col:
                row.insert(i, cell)
                return
        row.append(cell)

    def clear_block(self, r0: int, span: range) -> None:
        """Remove every cell from row r0 down in the columns of `span`, rows left empty, and
        merges that start there."""
        emptied = set()
        for r, row in list(self.rows.items()):
            if r < r0:
                continue
            for cell in list(row):
                if cell.tag == self.part.q("c") and _column_of(cell) in span:
                    row.remove(cell)
                    self.touched.add(r)
            if len(row) == 0:
                emptied.add(row)
                del self.rows[r]
                self.touched.discard(r)
        if emptied:  # one pass: removing rows one by one would be quadratic in a sheet of many rows
            self.data[:] = [el for el in self.data if el not in emptied]
        merges = self.part.root.find(self.part.q("mergeCells"))
        if merges is None:
            return
        _drop_from_block(merges, r0, span)
        if len(merges) == 0:
            self.part.root.remove(merges)
        else:
            merges.set("count", str(len(merges)))

    def finish(self) -> None:
        """Rows in ascending order, no stale `spans` on a changed row, and the dimension updated."""
        if self.inserted:
            rows = [el for el in self.data if el.tag == self.part.q("row")]
            rest = [el for el in self.data if el.tag != self.part.q("row")]
            rows.sort(key=lambda el: int(el.get("r", "0")))
            self.data[:] = rows + rest
            self.inserted = False
        for r in self.touched:
            if r in self.rows:
                self.rows[r].attrib.pop("spans", None)  # only a hint; absent is valid and never stale
        self._update_dimension()

    def _update_dimension(self) -> None:
        dim = self.part.root.find(self.part.q("dimension"))
        if dim is None:
            return
        cells = [(r, _column_of(c)) for r, row in self.rows.items() for c in row if c.tag == self.part.q("c")]
        if cells:
            first = rowcol_to_ref(min(r for r, _ in cells), min(c for _, c in cells))
            last = rowcol_to_ref(max(r for r, _ in cells), max(c for _, c in cells))
            dim.set("ref", first if first == last else f"{first}:{last}")
        else:
            dim.set("ref", "A1")


# -- element helpers ---------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


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


def _number(text: str | None, default: int, limit: int, what: str, attr: str) -> int:
    """A row number (or similar) from the file: absent means `default`; outside 1..limit is damage."""
    if text is None:
        n = default
    else:
        n = int(text) if text.strip().isdigit() and len(text.strip()) <= 8 else 0
    if not 1 <= n <= limit:
        raise PartError(f"een {what} met het ongeldige {attr} '{(text if text is not None else str(n))[:40]}'")
    return n


def _cell_column(ref: str | None, default: int) -> int:
    if ref is None:
        col = default
    else:
        rc = _safe_rowcol(ref)
        if rc is None:
            raise PartError(f"een cel met het ongeldige adres '{ref[:40]}'")
        col = rc[1]
    if col > MAX_COLUMN:
        raise PartError(f"een cel buiten het blad (kolom {col})")
    return col


def _column_of(cell: ET.Element) -> int:
    """The column of a cell whose reference `_Sheet` checked (or that we made)."""
    return ref_to_rowcol(cell.get("r", "A1"))[1]


def _safe_rowcol(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference inside the sheet's limits, or None."""
    try:
        r, c = ref_to_rowcol(ref)
    except (ValueError, TypeError):
        return None
    return (r, c) if 1 <= r <= MAX_ROW and 1 <= c <= MAX_COLUMN else None


def _clamp_cols(part: XmlPart) -> None:
    """Column ranges as Excel requires them: inside the sheet, ascending, not overlapping. A
    `<col max="2000000000">` is invalid (Excel repairs the file) and must never drive work: it is
    clipped to the last column, a range that overlaps an earlier one starts after it, and what is
    left of no column is dropped."""
    cols = part.root.find(part.q("cols"))
    if cols is None:
        return
    ranges = []
    for col in list(cols):
        lo, hi = _int(col.get("min")), _int(col.get("max"))
        cols.remove(col)
        if lo is not None and hi is not None:
            ranges.append((lo, min(hi, MAX_COLUMN), col))
    next_free = 1
    for lo, hi, col in sorted(ranges, key=lambda x: (x[0], x[1])):
        lo = max(lo, next_free)
        if lo > hi:
            continue
        if col.get("min") != str(lo) or col.get("max") != str(hi):
            col.set("min", str(lo))
            col.set("max", str(hi))
        cols.append(col)
        next_free = hi + 1
    if len(cols) == 0:
        part.root.remove(cols)


def _column_widths(part: XmlPart, span: range) -> dict[int, float]:
    """Widths in characters of the columns in `span` only, from <cols> (8.43 where not set)."""
    widths: dict[int, float] = {}
    cols = part.root.find(part.q("cols"))
    for col in cols if cols is not None else []:
        lo, hi, width = _int(col.get("min")), _int(col.get("max")), _float(col.get("width"))
        if lo is None or hi is None or width is None:
            continue
        for c in range(max(lo, span.start), min(hi, span.stop - 1) + 1):
            widths[c] = width
    return widths


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 10 else None


def _float(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 < value <= MAX_COLUMN_WIDTH else None


def _number_value(value: object) -> Decimal | None:
    """The value as a number Excel can hold (a finite double), or None to write it as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    return number if number.is_finite() and abs(number) < EXCEL_MAX_NUMBER else None


def _text_of(value: object) -> str:
    """Text of any value; a number too large for Excel is shown in scientific notation (str()
    of a 5,000-digit int would fail on Python's conversion limit)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        number = Decimal(value)
        return format(number, "E") if number.is_finite() and abs(number) >= EXCEL_MAX_NUMBER else str(number)
    return str(value)


def _row_height(cells: list[OutCell], c0: int, widths: dict[int, float]) -> float:
    """A height that shows every wrapped value of the row (15 pt a line, at most 409), measured
    as the overview measures its rows (`wrapped_lines`): a crude count of characters per line made
    the Reconciliatie sheet's explanation half empty. A number never wraps."""
    lines = 1
    for j, cell in enumerate(cells):
        if cell.value is None or _number_value(cell.value) is not None:
            continue
        bold = cell.style in BOLD_STYLES
        lines = max(lines, wrapped_lines(_text_of(cell.value), widths.get(c0 + j, 8.43), bold=bold, most=MAX_FIT_LINES))
    return float(min(409, lines * 15 + 2))


def _set_hyperlinks(part: XmlPart, r0: int, span: range, links: list[tuple[str, str, str]]) -> None:
    el = part.root.find(part.q("hyperlinks"))
    if el is not None:
        _drop_from_block(el, r0, span)
    if links and el is None:
        el = ET.Element(part.q("hyperlinks"))
        _insert_child(part, el)
    if el is None:  # no hyperlinks before and none to write
        return
    for ref, location, display in links:
        ET.SubElement(el, part.q("hyperlink"), {"ref": ref, "location": _xml_chars(location)[:255],
                                                "display": _xml_chars(display)[:255]})
    if len(el) == 0:
        part.root.remove(el)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


def _drop_from_block(parent: ET.Element, r0: int, span: range) -> None:
    """Remove the children (merges, hyperlinks) whose `ref` starts in the block, in one pass."""
    def in_block(child: ET.Element) -> bool:
        first = _safe_rowcol(child.get("ref", "").split(":")[0])
        return first is not None and first[0] >= r0 and first[1] in span

    parent[:] = [child for child in parent if not in_block(child)]


def _zip_detail(exc: Exception) -> str:
    if isinstance(exc, NotImplementedError):
        return "de compressiemethode wordt niet ondersteund"
    if isinstance(exc, RuntimeError):
        return "het onderdeel is versleuteld"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error)) and "CRC" in str(exc):
        return "de controlesom klopt niet"
    return "de gecomprimeerde gegevens zijn onleesbaar"


# Characters XML 1.0 cannot hold, and lone surrogates (which cannot be encoded as UTF-8).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def cell_text(text: str) -> str:
    """Text as a cell holds it: OOXML writes a character XML cannot hold as _xHHHH_, so a literal
    `_xHHHH_` in the text is itself escaped (as Excel does) to read back unchanged."""
    text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _xml_chars(text: str) -> str:
    """Text for an attribute, where no escape applies: characters XML cannot hold are left out."""
    return _NOT_XML.sub("", text)


__all__ = ["OutCell", "OutTable", "UpdateError", "WriteBack", "XlsxError", "apply", "cell_text"]
