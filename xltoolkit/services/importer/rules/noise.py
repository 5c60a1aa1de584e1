"""Page noise: lines that are layout rather than content — running headers and footers, page
numbers, lone glyphs, the indicator texts repeated under the numbers just chosen."""

from __future__ import annotations

from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.noise import indicator_number, is_glyph, is_page_number
from xltoolkit.services.importer.prepare import SKIP
from xltoolkit.services.importer.rules import lookup
from xltoolkit.services.importer.state import State


def layout_reason(st: State, i: int, line: Line) -> str | None:
    """Why a single line is layout rather than content, if it is."""
    if SKIP in line.extra:
        return line.extra[SKIP]
    if is_noise(st, i):
        return "paginaruis"
    if st.chosen and indicator_number(line, st.cat) in st.chosen:
        return "gekozen indicator (herhaald onder de nummers)"
    if lookup.is_footer(st, line):
        return "voettekst (bestuur en schooljaar)"
    return None


def is_noise(st: State, i: int) -> bool:
    """A running header, page number or lone glyph (never a table row of the funding table)."""
    line = st.lines[i]
    before = st.lines[i - 1] if i else None
    after = st.lines[i + 1] if i + 1 < len(st.lines) else None
    if st.target and st.target[0] == "funding" and line.is_row:
        return False
    return i in st.running or is_page_number(line, before, after) or (is_glyph(line) and not line.is_row)
