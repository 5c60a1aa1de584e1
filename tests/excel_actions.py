"""Apply the actions an xlwings script returns (as Office.js would) to a book payload, so tests
can read the result like a workbook: values, colours, links and alerts."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AppliedBook:
    payload: dict[str, Any]
    colors: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (sheet, row0, col0)
    links: dict[tuple[int, int, int], str] = field(default_factory=dict)
    alerts: list[tuple[str, str]] = field(default_factory=list)
    touched: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # sheet, r0, c0, rows, cols

    def value(self, sheet: str, row: int, col: int) -> Any:
        """1-based row/col, like Excel."""
        values = self._sheet(sheet)["values"]
        r, c = row - 1, col - 1
        return values[r][c] if r < len(values) and c < len(values[r]) else None

    def _sheet(self, name: str) -> dict[str, Any]:
        return next(s for s in self.payload["sheets"] if s["name"] == name)


def apply_actions(payload: dict[str, Any], actions: list[dict[str, Any]]) -> AppliedBook:
    book = AppliedBook(copy.deepcopy(payload))
    for a in actions:
        func = a["func"]
        if func == "alert":
            book.alerts.append((a["args"][0], a["args"][1]))
            continue
        if a["sheet_position"] is None:  # book-level actions (runMacro, ...) change no cell
            continue
        sheet = book.payload["sheets"][a["sheet_position"]]
        r0, c0 = a["start_row"], a["start_column"]
        book.touched.append((a["sheet_position"], r0, c0, a["row_count"], a["column_count"]))
        if func == "setValues":
            _grow(sheet, r0 + a["row_count"], c0 + a["column_count"])
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    sheet["values"][r0 + i][c0 + j] = None if v == "" else v  # Office.js: "" empties a cell
        elif func in ("rangeClear", "rangeClearContents"):
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    if r0 + i < len(sheet["values"]) and c0 + j < len(sheet["values"][r0 + i]):
                        sheet["values"][r0 + i][c0 + j] = None
        elif func == "setRangeColor":
            book.colors[(a["sheet_position"], r0, c0)] = a["args"][0]
        elif func == "addHyperlink":
            book.links[(a["sheet_position"], r0, c0)] = a["args"][0]
    return book


def _grow(sheet: dict[str, Any], rows: int, cols: int) -> None:
    values = sheet["values"]
    width = max(cols, max((len(r) for r in values), default=0))
    for r in values:
        r.extend([None] * (width - len(r)))
    while len(values) < rows:
        values.append([None] * width)
