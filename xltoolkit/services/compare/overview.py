"""Read last year's overview back: the figures per board and school year, never trusting the file.

The overview is one this tool wrote, but a year has passed: it may have been edited in Excel (rows
sorted, a value typed over, a sheet renamed), saved by another program, or it may not be an
overview at all. So it is read through the project's defensive reader (`io/xlsx.py`: no macro or
formula is ever run, XML parsed safely, sizes bounded), tables are found by their Dutch headers
rather than by position, and every value is checked for what it must be. Whatever does not fit
becomes a finding (M051-M053) and is left out of the comparison; nothing here raises.

Read are the tables per board of three sheets: Middelen per regio (received and spent per
region), Indicatoren (the matrix of chosen numbers) and Kengetallen (the key figures).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xltoolkit.findings import Finding, make
from xltoolkit.io.xlsx import Cell, XlsxError, open_workbook, rowcol_to_ref
from xltoolkit.model.money import decimal_from_cell
from xltoolkit.model.values import shorten
from xltoolkit.services.beschikkingen import normalise_schooljaar
from xltoolkit.services.compare.figures import BestuurYear, Middelen, kengetal_fields
from xltoolkit.services.merge.sheets import CHOSEN_MARK, SHEET_NAME
from xltoolkit.spec import TemplateSpec

MAX_ROWS = 50_000  # rows of one table read: an overview of every board of every SWV has a few hundred
MAX_FINDINGS = 20  # per file; the rest is counted in one finding (M053)
XLSX_WHY = {"not_found": "het bestand bestaat niet", "not_workbook": "het is geen Excel-werkboek",
            "encrypted": "het is met een wachtwoord beveiligd", "corrupt": "het bestand is beschadigd",
            "old_xls": "het is een oud .xls-bestand"}


@dataclass
class OverviewRead:
    """What was read of one overview: the boards per year, and what could not be used."""

    cijfers: list[BestuurYear] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: int = 0  # findings beyond MAX_FINDINGS

    def add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)
        else:
            self.skipped += 1


class _Table:
    """A table on a sheet found by its header row: the column of each header, the data rows."""

    def __init__(self, cells: dict[tuple[int, int], Cell], header: int, columns: dict[str, int]) -> None:
        self.cells, self.header, self.columns = cells, header, columns

    def rows(self) -> Iterator[int]:
        """The rows under the header up to the first row with nothing in the table's columns."""
        cols = set(self.columns.values())
        row = self.header + 1
        while row <= self.header + MAX_ROWS and any((row, c) in self.cells for c in cols):
            yield row
            row += 1

    def cell(self, row: int, kop: str) -> tuple[Cell | None, str]:
        col = self.columns[kop]
        return self.cells.get((row, col)), rowcol_to_ref(row, col)


def read_overview(path: Path, spec: TemplateSpec) -> OverviewRead:
    """The boards of every school year in the overview at `path` (see the module's docstring)."""
    out = OverviewRead()
    source = Path(path).name
    try:
        wb, zf = open_workbook(Path(path))
    except XlsxError as exc:
        out.add(make("M050", bron=str(path), reden=XLSX_WHY.get(exc.kind, exc.kind)))
        return out
    with zf:
        boards: dict[tuple[str, str], BestuurYear] = {}
        for blad, read in ((SHEET_NAME["middelen"], _middelen), (SHEET_NAME["indicatoren"], _indicatoren),
                           (SHEET_NAME["kengetallen"], _kengetallen)):
            if not wb.has_sheet(blad):
                out.add(make("M051", sheet=blad, bron=source, wat=f"het blad '{blad}'"))
                continue
            try:
                cells = wb.sheet_cells(blad)
            except XlsxError as exc:
                out.add(make("M051", sheet=blad, bron=source, wat=f"een leesbaar blad '{blad}' ({shorten(exc.detail, 80)})"))
                continue
            read(cells, blad, source, spec, boards, out)
    out.cijfers = list(boards.values())
    if out.skipped:
        out.findings.append(make("M053", bron=source, aantal=out.skipped))
    return out


def _find(cells: dict[tuple[int, int], Cell], required: tuple[str, ...], extra=None) -> _Table | None:
    """The first row that holds every `required` header (and, when given, passes `extra`)."""
    rows: dict[int, dict[str, int]] = {}
    for (r, c), cell in cells.items():
        if isinstance(cell.value, str):
            rows.setdefault(r, {}).setdefault(cell.value.strip(), c)
    for r in sorted(rows):
        if all(h in rows[r] for h in required) and (extra is None or extra(rows[r])):
            return _Table(cells, r, rows[r])
    return None


def _board(t: _Table, row: int, blad: str, source: str, out: OverviewRead,
           boards: dict[tuple[str, str], BestuurYear]) -> BestuurYear | None:
    """The board of a row (its school year and name); None when the row's year cannot be used."""
    jaar_cell, ref = t.cell(row, "Schooljaar")
    jaar_text = jaar_cell.value if jaar_cell is not None else None
    jaar = normalise_schooljaar(jaar_text) if isinstance(jaar_text, str) else None
    if jaar is None or not _is_year(jaar):
        if not (isinstance(jaar_text, str) and jaar_text.startswith("(")):  # "(geen schooljaar)": the overview's own word
            out.add(make("M052", sheet=blad, cell=ref, bron=source, waarde=_shown(jaar_cell), wat="een schooljaar"))
        return None
    naam_cell, _ = t.cell(row, "Bestuur")
    naam = naam_cell.value if naam_cell is not None and isinstance(naam_cell.value, str) else ""
    key = (naam.strip(), jaar)
    if key not in boards:
        bestand_cell = t.cell(row, "Bestand")[0] if "Bestand" in t.columns else None
        file = bestand_cell.value if bestand_cell is not None and isinstance(bestand_cell.value, str) else ""
        boards[key] = BestuurYear(naam.strip(), jaar, f"{source}: {file}" if file else source)
    return boards[key]


def _is_year(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts) and int(parts[1]) == int(parts[0]) + 1


def _middelen(cells, blad: str, source: str, spec: TemplateSpec, boards, out: OverviewRead) -> None:
    t = _find(cells, ("Schooljaar", "Regio", "Bestuur", "Ontvangen", "Besteed"))
    if t is None:
        out.add(make("M051", sheet=blad, bron=source, wat=f"de tabel 'Per bestuur en regio' op blad '{blad}'"))
        return
    codes = set(spec.region_codes)
    for row in t.rows():
        b = _board(t, row, blad, source, out, boards)
        if b is None:
            continue
        regio_cell, ref = t.cell(row, "Regio")
        regio = regio_cell.value.strip() if regio_cell is not None and isinstance(regio_cell.value, str) else None
        if regio not in codes:
            out.add(make("M052", sheet=blad, cell=ref, bron=source, waarde=_shown(regio_cell), wat="een regio"))
            continue
        b.middelen[regio] = Middelen(*(_amount(t, row, kop, blad, source, out) for kop in ("Ontvangen", "Besteed")))


def _amount(t: _Table, row: int, kop: str, blad: str, source: str, out: OverviewRead) -> Decimal | None:
    cell, ref = t.cell(row, kop)
    if cell is None:
        return Decimal(0)  # the overview leaves no amount empty; an emptied cell is nothing
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return decimal_from_cell(cell.value)
    out.add(make("M052", sheet=blad, cell=ref, bron=source, waarde=_shown(cell), wat="een bedrag"))
    return None


def _indicatoren(cells, blad: str, source: str, spec: TemplateSpec, boards, out: OverviewRead) -> None:
    numbers = {str(n) for n in spec.indicators}
    t = _find(cells, ("Schooljaar", "Bestuur"), lambda heads: any(h in numbers for h in heads))
    if t is None:
        out.add(make("M051", sheet=blad, bron=source, wat=f"de tabel 'Gekozen indicatoren per bestuur' op blad '{blad}'"))
        return
    columns = {int(h): c for h, c in t.columns.items() if h in numbers}
    for row in t.rows():
        b = _board(t, row, blad, source, out, boards)
        if b is None:
            continue
        gekozen = set()
        for n, c in columns.items():
            cell = t.cells.get((row, c))
            if cell is None:
                continue
            if isinstance(cell.value, str) and cell.value.strip().lower() == CHOSEN_MARK:
                gekozen.add(n)
            else:
                out.add(make("M052", sheet=blad, cell=rowcol_to_ref(row, c), bron=source, waarde=_shown(cell),
                                 wat=f"'{CHOSEN_MARK}' of leeg"))
        b.indicatoren = frozenset(gekozen)


def _kengetallen(cells, blad: str, source: str, spec: TemplateSpec, boards, out: OverviewRead) -> None:
    labels = {spec.field(fid).label: fid for fid in kengetal_fields(spec)}
    t = _find(cells, ("Schooljaar", "Bestuur"), lambda heads: any(h in labels for h in heads))
    if t is None:
        out.add(make("M051", sheet=blad, bron=source, wat=f"de tabel 'Per bestuur' op blad '{blad}'"))
        return
    for row in t.rows():
        b = _board(t, row, blad, source, out, boards)
        if b is None:
            continue
        for label, fid in labels.items():
            if label not in t.columns:
                continue
            cell, ref = t.cell(row, label)
            if cell is None:
                continue
            value = cell.value
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                b.kengetallen[fid] = value
            else:
                out.add(make("M052", sheet=blad, cell=ref, bron=source, waarde=_shown(cell), wat="een aantal"))


def _shown(cell: Cell | None) -> str:
    """What a cell holds, as the finding quotes it."""
    if cell is None or (cell.value is None and not cell.error and not cell.problem):
        return "leeg"
    if cell.problem:
        return f"onleesbaar: {cell.problem}"
    if cell.error:
        return cell.error
    return shorten(str(cell.value), 60)
