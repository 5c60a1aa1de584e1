"""The overview as data: sheets of titled tables (rows of plain values) and the charts over them.

The merge decides every row and every number here; `workbook.py` only lays it out. So the
overview can be tested without opening a workbook, and a second layout (JSON, a web page) could
reuse it. Values are plain: str, int, Decimal (money and fractions, exact) or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Value = str | int | Decimal | None
Kind = Literal["tekst", "lang", "bedrag", "aantal", "percentage", "procent", "getal", "code"]  # procent: a signed change, 0.0%


@dataclass(frozen=True)
class Column:
    """A column: its header, what its values are, and the most room it may take (Excel's width
    units). The layout gives a column the width its header and values need, up to `width`; a
    longer text wraps. A "lang" column always has `width`: it holds prose."""

    header: str
    kind: Kind = "tekst"
    width: float = 14
    printed: bool = True  # False: on screen only, left off the printed page (a hash for machines)


@dataclass(frozen=True)
class Table:
    """A filterable Excel table. `name` is the table's name in Excel (letters, digits, _)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    note: str = ""

    def column(self, header: str) -> int:
        for i, k in enumerate(self.columns):
            if k.header == header:
                return i
        raise KeyError(header)


@dataclass(frozen=True)
class Chart:
    """A native chart over rows `first_row`..`last_row` (0-based, inclusive) of one table of the same sheet."""

    kind: Literal["column", "bar", "pie"]
    title: str
    table: str  # the table's naam
    category: str  # heading of the column with the categories
    series: tuple[str, ...]  # headings of the columns with the values
    first_row: int
    last_row: int
    y_title: str = ""
    height: int = 300  # pixels
    width: int = 620


@dataclass(frozen=True)
class SummaryLine:
    """A label and a value above the tables (the Overzicht's summary); `name` makes it a defined name."""

    label: str
    value: Value
    name: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    note: str = ""
    summary: tuple[SummaryLine, ...] = ()  # lines above the tables
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()  # side by side below the title, above the tables

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


@dataclass(frozen=True)
class Overzicht:
    title: str
    sheets: tuple[Sheet, ...]
    properties: dict[str, str] = field(default_factory=dict)  # document properties (title, subject, ...)

    def sheet(self, name: str) -> Sheet:
        for b in self.sheets:
            if b.name == name:
                return b
        raise KeyError(name)
