"""The two parts of the terugploegregeling, where the register says them: structural and one-off money.

The template's received row reads "(basisbedrag en uitkering reserve)": the yearly base amount is
structural, a payment from the SWV's reserve is one-off, and the ondersteuningsplan treats them
differently (continuity). A board types one amount, so the split comes from the SWV's register
(`Beschikking.deel`). Shown per school year and region, next to what the register does not split,
only when the register splits at least one decision; the report's table stays one amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from xltoolkit.services.beschikkingen import DEEL_REGELING, Register
from xltoolkit.services.merge.table import Column, Table
from xltoolkit.spec import TemplateSpec

ZERO = Decimal(0)
KOPPEN = ("Basisbedrag (structureel)", "Uitkering reserve (eenmalig)", "Niet gesplitst", "Terugploegregeling")
TOELICHTING = ("Uit het register van beschikkingen: het basisbedrag komt elk jaar terug, een uitkering uit de reserve "
               "eenmalig. Niet gesplitst = beschikkingen waarbij het register het deel niet noemt.")


def is_split(register: Register | None) -> bool:
    """Whether the register names the part of any terugploeg decision."""
    return register is not None and any(b.deel for b in register.beschikkingen)


def parts(register: Register, spec: TemplateSpec, jaren: Iterable[str]) -> list[tuple[str, str, tuple[Decimal, ...]]]:
    """(school year, region, (basisbedrag, reserve, not split, total)) for each year and region with
    terugploeg decisions; a decision without a school year holds for every year (as the register reads)."""
    out: list[tuple[str, str, tuple[Decimal, ...]]] = []
    for jaar in jaren:
        for code in spec.region_codes:
            mine = [b for b in register.beschikkingen
                    if b.regeling == DEEL_REGELING and b.regio == code and b.schooljaar in (None, jaar)]
            if not mine:
                continue
            basis = sum((b.bedrag for b in mine if b.deel == "basisbedrag"), ZERO)
            reserve = sum((b.bedrag for b in mine if b.deel == "reserve"), ZERO)
            rest = sum((b.bedrag for b in mine if b.deel is None), ZERO)
            out.append((jaar, code, (basis, reserve, rest, basis + reserve + rest)))
    return out


def table(register: Register, spec: TemplateSpec, jaren: Iterable[str], *, jaar_eerst: bool) -> Table:
    """The split as a table; `jaar_eerst`: Schooljaar, Regio, Naam first (as on Middelen per regio),
    else Naam, Regio, Schooljaar (as on Vergelijking), so the columns line up with the sheet's other tables."""
    money = tuple(Column(k, "bedrag", 15) for k in KOPPEN)
    rows: list[tuple[Any, ...]] = []
    for jaar, code, amounts in parts(register, spec, jaren):
        naam = spec.region(code).name
        rows.append((jaar, code, naam, *amounts) if jaar_eerst else (naam, code, jaar, *amounts))
    head = (Column("Schooljaar", width=20), Column("Regio", width=10), Column("Naam", width=24)) if jaar_eerst else \
           (Column("Naam", width=24), Column("Regio", width=10), Column("Schooljaar", width=12))
    return Table("TerugploegDelen" if jaar_eerst else "TerugploegDelenPerJaar",
                 "Terugploegregeling: structureel en eenmalig", (*head, *money), tuple(rows), TOELICHTING)
