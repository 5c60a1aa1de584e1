"""The SWV's register of funding decisions (bekostigingsbeschikkingen), read from .xlsx or .csv.

One row per decision: schooljaar, bestuur, regio, regeling, bedrag. Several rows for the same
board, region and regeling add up (the terugploegregeling is often paid as a basisbedrag and an
uitkering reserve). Amounts may be numbers or Dutch text ("€ 81.739,-"); regions may be written
as code, name or short name; regelingen as their spec id or label ("Terugploegregeling").

The register is a file from outside, so it is read defensively: an .xlsx is checked like a
submission (no zip bomb, no encrypted or old file) and then opened with openpyxl in read-only,
data-only mode, which never evaluates a formula or looks at a macro. A file that cannot be used
at all raises `RegisterError`; a single unusable row becomes a finding and is left out.

Board names are matched tolerantly, because the register and the workbooks are typed by
different people: "Stichting SMART Limburg" in the workbook is "SMART Limburg" in the register.
`koppel_naam` says how a name was matched, so the match can be shown and checked. It uses the
standard library's difflib: a register holds tens of boards, so speed is no reason for a
dependency, and the cases that matter (legal form, case, accents, punctuation) are handled by
normalising before comparing, not by a cleverer similarity score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from xltoolkit.findings import Finding, FindingError, make
from xltoolkit.io.list_file import ListFileError, header_key, read_rows
from xltoolkit.model.money import Bedrag, decimal_from_cell, parse_bedrag_text
from xltoolkit.model.values import schooljaar_in
from xltoolkit.spec import TemplateSpec

KOLOMMEN = ("schooljaar", "bestuur", "regio", "regeling", "bedrag")
REQUIRED = ("bestuur", "regio", "regeling", "bedrag")  # without schooljaar a row holds for every year
_ALIASSEN = {
    "bestuur": ("bestuur", "schoolbestuur", "naam bestuur", "bevoegd gezag", "bestuursnaam"),
    "regio": ("regio", "swv", "samenwerkingsverband"),
    "regeling": ("regeling", "soort", "soort bekostiging"),
    "bedrag": ("bedrag", "beschikt bedrag", "bedrag beschikking"),
    "schooljaar": ("schooljaar", "jaar"),
    "deel": ("deel", "onderdeel"),  # optional: basisbedrag or uitkering reserve of the terugploegregeling
}
MAX_ROWS = 100_000  # a register has one row per board, region and regeling: this is far beyond it
MAX_CSV_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 20

DREMPEL = 0.85  # similarity at which two board names are taken to be the same board
MARGE = 0.05  # a runner-up this close to the best match makes the match doubtful
_RECHTSVORMEN = {"stichting", "stg", "vereniging", "schoolvereniging", "schoolbestuur"}

Methode = Literal["exact", "genormaliseerd", "gelijkend", "twijfel", "geen"]
# The two parts of the terugploegregeling (the template's "(basisbedrag en uitkering reserve)"): the
# yearly base amount is structural money, a payment from the reserve is one-off (the ondersteuningsplan
# treats them differently). Said in the regeling ("Terugploegregeling (uitkering reserve)") or a column deel.
Deel = Literal["basisbedrag", "reserve"]
DEEL_REGELING = "terugploeg"


class RegisterError(FindingError):
    """The register cannot be used at all; `finding` says why, in Dutch, with a code."""



@dataclass(frozen=True)
class Beschikking:
    """One row of the register."""

    schooljaar: str | None
    bestuur: str  # as typed in the register
    regio: str  # region code
    regeling: str  # regeling id
    bedrag: Decimal
    plaats: str  # where in the register: "beschikkingen.csv, regel 4" or "Blad1!E4"
    deel: Deel | None = None  # of the terugploegregeling: basisbedrag (structural) or uitkering reserve (one-off), when said


@dataclass(frozen=True)
class Naamkoppeling:
    """How a board's name was found in the register (shown to the user, never hidden)."""

    gezocht: str
    gevonden: str | None  # the register's spelling, None when not (uniquely) found
    methode: Methode
    score: float  # similarity 0..1 of the normalised names
    alternatieven: tuple[str, ...] = ()  # nearest register names, for "bedoelt u …?"

    @property
    def gevonden_ok(self) -> bool:
        return self.gevonden is not None


@dataclass
class Register:
    path: Path
    beschikkingen: tuple[Beschikking, ...]
    findings: list[Finding] = field(default_factory=list)

    @property
    def naam(self) -> str:
        return self.path.name

    def schooljaren(self) -> list[str]:
        return sorted({b.schooljaar for b in self.beschikkingen if b.schooljaar})

    def besturen(self, schooljaar: str | None = None) -> list[str]:
        """The boards in the register (first spelling of each), optionally for one school year."""
        seen: dict[str, str] = {}
        for b in self._voor_jaar(schooljaar):
            seen.setdefault(normalise_name(b.bestuur), b.bestuur)
        return list(seen.values())

    def zoek_bestuur(self, naam: str, schooljaar: str | None = None) -> Naamkoppeling:
        return koppel_naam(naam, self.besturen(schooljaar))

    def bedragen(self, bestuur: str, schooljaar: str | None = None) -> dict[tuple[str, str], Decimal]:
        """(region, regeling) -> the sum of the decisions for this board (register spelling)."""
        key = normalise_name(bestuur)
        out: dict[tuple[str, str], Decimal] = {}
        for b in self._voor_jaar(schooljaar):
            if normalise_name(b.bestuur) == key:
                out[(b.regio, b.regeling)] = out.get((b.regio, b.regeling), Decimal(0)) + b.bedrag
        return out

    def plaatsen(self, bestuur: str, schooljaar: str | None, regio: str, regeling: str) -> list[str]:
        key = normalise_name(bestuur)
        return [b.plaats for b in self._voor_jaar(schooljaar)
                if normalise_name(b.bestuur) == key and b.regio == regio and b.regeling == regeling]

    def _voor_jaar(self, schooljaar: str | None) -> Iterator[Beschikking]:
        wanted = normalise_schooljaar(schooljaar)
        return (b for b in self.beschikkingen if wanted is None or b.schooljaar in (None, wanted))


# -- names -------------------------------------------------------------------------------------


def normalise_name(naam: str) -> str:
    """A board name reduced to what identifies it: no case, accents, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", naam)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    kept = [w for w in words if w not in _RECHTSVORMEN]
    return " ".join(kept or words)


def gelijkenis(a: str, b: str) -> float:
    """Similarity of two normalised names, insensitive to word order."""
    direct = SequenceMatcher(None, a, b).ratio()
    sorted_a, sorted_b = " ".join(sorted(a.split())), " ".join(sorted(b.split()))
    return max(direct, SequenceMatcher(None, sorted_a, sorted_b).ratio())


def koppel_naam(naam: str, kandidaten: Iterable[str]) -> Naamkoppeling:
    """Find `naam` among the register's board names: exact, after normalising, or by similarity."""
    kandidaten = list(kandidaten)
    gezocht = " ".join(naam.split())
    for k in kandidaten:
        if " ".join(k.split()) == gezocht:
            return Naamkoppeling(naam, k, "exact", 1.0)
    key = normalise_name(naam)
    for k in kandidaten:
        if normalise_name(k) == key:
            return Naamkoppeling(naam, k, "genormaliseerd", 1.0)
    scored = sorted(((gelijkenis(key, normalise_name(k)), k) for k in kandidaten), reverse=True)
    if not scored:
        return Naamkoppeling(naam, None, "geen", 0.0)
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    near = tuple(k for s, k in scored[:3] if s >= 0.5)
    if best_score >= DREMPEL and runner_up > best_score - MARGE:
        return Naamkoppeling(naam, None, "twijfel", best_score, tuple(k for s, k in scored[:2]))
    if best_score >= DREMPEL:
        return Naamkoppeling(naam, best, "gelijkend", best_score, near[1:])
    return Naamkoppeling(naam, None, "geen", best_score, near)


def normalise_schooljaar(value: Any) -> str | None:
    """ "2023-2024", "2023/2024", "2023 - 24" and "23-24" all become "2023-2024"."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return (schooljaar_in(text) or text) if text else None


# -- reading -----------------------------------------------------------------------------------


def read_register(path: str | Path, spec: TemplateSpec) -> Register:
    """Read the register; raises RegisterError when the file cannot be used at all."""
    path = Path(path)
    if not path.is_file():
        raise RegisterError(make("R030", bestand=str(path)))
    try:
        rows = [(where, [(w, v) for w, v, _ in cells])
                for where, cells in read_rows(path, lambda rows: _header_index(rows) is not None,
                                              max_rows=MAX_ROWS, max_csv_bytes=MAX_CSV_BYTES)]
    except ListFileError as exc:
        raise RegisterError(make("R031", bestand=path.name, detail=exc.detail)) from exc
    register = _parse(path, rows, spec)
    if not register.beschikkingen:
        raise RegisterError(make("R034", bestand=path.name))
    return register


# A row as read: where it is, and its cells as (address, value) for each column.
_Row = tuple[str, list[tuple[str, Any]]]


def _header_key(value: Any) -> str | None:
    return header_key(value, _ALIASSEN)


def _header_index(rows: Sequence[tuple[str, Sequence[tuple[Any, ...]]]]) -> int | None:
    """The row that names every required column (cells as (where, value, …))."""
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {_header_key(cell[1]) for cell in cells}
        if all(k in keys for k in REQUIRED):
            return i
    return None


def _parse(path: Path, rows: list[_Row], spec: TemplateSpec) -> Register:
    header = _header_index(rows)
    if header is None:
        seen = {_header_key(v) for _, cells in rows[:HEADER_SEARCH_ROWS] for _, v in cells}
        missing = [k for k in REQUIRED if k not in seen] or list(REQUIRED)
        raise RegisterError(make("R032", bestand=path.name, kolommen=", ".join(missing), verwacht=", ".join(KOLOMMEN)))
    columns = {}
    for c, (_, v) in enumerate(rows[header][1]):
        key = _header_key(v)
        if key and key not in columns:
            columns[key] = c
    register = Register(path, ())
    found: list[Beschikking] = []
    for plaats, cells in rows[header + 1:]:
        values = {k: (cells[c] if c < len(cells) else (plaats, None)) for k, c in columns.items()}
        if all(_blank(v) for _, v in values.values()):
            continue
        row = _beschikking(values, plaats, spec, register.findings)
        if row is not None:
            found.append(row)
    register.beschikkingen = tuple(found)
    return register


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _beschikking(values: dict[str, tuple[str, Any]], plaats: str, spec: TemplateSpec, findings: list[Finding]) -> Beschikking | None:
    def problem(kolom: str, reden: str) -> None:
        address, raw = values[kolom]
        shown = "leeg" if _blank(raw) else str(raw).strip()
        findings.append(make("R033", sheet=_sheet_of(address), cell=_cell_of(address), plaats=address,
                             kolom=kolom, waarde=shown, reden=reden))

    bestuur = values["bestuur"][1]
    if _blank(bestuur):
        problem("bestuur", "er staat geen bestuur")
        return None
    regio = _regio(values["regio"][1], spec)
    if regio is None:
        problem("regio", f"kies een van {', '.join(spec.region_codes)}")
        return None
    regeling = _regeling(values["regeling"][1], spec)
    if regeling is None:
        problem("regeling", f"kies een van {', '.join(g.id for g in spec.regelingen)}")
        return None
    bedrag = _bedrag(values["bedrag"][1])
    if bedrag is None:
        problem("bedrag", "vul een bedrag in, bijvoorbeeld 81739 of 81.739,00")
        return None
    schooljaar = normalise_schooljaar(values["schooljaar"][1]) if "schooljaar" in values else None
    address = values["bedrag"][0]
    deel = _deel(values["deel"][1] if "deel" in values else None) or _deel(values["regeling"][1])
    return Beschikking(schooljaar, " ".join(str(bestuur).split()), regio, regeling, bedrag, address,
                       deel if regeling == DEEL_REGELING else None)


def _regio(value: Any, spec: TemplateSpec) -> str | None:
    if _blank(value):
        return None
    text = re.sub(r"[^0-9a-z]+", "", normalise_name(str(value)))
    for r in spec.regions:
        names = {r.code.lower(), r.code.lower().removeprefix("po"), r.short.lower(),
                 re.sub(r"[^0-9a-z]+", "", normalise_name(r.name))}
        if text in names:
            return r.code
    return None


def _regeling(value: Any, spec: TemplateSpec) -> str | None:
    if _blank(value):
        return None
    text = normalise_name(str(value)).replace(" ", "")
    hits = [g.id for g in spec.regelingen if g.id.lower() in text]
    return hits[0] if len(hits) == 1 else None


def _deel(value: Any) -> Deel | None:
    """Which part of the terugploegregeling a text names ("basisbedrag", "uitkering reserve"), if exactly one."""
    if not isinstance(value, str):
        return None
    text = normalise_name(value)
    words: tuple[tuple[Deel, str], ...] = (("basisbedrag", "basis"), ("reserve", "reserve"))
    hits = [d for d, word in words if word in text]
    return hits[0] if len(hits) == 1 else None


def _bedrag(value: Any) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return decimal_from_cell(value)
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    parsed = parse_bedrag_text(value)
    return parsed.euro if isinstance(parsed, Bedrag) else None


def _sheet_of(address: str) -> str:
    return address.split("!")[0] if "!" in address else address.split(",")[0]


def _cell_of(address: str) -> str | None:
    return address.split("!")[1] if "!" in address else None
