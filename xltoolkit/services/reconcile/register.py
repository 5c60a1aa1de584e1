"""SWV level: what each board says it received, against the SWV's register of beschikkingen.

Per board, region and regeling: "bestuur zegt € X, beschikking zegt € Y". The board is found in
the register by name (tolerantly, and the match is always reported), for its own school year.
`compare_besturen` does this for all boards of an SWV at once and also lists the decisions in
the register for which no workbook was compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xltoolkit.findings import Finding, make
from xltoolkit.model.middelen import tolerance
from xltoolkit.model.money import Bedrag, format_euro
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Naamkoppeling, Register, normalise_name, normalise_schooljaar
from xltoolkit.services.reconcile.board import region_label
from xltoolkit.services.reconcile.model import Context, RegisterComparison, RegisterLine, koppeling_text, place, regeling_name
from xltoolkit.spec import TemplateSpec


def compare_register(ctx: Context, register: Register) -> RegisterComparison:
    """One board against the register; findings go to ctx.findings."""
    naam_ref = ctx.field_ref("bestuur")
    bestuur = ctx.sub.bestuur if isinstance(ctx.sub.bestuur, str) else None
    if not bestuur:
        ctx.findings.append(make("R025", **_at(naam_ref), plaats=place(naam_ref), register=register.naam))
        return RegisterComparison(register.naam, None, None)
    jaar, ok = _schooljaar(ctx, register)
    if not ok:
        return RegisterComparison(register.naam, jaar, None)
    koppeling = register.zoek_bestuur(bestuur, jaar)
    _report_match(ctx, register, koppeling, jaar)
    if koppeling.gevonden is None:
        return RegisterComparison(register.naam, jaar, koppeling)
    regels = _compare(ctx, register, koppeling.gevonden, jaar)
    return RegisterComparison(register.naam, jaar, koppeling, regels)


def _at(ref) -> dict:
    return {"sheet": ref.sheet, "cell": ref.cell or None, "field": ref.name}


def _schooljaar(ctx: Context, register: Register) -> tuple[str | None, bool]:
    """The school year to compare: the board's, or the register's only one (with a warning)."""
    ref = ctx.field_ref("schooljaar")
    jaren = register.schooljaren()
    jaar = normalise_schooljaar(ctx.sub.schooljaar)
    timeless = any(b.schooljaar is None for b in register.beschikkingen)
    if jaar is None:
        if len(jaren) > 1:
            ctx.findings.append(make("R029", **_at(ref), plaats=place(ref), register=register.naam, jaren=", ".join(jaren)))
            return None, False
        if jaren:
            ctx.findings.append(make("R027", **_at(ref), plaats=place(ref), register=register.naam, schooljaar=jaren[0]))
            return jaren[0], True
        return None, True
    if jaren and jaar not in jaren and not timeless:
        ctx.findings.append(make("R026", **_at(ref), plaats=place(ref), register=register.naam, schooljaar=jaar,
                                 jaren=", ".join(jaren)))
        return jaar, False
    return jaar, True


def _report_match(ctx: Context, register: Register, k: Naamkoppeling, jaar: str | None) -> None:
    ref = ctx.field_ref("bestuur")
    common = {**_at(ref), "bestuur": k.gezocht, "register": register.naam, "plaats": place(ref)}
    if k.methode in ("exact", "genormaliseerd"):
        ctx.findings.append(make("R023", **common, gevonden=k.gevonden, hoe=koppeling_text(k)))
    elif k.methode == "gelijkend":
        ctx.findings.append(make("R024", **common, gevonden=k.gevonden, score=round(k.score * 100)))
    elif k.methode == "twijfel":
        ctx.findings.append(make("R022", **common, kandidaten=" of ".join(f"'{a}'" for a in k.alternatieven)))
    else:
        suggestie = " Bedoelt u " + " of ".join(f"'{a}'" for a in k.alternatieven[:2]) + "?" if k.alternatieven else ""
        ctx.findings.append(make("R021", **common, schooljaar=f" voor {jaar}" if jaar else "", suggestie=suggestie))


def _compare(ctx: Context, register: Register, naam: str, jaar: str | None) -> tuple[RegisterLine, ...]:
    spec, sub = ctx.spec, ctx.sub
    decided = register.bedragen(naam, jaar)
    tol = tolerance(ctx.spec)
    out = []
    for r in spec.region_codes:
        for g in spec.regelingen:
            value, beschikking = sub.ontvangen(g.id, r), decided.get((r, g.id))
            if value is None and beschikking is None:
                continue
            ref = ctx.field_ref(spec.received_field(g.id, r).id)
            known = value.euro if isinstance(value, Bedrag) and value.euro is not None else None
            text = None if value is None or known is not None else ("PM" if isinstance(value, Bedrag) else str(value))
            board = known if known is not None else (Decimal(0) if value is None else None)
            verschil = None if board is None else board - (beschikking or Decimal(0))
            matches = verschil is not None and abs(verschil) <= tol
            row = RegisterLine(sub.bestuur or "", naam, r, g.id, known, text, beschikking, verschil, matches, ref,
                                tuple(register.plaatsen(naam, jaar, r, g.id)))
            out.append(row)
            if not matches:
                ctx.findings.append(_mismatch(ctx, row))
    return tuple(out)


def _mismatch(ctx: Context, row: RegisterLine) -> Finding:
    zegt = f"'{row.bestuur_text}'" if row.bestuur_text else (format_euro(row.bestuur_amount) if row.bestuur_amount is not None else "niets")
    beschikking = format_euro(row.beschikking) if row.beschikking is not None else "niets (geen beschikking)"
    source = "register " + ", ".join(row.source) if row.source else "niet in het register"
    return make("R020", **_at(row.plaats), regio=region_label(ctx, row.region), regeling=regeling_name(ctx.spec, row.regeling),
                bestuur_zegt=zegt, beschikking=beschikking, bron=source, plaats=place(row.plaats),
                verschil=format_euro(row.verschil) if row.verschil is not None else "onbekend")


# -- all boards of an SWV at once --------------------------------------------------------------


@dataclass
class SwvComparison:
    """Every board against the register, with the mismatches per region and per board."""

    per_bestuur: list[tuple[str, RegisterComparison]]  # (workbook label, its comparison)
    findings: list[Finding] = field(default_factory=list)
    zonder_werkboek: list[str] = field(default_factory=list)  # register boards nobody reported on

    def mismatches_per_regio(self) -> dict[str, list[RegisterLine]]:
        out: dict[str, list[RegisterLine]] = {}
        for _, v in self.per_bestuur:
            for row in v.mismatches:
                out.setdefault(row.region, []).append(row)
        return out

    def mismatches_per_bestuur(self) -> dict[str, list[RegisterLine]]:
        return {label: list(v.mismatches) for label, v in self.per_bestuur if v.mismatches}

    def totals_per_regio(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Region -> (what the compared boards say they received, what the register says was paid)."""
        out: dict[str, tuple[Decimal, Decimal]] = {}
        for _, v in self.per_bestuur:
            for row in v.regels:
                zegt, besch = out.get(row.region, (Decimal(0), Decimal(0)))
                out[row.region] = (zegt + (row.bestuur_amount or 0), besch + (row.beschikking or 0))
        return out


def compare_besturen(boards: list[tuple[str, Submission]], register: Register, spec: TemplateSpec) -> SwvComparison:
    """`boards` are (label, submission) pairs, e.g. the file name of each workbook."""
    result = SwvComparison([])
    result.findings.extend(register.findings)
    matched: set[str] = set()
    for label, sub in boards:
        ctx = Context(sub, spec)
        v = compare_register(ctx, register)
        result.per_bestuur.append((label, v))
        result.findings.extend(ctx.findings)
        if v.koppeling is not None and v.koppeling.gevonden:
            matched.add(normalise_name(v.koppeling.gevonden))
    for naam in register.besturen():
        if normalise_name(naam) not in matched:
            total = sum(register.bedragen(naam).values(), Decimal(0))
            result.zonder_werkboek.append(naam)
            result.findings.append(make("R028", sheet=register.naam, register=register.naam, bestuur=naam, bedrag=format_euro(total)))
    return result

