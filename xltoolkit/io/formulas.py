"""The workbook's live checks as Excel formulas, generated from the spec.

Every formula refers to fields by defined name, never by address, so inserting rows or renaming
sheets does not break them. `xltoolkit.model.funding` and `xltoolkit.model.completeness` compute
the same numbers in Python; tests recalculate these formulas in LibreOffice and compare.
"""

from __future__ import annotations

from decimal import Decimal

from xltoolkit.spec import Field, Section, TemplateSpec, received_field_id

LIVE = "live"


def live_name(kind: str, region: str | None = None) -> str:
    """Defined name of a live-check cell: live_ontvangen_PO3104, live_verschil_totaal, ..."""
    return f"{LIVE}_{kind}_{region or 'totaal'}"


def section_count_name(section: Section) -> str:
    return f"{LIVE}_leeg_{section.id}"


def column_name(column_id: str) -> str:
    return f"aanwending_{column_id}"


def empty_test(field: Field) -> str:
    """TRUE when a required field is empty; "n.v.t." counts as filled, blank does not."""
    if field.type == "regions":
        return f'(COUNTIF({field.id},"Ja")=0)'
    return f"(SUMPRODUCT(LEN(TRIM({field.id})))=0)"


def section_empty_count(section: Section) -> str:
    tests = [empty_test(f) for f in section.required_fields]
    return "=" + ("+".join(tests) if tests else "0")


def money_entry(cell: str) -> str:
    """Data validation of an amount cell: a number of 0 or more, or PM."""
    return f'=OR(AND(ISNUMBER({cell}),{cell}>=0),UPPER(TRIM({cell}))="PM")'


MONEY_ERROR = "Vul een bedrag van € 0 of meer in, of PM."


def received(spec: TemplateSpec, region: str) -> str:
    return "=SUM(" + ",".join(received_field_id(g.id, region) for g in spec.regelingen) + ")"


def allocated(spec: TemplateSpec, region: str) -> str:
    split = spec.lists["split_region"]
    bedrag, regio = column_name("bedrag"), column_name("regio")
    return f'=SUMIFS({bedrag},{regio},"{region}")+SUMIFS({column_name(region)},{regio},"{split}")'


def unallocated(spec: TemplateSpec) -> str:
    bedrag, regio = column_name("bedrag"), column_name("regio")
    labels = [*spec.region_codes, spec.lists["split_region"]]
    return f"=SUM({bedrag})" + "".join(f'-SUMIFS({bedrag},{regio},"{x}")' for x in labels)


def share(region: str) -> str:
    total = live_name("ontvangen")
    return (
        f"=IF({total}>0,ROUND({live_name('niet_toegewezen', 'alle')}*{live_name('ontvangen', region)}/{total},2),0)"
    )


def spent(region: str) -> str:
    return f"={live_name('toegewezen', region)}+{live_name('aandeel', region)}"


def difference(region: str | None) -> str:
    return f"={live_name('ontvangen', region)}-{live_name('besteed', region)}"


def total_received(spec: TemplateSpec) -> str:
    return "=" + "+".join(live_name("ontvangen", r) for r in spec.region_codes)


def total_spent() -> str:
    return f"=SUM({column_name('bedrag')})"


def text_amounts(spec: TemplateSpec) -> str:
    """How many amount cells hold text (PM or unreadable): then no verdict is possible."""
    cells = [received_field_id(g.id, r) for g in spec.regelingen for r in spec.region_codes]
    cells += [column_name(c.id) for c in spec.columns if c.type == "money"]
    return "+".join(f"SUMPRODUCT(--ISTEXT({c}))" for c in cells)


def status(spec: TemplateSpec, region: str | None) -> str:
    """The same verdict as `xltoolkit.model.funding.verdict`, in the spec's words."""
    tol = Decimal(spec.settings["tolerance_cents"]) / 100
    w = {k: f'"{v}"' for k, v in spec.lists["statuses"].items()}
    o, b, v = live_name("ontvangen", region), live_name("besteed", region), live_name("verschil", region)
    return (
        f'=IF(AND({o}=0,{b}=0),{w["leeg"]},IF(({text_amounts(spec)})>0,{w["onbepaald"]},'
        f'IF(ABS({v})<={tol},{w["sluitend"]},IF({v}>0,{w["overschot"]},{w["tekort"]}))))'
    )
