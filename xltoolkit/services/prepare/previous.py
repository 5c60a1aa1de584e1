"""Last year's accountability as the starting text of this year's workbook (`prepare --vorig-jaar`).

The source is the folder of last year's workbooks (as the boards returned them, or as merged), or
one workbook. What is carried is what a board would otherwise copy by hand: its narratives and the
indicators it chose; never an amount (last year's money must never pass for this year's), no key
figure, no signatory and not last year's remark on what the SWV pre-filled. Boards are matched by
name as tolerantly as the register is (case, spaces, accents, "Stichting"): see
`services.beschikkingen.koppel_naam`. Every workbook that is not used, and every board without a
match, is a finding: nothing is dropped silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding, FindingError, make
from xltoolkit.io import WorkbookError, load
from xltoolkit.io.xlsx import XlsxError, open_workbook
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import Indicatoren, read_indicators, shorten
from xltoolkit.services.beschikkingen import Naamkoppeling, koppel_naam, normalise_name
from xltoolkit.spec import TemplateSpec

SUFFIXES = (".xlsx", ".xlsm")
MAX_FILES = 5_000
MAX_OVERVIEW_ROWS = 200_000  # a row per board and narrative: thousands at most
CARRIED_TYPES = ("narrative", "indicators")


class PreviousError(FindingError):
    """Last year's source cannot be used at all (it does not exist, or holds no workbook)."""


@dataclass
class Previous:
    """Last year's submissions by board name (their own spelling), and what could not be used."""

    source: str
    folder: bool = False  # a folder of workbooks (then a file is named within it)
    by_name: dict[str, tuple[str, Submission]] = field(default_factory=dict)  # name -> (file label, submission)
    used: set[str] = field(default_factory=set)  # names matched to a board of this year
    findings: list[Finding] = field(default_factory=list)

    def match(self, naam: str) -> Naamkoppeling:
        return koppel_naam(naam, self.by_name)

    def carried(self, naam: str, spec: TemplateSpec) -> dict[str, Any]:
        """The narratives and chosen indicators of the board last year called `naam`."""
        self.used.add(naam)
        _, sub = self.by_name[naam]
        return {f.id: sub.get(f.id) for f in spec.fields
                if f.type in CARRIED_TYPES and not f.prefill_note and _has_content(sub.get(f.id))}

    def unused(self) -> list[Finding]:
        return [make("K043", bestand=label, bron=self.source, bestuur=shorten(naam, 80))
                for naam, (label, _) in self.by_name.items() if naam not in self.used]


def _has_content(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, Indicatoren)


def read_previous(source: str | Path, spec: TemplateSpec) -> Previous:
    source = Path(source)
    if not source.exists():
        raise PreviousError(make("K044", bron=str(source), detail="het bestaat niet"))
    files = _workbooks(source)
    if not files:
        raise PreviousError(make("K044", bron=str(source), detail="er staat geen .xlsx- of .xlsm-bestand in"))
    previous = Previous(source.name or str(source), folder=source.is_dir())
    if source.is_file() and _is_overview(source, spec):
        return _from_overview(source, spec, previous)
    keys: dict[str, str] = {}
    for path in files:
        label = path.relative_to(source).as_posix() if source.is_dir() else path.name
        if _is_overview(path, spec):
            previous.findings.append(make("K042", bestand=label, bron=previous.source, reden="het is een overzicht van het SWV, geen werkboek van een bestuur."))
            continue
        try:
            sub = load(path, spec)
        except WorkbookError as exc:
            previous.findings.append(make("K042", bestand=label, bron=previous.source, reden=exc.finding.message))
            continue
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the preparation of all
            previous.findings.append(make("K042", bestand=label, bron=previous.source, reden=f"onverwachte fout ({type(exc).__name__})."))
            continue
        naam = sub.bestuur if isinstance(sub.bestuur, str) and sub.bestuur.strip() else None
        if naam is None:
            previous.findings.append(make("K042", bestand=label, bron=previous.source, reden="de naam van het bestuur (BESTUUR) is niet ingevuld."))
            continue
        key = normalise_name(naam)
        if key in keys:
            previous.findings.append(make("K042", bestand=label, bron=previous.source,
                                          reden=f"{keys[key]} is ook van '{shorten(naam, 80)}' en is gebruikt."))
            continue
        keys[key] = label
        previous.by_name[naam] = (label, sub)
    return previous


def _workbooks(source: Path) -> list[Path]:
    """The workbooks of a folder (also in subfolders, links not followed, Excel's ~$ lock files
    skipped, in a fixed order), or the one file given."""
    if source.is_file():
        return [source] if source.suffix.lower() in SUFFIXES else []
    found: list[Path] = []
    for root, dirs, names in os.walk(source):  # os.walk does not follow links into folders
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.suffix.lower() in SUFFIXES and not name.startswith("~$") and not path.is_symlink() and path.is_file():
                found.append(path)
                if len(found) >= MAX_FILES:
                    return found
    return found


def _is_overview(path: Path, spec: TemplateSpec) -> bool:
    from xltoolkit.services.merge import marker  # the overview's own test of its marker

    return bool(marker.is_overzicht(path, spec))


# -- the SWV's overview of last year's merge ------------------------------------------------------


def _from_overview(path: Path, spec: TemplateSpec, previous: Previous) -> Previous:
    """Last year's narratives (sheet Teksten: a row per board and narrative) and chosen indicators
    (sheet Indicatoren: the numbers per main part as typed) from the overview a merge wrote, read
    with the project's defensive reader; tables are found by their Dutch headers. Per board the
    latest school year in the overview is used."""
    from xltoolkit.services.merge.sheets import SHEET_NAME

    try:
        wb, zf = open_workbook(path)
    except XlsxError as exc:
        raise PreviousError(make("K044", bron=str(path), detail=f"het overzicht is niet leesbaar ({exc.kind})")) from exc
    values: dict[tuple[str, str], dict[str, Any]] = {}  # (bestuur, schooljaar) -> field id -> value
    with zf:
        try:
            teksten = wb.sheet_cells(SHEET_NAME["teksten"]) if wb.has_sheet(SHEET_NAME["teksten"]) else {}
            indicatoren = wb.sheet_cells(SHEET_NAME["indicatoren"]) if wb.has_sheet(SHEET_NAME["indicatoren"]) else {}
        except XlsxError as exc:
            raise PreviousError(make("K044", bron=str(path), detail=f"het overzicht is beschadigd ({shorten(exc.detail, 80)})")) from exc
    narratives = {(spec.section(f.section).short, f.label): f.id for f in spec.fields if f.type == "narrative" and not f.prefill_note}
    table = _table(teksten, ("Bestuur", "Schooljaar", "Onderdeel", "Veld", "Tekst"))
    for row in table:
        field_id = narratives.get((_str(row.get("Onderdeel")), _str(row.get("Veld"))))
        text = row.get("Tekst")
        if field_id and isinstance(text, str) and text.strip():
            values.setdefault((_str(row.get("Bestuur")), _str(row.get("Schooljaar"))), {})[field_id] = text
    parts = {f"{s.short}: nummers": s.indicator_field.id for s in spec.process_sections if s.indicator_field is not None}
    for row in _table(indicatoren, ("Bestuur", "Schooljaar", *parts)):
        for head, field_id in parts.items():
            chosen = read_indicators([_str(row.get(head)) or None])
            if isinstance(chosen, Indicatoren):
                values.setdefault((_str(row.get("Bestuur")), _str(row.get("Schooljaar"))), {})[field_id] = chosen
    if not table and not values:
        raise PreviousError(make("K044", bron=str(path), detail="het overzicht heeft geen blad Teksten met verhalen"))
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for (naam, jaar), fields in sorted(values.items(), key=lambda kv: kv[0][1]):
        if naam:
            latest[naam] = (jaar, fields)
    if any(not naam for naam, _ in values):
        previous.findings.append(make("K042", bestand=f"een bestuur zonder naam in {path.name}", bron=previous.source,
                                      reden="de naam van het bestuur (BESTUUR) is niet ingevuld."))
    for naam, (jaar, fields) in latest.items():
        previous.by_name[naam] = (f"{path.name} ({jaar})", Submission.from_values(fields, spec=spec))
    return previous


def _str(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _table(cells: dict[tuple[int, int], Any], heads: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of the first table whose header row holds every one of `heads`, as dicts."""
    by_row: dict[int, dict[str, int]] = {}
    for (r, c), cell in cells.items():
        if isinstance(cell.value, str):
            by_row.setdefault(r, {}).setdefault(cell.value.strip(), c)
    header = next((r for r in sorted(by_row) if all(h in by_row[r] for h in heads)), None)
    if header is None:
        return []
    columns = by_row[header]
    rows = []
    row = header + 1
    while row <= header + MAX_OVERVIEW_ROWS and any((row, c) in cells for c in columns.values()):
        rows.append({h: cells[(row, c)].value if (row, c) in cells else None for h, c in columns.items()})
        row += 1
    return rows
