"""What LibreOffice shows of a workbook: every text cell with the room it has and the room it needs.

Runs under the system Python that has LibreOffice's `uno` module, like uno_probe.py:

    /usr/bin/python3 readable_probe.py WORKBOOK PDF   ->  prints JSON, writes the PDF

Widths are LibreOffice's own: a text's width is the optimal column width LibreOffice gives it in
the same font (measured in a scratch document), so "does it fit" is decided by the program that
draws it, not by a guess about fonts. Lengths are in 1/100 mm. For each visible text cell:
    sheet, row, col, text, header (dark blue fill), wrap, merged, neighbour (the cell right of it
    holds something), room (width of its column or merged area), height (of its row or area),
    need (width of the whole text on one line), words (width of each word, when it wraps),
    space (width a space adds), line (height of one line of its font).
"""

from __future__ import annotations

import json
import os
import sys

import uno  # type: ignore[import-not-found]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uno_probe import prop, start_office  # noqa: E402

HEADER_FILL = 0x1F4E78
FONT_KEYS = ("CharFontName", "CharHeight", "CharWeight", "CharPosture")


class Ruler:
    """Measures texts with LibreOffice's optimal column width, one font at a time (cached)."""

    def __init__(self, desktop) -> None:
        self.doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
        self.sheet = self.doc.Sheets.getByIndex(0)
        self.cell = self.sheet.getCellByPosition(0, 0)
        self.column = self.sheet.Columns.getByIndex(0)
        self.cache: dict = {}

    def width(self, text: str, font: tuple) -> int:
        key = (text, _key(font))
        if key not in self.cache:
            for name, value in zip(FONT_KEYS, font):
                self.cell.setPropertyValue(name, value)
            self.cell.setString(text)
            self.column.OptimalWidth = True
            self.cache[key] = self.column.Width
        return self.cache[key]

    def line(self, font: tuple) -> int:
        """The height of one line in this font: LibreOffice's optimal row height for one line."""
        key = ("\n-line-", _key(font))
        if key not in self.cache:
            for name, value in zip(FONT_KEYS, font):
                self.cell.setPropertyValue(name, value)
            self.cell.setString("Xg")
            row = self.sheet.Rows.getByIndex(0)
            row.OptimalHeight = True
            self.cache[key] = row.Height
        return self.cache[key]


def _key(font: tuple) -> tuple:
    """UNO enums (CharPosture) are not hashable: key a font by plain values."""
    return tuple(getattr(v, "value", v) for v in font)


def text_cells(sheet):
    """Every cell that shows text: typed text and formulas with a text result."""
    from com.sun.star.sheet.CellFlags import FORMULA, STRING  # type: ignore[import-not-found]
    from com.sun.star.table.CellContentType import FORMULA as IS_FORMULA  # type: ignore[import-not-found]

    ranges = sheet.queryContentCells(STRING | FORMULA)
    cells = ranges.getCells().createEnumeration()
    while cells.hasMoreElements():
        cell = cells.nextElement()
        if cell.getType() == IS_FORMULA and cell.FormulaResultType2 != 2:
            continue
        yield cell


def describe(sheet, cell, ruler: Ruler) -> dict | None:
    from com.sun.star.table.CellContentType import EMPTY  # type: ignore[import-not-found]

    addr = cell.CellAddress
    columns, rows = sheet.Columns, sheet.Rows
    if not columns.getByIndex(addr.Column).IsVisible or not rows.getByIndex(addr.Row).IsVisible:
        return None
    text = cell.getString()
    if not text.strip():
        return None
    cursor = sheet.createCursorByRange(cell)
    cursor.collapseToMergedArea()
    area = cursor.getRangeAddress()
    room = sum(columns.getByIndex(c).Width for c in range(area.StartColumn, area.EndColumn + 1))
    height = sum(rows.getByIndex(r).Height for r in range(area.StartRow, area.EndRow + 1))
    right = sheet.getCellByPosition(area.EndColumn + 1, addr.Row)
    font = tuple(cell.getPropertyValue(k) for k in FONT_KEYS)
    wrap = bool(cell.IsTextWrapped)
    out = {
        "sheet": sheet.Name, "row": addr.Row, "col": addr.Column, "text": text,
        "header": cell.CellBackColor == HEADER_FILL, "wrap": wrap,
        "merged": area.EndColumn > area.StartColumn or area.EndRow > area.StartRow,
        "neighbour": right.getType() != EMPTY, "room": room, "height": height,
        "need": max(ruler.width(line, font) for line in text.split("\n")),
        "line": ruler.line(font),
    }
    if wrap and out["need"] > room:
        out["words"] = [[ruler.width(w, font) for w in line.split()] for line in text.split("\n")]
        out["space"] = ruler.width("a a", font) - ruler.width("aa", font)
        out["margin"] = 2 * ruler.width("ii", font) - ruler.width("iiii", font)
    return out


def run(path: str, pdf: str) -> dict:
    proc, desktop, profile = start_office()
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                           (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0)))
        if doc is None:
            raise RuntimeError("LibreOffice could not open the file")
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(pdf)), (prop("FilterName", "calc_pdf_Export"),))
        ruler = Ruler(desktop)
        cells, sheets = [], []
        for i in range(doc.Sheets.getCount()):
            sheet = doc.Sheets.getByIndex(i)
            if not sheet.IsVisible:
                continue
            sheets.append(sheet.Name)
            for cell in text_cells(sheet):
                info = describe(sheet, cell, ruler)
                if info is not None:
                    cells.append(info)
        ruler.doc.close(True)
        doc.close(True)
        return {"sheets": sheets, "cells": cells}
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        proc.wait(timeout=30)
        import shutil

        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2])))
