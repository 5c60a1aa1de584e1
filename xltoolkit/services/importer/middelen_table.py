"""The funding table ("Aanwending middelen SWV"): received amounts per region, and the
numbered aanwending lines with their amount and purpose.

Amounts are read with the model's own `parse_bedrag_text` (Dutch notation, "€ 81.739,-", PM).
A received row is split into one cell per region: by its table cells (docx, md), by its "€"
signs (text from Word or PDF keeps one "€" per column even when the column is empty), or by
its amounts; the region of a column comes from the table's header row when there is one, in
whatever order it lists the regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xltoolkit.io.cells import read_column_value
from xltoolkit.model.money import Bedrag, parse_bedrag_text
from xltoolkit.model.values import Unreadable, is_nvt
from xltoolkit.services.importer.columns import read_header
from xltoolkit.services.importer.lines import is_placeholder
from xltoolkit.services.importer.match import find_run, prefix_len, tokens, words
from xltoolkit.spec import Column, TemplateSpec

CURRENCY = re.compile(r"€|\bEUR\b|\beuro\b", re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,(?:\d{1,2}|-{1,2}))?|\d+(?:,(?:\d{1,2}|-{1,2}))?"
_PM = r"p\.?\s?m\.?(?!\w)"
# An amount with a currency sign takes the whole number after it, so "€ 1.2.3" is read (and
# reported) as unreadable rather than as "€ 1".
_MARKED = rf"(?:€|\bEUR\b|\beuro\b)\s*(?:{_PM}|\d[\d.,]*(?<=\d)(?:,-{{1,2}})?|\d[\d.,]*)"
MARKED = re.compile(_MARKED, re.IGNORECASE)
AMOUNT = re.compile(rf"{_MARKED}|\b{_PM}|(?<![\w.,]){_NUMBER}(?![\w.,]*\d)", re.IGNORECASE)
_TBV = re.compile(r"^(?:t\.?\s?b\.?\s?v\.?|ten\s+behoeve\s+van)(?=[\s:]|$)[\s:]*", re.IGNORECASE)
_LINE_NO = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*●▪➢·])\s+")
WHOLE_AMOUNT = re.compile(rf"\s*(?:(?:€|EUR|euro)\s*)?(?:{_NUMBER}|p\.?\s?m\.?)\s*", re.IGNORECASE)
_EMPTY_CELL = re.compile(r"^[\s€\-–—.]*$|^(?:EUR|euro)\s*$", re.IGNORECASE)


@dataclass
class Amount:
    value: Bedrag | Unreadable | None
    text: str


def cell_amount(text: str) -> Amount:
    """One cell of the received row: empty ("€", "-", "n.v.t."), an amount, or unreadable text."""
    raw = text.strip()
    if _EMPTY_CELL.match(raw) or is_nvt(CURRENCY.sub("", raw).strip()) or is_placeholder(raw):
        return Amount(None, raw)
    value = parse_bedrag_text(raw.replace(" ", "") if re.fullmatch(r"[€\d\s.,-]+", raw) else raw)
    return Amount(value if value is not None else Unreadable(raw, "bedrag"), raw)


def row_cells(rest: str) -> list[str]:
    """The region cells of a received row written as text: split at each "€", else its amounts."""
    parts = CURRENCY.split(rest)
    if len(parts) > 1:
        return [p.strip() for p in parts[1:]]
    return [m.group() for m in AMOUNT.finditer(rest)]


def region_columns(text: str, spec: TemplateSpec) -> list[str] | None:
    """The region order of a header row ("vanuit SWV: PO3104 (WM) PO3105 (MH) PO3106 (PS)")."""
    found = []
    for m in re.finditer(r"\b([A-Z]{2})\s?(\d{4})\b", text.upper()):
        code = m.group(1) + m.group(2)
        if code in spec.region_codes and code not in found:
            found.append(code)
    return found if len(found) >= 2 else None


def header_cell_map(cells: tuple[str, ...], spec: TemplateSpec) -> dict[int, str]:
    """Which cell of the funding table's header row is which region's column.

    A header row names one region per cell after the first ("PO3104 (WM)", "☒ PS"), without
    amounts; a board in one region has a table with one region column. Tick boxes in the
    cells are allowed (they say which regions the board has; see `columns`).
    """
    found = read_header(" ".join(cells), cells, spec)
    return dict(found.cells) if found else {}


def strip_help(rest: str, help_words: tuple[str, ...]) -> str:
    """Drop the regeling's help text ("(basisbedrag en uitkering reserve)") from the row."""
    if not help_words:
        return rest
    toks = tokens(rest)
    n = prefix_len([t.norm for t in toks], help_words)
    if not n:
        return rest
    after = rest[toks[n - 1].end :]
    return re.sub(r"^[\s)\]:]*", "", after)


@dataclass
class Spending:
    """One aanwending line as read: its amount, purpose and (if written) region."""

    bedrag: Bedrag | Unreadable | None
    omschrijving: str | None
    regio: str | None
    amount_text: str
    parts: dict[str, Any] = field(default_factory=dict)  # per region, for a split line
    toelichting: str | None = None


def spending_line(text: str, spec: TemplateSpec) -> Spending | None:
    """"1. € 1.140 tbv Leerlingonderzoeken" (or "Leerlingonderzoeken: € 1.140", "€ PM t.b.v. …")."""
    body = _LINE_NO.sub("", text, count=1).strip()
    m = _amount_in(body)
    if m is None:
        return None
    before, after = body[: m.start()].strip(), body[m.end() :].strip()
    before, after = (t if re.search(r"\w", t) else "" for t in (before, after))
    if before and after:
        desc = f"{before} {after}" if not re.search(r"[:=]$", before) else after
    else:
        desc = before or after
    desc, note = split_note(desc)
    desc, regio, parts = _region_suffix(desc, spec)
    purpose = _TBV.sub("", desc.strip(" :-–=\t")).strip(" :-–=\t") or None
    return Spending(amount_value(m.group()), purpose, regio, m.group(), parts, note)


def split_note(desc: str) -> tuple[str, str | None]:
    """"Purpose — explanation" (or the explanation on its own line): the explanation is the
    line's toelichting, as a PM amount needs one."""
    for sep in ("\n", " — "):
        if sep in desc:
            head, _, note = desc.partition(sep)
            note = note.strip()
            if note and not is_placeholder(note):
                return head.strip(), " ".join(note.split("\n"))
            return head.strip(), None
    return desc, None


_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3})\.\s+(?=[A-Z])")


def pm_note(desc: str) -> tuple[str, str | None]:
    """"Purpose. Explanation …" on a PM line: the first sentence is the purpose, the rest the
    toelichting a PM amount needs."""
    m = _SENTENCE_END.search(desc)
    if m is None:
        return desc, None
    return desc[: m.start()].strip(), desc[m.end():].strip() or None


def _amount_in(body: str) -> re.Match | None:
    """The line's amount: the first with a currency sign ("€ 1.140", "EUR 1.140", "€ PM"); else
    "PM" at the start or after ":"; else a number right at the start followed by "t.b.v.", or
    right at the end after ":"."""
    marked = MARKED.search(body)
    if marked:
        return marked
    for m in AMOUNT.finditer(body):
        text = m.group()
        if re.fullmatch(_PM, text, re.IGNORECASE):
            if m.start() == 0 or re.search(r"[:=]\s*$", body[: m.start()]):
                return m
            continue
        if m.start() == 0 and _TBV.match(body[m.end() :].strip()):
            return m
        if m.end() == len(body.rstrip(". ")) and re.search(r"[:=]\s*$", body[: m.start()]):
            return m
    return None


def amount_value(text: str) -> Bedrag | Unreadable:
    raw = CURRENCY.sub("", text).strip()
    value = parse_bedrag_text(raw.replace(" ", ""))
    if value is None and raw.endswith("."):
        value = parse_bedrag_text(raw.rstrip(".").replace(" ", ""))
    return value if value is not None else Unreadable(text.strip(), "bedrag")


_RATO = re.compile(r"^\s*(?:regio\s*:?\s*)?naar\s+rato\b", re.IGNORECASE)


def region_text(text: str, spec: TemplateSpec) -> tuple[str | None, dict[str, Any]] | None:
    """What a region cell or suffix says: "PO3104"; "Verdeeld: PO3104 € 96.500, PO3105 € 41.250"
    (the split label from the spec, with the part per region); "naar rato …" (no region).
    None when the text is not about regions."""
    raw = text.strip()
    if not raw:
        return None
    if _RATO.match(raw):
        return None, {}
    split = spec.lists.split_region
    m = re.match(rf"^\s*(?:regio\s*:?\s*)?({'|'.join(re.escape(c) for c in spec.region_codes)})\s*$", raw, re.IGNORECASE)
    if m:
        return m.group(1).upper(), {}
    m = re.match(rf"^\s*{re.escape(split)}\b\s*:?\s*(.*)$", raw, re.IGNORECASE)
    if not m:
        return None
    parts = {}
    for code in spec.region_codes:
        pm = re.search(rf"{code[:2]}\s?{code[2:]}\s*:?\s*((?:€|EUR)?\s*(?:{_NUMBER}|p\.?\s?m\.?))", m.group(1), re.IGNORECASE)
        if pm:
            parts[code] = amount_value(pm.group(1))
    return split, parts


def _region_suffix(desc: str, spec: TemplateSpec) -> tuple[str, str | None, dict[str, Any]]:
    """"Ambulante begeleiding (PO3104)" -> ("Ambulante begeleiding", "PO3104", {})."""
    m = re.search(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", desc)
    if m:
        found = region_text(m.group(1), spec)
        if found is not None or _RATO.match(m.group(1)):
            regio, parts = found if found is not None else (None, {})
            return desc[: m.start()], regio, parts
    codes = "|".join(re.escape(c) for c in spec.region_codes)
    m = re.search(rf"[\s,;–-]+(?:regio\s*:?\s*)?({codes})\s*$", desc, re.IGNORECASE)
    if m:
        return desc[: m.start()], m.group(1).upper(), {}
    return desc, None, {}


def spending_row(cells: tuple[str, ...], spec: TemplateSpec, columns: dict[int, str] | None) -> dict[str, Any] | None:
    """An aanwending line that is a table row, as typed values per spec column. `columns` maps
    cells to column ids when the table had a header row with the spec's column labels; without
    one the amount cell, a region cell and the longest other cell (the purpose) are recognised."""
    texts = [c.strip() for c in cells]
    if columns:
        raw = {cid: texts[i] for i, cid in columns.items() if i < len(texts) and texts[i]}
    else:
        amount_idx = next((i for i, c in enumerate(texts) if WHOLE_AMOUNT.fullmatch(c)), None)
        if amount_idx is None:
            return None
        raw = {"bedrag": texts[amount_idx]}
        rest = [c for i, c in enumerate(texts) if i != amount_idx and c and not re.fullmatch(r"\d{1,2}[.)]?", c)]
        regional = [c for c in rest if region_text(c, spec) is not None or _RATO.match(c)]
        if regional:
            raw["regio"] = regional[0]
        descs = [c for c in rest if c not in regional]
        if descs:
            raw["omschrijving"] = max(descs, key=len)
    if not raw:
        return None
    values = {c.id: _column_value(spec, c, raw.get(c.id)) for c in spec.columns}
    regio_col = next((c for c in spec.columns if c.type == "region_choice"), None)
    if regio_col is not None and raw.get(regio_col.id):
        found = region_text(raw[regio_col.id], spec)
        if found is not None or _RATO.match(raw[regio_col.id]):
            regio, parts = found if found is not None else (None, {})
            values[regio_col.id] = regio
            values.update(parts)
    if values.get("omschrijving"):
        desc, note = split_note(values["omschrijving"])
        values["omschrijving"] = _TBV.sub("", desc).strip() or desc
        if note and not values.get("toelichting"):
            values["toelichting"] = note
    return values


_GAP = re.compile(r"\s{3,}")
_ROW_NO = re.compile(r"^\d{1,2}[.)]?$")


def gap_cells(text: str) -> tuple[str, ...] | None:
    """The cells of a table row whose columns a PDF's text kept only as runs of spaces."""
    cells = tuple(c.strip() for c in _GAP.split(text.strip()) if c.strip())
    return cells if len(cells) >= 2 else None


def header_order(text: str, spec: TemplateSpec) -> list[str | None] | None:
    """The aanwending columns a header line names, in its order, when its cells were flattened
    into one line of text ("Nr. Omschrijving (t.b.v.) Bedrag (€) Regio Deel PO3104 (€) …")."""
    toks = words(text)
    spots = []
    for col in spec.columns:
        want = words(col.label)
        at = next((p for p in range(len(toks) - len(want) + 1) if toks[p:p + len(want)] == want), None)
        if at is not None:
            spots.append((at, col.id))
    ids: list[str | None] = [cid for _, cid in sorted(spots)]
    return ids if len(ids) >= 3 and "bedrag" in ids else None


def typed_cells(text: str, spec: TemplateSpec) -> tuple[str, ...]:
    """A flattened table row cut into cells at what can be told apart: amounts, region codes,
    the split label, categories; the text between them is a cell of its own."""
    names = sorted(spec.lists.categories, key=len, reverse=True)
    marks = [MARKED.pattern, rf"(?<![(\w]){'|'.join(spec.region_codes)}(?!\w)", rf"\b{re.escape(spec.lists.split_region)}\b"]
    if names:  # a category is the last cell (or before the toelichting): its words may start a purpose
        marks.append(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?=\s*$|\s+(?-i:[A-Z]))")
    cut = re.compile("|".join(f"(?:{m})" for m in marks), re.IGNORECASE)
    cells: list[str] = []
    text = _LINE_NO.sub("", text, count=1)
    pos = 0
    for m in cut.finditer(text):
        cells.append(text[pos:m.start()].strip())
        cells.append(m.group().strip())
        pos = m.end()
    cells.append(text[pos:].strip())
    return tuple(c for c in cells if c)


def aligned_row(cells: tuple[str, ...], order: list[str | None], spec: TemplateSpec) -> dict[int, str] | None:
    """A row whose empty cells were lost (PDF text, a converter), matched to the header's columns
    by what each cell can be: an amount, a region, a category, text — in the header's order.
    Returns the column id per cell index, or None when the cells do not fit the header; parts
    per region fit only when all of the header's part columns have one (else which is whose?)."""
    columns = {c.id: c for c in spec.columns}
    wanted = [cid for cid in order if cid in columns]
    out: dict[int, str] = {}
    k = 0
    for i, cell in enumerate(cells):
        if not cell or (not out and _ROW_NO.match(cell)):
            continue
        while k < len(wanted) and not _accepts(spec, columns[wanted[k]], cell):
            k += 1
        if k == len(wanted):
            return None
        out[i] = wanted[k]
        k += 1
    parts = [c.id for c in spec.columns if c.id in spec.region_codes and c.id in wanted]
    taken = [cid for cid in out.values() if cid in parts]
    if taken and len(taken) != len(parts):
        return None
    return out if "bedrag" in out.values() else None


def _accepts(spec: TemplateSpec, column: Column, cell: str) -> bool:
    amount = WHOLE_AMOUNT.fullmatch(cell) is not None
    if column.type == "money":
        return amount
    if column.type == "region_choice":
        return region_text(cell, spec) is not None or bool(_RATO.match(cell))
    if column.type == "category":
        return cell.casefold() in {c.casefold() for c in spec.lists.categories}
    return not amount


def _column_value(spec: TemplateSpec, column: Column, text: str | None) -> Any:
    if text is None:
        return None
    if column.type == "money":
        return cell_amount(text).value
    return read_column_value(spec, column, text)


def column_header(cells: tuple[str, ...], spec: TemplateSpec) -> dict[int, str] | None:
    """A header row of the aanwending table: which cell is which spec column (two or more).

    A cell that spells a column's label exactly takes that column; only then is a typing error
    allowed, and a column is taken once ("Deel PO3106" is one letter from "Deel PO3104")."""
    out: dict[int, str] = {}
    labels = [(col.id, words(col.label)) for col in spec.columns]
    for i, cell in enumerate(cells):
        w = words(cell)
        exact = [cid for cid, cw in labels if w and w == cw]
        if exact:
            out[i] = exact[0]
    for i, cell in enumerate(cells):
        w = words(cell)
        if i in out or not w:
            continue
        loose = [cid for cid, cw in labels if cid not in out.values() and find_run(w, cw) is not None]
        if loose:
            out[i] = loose[0]
    return out if len(out) >= 2 and "bedrag" in out.values() else None


def is_total(text: str) -> bool:
    """A total ("Totaal", "Totaal aanwending: € 975.450"): the workbook adds up itself."""
    return bool(re.match(r"^\s*(?:\d{1,2}[.)]\s*)?totaal\b", text, re.IGNORECASE))


def is_total_row(text: str, cells: tuple[str, ...] | None) -> bool:
    return is_total(text) or any(is_total(c) for c in cells or ())
