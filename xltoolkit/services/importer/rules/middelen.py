"""The funding table, received side: the header row (the region of each column, the regions
ticked in it), the received amounts per region (rows with region columns, a table turned around,
one line per region, more amount cells than regions), and what reads the table's other lines."""

from __future__ import annotations

import re

from xltoolkit.findings import make
from xltoolkit.model.values import Unreadable
from xltoolkit.services.importer import checkboxes
from xltoolkit.services.importer import columns as regcols
from xltoolkit.services.importer import middelen_table as fund
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.log import EMPTY, FOUND, Skipped
from xltoolkit.services.importer.match import covers, prefix_len, words
from xltoolkit.services.importer.rules import aanwending
from xltoolkit.services.importer.state import Hit, MiddelenTable, State
from xltoolkit.spec import Section, received_field_id


def middelen_section(st: State) -> Section:
    return st.spec.middelen_section


def middelen_sheet(st: State) -> str:
    return middelen_section(st).sheet


def on_regeling(st: State, hit: Hit, line: Line) -> None:
    """A received row (Terugploegregeling, Doelgroepfinanciering): its amount per region."""
    if st.middelen is None or not st.target or st.target[0] != "funding":
        st.middelen = st.middelen or MiddelenTable()
        st.target = ("funding", st.spec.middelen_section.id)
    if line.is_row and regeling_header(st, line):
        return
    regeling = hit.anchor.key
    if line.is_row:
        cells = row_region_cells(st, line, regeling)
    else:
        rest = fund.strip_help(hit.rest, st.cat.regeling_help.get(regeling, ()))
        if not fund.row_cells(rest):
            st.table.pending_regeling = regeling  # its amounts follow per region, one per line
            st.skip(line, "rij zonder bedragen (die volgen per regio)")
            return
        cells = text_region_cells(st, rest, line)
    received(st, regeling, cells, line)


def regeling_header(st: State, line: Line) -> bool:
    """A table turned around: the regelingen are the columns, a row per region."""
    cols = {}
    for i, cell in enumerate(line.cells or ()):
        w = words(cell)
        found = [a.key for a in st.cat.anchors if a.kind == "regeling" and w and prefix_len(w, a.words)]
        if found:
            cols[i] = found[0]
    if len(cols) < 2 or fund.AMOUNT.search(line.text):
        return False
    st.table.regeling_cols = cols
    st.skip(line, "kolomkoppen")
    return True


def region_row(st: State, line: Line, text: str) -> bool:
    """A row or line for one region: "PO3105 (MH) | € 81.739 | —" under a turned-around
    header, or "PO3105: € 81.739" under a regeling row that had no amounts."""
    f = st.table
    head = (line.cells[0] if line.is_row and line.cells else text)
    codes = [c for c in st.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", head, re.IGNORECASE)]
    if len(codes) != 1:
        return False
    if line.cells is not None and f.regeling_cols:
        for i, regeling in f.regeling_cols.items():
            if i < len(line.cells):
                received(st, regeling, {codes[0]: line.cells[i]}, line)
        return True
    if f.pending_regeling and not line.is_row and (mark := fund.MARKED.search(text)):
        received(st, f.pending_regeling, {codes[0]: mark.group()}, line)
        return True
    return False


def received(st: State, regeling: str, cells: dict[str, str] | None, line: Line) -> None:
    """The amounts of a received row into their fields; an unreadable amount is a finding (I020)."""
    if cells is None:
        return
    label = next(g.label for g in st.spec.regelingen if g.id == regeling)
    for code, text in cells.items():
        amount = fund.cell_amount(text)
        fid = received_field_id(regeling, code)
        how = f"tabel '{st.spec.section_of(fid).title}', rij '{label}', kolom {code}"
        if amount.value is None:
            st.note(fid, EMPTY, how, line.where)
            continue
        st.set_value(fid, amount.value, how, line.where)
        if isinstance(amount.value, Unreadable):
            st.report.findings.append(make("I020", field=fid, tekst=amount.text, plaats=line.where,
                                           label=st.spec.field(fid).label, sheet=st.sheet(fid)))


def row_region_cells(st: State, line: Line, regeling: str) -> dict[str, str] | None:
    """The received row's amount per region: by the header's cells when the row has as
    many cells as the header, else by aligning its amount columns with the header."""
    cells = list(line.cells or ())
    f = st.table
    if f.cell_map and len(cells) == f.width:
        cover = regcols.spans(f.header_cells, f.cell_map)
        return {code: " ".join(cells[i] for i in span if cells[i].strip()) for code, span in cover.items()}
    help_words = st.cat.regeling_help.get(regeling, ())
    values = [c for c in cells[1:] if not (help_words and words(c) == help_words) and not regcols.is_note(c)]
    slots = regcols.amount_slots(values)
    n = len(f.columns or st.spec.region_codes)
    if len(slots) < n:
        return text_region_cells(st, " € ".join([""] + slots), line)
    return placed(st, slots, line)


def placed(st: State, slots: list[str], line: Line) -> dict[str, str]:
    """Amount columns aligned with the header's regions; what has no region is warned about."""
    order = tuple(st.table.columns or st.spec.region_codes)
    placement = regcols.place(slots, order, ticked_regions(st))
    if placement.by_ticks:
        st.report.findings.append(make("I071", plaats=line.where, regios=", ".join(sorted(placement.cells)),
                                       sheet=middelen_sheet(st)))
    unplaced(st, placement.unplaced, line, "de rij heeft meer bedragkolommen dan de kop van de tabel regio's, "
             "en de aangevinkte regio's beslissen het niet")
    return placement.cells


def unplaced(st: State, amounts: tuple[str, ...] | list[str], line: Line, reason: str) -> None:
    """Amounts of a received row that have no region: a warning that quotes each, never dropped."""
    for amount in amounts:
        amount = amount if fund.CURRENCY.search(amount) else f"€ {amount}"
        st.report.findings.append(make("I070", plaats=line.where, bedrag=amount, regel=_short(line.text),
                                       reden=reason, sheet=middelen_sheet(st)))
    if amounts:
        st.used()
        st.report.skipped.append(Skipped(line.where, "bedrag zonder regio (zie melding I070)", line.text))


def ticked_regions(st: State) -> tuple[str, ...] | None:
    """The ticked regions: the boxes at SCHOLEN IN SWV, else those in the table's header."""
    if st.header_regions and st.header_regions[1] == "aangevinkte vakjes":
        return st.header_regions[0]
    return st.middelen.ticked if st.middelen else None


def text_region_cells(st: State, rest: str, line: Line) -> dict[str, str] | None:
    """The amounts of a received row written as text, per region; what cannot be placed is warned
    about (I070)."""
    cells = fund.row_cells(rest)
    columns = st.table.columns or list(st.spec.region_codes)
    if len(cells) == len(columns):
        return dict(zip(columns, cells))
    if len(cells) > len(columns):
        return placed(st, cells, line)
    filled = [c for c in cells if fund.cell_amount(c).value is not None]
    if not filled:
        return {}
    if len(filled) == 1:
        mentioned = [c for c in st.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", rest, re.IGNORECASE)]
        ticked = ticked_regions(st) or (st.header_regions[0] if st.header_regions else ())
        for candidates in (mentioned, ticked):
            if len(candidates) == 1:
                return {candidates[0]: filled[0]}
    unplaced(st, filled, line, "de rij heeft minder bedragen dan de tabel regio's en er is niet één regio aangevinkt")
    return None


def middelen_content(st: State, section_id: str, line: Line, text: str) -> None:
    """A line under the funding table's heading (section `section_id`): which of the table's
    pieces it is, tried in this order; what is none of them is text by or after the table."""
    f = st.table
    explaining, f.explaining = f.explaining, False
    norms = words(text)
    section = st.spec.section(section_id)
    if st.cat.footnote and prefix_len(norms, st.cat.footnote):
        st.skip(line, "voetnoot van het format")
        return
    header = regcols.read_header(text, line.cells if line.is_row else None, st.spec)
    if header is not None and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
        on_middelen_header(st, header, line)
        return
    if line.is_row and regeling_header(st, line):
        return
    cells = line.cells if line.is_row else fund.gap_cells(text)
    if cells and (cols := fund.column_header(cells, st.spec)):
        f.col_map = cols
        f.col_order = [cols.get(i) for i in range(len(cells))]
        st.skip(line, "kolomkoppen")
        return
    if not line.is_row and not f.lines and (order := fund.header_order(text, st.spec)):
        f.col_order = order  # the header's cells flattened into one line (PDF text)
        st.skip(line, "kolomkoppen")
        return
    if fund.is_total_row(text, line.cells):
        aanwending.total_row(st, line, text)
        return
    if not f.lines and region_row(st, line, text):
        return
    if not f.lines and table_piece(st, line, text):
        return
    spending = aanwending.spending(st, line, text)
    if spending is not None:
        f.lines.append((spending, line.where))
        f.explaining = aanwending.is_pm(spending.get("bedrag"))
        st.used()
        return
    if norms and len(norms) <= 3 and text.rstrip().endswith(":") and covers(norms, words(section.title), 0):
        st.skip(line, "tussenkop")
        return
    if line.is_row and computed_row(st, line):
        st.skip(line, "berekende rij van de tabel (het werkboek rekent dit zelf)")
        return
    if f.lines and line.blank_before == 0 and text[:1].islower() and not line.is_row:
        last = f.lines[-1][0]
        column = "toelichting" if last.get("toelichting") else "omschrijving"  # the row's last text goes on
        last[column] = f"{last.get(column) or ''} {text}".strip()
        f.explaining = explaining
        st.used()
        return
    if explaining and not line.is_row:
        aanwending.pm_explanation(st, line, text)
        return
    if not f.lines:
        st.add_extra(line, text, f"tekst bij de tabel '{section.title}'")
        return
    st.target = ("extra", f"tekst na de tabel '{section.title}'")
    st.content(line, text)


def table_piece(st: State, line: Line, text: str) -> bool:
    """Pieces of the received table that Word's text export or a converter put on lines of
    their own: the caption ("vanuit SWV:"), one region with its box per line, a regeling's
    help text, or the row's amounts on the line after its label."""
    f = st.table
    if line.is_row:
        return False
    region = regcols.region_of_cell(text, st.spec)
    if region is not None and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
        f.columns = [c for c in (f.columns or []) if c != region] + [region]
        if re.search(rf"[{checkboxes.BOXES}]", text):
            if "☒" in text:
                f.ticked = tuple(dict.fromkeys((*(f.ticked or ()), region)))
                regions_from_table_header(st, f.ticked, line)
        st.skip(line, "kolomkoppen")
        return True
    norms = words(text)
    if norms and any(norms == help_words for help_words in st.cat.regeling_help.values() if help_words):
        st.skip(line, "toelichting bij de regeling (format)")
        return True
    if f.pending_regeling and regcols.only_amounts(text):
        regeling, f.pending_regeling = f.pending_regeling, None
        received(st, regeling, text_region_cells(st, text, line), line)
        st.used()
        return True
    if len(norms) <= 3 and text.rstrip().endswith(":") and not re.search(r"\d", text) and not received_any(st):
        st.skip(line, "kop van de tabel")
        return True
    return False


def received_any(st: State) -> bool:
    return any(k.startswith("ontvangen_") for k in st.origin)


def on_middelen_header(st: State, header: regcols.Header, line: Line) -> None:
    """The header row: the region of each column, and the regions ticked in it."""
    f = st.table
    f.columns, f.cell_map = list(header.order), dict(header.cells)
    f.width = len(line.cells or ()) if header.cells else 0
    f.header_cells = tuple(line.cells or ()) if header.cells else ()
    st.skip(line, "kolomkoppen")
    if header.ticked:
        f.ticked = header.ticked
        regions_from_table_header(st, header.ticked, line)


def regions_from_table_header(st: State, ticked: tuple[str, ...], line: Line) -> None:
    """Ticks in the table's header set the regions, unless SCHOLEN IN SWV had ticked boxes."""
    if st.header_regions and st.header_regions[1] == "aangevinkte vakjes":
        return
    regions = next(x for x in st.spec.fields if x.type == "regions")
    ordered = tuple(c for c in st.spec.region_codes if c in ticked)
    st.header_regions = (ordered, "aangevinkte vakjes")
    st.values[regions.id] = ordered
    how = f"label '{regions.label}': aangevinkte vakjes in de kop van de tabel '{middelen_section(st).title}'"
    st.origin[regions.id] = (FOUND, how, line.where)


def computed_row(st: State, line: Line) -> bool:
    """A row of words the workbook computes itself, such as a status per region column."""
    cells = [c for c in line.cells or () if c.strip()]
    return len(cells) >= 2 and all(len(words(c)) == 1 and not re.search(r"\d", c) for c in cells[1:])


def _short(text: str, n: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"

