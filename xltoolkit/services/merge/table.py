"""The overview as data: sheets of titled tables (rows of plain values) and the charts over them.

The merge decides every row and every number here; `workbook.py` only lays it out. So the
overview can be tested without opening a workbook, and a second layout (JSON, a web page) could
reuse it. Values are plain: str, int, Decimal (money and fractions, exact) or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Waarde = str | int | Decimal | None
Soort = Literal["tekst", "lang", "bedrag", "aantal", "percentage", "getal", "code"]


@dataclass(frozen=True)
class Kolom:
    """A column: its header, what its values are, and the most room it may take (Excel's width
    units). The layout gives a column the width its header and values need, up to `breedte`; a
    longer text wraps. A "lang" column always has `breedte`: it holds prose."""

    kop: str
    soort: Soort = "tekst"
    breedte: float = 14
    afdrukken: bool = True  # False: on screen only, left off the printed page (a hash for machines)


@dataclass(frozen=True)
class Tabel:
    """A filterable Excel table. `naam` is the table's name in Excel (letters, digits, _)."""

    naam: str
    titel: str
    kolommen: tuple[Kolom, ...]
    rijen: tuple[tuple[Waarde, ...], ...]
    toelichting: str = ""

    def kolom(self, kop: str) -> int:
        for i, k in enumerate(self.kolommen):
            if k.kop == kop:
                return i
        raise KeyError(kop)


@dataclass(frozen=True)
class Grafiek:
    """A native chart over rows `van`..`tot` (0-based, inclusive) of one table of the same sheet."""

    soort: Literal["column", "bar", "pie"]
    titel: str
    tabel: str  # the table's naam
    categorie: str  # heading of the column with the categories
    reeksen: tuple[str, ...]  # headings of the columns with the values
    van: int
    tot: int
    y_titel: str = ""
    hoogte: int = 300  # pixels
    breedte: int = 620


@dataclass(frozen=True)
class Regel:
    """A label and a value above the tables (the Overzicht's summary); `naam` makes it a defined name."""

    label: str
    waarde: Waarde
    naam: str = ""


@dataclass(frozen=True)
class Blad:
    naam: str
    titel: str
    toelichting: str = ""
    samenvatting: tuple[Regel, ...] = ()  # lines above the tables
    tabellen: tuple[Tabel, ...] = ()
    grafieken: tuple[Grafiek, ...] = ()  # side by side below the title, above the tables

    def tabel(self, naam: str) -> Tabel:
        for t in self.tabellen:
            if t.naam == naam:
                return t
        raise KeyError(naam)


@dataclass(frozen=True)
class Overzicht:
    titel: str
    bladen: tuple[Blad, ...]
    eigenschappen: dict[str, str] = field(default_factory=dict)  # document properties (title, subject, ...)

    def blad(self, naam: str) -> Blad:
        for b in self.bladen:
            if b.naam == naam:
                return b
        raise KeyError(naam)
