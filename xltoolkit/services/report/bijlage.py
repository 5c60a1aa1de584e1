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
from xltoolkit.services.reconcile import Reconciliation
from xltoolkit.services.report.build import WORDS as RAPPORT_WOORDEN
from xltoolkit.services.report.build import bedrag
from xltoolkit.services.report.text import BulletList, TextParagraph, one_line, show_value
from xltoolkit.spec import TemplateSpec

WORDS: dict[str, str] = {
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

COLUMNS: dict[str, tuple[str, ...]] = {
    "rec_kolommen": ("Regio", "Ontvangen", "Besteed", "Verschil", "Oordeel"),
    "regel_kolommen": ("Nr.", "Bedrag", "tbv", "Regio", "Categorie"),
    "ind_kolommen": ("Regio", "Verdeelsleutel", "Aandeel"),
    "ken_kolommen": ("Kengetal", "Waarde"),
    "bev_kolommen": ("Code", "Ernst", "Melding", "Plaats"),
}


@dataclass(frozen=True)
class BijlageTable:
    """A table of the annex: column headings, rows of text; `rechts` the columns aligned right
    (amounts), `totaal` whether the last row is a total."""

    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    rechts: tuple[int, ...] = ()
    totaal: bool = False
    soort: str = "tabel"


@dataclass(frozen=True)
class Subheading:
    """A subheading inside a part of the annex (a main part's name above its indicators)."""

    tekst: str
    soort: str = "kopje"


BijlageBlok = TextParagraph | BulletList | BijlageTable | Subheading


@dataclass(frozen=True)
class BijlagePart:
    id: str
    titel: str
    blokken: tuple[BijlageBlok, ...]


@dataclass(frozen=True)
class Bijlage:
    titel: str
    ondertitel: str
    uitleg: str
    delen: tuple[BijlagePart, ...]
    voettekst: str
    pagina: str
    van: str
    bestuur: str
    versie: str


def build_bijlage(c: Check, spec: TemplateSpec) -> Bijlage:
    sub = c.submission
    bestuur = one_line(sub.bestuur or "") or RAPPORT_WOORDEN["bestuur_leeg"]
    schooljaar = one_line(sub.schooljaar or "") or RAPPORT_WOORDEN["schooljaar_leeg"]
    delen = [reconciliatie(c.reconciliation, spec), regels(sub, spec, c.reconciliation)]
    spreiding = indicatief(c.reconciliation, spec)
    if spreiding is not None:
        delen.append(spreiding)
    delen += [indicatoren(sub, spec), kengetallen(sub, spec), bevindingen(c.findings)]
    return Bijlage(
        titel=WORDS["titel"],
        ondertitel=WORDS["ondertitel"].format(bestuur=bestuur, schooljaar=schooljaar),
        uitleg=WORDS["uitleg"],
        delen=tuple(delen),
        voettekst=f"{WORDS['titel']} · {bestuur} · {schooljaar}",
        pagina=RAPPORT_WOORDEN["pagina"],
        van=RAPPORT_WOORDEN["van"],
        bestuur=bestuur,
        versie=f"xltoolkit {__version__}, sjabloon {spec.version}",
    )


def _euro(amount: Decimal) -> str:
    return format_euro(amount)


def reconciliatie(rec: Reconciliation, spec: TemplateSpec) -> BijlagePart:
    """Received against spent per region, with the verdict; the total when more than one region."""
    shown = [r for r in rec.regions if r.status != "leeg"]
    if not shown:
        return BijlagePart("reconciliatie", WORDS["reconciliatie"], (TextParagraph((WORDS["geen_geld"],)),))
    rows = [(f"{r.region} ({spec.region(r.region).short})", _euro(r.ontvangen), _euro(r.besteed), _euro(r.verschil),
             rec.text(r.status)) for r in shown]
    t = rec.totaal
    blocks: list = []
    if len(shown) > 1:
        rows.append((WORDS["totaal"], _euro(t.ontvangen), _euro(t.besteed), _euro(t.verschil), rec.text(t.status)))
    blocks.append(BijlageTable(COLUMNS["rec_kolommen"], tuple(rows), (1, 2, 3), totaal=len(shown) > 1))
    if len(shown) > 1:
        blocks.append(TextParagraph((WORDS["oordeel_totaal"].format(
            status=rec.text(t.status), ontvangen=_euro(t.ontvangen), besteed=_euro(t.besteed)),)))
    causes = {o.tekst: o for r in shown for o in r.causes} | {o.tekst: o for o in t.causes}
    if causes:
        blocks.append(BulletList(tuple(f"{o.what}: \"{o.tekst}\"" for o in causes.values())))
    return BijlagePart("reconciliatie", WORDS["reconciliatie"], tuple(blocks))


def regels(sub: Submission, spec: TemplateSpec, rec: Reconciliation) -> BijlagePart:
    """Every spent line with its region (or its parts, or that it has none) and its category."""
    lines = [ln for ln in sub.aanwending if not ln.is_empty]
    if not lines:
        return BijlagePart("regels", WORDS["regels"], (TextParagraph((WORDS["geen_regels"],)),))
    pro_rata = any(r.pro_rata for r in rec.regions)
    shown = [r.region for r in rec.regions if r.status != "leeg"]
    enige = shown[0] if len(shown) == 1 else None
    with_category = any(ln.categorie for ln in lines)
    kolommen = COLUMNS["regel_kolommen"] if with_category else COLUMNS["regel_kolommen"][:-1]
    rows = tuple((f"{i}.", bedrag(ln.bedrag), one_line(ln.omschrijving or "") or WORDS["leeg"],
                  _regio(spec, ln, pro_rata, enige), one_line(ln.categorie or ""))[:len(kolommen)]
                 for i, ln in enumerate(lines, 1))
    return BijlagePart("regels", WORDS["regels"], (BijlageTable(kolommen, rows, (1,)),))


def _regio(spec: TemplateSpec, ln: Aanwendingsregel, pro_rata: bool, enige: str | None) -> str:
    """A line's region as the reconciliation counts it: its own, its parts, the board's only
    region, or none (then spread indicatief over the regions)."""
    if ln.regio == spec.lists.split_region:
        delen = ", ".join(f"{r} {bedrag(ln.deel(r))}" for r in spec.region_codes if ln.deel(r) is not None)
        return WORDS["verdeeld"].format(delen=delen or WORDS["leeg"])
    if ln.regio:
        return ln.regio
    if enige is not None and not pro_rata:
        return WORDS["enige_regio"].format(regio=enige)
    return WORDS["zonder_regio"]


def indicatief(rec: Reconciliation, spec: TemplateSpec) -> BijlagePart | None:
    """How the lines without a region were spread (only when there are such lines and regions share them)."""
    sharing = [r for r in rec.regions if r.pro_rata]
    if not rec.unassigned or not sharing:
        return None
    uitleg = WORDS["indicatief_uitleg"].format(bedrag=_euro(rec.unassigned),
                                               indicatief=spec.lists.statuses.indicatief)
    rows = tuple((r.region, format_percentage(r.fraction.quantize(Decimal("0.001"))) if r.fraction is not None else "—",
                  _euro(r.share)) for r in sharing)
    return BijlagePart("indicatief", WORDS["indicatief"],
                       (TextParagraph((uitleg,)), BijlageTable(COLUMNS["ind_kolommen"], rows, (1, 2))))


def indicatoren(sub: Submission, spec: TemplateSpec) -> BijlagePart:
    """Per main part of Part B: the chosen numbers with the indicator's text."""
    blocks: list = []
    for s in (s for s in spec.sections if s.kind == "process"):
        f = next(f for f in s.fields if f.type == "indicators")
        value = sub.get(f.id)
        blocks.append(Subheading(s.title))
        if isinstance(value, Indicatoren) and value.nvt:
            blocks.append(TextParagraph((spec.settings.nvt_text,)))
        elif isinstance(value, Indicatoren) and value.nummers:
            items = tuple(f"{n} {spec.indicators.get(n, WORDS['onbekend'])}" for n in dict.fromkeys(value.nummers))
            blocks.append(BulletList(items))
        else:
            blocks.append(TextParagraph((one_line(str(value)) if value is not None else WORDS["geen_indicator"],)))
    return BijlagePart("indicatoren", WORDS["indicatoren"], tuple(blocks))


def kengetallen(sub: Submission, spec: TemplateSpec) -> BijlagePart:
    rows = tuple((f.label, show_value(sub.get(f.id), f.type)) for f in spec.fields if f.kengetal and sub.get(f.id) is not None)
    block = BijlageTable(COLUMNS["ken_kolommen"], rows, (1,)) if rows else TextParagraph((WORDS["geen_kengetallen"],))
    return BijlagePart("kengetallen", WORDS["kengetallen"], (block,))


def bevindingen(findings: list[Finding]) -> BijlagePart:
    if not findings:
        return BijlagePart("bevindingen", WORDS["bevindingen"], (TextParagraph((WORDS["geen_bevindingen"],)),))
    rows = tuple((f.code, f.severity, f.message, f.location) for f in findings)
    return BijlagePart("bevindingen", WORDS["bevindingen"], (BijlageTable(COLUMNS["bev_kolommen"], rows),))
