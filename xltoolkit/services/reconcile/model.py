"""The result of a reconciliation: plain data that front-ends show (CLI text, JSON, the
Reconciliatie sheet). Amounts are exact Decimals; statuses are the domain's own words."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xltoolkit.findings import Finding
from xltoolkit.io.formulas import column_name
from xltoolkit.io.xlsx import ref_to_rowcol, rowcol_to_ref
from xltoolkit.model.middelen import Status
from xltoolkit.model.submission import CellRef, Submission
from xltoolkit.services.beschikkingen import Naamkoppeling
from xltoolkit.spec import Statuses, TemplateSpec

NOT_SLUITEND: frozenset[str] = frozenset({"tekort", "overschot", "onbepaald"})


@dataclass(frozen=True)
class Cause:
    """An amount that is PM or unreadable, and the regions whose verdict it blocks."""

    what: str  # "het bedrag in regel 7 van de aanwending", "het ontvangen bedrag Terugploegregeling van PO3104"
    plaats: CellRef
    tekst: str  # as typed ("PM", "ongeveer 5000")
    pm: bool
    regios: tuple[str, ...]


@dataclass(frozen=True)
class Regio:
    """One region of one board: received per regeling, spent (and how), difference, status."""

    region: str
    ontvangen_per_regeling: dict[str, Decimal]  # regeling id -> amount (text counts as 0, as in Excel)
    ontvangen: Decimal
    regels: Decimal  # lines with this region
    delen: Decimal  # this region's parts of split lines
    share: Decimal  # pro-rata share of the lines without a region (rounded half up to cents)
    fraction: Decimal | None  # received here / received in total: the key of the pro-rata share
    besteed: Decimal
    verschil: Decimal  # received - spent
    status: Status
    ticked: bool | None  # ticked under SCHOLEN IN SWV; None when that is not filled in
    pro_rata: bool  # besteed holds a share of lines without region that regions split (an allocation)
    besteed_range: tuple[Decimal, Decimal]  # besteed for any share from none to all of those lines
    causes: tuple[Cause, ...] = ()

    @property
    def toegewezen(self) -> Decimal:
        """What the workbook's live check calls Toegewezen: lines with this region plus parts."""
        return self.regels + self.delen


@dataclass(frozen=True)
class Totaal:
    ontvangen_per_regeling: dict[str, Decimal]
    ontvangen: Decimal
    besteed: Decimal
    verschil: Decimal
    status: Status
    causes: tuple[Cause, ...] = ()  # every PM or unreadable amount that counts


@dataclass(frozen=True)
class RegisterLine:
    """What a board says it received from one region under one regeling, against the register."""

    bestuur: str  # the board's name as in its workbook
    register_name: str  # the board's name as in the register
    region: str
    regeling: str
    bestuur_amount: Decimal | None  # None: nothing filled in
    bestuur_text: str | None  # PM or unreadable text as typed (then bestuur_zegt is None)
    beschikking: Decimal | None  # None: no decision in the register
    verschil: Decimal | None  # board - register (None when the board's amount is text)
    matches: bool
    plaats: CellRef  # the board's received cell
    source: tuple[str, ...] = ()  # where in the register


@dataclass(frozen=True)
class RegisterComparison:
    """One board against the SWV's register."""

    register: str  # file name
    schooljaar: str | None
    koppeling: Naamkoppeling | None  # None when the board has no name
    regels: tuple[RegisterLine, ...] = ()

    @property
    def mismatches(self) -> tuple[RegisterLine, ...]:
        return tuple(r for r in self.regels if not r.matches)


@dataclass(frozen=True)
class Reconciliation:
    """The board-level reconciliation of one submission (and its register check, if asked)."""

    bestuur: str | None
    schooljaar: str | None
    bestand: str | None
    regions: tuple[Regio, ...]
    totaal: Totaal
    unassigned: Decimal  # sum of the lines without a (known) region
    tolerance: Decimal
    status_words: Statuses  # the spec's words of the verdicts
    findings: tuple[Finding, ...] = ()
    register: RegisterComparison | None = None

    def text(self, status: str) -> str:
        """The word of a verdict ("sluitend" -> "Sluitend"), as the spec has it."""
        return self.status_words.word(status)

    def verdicts(self) -> str:
        """The verdicts in words, as every front-end shows them: per region, and the total when more
        than one region has money ("PO3104: indicatief, PO3105: indicatief, totaal: tekort")."""
        shown = [r for r in self.regions if r.status != "leeg"]
        words = [f"{r.region}: {self.text(r.status).lower()}" for r in shown]
        if len(shown) > 1:
            words.append(f"totaal: {self.text(self.totaal.status).lower()}")
        return ", ".join(words) or "geen bedragen ingevuld"

    @property
    def ok(self) -> bool:
        """Every region and the total sluitend (or nothing to reconcile), and no error found."""
        statuses = [r.status for r in self.regions] + [self.totaal.status]
        return not NOT_SLUITEND.intersection(statuses) and not any(f.severity == "fout" for f in self.findings)

    def region(self, code: str) -> Regio:
        for r in self.regions:
            if r.region == code:
                return r
        raise KeyError(code)


@dataclass
class Context:
    """What the checks of one reconciliation share: the submission, the spec and where things are."""

    sub: Submission
    spec: TemplateSpec
    findings: list[Finding] = field(default_factory=list)

    @property
    def middelen_sheet(self) -> str:
        for f in self.spec.middelen_section.fields:
            ref = self.sub.source.cells.get(f.id)
            if ref is not None:
                return ref.sheet  # the sheet as it is called in this file (it may be renamed)
        return self.spec.middelen_section.sheet

    def field_ref(self, field_id: str) -> CellRef:
        ref = self.sub.source.cells.get(field_id)
        return ref if ref is not None else CellRef(self.spec.section_of(field_id).sheet, "", field_id)

    def line_ref(self, index: int, column: str) -> CellRef:
        """The cell of `column` in line `index` (0-based); the line's first cell when the column's
        position is not known; only the sheet for a submission that was not read from a workbook."""
        rows = self.sub.source.aanwending_rows
        name = column_name(column)
        if index >= len(rows):
            return CellRef(self.middelen_sheet, "", name)
        first = rows[index]
        target = self.sub.source.names.get(name)
        if target is None:
            return CellRef(first.sheet, first.cell, name)
        col = ref_to_rowcol(target.cell)[1]
        return CellRef(first.sheet, rowcol_to_ref(ref_to_rowcol(first.cell)[0], col), name)

    def name_ref(self, name: str) -> CellRef:
        """Where a defined name of the workbook read points (e.g. the live check's live_verschil_PO3105).
        `source.names` holds them for a file and for an open book alike, so nothing is opened again."""
        target = self.sub.source.names.get(name)
        return target if target is not None else CellRef(self.middelen_sheet, "", name)


def place(ref: CellRef) -> str:
    """A place as a user reads it: "A6 Middelen!B20", or just the sheet when the cell is unknown."""
    return f"{ref.sheet}!{ref.cell}" if ref.cell else ref.sheet


def regeling_name(spec: TemplateSpec, regeling: str) -> str:
    """The regeling's short name from the spec ("Terugploegregeling")."""
    return spec.regeling(regeling).name


def koppeling_text(k: Naamkoppeling) -> str:
    """How a board's name was found in the register, in words (the same everywhere it is shown)."""
    if k.methode == "exact":
        return "exact dezelfde naam"
    if k.methode == "genormaliseerd":
        return "gelijk op hoofdletters, leestekens, accenten en rechtsvorm na"
    if k.methode == "gelijkend":
        return f"gelijkende naam, {round(k.score * 100)}% gelijk: controleer of het hetzelfde bestuur is"
    return "niet eenduidig gevonden" if k.methode == "twijfel" else "niet gevonden"
