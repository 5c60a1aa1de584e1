"""From raw cell values to a field's typed value — the one place where types are read.

Used by the workbook reader and the YAML fixtures alike, so a value means the same wherever it
was typed.
"""

from __future__ import annotations

from typing import Any

from xltoolkit.model.values import (
    READERS,
    CellValue,
    Unreadable,
    clean_text,
    read_indicators,
    read_money,
    read_regions,
)
from xltoolkit.spec import Column, Field, TemplateSpec

# A cell whose stored value is damaged (the reader reports why, at the cell): no text, no number.
DAMAGED: Any = object()
_EXPECTED = {"money": "bedrag", "count": "aantal", "percentage": "percentage", "yesno": "Ja of Nee",
             "regions": "Ja of Nee per regio", "indicators": "indicatornummers"}
DAMAGED_TEXT = "beschadigd"


def damaged_value(field_type: str) -> Unreadable | None:
    """What a damaged cell reads as: unreadable for a number or choice (so money with a damaged
    cell makes its region "Onbepaald", never "Sluitend"), nothing for a text."""
    expected = _EXPECTED.get(field_type)
    return Unreadable(DAMAGED_TEXT, expected) if expected else None


def read_field_value(spec: TemplateSpec, field: Field, cells: list[CellValue]) -> Any:
    """`cells` are the values of the field's named range, row by row."""
    if any(c is DAMAGED for c in cells):
        return damaged_value(field.type)
    if field.type == "regions":
        return read_regions(cells, spec.region_codes)
    if field.type == "indicators":
        return read_indicators(cells)
    return READERS[field.type](cells[0] if cells else None)


def read_column_value(spec: TemplateSpec, column: Column, value: CellValue) -> Any:
    """One cell of the aanwending table."""
    if value is DAMAGED:
        return damaged_value(column.type)
    if column.type == "money":
        return read_money(value)
    text = clean_text(value)
    if column.type == "region_choice" and text is not None:
        choices = {c.upper(): c for c in (*spec.region_codes, spec.lists.split_region)}
        return choices.get(text.upper(), text)
    return text
