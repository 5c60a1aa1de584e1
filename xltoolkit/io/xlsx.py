"""A small, defensive reader of .xlsx/.xlsm cells, defined names and sheet names.

Why not openpyxl here: reading a submission needs, for each input cell, both the formula (to
note that it was one) and the value the spreadsheet program last calculated (to use it without
ever executing the formula). openpyxl gives one or the other per load; this reader gets both in
one pass, touches only the sheets that defined names point to, and is several times faster.

Workbooks are never trusted: XML is parsed with defusedxml (no entities, no external
references), the zip is checked for size before anything is unpacked, and macros are never
looked at, let alone run.
"""

from __future__ import annotations

import re
import zipfile
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

import xml.etree.ElementTree as _FastET

from defusedxml import ElementTree as SafeET

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{NS_MAIN}}}"

MAX_TOTAL_UNCOMPRESSED = 300 * 1024 * 1024  # a zip bomb stops here
MAX_PART = 100 * 1024 * 1024
MAX_RATIO = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


class XlsxError(Exception):
    """The file cannot be read as a workbook. `kind` says why (for the catalogue's codes)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind  # not_found | not_workbook | encrypted | corrupt | old_xls
        self.detail = detail


@dataclass(frozen=True)
class Cell:
    value: str | int | float | bool | None
    formula: str | None = None
    error: str | None = None  # "#DIV/0!" and friends


EMPTY = Cell(None)


@dataclass(frozen=True)
class NameTarget:
    """Where a defined name points: a sheet and a rectangular range (or a broken reference)."""

    sheet: str | None
    first: tuple[int, int] | None  # (row, col), 1-based
    last: tuple[int, int] | None
    raw: str

    @property
    def broken(self) -> bool:
        return self.first is None

    def cells(self) -> Iterator[tuple[int, int]]:
        """Every (row, col) of the range, row by row."""
        if self.first is None or self.last is None:
            return
        for r in range(self.first[0], self.last[0] + 1):
            for c in range(self.first[1], self.last[1] + 1):
                yield r, c

    @property
    def rows(self) -> int:
        return 0 if self.broken else self.last[0] - self.first[0] + 1  # type: ignore[index]

    @property
    def cols(self) -> int:
        return 0 if self.broken else self.last[1] - self.first[1] + 1  # type: ignore[index]


def sniff(path: Path) -> None:
    """Raise XlsxError when the file is not an OOXML workbook (before unzipping anything)."""
    if not path.is_file():
        raise XlsxError("not_found", str(path))
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == OLE_MAGIC:
            rest = fh.read(2 * 1024 * 1024)
            encrypted = "EncryptionInfo".encode("utf-16-le") in rest or "EncryptedPackage".encode("utf-16-le") in rest
            raise XlsxError("encrypted" if encrypted else "old_xls")
    if not head.startswith(b"PK"):
        raise XlsxError("not_workbook", "geen zip-bestand")


class Workbook:
    """Read-only access to one workbook's cells by defined name. Use `open_workbook`."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._names = set(zf.namelist())
        if "xl/workbook.xml" not in self._names:
            raise XlsxError("not_workbook", "xl/workbook.xml ontbreekt")
        self.sheet_paths, self.defined_names = self._read_workbook()
        self._shared: list[str] | None = None
        self._sheets: dict[str, dict[tuple[int, int], Cell]] = {}

    # -- workbook part ----------------------------------------------------------------
    def _read_workbook(self) -> tuple[dict[str, str], dict[str, str]]:
        root = self._xml("xl/workbook.xml")
        rels = self._rels("xl/_rels/workbook.xml.rels", base="xl")
        sheets: dict[str, str] = {}
        for el in root.iter(f"{_M}sheet"):
            rid = el.get(f"{{{NS_REL}}}id")
            if rid in rels:
                sheets[el.get("name", "")] = rels[rid]
        names: dict[str, str] = {}
        for el in root.iter(f"{_M}definedName"):
            if el.get("localSheetId") is None and el.text:
                names[el.get("name", "")] = el.text.strip()
        return sheets, names

    def _rels(self, path: str, base: str) -> dict[str, str]:
        if path not in self._names:
            return {}
        out = {}
        for el in self._xml(path).iter(f"{{{NS_PKG_REL}}}Relationship"):
            target = el.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath(base) / target)
            out[el.get("Id", "")] = _normpath(full)
        return out

    def _xml(self, part: str):
        data = self.read_part(part)
        try:
            return safe_fromstring(data)
        except SafeET.ParseError as exc:  # type: ignore[attr-defined]
            raise XlsxError("corrupt", f"{part}: {exc}") from exc
        except Exception as exc:  # defusedxml forbids DTDs/entities: a hostile or broken part
            raise XlsxError("corrupt", f"{part}: {type(exc).__name__}") from exc

    def read_part(self, part: str) -> bytes:
        try:
            info = self._zf.getinfo(part)
        except KeyError as exc:
            raise XlsxError("corrupt", f"{part} ontbreekt") from exc
        if info.file_size > MAX_PART:
            raise XlsxError("corrupt", f"{part} is te groot")
        try:
            return self._zf.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise XlsxError("corrupt", f"{part}: {exc}") from exc

    # -- names -------------------------------------------------------------------------
    def target(self, name: str) -> NameTarget | None:
        """Where a defined name points; None when the workbook has no such name."""
        raw = self.defined_names.get(name)
        if raw is None:
            return None
        return parse_reference(raw)

    # -- cells -------------------------------------------------------------------------
    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.sheet_paths

    def cell(self, sheet: str, row: int, col: int) -> Cell:
        return self._sheet(sheet).get((row, col), EMPTY)

    def sheet_cells(self, sheet: str) -> dict[tuple[int, int], Cell]:
        """Every non-empty cell of a sheet by (row, col)."""
        return self._sheet(sheet)

    def _sheet(self, sheet: str) -> dict[tuple[int, int], Cell]:
        if sheet not in self._sheets:
            self._sheets[sheet] = self._read_sheet(self.sheet_paths[sheet])
        return self._sheets[sheet]

    def _read_sheet(self, part: str) -> dict[tuple[int, int], Cell]:
        cells: dict[tuple[int, int], Cell] = {}
        data = self._sheet_data(part)
        if data is None:
            return cells
        for row_el in data.iter(f"{_M}row"):
            for c in row_el.iter(f"{_M}c"):
                ref = c.get("r")
                if not ref or (len(c) == 0 and c.get("t") != "inlineStr"):
                    continue  # a styled blank cell: nothing to read
                pos = ref_to_rowcol(ref)
                cell = self._cell(c)
                if cell is not EMPTY:
                    cells[pos] = cell
        return cells

    def _sheet_data(self, part: str):
        """The <sheetData> element. Only that slice of the part is parsed when the part uses the
        default namespace (what Excel, LibreOffice and xlsxwriter write): validation, formatting
        and merges, often most of the bytes, are not needed to read values. Else: the whole part."""
        raw = self.read_part(part)
        start, end = raw.find(b"<sheetData"), raw.rfind(b"</sheetData>")
        complete = raw.rstrip().endswith(b"</worksheet>")  # a truncated part is corrupt, even if its data is whole
        if complete and start > 0 and end > start:
            fragment = b'<w xmlns="' + NS_MAIN.encode() + b'">' + raw[start:end + 12] + b"</w>"
            try:
                return safe_fromstring(fragment).find(f"{_M}sheetData")
            except Exception:
                pass  # unusual serialisation: fall back to the whole part
        return self._xml(part).find(f"{_M}sheetData")

    def _cell(self, c) -> Cell:
        t = c.get("t", "n")
        f_el = c.find(f"{_M}f")
        formula = None
        if f_el is not None:
            if f_el.text:
                formula = "=" + f_el.text
            elif f_el.get("t") == "shared":
                formula = "=(gedeelde formule)"
        v_el = c.find(f"{_M}v")
        v = v_el.text if v_el is not None else None
        if t == "inlineStr":
            is_el = c.find(f"{_M}is")
            text = "".join(x.text or "" for x in is_el.iter(f"{_M}t")) if is_el is not None else ""
            return Cell(_unescape(text), formula)
        if v is None:
            return Cell(None, formula) if formula else EMPTY
        if t == "s":
            return Cell(self.shared_strings()[int(v)], formula)
        if t == "str":
            return Cell(_unescape(v), formula)
        if t == "b":
            return Cell(v == "1", formula)
        if t == "e":
            return Cell(None, formula, error=v)
        num = float(v)
        return Cell(int(num) if num.is_integer() and "." not in v and "E" not in v.upper() else num, formula)

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            if "xl/sharedStrings.xml" in self._names:
                for si in self._xml("xl/sharedStrings.xml").iter(f"{_M}si"):
                    # rich text: every run's text; phonetic runs (rPh) are not part of the value
                    parts = [t.text or "" for t in si.iter(f"{_M}t") if t not in _phonetic_texts(si)]
                    self._shared.append(_unescape("".join(parts)))
        return self._shared


def _phonetic_texts(si) -> set:
    return {t for rph in si.iter(f"{_M}rPh") for t in rph.iter(f"{_M}t")}


def safe_fromstring(data: bytes):
    """Parse XML from a file we do not trust. The attacks defusedxml guards against (entity
    expansion, external entities) all need a DTD; a part without one goes to the C parser,
    which is several times faster. Anything with a DTD, or not plainly UTF-8/ASCII, goes
    through defusedxml, which refuses it."""
    head = data[:4]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SafeET.fromstring(data)
    return _FastET.fromstring(data)


def open_workbook(path: Path) -> tuple[Workbook, zipfile.ZipFile]:
    """Open a workbook for reading after checking it is one and is not a zip bomb."""
    sniff(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxError("corrupt", str(exc)) from exc
    try:
        _check_sizes(zf, path)
        return Workbook(zf), zf
    except Exception:
        zf.close()
        raise


def _check_sizes(zf: zipfile.ZipFile, path: Path) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED or len(infos) > 10_000:
        raise XlsxError("corrupt", "het bestand pakt uit tot een onwaarschijnlijk grote omvang")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10 * 1024 * 1024:
            raise XlsxError("corrupt", f"{i.filename} is verdacht sterk gecomprimeerd")


def parse_reference(raw: str) -> NameTarget:
    """`'A1 Ankerpunten'!$B$5` or `Gegevens!$C$9:$E$9` into a NameTarget; #REF! stays broken."""
    text = raw.strip().lstrip("=")
    if "#REF!" in text.upper() or "!" not in text:
        return NameTarget(None, None, None, raw)
    sheet_part, _, ref = text.rpartition("!")
    sheet = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") else sheet_part
    first, _, last = ref.partition(":")
    try:
        a = ref_to_rowcol(first)
        b = ref_to_rowcol(last) if last else a
    except ValueError:
        return NameTarget(sheet, None, None, raw)
    return NameTarget(sheet, a, b, raw)


@lru_cache(maxsize=65536)
def ref_to_rowcol(ref: str) -> tuple[int, int]:
    m = _REF_RE.match(ref.strip().upper())
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + (ord(ch) - 64)
    return int(m.group(2)), col


def rowcol_to_ref(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _unescape(text: str) -> str:
    """OOXML escapes characters XML cannot hold as _xHHHH_."""
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _normpath(path: str) -> str:
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)
