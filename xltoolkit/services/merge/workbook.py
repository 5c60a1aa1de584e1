"""Lay out the overview (`table.Overzicht`) as an .xlsx: titled Excel tables and native charts.

Written with xlsxwriter, like the master workbook: it writes quickly in memory, makes real
Excel tables (filter buttons, banded rows) and native charts, and with a fixed document date and
its fixed zip timestamps the same overview always gives the same bytes (openpyxl stamps the
current time into every file it saves). Every text is written with `write_string`, and the
workbook is opened with `strings_to_formulas` off as well: a board's text that begins with "=",
"+", "-" or "@" lands as text and never becomes a live formula in the SWV's workbook.

Layout of a sheet: title and explanation; the summary lines (Overzicht); the charts side by side;
then each table under its own heading. Charts come before the tables so they are seen without
scrolling, and tables follow each other downwards, so filtering one never hides rows of another.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.io.sheet import abs_ref
from xltoolkit.io.styles import EURO, EURO_WHOLE, FIXED_DATE, HEADER_FILL, TITLE_COLOR, always_fits, text_width, wrapped_lines
from xltoolkit.services.merge.clean import writable_number, writable_text
from xltoolkit.services.merge.gcpause import paused_gc
from xltoolkit.services.merge.marker import MARK_PROPERTY, MARK_VALUE
from xltoolkit.services.merge.rows import Sheet as RowsSheet
from xltoolkit.services.merge.table import Chart, Column, Overzicht, Sheet, Table, Value

ROW_PX = 20  # default row height in pixels: how many rows a chart covers
MAX_LANG_PT = 150  # a long text's row shows at most this much; the cell holds all of it
LINE_PT = 15
MAX_LINES = -(-(MAX_LANG_PT - 3) // LINE_PT)  # the lines that fill MAX_LANG_PT: more do not change the height
TABLE_STYLE = "Table Style Light 9"
# Whole euros, as the boards type them and the report shows them; an amount with cents gets
# EURO (see `_Sheet._value`). Excel and LibreOffice show these with the reader's Dutch separators.
NUM_FORMATS = {"bedrag": EURO_WHOLE, "aantal": "#,##0", "percentage": "0%", "getal": "#,##0.0", "code": "@", "tekst": "@",
               "lang": "@", "procent": "+0.0%;-0.0%;0.0%"}
# Numbers right-aligned with an indent, so a number never touches the text of the next column;
# text wraps when it is longer than its column may be.
_NUMBER_ALIGN = {"align": "right", "indent": 1}
_ALIGN = {kind: _NUMBER_ALIGN for kind in ("bedrag", "aantal", "percentage", "procent", "getal")}
INDENT = 1.6  # the width an indent of 1 takes
TEXT_SLACK = 0.8  # a text column a little wider than its longest text: renderers differ by a few pixels
MIN_WIDTH = 6.0  # a column is never narrower than this (a filter button needs room too)
FILTER_BUTTON = 2.2  # the header's filter button covers the right end of the header cell
NUMBER_WIDTH = {"aantal": 7.0, "percentage": 6.0, "procent": 7.0, "getal": 7.0}  # room for the numbers these columns hold
WRAPPING = frozenset({"lang", "tekst", "code"})  # the kinds of column whose text wraps (and sets the row's height)
CACHED_TEXT = 200  # texts up to this length have their line count remembered per column (names, titles, files)
CHART_COLOURS = ("#1F4E78", "#C55A11", "#548235", "#7F6000")


def workbook_bytes(model: Overzicht) -> bytes:
    with paused_gc():  # xlsxwriter makes a record per cell, freed by reference counting (gcpause.py)
        return _workbook_bytes(model)


def _workbook_bytes(model: Overzicht, sheet_class: type = RowsSheet) -> bytes:
    """`sheet_class`: xlsxwriter's worksheet or rows.Sheet (the same bytes, faster; the tests compare the two)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    wb.set_properties({**model.properties, "created": FIXED_DATE.replace(tzinfo=None)})
    wb.set_custom_property(MARK_PROPERTY, MARK_VALUE)  # a later merge skips it, and may replace it (marker.py)
    formats = _Formats(wb)
    for sheet in model.sheets:
        _Sheet(wb, sheet, formats, sheet_class).write()
    wb.worksheets()[0].activate()
    wb.close()
    _release(wb)
    return buf.getvalue()


def _release(wb) -> None:
    """Let the closed workbook go at once. Its worksheets and it refer to each other, so their record
    of every cell (~700,000 objects for 1,000 boards) would otherwise wait for the cyclic collector,
    which then spends 0.2 s finding it; with the workbook's list of its worksheets emptied, reference
    counting frees all of it when the last reference goes. Uses xlsxwriter's `worksheets_objs` and
    `sheetnames` (see rows.Sheet; tests/test_merge_rows.py checks that nothing is left for the collector)."""
    for held in (getattr(wb, "worksheets_objs", None), getattr(wb, "sheetnames", None)):
        if held is not None:  # another xlsxwriter may keep them elsewhere: then the collector frees them, later
            held.clear()


def write_overzicht(model: Overzicht, path: Path) -> Path:
    """Atomically: a half-written overview never replaces a good one."""
    atomic_write_bytes(Path(path), workbook_bytes(model))
    return Path(path)


class _Formats:
    def __init__(self, wb) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": TITLE_COLOR})
        self.help = wb.add_format({**base, "italic": True, "font_color": "#595959", "font_size": 10})
        self.heading = wb.add_format({**base, "bold": True, "font_size": 12, "font_color": TITLE_COLOR})
        self.label = wb.add_format({**base, "bold": True})
        self.value = wb.add_format({**base, "align": "left"})
        self.header = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True})
        self.cells = {kind: wb.add_format({**base, "num_format": fmt, **_ALIGN.get(kind, {"text_wrap": True})})
                      for kind, fmt in NUM_FORMATS.items()}
        self.cents = wb.add_format({**base, "num_format": EURO, **_NUMBER_ALIGN})


class _Sheet:
    def __init__(self, wb, sheet: Sheet, formats: _Formats, sheet_class: type) -> None:
        self.wb, self.sheet, self.f = wb, sheet, formats
        self.ws = wb.add_worksheet(sheet.name, worksheet_class=sheet_class)
        self.put_string = getattr(self.ws, "put_string", self.ws.write_string)  # rows.Sheet's fast path, where it is the class
        self.put_number = getattr(self.ws, "put_number", self.ws.write_number)
        self.row = 0
        self.widths: dict[int, float] = {}
        self.short: dict[int, int] = {}  # per column, the length below which no text wraps (`always_fits`)
        self.measured: dict[int, dict[str, int]] = {}  # per column, the line counts of its short texts (`_height`)
        self.headers: dict[str, int] = {}

    def write(self) -> None:
        self._columns()
        self._page()
        self.ws.write_string(0, 0, self.sheet.title, self.f.title)
        self.ws.set_row(0, 24)
        if self.sheet.note:
            self.ws.write_string(1, 0, self.sheet.note, self.f.help)
        self.row = 3
        self._summary()
        charts_at, self.row = self.row, self.row + self._chart_rows()
        self.headers = self._plan(self.row)
        self._charts(charts_at)
        for table in self.sheet.tables:
            self._table(table)
        self._print_area()
        if len(self.sheet.tables) == 1 and not self.sheet.charts:
            self.ws.freeze_panes(self.headers[self.sheet.tables[0].name] + 1, 0)  # the header stays in view

    def _plan(self, row: int) -> dict[str, int]:
        """The header row of each table: the charts refer to table cells before the tables are written."""
        out = {}
        for t in self.sheet.tables:
            row += 1 + (1 if t.note else 0)
            out[t.name] = row
            row += 1 + max(1, len(t.rows)) + 1
        return out

    # -- layout ------------------------------------------------------------------------------
    def _columns(self) -> None:
        """Each column as wide as its header's longest word and its values need, up to the
        column's `width` (a longer text wraps); columns are shared by the tables of a sheet."""
        widths: dict[int, float] = {}
        for t in self.sheet.tables:
            for i, k in enumerate(t.columns):
                widths[i] = max(widths.get(i, MIN_WIDTH), _width(k, [row[i] for row in t.rows if i < len(row)]))
        for i, w in sorted(widths.items()):
            self.ws.set_column(i, i, w)
        self.widths = widths
        self.short = {i: always_fits(w) for i, w in widths.items()}

    def _print_area(self) -> None:
        """Columns for machines only (the hash) stay on screen but off the page, which would
        otherwise shrink to fit them."""
        printed = [i for t in self.sheet.tables for i, k in enumerate(t.columns) if k.printed]
        hidden = [i for t in self.sheet.tables for i, k in enumerate(t.columns) if not k.printed]
        if hidden and printed and max(printed) < min(hidden):
            self.ws.print_area(0, 0, self.row, max(printed))

    def _page(self) -> None:
        ws = self.ws
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer(f"&L{self.sheet.name.replace('&', '&&')}&RPagina &P van &N")

    def _summary(self) -> None:
        if not self.sheet.summary:
            return
        label_cols = self._label_span()
        for line in self.sheet.summary:
            if label_cols > 0:
                self.ws.merge_range(self.row, 0, self.row, label_cols, "", self.f.label)
            self.ws.write_string(self.row, 0, line.label, self.f.label)
            self._value(self.row, label_cols + 1, line.value, self.f.value)
            if line.name:
                self.wb.define_name(line.name, abs_ref(self.sheet.name, self.row, label_cols + 1))
            self.row += 1
        self.row += 1

    def _label_span(self) -> int:
        """The last column a summary label spans, so ~30 characters fit before its value."""
        total, col = 0.0, 0
        while total + self.widths.get(col, 8.43) < 30 and col < 5:
            total += self.widths.get(col, 8.43)
            col += 1
        return col

    def _chart_rows(self) -> int:
        if not self.sheet.charts:
            return 0
        return math.ceil(max(g.height for g in self.sheet.charts) / ROW_PX) + 2

    def _charts(self, row: int) -> None:
        col = 0
        for g in self.sheet.charts:
            self.ws.insert_chart(row, col, self._chart(g), {"x_offset": 2, "y_offset": 4, "object_position": 1})
            col = self._column_after(col, g.width)

    def _column_after(self, start: int, pixels: int) -> int:
        col, used = start, 0.0
        while used < pixels + 16:
            used += self.widths.get(col, 8.43) * 7 + 5
            col += 1
        return col

    def _chart(self, g: Chart):
        table = self.sheet.table(g.table)
        first = self.headers[g.table]
        chart = self.wb.add_chart({"type": g.kind})
        cat_col = table.column(g.category)
        for n, header in enumerate(g.series):
            col = table.column(header)
            chart.add_series({
                "name": [self.sheet.name, first, col],
                "categories": [self.sheet.name, first + 1 + g.first_row, cat_col, first + 1 + g.last_row, cat_col],
                "values": [self.sheet.name, first + 1 + g.first_row, col, first + 1 + g.last_row, col],
                "fill": {"color": CHART_COLOURS[n % len(CHART_COLOURS)]},
                "gap": 60,
            })
        chart.set_title({"name": g.title, "name_font": {"size": 12, "bold": True, "color": TITLE_COLOR}})
        value_axis = {"name": g.y_title, "num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        category_axis: dict[str, Any] = {"num_font": {"size": 9}}
        if g.kind == "bar":
            category_axis["reverse"] = True  # the first category at the top, as in the table
            chart.set_x_axis(value_axis)
            chart.set_y_axis(category_axis)
        else:
            chart.set_x_axis(category_axis)
            chart.set_y_axis(value_axis)
        chart.set_legend({"position": "bottom"} if len(g.series) > 1 else {"none": True})
        chart.set_size({"width": g.width, "height": g.height})
        return chart

    # -- tables ------------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        ws = self.ws
        ws.write_string(self.row, 0, table.title, self.f.heading)
        self.row += 1
        if table.note:
            ws.write_string(self.row, 0, table.note, self.f.help)
            self.row += 1
        header = self.row
        assert header == self.headers[table.name], "table layout differs from its plan"
        cols = table.columns
        last = header + max(1, len(table.rows))
        ws.add_table(header, 0, last, len(cols) - 1, {
            "name": f"tbl{table.name}",
            "style": TABLE_STYLE,
            "columns": [{"header": k.header, "header_format": self.f.header, "format": self.f.cells[k.kind]} for k in cols],
        })
        header_lines = max(wrapped_lines(k.header, self.widths[c] - FILTER_BUTTON, bold=True) for c, k in enumerate(cols))
        ws.set_row(header, header_lines * LINE_PT + 3)
        wrapping = [(c, self.short[c], self.widths[c], self.measured.setdefault(c, {}))  # what can set a row's height
                    for c, k in enumerate(cols) if k.kind in WRAPPING]
        text_formats = [self.f.cells[k.kind] for k in cols]
        for r, values in enumerate(table.rows, start=header + 1):
            for c, (k, v) in enumerate(zip(cols, values)):
                if type(v) is str:  # most cells: as `_value` writes a text, without its questions
                    self.put_string(r, c, writable_text(v), text_formats[c])
                elif v is not None:  # an empty cell needs no entry (the indicator matrix is mostly empty)
                    self._value(r, c, v, self._format(k, v))
            height = self._height(wrapping, values)
            if height:
                ws.set_row(r, height)
        self.row = last + 2

    def _format(self, k: Column, v: Value) -> Any:
        """An amount with cents shows its cents; whole euros show as whole euros."""
        if k.kind == "bedrag" and isinstance(v, Decimal) and v != v.to_integral_value():
            return self.f.cents
        return self.f.cells[k.kind]

    def _value(self, row: int, col: int, value: Value, fmt: Any) -> None:
        """Numbers as numbers, everything else as text (never as a formula). The merge has made
        every board's value writable (clean.py, with a finding); should anything still slip
        through, a number Excel cannot hold is left blank and an impossible character replaced,
        so one value can never cost the SWV the whole overview."""
        ws = self.ws
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(row, col, "Ja" if value else "Nee", fmt)
        elif isinstance(value, (int, float, Decimal)):
            number = writable_number(value)
            if number is None:
                ws.write_blank(row, col, None, fmt)
            else:
                self.put_number(row, col, number, fmt)
        else:
            self.put_string(row, col, writable_text(str(value)), fmt)

    def _height(self, wrapping: list[tuple[int, int, float, dict[str, int]]], values: tuple[Value, ...]) -> float | None:
        """Rows whose text wraps get the height that shows it (capped for prose): neither Excel
        nor LibreOffice fits a row to its wrapped text on opening. `wrapping`: the columns whose
        text wraps, each with the length below which no text wraps (`always_fits`), its width and
        the line counts of its short texts measured so far (a board's name, its file and a
        section's title come back on every one of its rows: Teksten has ~19 per board)."""
        lines, n = 1, len(values)
        for c, short, width, known in wrapping:
            v = values[c] if c < n else None
            if isinstance(v, str) and (len(v) > short or "\n" in v):
                found = known.get(v)
                if found is None:
                    found = wrapped_lines(v, width, most=MAX_LINES)
                    if len(v) <= CACHED_TEXT:
                        known[v] = found
                lines = max(lines, found)
        return None if lines == 1 else float(min(MAX_LANG_PT, lines * LINE_PT + 3))


def _width(k: Column, values: list[Value]) -> float:
    """The width column `k` needs: its header's longest word (bold, beside the filter button)
    and its values on one line, within MIN_WIDTH and the column's `width`."""
    header = max((text_width(w, bold=True) for w in k.header.split()), default=MIN_WIDTH) + FILTER_BUTTON
    if k.kind == "lang":
        return max(k.width, header)
    if k.kind in NUMBER_WIDTH:
        content = max([NUMBER_WIDTH[k.kind], *(text_width(f"{v:,}") for v in values if isinstance(v, int))])
    elif k.kind == "bedrag":
        content = max((text_width(f"€ -{abs(v):,.2f}") for v in values if isinstance(v, Decimal)), default=10.0)
    else:
        content = max((text_width(str(v)) + TEXT_SLACK for v in values if v is not None), default=MIN_WIDTH)
    if k.kind in _ALIGN:
        content += INDENT
    return max(MIN_WIDTH, header, min(content, k.width))
