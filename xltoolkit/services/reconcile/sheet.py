"""The Reconciliatie sheet as data: rows of cells, which rows are headers, which cells hold a
status (and how to colour it). No workbook code: the workbook writer (`--write`) lays these rows
out as they are, so the sheet, the CLI and the JSON tell the same story.

Cells are `str`, `Decimal` (always an amount in euro, to be formatted as money) or `None`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from xltoolkit.io.names import RECONCILIATIE_ANCHOR, RECONCILIATIE_STATUS_NAME
from xltoolkit.io.update import OutCell, OutTable, WriteBack
from xltoolkit.model.money import format_euro
from xltoolkit.services.reconcile.board import cause_text, percent
from xltoolkit.services.reconcile.model import Reconciliation, Regio, koppeling_text, regeling_name
from xltoolkit.spec import TemplateSpec

CellValue = str | Decimal | None

# The style of each status: the keys of the workbook's result styles (xltoolkit.io.styles.RESULT_STYLES),
# green when it closes, red when it does not, orange when no verdict is possible.
STATUS_STYLE: dict[str, str | None] = {
    "sluitend": "sluitend", "tekort": "afwijkend", "overschot": "afwijkend", "onbepaald": "onbepaald", "indicatief": None,
    "leeg": None,
    "klopt": "sluitend", "wijkt_af": "afwijkend",
}
WIDTH = 5  # columns: label, amount, explanation; the register table uses all five


@dataclass(frozen=True)
class ReconciliationSheet:
    """Rows from the sheet's anchor down. Cells are str, Decimal (an amount in euro) or None."""

    rows: list[list[CellValue]]
    header_rows: frozenset[int]  # titles and table headers
    status_cells: dict[tuple[int, int], str]  # (row, column), 0-based -> status (a key of STATUS_STIJL)
    emphasis_rows: frozenset[int] = frozenset()  # totals: shown bold

    def style(self, row: int, col: int) -> str:
        """The result-style key for a cell: kop, bedrag(_vet), vet, tekst, or the status colour."""
        if row in self.header_rows:
            return "kop"
        status = self.status_cells.get((row, col))
        if status is not None:
            return STATUS_STYLE.get(status) or "vet"
        value = self.rows[row][col]
        bold = row in self.emphasis_rows
        if isinstance(value, Decimal):  # whole euros as whole euros; cents only where there are cents
            key = "bedrag_vet" if bold else "bedrag"
            return key if value == value.to_integral_value() else f"{key}_cent"
        return "vet" if bold else "tekst"


class _Builder:
    def __init__(self) -> None:
        self.rows: list[list[CellValue]] = []
        self.headers: set[int] = set()
        self.status: dict[tuple[int, int], str] = {}
        self.bold: set[int] = set()

    def add(self, *cells: CellValue, header: bool = False, bold: bool = False, status: tuple[int, str] | None = None) -> None:
        if header:
            self.headers.add(len(self.rows))
        if bold:
            self.bold.add(len(self.rows))
        if status is not None:
            self.status[(len(self.rows), status[0])] = status[1]
        self.rows.append(list(cells) + [None] * (WIDTH - len(cells)))

    def blank(self) -> None:
        self.add()

    def done(self) -> ReconciliationSheet:
        return ReconciliationSheet(self.rows, frozenset(self.headers), dict(self.status), frozenset(self.bold))


def reconciliation_rows(result: Reconciliation, spec: TemplateSpec) -> ReconciliationSheet:
    """The Reconciliatie sheet: a table per region, the total, the pro-rata allocation, and the
    comparison with the register when there is one."""
    b = _Builder()
    who = ", ".join(x for x in (result.bestuur, result.schooljaar and f"schooljaar {result.schooljaar}") if x)
    b.add(f"Reconciliatie{': ' + who if who else ''}", header=True)
    b.add(f"Per regio: ontvangen, besteed en het verschil. Een verschil tot en met {format_euro(result.tolerance)} "
          "telt als sluitend (afronding). Regels zonder regio worden naar rato van het ontvangen bedrag verdeeld; "
          f"bepaalt die verdeling het oordeel van een regio, dan is dat {result.status_words.indicatief} en geldt het "
          "oordeel over het totaal.")
    b.blank()
    if not result.regions:
        b.add("Er is niets ontvangen of besteed: er valt niets te reconciliëren.")
    for r in result.regions:
        _region_table(b, result, r, spec)
        b.blank()
    _total_table(b, result, spec)
    if result.unassigned != 0 and result.regions and result.totaal.ontvangen > 0:
        b.blank()
        _allocation_table(b, result, spec)
    if result.register is not None:
        b.blank()
        _register_table(b, result, spec)
    return b.done()


def _region_table(b: _Builder, result: Reconciliation, r: Regio, spec: TemplateSpec) -> None:
    b.add(spec.region(r.region).label, "Bedrag (€)", "Toelichting", header=True)
    for g in spec.regelingen:
        b.add(f"Ontvangen {regeling_name(spec, g.id)}", r.ontvangen_per_regeling[g.id])
    b.add("Totaal ontvangen", r.ontvangen, None if r.fraction is None else f"{percent(r.fraction)} van al het ontvangen geld",
          bold=True)
    b.add(f"Besteed: regels met regio {r.region}", r.regels)
    b.add("Besteed: deel van verdeelde regels", r.delen)
    share_note = f"naar rato: {percent(r.fraction)} van {format_euro(result.unassigned)}" if r.fraction is not None else None
    b.add("Besteed: aandeel van regels zonder regio", r.share, share_note if result.unassigned != 0 else None)
    b.add("Totaal besteed", r.besteed, bold=True)
    b.add("Verschil (ontvangen − besteed)", r.verschil, bold=True)
    b.add("Status", result.text(r.status), _explain_region(r, result.tolerance), status=(1, r.status))


def _total_table(b: _Builder, result: Reconciliation, spec: TemplateSpec) -> None:
    t = result.totaal
    b.add("Totaal alle regio's", "Bedrag (€)", "Toelichting", header=True)
    for g in spec.regelingen:
        b.add(f"Ontvangen {regeling_name(spec, g.id)}", t.ontvangen_per_regeling[g.id])
    b.add("Totaal ontvangen", t.ontvangen, bold=True)
    b.add("Totaal besteed (alle aanwendingsregels)", t.besteed, bold=True)
    b.add("waarvan regels zonder regio (naar rato verdeeld)", result.unassigned)
    b.add("Verschil (ontvangen − besteed)", t.verschil, bold=True)
    b.add("Status", result.text(t.status), _explain(t.status, t.verschil, t.causes, result.tolerance, True),
          status=(1, t.status))


def _allocation_table(b: _Builder, result: Reconciliation, spec: TemplateSpec) -> None:
    b.add(f"Verdeling van de regels zonder regio ({format_euro(result.unassigned)})", "Aandeel (€)", "Verdeelsleutel",
          header=True)
    for r in result.regions:
        key = (f"{percent(r.fraction)}: ontvangen {format_euro(r.ontvangen)} van {format_euro(result.totaal.ontvangen)}"
               if r.fraction is not None else "niets ontvangen: niet te verdelen")
        b.add(spec.region(r.region).label, r.share, key)
    b.add("Per regio: niet toegewezen × ontvangen in de regio / totaal ontvangen, afgerond op hele centen "
          "(zoals de controle op het blad met de middelen).")


def _register_table(b: _Builder, result: Reconciliation, spec: TemplateSpec) -> None:
    v = result.register
    assert v is not None
    b.add(f"Vergelijking met de beschikkingen ({v.register})", "Bestuur zegt (€)", "Beschikking (€)", "Verschil (€)",
          "Status", header=True)
    k = v.koppeling
    if k is None:
        b.add("Geen bestuursnaam ingevuld: niet vergeleken.")
        return
    if k.gevonden is None:
        b.add(f"Bestuur '{k.gezocht}' niet (eenduidig) gevonden in het register: niet vergeleken.")
        return
    b.add(f"Bestuur gevonden als '{k.gevonden}' ({koppeling_text(k)})" + (f", schooljaar {v.schooljaar}" if v.schooljaar else ""))
    for row in v.regels:
        said: CellValue = row.bestuur_text if row.bestuur_text else row.bestuur_amount
        key = "klopt" if row.matches else "wijkt_af"
        b.add(f"{row.region} {regeling_name(spec, row.regeling)}", said, row.beschikking, row.verschil,
              "Klopt" if row.matches else "Wijkt af", status=(4, key))


def _explain_region(r: Regio, tol: Decimal) -> str | None:
    """A region's status in words; with a pro-rata share in play, only what holds whatever the share."""
    if r.status == "indicatief":
        return ("besteed rust op het aandeel in de regels zonder regio, een verdeling en geen feit: "
                "het oordeel staat bij het totaal")
    if r.pro_rata and r.status in ("tekort", "overschot"):
        lo, hi = r.besteed_range
        if r.status == "tekort":
            return f"ten minste {format_euro(lo - r.ontvangen)} meer besteed dan ontvangen, wat het aandeel in de regels zonder regio ook is"
        return f"ten minste {format_euro(r.ontvangen - hi)} minder besteed dan ontvangen, wat het aandeel in de regels zonder regio ook is"
    return _explain(r.status, r.verschil, r.causes, tol, r.ticked)


def _explain(status: str, verschil: Decimal, causes, tol: Decimal, ticked: bool | None) -> str | None:
    if status == "onbepaald":
        return ("geen oordeel mogelijk, omdat " + " en ".join(cause_text(o) for o in causes)) if causes else None
    if status == "tekort":
        return f"{format_euro(-verschil)} meer besteed dan ontvangen"
    if status == "overschot":
        return f"{format_euro(verschil)} minder besteed dan ontvangen"
    if status == "leeg":
        return "niets ontvangen en niets besteed" + ("" if ticked is not False else "; regio niet aangevinkt")
    return "verschil binnen de afronding" if verschil != 0 else None


def reconciliation_writeback(result: Reconciliation, spec: TemplateSpec, when: datetime | None = None) -> WriteBack:
    """What `reconcile --write` and the Reconciliatie button write: the sheet's rows, and the status on Start."""
    sheet = reconciliation_rows(result, spec)
    rows = [[OutCell(v, sheet.style(i, j)) for j, v in enumerate(row)] for i, row in enumerate(sheet.rows)]
    stamp = (when or datetime.now()).strftime("%d-%m-%Y %H:%M")
    text = f"Reconciliatie op {stamp}: {result.verdicts()} — zie het blad Reconciliatie."
    return WriteBack(
        tables={RECONCILIATIE_ANCHOR: OutTable(rows, width=WIDTH)},
        texts={RECONCILIATIE_STATUS_NAME: OutCell(text, "sluitend" if result.ok else "afwijkend")},
    )
