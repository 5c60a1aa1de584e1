"""Tables: which rows keep their columns, and which are only layout.

Word documents use tables for layout (a label in one cell and its text in the next, a whole
section in one cell) and for data. Consecutive rows form a table. A table with the funding
table's column header (the regions) or the aanwending columns keeps every row as a row. In other
tables a label-value row ("BESTUUR:" | "Stichting X", "Aantal thuiszitters" | "2") becomes one
line "label: value", a row with an amount stays a row, and any other row becomes the lines of
its cells in reading order. The column header of a label-value table and the short caption
above it are marked as layout, to be left out (and listed). Tab-separated paragraphs that are
not data are just lines.
"""

from __future__ import annotations

import re
from dataclasses import replace

from xltoolkit.services.importer.anchors import Catalog
from xltoolkit.services.importer.lines import Line, clean
from xltoolkit.services.importer.match import prefix_len, words
from xltoolkit.services.importer.middelen_table import WHOLE_AMOUNT, column_header, header_cell_map, is_total
from xltoolkit.services.importer.paragraphs import hyphen_glue
from xltoolkit.spec import TemplateSpec

LABEL_KINDS = ("header", "group", "value")
SKIP = "skip"  # Line.extra key: why a line is layout
MORE = "more"  # Line.extra key: further "label: value" lines of the same table row


def prepare(lines: list[Line], spec: TemplateSpec, cat: Catalog) -> list[Line]:
    out: list[Line] = []
    for line in _tables(mend_hyphens(lines), spec, cat):
        out.append(line)
        for text in line.extra.get(MORE, ()):
            out.append(replace(line, text=text, blank_before=0, extra={}))
    return out


def mend_hyphens(lines: list[Line]) -> list[Line]:
    """A word cut at a line break inside a paragraph ("basis-" / "ondersteuning …", PDF text) is
    made whole on the first line, so headings, intros and fixed texts are recognised line by line.
    Real hyphens and suspended compounds stay (`paragraphs.hyphen_glue` decides)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        wrapped = prev is not None and (prev.where == line.where or line.where.startswith("regel"))  # not two Word paragraphs
        if (prev is None or not wrapped or prev.is_row or line.is_row or line.blank_before or line.heading
                or hyphen_glue(prev.text, line.text) is None):
            out.append(line)
            continue
        head, _, rest = line.text.lstrip().partition(" ")
        left = prev.text.rstrip()
        whole = left[:-1] + head if hyphen_glue(prev.text, line.text) == "" else left + head
        out[-1] = replace(prev, text=whole)
        if rest.strip():
            out.append(replace(line, text=rest.strip(), label_end=None))
    return out


def _tables(lines: list[Line], spec: TemplateSpec, cat: Catalog) -> list[Line]:
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if not lines[i].is_row or lines[i].tabbed:
            out.append(_plain_or_row(lines[i], spec, cat))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].is_row and not lines[j].tabbed:
            j += 1
        out.extend(_table(lines[i:j], spec, cat, out))
        i = j
    return out


def _plain_or_row(line: Line, spec: TemplateSpec, cat: Catalog) -> Line:
    """A tab-separated paragraph: a label-value line, a data row, or plain text."""
    if not line.is_row:
        return line
    joined = _label_row(line, cat)
    if joined is not None:
        return joined
    if _data_row(line, spec, cat):
        return line
    return replace(line, cells=None, tabbed=False)


def _table(rows: list[Line], spec: TemplateSpec, cat: Catalog, before: list[Line]) -> list[Line]:
    if any(_structure_row(r, spec, cat) for r in rows):
        return rows  # the funding table (or the aanwending table): every row keeps its columns
    out: list[Line] = []
    labelled = [_label_row(r, cat) for r in rows]
    if any(labelled) and labelled[0] is None and _header_like(rows[0]):
        out.append(_mark(replace(rows[0], cells=None), "kolomkoppen van een tabel"))
        _mark_caption(before, rows[0])
        rows, labelled = rows[1:], labelled[1:]
    for row, joined in zip(rows, labelled):
        if joined is not None:
            out.append(joined)
        elif _data_row(row, spec, cat):
            out.append(row)
        else:
            out.extend(cell_lines(row))
    return out


def _structure_row(line: Line, spec: TemplateSpec, cat: Catalog) -> bool:
    """A header row of the funding table: its regions, its regelingen (turned around), or the
    aanwending columns."""
    cells = tuple(c for c in line.cells or () if c.strip())
    regions = header_cell_map(cells, spec)
    others = [c for i, c in enumerate(cells[1:], start=1) if i not in regions]
    if regions and all(is_total(c) for c in others):  # a "Totaal" column may follow the regions
        return True
    regelingen = [c for c in cells if any(a.kind == "regeling" and prefix_len(words(c), a.words) for a in cat.anchors)]
    if len(regelingen) >= 2 and not any(WHOLE_AMOUNT.fullmatch(c) for c in cells):
        return True
    return column_header(cells, spec) is not None


def _data_row(line: Line, spec: TemplateSpec, cat: Catalog) -> bool:
    cells = [c for c in line.cells or () if c.strip()]
    if len(cells) < 2:
        return False
    if _structure_row(line, spec, cat) or any(is_total(c) for c in cells):
        return True
    first = words(cells[0])
    if any(a.kind == "regeling" and prefix_len(first, a.words) for a in cat.anchors):
        return True
    return any(WHOLE_AMOUNT.fullmatch(c) for c in cells)


def _label_row(line: Line, cat: Catalog) -> Line | None:
    """A row of label and value cells as one line "BESTUUR: Stichting X"; a row with two labels
    ("BESTUUR:" | "X" | "SCHOOLJAAR:" | "2023-2024") as one line per label."""
    cells = [c for c in line.cells or () if c.strip()]
    if len(cells) < 2 or not _is_label(cells[0], cat):
        return None
    groups: list[list[str]] = []
    for cell in cells:
        if _is_label(cell, cat) or not groups:
            groups.append([cell])
        else:
            groups[-1].append(cell)
    texts = []
    for label, *values in groups:
        label = label.rstrip()
        sep = " " if label.endswith(":") else ": "
        texts.append(clean(label + sep + " ".join(v.replace("\n", " ") for v in values)))
    return replace(line, text=texts[0], cells=None, label_end=None, tabbed=False,
                   extra={**line.extra, MORE: tuple(texts[1:])} if len(texts) > 1 else line.extra)


def _is_label(cell: str, cat: Catalog) -> bool:
    first = words(cell)
    return bool(first) and any(a.kind in LABEL_KINDS and prefix_len(first, a.words) == len(first) for a in cat.anchors)


def _header_like(line: Line) -> bool:
    """Column titles: short cells without figures ("Kengetal" | "Waarde")."""
    cells = [c for c in line.cells or () if c.strip()]
    return bool(cells) and all(len(words(c)) <= 3 and not re.search(r"\d", c) for c in cells)


def _mark_caption(before: list[Line], first_row: Line) -> None:
    """The short title right above a table ("Kengetallen") is the table's caption."""
    if not before or first_row.blank_before > 1:
        return
    prev = before[-1]
    if not prev.is_row and len(words(prev.text)) <= 3 and not re.search(r"[.!?:]$", prev.text) and SKIP not in prev.extra:
        before[-1] = _mark(prev, "titel van een tabel")


def _mark(line: Line, why: str) -> Line:
    return replace(line, extra={**line.extra, SKIP: why})


def cell_lines(line: Line) -> list[Line]:
    """The lines of a row's cells, in reading order."""
    out: list[Line] = []
    first = True
    for cell in line.cells or ():
        for part in cell.split("\n"):
            text = clean(part)
            if not text:
                continue
            out.append(Line(line.no, text, line.where, line.blank_before if first else 0,
                            page_break_before=line.page_break_before and first))
            first = False
    return out
