"""The region columns of the funding table, and which amount of a received row is whose.

Real tables are not the template's neat 1 + 3 columns: a note column after the label, the "€"
and the number in separate cells, a trailing empty "€" column, a header written in one cell
("vanuit SWV: ☒ PO3104 (WM) ☐ PO3105 (MH) ☐ PO3106 (PH)") or one cell per region with a tick
box in it. The region of a column is always read from the header, never assumed from the
position; the ticks in that header say which regions the board has. When a row has more amount
columns than the header names regions, the amounts are aligned with the header so that no
filled cell falls outside it, and among several such alignments the one that puts the amounts
under ticked regions wins. An amount that still has no region is returned as unplaced, for the
caller to warn about — never dropped.

Readers normalise every tick box to "☒" / "☐" (content controls, form fields, Wingdings);
which regions a header ticks is read by `vakjes.header_ticks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltoolkit.services.importer.checkboxes import header_ticks, strip_boxes
from xltoolkit.services.importer.match import words
from xltoolkit.spec import TemplateSpec

_CODE = r"\b([A-Z]{2})\s?(\d{4})\b"
_EURO = re.compile(r"€|\bEUR\b|\beuro\b", re.IGNORECASE)
_LONE_EURO = re.compile(r"^\s*(?:€|EUR|euro)\s*$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Header:
    """What the funding table's header row says."""

    order: tuple[str, ...]  # the region columns, in the header's order
    cells: dict[int, str]  # region per cell index, when each region has its own cell
    ticked: tuple[str, ...] | None  # the regions ticked in the header; None without tick boxes


@dataclass(frozen=True)
class Placement:
    """The amount cells of one received row, per region, and what could not be placed."""

    cells: dict[str, str]
    unplaced: tuple[str, ...] = ()
    by_ticks: bool = False  # the ticked regions decided between several readings


def region_of_cell(cell: str, spec: TemplateSpec) -> str | None:
    """The region a header cell names ("PO3104 (WM)", "☒ PO3105", "PS"), or None."""
    text = strip_boxes(cell)
    codes = [c for c in spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", text, re.IGNORECASE)]
    if len(codes) == 1 and len(words(text)) <= 4:
        return codes[0]
    if codes:
        return None
    short = [r.code for r in spec.regions if re.fullmatch(rf"\(?{r.short}\)?", text, re.IGNORECASE)]
    return short[0] if len(short) == 1 else None


def read_header(text: str, cells: tuple[str, ...] | None, spec: TemplateSpec) -> Header | None:
    """The header row of the funding table: two or more regions and no amounts, or None."""
    bare = re.sub(_CODE, " ", text, flags=re.IGNORECASE)
    if _EURO.search(bare) or re.search(r"\d{1,3}\.\d{3}", bare):
        return None
    per_cell: dict[int, str] = {}
    if cells is not None and not _codes_in(cells[0] if cells else "", spec):
        for i, cell in enumerate(cells[1:], start=1):
            code = region_of_cell(cell, spec)
            if code and code not in per_cell.values():
                per_cell[i] = code
    order = [per_cell[i] for i in sorted(per_cell)] if per_cell else _codes_in(text, spec)
    if len(order) < 2 and not per_cell:
        return None
    return Header(tuple(order), per_cell, header_ticks(text, spec))


def _codes_in(text: str, spec: TemplateSpec) -> list[str]:
    found: list[str] = []
    for m in re.finditer(_CODE, text.upper()):
        code = m.group(1) + m.group(2)
        if code in spec.region_codes and code not in found:
            found.append(code)
    return found


def amount_slots(cells: list[str]) -> list[str]:
    """The amount columns of a row's value cells: "€" and its number in two cells are one."""
    if len(cells) >= 2 and len(cells) % 2 == 0 and all(
        _LONE_EURO.match(cells[k]) and not _EURO.search(cells[k + 1]) for k in range(0, len(cells), 2)
    ):
        return [f"€ {cells[k + 1].strip()}".strip() for k in range(0, len(cells), 2)]
    return list(cells)


def is_filled(slot: str) -> bool:
    return bool(_DIGIT.search(slot)) or bool(re.search(r"\bp\.?\s?m\b", slot, re.IGNORECASE))


def place(slots: list[str], order: tuple[str, ...], ticked: tuple[str, ...] | None) -> Placement:
    """Which region each amount slot belongs to, given the header's region order.

    As many slots as regions: in order. More slots: every alignment of the regions with a run
    of the slots that leaves no filled slot outside; if there are several, those that put every
    amount under a ticked region; one amount and one ticked region: that region. Otherwise the
    filled slots are unplaced.
    """
    n = len(order)
    if n == 0:
        return Placement({}, tuple(s for s in slots if is_filled(s)))
    if len(slots) <= n:
        return Placement(dict(zip(order, slots)))
    filled = [k for k, s in enumerate(slots) if is_filled(s)]
    fits = [off for off in range(len(slots) - n + 1) if all(off <= k < off + n for k in filled)]
    if ticked:
        agreeing = [off for off in fits if all(order[k - off] in ticked for k in filled)]
        if len(agreeing) == 1:
            off = agreeing[0]
            return Placement(dict(zip(order, slots[off:off + n])), by_ticks=len(fits) > 1)
        if len(filled) == 1 and len(ticked) == 1 and ticked[0] in order and not agreeing:
            return Placement({ticked[0]: slots[filled[0]]}, by_ticks=True)
    if len(fits) == 1 or (fits and not filled):
        off = fits[0]
        return Placement(dict(zip(order, slots[off:off + n])))
    return Placement({}, tuple(slots[k] for k in filled))


def is_note(cell: str) -> bool:
    """A cell of words without an amount: a note column beside the label, not an amount column."""
    text = cell.strip()
    return bool(re.search(r"[^\W\d_]{3,}", text)) and not _EURO.search(text) and not _DIGIT.search(text) \
        and not re.fullmatch(r"[\s(]*(?:n\.?\s?v\.?\s?t\.?|nvt|niet van toepassing|p\.?\s?m\.?)[\s).]*", text, re.IGNORECASE)


def spans(header_cells: tuple[str, ...], cell_map: dict[int, str]) -> dict[str, range]:
    """The cells under each region of a header with one cell per region: from the region's
    cell up to the next named cell (the "€" and its number may be two cells under one title)."""
    named = sorted(set(cell_map) | {i for i, c in enumerate(header_cells) if i and c.strip()})
    out: dict[str, range] = {}
    for i, code in cell_map.items():
        later = [j for j in named if j > i]
        out[code] = range(i, later[0] if later else len(header_cells))
    return out


_ONLY_AMOUNTS = re.compile(r"^(?:\s*(?:€|EUR|euro)\s*(?:\d[\d.,]*(?:,-{1,2})?|p\.?\s?m\.?|[-–—])?)+\s*$", re.IGNORECASE)


def only_amounts(text: str) -> bool:
    """A line of nothing but "€" signs and amounts: a received row's amounts on a line of their own."""
    return bool(_ONLY_AMOUNTS.match(text))
