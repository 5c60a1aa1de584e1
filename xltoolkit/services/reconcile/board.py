"""Board level: received, spent, difference and status per region, and the findings about them.

The amounts come from `xltoolkit.model.funding.live_totals`, the twin of the workbook's live
formulas, so `xltoolkit reconcile` and the Start sheet show the same numbers: the same pro-rata
rule for lines without a region, the same parts for split lines. What this module adds is the
verdict per region with a precise "onbepaald": a PM or unreadable amount blocks only the regions
whose figures it could change (the live formula, which cannot know that, says Onbepaald for all).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from xltoolkit.findings import make
from xltoolkit.io.formulas import live_name
from xltoolkit.model.funding import LiveTotals, amount, is_text_amount, live_totals
from xltoolkit.model.money import CENT, Bedrag, format_euro
from xltoolkit.model.submission import Aanwendingsregel, CellRef
from xltoolkit.model.values import Onleesbaar
from xltoolkit.services.reconcile.model import Context, Oorzaak, Regio, Status, Totaal, plaats, regeling_naam

ZERO = Decimal(0)


def tolerance(ctx: Context) -> Decimal:
    """The rounding tolerance from the spec's settings (default € 1)."""
    return Decimal(ctx.spec.settings.get("tolerance_cents", 100)) * CENT


def verdict(received: Decimal, spent: Decimal, tol: Decimal, onbepaald: bool) -> Status:
    if onbepaald:
        return "onbepaald"
    if received == 0 and spent == 0:
        return "leeg"
    diff = received - spent
    if abs(diff) <= tol:
        return "sluitend"
    return "overschot" if diff > 0 else "tekort"


def ticked(ctx: Context) -> tuple[str, ...] | None:
    """The regions ticked under SCHOLEN IN SWV; None when that is empty or unreadable."""
    value = ctx.sub.get("regios")
    return value if isinstance(value, tuple) and value else None


def region_kind(ctx: Context, line: Aanwendingsregel) -> str:
    """ "split", a region code, or "none" (no region or an unknown one: allocated pro rata)."""
    if line.regio == ctx.spec.lists["split_region"]:
        return "split"
    return line.regio if line.regio in ctx.spec.region_codes else "none"


def lines(ctx: Context) -> list[tuple[int, Aanwendingsregel]]:
    """The non-empty lines with their index in `sub.aanwending` (which `bron` positions follow)."""
    return [(i, ln) for i, ln in enumerate(ctx.sub.aanwending) if not ln.is_empty]


def reken(ctx: Context) -> tuple[tuple[Regio, ...], Totaal, Decimal]:
    """Per region and in total, with the verdicts; findings go to ctx.findings."""
    spec, sub = ctx.spec, ctx.sub
    live = live_totals(sub, spec)
    tol = tolerance(ctx)
    oorzaken = causes(ctx, live)
    total_received = live.ontvangen
    regions = []
    for rt in live.regions:
        r = rt.region
        per = {g.id: amount(sub.ontvangen(g.id, r)) for g in spec.regelingen}
        regels = sum((amount(ln.bedrag) for _, ln in lines(ctx) if ln.regio == r), ZERO)
        mine = tuple(o for o in oorzaken if r in o.regios)
        regions.append(Regio(
            region=r, ontvangen_per_regeling=per, ontvangen=rt.ontvangen, regels=regels,
            delen=rt.toegewezen - regels, aandeel=rt.aandeel,
            fractie=rt.ontvangen / total_received if total_received > 0 else None,
            besteed=rt.besteed, verschil=rt.verschil,
            status=verdict(rt.ontvangen, rt.besteed, tol, bool(mine)),
            aangevinkt=None if ticked(ctx) is None else r in ticked(ctx),  # type: ignore[operator]
            oorzaken=mine,
        ))
    shown = tuple(r for r in regions if _relevant(ctx, r))
    per_total = {g.id: sum((r.ontvangen_per_regeling[g.id] for r in regions), ZERO) for g in spec.regelingen}
    totaal = Totaal(per_total, live.ontvangen, live.besteed, live.verschil,
                    verdict(live.ontvangen, live.besteed, tol, bool(oorzaken)), tuple(oorzaken))
    _region_findings(ctx, shown, live, oorzaken)
    return shown, totaal, live.niet_toegewezen


def _relevant(ctx: Context, r: Regio) -> bool:
    """A region is shown when the board ticked it or any money or line concerns it."""
    if r.aangevinkt or r.oorzaken or any(v != 0 for v in (r.ontvangen, r.regels, r.delen, r.aandeel)):
        return True
    sub = ctx.sub
    if any(sub.ontvangen(g.id, r.region) is not None for g in ctx.spec.regelingen):
        return True
    return any(ln.regio == r.region or ln.deel(r.region) is not None for _, ln in lines(ctx))


# -- what blocks a verdict ---------------------------------------------------------------------


def causes(ctx: Context, live: LiveTotals) -> list[Oorzaak]:
    """Every PM or unreadable amount that counts, with the regions whose figures it could change."""
    spec, sub = ctx.spec, ctx.sub
    codes = spec.region_codes
    text_received = {r for r in codes for g in spec.regelingen if is_text_amount(sub.ontvangen(g.id, r))}
    pro_rata = [r for r in codes if r in text_received or live.regions[codes.index(r)].ontvangen > 0]
    pro_rata = pro_rata or list(ticked(ctx) or ())
    unallocated_lines = [ln for _, ln in lines(ctx) if region_kind(ctx, ln) == "none"]
    something_unallocated = live.niet_toegewezen != 0 or any(is_text_amount(ln.bedrag) for ln in unallocated_lines)
    out: list[Oorzaak] = []
    for g in spec.regelingen:
        for r in codes:
            value = sub.ontvangen(g.id, r)
            if is_text_amount(value):
                # the region's own figure is unknown, and with it the key of every pro-rata share
                affected = {r, *(pro_rata if something_unallocated else ())}
                wat = f"het ontvangen bedrag {regeling_naam(spec, g.id)} van {r}"
                out.append(_oorzaak(wat, ctx.field_ref(spec.received_field(g.id, r).id), value, affected, codes))
    for i, ln in lines(ctx):
        kind = region_kind(ctx, ln)
        if is_text_amount(ln.bedrag):
            if kind == "split":
                affected = [r for r in codes if ln.deel(r) is not None] or pro_rata
            else:
                affected = [kind] if kind in codes else pro_rata
            out.append(_oorzaak(f"het bedrag in regel {i + 1} van de aanwending", ctx.line_ref(i, "bedrag"), ln.bedrag, affected, codes))
        if kind == "split":
            for r in codes:
                if is_text_amount(ln.deel(r)):
                    out.append(_oorzaak(f"het deel {r} in regel {i + 1} van de aanwending", ctx.line_ref(i, r), ln.deel(r), [r], codes))
    return out


def cause_text(o: Oorzaak) -> str:
    """For "… geen oordeel mogelijk, omdat …": verb last, as Dutch wants it."""
    return f"{o.wat} ({plaats(o.plaats)}) op PM staat" if o.pm else f"{o.wat} ({plaats(o.plaats)}) geen bedrag is ('{o.tekst}')"


def _oorzaak(wat: str, ref: CellRef, value: object, regions, codes) -> Oorzaak:
    pm = isinstance(value, Bedrag) and value.pm
    tekst = "PM" if pm else (value.tekst if isinstance(value, Onleesbaar) else str(value))
    return Oorzaak(wat, ref, tekst, pm, tuple(r for r in codes if r in set(regions)))


# -- findings ----------------------------------------------------------------------------------


def received_places(ctx: Context, region: str) -> str:
    refs = [ctx.field_ref(ctx.spec.received_field(g.id, region).id) for g in ctx.spec.regelingen]
    cells = [r.cell for r in refs if r.cell]
    return f"{refs[0].sheet}!{', '.join(cells)}" if cells else refs[0].sheet


def region_label(ctx: Context, code: str) -> str:
    return ctx.spec.region(code).label


def regions_text(ctx: Context, codes) -> str:
    codes = list(codes)
    if not codes:
        return "het totaal"
    return " en ".join([", ".join(codes[:-1]), codes[-1]]) if len(codes) > 1 else codes[0]


def _region_findings(ctx: Context, shown: tuple[Regio, ...], live: LiveTotals, oorzaken: list[Oorzaak]) -> None:
    for r in shown:
        ref = ctx.name_ref(live_name("verschil", r.region))
        where = {"sheet": ref.sheet, "cell": ref.cell or None, "field": ref.name}
        money = {"ontvangen": format_euro(r.ontvangen), "besteed": format_euro(r.besteed)}
        if r.status == "tekort":
            ctx.findings.append(make("R001", **where, regio=region_label(ctx, r.region), bedrag=format_euro(-r.verschil),
                                     plaats=received_places(ctx, r.region), **money))
        elif r.status == "overschot":
            ctx.findings.append(make("R002", **where, regio=region_label(ctx, r.region), bedrag=format_euro(r.verschil),
                                     plaats=received_places(ctx, r.region), **money))
        elif r.status == "onbepaald":
            why = " en ".join(cause_text(o) for o in r.oorzaken)
            ctx.findings.append(make("R003", **where, regio=region_label(ctx, r.region), oorzaken=why, **money))
    for o in oorzaken:
        code = "R005" if o.pm else "R006"
        ctx.findings.append(make(code, sheet=o.plaats.sheet, cell=o.plaats.cell or None, field=o.plaats.name,
                                 wat=o.wat[0].upper() + o.wat[1:], plaats=plaats(o.plaats), tekst=o.tekst,
                                 regios=regions_text(ctx, o.regios)))
    _received_findings(ctx, shown)
    _allocation_findings(ctx, shown, live)


def total_findings(ctx: Context, shown: tuple[Regio, ...], totaal: Totaal) -> None:
    """The total does not close while every region does: only when no line finding explains it
    (parts that do not add up, R011; lines without region and nothing received, R019)."""
    explained = {"R011", "R019"} & {f.code for f in ctx.findings}
    if totaal.status in ("tekort", "overschot") and all(r.status in ("sluitend", "leeg") for r in shown) and not explained:
        ref = ctx.name_ref(live_name("verschil"))
        ctx.findings.append(make("R004", sheet=ref.sheet, cell=ref.cell or None, field=ref.name,
                                 ontvangen=format_euro(totaal.ontvangen), besteed=format_euro(totaal.besteed),
                                 verschil=format_euro(totaal.verschil), plaats=ctx.middelen_sheet))


def _received_findings(ctx: Context, shown: tuple[Regio, ...]) -> None:
    spec, sub = ctx.spec, ctx.sub
    gegevens = plaats(ctx.field_ref("regios"))
    if ticked(ctx) is None:
        ctx.findings.append(make("R018", sheet=ctx.field_ref("regios").sheet, cell=ctx.field_ref("regios").cell or None,
                                 field="regios", plaats=gegevens))
        return
    for r in spec.region_codes:
        values = {g.id: sub.ontvangen(g.id, r) for g in spec.regelingen}
        if r in ticked(ctx):  # type: ignore[operator]
            if all(v is None or (isinstance(v, Bedrag) and v.euro == 0) for v in values.values()):
                ref = ctx.field_ref(spec.received_field(spec.regelingen[0].id, r).id)
                ctx.findings.append(make("R016", sheet=ref.sheet, cell=ref.cell or None, field=ref.name,
                                         regio=region_label(ctx, r), regiocode=r, gegevens=gegevens, plaats=received_places(ctx, r)))
            continue
        for g in spec.regelingen:
            v = values[g.id]
            if v is None or (isinstance(v, Bedrag) and v.euro == 0):
                continue
            ref = ctx.field_ref(spec.received_field(g.id, r).id)
            shown_amount = format_euro(v.euro) if isinstance(v, Bedrag) and v.euro is not None else f"'{v}'"
            ctx.findings.append(make("R015", sheet=ref.sheet, cell=ref.cell or None, field=ref.name,
                                     bedrag=shown_amount, regeling=regeling_naam(spec, g.id).lower(), regio=region_label(ctx, r), regiocode=r,
                                     plaats=plaats(ref), gegevens=gegevens))


def _allocation_findings(ctx: Context, shown: tuple[Regio, ...], live: LiveTotals) -> None:
    if live.niet_toegewezen == 0:
        return
    sheet = ctx.middelen_sheet
    ref = ctx.name_ref(live_name("niet_toegewezen", "alle"))
    where = {"sheet": ref.sheet, "cell": ref.cell or None, "field": ref.name}
    if live.ontvangen <= 0:
        ctx.findings.append(make("R019", **where, bedrag=format_euro(live.niet_toegewezen), plaats=sheet))
        return
    sharing = [r for r in shown if r.aandeel != 0]
    if len(sharing) < 2:
        return  # one region: every line without a region is simply that region's
    verdeling = "; ".join(f"{r.region} {format_euro(r.aandeel)} ({percent(r.fractie)})" for r in sharing)
    ctx.findings.append(make("R017", **where, bedrag=format_euro(live.niet_toegewezen), verdeling=verdeling,
                             verdeeld=ctx.spec.lists["split_region"], plaats=sheet))


def percent(fraction: Decimal | None) -> str:
    """48,00%: a share in Dutch notation, two decimals."""
    if fraction is None:
        return "—"
    value = (fraction * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",") + "%"
