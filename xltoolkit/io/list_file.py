"""The rows of a list the SWV keeps itself, as .xlsx/.xlsm or .csv: the beschikkingen register and the
boards list for `prepare`.

One reader for both, so both get the same defences and the same tolerance:
- .xlsx through the project's own reader (`io/xlsx.py`: size, zip-bomb and DTD checks; no formula
  runs: a formula cell gives its last calculated value, and its formula text for a finding);
- .csv as Excel writes it on Dutch Windows: UTF-8 with or without BOM, UTF-16 with a BOM ("Unicode-
  tekst"), else Windows-1252 (which decodes any byte); the separator is the most frequent of ; , tab
  on the first line;
- bounded: a file or a sheet beyond the limits is refused, not read slowly.

Every cell keeps where it is ("beschikkingen.csv, regel 4" or "Blad1!C4"), so a service's finding
can name the place. Problems raise `ListFileError` with a Dutch detail; the service wraps it in its
own finding (R031 for the register, K002 for the boards list).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xltoolkit.io.xlsx import XlsxError, open_workbook, rowcol_to_ref
from xltoolkit.model.values import shorten

Cell = tuple[str, Any, str | None]  # (where, value, formula text or None)
Row = tuple[str, list[Cell]]  # (where the row is, its cells from column A on)

SUFFIXES = (".csv", ".xlsx", ".xlsm")

_XLSX_PROBLEMS = {
    "encrypted": "het is beveiligd met een wachtwoord",
    "old_xls": "het is een oud .xls-bestand; sla het op als .xlsx of .csv",
    "not_workbook": "het is geen Excel-werkboek",
    "corrupt": "het is beschadigd",
    "not_found": "het bestaat niet",
}


class ListFileError(Exception):
    """The list cannot be read at all; `detail` says why, in Dutch, for the service's finding."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def read_rows(path: Path, has_header: Callable[[list[Row]], bool], *, max_rows: int, max_csv_bytes: int) -> list[Row]:
    """The rows of the list: of a CSV file, or of the first sheet whose rows `has_header` accepts
    (no such sheet: no rows, and the service says which columns it misses)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, max_rows, max_csv_bytes)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, has_header, max_rows)
    raise ListFileError(f"het formaat {suffix or '(zonder extensie)'} wordt niet gelezen")


def _csv_rows(path: Path, max_rows: int, max_bytes: int) -> list[Row]:
    if path.stat().st_size > max_bytes:
        raise ListFileError("het bestand is onwaarschijnlijk groot")
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows: list[Row] = []
    try:
        for i, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if i > max_rows:
                raise ListFileError(f"meer dan {max_rows} regels")
            where = f"{path.name}, regel {i}"
            rows.append((where, [(where, c, None) for c in cells]))
    except csv.Error as exc:
        raise ListFileError(f"geen geldig CSV-bestand ({shorten(str(exc), 80)})") from exc
    return rows


def _decode(raw: bytes) -> str:
    for encoding in (("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ()) + ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp1252", errors="replace")


def _xlsx_rows(path: Path, has_header: Callable[[list[Row]], bool], max_rows: int) -> list[Row]:
    try:
        wb, zf = open_workbook(path)
    except XlsxError as exc:
        raise ListFileError(_XLSX_PROBLEMS.get(exc.kind, exc.detail)) from exc
    with zf:
        try:
            for sheet in wb.sheet_paths:
                rows = _sheet_rows(sheet, wb.sheet_cells(sheet), max_rows)
                if has_header(rows):
                    return rows
        except XlsxError as exc:
            raise ListFileError(_XLSX_PROBLEMS.get(exc.kind, exc.detail)) from exc
    return []


def _sheet_rows(sheet: str, cells: dict[tuple[int, int], Any], max_rows: int) -> list[Row]:
    by_row: dict[int, list[Cell]] = {}
    for (r, c), cell in sorted(cells.items()):
        if r > max_rows:
            raise ListFileError(f"meer dan {max_rows} rijen")
        value = cell.value if not (cell.problem or cell.error) else None
        row = by_row.setdefault(r, [])
        row.extend((f"{sheet}!{rowcol_to_ref(r, k)}", None, None) for k in range(len(row) + 1, c))  # empty columns before
        row.append((f"{sheet}!{rowcol_to_ref(r, c)}", value, cell.formula))
    return [(f"{sheet}!{r}:{r}", by_row[r]) for r in sorted(by_row)]


def header_key(value: Any, aliases: dict[str, tuple[str, ...]]) -> str | None:
    """Which column a header cell names. An SWV writes its own headers ("Naam van het bestuur",
    "Bedrag (€)", "Regio's"), so a header names a column when it is one of its aliases, or else when
    an alias occurs in it as whole words; in that second case the first key in `aliases` wins, so
    list a key whose words also occur in another's headers first ("Heeft uw bestuur SBO-scholen?"
    is SBO/SO, not the board's name)."""
    words = header_words(value)
    if not words:
        return None
    text = " ".join(words)
    for key, names in aliases.items():
        if text in names:
            return key
    padded = f" {text} "
    for key, names in aliases.items():
        if any(f" {name} " in padded for name in names):
            return key
    return None


def header_words(value: Any) -> tuple[str, ...]:
    """A header's words: lower case, letters and digits only ("Regio's" → regio s)."""
    if not isinstance(value, str):
        return ()
    return tuple("".join(ch if ch.isalnum() and ch.isascii() else " " for ch in value.lower()).split())
