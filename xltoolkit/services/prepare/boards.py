"""The SWV's list of boards (besturen), read from .xlsx or .csv: name, regions, SBO/SO, contact.

One row per board. The list is typed by the SWV's staff and comes from outside, so it is read as
defensively as a submission: an .xlsx through the project's own reader (`xltoolkit.io.xlsx`: no zip
bomb, no encrypted or old file, no formula executed, bounded parsing), a .csv with its encoding and
separator sniffed as Excel writes them on Dutch Windows. The header row may be anywhere in the
first rows and its words vary ("Bestuur" or "Naam", "Regio's" or "SWV", "SBO/SO"); the regions may
stand in one column ("PO3104, Parkstad") or in a column per region with Ja/Nee. A row that cannot
be used is a finding with its place (row number), never an exception; a file that cannot be used
at all raises `BoardsError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding, FindingError, make
from xltoolkit.io.list_file import Cell, ListFileError, Row, header_key, read_rows
from xltoolkit.model.values import read_yesno, shorten, xml_safe
from xltoolkit.services.beschikkingen import normalise_name
from xltoolkit.spec import TemplateSpec

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # an SWV has tens of boards
HEADER_SEARCH_ROWS = 20
FORMULA_START = ("=", "+", "-", "@")  # what a spreadsheet may run as a formula when the name is pasted into a cell
# The columns the list may name, by header (`io.list_file.header_key`: exact, else an alias as whole
# words). Order matters for the second: "Heeft uw bestuur SBO-scholen?" is sbo_so and "Naam
# contactpersoon" is contact, though both hold a word of the board's column.
_ALIASES = {
    "sbo_so": ("sbo so", "sbo", "so", "niveau 5", "niveau"),
    "contact": ("contact", "contactpersoon", "e mail", "email", "mail", "e mailadres"),
    "regios": ("regio", "regio s", "regios", "scholen in swv", "swv", "samenwerkingsverband", "samenwerkingsverbanden"),
    "bestuur": ("bestuur", "naam", "schoolbestuur", "bevoegd gezag", "bestuursnaam"),
}
_SPLIT_RE = re.compile(r"\s*(?:[,;/+&\n|]|\ben\b)\s*")


class BoardsError(FindingError):
    """The list of boards cannot be used at all; `finding` says why."""


@dataclass(frozen=True)
class Board:
    """One board of the list, as far as it could be read."""

    naam: str
    plaats: str  # "besturen.csv, regel 4" or "Besturen!A4"
    regios: tuple[str, ...] | None  # None: not given (the board ticks them itself)
    heeft_sbo_so: bool | None
    contact: str = ""


@dataclass
class BoardsList:
    path: Path
    boards: list[Board] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)




def read_boards(path: str | Path, spec: TemplateSpec) -> BoardsList:
    path = Path(path)
    if not path.is_file():
        raise BoardsError(make("K001", bestand=str(path)))
    try:
        rows = read_rows(path, lambda rows: _header(rows, spec) is not None, max_rows=MAX_ROWS, max_csv_bytes=MAX_CSV_BYTES)
    except ListFileError as exc:
        raise BoardsError(make("K002", bestand=path.name, detail=exc.detail)) from exc
    result = _parse(path, rows, spec)
    if not result.boards:
        raise BoardsError(make("K004", bestand=path.name))
    return result


def _region_of(text: str, spec: TemplateSpec) -> str | None:
    """A region written as code ("PO3104", "3104"), short name ("WM") or name."""
    key = re.sub(r"[^0-9a-z]+", "", normalise_name(text))
    for r in spec.regions:
        names = {r.code.lower(), r.code.lower().removeprefix("po"), r.short.lower(), re.sub(r"[^0-9a-z]+", "", normalise_name(r.name))}
        if key in names:
            return r.code
    return None


def _header(rows: list[Row], spec: TemplateSpec) -> tuple[int, dict[str, int], dict[str, int]] | None:
    """The header row: its index, the columns of the named keys, and any column per region."""
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        regions: dict[str, int] = {}
        for c, (_, value, _f) in enumerate(cells):
            code = _region_of(value, spec) if isinstance(value, str) and value.strip() else None
            if code and code not in regions:  # a Ja/Nee column per region ("PO3104", "Parkstad")
                regions[code] = c
                continue
            name = header_key(value, _ALIASES)
            if name and name not in columns:
                columns[name] = c
        if "bestuur" in columns and ("regios" in columns or regions):
            return i, columns, regions
    return None


def _parse(path: Path, rows: list[Row], spec: TemplateSpec) -> BoardsList:
    found = _header(rows, spec)
    if found is None and all(_blank(v) for _, cells in rows for _, v, _f in cells):
        raise BoardsError(make("K004", bestand=path.name))
    if found is None:
        keys = {header_key(v, _ALIASES) for _, cells in rows[:HEADER_SEARCH_ROWS] for _, v, _f in cells}
        missing = [name for name in ("bestuur", "regios") if name not in keys]
        raise BoardsError(make("K003", bestand=path.name, kolommen=", ".join(missing or ["bestuur", "regios"]),
                               verwacht="Bestuur, Regio's, SBO/SO (en eventueel Contact)"))
    header, columns, region_columns = found
    result = BoardsList(path)
    seen: dict[str, str] = {}
    for plaats, cells in rows[header + 1:]:
        cell = _picker(plaats, cells)
        used = [cell(columns.get(k)) for k in columns] + [cell(c) for c in region_columns.values()]
        if all(_blank(v) for _, v, _f in used):
            continue
        for address, value, formula in used:
            if formula:
                result.findings.append(make("K016", plaats=address or plaats, formule=shorten(formula, 60),
                                            waarde="" if value is None else shorten(str(value), 60)))
        board = _board(plaats, cell(columns["bestuur"]), cell(columns.get("regios")),
                       {code: cell(c) for code, c in region_columns.items()}, cell(columns.get("sbo_so")),
                       cell(columns.get("contact")), spec, result.findings)
        if board is None:
            continue
        key = normalise_name(board.naam)
        if key in seen:
            result.findings.append(make("K011", plaats=board.plaats, bestuur=board.naam, eerder=seen[key]))
            continue
        seen[key] = board.plaats
        result.boards.append(board)
    return result


def _picker(plaats: str, cells: list[Cell]):
    """The cell of a column in this row; a column the row does not reach is empty."""
    def cell(c: int | None) -> Cell:
        return cells[c] if c is not None and c < len(cells) else (plaats, None, None)
    return cell


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    text, _ = xml_safe("" if value is None else str(value))
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _board(plaats: str, naam_cell: Cell, regios_cell: Cell, region_cells: dict[str, Cell], sbo_cell: Cell,
           contact_cell: Cell, spec: TemplateSpec, findings: list[Finding]) -> Board | None:
    where = naam_cell[0] or plaats
    naam = _text(naam_cell[1])
    if not naam:
        findings.append(make("K010", plaats=plaats))
        return None
    if naam.startswith(FORMULA_START):
        findings.append(make("K012", plaats=where, bestuur=shorten(naam, 80), teken=naam[0]))
        return None
    ticked = _regions(naam, regios_cell, region_cells, spec, findings)
    if not ticked:
        findings.append(make("K015", plaats=regios_cell[0] or plaats, bestuur=shorten(naam, 80)))
    sbo = None if _blank(sbo_cell[1]) else _yes_no(sbo_cell[1])
    if sbo is None and not _blank(sbo_cell[1]):
        findings.append(make("K014", plaats=sbo_cell[0] or plaats, waarde=shorten(_text(sbo_cell[1]), 60), bestuur=shorten(naam, 80)))
    return Board(naam, where, ticked or None, sbo, _text(contact_cell[1]))


_YES = {"ja", "j", "x", "1", "1.0", "yes", "y", "waar", "true"}
_NO = {"nee", "n", "0", "0.0", "no", "onwaar", "false", "-"}


def _yes_no(value: Any) -> bool | None:
    """Ja/Nee as an SWV types it in a list: also x, 1/0, TRUE/FALSE; None when it is neither."""
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _YES or text in _NO:
        return text in _YES
    answer = read_yesno(text)
    return answer if isinstance(answer, bool) else None


def _regions(naam: str, regios_cell: Cell, region_cells: dict[str, Cell], spec: TemplateSpec,
             findings: list[Finding]) -> tuple[str, ...]:
    """The ticked regions in the spec's order, from one column ("PO3104, Parkstad") and/or a
    column per region (Ja/Nee, x); an unknown word is a finding, the known ones are kept."""
    ticked: set[str] = set()
    address, value, _f = regios_cell
    for token in _tokens(value):
        code = _region_of(token, spec)
        if code is None:
            findings.append(make("K013", plaats=address, waarde=shorten(token, 60), regios=", ".join(spec.region_codes),
                                 bestuur=shorten(naam, 80)))
        else:
            ticked.add(code)
    for code, (where, v, _f) in region_cells.items():
        if _blank(v):
            continue
        answer = _yes_no(v)
        if answer:
            ticked.add(code)
        elif answer is None:
            findings.append(make("K013", plaats=where, waarde=shorten(_text(v), 60), regios="Ja of Nee in de kolom van de regio",
                                 bestuur=shorten(naam, 80)))
    return tuple(c for c in spec.region_codes if c in ticked)


def _tokens(value: Any) -> Iterable[str]:
    if _blank(value):
        return ()
    return [t for t in _SPLIT_RE.split(_text(value)) if t.strip()]
