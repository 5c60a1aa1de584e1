"""The rows of the comparison, as plain values: every sum a Decimal sum, every difference exact.

A percentage is the change against last year, (this year - last year) / last year, rounded half up
to a hundredth of a percent; when last year is 0 there is no percentage ("n.v.t."), and when the
board or region was not there last year the cell stays empty. Totals per region and school year
count every board of that year, also one whose name could not be matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xltoolkit.services.compare.figures import BestuurYear, Middelen
from xltoolkit.services.compare.match import BoardMatch
from xltoolkit.spec import TemplateSpec

ZERO = Decimal(0)
NVT = "n.v.t."
PRECISION = Decimal("0.0001")  # a fraction: 0.0001 = 0.01%
NIEUW = "Nieuw dit jaar"
VERDWENEN = "Niet meer dit jaar"
DUBBELZINNIG = "Niet vergeleken: de naam is niet eenduidig (zie Problemen)"
ZONDER_JAAR = "Niet vergeleken: het werkboek van dit jaar heeft geen schooljaar (zie Problemen)"


def percent(dit: Decimal | None, vorig: Decimal | None) -> Decimal | str | None:
    """The change against last year as a fraction; "n.v.t." when last year is 0, None when absent."""
    if dit is None or vorig is None:
        return None
    if vorig == 0:
        return NVT
    return ((dit - vorig) / vorig).quantize(PRECISION, rounding=ROUND_HALF_UP)


def verschil(dit: Decimal | None, vorig: Decimal | None) -> Decimal | None:
    """This year minus last year; a side that is absent counts as nothing, both absent is no difference."""
    if dit is None and vorig is None:
        return None
    return (dit or ZERO) - (vorig or ZERO)


def _side(m: Middelen | None, attr: str) -> tuple[Decimal | None, bool]:
    """A value of one year and whether it is known: absent (no such region that year) is known to be
    nothing; a value that could not be read is unknown, and no difference is made with it."""
    if m is None:
        return None, True
    value = getattr(m, attr)
    return value, value is not None


def regio_totals(cijfers: Iterable[BestuurYear], jaar: str) -> dict[str, Middelen]:
    """Received and spent per region over every board of `jaar` (exact sums)."""
    out: dict[str, Middelen] = {}
    for b in cijfers:
        if b.schooljaar != jaar:
            continue
        for code, m in b.middelen.items():  # an unreadable value is left out (its finding says so)
            acc = out.get(code, Middelen(ZERO, ZERO))
            out[code] = Middelen((acc.ontvangen or ZERO) + (m.ontvangen or ZERO), (acc.besteed or ZERO) + (m.besteed or ZERO))
    return out


def by_year(cijfers: list[BestuurYear], jaren: list[str], spec: TemplateSpec) -> list[tuple[Any, ...]]:
    """Per region: its name, received per year, spent per year (None for a year without that region)."""
    totals = {j: regio_totals(cijfers, j) for j in jaren}
    rows = []
    for code in spec.region_codes:
        if not any(code in totals[j] for j in jaren):
            continue
        ontvangen = [totals[j][code].ontvangen if code in totals[j] else None for j in jaren]
        besteed = [totals[j][code].besteed if code in totals[j] else None for j in jaren]
        rows.append((spec.region(code).name, code, *ontvangen, *besteed))
    return rows


def _pair(dit: Middelen | None, vorig: Middelen | None) -> tuple[Any, ...]:
    out: list[Any] = []
    for attr in ("ontvangen", "besteed"):
        (now, known_now), (before, known_before) = _side(dit, attr), _side(vorig, attr)
        known = known_now and known_before
        out += [before, now, verschil(now, before) if known else None, percent(now, before) if known else None]
    return tuple(out)


def by_regio(cijfers: list[BestuurYear], dit_jaar: str, vorig_jaar: str, spec: TemplateSpec) -> list[tuple[Any, ...]]:
    """Per region: received and spent last year and this year, difference and percentage."""
    dit, vorig = regio_totals(cijfers, dit_jaar), regio_totals(cijfers, vorig_jaar)
    return [(spec.region(code).name, code, *_pair(dit.get(code), vorig.get(code)))
            for code in spec.region_codes if code in dit or code in vorig]


def by_bestuur(k: BoardMatch, dit_jaar: str, spec: TemplateSpec) -> list[tuple[Any, ...]]:
    """Per board and region: both years side by side, with what to know about the row."""
    order = {c: i for i, c in enumerate(spec.region_codes)}
    rows: list[tuple[Any, ...]] = []

    def add(naam: str, vorig: BestuurYear | None, dit: BestuurYear | None, opmerking: str) -> None:
        codes = sorted({*(vorig.middelen if vorig else {}), *(dit.middelen if dit else {})}, key=lambda c: order.get(c, 99))
        for code in codes:
            m_vorig = vorig.middelen.get(code) if vorig else None
            m_dit = dit.middelen.get(code) if dit else None
            rows.append((naam, code, *_pair(m_dit, m_vorig), opmerking))

    entries: list[tuple[str, BestuurYear | None, BestuurYear | None, str]] = []
    for b_vorig, b_dit in k.paren:
        note = f"Gekoppeld aan '{b_vorig.bestuur}' (gelijkende naam)" if id(b_dit) in k.gelijkend else ""
        entries.append((b_dit.bestuur, b_vorig, b_dit, note))
    entries += [(b.bestuur, None, b, _with_doubt(NIEUW, k, b)) for b in k.nieuw]
    entries += [(b.bestuur, b, None, _with_doubt(VERDWENEN, k, b)) for b in k.verdwenen]
    entries += [(b.bestuur, b, None, ZONDER_JAAR) for b in k.zonder_jaar]
    for naam, vorig, dit, note in sorted(entries, key=lambda e: (e[0].casefold(), e[0])):
        add(naam, vorig, dit, note)
    for b in sorted(k.dubbelzinnig, key=lambda b: (b.schooljaar, b.bestuur.casefold())):
        for code in sorted(b.middelen, key=lambda c: order.get(c, 99)):
            m = b.middelen[code]
            mine = b.schooljaar == dit_jaar
            values = (None, m.ontvangen, None, None, None, m.besteed, None, None) if mine else \
                     (m.ontvangen, None, None, None, m.besteed, None, None, None)
            rows.append((b.bestuur, code, *values, f"{DUBBELZINNIG}; {b.schooljaar}"))
    return rows


def _with_doubt(text: str, k: BoardMatch, b: BestuurYear) -> str:
    close = k.twijfel.get(id(b))
    return f"{text}; lijkt op {', '.join(repr(c) for c in close)} (zie Problemen)" if close else text


def new_and_gone(k: BoardMatch) -> list[tuple[Any, ...]]:
    """Boards that appeared or disappeared: name, what, regions, received in their year, similar names."""
    rows = []
    for b, wat in [*((b, NIEUW) for b in k.nieuw), *((b, VERDWENEN) for b in k.verdwenen)]:
        ontvangen = sum((m.ontvangen for m in b.middelen.values() if m.ontvangen is not None), ZERO)
        rows.append((b.bestuur, ", ".join(sorted(b.middelen)), wat, b.schooljaar, ontvangen,
                     ", ".join(k.twijfel.get(id(b), ()))))
    return sorted(rows, key=lambda r: (r[2] != NIEUW, r[0].casefold()))


def _nummers(values: Iterable[int] | None) -> str:
    return "onbekend" if values is None else ", ".join(str(n) for n in sorted(values))


def indicatoren_by_bestuur(k: BoardMatch) -> list[tuple[Any, ...]]:
    """Per board: the numbers chosen last year and this year, newly chosen and no longer chosen."""
    rows = []
    for b_vorig, b_dit in k.paren:
        old, new = b_vorig.indicatoren, b_dit.indicatoren
        known = old is not None and new is not None
        rows.append((b_dit.bestuur, _nummers(old), _nummers(new), _nummers(new - old) if known else "",  # type: ignore[operator]
                     _nummers(old - new) if known else ""))  # type: ignore[operator]
    rows += [(b.bestuur, "", _nummers(b.indicatoren), "", "") for b in k.nieuw]
    rows += [(b.bestuur, _nummers(b.indicatoren), "", "", "") for b in k.verdwenen]
    return sorted(rows, key=lambda r: r[0].casefold())


def indicatoren_by_year(cijfers: list[BestuurYear], jaren: list[str], spec: TemplateSpec) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """Per indicator: how many boards chose it in each year; and per year how many boards' choices are known."""
    known = {j: [b.indicatoren for b in cijfers if b.schooljaar == j and b.indicatoren is not None] for j in jaren}
    rows = []
    for n in sorted(spec.indicators):
        counts = [sum(1 for gekozen in known[j] if n in gekozen) for j in jaren]
        rows.append((spec.indicators[n], n, *counts, counts[-1] - counts[-2] if len(counts) > 1 else None))
    return rows, {j: len(known[j]) for j in jaren}


def kengetallen_by_year(cijfers: list[BestuurYear], jaren: list[str], velden: list[str],
                         spec: TemplateSpec) -> list[tuple[Any, ...]]:
    """Per key figure: the total over the boards that filled it in, per year, and how many did."""
    rows = []
    for fid in velden:
        totals, counts = [], []
        for j in jaren:
            values = [b.kengetallen[fid] for b in cijfers if b.schooljaar == j and fid in b.kengetallen]
            totals.append(sum(values) if values else None)
            counts.append(len(values))
        change = totals[-1] - totals[-2] if len(totals) > 1 and totals[-1] is not None and totals[-2] is not None else None
        rows.append((spec.field(fid).label, *totals, change, *counts))
    return rows
