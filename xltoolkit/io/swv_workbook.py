"""The SWV's own workbook: where staff set the folder of handed-in workbooks and the register,
and which the Samenvoegen button fills with the outcome of the last merge.

It looks like the board's master (same styles: yellow input cells, grey fixed text, protected
sheet without password) and is read the same way, by defined name (`NAMEN`), so moving cells
breaks nothing. What the sheet says (steps, labels, help texts) is the spec's (`workbook.swv`). `xltoolkit build` writes it as `workbook/swv-samenvoegen.xlsx`.

The macro-enabled variant with the Samenvoegen button is made by the VBA side (xltoolkit.io.vba):
pass `macros`, a function that receives the xlsxwriter workbook and the sheet once everything else
is written (e.g. `lambda wb, ws: add_macros(wb, ws, SWV)`). The top row beside the title
(columns E to H, `KNOP_RIJ`/`KNOP_KOLOM`) is left empty for the button, as on the board's Start sheet.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from xltoolkit import __version__
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.builder import PROTECTION
from xltoolkit.io.sheet import FIRST_COL, LAST_COL, SheetWriter
from xltoolkit.io.styles import FIXED_DATE, make_styles
from xltoolkit.spec import SwvWorkbook, TemplateSpec

FILE_STEM = "swv-samenvoegen"
SHEET = "Samenvoegen"
KNOP_RIJ, KNOP_KOLOM = 0, 4  # where the Samenvoegen button goes (row 1, column E)
WERKBOEK_ID = "xltoolkit-swv-samenvoegen"

# The defined names: what the button reads (settings) and writes (the outcome of the last merge).
NAMEN = {
    "map": "swv_map",
    "register": "swv_register",
    "overzicht": "swv_overzicht",
    "rapportmap": "swv_rapportmap",
    "brievenmap": "swv_brievenmap",
    "vorigjaar": "swv_vorig_jaar",
    "status": "swv_status",
    "bestanden": "swv_bestanden",
    "opgenomen": "swv_opgenomen",
    "niet_bruikbaar": "swv_niet_bruikbaar",
    "dubbel": "swv_dubbel",
    "problemen": "swv_problemen",
    "id": "swv_werkboek",
    "versie": "swv_sjabloon_versie",
}

# Klaarzetten (`xltoolkit prepare`, the Klaarzetten button): the settings and the status cell, by
# defined name. The register is the one of Samenvoegen (swv_register).
KLAARZETTEN_NAMEN = {
    "besturen": "swv_besturen",
    "schooljaar": "swv_schooljaar",
    "klaarmap": "swv_klaarmap",
    "vorig_jaar": "swv_klaar_vorig_jaar",
    "status": "swv_klaar_status",
}
def swv_filename(xlsm: bool = False) -> str:
    return f"{FILE_STEM}.{'xlsm' if xlsm else 'xlsx'}"


def build_swv_bytes(spec: TemplateSpec, macros: Callable[[Any, Any], None] | None = None) -> bytes:
    """The SWV workbook as bytes (reproducible: fixed dates, so the same spec gives the same bytes)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": f"Samenvoegen — {spec.name}", "subject": "Samenvoegen van de verantwoordingen",
                       "author": spec.swv, "company": spec.swv, "created": FIXED_DATE.replace(tzinfo=None),
                       "comments": f"Sjabloonversie {spec.version}; gemaakt met xltoolkit"})
    wb.set_custom_property("xltoolkit_werkboek", WERKBOEK_ID)
    ws = wb.add_worksheet(SHEET)
    _layout(ws)
    sw = SheetWriter(wb, ws, SHEET, make_styles(wb))
    _write(sw, spec)
    ws.protect("", PROTECTION)
    ws.activate()
    if macros is not None:
        macros(wb, ws)
    wb.close()
    return buf.getvalue()


def write_swv_workbook(path: Path, spec: TemplateSpec, macros: Callable[[Any, Any], None] | None = None) -> Path:
    atomic_write_bytes(Path(path), build_swv_bytes(spec, macros))
    return Path(path)


def _layout(ws) -> None:
    ws.set_column(0, 0, 2)
    ws.set_column(FIRST_COL, FIRST_COL, 40)
    ws.set_column(FIRST_COL + 1, LAST_COL, 16)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.set_footer(f"&L{SHEET}&RPagina &P van &N")
    ws.hide_gridlines(2)


def _write(sw: SheetWriter, spec: TemplateSpec) -> None:
    st, ws = sw.st, sw.ws
    words = spec.workbook.swv
    sw.title("Samenvoegen", f"{spec.swv} — {words.subtitle}")
    for i, step in enumerate(words.steps, 1):
        sw.paragraph(f"{i}. {step}", st.fixed, chars=110)
    sw.gap()
    sw.heading(words.settings_heading)
    for setting in words.settings:
        sw.label(setting.label, setting.help)
        sw.input_cell(NAMEN[setting.key], "text", setting.default or None, st.text_input, FIRST_COL, LAST_COL)
        sw.gap()
    sw.heading(words.outcome_heading)
    _status_row(sw, NAMEN["status"], words.not_yet, 45)
    for count in words.outcome:
        ws.write_string(sw.row, FIRST_COL, count.label, st.label)
        ws.write_blank(sw.row, FIRST_COL + 1, None, st.calc)
        sw.name(NAMEN[count.key], sw.row, FIRST_COL + 1)
        sw.row += 1
    _write_klaarzetten(sw, words)
    sw.gap()
    ws.write_string(sw.row, FIRST_COL, WERKBOEK_ID, st.help)
    sw.name(NAMEN["id"], sw.row, FIRST_COL)
    ws.write_string(sw.row, FIRST_COL + 1, spec.version, st.help)
    sw.name(NAMEN["versie"], sw.row, FIRST_COL + 1)
    ws.write_string(sw.row, FIRST_COL + 2, f"xltoolkit {__version__}", st.help)


def _write_klaarzetten(sw: SheetWriter, words: SwvWorkbook) -> None:
    """The settings of the Klaarzetten button (the start of the year: a workbook per board)."""
    st = sw.st
    sw.gap()
    sw.heading(words.prepare_heading)
    sw.paragraph(words.prepare_text, st.fixed, chars=110)
    for setting in words.prepare_settings:
        sw.label(setting.label, setting.help)
        sw.input_cell(KLAARZETTEN_NAMEN[setting.key], "text", setting.default or None, st.text_input, FIRST_COL, LAST_COL)
        sw.gap()
    _status_row(sw, KLAARZETTEN_NAMEN["status"], words.prepare_not_yet, 60)


def _status_row(sw: SheetWriter, name: str, text: str, height: int) -> None:
    """A named Status cell across the sheet that a button fills in after its run."""
    st, ws = sw.st, sw.ws
    ws.write_string(sw.row, FIRST_COL, "Status", st.label)
    ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, "", st.fixed)
    ws.write_string(sw.row, FIRST_COL + 1, text, st.fixed)
    sw.name(name, sw.row, FIRST_COL + 1)
    ws.set_row(sw.row, height)
    sw.row += 1
