"""A reconciliation as JSON (amounts as decimal strings) or as Dutch text (amounts "€ 81.739").

Kept out of the CLI so every front-end (command line, Excel button, report) shows the same thing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from xltoolkit.findings import sort_findings
from xltoolkit.model.money import format_euro, machine_amount
from xltoolkit.services.reconcile.board import percent
from xltoolkit.services.reconcile.model import NOT_SLUITEND, Reconciliation, koppeling_text, regeling_name
from xltoolkit.spec import TemplateSpec


def as_json(result: Reconciliation, spec: TemplateSpec) -> dict[str, Any]:
    """{"file", "regions": [{"region", <regeling ids>, "received", "spent", "difference", "status"}],
    "total": {...}, "findings": [...]}"""

    def amounts(per: dict[str, Decimal], received: Decimal, spent: Decimal, diff: Decimal, status: str) -> dict[str, Any]:
        return {**{g.id: machine_amount(per[g.id]) for g in spec.regelingen},
                "received": machine_amount(received), "spent": machine_amount(spent),
                "difference": machine_amount(diff), "status": status}

    t = result.totaal
    return {
        "file": result.bestand,
        "regions": [{"region": r.region, **amounts(r.ontvangen_per_regeling, r.ontvangen, r.besteed, r.verschil, r.status)}
                    for r in result.regions],
        "total": amounts(t.ontvangen_per_regeling, t.ontvangen, t.besteed, t.verschil, t.status),
        "findings": [f.as_dict() for f in sort_findings(list(result.findings))],
    }


def as_text(result: Reconciliation, spec: TemplateSpec) -> str:
    lines = [_title(result), ""]
    lines += _table(result, spec)
    lines += _allocation(result)
    lines += _register(result, spec)
    lines += _findings(result)
    lines += ["", _verdict(result)]
    return "\n".join(lines)


def _title(result: Reconciliation) -> str:
    who = ", ".join(x for x in (result.bestuur or "(bestuur niet ingevuld)",
                                f"schooljaar {result.schooljaar}" if result.schooljaar else "(schooljaar niet ingevuld)"))
    name = Path(result.bestand).name if result.bestand else ""
    return f"Reconciliatie {name} — {who}".replace("  ", " ")


def _table(result: Reconciliation, spec: TemplateSpec) -> list[str]:
    if not result.regions:
        return ["Er is niets ontvangen of besteed: er valt niets te reconciliëren."]
    head = ["Regio", *(regeling_name(spec, g.id) for g in spec.regelingen), "Ontvangen", "Besteed", "Verschil", "Status"]
    rows = [[spec.region(r.region).label, *(format_euro(r.ontvangen_per_regeling[g.id]) for g in spec.regelingen),
             format_euro(r.ontvangen), format_euro(r.besteed), format_euro(r.verschil), result.text(r.status)]
            for r in result.regions]
    t = result.totaal
    rows.append(["Totaal", *(format_euro(t.ontvangen_per_regeling[g.id]) for g in spec.regelingen),
                 format_euro(t.ontvangen), format_euro(t.besteed), format_euro(t.verschil), result.text(t.status)])
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]

    def fmt(row: list[str]) -> str:
        cells = [str(c).ljust(w) if i in (0, len(row) - 1) else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    return [fmt(head), *(fmt(r) for r in rows)]


def _allocation(result: Reconciliation) -> list[str]:
    out = [""]
    for r in result.regions:
        out.append(f"Besteed in {r.region}: regels met regio {format_euro(r.regels)}, deel van verdeelde regels "
                   f"{format_euro(r.delen)}, aandeel regels zonder regio {format_euro(r.share)}")
    if result.unassigned != 0 and result.regions and result.totaal.ontvangen > 0:
        key = ", ".join(f"{r.region} {format_euro(r.share)} ({percent(r.fraction)})" for r in result.regions)
        out.append(f"Regels zonder regio ({format_euro(result.unassigned)}), naar rato van het ontvangen bedrag: {key}")
    if any(r.status == "indicatief" for r in result.regions):
        out.append(f"{result.status_words.indicatief}: besteed per regio rust op die verdeling en is geen feit; "
                   "het oordeel staat bij het totaal.")
    return out


def _register(result: Reconciliation, spec: TemplateSpec) -> list[str]:
    v = result.register
    if v is None:
        return []
    out = ["", f"Beschikkingen ({v.register}):"]
    k = v.koppeling
    if k is None or k.gevonden is None:
        out.append("  niet vergeleken (zie de meldingen)")
        return out
    out.append(f"  bestuur '{k.gezocht}' gevonden als '{k.gevonden}' ({koppeling_text(k)})"
               + (f", schooljaar {v.schooljaar}" if v.schooljaar else ""))
    by_region: dict[str, list] = {}
    for row in v.regels:
        by_region.setdefault(row.region, []).append(row)
    for region, rows in by_region.items():
        out.append(f"  {spec.region(region).label}:")
        for row in rows:
            zegt = f"'{row.bestuur_text}'" if row.bestuur_text else (format_euro(row.bestuur_amount) if row.bestuur_amount is not None else "niets")
            besch = format_euro(row.beschikking) if row.beschikking is not None else "niets"
            out.append(f"    {regeling_name(spec, row.regeling)}: bestuur zegt {zegt}, beschikking zegt {besch}"
                       f" — {'klopt' if row.matches else 'wijkt af'}")
    if not v.regels:
        out.append("  geen bedragen om te vergelijken")
    return out


def _findings(result: Reconciliation) -> list[str]:
    if not result.findings:
        return []
    out = ["", f"Meldingen ({len(result.findings)}):"]
    for f in sort_findings(list(result.findings)):
        out.append(f"  {f.severity:<12} {f.code}  {f.message}")
    return out


def _verdict(result: Reconciliation) -> str:
    if result.ok:
        return "Oordeel: sluitend." if result.regions else "Oordeel: niets te reconciliëren."
    open_regions = [f"{r.region} {result.text(r.status).lower()}" for r in result.regions if r.status in NOT_SLUITEND]
    with_money = [r for r in result.regions if r.status != "leeg"]
    if result.totaal.status in NOT_SLUITEND and (len(with_money) > 1 or not open_regions):
        open_regions.append(f"totaal {result.text(result.totaal.status).lower()}")
    errors = sum(1 for f in result.findings if f.severity == "fout")
    parts = open_regions + ([f"{errors} fout{'en' if errors != 1 else ''}"] if errors else [])
    return "Oordeel: niet sluitend (" + ", ".join(parts) + ")."
