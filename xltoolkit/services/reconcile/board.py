"""Board level: received, spent, difference and status per region and in total, and the findings.

Every figure and every verdict comes from `xltoolkit.model.middelen` (the money rule that the
workbook's live check computes too), so `xltoolkit reconcile`, the Start sheet, the report and
the SWV overview say the same. What this module adds is words and places: which amount blocks a
verdict, and one finding per verdict that is a fact. A region whose figures rest on a pro-rata
allocation (indicatief) gets no finding of its own; the board's total always does when it does
not close, unless a region's finding already says exactly that.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from xltoolkit.codes import Code
from xltoolkit.findings import Finding, make
from xltoolkit.io.formulas import live_name
from xltoolkit.model.middelen import LiveTotals, TextAmount, live_totals, region_kind, tolerance, warning_gap
from xltoolkit.model.money import CENT, Bedrag, format_euro
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.model.values import Unreadable
from xltoolkit.services.reconcile.model import Cause, Context, Regio, Totaal, place, regeling_name

ZERO = Decimal(0)


def ticked(ctx: Context) -> tuple[str, ...] | None:
    """The regions ticked under SCHOLEN IN SWV; None when that is empty or unreadable."""
    value = ctx.sub.get("regios")
    return value if isinstance(value, tuple) and value else None


def lines(ctx: Context) -> list[tuple[int, Aanwendingsregel]]:
    """The non-empty lines with their index in `sub.aanwending` (which `source` positions follow)."""
    return [(i, ln) for i, ln in enumerate(ctx.sub.aanwending) if not ln.is_empty]


def compute(ctx: Context) -> tuple[tuple[Regio, ...], Totaal, LiveTotals]:
    """Per region and in total, as the money rule has them; findings go to ctx.findings."""
    spec, sub = ctx.spec, ctx.sub
    live = live_totals(sub, spec)
    causes = [cause(ctx, t) for t in live.tekst]
    total_received = live.ontvangen
    regions = []
    for rt in live.regions:
        r = rt.region
        regions.append(Regio(
            region=r, ontvangen_per_regeling=rt.ontvangen_per_regeling,
            ontvangen=rt.ontvangen, regels=rt.regels, delen=rt.toegewezen - rt.regels, share=rt.share,
            fraction=rt.ontvangen / total_received if total_received > 0 else None,
            besteed=rt.besteed, verschil=rt.verschil, status=rt.status,
            ticked=None if ticked(ctx) is None else r in ticked(ctx),  # type: ignore[operator]
            causes=tuple(o for o in causes if r in o.regios), pro_rata=rt.pro_rata, besteed_range=rt.besteed_range,
        ))
    shown = tuple(r for r in regions if _relevant(ctx, r))
    totaal = Totaal(live.ontvangen_per_regeling, live.ontvangen, live.besteed, live.verschil, live.status, tuple(causes))
    _region_findings(ctx, shown, live, causes)
    total_findings(ctx, shown, totaal)
    return shown, totaal, live


def _relevant(ctx: Context, r: Regio) -> bool:
    """A region is shown when the board ticked it or any money or line concerns it."""
    if r.ticked or r.causes or any(v != 0 for v in (r.ontvangen, r.regels, r.delen, r.share)):
        return True
    sub = ctx.sub
    if any(sub.ontvangen(g.id, r.region) is not None for g in ctx.spec.regelingen):
        return True
    return any(ln.regio == r.region or ln.deel(r.region) is not None for _, ln in lines(ctx))


# -- what blocks a verdict ---------------------------------------------------------------------


def cause(ctx: Context, t: TextAmount) -> Cause:
    """A PM or unreadable amount in words, at its cell."""
    if t.cell == "ontvangen":
        what = f"het ontvangen bedrag {regeling_name(ctx.spec, t.regeling)} van {t.region}"  # type: ignore[arg-type]
        ref = ctx.field_ref(ctx.spec.received_field(t.regeling, t.region).id)  # type: ignore[arg-type]
    elif t.cell == "bedrag":
        what, ref = f"het bedrag in regel {t.line + 1} van de aanwending", ctx.line_ref(t.line, "bedrag")  # type: ignore[operator, arg-type]
    else:
        what, ref = f"het deel {t.region} in regel {t.line + 1} van de aanwending", ctx.line_ref(t.line, t.region)  # type: ignore[operator, arg-type]
    pm = isinstance(t.value, Bedrag) and t.value.pm
    tekst = "PM" if pm else (t.value.tekst if isinstance(t.value, Unreadable) else str(t.value))
    return Cause(what, ref, tekst, pm, t.regions)


def cause_text(o: Cause) -> str:
    """For "… geen oordeel mogelijk, omdat …": verb last, as Dutch wants it."""
    return f"{o.what} ({place(o.plaats)}) op PM staat" if o.pm else f"{o.what} ({place(o.plaats)}) geen bedrag is ('{o.tekst}')"


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


def _region_findings(ctx: Context, shown: tuple[Regio, ...], live: LiveTotals, causes: list[Cause]) -> None:
    for r in shown:
        ref = ctx.name_ref(live_name("verschil", r.region))
        where = {"sheet": ref.sheet, "cell": ref.cell or None, "field": ref.name}
        if r.status in ("tekort", "overschot"):
            ctx.findings.append(_gap_finding(ctx, r, where))
        elif r.status == "onbepaald":
            why = " en ".join(cause_text(o) for o in r.causes)
            ctx.findings.append(make("R003", **where, regio=region_label(ctx, r.region), oorzaken=why,
                                     ontvangen=format_euro(r.ontvangen), besteed=format_euro(r.besteed)))
    for o in causes:
        code: Code = "R005" if o.pm else "R006"
        ctx.findings.append(make(code, sheet=o.plaats.sheet, cell=o.plaats.cell or None, field=o.plaats.name,
                                 wat=o.what[0].upper() + o.what[1:], plaats=place(o.plaats), tekst=o.tekst,
                                 regios=regions_text(ctx, o.regios)))
    _received_findings(ctx, shown)
    _allocation_findings(ctx, shown, live)


def _gap_finding(ctx: Context, r: Regio, where: dict) -> Finding:
    """A region that does not close, as a fact: with a pro-rata share in play, the figures that hold
    whatever the share is (spent at least / at most); a small gap is a waarschuwing (R009)."""
    tekort = r.status == "tekort"
    lo, hi = r.besteed_range
    besteed = lo if tekort else hi
    gap = abs(r.ontvangen - besteed)
    bound = ("ten minste " if tekort else "ten hoogste ") if r.pro_rata else ""
    params = {
        "regio": region_label(ctx, r.region), "ontvangen": format_euro(r.ontvangen), "besteed": bound + format_euro(besteed),
        "naar_rato": ", wat het aandeel in de regels zonder regio ook is" if r.pro_rata else "",
        "plaats": received_places(ctx, r.region),
    }
    amount_text = ("ten minste " if r.pro_rata else "") + format_euro(gap)
    if gap <= warning_gap(ctx.spec):
        uitkomst = f"{amount_text} {'meer' if tekort else 'minder'} besteed dan ontvangen"
        return make("R009", **where, uitkomst=uitkomst, tolerantie=format_euro(tolerance(ctx.spec)), **params)
    return make("R001" if tekort else "R002", **where, bedrag=amount_text, **params)


def total_findings(ctx: Context, shown: tuple[Regio, ...], totaal: Totaal) -> None:
    """The total, whenever it does not close: the verdict that is always a fact. Left out only when
    the one region with money says exactly the same (then its figures are the total's)."""
    if totaal.status not in ("tekort", "overschot"):
        return
    with_money = [r for r in shown if r.status != "leeg"]
    if len(with_money) == 1 and (with_money[0].status, with_money[0].verschil) == (totaal.status, totaal.verschil):
        return
    gap = abs(totaal.verschil)
    uitkomst = f"{format_euro(gap)} {'niet verantwoord' if totaal.status == 'overschot' else 'meer besteed dan ontvangen'}"
    ref = ctx.name_ref(live_name("verschil"))
    ctx.findings.append(make("R008" if gap <= warning_gap(ctx.spec) else "R007", sheet=ref.sheet, cell=ref.cell or None,
                             field=ref.name, ontvangen=format_euro(totaal.ontvangen), besteed=format_euro(totaal.besteed),
                             uitkomst=uitkomst, tolerantie=format_euro(tolerance(ctx.spec)),
                             ontvangen_plaats=place(ctx.name_ref(live_name("ontvangen"))), plaats=ctx.middelen_sheet))


def _received_findings(ctx: Context, shown: tuple[Regio, ...]) -> None:
    spec, sub = ctx.spec, ctx.sub
    gegevens = place(ctx.field_ref("regios"))
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
                                     bedrag=shown_amount, regeling=regeling_name(spec, g.id).lower(), regio=region_label(ctx, r), regiocode=r,
                                     plaats=place(ref), gegevens=gegevens))


def _allocation_findings(ctx: Context, shown: tuple[Regio, ...], live: LiveTotals) -> None:
    """Lines without region and nothing received to share them by (R019); on a board that also has
    lines with a region, which regions' verdicts rest on the pro-rata allocation and which do not (R017)."""
    if live.unassigned == 0:
        return
    sheet = ctx.middelen_sheet
    ref = ctx.name_ref(live_name("niet_toegewezen", "alle"))
    where = {"sheet": ref.sheet, "cell": ref.cell or None, "field": ref.name}
    if live.ontvangen <= 0:
        if not any(t.cell == "ontvangen" for t in live.tekst):  # PM or unreadable is not "nothing received"
            ctx.findings.append(make("R019", **where, bedrag=format_euro(live.unassigned), plaats=sheet))
        return
    sharing = [r for r in shown if r.pro_rata]
    mixed = any(region_kind(ln, ctx.spec) != "none" for _, ln in lines(ctx))
    if len(sharing) < 2 or not mixed:
        return  # one region: the lines are simply its own; no region on any line: the sheets say indicatief
    verdeling = "; ".join(f"{r.region} {format_euro(r.share)} ({percent(r.fraction)})" for r in sharing)
    ctx.findings.append(make("R017", **where, bedrag=format_euro(live.unassigned), verdeling=verdeling,
                             oordeel=_which_verdicts(ctx, sharing), verdeeld=ctx.spec.lists.split_region, plaats=sheet))


def _which_verdicts(ctx: Context, sharing: list[Regio]) -> str:
    """Which regions' verdicts are only indicatief and which their own lines decide (" ..." or "")."""
    indicatief = [r.region for r in sharing if r.status == "indicatief"]
    decided = [r.region for r in sharing if r.status in ("sluitend", "tekort", "overschot")]
    parts = []
    if indicatief:
        parts.append(f"het oordeel per regio is daardoor indicatief voor {regions_text(ctx, indicatief)}"
                     + (" (het oordeel staat bij het totaal)" if decided else "; het oordeel staat bij het totaal"))
    if decided:
        parts.append(f"voor {regions_text(ctx, decided)} beslissen de eigen regels het oordeel, wat de verdeling ook is")
    text = "; ".join(parts)
    return f" {text[0].upper()}{text[1:]}." if text else ""


def percent(fraction: Decimal | None) -> str:
    """48,00%: a share in Dutch notation, two decimals."""
    if fraction is None:
        return "—"
    value = (fraction * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",") + "%"
