"""Build the master workbook from the spec, optionally filled with a submission.

One code path makes both the empty master (`xltoolkit build`) and a filled workbook (`save`):
the layout, names, validation, live checks and protection are always the same. xlsxwriter
writes it (tables, data validation, conditional formatting, protection, and later buttons and a
VBA project, which openpyxl cannot write). The build is reproducible: fixed document dates and
zip timestamps, so the same spec and data give the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import xlsxwriter

from xltoolkit import __version__
from xltoolkit.io import formulas as fx
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.names import (
    CONTROLE_ANCHOR, CONTROLE_COLUMNS, HASH_NAME, MARK_ROWS, MARKS_NAME, RECONCILIATIE_ANCHOR, RECONCILIATIE_STATUS_NAME, STATUS_NAME, TEMPLATE_ID_NAME,
    VERSION_NAME,
)
from xltoolkit.io.funding_sheet import mark_status, write_funding, write_live_helpers
from xltoolkit.io.sections import write_section
from xltoolkit.io.sheet import FIRST_COL, LAST_COL, SheetWriter, quote_sheet
from xltoolkit.io.styles import Styles, make_styles, style_name
from xltoolkit.io.vba import add_macros
from xltoolkit.model.completeness import empty_required
from xltoolkit.model.funding import live_totals
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec, load_spec

FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)
PROTECTION = {
    "select_locked_cells": True, "select_unlocked_cells": True,
    "format_columns": True, "format_rows": True, "insert_rows": True,
}


def build_bytes(spec: TemplateSpec | None = None, submission: Submission | None = None, xlsm: bool = False) -> bytes:
    """The workbook as bytes: the empty master, or filled with `submission`; with `xlsm` the
    macro-enabled variant (VBA project and buttons on Start, see xltoolkit.io.vba)."""
    spec = spec or load_spec()
    sub = submission or Submission.empty(spec)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "default_date_format": "dd-mm-yyyy",
    })
    _properties(wb, spec)
    builder = _Builder(wb, spec, sub)
    builder.build()
    if xlsm:
        add_macros(wb, builder.start.ws)
    wb.close()
    return buf.getvalue()


def write_master(path: Path, spec: TemplateSpec | None = None, submission: Submission | None = None, xlsm: bool = False) -> Path:
    """Write the (filled) master workbook atomically."""
    atomic_write_bytes(Path(path), build_bytes(spec, submission, xlsm))
    return Path(path)


def master_filename(spec: TemplateSpec | None = None) -> str:
    spec = spec or load_spec()
    return f"{spec.workbook['file_stem']}.xlsx"


def _properties(wb, spec: TemplateSpec) -> None:
    wb.set_properties({
        "title": spec.name, "subject": "Verantwoording passend onderwijs", "author": spec.swv,
        "company": spec.swv, "comments": f"Sjabloonversie {spec.version}; gemaakt met xltoolkit",
        "created": FIXED_DATE.replace(tzinfo=None),
    })
    wb.set_custom_property("xltoolkit_sjabloon", spec.id)
    wb.set_custom_property("xltoolkit_sjabloonversie", spec.version)
    wb.set_custom_property("xltoolkit_spec_hash", spec.hash)
    wb.set_calc_mode("auto")


class _Builder:
    def __init__(self, wb, spec: TemplateSpec, sub: Submission) -> None:
        self.wb, self.spec, self.sub = wb, spec, sub
        self.st: Styles = make_styles(wb)
        self.totals = live_totals(sub, spec)
        self.lists: dict[str, str] = {}
        cfg = spec.workbook
        # Sheet order: Start, the sections, Controle, Reconciliatie, Lijsten (hidden).
        self.start = self._sheet(cfg["start_sheet"])
        self.section_sheets = {s.id: self._sheet(s.sheet) for s in spec.sections}
        self.controle = self._sheet(cfg["controle_sheet"])
        self.reconciliatie = self._sheet(cfg["reconciliatie_sheet"])
        self.lijsten = self._sheet(cfg["lists_sheet"])

    def _sheet(self, name: str) -> SheetWriter:
        ws = self.wb.add_worksheet(name)
        ws.set_column(0, 0, 2)
        ws.set_column(FIRST_COL, FIRST_COL, 34)
        ws.set_column(FIRST_COL + 1, LAST_COL, 16)
        ws.set_paper(9)  # A4
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.set_footer(f"&L{name}&RPagina &P van &N")
        ws.hide_gridlines(2)
        return SheetWriter(self.wb, ws, name, self.st)

    def build(self) -> None:
        self._lists()
        for s in self.spec.sections:
            sw = self.section_sheets[s.id]
            if s.kind == "funding":
                write_funding(sw, self.spec, s, self.sub.values, self.sub.aanwending, self.totals, self.lists, self.sub.schooljaar)
            else:
                write_section(sw, self.spec, s, self.sub.values, self.lists)
        self._start()
        self._controle()
        self._reconciliatie()
        for sw in [self.start, *self.section_sheets.values(), self.controle, self.reconciliatie, self.lijsten]:
            sw.ws.protect("", PROTECTION)
        self.start.ws.activate()

    # -- hidden lists, and the template stamp -------------------------------------------
    def _lists(self) -> None:
        sw, ws, spec = self.lijsten, self.lijsten.ws, self.spec
        ws.hide()
        stamp = [(VERSION_NAME, "Sjabloonversie", spec.version), (HASH_NAME, "Spec-hash", spec.hash),
                 (TEMPLATE_ID_NAME, "Sjabloon", spec.id)]
        for r, (name, label, value) in enumerate(stamp):
            ws.write_string(r, 0, label)
            ws.write_string(r, 1, value)
            sw.name(name, r, 1)
        columns: list[tuple[str, list[Any]]] = [
            ("yesno", list(spec.lists["yesno"])),
            ("regio", [*spec.region_codes, spec.lists["split_region"]]),
            ("categorie", list(spec.lists["categories"])),
        ]
        for s in spec.process_sections:
            lo, hi = s.indicators  # type: ignore[misc]
            nvt = [spec.settings["nvt_text"]] if s.relevance else []
            columns.append((f"ind_{s.id}", [*range(lo, hi + 1), *nvt]))
        for i, (key, items) in enumerate(columns):
            col = 3 + i
            ws.write_string(4, col, key)
            for k, item in enumerate(items):
                (ws.write_number if isinstance(item, int) else ws.write_string)(5 + k, col, item)
            name = f"lijst_{key}"
            sw.name(name, 5, col, 5 + len(items) - 1, col)
            self.lists[key] = f"={name}"
        base = 4 + len(columns) + 1
        ws.write_string(4, base, "Indicator")
        ws.write_string(4, base + 1, "Tekst")
        for k, (n, text) in enumerate(sorted(spec.indicators.items())):
            ws.write_number(5 + k, base, n)
            ws.write_string(5 + k, base + 1, text)
        self._style_samples(sw, marks_col=base + 3)
        write_live_helpers(sw, spec, self.totals, col=0)  # below the stamp, left of the lists

    def _style_samples(self, sw: SheetWriter, marks_col: int) -> None:
        """One cell per write-back style (found later by name), and the list of marks: validation
        writes there what has a fout, and the conditional formats on the input cells read it."""
        row = 3
        sw.ws.write_string(row, 0, "Stijlen")
        for i, (key, fmt) in enumerate(self.st.results.items()):
            sw.ws.write_string(row, 1 + i, key, fmt)
            sw.name(style_name(key), row, 1 + i)
        sw.ws.write_string(4, marks_col, "markeringen")
        sw.name(MARKS_NAME, 5, marks_col, 5 + MARK_ROWS - 1, marks_col)

    # -- Start ------------------------------------------------------------------------
    def _start(self) -> None:
        sw, ws, st, spec = self.start, self.start.ws, self.st, self.spec
        cfg = spec.workbook
        ws.set_column(FIRST_COL, FIRST_COL, 40)
        sw.title(cfg["start_title"], f"{spec.swv} — {spec.fixed_texts['titel'].title}")
        for i, step in enumerate(cfg["start_steps"], 1):
            sw.paragraph(f"{i}. {step}", st.fixed, chars=110)
        sw.gap()
        sw.heading("Stand van zaken (rekent direct mee)")
        for i, h in enumerate(["Onderdeel", "Nog in te vullen", "Status", "Ga naar"]):
            ws.write_string(sw.row, FIRST_COL + i, h, st.table_header)
        sw.row += 1
        first = sw.row
        total_cached = 0
        for s in spec.sections:
            count = empty_required(self.sub, s, spec)
            total_cached += count
            ws.write_string(sw.row, FIRST_COL, s.short, st.label)
            ws.write_formula(sw.row, FIRST_COL + 1, fx.section_empty_count(s, spec), st.calc, count)
            sw.name(fx.section_count_name(s), sw.row, FIRST_COL + 1)
            cnt = sw.cell(sw.row, FIRST_COL + 1)
            ws.write_formula(sw.row, FIRST_COL + 2, f'=IF({cnt}=0,"Compleet","Nog invullen")', st.calc,
                             "Compleet" if count == 0 else "Nog invullen")
            ws.write_url(sw.row, FIRST_COL + 3, f"internal:{quote_sheet(s.sheet)}!A1", st.link, string=s.sheet)
            sw.row += 1
        ws.write_string(sw.row, FIRST_COL, "Totaal", st.calc_bold)
        ws.write_formula(sw.row, FIRST_COL + 1, f"=SUM({sw.cell(first, FIRST_COL + 1)}:{sw.cell(sw.row - 1, FIRST_COL + 1)})", st.calc, total_cached)
        sw.name(fx.live_name("leeg"), sw.row, FIRST_COL + 1)
        last = sw.row
        sw.row += 1
        ws.conditional_format(first, FIRST_COL + 1, last, FIRST_COL + 1, {"type": "cell", "criteria": ">", "value": 0, "format": st.bad})
        ws.conditional_format(first, FIRST_COL + 1, last, FIRST_COL + 1, {"type": "cell", "criteria": "==", "value": 0, "format": st.ok})
        sw.gap()
        self._start_money(sw)
        sw.gap()
        sw.heading("Laatste controle met xltoolkit")
        for label, name, text in (
            ("Valideren", STATUS_NAME, "Nog niet gevalideerd: klik op Valideren of gebruik 'xltoolkit validate'."),
            ("Reconciliatie", RECONCILIATIE_STATUS_NAME, "Nog geen reconciliatie: klik op Reconciliatie of gebruik 'xltoolkit reconcile'."),
        ):
            ws.write_string(sw.row, FIRST_COL, label, st.label)
            ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, "", st.calc)
            ws.write_string(sw.row, FIRST_COL + 1, text, st.calc)
            sw.name(name, sw.row, FIRST_COL + 1)
            sw.row += 1
        sw.row += 1
        ws.write_string(sw.row, FIRST_COL, f"Sjabloonversie {spec.version} · spec {spec.hash} · xltoolkit {__version__}", st.help)

    def _start_money(self, sw: SheetWriter) -> None:
        ws, st, spec = sw.ws, self.st, self.spec
        sw.heading("Middelen per regio (rekent direct mee)")
        for i, h in enumerate(["Regio", "Ontvangen", "Besteed", "Verschil", "Status"]):
            ws.write_string(sw.row, FIRST_COL + i, h, st.table_header)
        sw.row += 1
        first = sw.row
        rows = [(spec.region(rt.region).label, rt.region, rt) for rt in self.totals.regions]
        for label, region, rt in rows + [("Totaal", None, self.totals)]:
            ws.write_string(sw.row, FIRST_COL, label, st.calc_bold)
            for i, (kind, cached) in enumerate((("ontvangen", rt.ontvangen), ("besteed", rt.besteed), ("verschil", rt.verschil))):
                ws.write_formula(sw.row, FIRST_COL + 1 + i, f"={fx.live_name(kind, region)}", st.money_calc, float(cached))
            ws.write_formula(sw.row, FIRST_COL + 4, f"={fx.live_name('status', region)}", st.calc, spec.lists["statuses"][rt.status])
            sw.row += 1
        mark_status(sw, first, FIRST_COL + 4, sw.row - 1, FIRST_COL + 4)
        words = spec.lists["statuses"]
        sw.paragraph(f"{words['indicatief']}: regels zonder regio zijn naar rato verdeeld en die verdeling bepaalt het oordeel "
                     "van de regio; het oordeel staat dan bij Totaal. Geef zo'n regel een regio of "
                     f"'{spec.lists['split_region']}' voor een oordeel per regio.", st.help, chars=110)

    # -- sheets that later commands fill ------------------------------------------------
    def _controle(self) -> None:
        sw, ws, st = self.controle, self.controle.ws, self.st
        sw.title("Controle", "Meldingen van de laatste validatie (Valideren / xltoolkit validate --write).")
        sw.paragraph("Dit blad wordt bij elke validatie opnieuw gevuld. Klik op een cel in de kolom Plaats om naar de cel te gaan.", st.help)
        ws.set_column(FIRST_COL, FIRST_COL, 14)
        ws.set_column(FIRST_COL + 1, FIRST_COL + 1, 10)
        ws.set_column(FIRST_COL + 2, FIRST_COL + 2, 80)
        ws.set_column(FIRST_COL + 3, FIRST_COL + 4, 22)
        for i, h in enumerate(CONTROLE_COLUMNS):
            ws.write_string(sw.row, FIRST_COL + i, h, st.table_header)
        sw.row += 1
        ws.write_string(sw.row, FIRST_COL, "Nog niet gevalideerd.", st.help)
        sw.name(CONTROLE_ANCHOR, sw.row, FIRST_COL)

    def _reconciliatie(self) -> None:
        sw, st = self.reconciliatie, self.st
        sw.ws.set_column(FIRST_COL, FIRST_COL, 42)
        sw.ws.set_column(FIRST_COL + 1, FIRST_COL + 1, 18)
        sw.ws.set_column(FIRST_COL + 2, FIRST_COL + 2, 48)
        sw.ws.set_column(FIRST_COL + 3, FIRST_COL + 4, 18)
        sw.title("Reconciliatie", "Ontvangen en besteed per regio (Reconciliatie / xltoolkit reconcile --write).")
        sw.paragraph("Dit blad wordt bij elke reconciliatie opnieuw gevuld. De live controle staat op het blad "
                     f"'{self.spec.section('middelen').sheet}' en op het blad Start.", st.help)
        sw.name(RECONCILIATIE_ANCHOR, sw.row, FIRST_COL)

