"""Cell formats of the master workbook: input cells look like input, fixed text like fixed text."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

# One colour language, explained by the legend on Start: yellow = type here; a red dashed
# border = required and still empty (live); red = a fout found by Valideren (see Controle).
# Every workbook xltoolkit writes carries this creation date, so the same content gives the same bytes.
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
INPUT_FILL = "#FFF2CC"  # light yellow: type here
FIXED_FILL = "#F2F2F2"  # light grey: fixed text of the format
EMPTY_REQUIRED_BORDER = "#C00000"  # red dashed border on the yellow: required and still empty
OK_FILL = "#C6EFCE"
BAD_FILL = "#FFC7CE"
HEADER_FILL = "#1F4E78"
TITLE_COLOR = "#1F4E78"
EURO = '€ #,##0.00;-€ #,##0.00;€ 0'  # an amount with cents
EURO_WHOLE = '€ #,##0;-€ #,##0;€ 0'  # whole euros: how boards type amounts and the report shows them
PERCENT = "0%"
# Amounts on the sheets the buttons write (Reconciliatie) keep a digit's width free at their right
# ("_0"), so the explanation in the next column never touches them; a number format is what every
# front-end can set (xlwings in Excel and through the add-in), an indent is not.
EURO_WHOLE_SPACED = '€ #,##0_0;-€ #,##0_0;€ 0_0'
EURO_SPACED = '€ #,##0.00_0;-€ #,##0.00_0;€ 0_0'


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
    "link": {"font_color": "#0563C1", "underline": 1, "text_wrap": True},
    "bedrag": {"num_format": EURO_WHOLE_SPACED},
    "bedrag_vet": {"num_format": EURO_WHOLE_SPACED, "bold": True},
    "bedrag_cent": {"num_format": EURO_SPACED},
    "bedrag_vet_cent": {"num_format": EURO_SPACED, "bold": True},
    "vet": {"bold": True, "text_wrap": True},
    "sluitend": {"bg_color": OK_FILL, "font_color": "#006100", "bold": True, "text_wrap": True},
    "afwijkend": {"bg_color": BAD_FILL, "font_color": "#9C0006", "bold": True, "text_wrap": True},
    "onbepaald": {"bg_color": "#FFEB9C", "font_color": "#7F6000", "bold": True, "text_wrap": True},
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
    note: Any
    legend_input: Any
    legend_empty: Any
    legend_text: Any
    highlight_sample: Any
    status: Any
    cents: Any
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
        money_input=fmt(**inp, num_format=EURO_WHOLE),
        count_input=fmt(**inp, num_format="0"),
        percent_input=fmt(**inp, num_format=PERCENT),
        choice_input=fmt(**inp, align="center"),
        table_header=fmt(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True),
        money_calc=fmt(num_format=EURO_WHOLE, bg_color=FIXED_FILL, border=1, border_color="#BFBFBF"),
        calc=fmt(bg_color=FIXED_FILL, border=1, border_color="#BFBFBF", align="center"),
        calc_bold=fmt(bold=True, bg_color=FIXED_FILL, border=1, border_color="#BFBFBF"),
        link=fmt(font_color="#0563C1", underline=1),
        empty_required=wb.add_format({"border": 3, "border_color": EMPTY_REQUIRED_BORDER}),
        note=fmt(italic=True, font_color="#595959", font_size=10),
        legend_input=fmt(bg_color=INPUT_FILL, border=1, border_color="#BF9000"),  # locked: a sample, not an input
        legend_empty=fmt(bg_color=INPUT_FILL, border=3, border_color=EMPTY_REQUIRED_BORDER),
        legend_text=fmt(font_color="#404040"),
        highlight_sample=fmt(**HIGHLIGHT),
        status=fmt(bg_color=FIXED_FILL, border=1, border_color="#BFBFBF", text_wrap=True),
        cents=wb.add_format({"num_format": EURO}),
        ok=wb.add_format({"bg_color": OK_FILL, "font_color": "#006100"}),
        bad=wb.add_format({"bg_color": BAD_FILL, "font_color": "#9C0006"}),
        results={k: fmt(**v) for k, v in RESULT_STYLES.items()},
        highlight=wb.add_format(HIGHLIGHT),
    )


# -- how much room a text takes ---------------------------------------------------------------
# Advance widths of Calibri (and of Carlito, which LibreOffice uses in its place: the same
# metrics) in font units of 2048 per em; a column's width unit is the width of "0" (1038).
# Neither Excel nor xlsxwriter sizes a column to its content, so the writers estimate it here;
# tests/test_readable.py measures the result in LibreOffice.
_ADVANCE = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz",
               (981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686,
                1076, 925, 1464, 887, 927, 809))),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998,
                1314, 1162, 1822, 1063, 998, 959))),
    **{c: 1100 for c in "0123456789€$#%+=<>~"},
    " ": 463, ".": 517, ",": 511, ":": 548, ";": 548, "'": 452, '"': 821, "-": 627, "–": 1038, "—": 1823, "(": 621, ")": 621,
    "/": 792, "!": 544, "?": 941, "&": 1399, "_": 1020, "·": 517, "@": 1827, "*": 1020, "[": 627, "]": 627,
}
_ZERO = 1038
_SCALE = 1.08  # LibreOffice lays Carlito out a little wider than Excel lays out Calibri: room for both
_BOLD = 1.05  # Calibri Bold runs about 5% wider
_PADDING = 1.2  # the cell's margins and the grid line, in width units


class _Advances(dict):
    """Advance width per character; one not in the table counts as an average capital or
    lowercase letter (worked out once per character, so a text's sum runs at C speed)."""

    def __missing__(self, ch: str) -> int:
        self[ch] = value = _ADVANCE.get(ch, 1100 if ch.isupper() else 1000)
        return value


_ADVANCES = _Advances(_ADVANCE)
_WIDEST = max(max(_ADVANCE.values()), 1100) / _ZERO  # no character is wider than this, in units of "0"
_NARROWEST = min(_ADVANCE.values()) / _ZERO  # nor narrower than this (a character not in the table counts 1000 or more)


@lru_cache(maxsize=1 << 16)
def _units(text: str) -> float:
    """Advance width of `text` in units of "0" (cached: an overview measures the same words and
    values thousands of times)."""
    return sum(map(_ADVANCES.__getitem__, text)) / _ZERO


def text_width(text: str, bold: bool = False, size: float = 11) -> float:
    """The width a text needs on one line, in Excel's column width units (including the padding)."""
    return _units(text) * _SCALE * (_BOLD if bold else 1) * size / 11 + _PADDING


@lru_cache(maxsize=1 << 16)
def _word_width(word: str, bold: bool, size: float) -> float:
    """A word's width without the cell's padding (exactly as `text_width(...) - _PADDING`)."""
    return text_width(word, bold, size) - _PADDING


@lru_cache(maxsize=1024)
def never_fits(width: float, bold: bool = False, size: float = 11) -> int:
    """The length beyond which NO text fits on one line `width` units wide, even of the narrowest
    characters: a writer need not measure such a text to know it wraps (a narrative's paragraph)."""
    return math.floor((width + 1e-6 - _PADDING) / (_NARROWEST * _SCALE * (_BOLD if bold else 1) * size / 11))


@lru_cache(maxsize=1024)
def always_fits(width: float, size: float = 11) -> int:
    """The length up to which ANY text (no line break) fits on one line `width` units wide, bold
    or not: a writer that sizes many rows skips measuring these (nearly every value is one)."""
    return max(0, math.floor((width - _PADDING) / (_WIDEST * _SCALE * _BOLD * size / 11)))


def wrapped_lines(text: str, width: float, bold: bool = False, size: float = 11, most: int | None = None) -> int:
    """How many lines `text` takes in a wrapping cell `width` units wide (words wrap; a word
    longer than the line is broken, as Excel and LibreOffice do). With `most`, counting stops
    there: a caller that caps the row height needs no more."""
    fits = width + 1e-6
    if (most is None or most > 0) and "\n" not in text and len(text) <= always_fits(width, size):
        return 1  # so short that even its widest characters fit on one line (most values): nothing to measure
    lines = 0
    space = _word_width(" ", bold, size)
    room = max(width - _PADDING, 1) + 1e-6
    for paragraph in text.split("\n"):
        if most is not None and lines >= most:
            return lines
        if len(paragraph) <= never_fits(width, bold, size) and text_width(paragraph, bold, size) <= fits:  # the usual case: one line
            lines += 1
            continue
        used: float | None = None
        for word in paragraph.split():
            w = _word_width(word, bold, size)
            if used is not None and used + space + w + _PADDING <= fits:
                used += space + w
                continue
            broken = max(1, -int(-w // room))
            lines += broken
            if most is not None and lines >= most:
                return lines  # a long narrative: the rest cannot change what the caller shows
            used = w - room * (broken - 1)
        lines += used is None
    return max(lines, 1)
