"""Writing one sheet of the master workbook: a cursor over rows, and typed input cells.

Every input cell or range gets the field's defined name; fixed text is locked and grey, input
is unlocked and yellow; values are written by type, and text always as text (a board's "=..."
never becomes a formula).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from xltoolkit.io.styles import Styles
from xltoolkit.io.xlsx import rowcol_to_ref
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import Indicatoren, Unreadable

FIRST_COL = 1  # column B; column A is a margin
LAST_COL = 7  # column H
WIDE_CHARS = 120  # characters that fit on one line across B:H
LINE_PT = 15
MAX_ROW_PT = 409


def quote_sheet(sheet: str) -> str:
    """A sheet name as formulas, names and internal links write it: 'A1 Ankerpunten'."""
    return "'" + sheet.replace("'", "''") + "'"


def abs_ref(sheet: str, row: int, col: int, row2: int | None = None, col2: int | None = None) -> str:
    """="'Sheet'!$B$5" or a range, for defined names and list sources."""
    first = cell_ref(row, col, row_abs=True, col_abs=True)
    quoted = quote_sheet(sheet)
    if row2 is None or col2 is None:
        return f"={quoted}!{first}"
    return f"={quoted}!{first}:{cell_ref(row2, col2, row_abs=True, col_abs=True)}"


def cell_ref(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    """The A1 address of a 0-based cell ("B5", "$B5", "$B$5"), the text xlsxwriter's
    `xl_rowcol_to_cell` gives, without importing xlsxwriter: validating a workbook writes its
    Controle sheet with this module, and should not wait for the builder's library."""
    ref = rowcol_to_ref(row + 1, col + 1)
    letters = ref.rstrip("0123456789")
    return f"{'$' if col_abs else ''}{letters}{'$' if row_abs else ''}{row + 1}"


def text_height(text: str | None, chars_per_line: int = WIDE_CHARS, min_lines: int = 1) -> float:
    """A row height that shows `text` wrapped (capped at Excel's maximum)."""
    lines = sum(max(1, math.ceil(len(p) / chars_per_line)) for p in (text or "").split("\n")) if text else 0
    return float(min(MAX_ROW_PT, max(min_lines, lines) * LINE_PT + 4))


@dataclass
class SheetWriter:
    wb: Any
    ws: Any
    sheet_name: str
    st: Styles
    row: int = 0
    names: dict[str, str] = field(default_factory=dict)

    # -- fixed content -------------------------------------------------------------------
    def title(self, text: str, subtitle: str = "") -> None:
        self.ws.write_string(self.row, FIRST_COL, text, self.st.title)
        self.ws.set_row(self.row, 24)
        self.row += 1
        if subtitle:
            self.ws.merge_range(self.row, FIRST_COL, self.row, LAST_COL, subtitle, self.st.subtitle)
            self.ws.set_row(self.row, text_height(subtitle))
            self.row += 1
        self.row += 1

    def heading(self, text: str) -> None:
        self.ws.merge_range(self.row, FIRST_COL, self.row, LAST_COL, text, self.st.heading)
        self.ws.set_row(self.row, text_height(text, 90))
        self.row += 1

    def paragraph(self, text: str, fmt=None, chars: int = WIDE_CHARS) -> None:
        self.ws.merge_range(self.row, FIRST_COL, self.row, LAST_COL, "", fmt or self.st.fixed)
        self.ws.write_string(self.row, FIRST_COL, text, fmt or self.st.fixed)
        self.ws.set_row(self.row, text_height(text, chars))
        self.row += 1

    def label(self, text: str, help_text: str = "") -> None:
        self.ws.merge_range(self.row, FIRST_COL, self.row, LAST_COL, text, self.st.label)
        self.ws.set_row(self.row, text_height(text, 100))
        self.row += 1
        self.help_line(help_text)

    def help_line(self, text: str) -> None:
        if text:
            self.ws.merge_range(self.row, FIRST_COL, self.row, LAST_COL, text, self.st.help)
            self.ws.set_row(self.row, text_height(text, 130))
            self.row += 1

    def gap(self, n: int = 1) -> None:
        self.row += n

    # -- names ---------------------------------------------------------------------------
    def name(self, name: str, row: int, col: int, row2: int | None = None, col2: int | None = None) -> None:
        ref = abs_ref(self.sheet_name, row, col, row2, col2)
        self.wb.define_name(name, ref)
        self.names[name] = ref

    # -- values --------------------------------------------------------------------------
    def write_value(self, row: int, col: int, ftype: str, value: Any, fmt) -> None:
        """Write a typed value; text is always written as text, never as a formula."""
        ws = self.ws
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, Unreadable):
            ws.write_string(row, col, value.tekst, fmt)
        elif isinstance(value, Bedrag):
            if value.pm:
                ws.write_string(row, col, "PM", fmt)
            else:
                ws.write_number(row, col, float(value.euro), fmt)  # type: ignore[arg-type]
        elif isinstance(value, bool):
            ws.write_string(row, col, "Ja" if value else "Nee", fmt)
        elif isinstance(value, (int, float)) or (ftype in ("count", "percentage") and not isinstance(value, str)):
            ws.write_number(row, col, float(value), fmt)
        elif isinstance(value, Indicatoren):
            ws.write_string(row, col, str(value), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def input_cell(self, name: str, ftype: str, value: Any, fmt, col: int, col2: int | None = None, height: float | None = None) -> tuple[int, int]:
        """One named input cell (merged across col..col2 when given) at the current row."""
        r = self.row
        if col2 is not None and col2 > col:
            self.ws.merge_range(r, col, r, col2, "", fmt)
        self.write_value(r, col, ftype, value, fmt)
        if height:
            self.ws.set_row(r, height)
        self.name(name, r, col)
        self.row += 1
        return r, col

    def cell(self, row: int, col: int) -> str:
        return cell_ref(row, col)

    def cents(self, r1: int, c1: int, r2: int, c2: int) -> None:
        """Amounts show in whole euros, as boards type them; an amount with cents shows its cents.
        A number format cannot tell the two apart, so a conditional format adds the cents (Excel
        and LibreOffice both apply a conditional number format)."""
        top = cell_ref(r1, c1)
        self.ws.conditional_format(r1, c1, r2, c2, {
            "type": "formula", "criteria": f"=AND(ISNUMBER({top}),{top}<>ROUND({top},0))", "format": self.st.cents,
        })
