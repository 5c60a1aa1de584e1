"""An open Excel book (xlwings) as a source to read and a target to write.

Reading goes through the same defined names and the same reader as a file
(`xltoolkit.io.reader.read_source`); writing applies the same `WriteBack` that the file
front-end applies with `xltoolkit.io.update`. Only the mechanics differ: here every change is
an xlwings call (on the desktop through Excel itself, in the add-in as actions for Office.js).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xltoolkit.io.reader import read_source
from xltoolkit.io.styles import RESULT_STYLES
from xltoolkit.io.update import OutCell, OutTable, UpdateError, WriteBack
from xltoolkit.io.xlsx import EMPTY, Cell, NameTarget, parse_reference
from xltoolkit.model.submission import Provenance, Submission
from xltoolkit.spec import TemplateSpec

ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"}


class BookSource:
    """`CellSource` over an xlwings Book: names, sheets and cell values (formulas where the engine
    can tell; the add-in's engine cannot, and then a formula's value is simply its value)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.sheet_names = [s.name for s in book.sheets]
        self.defined_names: dict[str, str] = {}
        for n in book.names:
            try:
                self.defined_names[n.name] = n.refers_to
            except Exception:  # a name the engine cannot resolve counts as broken
                self.defined_names[n.name] = "#REF!"

    def target(self, name: str) -> NameTarget | None:
        raw = self.defined_names.get(name)
        return None if raw is None else parse_reference(raw)

    def has_sheet(self, sheet: str) -> bool:
        return sheet in self.sheet_names

    def cell(self, sheet: str, row: int, col: int) -> Cell:
        rng = self.book.sheets[sheet].range((row, col))
        value = rng.value
        formula = None
        try:
            f = rng.formula
            formula = f if isinstance(f, str) and f.startswith("=") else None
        except NotImplementedError:
            pass
        if isinstance(value, str) and value in ERROR_VALUES:
            return Cell(None, formula, error=value)
        if value is None and formula is None:
            return EMPTY
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)
        return Cell(value, formula)


def load_book(book: Any, spec: TemplateSpec) -> Submission:
    """Read a Submission from an open book, exactly as `xltoolkit.io.load` reads a file."""
    return read_source(BookSource(book), spec, Provenance(path=book.fullname), book.name)


def apply_to_book(book: Any, wb_write: WriteBack) -> None:
    """Apply a WriteBack to an open book: the same cells the file front-end writes."""
    for anchor, table in wb_write.tables.items():
        _write_table(book, anchor, table)
    for name, cell in wb_write.texts.items():
        rng = _anchor(book, name)
        rng.value = _plain(cell.value)
        _style(rng, cell.style)


def _anchor(book: Any, name: str) -> Any:
    try:
        return book.names[name].refers_to_range
    except Exception as exc:
        raise UpdateError(f"Het werkboek mist de naam '{name}'; gebruik een nieuw werkboek van het SWV.") from exc


def _write_table(book: Any, anchor: str, table: OutTable) -> None:
    start = _anchor(book, anchor)
    sheet, r0, c0 = start.sheet, start.row, start.column
    last_row = max(r0 + len(table.rows), sheet.used_range.last_cell.row)
    block = sheet.range((r0, c0), (last_row, c0 + table.width - 1))
    (block.clear() if table.fit_rows else block.clear_contents())
    if not table.rows:
        return
    values = [[_plain(c.value) for c in row[: table.width]] + [None] * (table.width - len(row)) for row in table.rows]
    sheet.range((r0, c0)).value = values
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row[: table.width]):
            target = sheet.range((r0 + i, c0 + j))
            if cell.style != "tekst" or table.fit_rows:
                _style(target, cell.style)
            if cell.link:
                target.add_hyperlink(f"#{cell.link}", str(cell.value))


def _style(rng: Any, key: str) -> None:
    props = RESULT_STYLES.get(key, {})
    if "bg_color" in props:
        rng.color = props["bg_color"]
    if props.get("bold"):
        rng.font.bold = True
    if "font_color" in props:
        rng.font.color = props["font_color"]
    if "num_format" in props:
        rng.number_format = props["num_format"]
    if props.get("text_wrap"):
        rng.wrap_text = True


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


__all__ = ["BookSource", "OutCell", "apply_to_book", "load_book"]
