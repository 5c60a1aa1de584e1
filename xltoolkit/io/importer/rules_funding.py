"""The funding table: received amounts per region (as rows with region columns, as a table turned
around, or one line per region), the aanwending lines, totals and the rows the workbook computes
itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.importer import funding as fund
from xltoolkit.io.importer.base import Hit
from xltoolkit.io.importer.lines import Line
from xltoolkit.io.importer.match import covers, prefix_len, words
from xltoolkit.io.importer.report import EMPTY, Skipped
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.model.values import Onleesbaar
from xltoolkit.spec import received_field_id


@dataclass
class Funding:
    """What has been read of the funding table so far."""

    columns: list[str] | None = None  # region order from the header row (text)
    cell_map: dict[int, str] = field(default_factory=dict)  # region per cell (table)
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
        cells = list(line.cells or ())
        if self.funding.cell_map:
            return {code: cells[i] for i, code in self.funding.cell_map.items() if i < len(cells)}
        help_words = self.cat.regeling_help.get(regeling, ())
        values = [c for c in cells[1:] if not (help_words and words(c) == help_words)]
        n = len(self.spec.region_codes)
        if len(values) < n:
            return self.text_region_cells(" € ".join([""] + values), line)
        return dict(zip(self.spec.region_codes, values[-n:]))

    def text_region_cells(self, rest: str, line: Line) -> dict[str, str] | None:
        cells = fund.row_cells(rest)
        columns = self.funding.columns or list(self.spec.region_codes)
        if len(cells) == len(columns):
            return dict(zip(columns, cells))
        if len(cells) > len(columns):
            return dict(zip(columns, cells[-len(columns):]))
        filled = [c for c in cells if fund.cell_amount(c).value is not None]
        if not filled:
            return {}
        if len(filled) == 1:
            mentioned = [c for c in self.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", rest, re.IGNORECASE)]
            ticked = self.header_regions[0] if self.header_regions else ()
            for candidates in (mentioned, ticked):
                if len(candidates) == 1:
                    return {candidates[0]: filled[0]}
        self.report.findings.append(make("I021", plaats=line.where, label=line.text[:60],
                                         tekst=", ".join(filled), sheet=self.funding_sheet()))
        self.add_extra(line, line.text, f"bedrag zonder regio in de tabel '{self.funding_section().title}'")
        return None

    def funding_content(self, line: Line, text: str) -> None:
        f = self.funding
        norms = words(text)
        section = self.spec.section(self.target[1])
        if self.cat.footnote and prefix_len(norms, self.cat.footnote):
            self.skip(line, "voetnoot van het format")
            return
        cell_map = fund.header_cell_map(line.cells, self.spec) if line.is_row else {}
        columns = list(cell_map.values()) if cell_map else fund.region_columns(text, self.spec)
        if columns and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
            f.columns, f.cell_map = columns, cell_map
            self.skip(line, "kolomkoppen")
            return
        if line.is_row and self.regeling_header(line):
            return
        if line.is_row and (cols := fund.column_header(line.cells, self.spec)):
            f.col_map = cols
            self.skip(line, "kolomkoppen")
            return
        if fund.is_total_row(text, line.cells):
            self.total(line, text)
            return
        if not f.lines and self.region_row(line, text):
            return
        spending = self.spending(line, text)
        if spending is not None:
            f.lines.append((spending, line.where))
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
            last["omschrijving"] = f"{last.get('omschrijving') or ''} {text}".strip()
            self.used()
            return
        if not f.lines:
            self.add_extra(line, text, f"tekst bij de tabel '{section.title}'")
            return
        self.target = ("extra", f"tekst na de tabel '{section.title}'")
        self.content(line, text)

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

    def spending(self, line: Line, text: str) -> dict[str, Any] | None:
        if line.is_row:
            values = fund.spending_row(line.cells, self.spec, self.funding.col_map)
            if values is None:
                return None
            amount_text = next((c for c in line.cells if fund.WHOLE_AMOUNT.fullmatch(c.strip())), "")
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
            bedrag = values.get("bedrag")
            self.report.aanwending.append({
                "plaats": where,
                "omschrijving": values.get("omschrijving"),
                "bedrag": format_bedrag(bedrag) if isinstance(bedrag, Bedrag) else (str(bedrag) if bedrag else None),
                "regio": values.get("regio"),
            })
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
