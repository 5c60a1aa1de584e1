"""Money per region, computed exactly the way the workbook's live formulas compute it.

The master workbook shows received, spent and the difference per region with formulas that
work without Python. This module is their twin in exact Decimal arithmetic: the builder stores
its results as the formulas' cached values, and tests check that LibreOffice, recalculating the
formulas itself, arrives at the same numbers. Reconciliation (services) adds the verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from xltoolkit.model.money import CENT, Bedrag
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec

ZERO = Decimal(0)


@dataclass(frozen=True)
class RegionTotals:
    region: str
    ontvangen: Decimal
    toegewezen: Decimal  # lines with this region, plus this region's part of split lines
    aandeel: Decimal  # this region's pro-rata share of lines without a region
    besteed: Decimal
    verschil: Decimal
    status: str


@dataclass(frozen=True)
class LiveTotals:
    regions: tuple[RegionTotals, ...]
    niet_toegewezen: Decimal
    ontvangen: Decimal
    besteed: Decimal
    verschil: Decimal
    status: str
    onbepaald: bool  # PM or text in an amount cell: no verdict possible


def amount(value: object) -> Decimal:
    """What SUM makes of a cell: a number counts, text (PM, unreadable) and blanks are 0."""
    return value.euro if isinstance(value, Bedrag) and value.euro is not None else ZERO


def is_text_amount(value: object) -> bool:
    """An amount cell holding text (PM or unreadable): the live formula's ISTEXT counts it."""
    return value is not None and not (isinstance(value, Bedrag) and value.euro is not None)


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def live_totals(sub: Submission, spec: TemplateSpec) -> LiveTotals:
    codes = spec.region_codes
    split = spec.lists["split_region"]
    received = {r: sum((amount(sub.ontvangen(g.id, r)) for g in spec.regelingen), ZERO) for r in codes}
    total_received = sum(received.values(), ZERO)
    lines = [ln for ln in sub.aanwending if not ln.is_empty]
    total_spent = sum((amount(ln.bedrag) for ln in lines), ZERO)
    explicit = {
        r: sum((amount(ln.bedrag) for ln in lines if ln.regio == r), ZERO)
        + sum((amount(ln.deel(r)) for ln in lines if ln.regio == split), ZERO)
        for r in codes
    }
    allocated = sum((amount(ln.bedrag) for ln in lines if ln.regio in (*codes, split)), ZERO)
    unallocated = total_spent - allocated
    onbepaald = _has_text_amount(sub, spec)
    tol = Decimal(spec.settings["tolerance_cents"]) * CENT
    words = spec.lists["statuses"]
    regions = []
    for r in codes:
        share = round_cents(unallocated * received[r] / total_received) if total_received > 0 else ZERO
        spent = explicit[r] + share
        diff = received[r] - spent
        regions.append(RegionTotals(r, received[r], explicit[r], share, spent, diff, words[verdict(received[r], spent, diff, tol, onbepaald)]))
    diff = total_received - total_spent
    return LiveTotals(
        tuple(regions), unallocated, total_received, total_spent, diff,
        words[verdict(total_received, total_spent, diff, tol, onbepaald)], onbepaald,
    )


def verdict(received: Decimal, spent: Decimal, diff: Decimal, tol: Decimal, onbepaald: bool) -> str:
    """The verdict of the live formula (`io.formulas.status`), as a key of the spec's `statuses`."""
    if received == 0 and spent == 0:
        return "leeg"
    if onbepaald:
        return "onbepaald"
    if abs(diff) <= tol:
        return "sluitend"
    return "overschot" if diff > 0 else "tekort"


def _has_text_amount(sub: Submission, spec: TemplateSpec) -> bool:
    received = [sub.ontvangen(g.id, r) for g in spec.regelingen for r in spec.region_codes]
    line_cells = [ln.get(c.id) for ln in sub.aanwending for c in spec.columns if c.type == "money"]
    return any(is_text_amount(v) for v in received + line_cells)
