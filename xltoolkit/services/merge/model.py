"""The data of a merge: what was found, what each file held, and the problems, as plain data.

Everything here is picklable (a worker process returns a `FileResult`) and holds no open files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from xltoolkit.findings import Finding
from xltoolkit.model.submission import Submission
from xltoolkit.services.check import Check
from xltoolkit.services.reconcile import Reconciliation

# What became of a file: taken into the overview, unusable, or set aside as a duplicate.
Status = Literal["opgenomen", "niet_bruikbaar", "dubbel", "identiek"]
STATUS_TEXT: dict[str, str] = {
    "opgenomen": "Opgenomen",
    "niet_bruikbaar": "Niet bruikbaar",
    "dubbel": "Dubbel, niet opgenomen",
    "identiek": "Kopie, niet opgenomen",
}

# The kind of a problem row, as the Problemen sheet shows it (filterable).
KIND_FILE = "Bestand niet bruikbaar"
KIND_SKIPPED = "Overgeslagen"
KIND_DUPLICATE = "Dubbel"
KIND_SCHOOLJAAR = "Schooljaar"
KIND_BESTUUR = "Bestuur"
KIND_TEMPLATE = "Sjabloonversie"
KIND_CHECK = "Controle"
KIND_REGISTER = "Register"
KIND_VALUE = "Waarde"  # a value the overview could not hold as read (clean.py)
KIND_MARKER = "Kenmerk overzicht"  # a board's workbook that carries the overview's marker


@dataclass(frozen=True)
class Candidate:
    """A file to read. `label` is how the user named it: the input as given, joined with the
    path inside a folder (posix), so it is unique and says where the file is."""

    path: str
    label: str


@dataclass(frozen=True)
class Problem:
    """One row of the Problemen sheet: a finding about a file (or about the merge as a whole)."""

    file: str  # the file's label ("" when the problem is not about one file)
    kind: str
    finding: Finding
    bestuur: str = ""
    schooljaar: str = ""


@dataclass(frozen=True)
class FeedbackRow:
    """One row of the Terugkoppeling sheet (`--feedback`): which letter a file's board gets."""

    file: str  # the file's label
    bestuur: str
    schooljaar: str
    kind: str  # "herstel", "bevestiging", "onleesbaar" or "geen" (no letter)
    errors: int | None = None  # fouten listed in the letter
    warnings: int | None = None
    letter: str = ""  # the letter's file name ("" when none was written)
    note: str = ""


@dataclass
class FileResult:
    """One file after reading: its submission and checks, or why it could not be used."""

    candidate: Candidate
    sha256: str = ""
    size: int = 0
    modified: float = 0.0  # the file's modification time (seconds since the epoch)
    doc_modified: str = ""  # docProps/core.xml dcterms:modified, when the program that saved it set one
    sub: Submission | None = None
    error: Finding | None = None  # why the file cannot be used at all
    check: Check | None = None  # validation and reconciliation (None when the check could not run)
    step_problems: list[Finding] = field(default_factory=list)  # a check that could not run
    status: Status = "opgenomen"
    overzicht: bool = False  # an overview of an earlier merge among the inputs: not read, skipped (M009)
    marker_stamp: str | None = None  # a board's workbook carrying the overview's marker: read, with M010

    @property
    def label(self) -> str:
        return self.candidate.label

    @property
    def reconciliation(self) -> Reconciliation | None:
        return self.check.reconciliation if self.check is not None else None

    @property
    def usable(self) -> bool:
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
    def template_version(self) -> str:
        return (self.sub.source.template_version or "") if self.sub is not None else ""
