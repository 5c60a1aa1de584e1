"""Checks on single aanwending lines that decide where their money goes: a region the board did
not tick, a split whose parts do not add up, parts without "Verdeeld", an unknown region."""

from __future__ import annotations

from decimal import Decimal

from xltoolkit.codes import Code
from xltoolkit.findings import make
from xltoolkit.model.middelen import amount, is_text_amount, region_kind, tolerance
from xltoolkit.model.money import Bedrag, format_bedrag, format_euro
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.services.reconcile.board import lines, region_label, ticked
from xltoolkit.services.reconcile.model import Context, place


def check_lines(ctx: Context) -> None:
    regions = ticked(ctx)
    gegevens = place(ctx.field_ref("regios"))
    for i, line in lines(ctx):
        kind = region_kind(line, ctx.spec)
        if kind == "split":
            _check_split(ctx, i, line, regions, gegevens)
            continue
        if kind in ctx.spec.region_codes and regions is not None and kind not in regions:
            ctx.findings.append(_make(ctx, "R010", i, line, "regio", bedrag=_shown(line.bedrag),
                                      regio=region_label(ctx, kind), regiocode=kind, gegevens=gegevens))
        if kind == "none" and line.regio is not None:
            choices = ", ".join([*ctx.spec.region_codes, ctx.spec.lists.split_region])
            ctx.findings.append(_make(ctx, "R014", i, line, "regio", waarde=line.regio, keuzes=choices))
        if any(line.deel(r) is not None for r in ctx.spec.region_codes):
            ctx.findings.append(_make(ctx, "R013", i, line, "regio", regio=f"'{line.regio}'" if line.regio else "niets",
                                      verdeeld=ctx.spec.lists.split_region))


def _check_split(ctx: Context, i: int, line: Aanwendingsregel, regions: tuple[str, ...] | None, gegevens: str) -> None:
    codes = ctx.spec.region_codes
    parts = {r: line.deel(r) for r in codes}
    if regions is not None:
        for r, part in parts.items():
            if r not in regions and part is not None and amount(part) != 0:
                ctx.findings.append(_make(ctx, "R012", i, line, r, bedrag=_shown(part), regio=region_label(ctx, r),
                                          regiocode=r, gegevens=gegevens))
    if any(is_text_amount(v) for v in (line.bedrag, *parts.values())):
        return  # PM or unreadable: the verdict is already blocked for the regions of this line
    total = amount(line.bedrag)  # an empty amount counts as 0, as in the live check
    som = sum((amount(p) for p in parts.values()), Decimal(0))
    if abs(som - total) > tolerance(ctx.spec) or (som == 0) != (total == 0):
        ctx.findings.append(_make(ctx, "R011", i, line, "bedrag", bedrag=_shown(line.bedrag),
                                  som=format_euro(som), verschil=format_euro(total - som)))


def _make(ctx: Context, code: Code, i: int, line: Aanwendingsregel, column: str, **params):
    ref = ctx.line_ref(i, column)
    return make(code, sheet=ref.sheet, cell=ref.cell or None, field=ref.name, regel=i + 1, plaats=place(ref),
                omschrijving=line.omschrijving or "zonder omschrijving", **params)


def _shown(value: object) -> str:
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    return "leeg" if value is None else f"'{value}'"
