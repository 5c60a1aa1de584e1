"""A small, defensive reader of .xlsx/.xlsm cells, defined names and sheet names.

Why not openpyxl here: reading a submission needs, for each input cell, both the formula (to
note that it was one) and the value the spreadsheet program last calculated (to use it without
ever executing the formula). openpyxl gives one or the other per load; this reader gets both in
one pass, touches only the sheets that defined names point to, and is several times faster.
Why not python-calamine (a Rust reader, about twice as fast on a board's workbook; issue 15
measured it): it gives values only, so a formula in an input cell (L022) goes unseen, an error
value reads as "" (not L023), "abc" stored as a number reads as the text "abc" (not a damaged
cell, L026), and one bad shared-string index makes the whole sheet unreadable instead of one
cell. The merge would then report other findings than `validate` does for the same file.

Workbooks are never trusted: XML is parsed with defusedxml (no entities, no external
references), the zip is checked for size before anything is unpacked, and macros are never
looked at, let alone run. Work is bounded by what is asked, never by what the file declares: a
caller names the rows it needs (`load_rows`) and only those rows of a sheet are parsed (the
others are skipped by a byte scan), and a shared string is parsed when a cell uses it. A cell
whose stored value cannot be what its type says (a shared-string index that does not exist,
"abc" as a number, an unknown type) keeps the reason in `Cell.problem` instead of a value.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as _FastET
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from defusedxml import ElementTree as SafeET

from xltoolkit.codes import Code
from xltoolkit.model.values import shorten

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{NS_MAIN}}}"
_T = f"{_M}t"
_SI = f"{_M}si"
_C, _F, _V, _IS = f"{_M}c", f"{_M}f", f"{_M}v", f"{_M}is"
_VALUE_ONLY = ("s", "n")  # the types of nearly every cell read: a shared string or a number, just a <v>
_DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"

MAX_TOTAL_UNCOMPRESSED = 300 * 1024 * 1024  # a zip bomb stops here
MAX_PART = 64 * 1024 * 1024  # one part, unpacked (a sheet's rows beyond those read are only scanned)
MAX_PARSE = 8 * 1024 * 1024  # XML parsed in one go (a whole part, or the rows read of a sheet); a board's stays under 2 MB
MAX_RATIO = 200
EAGER_SHARED = 1024 * 1024  # a shared-string table up to this size is parsed in one go
MAX_PROPERTIES = 1 << 20  # a document-properties part, unpacked: a few KB in any real file
CORE_PART = "docProps/core.xml"
MAX_ROW = 1_048_576  # Excel's grid: a reference outside it is not a cell
MAX_COLUMN = 16_384

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_NUMBER_RE = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")  # xsd:double as spreadsheets write it
_INDEX_RE = re.compile(r"^\s*\d{1,9}\s*$")
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # an element may carry a namespace prefix (x:row)
_ROW_TAG_RE = re.compile(rb"<(" + _PREFIX + rb")row\b([^>]*?)(/?)>")
_ROW_NUMBER_RE = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*(\d{1,7})\s*["']""")
_SHEET_DATA_RE = re.compile(rb"<" + _PREFIX + rb"sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END_RE = re.compile(rb"</" + _PREFIX + rb"sheetData\s*>")
_ROOT_END_RE = re.compile(rb"</" + _PREFIX + rb"(?:worksheet|sst)\s*>\s*$")
_ROOT_TAG_RE = re.compile(rb"<(?!\?|!)[^>]*>")  # the first element's start tag (after <?xml ...?> and comments)
_XMLNS_RE = re.compile(rb"""\sxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_SI_RE = re.compile(rb"<" + _PREFIX + rb"si\b")


class XlsxError(Exception):
    """The file cannot be read as a workbook. `kind` says why (for the catalogue's codes)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind  # not_found | not_workbook | encrypted | corrupt | old_xls
        self.detail = detail

    @property
    def code(self) -> Code:
        """The catalogue's code for why the file cannot be opened (L001–L005)."""
        return _OPEN_CODES[self.kind]


_OPEN_CODES: dict[str, Code] = {"not_found": "L001", "not_workbook": "L002", "encrypted": "L003", "corrupt": "L004", "old_xls": "L005"}


@dataclass(frozen=True)
class Cell:
    value: str | int | float | bool | None
    formula: str | None = None
    error: str | None = None  # "#DIV/0!" and friends
    problem: str | None = None  # why the stored value cannot be read (a damaged file), in Dutch; value is None


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
        """Every (row, col) of the range, row by row. Lazy: a range may be the whole sheet, so
        take what you need (`itertools.islice`), never `list()` it."""
        if self.first is None or self.last is None:
            return
        for r in range(self.first[0], self.last[0] + 1):
            for c in range(self.first[1], self.last[1] + 1):
                yield r, c

    @property
    def size(self) -> int:
        return self.rows * self.cols

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


@dataclass
class _Sheet:
    """What has been read of one sheet: its cells, which rows (None: all), and bad cell addresses."""

    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    rows: set[int] | None = field(default_factory=set)
    bad_refs: list[str] = field(default_factory=list)

    def covers(self, row: int) -> bool:
        return self.rows is None or row in self.rows


class Workbook:
    """Read-only access to one workbook's cells by defined name. Use `open_workbook`."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._names = set(zf.namelist())
        if "xl/workbook.xml" not in self._names:
            raise XlsxError("not_workbook", "xl/workbook.xml ontbreekt")
        self.sheet_paths, self.defined_names = self._read_workbook()
        self._shared: _SharedStrings | None = None
        self._sheets: dict[str, _Sheet] = {}
        self._targets: dict[str, NameTarget | None] = {}

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
            full = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"  # _normpath resolves ".." and "."
            out[el.get("Id", "")] = _normpath(full)
        return out

    def _xml(self, part: str, data: bytes | None = None):
        data = self.read_part(part) if data is None else data
        if len(data) > MAX_PARSE:
            raise XlsxError("corrupt", f"{part} is te groot om te lezen ({len(data) // (1024 * 1024)} MB XML)")
        try:
            return safe_fromstring(data)
        except SafeET.ParseError as exc:  # type: ignore[attr-defined]
            raise XlsxError("corrupt", f"{part}: {exc}") from exc
        except RecursionError as exc:
            raise XlsxError("corrupt", f"{part}: te diep geneste XML") from exc
        except Exception as exc:  # defusedxml forbids DTDs/entities: a hostile or broken part
            raise XlsxError("corrupt", f"{part}: {type(exc).__name__}") from exc

    def read_part(self, part: str) -> bytes:
        """A part's bytes. Whatever the zip does wrong (a bad CRC, a flipped bit in compressed
        data, a compression method or encryption it does not support) is a corrupt file."""
        try:
            info = self._zf.getinfo(part)
        except KeyError as exc:
            raise XlsxError("corrupt", f"{part} ontbreekt") from exc
        if info.file_size > MAX_PART:
            raise XlsxError("corrupt", f"{part} is te groot")
        try:
            return self._zf.read(info)
        except Exception as exc:  # zlib.error, NotImplementedError, RuntimeError (encrypted), BadZipFile, ...
            raise XlsxError("corrupt", f"{part}: {shorten(str(exc)) or type(exc).__name__}") from exc

    def part_xml(self, part: str, max_bytes: int = MAX_PROPERTIES):
        """A small optional part parsed (document properties), or None when it is missing, bigger
        than `max_bytes`, damaged or unsafe: what it says is a nicety, never a reason to refuse a file."""
        try:
            return _small_xml(self._zf, part, max_bytes)
        except Exception:  # noqa: BLE001 - see above
            return None

    def doc_modified(self) -> str:
        """When the program that last saved the workbook says it did (docProps/core.xml's
        dcterms:modified, ISO text; "" when unknown). It travels with the content, unlike the
        file's own time, which changes when the file is copied or saved from an e-mail."""
        root = self.part_xml(CORE_PART)
        node = root.find(_DCTERMS_MODIFIED) if root is not None else None
        return (node.text or "").strip() if node is not None else ""

    # -- names -------------------------------------------------------------------------
    def target(self, name: str) -> NameTarget | None:
        """Where a defined name points; None when the workbook has no such name. Parsed once
        per name: reading asks for each name several times (rows to load, version, field)."""
        if name not in self._targets:
            raw = self.defined_names.get(name)
            self._targets[name] = None if raw is None else parse_reference(raw)
        return self._targets[name]

    # -- cells -------------------------------------------------------------------------
    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.sheet_paths

    def load_rows(self, sheet: str, rows: Iterable[int]) -> None:
        """Read these rows of a sheet (and no others), so `cell` on them parses nothing more.
        Why: a sheet may hold or declare a million rows; a board's fields are on a few hundred."""
        state = self._sheets.setdefault(sheet, _Sheet())
        wanted = {r for r in rows if not state.covers(r)}
        if wanted:
            self._read_sheet(sheet, state, wanted)

    def cell(self, sheet: str, row: int, col: int) -> Cell:
        state = self._sheets.get(sheet)
        if state is None or not state.covers(row):
            state = self._sheet(sheet)
        return state.cells.get((row, col), EMPTY)

    def sheet_cells(self, sheet: str) -> dict[tuple[int, int], Cell]:
        """Every non-empty cell of a sheet by (row, col)."""
        return self._sheet(sheet).cells

    def bad_refs_by_sheet(self) -> dict[str, list[str]]:
        """Per sheet read, the addresses of cells that could not be placed (r="1A", "ZZZZ99999999999")."""
        return {sheet: state.bad_refs for sheet, state in self._sheets.items() if state.bad_refs}

    def _sheet(self, sheet: str) -> _Sheet:
        """The whole sheet (read once)."""
        state = self._sheets.setdefault(sheet, _Sheet())
        if state.rows is not None:
            state.cells.clear()
            state.bad_refs.clear()
            self._read_sheet(sheet, state, None)
        return state

    def _read_sheet(self, sheet: str, state: _Sheet, rows: set[int] | None) -> None:
        part = self.sheet_paths[sheet]
        raw = self.read_part(part)
        for number, row_el in self._rows(part, raw, rows):
            if rows is None or number in rows:
                self._row_cells(row_el, number, state, rows)
        if rows is None:
            state.rows = None
        else:
            state.rows |= rows  # type: ignore[operator]

    def _rows(self, part: str, raw: bytes, rows: set[int] | None) -> list[tuple[int, object]]:
        """(row number, <row> element) of the wanted rows. The rows are found by a byte scan and
        only those are parsed, each on its own; a part that cannot be sliced safely (a comment,
        CDATA, a truncated part, an unusual serialisation) is parsed whole, within MAX_PARSE."""
        sliced = _row_slices(raw, rows)
        if sliced is not None and sum(len(xml) for _, xml in sliced) > MAX_PARSE:
            raise XlsxError("corrupt", f"{part}: de rijen met invoer zijn te groot om te lezen")
        parsed = _parse_rows(_namespace_decls(raw), sliced) if sliced is not None else None
        if parsed is not None:
            return parsed
        data = self._xml(part, raw).find(f"{_M}sheetData")
        return list(_numbered_rows(data.iter(f"{_M}row"))) if data is not None else []

    def _row_cells(self, row_el, number: int, state: _Sheet, rows: set[int] | None) -> None:
        """The cells of one <row>; a cell without an address follows the one before it (OOXML
        allows leaving `r` out), a cell with an address outside the grid is recorded, not read."""
        col = 0
        for c in row_el.iter(_C):
            ref = c.get("r")
            if ref is None:
                pos = (number, col + 1)
            else:
                try:
                    pos = ref_to_rowcol(ref)
                except ValueError:
                    state.bad_refs.append(shorten(ref, 20))
                    continue
            col = pos[1]
            if rows is not None and pos[0] not in rows:
                continue  # a cell claiming another row than its <row>, one nobody asked for
            if len(c) == 0 and c.get("t") != "inlineStr":
                continue  # a styled blank cell: nothing to read
            cell = self._cell(c)
            if cell is not EMPTY:
                state.cells[pos] = cell

    def _cell(self, c) -> Cell:
        t = c.get("t", "n")
        if t in _VALUE_ONLY and len(c) == 1 and c[0].tag == _V:  # the usual cell: `_element_cell`, without the searching
            v = c[0].text
            if v is None:
                return EMPTY
            return self._shared_cell(v, None) if t == "s" else _number_cell(v, None)
        return self._element_cell(c)

    def _element_cell(self, c) -> Cell:
        """Any <c> element: its type, formula (or shared formula) and stored value or inline text."""
        t = c.get("t", "n")
        f_el = c.find(_F)
        formula = None
        if f_el is not None:
            if f_el.text:
                formula = "=" + f_el.text
            elif f_el.get("t") == "shared":
                formula = "=(gedeelde formule)"
        v_el = c.find(_V)
        v = v_el.text if v_el is not None else None
        if t == "inlineStr":
            is_el = c.find(_IS)
            text = "".join(x.text or "" for x in is_el.iter(f"{_M}t")) if is_el is not None else ""
            return Cell(_unescape(text), formula)
        if v is None:
            return Cell(None, formula) if formula else EMPTY
        if t == "s":
            return self._shared_cell(v, formula)
        if t == "str":
            return Cell(_unescape(v), formula)
        if t == "b":
            if v.strip() in ("0", "1"):
                return Cell(v.strip() == "1", formula)
            return Cell(None, formula, problem=f"'{shorten(v)}' is geen logische waarde (WAAR of ONWAAR)")
        if t == "e":
            return Cell(None, formula, error=v)
        if t == "d":
            return _date_cell(v, formula)
        if t == "n":
            return _number_cell(v, formula)
        return Cell(None, formula, problem=f"de cel heeft het onbekende type '{shorten(t)}'")

    def _shared_cell(self, v: str, formula: str | None) -> Cell:
        """A shared-string cell; an index that is not a number or not in the table is damage,
        not data (a negative index must never give the last string), and so is a damaged string."""
        strings = self._shared or self.shared_strings_table()
        if not _INDEX_RE.match(v) or int(v) >= len(strings):
            return Cell(None, formula, problem=f"de cel verwijst naar gedeelde tekst nr. {shorten(v.strip())}, die niet bestaat")
        text = strings.get(int(v))
        if text is None:
            return Cell(None, formula, problem=f"de gedeelde tekst nr. {int(v)} waar de cel naar verwijst, is beschadigd")
        return Cell(text, formula)

    def shared_strings_table(self) -> _SharedStrings:
        if self._shared is None:
            part = "xl/sharedStrings.xml"
            raw = self.read_part(part) if part in self._names else b""
            if len(raw) > MAX_PARSE:
                raise XlsxError("corrupt", f"{part} is te groot om te lezen ({len(raw) // (1024 * 1024)} MB XML)")
            self._shared = _SharedStrings(self, part, raw)
        return self._shared

    def shared_strings(self) -> list[str | None]:
        """Every shared string, None for a damaged one (all parsed: for tests and tools, not for reading fields)."""
        table = self.shared_strings_table()
        return [table.get(i) for i in range(len(table))]


class _SharedStrings:
    """The shared-string table, parsed one string at a time when a cell asks for it: the table
    may hold a million strings, a board's fields use a few hundred. A small table that parses is
    taken whole. Otherwise the byte offsets of the <si> elements are found by a scan; a table that
    cannot be sliced safely (truncated, a comment) is parsed whole, and then a damaged table is a
    damaged file."""

    def __init__(self, wb: Workbook, part: str, raw: bytes) -> None:
        self._raw = raw
        self._done: dict[int, str | None] = {}
        self._parsed: list | None = None
        self._starts: list[int] | None = None
        if raw and len(raw) <= EAGER_SHARED and self._parse_whole():
            return  # a board's table, as it nearly always is: no scan needed
        self._decls = _namespace_decls(raw)
        complete = bool(_ROOT_END_RE.search(raw[-64:])) and not _unsliceable(raw)
        self._starts = [m.start() for m in _SI_RE.finditer(raw)] if complete else None
        if raw and self._starts is None:
            root = wb._xml(part, raw)
            self._done = {i: _si_text(si) for i, si in enumerate(root.iter(f"{_M}si"))}
        self._end = raw.rfind(b"</")
        if self._starts and len(raw) <= EAGER_SHARED:
            self._parse_all()

    def _parse_whole(self) -> bool:
        """A small table parsed as it stands (the parser copes with comments and CDATA, which a scan
        must avoid). True when it parses and is SpreadsheetML's table of nothing but strings; anything
        else (damaged, another namespace, a DTD) is left to the scan, which says which string is damaged."""
        try:
            root = safe_fromstring(self._raw)
        except Exception:  # noqa: BLE001  (the scan below reads it, or reports it)
            return False
        elements = list(root)
        if root.tag != f"{_M}sst" or not all(el.tag == _SI for el in elements):
            return False
        self._parsed = elements
        return True

    def _parse_all(self) -> None:
        """Every string in one parse of the slices together, as each slice alone would read (a
        board's table is small, and one parser beats one per string); when that does not parse,
        or the elements are not the slices one for one, strings stay parsed one at a time."""
        starts = self._starts or []
        try:
            parent = _parse_fragment(self._decls, self._raw[starts[0]:self._end])
        except Exception:  # noqa: BLE001  (some string is damaged: find out which, one by one)
            return
        elements = list(parent)
        if len(elements) == len(starts) and all(el.tag == f"{_M}si" for el in elements):
            self._parsed = elements  # a string's text is taken when a cell asks for it

    def __len__(self) -> int:
        if self._starts is None:
            return len(self._done) if self._parsed is None else len(self._parsed)
        return len(self._starts)

    def get(self, index: int) -> str | None:
        """The string at `index` (which must be below len), or None when its XML is damaged."""
        if index not in self._done and self._parsed is not None:
            self._done[index] = _si_text(self._parsed[index])
        if index not in self._done:
            starts = self._starts or []
            end = starts[index + 1] if index + 1 < len(starts) else self._end
            try:
                si = _parse_fragment(self._decls, self._raw[starts[index]:end]).find(f"{_M}si")
            except Exception:  # noqa: BLE001  (any parse error: this one string is damaged)
                si = None
            self._done[index] = _si_text(si) if si is not None else None
        return self._done[index]


def _si_text(si) -> str:
    """A shared string's text: every run's text; phonetic runs (rPh) are not part of the value."""
    if len(si) == 1 and si[0].tag == _T and len(si[0]) == 0:
        return _unescape(si[0].text or "")  # plain text, no runs: what nearly every string is
    phonetic = _phonetic_texts(si)
    return _unescape("".join(t.text or "" for t in si.iter(f"{_M}t") if t not in phonetic))


def _number_cell(v: str, formula: str | None) -> Cell:
    """A number as spreadsheets write it; anything else ("abc", "NaN", "1_000", 1e309) is damage."""
    if not _NUMBER_RE.match(v):
        return Cell(None, formula, problem=f"'{shorten(v)}' is geen getal")
    num = float(v)
    if not math.isfinite(num):
        return Cell(None, formula, problem=f"'{shorten(v)}' is groter dan een getal in Excel kan zijn")
    whole = num.is_integer() and "." not in v and "E" not in v.upper()
    return Cell(int(num) if whole else num, formula)


def _date_cell(v: str, formula: str | None) -> Cell:
    """An ISO 8601 date cell (t="d", valid OOXML though Excel itself writes serial numbers): the
    date as text, "2024-03-01" or "2024-03-01 10:20:30", so a text field reads it as typed and a
    number field says it is not a number."""
    try:
        moment = datetime.fromisoformat(v.strip())
    except ValueError:
        return Cell(None, formula, problem=f"'{shorten(v)}' is geen datum")
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0) and moment.tzinfo is None:
        return Cell(moment.date().isoformat(), formula)
    return Cell(moment.isoformat(sep=" "), formula)


def _unsliceable(raw: bytes, end: int | None = None) -> bool:
    """Whether `raw[:end]` holds what could fool a byte scan for elements: a comment, CDATA, a DTD,
    or a processing instruction after the XML declaration."""
    end = len(raw) if end is None else end
    return raw.find(b"<!", 0, end) >= 0 or raw.find(b"<?", 5, end) >= 0  # "<!": a comment, CDATA or any part of a DTD


def _row_slices(raw: bytes, rows: set[int] | None) -> list[tuple[int, bytes]] | None:
    """(number, bytes) of each wanted <row> element of a sheet part, found without parsing; None
    when the part cannot be sliced safely. Row numbers follow OOXML: `r`, else the previous + 1.
    Rows are ascending in any file Excel accepts, so the scan stops after the last wanted row, and
    a part whose rows are not is parsed whole (within MAX_PARSE) instead."""
    span = _sheet_data_span(raw)
    if span is None or span[0] == span[1]:
        return span and []  # truncated or unusual: parse whole (and fail if broken); or no rows at all
    last = max(rows) if rows else MAX_ROW
    out: list[tuple[int, bytes]] = []
    number, scanned = 0, span[1]
    for m in _ROW_TAG_RE.finditer(raw, *span):
        given = _ROW_NUMBER_RE.search(m.group(2))
        following = int(given.group(1)) if given else number + 1
        if following <= number:
            return None  # rows out of order or repeated (Excel refuses such a file)
        number = following
        if number > last:
            scanned = m.start()
            break
        if m.group(3) or (rows is not None and number not in rows):
            continue  # an empty <row/>, or a row nobody asked for
        close = raw.find(b"</" + m.group(1) + b"row>", m.end(), span[1] + 1)
        if close < 0:
            return None
        out.append((number, raw[m.start():close + len(m.group(1)) + 6]))
    if _unsliceable(raw, scanned):
        return None  # a comment, CDATA or processing instruction where rows were looked for
    return out


def _sheet_data_span(raw: bytes) -> tuple[int, int] | None:
    """Where the rows of a complete sheet part are: (start, end) inside <sheetData>, (0, 0) for no
    <sheetData> or an empty one, None for a truncated part or one the scan does not understand."""
    if not _ROOT_END_RE.search(raw[-64:]):
        return None  # truncated
    start = _SHEET_DATA_RE.search(raw)
    if start is None or start.group(1):
        return (0, 0)
    end = _SHEET_DATA_END_RE.search(raw, max(raw.rfind(b"</", start.end(), raw.rfind(b"sheetData")), start.end()))
    return (start.end(), end.start()) if end else None


def _parse_rows(decls: bytes, sliced: list[tuple[int, bytes]]) -> list[tuple[int, object]] | None:
    """The sliced rows parsed in one go (each slice is one whole <row> element, so together they
    parse exactly as each on its own would, at a fraction of the cost of a parser per row); None
    when they do not parse (then the whole part is)."""
    if not sliced:
        return []
    try:
        parent = _parse_fragment(decls, b"".join(xml for _, xml in sliced))
    except Exception:  # noqa: BLE001  (any parse problem: the caller parses the whole part and reports it)
        return None
    elements = list(parent)
    if len(elements) != len(sliced):
        return None  # cannot happen for whole elements; parse the part whole rather than guess
    return [(number, el) for (number, _), el in zip(sliced, elements)]


def _numbered_rows(row_elements) -> Iterator[tuple[int, object]]:
    number = 0
    for row_el in row_elements:
        given = row_el.get("r", "")
        number = int(given) if given.strip().isdigit() and 0 < int(given) <= MAX_ROW else number + 1
        yield number, row_el


def _namespace_decls(raw: bytes) -> bytes:
    """The prefixed namespace declarations of a part's root element, to parse a slice of it on
    its own (Excel declares prefixes such as x14ac on the root and uses them on every row). The
    default namespace of a slice is SpreadsheetML's, whatever the root says, as the reader always had it."""
    root = _ROOT_TAG_RE.search(raw, 0, 8192)
    decls = [d for d in (_XMLNS_RE.findall(root.group(0)) if root else []) if d.lstrip().startswith(b"xmlns:")]
    return b' xmlns="' + NS_MAIN.encode() + b'"' + b"".join(decls)


def _parse_fragment(decls: bytes, xml: bytes):
    return safe_fromstring(b"<w" + decls + b">" + xml + b"</w>")


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
    except Exception as exc:  # BadZipFile, OSError, and what a mangled directory raises (ValueError, struct.error, ...)
        raise XlsxError("corrupt", shorten(str(exc), 120) or type(exc).__name__) from exc
    try:
        _check_sizes(zf, path)
        return Workbook(zf), zf
    except Exception:
        zf.close()
        raise


def file_part_xml(path: Path, part: str, max_bytes: int = MAX_PROPERTIES):
    """One small part of a file that may not even be a workbook (is it an earlier overview?),
    through the reader's own checks: a file that is no zip or a zip bomb, a missing or oversized
    part, or XML that is broken or carries a DTD all give None. Never raises."""
    try:
        sniff(path)
        with zipfile.ZipFile(path) as zf:
            _check_sizes(zf, path)
            return _small_xml(zf, part, max_bytes)
    except Exception:  # noqa: BLE001 - see above
        return None


def _small_xml(zf: zipfile.ZipFile, part: str, max_bytes: int):
    """`part` parsed, or None when it is bigger than `max_bytes`; raises when it is missing or broken."""
    info = zf.getinfo(part)
    if info.file_size > max_bytes:
        return None
    return safe_fromstring(zf.read(info))


def _check_sizes(zf: zipfile.ZipFile, path: Path) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED or len(infos) > 10_000:
        raise XlsxError("corrupt", "het bestand pakt uit tot een onwaarschijnlijk grote omvang")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10 * 1024 * 1024:
            raise XlsxError("corrupt", f"{i.filename} is verdacht sterk gecomprimeerd")


@lru_cache(maxsize=4096)  # every board's workbook has the template's names: parsed once per batch
def parse_reference(raw: str) -> NameTarget:
    """`'A1 Ankerpunten'!$B$5` or `Gegevens!$C$9:$E$9` into a NameTarget; #REF! stays broken, and
    so does anything that is not a cell or range inside Excel's grid. A range written the other
    way round ($B$5:$A$1) means what Excel makes of it ($A$1:$B$5)."""
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
    return NameTarget(sheet, (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1])), raw)


@lru_cache(maxsize=65536)
def ref_to_rowcol(ref: str) -> tuple[int, int]:
    """(row, col) of an A1 address; ValueError when it is not a cell of Excel's grid ("1A", "A0", "XFE1")."""
    m = _REF_RE.match(ref.strip().upper())
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + (ord(ch) - 64)
    row = int(m.group(2))
    if not (1 <= row <= MAX_ROW and col <= MAX_COLUMN):
        raise ValueError(ref)
    return row, col


@lru_cache(maxsize=65536)
def rowcol_to_ref(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _unescape(text: str) -> str:
    """OOXML escapes characters XML cannot hold as _xHHHH_; an escaped surrogate pair is one
    character. What stays a lone surrogate or a control character is the reader's to replace
    (and report), see `xltoolkit.model.values.xml_safe`."""
    if "_x" not in text:
        return text
    text = _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _PAIR_RE.sub(lambda m: chr(0x10000 + ((ord(m.group(0)[0]) - 0xD800) << 10) + ord(m.group(0)[1]) - 0xDC00), text)


def _normpath(path: str) -> str:
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)
