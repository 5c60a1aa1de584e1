"""`load(path) -> Submission`: read a board's workbook by defined name, never trusting it.

Fields are found by their defined names (the spec's field ids), so renaming or reordering
sheets or inserting rows does not break reading. A formula in an input cell is not executed:
its last calculated value is used and a finding notes it. The file is opened read-only and
never modified. A file that cannot be read at all raises `WorkbookError` with a finding from
the catalogue; problems with single cells become findings on the submission (`source.findings`).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from xltoolkit.codes import Code
from xltoolkit.findings import FindingError, make
from xltoolkit.io.cells import DAMAGED, read_column_value, read_field_value
from xltoolkit.io.formulas import column_name
from xltoolkit.io.names import HASH_NAME, TEMPLATE_ID_NAME, VERSION_NAME
from xltoolkit.io.xlsx import (
    Cell,
    NameTarget,
    Workbook,
    XlsxError,
    open_workbook,
    rowcol_to_ref,
)
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel, CellRef, Provenance, Submission
from xltoolkit.model.values import LIMITS, Unreadable, shorten, xml_safe
from xltoolkit.spec import Field, TemplateSpec

_EXAMPLES = {"bedrag": "81739 of 81.739,00", "aantal": "3", "percentage": "75%"}


class WorkbookError(FindingError):
    """The workbook cannot be used at all; `finding` says why, in Dutch, with a code."""



def load(path: str | Path, spec: TemplateSpec) -> Submission:
    return load_with_modified(path, spec)[0]


def load_with_modified(path: str | Path, spec: TemplateSpec) -> tuple[Submission, str]:
    """`load`, and when the program that last saved the file says it did (ISO text, "" when
    unknown; `Workbook.doc_modified`), read from the zip already open: the merge chooses between
    two workbooks of one board by it."""
    path = Path(path)
    wb, zf = open_checked(path)
    with zf:
        return read_open(wb, path, spec)


def open_checked(path: Path) -> tuple[Workbook, zipfile.ZipFile]:
    """The workbook opened for reading (`open_workbook`'s checks); WorkbookError when it cannot be.
    For a caller that looks at the open workbook before reading it (the merge: is it an overview?)."""
    try:
        return open_workbook(path)
    except XlsxError as exc:
        raise WorkbookError(make(exc.code, bestand=path.name, detail=exc.detail)) from exc


def read_open(wb: Workbook, path: Path, spec: TemplateSpec) -> tuple[Submission, str]:
    """`load_with_modified` on a workbook already opened with `open_checked`."""
    try:
        return _read(wb, path, spec), wb.doc_modified()
    except XlsxError as exc:
        raise WorkbookError(make("L004", bestand=path.name, detail=exc.detail)) from exc


class CellSource(Protocol):
    """What reading needs of a workbook: defined names, sheets and cells. An .xlsx file
    (`xltoolkit.io.xlsx.Workbook`) and an open Excel book (`xltoolkit.excel.book.BookSource`)
    both provide it, so a file and a button read exactly the same way."""

    defined_names: dict[str, str]  # name -> what it refers to ("'Gegevens'!$C$3")

    def target(self, name: str) -> NameTarget | None: ...

    def has_sheet(self, sheet: str) -> bool: ...

    def cell(self, sheet: str, row: int, col: int) -> Cell: ...


def _read(wb: Workbook, path: Path, spec: TemplateSpec) -> Submission:
    for sheet, rows in _wanted_rows(wb, spec).items():
        wb.load_rows(sheet, rows)  # one bounded pass per sheet, over the rows the fields are on
    sub = read_source(wb, spec, Provenance(path=str(path), sha256=_sha256(path)), path.name)
    for sheet, refs in wb.bad_refs_by_sheet().items():
        sub.source.findings.append(make("L015", sheet=sheet, aantal=len(refs), adres=refs[0]))
    return sub


def _wanted_rows(wb: Workbook, spec: TemplateSpec) -> dict[str, set[int]]:
    """Per sheet, the rows reading will look at: the version stamps, each field's cells within
    the template's shape, and the aanwending table up to GRENZEN.aanwending_regels lines."""
    rows: dict[str, set[int]] = defaultdict(set)
    for name, limit in [(n, 1) for n in (TEMPLATE_ID_NAME, VERSION_NAME, HASH_NAME)] + [(f.id, _shape(spec, f)) for f in spec.fields]:
        t = wb.target(name)
        if t is not None and not t.broken and wb.has_sheet(t.sheet or ""):
            rows[t.sheet or ""].update(r for r, _ in islice(t.cells(), limit))
    for col in spec.columns:
        t = wb.target(column_name(col.id))
        if t is not None and not t.broken and wb.has_sheet(t.sheet or ""):
            first = t.first[0]  # type: ignore[index]
            rows[t.sheet or ""].update(range(first, first + min(t.rows, LIMITS.aanwending_regels)))
    return rows


def _shape(spec: TemplateSpec, f: Field) -> int:
    """How many cells the template gives a field: one, a cell per region, or at most one per
    indicator of its part. A name covering more is damaged; the rest is not read (L014)."""
    if f.type == "regions":
        return len(spec.region_codes)
    if f.type == "indicators":
        lo, hi = f.indicator_range or (1, spec.settings.indicator_slots)
        return max(hi - lo + 1, spec.settings.indicator_slots)
    return 1


def read_source(cells: CellSource, spec: TemplateSpec, provenance: Provenance, label: str) -> Submission:
    """Read every field from `cells` by defined name; `label` names the workbook in messages."""
    path, wb = Path(label), cells
    provenance.template_version, provenance.spec_hash = _check_version(wb, path, spec, provenance)
    provenance.names = _name_cells(wb)
    reader = _FieldReader(wb, spec, provenance)
    values = {f.id: reader.field(f) for f in spec.fields}
    lines = reader.aanwending()
    return Submission(values=values, aanwending=lines, source=provenance)


def _check_version(wb: CellSource, path: Path, spec: TemplateSpec, source: Provenance) -> tuple[str | None, str | None]:
    def stamp(name: str) -> str | None:
        t = wb.target(name)
        if t is None or t.broken or not wb.has_sheet(t.sheet or ""):
            return None
        cell = wb.cell(t.sheet, *t.first)  # type: ignore[arg-type, misc]
        if getattr(cell, "problem", None):  # without its stamp the workbook cannot be placed: unreadable
            where = f"{t.sheet}!{rowcol_to_ref(*t.first)}"  # type: ignore[misc]
            raise WorkbookError(make("L004", bestand=path.name, detail=f"de sjabloonversie in {where}: {cell.problem}"))
        return None if cell.value is None else xml_safe(str(cell.value))[0].strip()

    template_id, version = stamp(TEMPLATE_ID_NAME), stamp(VERSION_NAME)
    if template_id != spec.id or not version:
        raise WorkbookError(make("L006", bestand=path.name))
    if version.split(".")[0] != spec.major_version:
        raise WorkbookError(make("L007", bestand=path.name, gevonden=version, verwacht=spec.version))
    if version != spec.version:
        source.findings.append(make("L008", bestand=path.name, gevonden=version, verwacht=spec.version))
    return version, stamp(HASH_NAME)


def _name_cells(source: CellSource) -> dict[str, CellRef]:
    """Where every defined name points, so later services can name the exact cell of a finding
    (a line's amount column, the live check) without opening the file again."""
    out = {}
    for name in source.defined_names:
        t = source.target(name)
        if t is not None and not t.broken and source.has_sheet(t.sheet or ""):
            out[name] = CellRef(t.sheet or "", rowcol_to_ref(*t.first), name)  # type: ignore[misc]
    return out


class _FieldReader:
    """Reads fields by name and records where each came from and what was wrong with it."""

    def __init__(self, wb: CellSource, spec: TemplateSpec, source: Provenance) -> None:
        self.wb, self.spec, self.source = wb, spec, source

    def _target(self, name: str, label: str, sheet_hint: str) -> NameTarget | None:
        target = self.wb.target(name)
        if target is None:
            self.source.findings.append(make("L010", sheet=sheet_hint, field=name, naam=name, label=label))
            return None
        if target.broken:
            code: Code = "L011" if "#REF!" in target.raw.upper() else "L013"  # a deleted cell, or no cell at all
            self.source.findings.append(make(code, sheet=sheet_hint, field=name, naam=name, label=label, verwijzing=target.raw))
            return None
        if not self.wb.has_sheet(target.sheet or ""):
            self.source.findings.append(make("L012", sheet=target.sheet, field=name, label=label))
            return None
        return target

    def field(self, f: Field) -> Any:
        sheet_hint = self.spec.section(f.section).sheet
        if not f.required and f.id not in self.wb.defined_names and self.source.template_version != self.spec.version:
            return None  # an optional field added since this older template version: it stays empty (L008 says so)
        target = self._target(f.id, f.label, sheet_hint)
        if target is None:
            return None
        sheet = target.sheet or ""
        shape = _shape(self.spec, f)
        positions = list(islice(target.cells(), shape))
        ref = CellRef(sheet, rowcol_to_ref(*target.first), f.id)  # type: ignore[misc]
        self.source.cells[f.id] = ref
        if target.size > shape:
            self._too_big(target, f.id, f.label, target.size, "cellen", shape)
        cells = [self._cell(sheet, pos, f.id, f.label) for pos in positions]
        value = read_field_value(self.spec, f, cells)
        if not any(c is DAMAGED for c in cells):  # a damaged cell has had its finding
            self._check_value(value, ref, f.label)
            self._check_text_amount(cells[0] if cells else None, value, ref, f.label)
        return value

    def _too_big(self, target: NameTarget, name: str, label: str, size: int, unit: str, limit: int) -> None:
        """A name covering more than the template's shape: say how much was left unread."""
        self.source.findings.append(make("L014", sheet=target.sheet, cell=rowcol_to_ref(*target.first), field=name,  # type: ignore[misc]
                                       naam=name, label=label, aantal=f"{size:,}".replace(",", "."), eenheid=unit,
                                       verwijzing=target.raw, max=limit))

    def _cell(self, sheet: str, pos: tuple[int, int], field_id: str, label: str) -> Any:
        """A cell's value for a field: a damaged cell is DAMAGED (with its finding), an error
        value None, text with characters no document can hold cleaned (with a warning)."""
        cell: Cell = self.wb.cell(sheet, *pos)
        where = {"sheet": sheet, "cell": rowcol_to_ref(*pos), "field": field_id, "label": label}
        if getattr(cell, "problem", None):
            self.source.findings.append(make("L026", **where, reden=cell.problem))
            return DAMAGED
        if cell.error:
            self.source.findings.append(make("L023", **where, waarde=cell.error))
            return None
        value = cell.value
        if isinstance(value, str):
            value, replaced = xml_safe(value)
            if replaced:
                self.source.findings.append(make("L027", **where, aantal=replaced))
        if cell.formula:
            self.source.formulas[f"{sheet}!{where['cell']}"] = cell.formula
            shown = "leeg" if value is None else shorten(str(value))
            self.source.findings.append(make("L022", **where, formule=shorten(cell.formula), waarde=shown))
        return value

    def _check_value(self, value: Any, ref: CellRef, label: str) -> None:
        """Text that cannot be read as the field's type, or a number beyond GRENZEN; value rules
        (e.g. >= 0) are validation's."""
        where = {"sheet": ref.sheet, "cell": ref.cell, "field": ref.name, "label": label}
        if isinstance(value, Unreadable) and value.reden:
            self.source.findings.append(make("L028", **where, tekst=shorten(value.tekst), verwacht=value.verwacht,
                                           reden=value.reden))
        elif isinstance(value, Unreadable) and value.verwacht in _EXAMPLES:
            self.source.findings.append(make("L020", **where, tekst=shorten(value.tekst), verwacht=value.verwacht,
                                           voorbeeld=_EXAMPLES[value.verwacht]))

    def _check_text_amount(self, raw: Any, value: Any, ref: CellRef, label: str) -> None:
        """An amount typed as text ("€ 81.739,-") is read, but Excel's own live check skips text:
        say so, so the Start sheet's "Onbepaald" is explained and the board can type a number."""
        if isinstance(raw, str) and isinstance(value, Bedrag) and value.euro is not None:
            self.source.findings.append(make("L025", sheet=ref.sheet, cell=ref.cell, field=ref.name, label=label,
                                           tekst=raw.strip(), waarde=format_bedrag(value)))

    def _blank_line(self, columns: list[tuple[Any, NameTarget]], i: int) -> bool:
        """Whether line `i` is blank in every column (then it is skipped as reading it would)."""
        for _, t in columns:
            if i < t.rows and not _is_blank(self.wb.cell(t.sheet or "", t.first[0] + i, t.first[1])):  # type: ignore[index]
                return False
        return True

    def aanwending(self) -> tuple[Aanwendingsregel, ...]:
        sheet_hint = self.spec.middelen_section.sheet
        columns = []
        for col in self.spec.columns:
            target = self._target(column_name(col.id), f"Aanwending: {col.label}", sheet_hint)
            if target is not None:
                columns.append((col, target))
        if not columns:
            return ()
        longest_col, longest = max(columns, key=lambda ct: ct[1].rows)
        n = longest.rows
        if n > LIMITS.aanwending_regels:
            self._too_big(longest, column_name(longest_col.id), f"Aanwending: {longest_col.label}", n, "rijen",
                          LIMITS.aanwending_regels)
            n = LIMITS.aanwending_regels
        lines = []
        blank = Aanwendingsregel({col.id: read_column_value(self.spec, col, None) for col, _ in columns}).is_empty
        for i in range(n):
            if blank and self._blank_line(columns, i):
                continue  # the template's empty rows: nothing to read, nothing to report
            values, first_ref = {}, None
            for col, t in columns:
                if i >= t.rows:
                    continue
                pos = (t.first[0] + i, t.first[1])  # type: ignore[index]
                ref = CellRef(t.sheet or "", rowcol_to_ref(*pos), column_name(col.id))
                first_ref = first_ref or ref
                raw = self._cell(t.sheet or "", pos, ref.name, f"Aanwending: {col.label}")
                values[col.id] = read_column_value(self.spec, col, raw)
                if raw is not DAMAGED:
                    self._check_value(values[col.id], ref, f"Aanwending regel {i + 1}: {col.label}")
                    self._check_text_amount(raw, values[col.id], ref, f"Aanwending regel {i + 1}: {col.label}")
            line = Aanwendingsregel(values)
            if not line.is_empty:
                lines.append(line)
                self.source.aanwending_rows.append(first_ref)  # type: ignore[arg-type]
        return tuple(lines)


def _is_blank(cell: Cell) -> bool:
    """A cell with nothing in it: no value, formula, error or damage (what most table rows hold)."""
    return cell.value is None and not cell.formula and not cell.error and not getattr(cell, "problem", None)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
