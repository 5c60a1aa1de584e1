"""The workbook's live checks as Excel formulas, generated from the spec.

Every formula refers to fields by defined name, never by address, so inserting rows or renaming
sheets does not break them. `xltoolkit.model.middelen` and `xltoolkit.model.completeness` compute
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


def empty_test(field: Field, spec: TemplateSpec) -> str:
    """TRUE when a required field that applies is empty; "n.v.t." counts as filled, blank does not.
    A field that applies only on an answer (`relevance`) counts only once that answer is given,
    as `xltoolkit.model.relevance` decides it in Python."""
    yes = spec.lists.answer(True)
    test = f'(COUNTIF({field.id},"{yes}")=0)' if field.type == "regions" else f"(SUMPRODUCT(LEN(TRIM({field.id})))=0)"
    if field.relevance is None:
        return test
    rule = spec.relevance[field.relevance]
    answer = spec.lists.answer(rule.is_)
    return f'AND(TRIM({rule.field})="{answer}",{test})'


def section_empty_count(section: Section, spec: TemplateSpec) -> str:
    tests = [f"({empty_test(f, spec)})" for f in section.required_fields]
    return "=" + ("+".join(tests) if tests else "0")


def money_entry(cell: str) -> str:
    """Data validation of an amount cell: a number of 0 or more, or PM."""
    return f'=OR(AND(ISNUMBER({cell}),{cell}>=0),UPPER(TRIM({cell}))="PM")'


MONEY_ERROR = "Vul een bedrag van € 0 of meer in, of PM."


def received(spec: TemplateSpec, region: str) -> str:
    return "=SUM(" + ",".join(received_field_id(g.id, region) for g in spec.regelingen) + ")"


def allocated(spec: TemplateSpec, region: str) -> str:
    split = spec.lists.split_region
    bedrag, regio = column_name("bedrag"), column_name("regio")
    return f'=SUMIFS({bedrag},{regio},"{region}")+SUMIFS({column_name(region)},{regio},"{split}")'


def unallocated(spec: TemplateSpec) -> str:
    bedrag, regio = column_name("bedrag"), column_name("regio")
    labels = [*spec.region_codes, spec.lists.split_region]
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


def _text(name: str, *conditions: str) -> str:
    """How many cells of `name` hold text (PM or unreadable), where every condition holds."""
    if not conditions:
        return f"SUMPRODUCT(--ISTEXT({name}))"
    return f"SUMPRODUCT(ISTEXT({name})*" + "*".join(f"({c})" for c in conditions) + ")"


def _received_text(spec: TemplateSpec, region: str) -> str:
    return "+".join(_text(received_field_id(g.id, region)) for g in spec.regelingen)


def _regio_is(label: str) -> str:
    return f'{column_name("regio")}="{label}"'


def unallocated_text(spec: TemplateSpec) -> str:
    """Text amounts in lines without a (known) region: all of them less those with a region or split."""
    labels = [*spec.region_codes, spec.lists.split_region]
    bedrag = column_name("bedrag")
    return _text(bedrag) + "".join(f"-{_text(bedrag, _regio_is(x))}" for x in labels)


def text_in_allocation(spec: TemplateSpec) -> str:
    """How many PM or unreadable amounts make the pro-rata allocation unknown: in the key (the
    received amounts) or in the lines without region, once anything is left without a region."""
    key = "+".join(_received_text(spec, r) for r in spec.region_codes)
    ua = unallocated_text(spec)
    return f"=IF(OR(ROUND({live_name('niet_toegewezen', 'alle')},2)<>0,{ua}>0),{key}+{ua},0)"


def onbepaald(spec: TemplateSpec, region: str | None) -> str:
    """1 when a PM or unreadable amount could change the figures (`model.middelen.text_amounts`):
    for a region its own received amounts, lines and parts, and when it shares the lines without
    region also `text_in_allocation`; for the total every amount that counts."""
    split, bedrag = spec.lists.split_region, column_name("bedrag")
    if region is None:
        parts = "+".join(_text(column_name(r), _regio_is(split)) for r in spec.region_codes)
        every = "+".join(_received_text(spec, r) for r in spec.region_codes)
        return f"=IF({every}+{_text(bedrag)}+{parts}>0,1,0)"
    part = column_name(region)
    own = "+".join([
        _received_text(spec, region),
        _text(bedrag, _regio_is(region)),
        _text(part, _regio_is(split)),
        _text(bedrag, _regio_is(split), f'{part}<>""'),
    ])
    shares = f"OR({live_name('ontvangen', region)}<>0,{_received_text(spec, region)}>0)"
    return f"=IF({own}+IF({shares},{live_name('tekst', 'verdeling')},0)>0,1,0)"


def indicatief(spec: TemplateSpec, region: str) -> str:
    """1 when the region's spent rests on a share of lines without region that two or more regions
    split, and its own lines do not decide the verdict: the verdict differs between no share
    and all of it (`model.middelen`)."""
    o, u, total = live_name("ontvangen", region), f"ROUND({live_name('niet_toegewezen', 'alle')},2)", live_name("ontvangen")
    sharing = "+".join(f"({live_name('ontvangen', r)}<>0)" for r in spec.region_codes)
    naar_rato = f"AND({u}<>0,{total}>0,{o}<>0,{sharing}>=2)"
    own = f"{o}-{live_name('toegewezen', region)}"
    return f"=IF(AND({naar_rato},{_side(spec, f'{own}-MIN(0,{u})')}<>{_side(spec, f'{own}-MAX(0,{u})')}),1,0)"


def _side(spec: TemplateSpec, difference: str) -> str:
    """-1, 0 or 1: tekort, sluitend (within the tolerance) or overschot."""
    return f"IF(ABS(ROUND({difference},2))<={_tolerance(spec)},0,SIGN({difference}))"


def _tolerance(spec: TemplateSpec) -> str:
    return f"{Decimal(spec.settings.tolerance_cents) / 100}"


def status(spec: TemplateSpec, region: str | None) -> str:
    """The verdict of `xltoolkit.model.middelen.verdict`, in the same order, in the spec's words."""
    w = {k: f'"{v}"' for k, v in spec.lists.statuses.words().items()}
    o, b, v = live_name("ontvangen", region), live_name("besteed", region), live_name("verschil", region)
    tail = f'IF(ABS(ROUND({v},2))<={_tolerance(spec)},{w["sluitend"]},IF({v}>0,{w["overschot"]},{w["tekort"]}))'
    if region is not None:
        tail = f'IF({live_name("indicatief", region)}=1,{w["indicatief"]},{tail})'
    return f'=IF({live_name("onbepaald", region)}=1,{w["onbepaald"]},IF(AND({o}=0,{b}=0),{w["leeg"]},{tail}))'
