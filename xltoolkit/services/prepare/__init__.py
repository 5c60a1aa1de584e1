"""`xltoolkit prepare`: one workbook per board, pre-filled by the SWV (the first step of the year).

    result = prepare(Path("besturen.xlsx"), schooljaar="2024-2025", output=Path("klaar/"), spec=spec,
                     register=Path("beschikkingen.xlsx"), vorig_jaar=Path("2023-2024/"))

For every board of the SWV's list (boards.py): BESTUUR, SCHOOLJAAR, the ticked regions and SBO/SO
from the list, the received amounts per region and regeling from the register of beschikkingen,
written into a fresh workbook from the spec, those cells locked and marked as the SWV's with a
record the merge checks against (xltoolkit.io.prefill); with last year's workbooks, the board's
narratives and chosen indicators as starting text (previous.py). Each file is written atomically,
with a name safe on every OS (filenames.py), and never over a file that is already there: a board
may have filled it in.

Headless: nothing here prints; everything worth telling is a finding in the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from xltoolkit.findings import SEVERITY_ORDER, Finding, FindingError, make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.prefill import Prefill
from xltoolkit.model.money import Bedrag, format_euro
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import shorten
from xltoolkit.services.beschikkingen import Register, RegisterError, normalise_name, normalise_schooljaar, read_register
from xltoolkit.services.importer.carry import valid_schooljaar
from xltoolkit.services.prepare.boards import Board, BoardsError, BoardsList, read_boards
from xltoolkit.services.prepare.filenames import safe_stem, unique_name
from xltoolkit.services.prepare.previous import Previous, PreviousError, read_previous
from xltoolkit.spec import TemplateSpec

Status = Literal["klaargezet", "bestaat_al", "niet_geschreven"]
STATUS_WORD = {"klaargezet": "Klaargezet", "bestaat_al": "Bestaat al, niet overschreven", "niet_geschreven": "Niet geschreven"}


class PrepareError(FindingError):
    """Nothing can be prepared (the list, the register, last year's source, the school year or the
    folder cannot be used); `finding` says why."""


@dataclass
class Prepared:
    """One board of the list and what became of its workbook."""

    board: Board
    bestand: str  # the file name in the output folder
    status: Status
    prefilled: dict[str, Any] = field(default_factory=dict)  # field id -> value the SWV filled in
    carried: int = 0  # narratives and indicator choices of last year


@dataclass
class PrepareResult:
    output: Path
    schooljaar: str
    besturen: BoardsList
    prepared: list[Prepared] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def written(self) -> list[Prepared]:
        return [p for p in self.prepared if p.status == "klaargezet"]

    @property
    def ok(self) -> bool:
        """Every board of the list got a new workbook, and nothing is a fout or waarschuwing."""
        return all(p.status == "klaargezet" for p in self.prepared) and all(f.severity == "info" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        """For --json: machine keys in English like the other commands, messages in Dutch."""
        return {
            "output": str(self.output), "school_year": self.schooljaar, "ok": self.ok,
            "boards": [{"bestuur": p.board.naam, "file": p.bestand, "status": p.status, "source": p.board.plaats, "contact": p.board.contact,
                        "prefilled": {k: _json(v) for k, v in p.prefilled.items()}, "carried": p.carried} for p in self.prepared],
            "findings": [f.as_dict() for f in self.findings],
        }


def _json(value: Any) -> Any:
    from xltoolkit.io.prefill import record_text

    return record_text(value) if not isinstance(value, (str, bool)) else value


def prepare(besturen: Path, *, schooljaar: str, output: Path, spec: TemplateSpec, register: Path | None = None,
            vorig_jaar: Path | None = None, xlsm: bool = False) -> PrepareResult:
    """Prepare a workbook per board; raises `PrepareError` when nothing can be prepared."""
    jaar = normalise_schooljaar(schooljaar)
    if jaar is None or not valid_schooljaar(jaar):
        raise PrepareError(make("K005", schooljaar=shorten(str(schooljaar), 40)))
    try:
        lijst = read_boards(besturen, spec)
        beschikkingen = read_register(register, spec) if register is not None else None
        previous = read_previous(vorig_jaar, spec) if vorig_jaar is not None else None
    except (BoardsError, RegisterError, PreviousError) as exc:
        raise PrepareError(exc.finding) from exc
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrepareError(make("K006", map=str(output), detail=exc.strerror or str(exc))) from exc
    result = PrepareResult(output, jaar, lijst, findings=list(lijst.findings))
    if beschikkingen is not None:
        result.findings += beschikkingen.findings
    if previous is not None:
        result.findings += previous.findings
    used: set[str] = set()
    matched_register: set[str] = set()
    for board in lijst.boards:
        result.prepared.append(_prepare_one(board, jaar, output, spec, beschikkingen, previous, xlsm, used, matched_register, result.findings))
    if beschikkingen is not None:
        result.findings += _register_only(beschikkingen, jaar, matched_register)
    if previous is not None:
        result.findings += previous.unused()
    result.findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return result


def _prepare_one(board: Board, jaar: str, output: Path, spec: TemplateSpec, register: Register | None, previous: Previous | None,
                 xlsm: bool, used: set[str], matched_register: set[str], findings: list[Finding]) -> Prepared:
    naam = shorten(board.naam, 80)
    values: dict[str, Any] = {"bestuur": board.naam, "schooljaar": jaar}
    if board.regios is not None:
        values["regios"] = board.regios
    if board.heeft_sbo_so is not None:
        values["heeft_sbo_so"] = board.heeft_sbo_so
    if register is not None:
        values.update(_amounts(board, jaar, register, spec, matched_register, findings))
    carried: dict[str, Any] = {}
    if previous is not None:
        carried = _carried(board, previous, spec, findings)
    stem, reasons = safe_stem(board.naam)
    suffix = ".xlsm" if xlsm else ".xlsx"
    bestand = unique_name(f"{stem} {jaar}", suffix, used)
    if reasons or bestand != f"{stem} {jaar}{suffix}":
        why = reasons + ([] if bestand == f"{stem} {jaar}{suffix}" else ["een ander bestuur kreeg al dezelfde naam"])
        findings.append(make("K020", bestuur=naam, bestand=bestand, reden="; ".join(why)))
    prepared = Prepared(board, bestand, "klaargezet", values, len(carried))
    target = output / bestand
    if target.exists() or target.is_symlink():
        findings.append(make("K021", bestand=bestand, map=str(output), bestuur=naam))
        prepared.status = "bestaat_al"
        return prepared
    source = "lijst van besturen" + (" en register van beschikkingen" if any(k.startswith("ontvangen_") for k in values) else "")
    try:
        from xltoolkit.io.builder import build_bytes

        sub = Submission.from_values({**carried, **values}, spec=spec)
        atomic_write_bytes(target, build_bytes(spec, sub, xlsm=xlsm, prefill=Prefill(values, source)))
    except OSError as exc:
        findings.append(make("K022", bestand=bestand, bestuur=naam, detail=exc.strerror or str(exc), map=str(output)))
        prepared.status = "niet_geschreven"
    return prepared


def _amounts(board: Board, jaar: str, register: Register, spec: TemplateSpec, matched: set[str],
             findings: list[Finding]) -> dict[str, Bedrag]:
    """The received amounts of the register for this board, per region and regeling."""
    koppeling = register.zoek_bestuur(board.naam, jaar)
    naam = shorten(board.naam, 80)
    if koppeling.gevonden is None:
        alternatieven = f" (bedoelt u {' of '.join(repr(a) for a in koppeling.alternatieven)}?)" if koppeling.alternatieven else ""
        findings.append(make("K030", bestuur=naam, register=register.naam, schooljaar=jaar, alternatieven=alternatieven))
        return {}
    matched.add(normalise_name(koppeling.gevonden))
    if koppeling.methode == "gelijkend":
        findings.append(make("K031", bestuur=naam, register=register.naam, gevonden=koppeling.gevonden,
                             methode=f"gelijkend, {round(koppeling.score * 100)}%"))
    out: dict[str, Bedrag] = {}
    for (regio, regeling), bedrag in sorted(register.bedragen(koppeling.gevonden, jaar).items()):
        if board.regios is not None and regio not in board.regios:
            findings.append(make("K032", register=register.naam, bestuur=naam, bedrag=format_euro(bedrag),
                                 regeling=spec.regeling(regeling).name, regio=regio))
            continue
        out[spec.received_field(regeling, regio).id] = Bedrag(euro=bedrag)
    return out


def _carried(board: Board, previous: Previous, spec: TemplateSpec, findings: list[Finding]) -> dict[str, Any]:
    koppeling = previous.match(board.naam)
    naam = shorten(board.naam, 80)
    if koppeling.gevonden is None:
        alternatieven = f" (bedoelt u {' of '.join(repr(a) for a in koppeling.alternatieven)}?)" if koppeling.alternatieven else ""
        findings.append(make("K041", bestuur=naam, bron=previous.source, alternatieven=alternatieven))
        return {}
    carried = previous.carried(koppeling.gevonden, spec)
    label = previous.by_name[koppeling.gevonden][0]
    findings.append(make("K040", bestuur=naam, aantal=len(carried), bron=f"{previous.source}/{label}" if previous.folder else label))
    return carried


def _register_only(register: Register, jaar: str, matched: set[str]) -> list[Finding]:
    """Boards the register has beschikkingen for in this school year, but the list does not name."""
    out = []
    for naam in register.besturen(jaar):
        if normalise_name(naam) in matched:
            continue
        total = sum(register.bedragen(naam, jaar).values(), Decimal(0))
        out.append(make("K033", register=register.naam, bestuur=shorten(naam, 80), bedrag=format_euro(total), schooljaar=jaar))
    return out


__all__ = ["PrepareError", "PrepareResult", "Prepared", "STATUS_WORD", "prepare"]
