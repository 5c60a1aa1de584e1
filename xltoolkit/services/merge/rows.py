"""The overview's cells written out faster than xlsxwriter's own loop, to the same bytes.

The overview of 1,000 boards has some 270,000 cells; xlsxwriter spends about 3 µs on each one when
the workbook is closed (a list of attributes, two regular-expression escapes and a class-name test
per cell) and nearly as much again when it is stored (argument conversion and a bounds check
per call). `Sheet` keeps xlsxwriter's worksheet for everything else and changes only those two
inner loops (and the row spans computed before the second), for the cells the overview writes: a
shared string or a number, always with a format. Anything else (a blank cell, a cell without
format, a number that is not finite) goes through xlsxwriter's own code.

Why a subclass of a library's worksheet, with its private names: the overview is written while the
SWV waits (issue 15), and this is where the time went. The private names used are few and listed
in `Sheet`'s docstring; tests/test_merge_rows.py writes the same overview through this class and
through xlsxwriter's plain worksheet and requires identical bytes, so a change in xlsxwriter that
would make the two differ fails the tests instead of reaching a user (pyproject pins the major version).
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

STRING_MAX = 32767  # characters Excel holds in a cell (UTF-16 units; see `put_string`)


class Sheet(Worksheet):
    """An xlsxwriter worksheet with a fast path for storing and writing the overview's cells.

    Relies on these parts of xlsxwriter (3.x): the cell table (`table`: row -> col -> cell tuple),
    `CellStringTuple`/`CellNumberTuple`, `_check_dimensions`, `str_table._get_shared_string_index`,
    `row_spans`, `comments`, `_write_row`, `_write_empty_row`, `_write_cell` and `fh`."""

    def put_string(self, row: int, col: int, text: str, fmt: Any) -> None:
        """`write_string(row, col, text, fmt)` for a text the merge has made writable and that
        fits a cell (up to STRING_MAX characters): stored as xlsxwriter stores it, without the
        call's argument conversion. A longer text takes xlsxwriter's way (it shortens it)."""
        if len(text) > STRING_MAX // 2 or self._check_dimensions(row, col):
            self.write_string(row, col, text, fmt)
            return
        self.table[row][col] = CellStringTuple(self.str_table._get_shared_string_index(text), fmt)

    def put_number(self, row: int, col: int, number: float, fmt: Any) -> None:
        """`write_number(row, col, number, fmt)` for a finite number (the merge's `writable_number`);
        anything else takes xlsxwriter's way, which refuses it."""
        if not math.isfinite(number) or self._check_dimensions(row, col):
            self.write_number(row, col, number, fmt)
            return
        self.table[row][col] = CellNumberTuple(number, fmt)

    def _calculate_spans(self) -> None:
        """xlsxwriter's `_calculate_spans`: per block of 16 rows, the first and last column holding a
        cell or a comment ("1:9"), found from each row's own columns instead of testing every column."""
        blocks: dict[int, tuple[int, int]] = {}
        for source in (self.table, self.comments):
            for row_num, cells in source.items():
                if cells:
                    lo, hi = min(cells), max(cells)
                    if (known := blocks.get(row_num // 16)) is not None:
                        lo, hi = min(lo, known[0]), max(hi, known[1])
                    blocks[row_num // 16] = (lo, hi)
        self.row_spans = {block: f"{lo + 1}:{hi + 1}" for block, (lo, hi) in blocks.items()}

    def _write_rows(self) -> None:
        """xlsxwriter's `_write_rows`, with a string or number cell that has a format written in
        one formatted write: the same elements and attributes, in the same order."""
        self._calculate_spans()
        write, table, info, comments, spans = self.fh.write, self.table, self.row_info, self.comments, self.row_spans
        letters = {col: xl_col_to_name(col) for col in range(self.dim_colmin, self.dim_colmax + 1)}
        xf: dict[int, int] = {}
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num)
            if not cells:
                if row_num in info or row_num in comments:
                    self._write_empty_row(row_num, spans.get(row_num // 16), info.get(row_num))
                continue
            self._write_row(row_num, spans.get(row_num // 16), info.get(row_num))
            r = row_num + 1
            for col in sorted(cells):
                cell = cells[col]
                kind, fmt = type(cell), cell.format
                if fmt is None or (kind is not CellStringTuple and kind is not CellNumberTuple):
                    self._write_cell(row_num, col, cell)
                    continue
                s = xf.get(id(fmt))
                if s is None:
                    s = xf[id(fmt)] = fmt._get_xf_index()
                if kind is CellStringTuple:
                    write(f'<c r="{letters[col]}{r}" s="{s}" t="s"><v>{cell.string}</v></c>')
                else:
                    write(f'<c r="{letters[col]}{r}" s="{s}"><v>{cell.number:.16G}</v></c>')
            write("</row>")
