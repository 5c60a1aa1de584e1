"""The SWV's own workbook: where staff set the folder of handed-in workbooks and the register,
and which the Samenvoegen button fills with the outcome of the last merge.

It looks like the board's master (same styles: yellow input cells, grey fixed text, protected
sheet without password) and is read the same way, by defined name (`NAMEN`), so moving cells
breaks nothing. `xltoolkit build` writes it as `workbook/swv-samenvoegen.xlsx`.

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
from xltoolkit.spec import TemplateSpec

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

# (key, label, help, default) of each setting, in the order the sheet shows them.
INSTELLINGEN: tuple[tuple[str, str, str, str], ...] = (
    ("map", "Map met de ingeleverde werkboeken",
     "De map waarin de werkboeken van de besturen staan (submappen tellen mee), bijvoorbeeld "
     r"C:\SWV\Verantwoording 2023-2024\Ingeleverd. Alleen .xlsx- en .xlsm-bestanden worden gelezen.", ""),
    ("register", "Register van beschikkingen (optioneel)",
     "Het bestand (.xlsx of .csv) met de bekostigingsbeschikkingen: schooljaar, bestuur, regio, regeling, bedrag. "
     "Leeg laten: dan wordt niet vergeleken.", ""),
    ("overzicht", "Overzicht (wordt geschreven)",
     "Het overzicht dat Samenvoegen maakt (.xlsx). Een naam zonder map komt naast dit werkboek.",
     "overzicht-samenvoeging.xlsx"),
    ("rapportmap", "Map voor de rapporten per regio (optioneel)",
     "Per regio één rapport (Word en Markdown) met de verhalen van alle besturen. Leeg laten: geen rapporten.", ""),
    ("brievenmap", "Map voor de brieven aan de besturen (optioneel)",
     "Per bestuur één Word-brief: wat er nog hersteld moet worden, of een bevestiging. Het blad Terugkoppeling van "
     "het overzicht zegt wie welke brief krijgt. Leeg laten: geen brieven.", ""),
    ("vorigjaar", "Overzicht of map van vorig jaar (optioneel)",
     "Het overzicht van de samenvoeging van vorig jaar (.xlsx), of de map met de werkboeken van vorig jaar: het blad "
     "Vergelijking zet dit jaar ernaast. Leeg laten: niet vergeleken.", ""),
)
# Klaarzetten (`xltoolkit prepare`, the Klaarzetten button): the settings and the status cell, by
# defined name. The register is the one of Samenvoegen (swv_register).
KLAARZETTEN_NAMEN = {
    "besturen": "swv_besturen",
    "schooljaar": "swv_schooljaar",
    "klaarmap": "swv_klaarmap",
    "vorig_jaar": "swv_klaar_vorig_jaar",
    "status": "swv_klaar_status",
}
KLAARZETTEN: tuple[tuple[str, str, str, str], ...] = (
    ("besturen", "Lijst van besturen",
     "Het bestand (.xlsx of .csv) met per bestuur de naam, de regio's, SBO/SO (Ja/Nee) en eventueel een contactpersoon.", ""),
    ("schooljaar", "Schooljaar", "Het schooljaar waarover de besturen verantwoorden, als JJJJ-JJJJ, bijvoorbeeld 2024-2025.", ""),
    ("klaarmap", "Map voor de klaargezette werkboeken",
     "Hier komt per bestuur een werkboek; een bestand dat er al staat, wordt nooit overschreven.", ""),
    ("vorig_jaar", "Vorig jaar (optioneel)",
     "De map met de werkboeken van vorig jaar, of het overzicht van vorig jaar: de verhalen en gekozen indicatoren "
     "komen als begintekst in het nieuwe werkboek, bedragen nooit.", ""),
)
KLAAR_NOG_NIET = "Nog niet klaargezet."
UITKOMST: tuple[tuple[str, str], ...] = (
    ("bestanden", "Werkboeken gevonden"),
    ("opgenomen", "Opgenomen in het overzicht"),
    ("niet_bruikbaar", "Niet bruikbaar"),
    ("dubbel", "Dubbel of kopie, niet opgenomen"),
    ("problemen", "Meldingen op het blad Problemen"),
)
STAPPEN = (
    "Zet de ingeleverde werkboeken van de besturen in één map (submappen mogen). Haal er niets uit: "
    "wat niet bruikbaar is, staat straks met de reden in het overzicht.",
    "Vul hieronder de map in, en als u wilt het register van beschikkingen, een map voor de rapporten per regio, "
    "een map voor de brieven aan de besturen en het overzicht (of de map) van vorig jaar.",
    "Klik op Samenvoegen (in het werkboek met macro's, .xlsm). Zonder macro's: xltoolkit merge MAP -o OVERZICHT.xlsx "
    "--beschikkingen REGISTER --report RAPPORTMAP --feedback BRIEVENMAP --vorig-jaar VORIG",
    "Open het overzicht. Het blad Problemen zegt welke werkboeken niet zijn gebruikt en waarom; "
    "de andere bladen tonen middelen, aanwending, indicatoren, teksten en kengetallen van alle besturen.",
)
NOG_NIET = "Nog niet samengevoegd."


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
    sw.title("Samenvoegen", f"{spec.swv} — alle verantwoordingen van de besturen in één overzicht")
    for i, step in enumerate(STAPPEN, 1):
        sw.paragraph(f"{i}. {step}", st.fixed, chars=110)
    sw.gap()
    sw.heading("Instellingen")
    for key, label, help_text, default in INSTELLINGEN:
        sw.label(label, help_text)
        sw.input_cell(NAMEN[key], "text", default or None, st.text_input, FIRST_COL, LAST_COL)
        sw.gap()
    sw.heading("Laatste samenvoeging (vult Samenvoegen)")
    _status_row(sw, NAMEN["status"], NOG_NIET, 45)
    for key, label in UITKOMST:
        ws.write_string(sw.row, FIRST_COL, label, st.label)
        ws.write_blank(sw.row, FIRST_COL + 1, None, st.calc)
        sw.name(NAMEN[key], sw.row, FIRST_COL + 1)
        sw.row += 1
    _write_klaarzetten(sw)
    sw.gap()
    ws.write_string(sw.row, FIRST_COL, WERKBOEK_ID, st.help)
    sw.name(NAMEN["id"], sw.row, FIRST_COL)
    ws.write_string(sw.row, FIRST_COL + 1, spec.version, st.help)
    sw.name(NAMEN["versie"], sw.row, FIRST_COL + 1)
    ws.write_string(sw.row, FIRST_COL + 2, f"xltoolkit {__version__}", st.help)


def _write_klaarzetten(sw: SheetWriter) -> None:
    """The settings of the Klaarzetten button (the start of the year: a workbook per board)."""
    st = sw.st
    sw.gap()
    sw.heading("Klaarzetten: per bestuur een vooringevuld werkboek (begin van het jaar)")
    sw.paragraph("Klik op Klaarzetten (in het werkboek met macro's, .xlsm). Het register van beschikkingen hierboven vult de "
                 "ontvangen bedragen in. Zonder macro's: xltoolkit prepare BESTUREN --schooljaar JJJJ-JJJJ -o MAP "
                 "--beschikkingen REGISTER", st.fixed, chars=110)
    for key, label, help_text, default in KLAARZETTEN:
        sw.label(label, help_text)
        sw.input_cell(KLAARZETTEN_NAMEN[key], "text", default or None, st.text_input, FIRST_COL, LAST_COL)
        sw.gap()
    _status_row(sw, KLAARZETTEN_NAMEN["status"], KLAAR_NOG_NIET, 60)


def _status_row(sw: SheetWriter, name: str, text: str, height: int) -> None:
    """A named Status cell across the sheet that a button fills in after its run."""
    st, ws = sw.st, sw.ws
    ws.write_string(sw.row, FIRST_COL, "Status", st.label)
    ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, "", st.fixed)
    ws.write_string(sw.row, FIRST_COL + 1, text, st.fixed)
    sw.name(name, sw.row, FIRST_COL + 1)
    ws.set_row(sw.row, height)
    sw.row += 1
