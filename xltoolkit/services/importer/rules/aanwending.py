"""The funding table, spending side: the aanwending lines (as table rows or as text), the
explanation paragraphs after a PM line (its toelichting), the total rows (checked, not taken over),
and the Aanwendingsregels built at the end."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xltoolkit.findings import make
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.model.values import Unreadable
from xltoolkit.services.importer import middelen_table as fund
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.log import Skipped
from xltoolkit.services.importer.state import State


def pm_explanation(st: State, line: Line, text: str) -> None:
    """A paragraph right after a PM line explains it: the line's toelichting."""
    last = st.table.lines[-1][0]
    last["toelichting"] = f"{last.get('toelichting') or ''} {text}".strip()
    st.table.explaining = True
    st.used()


def total_row(st: State, line: Line, text: str) -> None:
    """A total row: not taken over (the workbook adds up itself); a spending total is checked."""
    f = st.table
    if not f.lines:
        st.skip(line, "totaalregel (ontvangen)")
        return
    amounts = [m for m in fund.AMOUNT.finditer(text) if fund.CURRENCY.match(m.group())] or list(fund.AMOUNT.finditer(text))
    stated = fund.amount_value(amounts[0].group()) if len(amounts) == 1 else None
    f.totals.append((line.where, text, stated if isinstance(stated, Bedrag) else None))
    st.used()


def spending_cells(st: State, line: Line, text: str) -> tuple[tuple[str, ...] | None, dict[int, str] | None]:
    """The cells of an aanwending row and their columns. A table row keeps its cells (matched
    to the header by type when some were lost); a line of text is a row only after a header
    of the aanwending table and when its pieces fit that header (PDF text)."""
    f = st.table
    if line.is_row:
        cells = tuple(line.cells or ())
        if f.col_order and len(cells) != len(f.col_order):
            return cells, fund.aligned_row(cells, f.col_order, st.spec)
        return cells, f.col_map
    if not f.col_order:
        return None, None
    cells = fund.gap_cells(text) or fund.typed_cells(text, st.spec)
    columns = fund.aligned_row(cells, f.col_order, st.spec)
    return (cells, columns) if columns is not None else (None, None)


def spending(st: State, line: Line, text: str) -> dict[str, Any] | None:
    """An aanwending line's values by column, or None when the line is not one; an amount that
    cannot be read is a finding (I020), never a silent zero."""
    cells, columns = spending_cells(st, line, text)
    if cells:
        values = fund.spending_row(cells, st.spec, columns)
        if values is None:
            return None
        amount_text = next((c for c in cells if fund.WHOLE_AMOUNT.fullmatch(c.strip())), "")
        if isinstance(values.get("bedrag"), Unreadable):
            amount_text = values["bedrag"].tekst
    else:
        sp = fund.spending_line(text, st.spec)
        if sp is None:
            return None
        values = {c.id: None for c in st.spec.columns}
        values.update(omschrijving=sp.omschrijving, bedrag=sp.bedrag, regio=sp.regio, toelichting=sp.toelichting)
        values.update(sp.parts)
        amount_text = sp.amount_text
    if is_pm(values.get("bedrag")) and not values.get("toelichting") and values.get("omschrijving"):
        values["omschrijving"], values["toelichting"] = fund.pm_note(values["omschrijving"])
    for cid, value in values.items():
        if isinstance(value, Unreadable) and value.verwacht == "bedrag":
            st.report.findings.append(make("I020", sheet=st.spec.middelen_section.sheet, tekst=value.tekst or amount_text, plaats=line.where,
                                           label=f"aanwending, kolom {cid}"))
    return values


def build_aanwending(st: State) -> list[Aanwendingsregel]:
    """The Aanwendingsregels read from the table, each also listed in the report with its place."""
    if st.middelen is None:
        return []
    lines = []
    for values, where in st.table.lines:
        lines.append(Aanwendingsregel(values))
        entry: dict[str, Any] = {"plaats": where}
        for column in st.spec.columns:
            value = values.get(column.id)
            entry[column.id] = format_bedrag(value) if isinstance(value, Bedrag) else (str(value) if value else None)
        st.report.aanwending.append(entry)
    check_totals(st, lines)
    return lines


def check_totals(st: State, lines: list[Aanwendingsregel]) -> None:
    """Total rows are listed, not taken over (I024: the workbook adds up itself); a stated total
    that differs from the sum of the lines is a finding (I025)."""
    total = sum((ln.bedrag.euro for ln in lines if isinstance(ln.bedrag, Bedrag) and ln.bedrag.euro is not None), Decimal(0))
    for where, text, stated in st.table.totals:
        st.report.skipped.append(Skipped(where, "totaalregel", text))
        st.report.findings.append(make("I024", plaats=where, tekst=text))
        if stated is not None and stated.euro is not None and stated.euro != total:
            st.report.findings.append(make("I025", plaats=where, totaal=format_bedrag(stated),
                                           som=format_bedrag(Bedrag(euro=total)), sheet=st.spec.middelen_section.sheet))


def is_pm(value: Any) -> bool:
    """A PM amount: its explanation may follow in the next paragraphs."""
    return isinstance(value, Bedrag) and value.pm
