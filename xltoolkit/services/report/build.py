"""`build_report(sub, spec)`: the report's content, decided in one place from the spec and a submission.

The order is the official document's: what precedes the title ("Keuze schoolbesturen"), the
title, the header block, the fixed texts, then every part of the spec with its sections. Every
label, fixed text, region and indicator comes from the spec; only the few words that exist in the
report alone ("Totaal ontvangen", "(niet ingevuld)", ...) are defined here, in `WOORDEN`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from xltoolkit import __version__
from xltoolkit.model.funding import LiveTotals, live_totals
from xltoolkit.model.money import Bedrag, format_euro
from xltoolkit.model.relevance import relevant
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, Onleesbaar, is_nvt
from xltoolkit.services.report.context import RapportContext
from xltoolkit.services.report.model import (
    Aanwending, Deel, Hoofdonderdeel, Indicator, Kengetal, Kengetallen, Kop, KopRegel, Middelen,
    Nummers, Onderdeel, OntvangenRij, Rapport, RegioVinkje, VasteTekst, Verhaal,
)
from xltoolkit.services.report.tekst import (
    NIET_INGEVULD, Alinea, Blok, Lijst, blokken, regel, toon_bedrag, toon_onleesbaar, toon_waarde,
)
from xltoolkit.spec import Block, Field, Section, TemplateSpec

TITEL = "titel"  # the fixed text (spec.fixed_texts) that is the document's title

WOORDEN = {
    "kengetallen": "Kengetallen",
    "kengetal_kolommen": ("Kengetal", "Waarde"),
    "middelen_kop": "vanuit SWV:",
    "totaal_ontvangen": "Totaal ontvangen",
    "status": "Status ontvangen en besteed",
    "aanwending": "Aanwending:",
    "aanwending_kolommen": ("Nr.", "Bedrag", "t.b.v."),
    "regio_kolom": "Regio",
    "geen_aanwending": "(geen aanwending ingevuld)",
    "totaal_aanwending": "Totaal aanwending",
    "oordeel_totaal": "Totaal over alle regio's: {status} (ontvangen {ontvangen}, besteed {besteed}).",
    "indicatief": "{indicatief}: de regels zonder regio zijn naar rato van het ontvangen bedrag over de regio's verdeeld; "
    "dat bedrag per regio is een verdeling, geen feit, dus het oordeel staat bij het totaal.",
    "naar_rato": "naar rato over de regio's",
    "verdeeld": "verdeeld",
    "indicatorlijst": "Procesindicatoren {van} t/m {tot} (☒ = gekozen)",
    "onbekende_indicator": "(onbekend indicatornummer)",
    "onleesbaar_bedrag": "onleesbaar bedrag",
    "bestuur_leeg": "(bestuur niet ingevuld)",
    "schooljaar_leeg": "(schooljaar niet ingevuld)",
    "naam_leeg": "(naam niet ingevuld)",
    "functie_leeg": "(functie niet ingevuld)",
    "concept_label": "CONCEPT",
    "concept": "CONCEPT — het werkboek bevat nog fouten. Dit is nog geen definitieve verantwoording: "
    "los de fouten op en maak het rapport opnieuw.",
    "pagina": "pagina",
    "van": "van",
}


def build_report(sub: Submission, spec: TemplateSpec, ctx: RapportContext | None = None) -> Rapport:
    """The whole report for one board; `ctx` (from its check) marks it CONCEPT and gives the verdicts."""
    header_part = spec.section_of("bestuur").part
    titel = spec.fixed_texts[TITEL]
    bestuur, schooljaar = regel(sub.bestuur or ""), regel(sub.schooljaar or "")
    return Rapport(
        titel=titel.title,
        ondertitel=" ".join(b.text for b in titel.blocks if b.kind == "p"),
        voorwerk=tuple(vaste_tekst(spec, k) for k in spec.document["preamble"] if k != TITEL),
        kop=kop(sub, spec),
        vaste_teksten=tuple(vaste_tekst(spec, k) for k in spec.document["intro"]),
        delen=tuple(deel(sub, spec, p.id, ctx) for p in spec.parts if p.id != header_part),
        concept=ctx is not None and ctx.concept,
        concept_label=WOORDEN["concept_label"],
        concept_tekst=WOORDEN["concept"],
        voettekst=f"{bestuur or WOORDEN['bestuur_leeg']} · {schooljaar or WOORDEN['schooljaar_leeg']}",
        pagina=WOORDEN["pagina"],
        van=WOORDEN["van"],
        bestuur=bestuur,
        schooljaar=schooljaar,
        versie=f"xltoolkit {__version__}, sjabloon {spec.version}",
    )


# -- fixed texts and header ------------------------------------------------------------------


def vaste_tekst(spec: TemplateSpec, key: str) -> VasteTekst:
    fixed = spec.fixed_texts[key]
    return VasteTekst(key, fixed.title, spec_blokken(fixed.blocks))


def spec_blokken(blocks: Iterable[Block]) -> tuple[Blok, ...]:
    out: list[Blok] = []
    for b in blocks:
        if b.kind == "p":
            out.append(Alinea((b.text,)))
        elif b.kind == "list":
            out.append(Lijst(b.items))
        else:
            out.append(Lijst(b.items, tuple(f"{i}." for i in range(1, len(b.items) + 1))))
    return tuple(out)


def kop(sub: Submission, spec: TemplateSpec) -> Kop:
    naam, functie = (regel(sub.get(f) or "") for f in ("namens_naam", "namens_functie"))
    namens = f"{naam or WOORDEN['naam_leeg']}, {functie or WOORDEN['functie_leeg']}"
    regels = (
        _kopregel(spec.field("bestuur").label, sub.bestuur),
        KopRegel(spec.field("namens_naam").label.partition(":")[0].strip(), namens, not (naam and functie)),
        _kopregel(spec.field("schooljaar").label, sub.schooljaar),
    )
    value = sub.get("regios")
    ticked = value if isinstance(value, tuple) else ()
    opmerking = toon_onleesbaar(value) if isinstance(value, Onleesbaar) else "" if ticked else NIET_INGEVULD
    vinkjes = tuple(RegioVinkje(r.code, r.label, r.code in ticked) for r in spec.regions)
    return Kop(regels, spec.field("regios").label, vinkjes, opmerking)


def _kopregel(label: str, value: str | None) -> KopRegel:
    value = regel(value or "")
    return KopRegel(label, value or NIET_INGEVULD, not value)


# -- parts and sections ----------------------------------------------------------------------


def deel(sub: Submission, spec: TemplateSpec, part_id: str, ctx: RapportContext | None) -> Deel:
    part = spec.part(part_id)
    intro = spec_blokken(spec.fixed_texts[part.intro].blocks) if part.intro else ()
    onderdelen: list[Onderdeel | Hoofdonderdeel] = []
    for s in (s for s in spec.sections if s.part == part_id):
        if s.kind == "process":
            onderdelen.append(hoofdonderdeel(sub, spec, s))
        elif s.kind == "funding":
            onderdelen.append(Onderdeel(s.id, s.title, s.intro, (middelen(sub, spec, s, ctx),)))
        else:
            inhoud = velden(sub, spec, s)
            if inhoud:  # a section of only optional, empty fields (Extra informatie) is left out
                onderdelen.append(Onderdeel(s.id, s.title, s.intro, inhoud))
    return Deel(part.id, part.title, part.subtitle, intro, tuple(onderdelen))


def velden(sub: Submission, spec: TemplateSpec, section: Section) -> tuple[Verhaal | Kengetallen, ...]:
    """A section's narratives in spec order; consecutive filled-in key figures form one small table."""
    own_heading = sum(1 for f in section.fields if not f.kengetal) > 1
    out: list[Verhaal | Kengetallen] = []
    figures: list[Kengetal] = []
    for f in section.fields:
        value = sub.get(f.id)
        if f.kengetal:
            if value is not None:
                figures.append(Kengetal(f.id, f.label, toon_waarde(value, f.type)))
            continue
        if figures:
            out.append(_kengetallen(figures))
            figures = []
        v = verhaal(spec, f, value, f.label if own_heading else None, relevant(f, sub, spec) is not False)
        if v is not None:
            out.append(v)
    if figures:
        out.append(_kengetallen(figures))
    return tuple(out)


def _kengetallen(rows: list[Kengetal]) -> Kengetallen:
    return Kengetallen(WOORDEN["kengetallen"], WOORDEN["kengetal_kolommen"], tuple(rows))


def verhaal(spec: TemplateSpec, f: Field, value: Any, heading: str | None, applies: bool = True) -> Verhaal | None:
    """A narrative as typed; "n.v.t." as such, and for an empty part that does not apply to this
    board (`applies` False: see model.relevance); "(niet ingevuld)" when required and empty; None
    when optional and empty."""
    text = value if isinstance(value, str) else None if value is None else toon_waarde(value, f.type)
    if text is None:
        if not f.required:
            return None
        if not applies:
            return Verhaal(f.id, heading, f.intro, (Alinea((spec.settings["nvt_text"],)),), "nvt")
        return Verhaal(f.id, heading, f.intro, (Alinea((NIET_INGEVULD,)),), "leeg")
    if is_nvt(text):
        return Verhaal(f.id, heading, f.intro, (Alinea((spec.settings["nvt_text"],)),), "nvt")
    return Verhaal(f.id, heading, f.intro, blokken(text), "ingevuld")


def hoofdonderdeel(sub: Submission, spec: TemplateSpec, section: Section) -> Hoofdonderdeel:
    """A main part of Part B: its fields in spec order, then its full indicator list with the chosen ones ticked."""
    lo, hi = section.indicators or (1, 0)
    chosen: tuple[int, ...] = ()
    inhoud: list[Verhaal | Nummers] = []
    for f in section.fields:
        value = sub.get(f.id)
        if f.type == "indicators":
            nummers = _nummers(spec, f, value, relevant(f, sub, spec) is not False)
            chosen = tuple(i.nummer for i in nummers.gekozen)
            inhoud.append(nummers)
        else:
            v = verhaal(spec, f, value, f.label, relevant(f, sub, spec) is not False)
            if v is not None:
                inhoud.append(v)
    lijst = tuple(Indicator(n, spec.indicators[n], n in chosen) for n in range(lo, hi + 1))
    label = WOORDEN["indicatorlijst"].format(van=lo, tot=hi)
    return Hoofdonderdeel(section.id, section.title, tuple(inhoud), label, lijst)


def _nummers(spec: TemplateSpec, f: Field, value: Any, applies: bool = True) -> Nummers:
    if (isinstance(value, Indicatoren) and value.nvt) or (value is None and not applies):
        return Nummers(f.id, f.label, spec.settings["nvt_text"], "nvt", ())
    if isinstance(value, Indicatoren):
        unique = tuple(dict.fromkeys(value.nummers))
        gekozen = tuple(Indicator(n, spec.indicators.get(n, WOORDEN["onbekende_indicator"]), True) for n in unique)
        return Nummers(f.id, f.label, ", ".join(str(n) for n in unique), "ingevuld", gekozen)
    if value is None:
        return Nummers(f.id, f.label, NIET_INGEVULD, "leeg", ())
    return Nummers(f.id, f.label, toon_waarde(value, f.type), "ingevuld", ())


# -- the funding table -----------------------------------------------------------------------


def middelen(sub: Submission, spec: TemplateSpec, section: Section, ctx: RapportContext | None) -> Middelen:
    codes = kolom_regios(sub, spec)
    lines = [ln for ln in sub.aanwending if not ln.is_empty]
    geld = live_totals(sub, spec)  # the money rule's totals: the report adds nothing up itself
    received = [
        OntvangenRij(g.label, g.help, tuple(toon_bedrag(sub.ontvangen(g.id, r)) for r in codes))
        for g in spec.regelingen
    ]
    totals = tuple(som(geld.region(r).ontvangen, [sub.ontvangen(g.id, r) for g in spec.regelingen]) for r in codes)
    received.append(OntvangenRij(WOORDEN["totaal_ontvangen"], "", totals, totaal=True))
    met_regio = len(codes) > 1
    footnote = _tekst(spec, section.footnote_text)
    status = ctx.status if ctx is not None else None
    return Middelen(
        notitie=spec_blokken(spec.fixed_texts[section.intro_text].blocks) if section.intro_text else (),
        kop=WOORDEN["middelen_kop"],
        regios=tuple(f"{r} ({spec.region(r).short})" for r in codes),
        ontvangen=tuple(received),
        status_label=WOORDEN["status"],
        status=tuple(status.get(r, "—") for r in codes) if status is not None else (),
        oordeel=_oordeel(spec, geld, ctx) if met_regio else "",
        voetnoot=footnote.replace("{schooljaar}", sub.schooljaar or NIET_INGEVULD),
        aanwending_label=WOORDEN["aanwending"],
        kolommen=WOORDEN["aanwending_kolommen"] + ((WOORDEN["regio_kolom"],) if met_regio else ()),
        met_regio=met_regio,
        regels=tuple(aanwending(spec, ln, i, met_regio) for i, ln in enumerate(lines, start=1)),
        geen_regels=WOORDEN["geen_aanwending"],
        totaal_label=WOORDEN["totaal_aanwending"],
        totaal=som(geld.besteed, [ln.bedrag for ln in lines]) if lines else format_euro(0),
    )


def _oordeel(spec: TemplateSpec, geld: LiveTotals, ctx: RapportContext | None) -> str:
    """For a board in more than one region: the verdict on the total, and what Indicatief means."""
    if ctx is None or not ctx.totaal:
        return ""
    text = WOORDEN["oordeel_totaal"].format(status=ctx.totaal, ontvangen=format_euro(geld.ontvangen),
                                            besteed=format_euro(geld.besteed))
    if spec.lists["statuses"]["indicatief"] in ctx.status.values():
        text += " " + WOORDEN["indicatief"].format(indicatief=spec.lists["statuses"]["indicatief"])
    return text


def _tekst(spec: TemplateSpec, key: str | None) -> str:
    """A fixed text's paragraphs as one line ("" when the section names none)."""
    return " ".join(b.text for b in spec.fixed_texts[key].blocks if b.kind == "p") if key else ""


def kolom_regios(sub: Submission, spec: TemplateSpec) -> tuple[str, ...]:
    """The board's regions: ticked, or holding money; all regions when that leaves none."""
    split = spec.lists["split_region"]
    used = set(sub.regios)
    used |= {r for g in spec.regelingen for r in spec.region_codes if sub.ontvangen(g.id, r) is not None}
    for ln in sub.aanwending:
        used |= {ln.regio} if ln.regio in spec.region_codes else set()
        used |= {r for r in spec.region_codes if ln.regio == split and ln.deel(r) is not None}
    return tuple(r for r in spec.region_codes if r in used) or spec.region_codes


def aanwending(spec: TemplateSpec, ln: Aanwendingsregel, nummer: int, met_regio: bool) -> Aanwending:
    bedrag = ln.bedrag
    pm = isinstance(bedrag, Bedrag) and bedrag.pm
    toelichting = regel(ln.toelichting or "") or (NIET_INGEVULD if pm else "")
    return Aanwending(
        nummer=f"{nummer}.",
        bedrag=NIET_INGEVULD if bedrag is None else toon_bedrag(bedrag),
        omschrijving=regel(ln.omschrijving or "") or NIET_INGEVULD,
        regio=_regio(spec, ln) if met_regio else "",
        toelichting=toelichting,
        pm=pm,
        leeg=bedrag is None or not regel(ln.omschrijving or "") or toelichting == NIET_INGEVULD,
    )


def _regio(spec: TemplateSpec, ln: Aanwendingsregel) -> str:
    if ln.regio == spec.lists["split_region"]:
        parts = ", ".join(f"{r} {toon_bedrag(ln.deel(r))}" for r in spec.region_codes if ln.deel(r) is not None)
        return f"{WOORDEN['verdeeld']}: {parts}" if parts else WOORDEN["verdeeld"]
    return ln.regio or WOORDEN["naar_rato"]


def som(total: Decimal, values: Iterable[Any]) -> str:
    """An exact total of the money rule ("€ 81.739"), with "+ PM" when a PM amount is among the
    values it sums and "+ onleesbaar bedrag" for text; "—" when none is filled in."""
    values = [v for v in values if v is not None]
    if not values:
        return toon_bedrag(None)
    suffix = " + PM" if any(isinstance(v, Bedrag) and v.pm for v in values) else ""
    suffix += f" + {WOORDEN['onleesbaar_bedrag']}" if any(isinstance(v, Onleesbaar) for v in values) else ""
    return format_euro(total) + suffix
