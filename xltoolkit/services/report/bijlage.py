"""`build_bijlage(check, spec)`: the annex "Bijlage analyse" — everything the report itself does not say.

The report is the format's paragraph and nothing else (model.py); a controller and the SWV still
want the analysis behind it. It lives here, in a second document that is clearly not the format:
the reconciliation per region with its verdicts, how lines without a region were spread over the
regions (indicatief: an allocation, not a fact), the region of every spent line, the chosen
indicators with their texts, the key figures and the check's findings.

The content is generic (headings, paragraphs, lists, tables), so every format lays it out with one
small writer: `templates/bijlage.*.j2` and `word.render_bijlage_docx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xltoolkit import __version__
from xltoolkit.findings import Finding
from xltoolkit.model.money import format_euro
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, format_percentage
from xltoolkit.services.check import Check
from xltoolkit.services.reconcile import STATUS_WOORD, Reconciliatie
from xltoolkit.services.report.build import WOORDEN as RAPPORT_WOORDEN
from xltoolkit.services.report.build import bedrag
from xltoolkit.services.report.text import Alinea, Lijst, regel, toon_waarde
from xltoolkit.spec import TemplateSpec

WOORDEN: dict[str, str] = {
    "titel": "Bijlage analyse",
    "ondertitel": "bij de verantwoording passend onderwijs van {bestuur}, schooljaar {schooljaar}",
    "uitleg": "Deze bijlage hoort niet bij het format van de verantwoording. Ze laat zien wat xltoolkit uit het "
    "werkboek afleidt: de reconciliatie per regio, de regio van elke aanwendingsregel, de gekozen indicatoren, "
    "de kengetallen en de bevindingen van de controle.",
    "reconciliatie": "Reconciliatie per regio",
    "totaal": "Totaal",
    "oordeel_totaal": "Totaal over alle regio's: {status} (ontvangen {ontvangen}, besteed {besteed}).",
    "geen_geld": "Er zijn geen bedragen ingevuld.",
    "regels": "Aanwending per regio",
    "verdeeld": "verdeeld: {delen}",
    "zonder_regio": "zonder regio (indicatief naar rato)",
    "enige_regio": "{regio} (de enige regio)",
    "geen_regels": "Er is geen aanwending ingevuld.",
    "indicatief": "Indicatieve verdeling van regels zonder regio",
    "indicatief_uitleg": "De regels zonder regio (samen {bedrag}) zijn indicatief naar rato van het ontvangen bedrag "
    "over de regio's verdeeld. Dat bedrag per regio is een verdeling, geen feit: het oordeel per regio is daarom "
    "\"{indicatief}\" en het oordeel staat bij het totaal.",
    "indicatoren": "Gekozen indicatoren",
    "geen_indicator": "(niet ingevuld)",
    "onbekend": "(onbekend indicatornummer)",
    "kengetallen": "Kengetallen",
    "geen_kengetallen": "Er zijn geen kengetallen ingevuld.",
    "bevindingen": "Bevindingen van de controle",
    "geen_bevindingen": "Geen bevindingen: het werkboek is volledig en het geld sluit.",
    "leeg": "(niet ingevuld)",
}

KOLOMMEN: dict[str, tuple[str, ...]] = {
    "rec_kolommen": ("Regio", "Ontvangen", "Besteed", "Verschil", "Oordeel"),
    "regel_kolommen": ("Nr.", "Bedrag", "tbv", "Regio", "Categorie"),
    "ind_kolommen": ("Regio", "Verdeelsleutel", "Aandeel"),
    "ken_kolommen": ("Kengetal", "Waarde"),
    "bev_kolommen": ("Code", "Ernst", "Melding", "Plaats"),
}


@dataclass(frozen=True)
class Tabel:
    """A table of the annex: column headings, rows of text; `rechts` the columns aligned right
    (amounts), `totaal` whether the last row is a total."""

    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    rechts: tuple[int, ...] = ()
    totaal: bool = False
    soort: str = "tabel"


@dataclass(frozen=True)
class Kopje:
    """A subheading inside a part of the annex (a main part's name above its indicators)."""

    tekst: str
    soort: str = "kopje"


BijlageBlok = Alinea | Lijst | Tabel | Kopje


@dataclass(frozen=True)
class BijlageDeel:
    id: str
    titel: str
    blokken: tuple[BijlageBlok, ...]


@dataclass(frozen=True)
class Bijlage:
    titel: str
    ondertitel: str
    uitleg: str
    delen: tuple[BijlageDeel, ...]
    voettekst: str
    pagina: str
    van: str
    bestuur: str
    versie: str


def build_bijlage(c: Check, spec: TemplateSpec) -> Bijlage:
    sub = c.submission
    bestuur = regel(sub.bestuur or "") or RAPPORT_WOORDEN["bestuur_leeg"]
    schooljaar = regel(sub.schooljaar or "") or RAPPORT_WOORDEN["schooljaar_leeg"]
    delen = [reconciliatie(c.reconciliation, spec), regels(sub, spec, c.reconciliation)]
    spreiding = indicatief(c.reconciliation, spec)
    if spreiding is not None:
        delen.append(spreiding)
    delen += [indicatoren(sub, spec), kengetallen(sub, spec), bevindingen(c.findings)]
    return Bijlage(
        titel=WOORDEN["titel"],
        ondertitel=WOORDEN["ondertitel"].format(bestuur=bestuur, schooljaar=schooljaar),
        uitleg=WOORDEN["uitleg"],
        delen=tuple(delen),
        voettekst=f"{WOORDEN['titel']} · {bestuur} · {schooljaar}",
        pagina=RAPPORT_WOORDEN["pagina"],
        van=RAPPORT_WOORDEN["van"],
        bestuur=bestuur,
        versie=f"xltoolkit {__version__}, sjabloon {spec.version}",
    )


def _euro(amount: Decimal) -> str:
    return format_euro(amount)


def reconciliatie(rec: Reconciliatie, spec: TemplateSpec) -> BijlageDeel:
    """Received against spent per region, with the verdict; the total when more than one region."""
    shown = [r for r in rec.regions if r.status != "leeg"]
    if not shown:
        return BijlageDeel("reconciliatie", WOORDEN["reconciliatie"], (Alinea((WOORDEN["geen_geld"],)),))
    rows = [(f"{r.region} ({spec.region(r.region).short})", _euro(r.ontvangen), _euro(r.besteed), _euro(r.verschil),
             STATUS_WOORD[r.status]) for r in shown]
    t = rec.totaal
    blocks: list = []
    if len(shown) > 1:
        rows.append((WOORDEN["totaal"], _euro(t.ontvangen), _euro(t.besteed), _euro(t.verschil), STATUS_WOORD[t.status]))
    blocks.append(Tabel(KOLOMMEN["rec_kolommen"], tuple(rows), (1, 2, 3), totaal=len(shown) > 1))
    if len(shown) > 1:
        blocks.append(Alinea((WOORDEN["oordeel_totaal"].format(
            status=STATUS_WOORD[t.status], ontvangen=_euro(t.ontvangen), besteed=_euro(t.besteed)),)))
    oorzaken = {o.tekst: o for r in shown for o in r.oorzaken} | {o.tekst: o for o in t.oorzaken}
    if oorzaken:
        blocks.append(Lijst(tuple(f"{o.wat}: \"{o.tekst}\"" for o in oorzaken.values())))
    return BijlageDeel("reconciliatie", WOORDEN["reconciliatie"], tuple(blocks))


def regels(sub: Submission, spec: TemplateSpec, rec: Reconciliatie) -> BijlageDeel:
    """Every spent line with its region (or its parts, or that it has none) and its category."""
    lines = [ln for ln in sub.aanwending if not ln.is_empty]
    if not lines:
        return BijlageDeel("regels", WOORDEN["regels"], (Alinea((WOORDEN["geen_regels"],)),))
    naar_rato = any(r.naar_rato for r in rec.regions)
    shown = [r.region for r in rec.regions if r.status != "leeg"]
    enige = shown[0] if len(shown) == 1 else None
    with_category = any(ln.categorie for ln in lines)
    kolommen = KOLOMMEN["regel_kolommen"] if with_category else KOLOMMEN["regel_kolommen"][:-1]
    rows = tuple((f"{i}.", bedrag(ln.bedrag), regel(ln.omschrijving or "") or WOORDEN["leeg"],
                  _regio(spec, ln, naar_rato, enige), regel(ln.categorie or ""))[:len(kolommen)]
                 for i, ln in enumerate(lines, 1))
    return BijlageDeel("regels", WOORDEN["regels"], (Tabel(kolommen, rows, (1,)),))


def _regio(spec: TemplateSpec, ln: Aanwendingsregel, naar_rato: bool, enige: str | None) -> str:
    """A line's region as the reconciliation counts it: its own, its parts, the board's only
    region, or none (then spread indicatief over the regions)."""
    if ln.regio == spec.lists["split_region"]:
        delen = ", ".join(f"{r} {bedrag(ln.deel(r))}" for r in spec.region_codes if ln.deel(r) is not None)
        return WOORDEN["verdeeld"].format(delen=delen or WOORDEN["leeg"])
    if ln.regio:
        return ln.regio
    if enige is not None and not naar_rato:
        return WOORDEN["enige_regio"].format(regio=enige)
    return WOORDEN["zonder_regio"]


def indicatief(rec: Reconciliatie, spec: TemplateSpec) -> BijlageDeel | None:
    """How the lines without a region were spread (only when there are such lines and regions share them)."""
    sharing = [r for r in rec.regions if r.naar_rato]
    if not rec.niet_toegewezen or not sharing:
        return None
    uitleg = WOORDEN["indicatief_uitleg"].format(bedrag=_euro(rec.niet_toegewezen),
                                                 indicatief=spec.lists["statuses"]["indicatief"])
    rows = tuple((r.region, format_percentage(r.fractie.quantize(Decimal("0.001"))) if r.fractie is not None else "—",
                  _euro(r.aandeel)) for r in sharing)
    return BijlageDeel("indicatief", WOORDEN["indicatief"],
                       (Alinea((uitleg,)), Tabel(KOLOMMEN["ind_kolommen"], rows, (1, 2))))


def indicatoren(sub: Submission, spec: TemplateSpec) -> BijlageDeel:
    """Per main part of Part B: the chosen numbers with the indicator's text."""
    blocks: list = []
    for s in (s for s in spec.sections if s.kind == "process"):
        f = next(f for f in s.fields if f.type == "indicators")
        value = sub.get(f.id)
        blocks.append(Kopje(s.title))
        if isinstance(value, Indicatoren) and value.nvt:
            blocks.append(Alinea((spec.settings["nvt_text"],)))
        elif isinstance(value, Indicatoren) and value.nummers:
            items = tuple(f"{n} {spec.indicators.get(n, WOORDEN['onbekend'])}" for n in dict.fromkeys(value.nummers))
            blocks.append(Lijst(items))
        else:
            blocks.append(Alinea((regel(str(value)) if value is not None else WOORDEN["geen_indicator"],)))
    return BijlageDeel("indicatoren", WOORDEN["indicatoren"], tuple(blocks))


def kengetallen(sub: Submission, spec: TemplateSpec) -> BijlageDeel:
    rows = tuple((f.label, toon_waarde(sub.get(f.id), f.type)) for f in spec.fields if f.kengetal and sub.get(f.id) is not None)
    block = Tabel(KOLOMMEN["ken_kolommen"], rows, (1,)) if rows else Alinea((WOORDEN["geen_kengetallen"],))
    return BijlageDeel("kengetallen", WOORDEN["kengetallen"], (block,))


def bevindingen(findings: list[Finding]) -> BijlageDeel:
    if not findings:
        return BijlageDeel("bevindingen", WOORDEN["bevindingen"], (Alinea((WOORDEN["geen_bevindingen"],)),))
    rows = tuple((f.code, f.severity, f.message, f.location) for f in findings)
    return BijlageDeel("bevindingen", WOORDEN["bevindingen"], (Tabel(KOLOMMEN["bev_kolommen"], rows),))
