"""The data of a merge: what was found, what each file held, and the problems, as plain data.

Everything here is picklable (a worker process returns a `Gelezen`) and holds no open files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from xltoolkit.findings import Finding
from xltoolkit.model.submission import Submission
from xltoolkit.services.check import Check
from xltoolkit.services.reconcile import Reconciliatie

# What became of a file: taken into the overview, unusable, or set aside as a duplicate.
Status = Literal["opgenomen", "niet_bruikbaar", "dubbel", "identiek"]
STATUS_WOORD: dict[str, str] = {
    "opgenomen": "Opgenomen",
    "niet_bruikbaar": "Niet bruikbaar",
    "dubbel": "Dubbel, niet opgenomen",
    "identiek": "Kopie, niet opgenomen",
}

# The kind of a problem row, as the Problemen sheet shows it (filterable).
SOORT_BESTAND = "Bestand niet bruikbaar"
SOORT_OVERGESLAGEN = "Overgeslagen"
SOORT_DUBBEL = "Dubbel"
SOORT_SCHOOLJAAR = "Schooljaar"
SOORT_BESTUUR = "Bestuur"
SOORT_SJABLOON = "Sjabloonversie"
SOORT_CONTROLE = "Controle"
SOORT_REGISTER = "Register"
SOORT_WAARDE = "Waarde"  # a value the overview could not hold as read (clean.py)
SOORT_KENMERK = "Kenmerk overzicht"  # a board's workbook that carries the overview's marker


@dataclass(frozen=True)
class Kandidaat:
    """A file to read. `label` is how the user named it: the input as given, joined with the
    path inside a folder (posix), so it is unique and says where the file is."""

    path: str
    label: str


@dataclass(frozen=True)
class Probleem:
    """One row of the Problemen sheet: a finding about a file (or about the merge as a whole)."""

    bestand: str  # the file's label ("" when the problem is not about one file)
    soort: str
    finding: Finding
    bestuur: str = ""
    schooljaar: str = ""


@dataclass
class Gelezen:
    """One file after reading: its submission and checks, or why it could not be used."""

    kandidaat: Kandidaat
    sha256: str = ""
    grootte: int = 0
    gewijzigd: float = 0.0  # the file's modification time (seconds since the epoch)
    doc_gewijzigd: str = ""  # docProps/core.xml dcterms:modified, when the program that saved it set one
    sub: Submission | None = None
    fout: Finding | None = None  # why the file cannot be used at all
    check: Check | None = None  # validation and reconciliation (None when the check could not run)
    stap_problemen: list[Finding] = field(default_factory=list)  # a check that could not run
    status: Status = "opgenomen"

    @property
    def label(self) -> str:
        return self.kandidaat.label

    @property
    def reconciliatie(self) -> Reconciliatie | None:
        return self.check.reconciliation if self.check is not None else None

    @property
    def bruikbaar(self) -> bool:
        return self.sub is not None

    @property
    def bestuur(self) -> str:
        value = self.sub.bestuur if self.sub is not None else None
        return value if isinstance(value, str) else ""

    @property
    def schooljaar(self) -> str:
        value = self.sub.schooljaar if self.sub is not None else None
        return value if isinstance(value, str) else ""

    @property
    def sjabloonversie(self) -> str:
        return (self.sub.bron.template_version or "") if self.sub is not None else ""
