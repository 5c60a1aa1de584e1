"""Build the master workbook from the spec, optionally filled with a submission.

One code path makes both the empty master (`xltoolkit build`) and a filled workbook (`save`):
the layout, names, validation, live checks and protection are always the same. xlsxwriter
writes it (tables, data validation, conditional formatting, protection, and later buttons and a
VBA project, which openpyxl cannot write). The build is reproducible: fixed document dates and
zip timestamps, so the same spec and data give the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter

from xltoolkit import __version__
from xltoolkit.io import formulas as fx
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.middelen_sheet import mark_status, write_live_helpers, write_middelen
from xltoolkit.io.names import (
    AANWENDING_NAME,
    CONTROLE_ANCHOR,
    CONTROLE_COLUMNS,
    HASH_NAME,
    MARK_ROWS,
    MARKS_NAME,
    RECONCILIATIE_ANCHOR,
    RECONCILIATIE_STATUS_NAME,
    STATUS_NAME,
    TEMPLATE_ID_NAME,
    VERSION_NAME,
)
from xltoolkit.io.prefill import Prefill, mark_prefilled
from xltoolkit.io.sections import write_section
from xltoolkit.io.sheet import FIRST_COL, LAST_COL, LINE_PT, SheetWriter, cell_ref, quote_sheet
from xltoolkit.io.styles import FIXED_DATE, Styles, make_styles, style_name, text_width
from xltoolkit.io.vba import add_macros, board_macros
from xltoolkit.model.completeness import empty_required
from xltoolkit.model.middelen import live_totals
from xltoolkit.model.relevance import relevant
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import is_empty
from xltoolkit.spec import MIDDELEN, Section, TemplateSpec

CONTROLE_ID_COLUMN = "Veld-id"  # hidden: the field's id (its defined name), for machines
PROTECTION = {
    "select_locked_cells": True, "select_unlocked_cells": True,
    "format_columns": True, "format_rows": True, "insert_rows": True,
}


def build_bytes(spec: TemplateSpec, submission: Submission | None = None, xlsm: bool = False, prefill: Prefill | None = None) -> bytes:
    """The workbook as bytes: the empty master, or filled with `submission`; with `xlsm` the
    macro-enabled variant (VBA project and buttons on Start, see xltoolkit.io.vba); with `prefill`
    those values locked and marked as the SWV's, with their record (xltoolkit.io.prefill)."""
    sub = submission or Submission.empty(spec)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "default_date_format": "dd-mm-yyyy",
    })
    _properties(wb, spec)
    builder = _Builder(wb, spec, sub)
    builder.build()
    if prefill is not None:
        mark_prefilled(builder, prefill.values, prefill.source)
    if xlsm:
        add_macros(wb, builder.start.ws, board_macros(spec))
    wb.close()
    return buf.getvalue()


def write_master(path: Path, spec: TemplateSpec, submission: Submission | None = None, xlsm: bool = False) -> Path:
    """Write the (filled) master workbook atomically."""
    atomic_write_bytes(Path(path), build_bytes(spec, submission, xlsm))
    return Path(path)


def master_filename(spec: TemplateSpec) -> str:
    return f"{spec.workbook.file_stem}.xlsx"


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
        self.start = self._sheet(cfg.start_sheet)
        self.section_sheets = {s.id: self._sheet(s.sheet) for s in spec.sections}
        self.controle = self._sheet(cfg.controle_sheet)
        self.reconciliatie = self._sheet(cfg.reconciliatie_sheet)
        self.lijsten = self._sheet(cfg.lists_sheet)

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
            if s.kind == MIDDELEN:
                write_middelen(sw, self.spec, s, self.sub.values, self.sub.aanwending, self.totals, self.lists, self.sub.schooljaar)
            else:
                write_section(sw, self.spec, s, self.sub.values, self.lists)
        self._start()
        self._controle()
        self._reconciliation()
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
            ("yesno", list(spec.lists.yesno)),
            ("regio", [*spec.region_codes, spec.lists.split_region]),
            ("categorie", list(spec.lists.categories)),
        ]
        for s in spec.process_sections:
            lo, hi = s.indicators  # type: ignore[misc]
            nvt = [spec.settings.nvt_text] if s.relevance else []
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
        sw.title(cfg.start_title, f"{spec.swv} — {spec.fixed_texts['titel'].title}")
        for i, step in enumerate(cfg.start_steps, 1):
            sw.paragraph(f"{i}. {step}", st.fixed, chars=110)
        sw.gap()
        self._legend(sw)
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
            ws.write_formula(sw.row, FIRST_COL + 2, self._status_formula(s, cnt), st.calc, self._status(s, count))
            ws.write_url(sw.row, FIRST_COL + 3, f"internal:{quote_sheet(s.sheet)}!A1", st.link, string=s.sheet)
            sw.row += 1
        ws.write_string(sw.row, FIRST_COL, "Totaal", st.calc_bold)
        ws.write_formula(sw.row, FIRST_COL + 1, f"=SUM({sw.cell(first, FIRST_COL + 1)}:{sw.cell(sw.row - 1, FIRST_COL + 1)})", st.calc, total_cached)
        sw.name(fx.live_name("leeg"), sw.row, FIRST_COL + 1)
        last = sw.row
        sw.row += 1
        # Green only for what is complete: an untouched part with nothing required (Aanwending)
        # has 0 to fill in, yet is not done.
        status_cell = cell_ref(first, FIRST_COL + 2, col_abs=True)
        ws.conditional_format(first, FIRST_COL + 1, last - 1, FIRST_COL + 2,
                              {"type": "formula", "criteria": f'={status_cell}="{self._word("compleet")}"', "format": st.ok})
        ws.conditional_format(first, FIRST_COL + 1, last, FIRST_COL + 1, {"type": "cell", "criteria": ">", "value": 0, "format": st.bad})
        sw.gap()
        self._start_money(sw)
        sw.gap()
        sw.heading("Laatste controle met xltoolkit")
        for label, name, text in (
            ("Valideren", STATUS_NAME, "Nog niet gevalideerd: klik op Valideren of gebruik 'xltoolkit validate'."),
            ("Reconciliatie", RECONCILIATIE_STATUS_NAME, "Nog geen reconciliatie: klik op Reconciliatie of gebruik 'xltoolkit reconcile'."),
        ):
            ws.write_string(sw.row, FIRST_COL, label, st.label)
            ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, "", st.status)
            ws.write_string(sw.row, FIRST_COL + 1, text, st.status)
            ws.set_row(sw.row, 2 * LINE_PT + 4)  # a status of a check can take two lines (it wraps)
            sw.name(name, sw.row, FIRST_COL + 1)
            sw.row += 1
        sw.row += 1
        ws.merge_range(sw.row, FIRST_COL, sw.row, LAST_COL, "", st.help)
        ws.write_string(sw.row, FIRST_COL, f"Sjabloonversie {spec.version} · spec {spec.hash} · xltoolkit {__version__}", st.help)

    def _legend(self, sw: SheetWriter) -> None:
        """What the colours mean: the same words as the steps above and the README."""
        ws, st = sw.ws, self.st
        sw.heading("Kleuren")
        legend = self.spec.workbook.legend
        for fmt, sample, text in (
            (st.legend_input, "", legend.invoer),
            (st.legend_empty, "", legend.leeg),
            (st.highlight_sample, "", legend.fout),
            (st.fixed, "", legend.vast),
        ):
            ws.write_string(sw.row, FIRST_COL, sample, fmt)
            ws.merge_range(sw.row, FIRST_COL + 1, sw.row, LAST_COL, text, st.legend_text)
            sw.row += 1

    def _word(self, key: str) -> str:
        """A status word on Start, from the spec (niet_begonnen, invullen, compleet, optioneel, nvt)."""
        return self.spec.workbook.start_status.word(key)

    def _untouched_key(self, s: Section) -> str | None:
        """What an untouched part is when that is fine: optional (nothing in it is required, as
        Extra informatie), or n.v.t. (the board said the part does not apply); else None."""
        if s.kind != MIDDELEN and not any(f.required for f in s.fields):
            return "optioneel"
        return "nvt" if s.relevance else None

    def _status(self, s: Section, empty: int) -> str:
        """The status as cached: what the formula of `_status_formula` gives for this submission."""
        if self._filled(s):
            return self._word("compleet" if empty == 0 else "invullen")
        key = self._untouched_key(s)
        if key == "optioneel" or (key == "nvt" and relevant(s.fields[0], self.sub, self.spec) is False):
            return self._word(key)
        return self._word("niet_begonnen")

    def _status_formula(self, s: Section, count_cell: str) -> str:
        """Untouched is not complete: a part nobody typed in yet is "nog niet begonnen", unless
        it is optional or does not apply to this board."""
        w = self._word
        untouched = f'"{w("niet_begonnen")}"'
        key = self._untouched_key(s)
        if key == "optioneel":
            untouched = f'"{w("optioneel")}"'
        elif key == "nvt":
            rule = self.spec.relevance[s.relevance]  # type: ignore[index]
            other = self.spec.lists.answer(not rule.is_)
            untouched = f'IF(TRIM({rule.field})="{other}","{w("nvt")}","{w("niet_begonnen")}")'
        return f'=IF({self._filled_formula(s)}=0,{untouched},IF({count_cell}=0,"{w("compleet")}","{w("invullen")}"))'

    def _filled(self, s) -> int:
        """How many of the section's inputs hold something (in Python, for the cached value)."""
        n = sum(1 for f in s.fields if not is_empty(self.sub.get(f.id)))
        if s.kind == MIDDELEN:
            n += sum(1 for line in self.sub.aanwending if not line.is_empty)
        return n

    def _filled_formula(self, s) -> str:
        """COUNTA over the section's inputs: 0 means nobody typed anything there yet."""
        names = [f.id for f in s.fields] + ([AANWENDING_NAME] if s.kind == MIDDELEN else [])
        return f"COUNTA({','.join(names)})" if names else "0"

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
            ws.write_formula(sw.row, FIRST_COL + 4, f"={fx.live_name('status', region)}", st.calc, spec.lists.statuses.word(rt.status))
            sw.row += 1
        mark_status(sw, spec, first, FIRST_COL + 4, sw.row - 1, FIRST_COL + 4)
        words = spec.lists.statuses
        sw.paragraph(f"{words.indicatief}: regels zonder regio zijn naar rato verdeeld en die verdeling bepaalt het oordeel "
                     "van de regio; het oordeel staat dan bij Totaal. Geef zo'n regel een regio of "
                     f"'{spec.lists.split_region}' voor een oordeel per regio.", st.help, chars=110)

    # -- sheets that later commands fill ------------------------------------------------
    def _controle(self) -> None:
        sw, ws, st = self.controle, self.controle.ws, self.st
        sw.title("Controle", "Meldingen van de laatste validatie (Valideren / xltoolkit validate --write).")
        sw.paragraph("Dit blad wordt bij elke validatie opnieuw gevuld. Klik op een cel in de kolom Plaats om naar de cel te gaan.", st.help)
        # Plaats holds "B3 Doelgroeparrangementen!B6": wide enough for the sheet names of the
        # spec, and wrapping should one be longer. Veld shows the field's label; its id (the
        # defined name) sits in the hidden last column, for machines.
        place = max(text_width(f"{s.sheet}!AA100") for s in self.spec.sections)
        for i, width in enumerate((13, 8, 70, min(max(place, 24), 40), 34)):
            ws.set_column(FIRST_COL + i, FIRST_COL + i, width)
        ws.set_column(FIRST_COL + len(CONTROLE_COLUMNS), FIRST_COL + len(CONTROLE_COLUMNS), 20, None, {"hidden": True})
        for i, h in enumerate((*CONTROLE_COLUMNS, CONTROLE_ID_COLUMN)):
            ws.write_string(sw.row, FIRST_COL + i, h, st.table_header)
        sw.row += 1
        ws.write_string(sw.row, FIRST_COL, "Nog niet gevalideerd.", st.note)  # no merge: validation writes rows here
        sw.name(CONTROLE_ANCHOR, sw.row, FIRST_COL)

    def _reconciliation(self) -> None:
        sw, st = self.reconciliatie, self.st
        sw.ws.set_column(FIRST_COL, FIRST_COL, 42)
        sw.ws.set_column(FIRST_COL + 1, FIRST_COL + 1, 18)
        sw.ws.set_column(FIRST_COL + 2, FIRST_COL + 2, 48)
        sw.ws.set_column(FIRST_COL + 3, FIRST_COL + 4, 18)
        sw.title("Reconciliatie", "Ontvangen en besteed per regio (Reconciliatie / xltoolkit reconcile --write).")
        sw.paragraph("Dit blad wordt bij elke reconciliatie opnieuw gevuld. De live controle staat op het blad "
                     f"'{self.spec.middelen_section.sheet}' en op het blad Start.", st.help)
        sw.name(RECONCILIATIE_ANCHOR, sw.row, FIRST_COL)

