"""The money rule: received, spent, difference and verdict per region and in total.

One rule for every place that shows a verdict. The workbook's live formulas (`io.formulas`)
compute the same numbers and the same verdicts without Python; the builder stores this module's
results as their cached values, and tests check that LibreOffice, recalculating the formulas
itself, arrives at the same. Reconciliation, the report and the SWV overview read the verdicts
from here and only put them into words.

Where a verdict belongs:
- Lines with a region (or "Verdeeld" with parts per region) are facts per region: each region
  gets its own verdict.
- Lines without a region are shared pro rata of what each region paid. When two or more regions
  share them, a region's share is an allocation, not a fact: its verdict is *indicatief* unless
  its own lines decide it whatever its share (from nothing to all of them). The board's total is
  always a fact, so the verdict that counts is on the total.
- A PM or unreadable amount blocks exactly the verdicts whose figures it could change (onbepaald).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from xltoolkit.model.money import CENT, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.spec import TemplateSpec

ZERO = Decimal(0)

# sluitend: spent accounts for received within the tolerance; tekort: more spent than received;
# overschot: less spent than received; onbepaald: a PM or unreadable amount prevents a verdict;
# indicatief: the region's figures rest on a pro-rata allocation that does not decide the verdict
# (the verdict is on the total); leeg: nothing received and nothing spent.
Status = Literal["sluitend", "tekort", "overschot", "onbepaald", "indicatief", "leeg"]


@dataclass(frozen=True)
class TextAmount:
    """An amount cell that holds text (PM or unreadable), and the regions whose figures it could change."""

    cell: Literal["ontvangen", "bedrag", "deel"]
    value: object
    regions: tuple[str, ...]
    verdeling: bool = False  # part of the pro-rata allocation: a received amount (the key) or a line without region
    regeling: str | None = None  # for a received amount
    region: str | None = None  # the region of a received amount or of a part
    line: int | None = None  # index in `sub.aanwending` of a line's amount or part


@dataclass(frozen=True)
class RegionTotals:
    region: str
    ontvangen_per_regeling: dict[str, Decimal]  # regeling id -> amount (text counts as 0, as in Excel)
    ontvangen: Decimal
    regels: Decimal  # lines with this region
    toegewezen: Decimal  # lines with this region, plus this region's part of split lines
    share: Decimal  # this region's pro-rata share of lines without a region
    besteed: Decimal
    verschil: Decimal
    pro_rata: bool  # besteed holds a share that two or more regions split: an allocation, not a fact
    besteed_range: tuple[Decimal, Decimal]  # besteed for any share from none to all of the lines without region
    onbepaald: bool
    indicatief: bool
    status: Status


@dataclass(frozen=True)
class LiveTotals:
    regions: tuple[RegionTotals, ...]
    unassigned: Decimal  # the lines without a (known) region
    ontvangen_per_regeling: dict[str, Decimal]
    ontvangen: Decimal
    besteed: Decimal
    verschil: Decimal
    onbepaald: bool  # a PM or unreadable amount counts somewhere: no verdict on the total
    status: Status
    tekst: tuple[TextAmount, ...]  # every PM or unreadable amount that counts
    tekst_verdeling: int  # how many of them make the pro-rata allocation unknown (key or lines without region)
    tolerance: Decimal

    def region(self, code: str) -> RegionTotals:
        return next(r for r in self.regions if r.region == code)


def amount(value: object) -> Decimal:
    """What SUM makes of a cell: a number counts, text (PM, unreadable) and blanks are 0."""
    return value.euro if isinstance(value, Bedrag) and value.euro is not None else ZERO


def is_text_amount(value: object) -> bool:
    """An amount cell holding text (PM or unreadable): the live formula's ISTEXT counts it."""
    return value is not None and not (isinstance(value, Bedrag) and value.euro is not None)


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tolerance(spec: TemplateSpec) -> Decimal:
    """A difference up to this counts as sluitend (rounding): `settings.tolerance_cents`."""
    return Decimal(spec.settings.tolerance_cents) * CENT


def warning_gap(spec: TemplateSpec) -> Decimal:
    """A difference beyond the tolerance up to this is a waarschuwing, beyond it a fout:
    `settings.warning_gap_cents` (0: every difference beyond the tolerance is a fout)."""
    return Decimal(spec.settings.warning_gap_cents) * CENT


def verdict(received: Decimal, spent: Decimal, tol: Decimal, *, onbepaald: bool = False, indicatief: bool = False) -> Status:
    """The one verdict, in this order: a PM or unreadable amount that could change the figures
    makes it onbepaald (even when the figures that are known are 0: a PM is not nothing); then
    nothing received and nothing spent is leeg; then figures that rest on an undecided pro-rata
    allocation are indicatief; then the difference decides. `io.formulas.status` is its twin."""
    if onbepaald:
        return "onbepaald"
    if received == 0 and spent == 0:
        return "leeg"
    if indicatief:
        return "indicatief"
    diff = received - spent
    if abs(diff) <= tol:
        return "sluitend"
    return "overschot" if diff > 0 else "tekort"


def region_kind(line: Aanwendingsregel, spec: TemplateSpec) -> str:
    """ "split", a region code, or "none" (no region or an unknown one: shared pro rata)."""
    if line.regio == spec.lists.split_region:
        return "split"
    return line.regio if line.regio in spec.region_codes else "none"


def live_totals(sub: Submission, spec: TemplateSpec) -> LiveTotals:
    """Every figure and verdict of one board, exactly as the workbook's live check computes them."""
    codes = spec.region_codes
    lines = [(i, ln) for i, ln in enumerate(sub.aanwending) if not ln.is_empty]
    per_regeling = {r: {g.id: amount(sub.ontvangen(g.id, r)) for g in spec.regelingen} for r in codes}
    received = {r: sum(per_regeling[r].values(), ZERO) for r in codes}
    total_received = sum(received.values(), ZERO)
    total_spent = sum((amount(ln.bedrag) for _, ln in lines), ZERO)
    own = {r: sum((amount(ln.bedrag) for _, ln in lines if ln.regio == r), ZERO) for r in codes}
    parts = {r: sum((amount(ln.deel(r)) for _, ln in lines if region_kind(ln, spec) == "split"), ZERO) for r in codes}
    allocated = sum((amount(ln.bedrag) for _, ln in lines if region_kind(ln, spec) != "none"), ZERO)
    unallocated = total_spent - allocated
    tekst = text_amounts(sub, spec, received, unallocated)
    in_allocation = [t for t in tekst if t.verdeling]
    # like the live formula: counted once anything is left without a region (an amount or a text)
    tekst_verdeling = len(in_allocation) if unallocated != 0 or any(t.cell == "bedrag" for t in in_allocation) else 0
    tol = tolerance(spec)
    sharing = [r for r in codes if received[r] != 0] if unallocated != 0 and total_received > 0 else []
    regions = tuple(
        _region(r, per_regeling[r], own[r], own[r] + parts[r], unallocated, total_received, len(sharing) > 1 and r in sharing,
                any(r in t.regions for t in tekst), tol)
        for r in codes
    )
    diff = total_received - total_spent
    per_total = {g.id: sum((per_regeling[r][g.id] for r in codes), ZERO) for g in spec.regelingen}
    return LiveTotals(regions, unallocated, per_total, total_received, total_spent, diff, bool(tekst),
                      verdict(total_received, total_spent, tol, onbepaald=bool(tekst)), tekst, tekst_verdeling, tol)


def _region(region: str, per_regeling: dict[str, Decimal], own: Decimal, explicit: Decimal, unallocated: Decimal,
            total_received: Decimal, pro_rata: bool, onbepaald: bool, tol: Decimal) -> RegionTotals:
    """`explicit`: spent in the region by the board's own choice (its lines and its parts of split lines)."""
    received = sum(per_regeling.values(), ZERO)
    share = round_cents(unallocated * received / total_received) if total_received > 0 else ZERO
    spent = explicit + share
    if pro_rata:
        bereik = (explicit + min(ZERO, unallocated), explicit + max(ZERO, unallocated))
    else:
        bereik = (spent, spent)
    # the region's own lines decide its verdict when every possible share gives the same one
    indicatief = pro_rata and verdict(received, bereik[0], tol) != verdict(received, bereik[1], tol)
    status = verdict(received, spent, tol, onbepaald=onbepaald, indicatief=indicatief)
    return RegionTotals(region, per_regeling, received, own, explicit, share, spent, received - spent, pro_rata, bereik,
                        onbepaald, indicatief, status)


def text_amounts(sub: Submission, spec: TemplateSpec, received: dict[str, Decimal], unallocated: Decimal) -> tuple[TextAmount, ...]:
    """Every PM or unreadable amount that counts, with the regions whose figures it could change:
    its own region; for a received amount also every region that shares the lines without region
    (it is part of the key), and for a line without region every such region."""
    codes = spec.region_codes
    lines = [(i, ln) for i, ln in enumerate(sub.aanwending) if not ln.is_empty]
    text_received = {r for r in codes for g in spec.regelingen if is_text_amount(sub.ontvangen(g.id, r))}
    key = [r for r in codes if received[r] != 0 or r in text_received]
    unallocated_text = any(is_text_amount(ln.bedrag) for _, ln in lines if region_kind(ln, spec) == "none")
    shared = key if unallocated != 0 or unallocated_text else []
    out: list[TextAmount] = []
    for g in spec.regelingen:
        for r in codes:
            value = sub.ontvangen(g.id, r)
            if is_text_amount(value):
                out.append(TextAmount("ontvangen", value, _ordered(codes, {r, *shared}), True, regeling=g.id, region=r))
    for i, ln in lines:
        kind = region_kind(ln, spec)
        if is_text_amount(ln.bedrag):
            if kind == "split":
                affected = {r for r in codes if ln.deel(r) is not None}
            else:
                affected = {kind} if kind in codes else set(key)
            out.append(TextAmount("bedrag", ln.bedrag, _ordered(codes, affected), kind == "none", line=i))
        if kind == "split":
            out += [TextAmount("deel", ln.deel(r), (r,), region=r, line=i) for r in codes if is_text_amount(ln.deel(r))]
    return tuple(out)


def _ordered(codes: tuple[str, ...], regions: set[str]) -> tuple[str, ...]:
    return tuple(r for r in codes if r in regions)
