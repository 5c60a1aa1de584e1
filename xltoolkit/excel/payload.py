"""The book payload an Excel client sends (xlwings' JSON format), built from a workbook file.

The add-in's server receives this from Office.js; tests and the add-in's local development mode
build it from a real filled workbook, so the entry points run against exactly what Excel would
send: every sheet's values from A1, and the workbook's defined names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlwings

from xltoolkit.io.xlsx import open_workbook, parse_reference, rowcol_to_ref


def book_payload(path: Path) -> dict[str, Any]:
    wb, zf = open_workbook(Path(path))
    with zf:
        sheets = list(wb.sheet_paths)
        return {
            "client": "Office.js",
            "version": xlwings.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
            "names": _names(wb, sheets),
            "sheets": [_sheet(wb, name) for name in sheets],
        }


def _names(wb, sheets: list[str]) -> list[dict[str, Any]]:
    out = []
    for name, raw in wb.defined_names.items():
        t = parse_reference(raw)
        if t.broken or t.sheet not in sheets:
            continue
        first, last = rowcol_to_ref(*t.first), rowcol_to_ref(*t.last)  # type: ignore[misc]
        out.append({
            "name": name, "sheet_index": sheets.index(t.sheet), "address": first if first == last else f"{first}:{last}",
            "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None,
        })
    return out


def _sheet(wb, name: str) -> dict[str, Any]:
    cells = wb.sheet_cells(name)
    rows = max((r for r, _ in cells), default=1)
    cols = max((c for _, c in cells), default=1)
    values: list[list[Any]] = [[None] * cols for _ in range(rows)]
    for (r, c), cell in cells.items():
        values[r - 1][c - 1] = cell.error if cell.error else cell.value
    return {"name": name, "values": values, "pictures": [], "tables": [], "shapes": []}
