"""Cell formats of the master workbook: input cells look like input, fixed text like fixed text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INPUT_FILL = "#FFF2CC"  # light yellow: type here
FIXED_FILL = "#F2F2F2"  # light grey: fixed text of the format
EMPTY_REQUIRED_FILL = "#F8CBAD"  # light red: required and still empty
OK_FILL = "#C6EFCE"
BAD_FILL = "#FFC7CE"
HEADER_FILL = "#1F4E78"
TITLE_COLOR = "#1F4E78"
EURO = '€ #,##0.00;-€ #,##0.00;€ 0'
PERCENT = "0%"


# Styles that commands writing back into a workbook use (Controle, Reconciliatie). The builder puts
# one sample cell of each on the hidden Lijsten sheet under the name "stijl_<key>", so a later
# write-back reuses the workbook's own style instead of editing styles.xml; the xlwings front-end
# applies the same properties through Excel.
RESULT_STYLES: dict[str, dict[str, Any]] = {
    "kop": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True},
    "tekst": {"text_wrap": True},
    "fout": {"bg_color": BAD_FILL, "text_wrap": True},
    "waarschuwing": {"bg_color": "#FFEB9C", "text_wrap": True},
    "info": {"bg_color": "#DDEBF7", "text_wrap": True},
    "link": {"font_color": "#0563C1", "underline": 1},
    "bedrag": {"num_format": EURO},
    "bedrag_vet": {"num_format": EURO, "bold": True},
    "vet": {"bold": True, "text_wrap": True},
    "sluitend": {"bg_color": OK_FILL, "font_color": "#006100", "bold": True},
    "afwijkend": {"bg_color": BAD_FILL, "font_color": "#9C0006", "bold": True},
    "onbepaald": {"bg_color": "#FFEB9C", "font_color": "#7F6000", "bold": True},
}
HIGHLIGHT = {"bg_color": "#FF7C80", "border": 2, "border_color": "#C00000"}  # a cell with a fout


def style_name(key: str) -> str:
    return f"stijl_{key}"


@dataclass
class Styles:
    """The formats one workbook uses (xlsxwriter formats belong to one workbook)."""

    title: Any
    subtitle: Any
    heading: Any
    label: Any
    help: Any
    fixed: Any
    fixed_bold: Any
    text_input: Any
    narrative_input: Any
    money_input: Any
    count_input: Any
    percent_input: Any
    choice_input: Any
    table_header: Any
    money_calc: Any
    calc: Any
    calc_bold: Any
    link: Any
    empty_required: Any
    ok: Any
    bad: Any
    results: dict[str, Any]
    highlight: Any


def make_styles(wb) -> Styles:
    def fmt(**kw: Any):
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        return wb.add_format({**base, **kw})

    inp = {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": "#BF9000"}
    return Styles(
        title=fmt(bold=True, font_size=16, font_color=TITLE_COLOR),
        subtitle=fmt(bold=True, font_size=10, font_color="#7F7F7F", text_wrap=True),
        heading=fmt(bold=True, font_size=12, font_color=TITLE_COLOR, bottom=1, bottom_color=TITLE_COLOR),
        label=fmt(bold=True, text_wrap=True),
        help=fmt(italic=True, font_color="#595959", font_size=10, text_wrap=True),
        fixed=fmt(bg_color=FIXED_FILL, text_wrap=True, font_color="#404040"),
        fixed_bold=fmt(bg_color=FIXED_FILL, text_wrap=True, bold=True, font_color="#404040"),
        text_input=fmt(**inp, text_wrap=True, num_format="@"),
        narrative_input=fmt(**inp, text_wrap=True, num_format="@"),
        money_input=fmt(**inp, num_format=EURO),
        count_input=fmt(**inp, num_format="0"),
        percent_input=fmt(**inp, num_format=PERCENT),
        choice_input=fmt(**inp, align="center"),
        table_header=fmt(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True),
        money_calc=fmt(num_format=EURO, bg_color=FIXED_FILL, border=1, border_color="#BFBFBF"),
        calc=fmt(bg_color=FIXED_FILL, border=1, border_color="#BFBFBF", align="center"),
        calc_bold=fmt(bold=True, bg_color=FIXED_FILL, border=1, border_color="#BFBFBF"),
        link=fmt(font_color="#0563C1", underline=1),
        empty_required=wb.add_format({"bg_color": EMPTY_REQUIRED_FILL}),
        ok=wb.add_format({"bg_color": OK_FILL, "font_color": "#006100"}),
        bad=wb.add_format({"bg_color": BAD_FILL, "font_color": "#9C0006"}),
        results={k: fmt(**v) for k, v in RESULT_STYLES.items()},
        highlight=wb.add_format(HIGHLIGHT),
    )
