"""What the SWV filled in before it sent a board its workbook (`xltoolkit prepare`).

Three things, all written by the builder when it is given the pre-filled values:
- the cells are locked (the sheets are protected without a password, as every sheet of the
  workbook: against accidents, not against intent) and coloured differently from input;
- each is marked on the sheet "Vooringevuld door het SWV" (beside it, and in a note on the cell)
  with where a board that disagrees says so: the optional field `toelichting_vooringevuld`;
- a record of the values on a very hidden, protected sheet (`Vooringevuld`, defined name
  `vooringevuld`), which the merge reads to tell a changed pre-filled value (M040).

Why a sheet and not a custom document property: a record on a sheet travels with the content (a
copy, Save As, a program that keeps sheets and names but drops document properties), holds text of
any length (Excel cuts a property at 255 characters) and is read by the same defensive reader as
the fields. A workbook that was not prepared has no such name, and nothing is compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xltoolkit.io.sections import SHORT_COL_END
from xltoolkit.io.sheet import LAST_COL, SheetWriter
from xltoolkit.io.xlsx import XlsxError, open_workbook, parse_reference
from xltoolkit.model.money import Bedrag, format_bedrag, format_euro, machine_amount
from xltoolkit.model.values import Unreadable
from xltoolkit.spec import Field, TemplateSpec

SHEET = "Vooringevuld"
NAME = "vooringevuld"  # the record: field id and value, one row each
MAX_RECORD_ROWS = 100  # more than the spec has pre-fillable fields; a record beyond it is damaged
PREFILL_FILL = "#DDEBF7"


def prefillable(spec: TemplateSpec) -> tuple[Field, ...]:
    """The fields the SWV knows before a board does: those the spec marks `prefill` (board, school
    year, regions, SBO/SO) and the money received per region and regeling (its own beschikkingen)."""
    return tuple(f for f in spec.fields if f.prefill or f.regeling is not None)


def record_text(value: Any) -> str:
    """A value as the record keeps it: exact and comparable (amounts as "81739.00")."""
    if isinstance(value, Bedrag):
        return "PM" if value.pm else machine_amount(value.euro)  # type: ignore[arg-type]
    if isinstance(value, Unreadable):
        return " ".join(value.tekst.split())
    if isinstance(value, bool):
        return "Ja" if value else "Nee"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return " ".join(str(value).split()) if value is not None else ""


def shown(text: str, f: Field) -> str:
    """A recorded value the Dutch way, for a message: "€ 81.739", "PO3104, PO3105", "(leeg)"."""
    if text == "":
        return "(leeg)"
    if f.type == "money" and text != "PM":
        try:
            return format_euro(Decimal(text))
        except InvalidOperation:
            return f"'{text}'"
    if f.type == "regions":
        return ", ".join(text.split(","))
    return f"'{text}'"


def shown_value(value: Any, f: Field) -> str:
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    return shown(record_text(value), f)


# -- writing (the builder calls this once it has laid out the workbook) -----------------------


@dataclass(frozen=True)
class Prefill:
    """The values the SWV fills in (field id -> value as the submission holds it) and where they
    come from, in words for the note on each cell."""

    values: Mapping[str, Any]
    source: str


def mark_prefilled(builder: Any, values: Mapping[str, Any], source: str) -> None:
    """Lock, colour and mark the cells of `values` (field id -> value as written), and keep the
    record. `builder` is the workbook builder after `build()`; `source` says where the values come
    from ("lijst van besturen en register van beschikkingen")."""
    spec: TemplateSpec = builder.spec
    wb = builder.wb
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top", "locked": True, "bg_color": PREFILL_FILL,
            "border": 1, "border_color": "#5B9BD5"}
    formats = {
        "money": wb.add_format({**base, "num_format": '"€" #,##0;"€" -#,##0'}),
        "choice": wb.add_format({**base, "align": "center"}),
        "text": wb.add_format({**base, "text_wrap": True, "num_format": "@"}),
    }
    mark = wb.add_format({"font_name": "Calibri", "font_size": 10, "italic": True, "bold": True, "valign": "top",
                          "font_color": "#1F4E79", "text_wrap": True})
    note = spec.prefill_note_field
    note_sheet = spec.section_of(note.id).sheet if note else None
    words = spec.labels
    marked_rows: set[tuple[str, int]] = set()
    for field_id, value in values.items():
        f = spec.field(field_id)
        sw: SheetWriter = builder.section_sheets[f.section]
        cells = _cells(sw.names[f.id])
        fmt = formats["money" if f.type == "money" else "choice" if f.type in ("regions", "yesno") else "text"]
        if f.type == "regions":
            ticked = value if isinstance(value, tuple) else ()
            for (r, c), region in zip(cells, spec.region_codes):
                sw.write_value(r, c, "yesno", region in ticked, fmt)
        else:
            r, c = cells[0]
            sw.write_value(r, c, f.type, value, fmt)
        r, c = cells[0]
        comment = f"{words.vooringevuld} ({source})."
        if note_sheet:
            comment += " " + words.vooringevuld_opmerking.format(blad=note_sheet)
        sw.ws.write_comment(r, c, comment, {"x_scale": 2.2, "y_scale": 1.4})
        if (sw.sheet_name, r) not in marked_rows:
            marked_rows.add((sw.sheet_name, r))
            if f.regeling is not None:  # the received grid: G:H are free beside the total
                col = LAST_COL - 1
                sw.ws.merge_range(r, col, r, LAST_COL, "", mark)
            else:  # over the help beside the input, merged up to H by the section writer
                col = cells[-1][1] + 1 if f.type == "regions" else SHORT_COL_END + 1
            text = words.vooringevuld
            if note_sheet:
                where = "hieronder" if sw.sheet_name == note_sheet else f"op het blad {note_sheet}"
                text += "; " + words.vooringevuld_naast.format(waar=where)
            sw.ws.write_string(r, col, text, mark)
    _write_record(builder, values, words.vooringevuld)


def _cells(ref: str) -> list[tuple[int, int]]:
    """The 0-based cells of a defined name's reference ("='Gegevens'!$C$5:$E$5"), parsed as the reader parses it."""
    target = parse_reference(ref)
    if target.broken:
        raise ValueError(f"onverwachte verwijzing {ref!r}")
    return [(r - 1, c - 1) for r, c in target.cells()]


def _write_record(builder: Any, values: Mapping[str, Any], header: str) -> None:
    ws = builder.wb.add_worksheet(SHEET)
    ws.write_string(0, 0, "Veld")
    ws.write_string(0, 1, header)
    rows = list(values.items())
    for i, (field_id, value) in enumerate(rows, start=1):
        ws.write_string(i, 0, field_id)
        ws.write_string(i, 1, record_text(value))
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 60)
    builder.wb.define_name(NAME, f"='{SHEET}'!$A$2:$B${len(rows) + 1}")
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.very_hidden()


# -- reading (the merge) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """What the SWV pre-filled: field id -> the value as recorded (`record_text`)."""

    values: dict[str, str]


class RecordError(Exception):
    """The workbook was prepared, but its record cannot be read (a damaged or edited sheet)."""


def read_record(path: Path, spec: TemplateSpec) -> Record | None:
    """The record of a prepared workbook; None for a workbook that was not prepared (no such
    name, or not a workbook at all: reading the file is the merge's own business). Raises
    `RecordError` when the name is there but what it points to cannot be read."""
    try:
        wb, zf = open_workbook(Path(path))
    except XlsxError:
        return None
    with zf:
        target = wb.target(NAME)
        if target is None:
            return None
        if target.broken or not wb.has_sheet(target.sheet or "") or target.cols != 2 or target.rows > MAX_RECORD_ROWS:
            raise RecordError(f"de naam {NAME} wijst naar {target.raw}")
        first_row, first_col = target.first  # type: ignore[misc]
        try:
            wb.load_rows(target.sheet or "", range(first_row, first_row + target.rows))
            cells = [(wb.cell(target.sheet or "", first_row + i, first_col), wb.cell(target.sheet or "", first_row + i, first_col + 1))
                     for i in range(target.rows)]
        except XlsxError as exc:
            raise RecordError(exc.detail) from exc
    known = {f.id for f in prefillable(spec)}
    values: dict[str, str] = {}
    for key, value in cells:
        if key.problem or value.problem or key.formula or value.formula:
            raise RecordError("een cel van de vastlegging is beschadigd of een formule")
        if not isinstance(key.value, str) or key.value not in known:
            raise RecordError(f"onbekend veld {str(key.value)[:40]!r}")
        values[key.value] = "" if value.value is None else str(value.value)
    return Record(values)
