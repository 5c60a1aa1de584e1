"""The funding table: received amounts per region (as rows with region columns, as a table turned
around, or one line per region), the aanwending lines, totals and the rows the workbook computes
itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.importer import columns as regcols
from xltoolkit.io.importer import funding as fund
from xltoolkit.io.importer.base import Hit
from xltoolkit.io.importer.lines import Line
from xltoolkit.io.importer.match import covers, prefix_len, words
from xltoolkit.io.importer.report import EMPTY, FOUND, Skipped
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.model.values import Onleesbaar
from xltoolkit.spec import received_field_id


@dataclass
class Funding:
    """What has been read of the funding table so far."""

    columns: list[str] | None = None  # region order from the header row (text)
    cell_map: dict[int, str] = field(default_factory=dict)  # region per cell (table)
    width: int = 0  # the number of cells of the header row
    header_cells: tuple[str, ...] = ()
    explaining: bool = False  # the last thing read was a PM line (or its explanation)
    col_order: list[str | None] = field(default_factory=list)  # aanwending header: column id per cell
    ticked: tuple[str, ...] | None = None  # the regions ticked in the header row
    col_map: dict[int, str] | None = None  # aanwending table: spec column per cell
    regeling_cols: dict[int, str] = field(default_factory=dict)  # a turned-around table: regeling per cell
    pending_regeling: str | None = None  # a received row without amounts: they follow per region
    lines: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    totals: list[tuple[str, str, Bedrag | None]] = field(default_factory=list)


class FundingRules:
    """Mixed into the Recogniser (which holds the state these methods use)."""

    def funding_section(self):
        return next(s for s in self.spec.sections if s.kind == "funding")

    def funding_sheet(self) -> str:
        return self.funding_section().sheet

    def on_regeling(self, hit: Hit, line: Line) -> None:
        if self.funding is None or not self.target or self.target[0] != "funding":
            self.funding = self.funding or Funding()
            self.target = ("funding", next(s.id for s in self.spec.sections if s.kind == "funding"))
        if line.is_row and self.regeling_header(line):
            return
        regeling = hit.anchor.key
        if line.is_row:
            cells = self.row_region_cells(line, regeling)
        else:
            rest = fund.strip_help(hit.rest, self.cat.regeling_help.get(regeling, ()))
            if not fund.row_cells(rest):
                self.funding.pending_regeling = regeling  # its amounts follow per region, one per line
                self.skip(line, "rij zonder bedragen (die volgen per regio)")
                return
            cells = self.text_region_cells(rest, line)
        self.received(regeling, cells, line)

    def regeling_header(self, line: Line) -> bool:
        """A table turned around: the regelingen are the columns, a row per region."""
        cols = {}
        for i, cell in enumerate(line.cells or ()):
            w = words(cell)
            found = [a.key for a in self.cat.anchors if a.kind == "regeling" and w and prefix_len(w, a.words)]
            if found:
                cols[i] = found[0]
        if len(cols) < 2 or fund.AMOUNT.search(line.text):
            return False
        self.funding.regeling_cols = cols
        self.skip(line, "kolomkoppen")
        return True

    def region_row(self, line: Line, text: str) -> bool:
        """A row or line for one region: "PO3105 (MH) | € 81.739 | —" under a turned-around
        header, or "PO3105: € 81.739" under a regeling row that had no amounts."""
        f = self.funding
        head = (line.cells[0] if line.is_row and line.cells else text)
        codes = [c for c in self.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", head, re.IGNORECASE)]
        if len(codes) != 1:
            return False
        if line.is_row and f.regeling_cols:
            for i, regeling in f.regeling_cols.items():
                if i < len(line.cells):
                    self.received(regeling, {codes[0]: line.cells[i]}, line)
            return True
        if f.pending_regeling and not line.is_row and fund.MARKED.search(text):
            self.received(f.pending_regeling, {codes[0]: fund.MARKED.search(text).group()}, line)
            return True
        return False

    def received(self, regeling: str, cells: dict[str, str] | None, line: Line) -> None:
        if cells is None:
            return
        label = next(g.label for g in self.spec.regelingen if g.id == regeling)
        for code, text in cells.items():
            amount = fund.cell_amount(text)
            fid = received_field_id(regeling, code)
            how = f"tabel '{self.spec.section_of(fid).title}', rij '{label}', kolom {code}"
            if amount.value is None:
                self.note(fid, EMPTY, how, line.where)
                continue
            self.set_value(fid, amount.value, how, line.where)
            if isinstance(amount.value, Onleesbaar):
                self.report.findings.append(make("I020", field=fid, tekst=amount.text, plaats=line.where,
                                                 label=self.spec.field(fid).label, sheet=self.sheet(fid)))

    def row_region_cells(self, line: Line, regeling: str) -> dict[str, str] | None:
        """The received row's amount per region: by the header's cells when the row has as
        many cells as the header, else by aligning its amount columns with the header."""
        cells = list(line.cells or ())
        f = self.funding
        if f.cell_map and len(cells) == f.width:
            cover = regcols.spans(f.header_cells, f.cell_map)
            return {code: " ".join(cells[i] for i in span if cells[i].strip()) for code, span in cover.items()}
        help_words = self.cat.regeling_help.get(regeling, ())
        values = [c for c in cells[1:] if not (help_words and words(c) == help_words) and not regcols.is_note(c)]
        slots = regcols.amount_slots(values)
        n = len(f.columns or self.spec.region_codes)
        if len(slots) < n:
            return self.text_region_cells(" € ".join([""] + slots), line)
        return self.placed(slots, line)

    def placed(self, slots: list[str], line: Line) -> dict[str, str]:
        """Amount columns aligned with the header's regions; what has no region is warned about."""
        order = tuple(self.funding.columns or self.spec.region_codes)
        placement = regcols.place(slots, order, self.ticked())
        if placement.by_ticks:
            self.report.findings.append(make("I071", plaats=line.where, regios=", ".join(sorted(placement.cells)),
                                             sheet=self.funding_sheet()))
        self.unplaced(placement.unplaced, line, "de rij heeft meer bedragkolommen dan de kop van de tabel regio's, "
                                               "en de aangevinkte regio's beslissen het niet")
        return placement.cells

    def unplaced(self, amounts: tuple[str, ...] | list[str], line: Line, reason: str) -> None:
        """Amounts of a received row that have no region: a warning that quotes each, never dropped."""
        for amount in amounts:
            amount = amount if fund.CURRENCY.search(amount) else f"€ {amount}"
            self.report.findings.append(make("I070", plaats=line.where, bedrag=amount, regel=_short(line.text),
                                             reden=reason, sheet=self.funding_sheet()))
        if amounts:
            self.used()
            self.report.weggelaten.append(Skipped(line.where, "bedrag zonder regio (zie melding I070)", line.text))

    def ticked(self) -> tuple[str, ...] | None:
        """The ticked regions: the boxes at SCHOLEN IN SWV, else those in the table's header."""
        if self.header_regions and self.header_regions[1] == "aangevinkte vakjes":
            return self.header_regions[0]
        return self.funding.ticked if self.funding else None

    def text_region_cells(self, rest: str, line: Line) -> dict[str, str] | None:
        cells = fund.row_cells(rest)
        columns = self.funding.columns or list(self.spec.region_codes)
        if len(cells) == len(columns):
            return dict(zip(columns, cells))
        if len(cells) > len(columns):
            return self.placed(cells, line)
        filled = [c for c in cells if fund.cell_amount(c).value is not None]
        if not filled:
            return {}
        if len(filled) == 1:
            mentioned = [c for c in self.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", rest, re.IGNORECASE)]
            ticked = self.ticked() or (self.header_regions[0] if self.header_regions else ())
            for candidates in (mentioned, ticked):
                if len(candidates) == 1:
                    return {candidates[0]: filled[0]}
        self.unplaced(filled, line, "de rij heeft minder bedragen dan de tabel regio's en er is niet één regio aangevinkt")
        return None

    def funding_content(self, line: Line, text: str) -> None:
        f = self.funding
        explaining, f.explaining = f.explaining, False
        norms = words(text)
        section = self.spec.section(self.target[1])
        if self.cat.footnote and prefix_len(norms, self.cat.footnote):
            self.skip(line, "voetnoot van het format")
            return
        header = regcols.read_header(text, line.cells if line.is_row else None, self.spec)
        if header is not None and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
            self.on_funding_header(header, line)
            return
        if line.is_row and self.regeling_header(line):
            return
        cells = line.cells if line.is_row else fund.gap_cells(text)
        if cells and (cols := fund.column_header(cells, self.spec)):
            f.col_map = cols
            f.col_order = [cols.get(i) for i in range(len(cells))]
            self.skip(line, "kolomkoppen")
            return
        if not line.is_row and not f.lines and (order := fund.header_order(text, self.spec)):
            f.col_order = order  # the header's cells flattened into one line (PDF text)
            self.skip(line, "kolomkoppen")
            return
        if fund.is_total_row(text, line.cells):
            self.total(line, text)
            return
        if not f.lines and self.region_row(line, text):
            return
        if not f.lines and self.table_piece(line, text):
            return
        spending = self.spending(line, text)
        if spending is not None:
            f.lines.append((spending, line.where))
            f.explaining = _is_pm(spending.get("bedrag"))
            self.used()
            return
        if norms and len(norms) <= 3 and text.rstrip().endswith(":") and covers(norms, words(section.title), 0):
            self.skip(line, "tussenkop")
            return
        if line.is_row and self.computed_row(line):
            self.skip(line, "berekende rij van de tabel (het werkboek rekent dit zelf)")
            return
        if f.lines and line.blank_before == 0 and text[:1].islower() and not line.is_row:
            last = f.lines[-1][0]
            column = "toelichting" if last.get("toelichting") else "omschrijving"  # the row's last text goes on
            last[column] = f"{last.get(column) or ''} {text}".strip()
            f.explaining = explaining
            self.used()
            return
        if explaining and not line.is_row:
            self.pm_explanation(line, text)
            return
        if not f.lines:
            self.add_extra(line, text, f"tekst bij de tabel '{section.title}'")
            return
        self.target = ("extra", f"tekst na de tabel '{section.title}'")
        self.content(line, text)

    def table_piece(self, line: Line, text: str) -> bool:
        """Pieces of the received table that Word's text export or a converter put on lines of
        their own: the caption ("vanuit SWV:"), one region with its box per line, a regeling's
        help text, or the row's amounts on the line after its label."""
        f = self.funding
        if line.is_row:
            return False
        region = regcols.region_of_cell(text, self.spec)
        if region is not None and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
            f.columns = [c for c in (f.columns or []) if c != region] + [region]
            if re.search(rf"[{regcols.BOXES}]", text):
                if "☒" in text:
                    f.ticked = tuple(dict.fromkeys((*(f.ticked or ()), region)))
                    self.regions_from_table_header(f.ticked, line)
            self.skip(line, "kolomkoppen")
            return True
        norms = words(text)
        if norms and any(norms == help_words for help_words in self.cat.regeling_help.values() if help_words):
            self.skip(line, "toelichting bij de regeling (format)")
            return True
        if f.pending_regeling and regcols.only_amounts(text):
            regeling, f.pending_regeling = f.pending_regeling, None
            self.received(regeling, self.text_region_cells(text, line), line)
            self.used()
            return True
        if len(norms) <= 3 and text.rstrip().endswith(":") and not re.search(r"\d", text) and not self.received_any():
            self.skip(line, "kop van de tabel")
            return True
        return False

    def received_any(self) -> bool:
        return any(k.startswith("ontvangen_") for k in self.origin)

    def pm_explanation(self, line: Line, text: str) -> None:
        """A paragraph right after a PM line explains it: the line's toelichting."""
        last = self.funding.lines[-1][0]
        last["toelichting"] = f"{last.get('toelichting') or ''} {text}".strip()
        self.funding.explaining = True
        self.used()

    def on_funding_header(self, header: regcols.Header, line: Line) -> None:
        """The header row: the region of each column, and the regions ticked in it."""
        f = self.funding
        f.columns, f.cell_map = list(header.order), dict(header.cells)
        f.width = len(line.cells or ()) if header.cells else 0
        f.header_cells = tuple(line.cells or ()) if header.cells else ()
        self.skip(line, "kolomkoppen")
        if header.ticked:
            f.ticked = header.ticked
            self.regions_from_table_header(header.ticked, line)

    def regions_from_table_header(self, ticked: tuple[str, ...], line: Line) -> None:
        """Ticks in the table's header set the regions, unless SCHOLEN IN SWV had ticked boxes."""
        if self.header_regions and self.header_regions[1] == "aangevinkte vakjes":
            return
        regions = next(x for x in self.spec.fields if x.type == "regions")
        ordered = tuple(c for c in self.spec.region_codes if c in ticked)
        self.header_regions = (ordered, "aangevinkte vakjes")
        self.values[regions.id] = ordered
        how = f"label '{regions.label}': aangevinkte vakjes in de kop van de tabel '{self.funding_section().title}'"
        self.origin[regions.id] = (FOUND, how, line.where)

    def total(self, line: Line, text: str) -> None:
        """A total row: not taken over (the workbook adds up itself); a spending total is checked."""
        f = self.funding
        if not f.lines:
            self.skip(line, "totaalregel (ontvangen)")
            return
        amounts = [m for m in fund.AMOUNT.finditer(text) if fund.CURRENCY.match(m.group())] or list(fund.AMOUNT.finditer(text))
        stated = fund.amount_value(amounts[0].group()) if len(amounts) == 1 else None
        f.totals.append((line.where, text, stated if isinstance(stated, Bedrag) else None))
        self.used()

    def computed_row(self, line: Line) -> bool:
        """A row of words the workbook computes itself, such as a status per region column."""
        cells = [c for c in line.cells or () if c.strip()]
        return len(cells) >= 2 and all(len(words(c)) == 1 and not re.search(r"\d", c) for c in cells[1:])

    def spending_cells(self, line: Line, text: str) -> tuple[tuple[str, ...] | None, dict[int, str] | None]:
        """The cells of an aanwending row and their columns. A table row keeps its cells (matched
        to the header by type when some were lost); a line of text is a row only after a header
        of the aanwending table and when its pieces fit that header (PDF text)."""
        f = self.funding
        if line.is_row:
            cells = tuple(line.cells or ())
            if f.col_order and len(cells) != len(f.col_order):
                return cells, fund.aligned_row(cells, f.col_order, self.spec)
            return cells, f.col_map
        if not f.col_order:
            return None, None
        cells = fund.gap_cells(text) or fund.typed_cells(text, self.spec)
        columns = fund.aligned_row(cells, f.col_order, self.spec)
        return (cells, columns) if columns is not None else (None, None)

    def spending(self, line: Line, text: str) -> dict[str, Any] | None:
        cells, columns = self.spending_cells(line, text)
        if cells:
            values = fund.spending_row(cells, self.spec, columns)
            if values is None:
                return None
            amount_text = next((c for c in cells if fund.WHOLE_AMOUNT.fullmatch(c.strip())), "")
            if isinstance(values.get("bedrag"), Onleesbaar):
                amount_text = values["bedrag"].tekst
        else:
            sp = fund.spending_line(text, self.spec)
            if sp is None:
                return None
            values = {c.id: None for c in self.spec.columns}
            values.update(omschrijving=sp.omschrijving, bedrag=sp.bedrag, regio=sp.regio, toelichting=sp.toelichting)
            values.update(sp.parts)
            amount_text = sp.amount_text
        if _is_pm(values.get("bedrag")) and not values.get("toelichting") and values.get("omschrijving"):
            values["omschrijving"], values["toelichting"] = fund.pm_note(values["omschrijving"])
        for cid, value in values.items():
            if isinstance(value, Onleesbaar) and value.verwacht == "bedrag":
                self.report.findings.append(make("I020", sheet=self.funding_sheet(), tekst=value.tekst or amount_text, plaats=line.where,
                                                 label=f"aanwending, kolom {cid}"))
        return values

    def build_aanwending(self) -> list[Aanwendingsregel]:
        if self.funding is None:
            return []
        lines = []
        for values, where in self.funding.lines:
            lines.append(Aanwendingsregel(values))
            entry: dict[str, Any] = {"plaats": where}
            for column in self.spec.columns:
                value = values.get(column.id)
                entry[column.id] = format_bedrag(value) if isinstance(value, Bedrag) else (str(value) if value else None)
            self.report.aanwending.append(entry)
        self.check_totals(lines)
        return lines

    def check_totals(self, lines: list[Aanwendingsregel]) -> None:
        total = sum((ln.bedrag.euro for ln in lines if isinstance(ln.bedrag, Bedrag) and ln.bedrag.euro is not None), Decimal(0))
        for where, text, stated in self.funding.totals:
            self.report.weggelaten.append(Skipped(where, "totaalregel", text))
            self.report.findings.append(make("I024", plaats=where, tekst=text))
            if stated is not None and stated.euro is not None and stated.euro != total:
                self.report.findings.append(make("I025", plaats=where, totaal=format_bedrag(stated),
                                                 som=format_bedrag(Bedrag(euro=total)), sheet=self.funding_sheet()))


def _short(text: str, n: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"


def _is_pm(value: Any) -> bool:
    return isinstance(value, Bedrag) and value.pm
