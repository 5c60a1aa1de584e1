"""A letter to one board, as data, built from the merge's result: nothing is checked again here.

The merge has read and checked every board once (`services.check`: validation and reconciliation,
with the register when it was given). A letter says what that one pass found about this board's
workbook, in the words of the catalogue, and where a controller finds each point in Excel:

- what the SWV received (the file, its school year and date, and any other file of the board that
  was set aside as a duplicate or copy);
- the money per region (the reconciliation's own table, as in the report's annex);
- the comparison with the register of beschikkingen, when the merge had one;
- what is still missing (empty required parts), the fouten and the waarschuwingen, each once,
  with its sheet and cell, its defined name and the catalogue's text that says how to fix it.

Info findings are not listed (nothing to fix), nor the register's own problems (rows of the SWV's
register that could not be used: they are about the SWV's file, not the board's), nor the merge's
own remarks to the SWV (another school year than most, a duplicate set aside: M030-M032, M020,
M021); a duplicate is named under what was received, and an empty BESTUUR or SCHOOLJAAR is already
a fout of the check (V001). A board with no fout and no waarschuwing gets a short confirmation
instead (`soort` "bevestiging").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from xltoolkit import __version__
from xltoolkit.findings import Finding, catalogue
from xltoolkit.model.money import format_euro
from xltoolkit.services.feedback.template import LetterTemplate, Tekst
from xltoolkit.services.merge.choose import bestuur_key, schooljaar
from xltoolkit.services.merge.model import STATUS_TEXT, FileResult
from xltoolkit.services.merge.result import MergeResult
from xltoolkit.services.merge.sheets import register_state
from xltoolkit.services.reconcile.model import koppeling_text, regeling_name
from xltoolkit.services.report.bijlage import BijlageTable
from xltoolkit.services.report.bijlage import reconciliatie as reconciliatie_deel
from xltoolkit.services.report.build import WORDS as RAPPORT_WOORDEN
from xltoolkit.services.report.text import TextBlock, TextParagraph

Soort = Literal["herstel", "bevestiging", "onleesbaar"]
# Findings that say a part is still empty: listed under "Wat nog ontbreekt", not again under Fouten.
ONTBREEKT = frozenset({"V001", "V005", "V017", "V018"})
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
# The words of the letter's tables and header lines (the fixed paragraphs are in the template).
WOORDEN: dict[str, str] = {
    "aan": "Aan", "datum": "Datum", "betreft": "Betreft", "voettekst": "Terugkoppeling · {naam}",
    "bestuur_van": "het bestuur van {bestuur}",
    "bestuur_onbekend": "het bestuur dat {bestand} inleverde",
    "naam": "naam: {naam}", "ja": "ja", "nee": "nee", "leeg": "niet ingevuld", "geen_beschikking": "geen beschikking",
    "onbekend": "onbekend", "gevonden": "Uw bestuur is in het register gevonden als '{naam}' ({hoe}).",
    "niet_vergeleken": "Uw werkboek is niet met het register vergeleken: {staat}.",
    "geen_regels": "In het register staan voor uw bestuur geen beschikkingen voor dit schooljaar.",
}
KOLOMMEN: dict[str, tuple[str, ...]] = {
    "ontvangen": ("Bestand", "Schooljaar", "Laatst opgeslagen", "Verwerking"),
    "register": ("Regio", "Regeling", "Uw bedrag", "Beschikking", "Verschil", "Klopt"),
    "punten": ("Plaats in het werkboek", "Wat en hoe te herstellen", "Code"),
}


@dataclass(frozen=True)
class Punt:
    """One finding to act on: where it is in Excel, and the catalogue's words."""

    code: str
    ernst: str
    titel: str
    melding: str
    plaats: str  # "Gegevens!C5", or the sheet or defined name when no cell is known
    naam: str  # the defined name (spec field), "" when none


@dataclass(frozen=True)
class Onderdeel:
    """A part of the letter: its template text (with its heading), then a table, blocks or points."""

    teksten: tuple[Tekst, ...]
    inhoud: tuple[BijlageTable | TextBlock, ...] = ()
    punten: tuple[Punt, ...] = ()


@dataclass(frozen=True)
class Brief:
    soort: Soort
    bestand: str  # the file's label in the merge
    bestuur: str  # "" when the workbook has no name
    schooljaar: str
    swv: str
    aan: str
    datum: str
    onderwerp: str
    aanhef: str
    inleiding: tuple[Tekst, ...]
    onderdelen: tuple[Onderdeel, ...]
    slot: tuple[Tekst, ...]
    punten: tuple[Punt, ...]  # every point listed, in the letter's order
    versie: str

    @property
    def fouten(self) -> int:
        return sum(1 for p in self.punten if p.ernst == "fout")

    @property
    def waarschuwingen(self) -> int:
        return sum(1 for p in self.punten if p.ernst == "waarschuwing")


def dutch_date(d: date) -> str:
    """"1 december 2026"."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def meldingen(s: MergeResult, g: FileResult) -> list[Finding]:
    """The fouten and waarschuwingen of this board's one check pass, in the order a controller works."""
    if g.check is None:
        return []
    eigen = set(s.register.findings) if s.register is not None else set()
    return [f for f in g.check.findings if f.severity != "info" and f not in eigen]


def reden(f: Finding) -> str:
    """Why a file could not be used, as the board is told: a reading finding (L) speaks to whoever
    saves the file ("haal de beveiliging eraf"); the merge's own (M017, M011: an unexpected error)
    speak to the SWV's staff, so the board reads only their title."""
    return f.message if f.code.startswith("L") else f"{catalogue()[f.code].titel}."


def punt(f: Finding) -> Punt:
    return Punt(f.code, f.severity, catalogue()[f.code].titel, f.message, f.location or "", f.field or "")


def build_brief(s: MergeResult, g: FileResult, sjabloon: LetterTemplate, vandaag: date) -> Brief:
    """The letter about workbook `g`: "herstel" or "bevestiging" for a checked workbook,
    "onleesbaar" for one that could not be used (only when its board is known)."""
    jaar = schooljaar(g)
    fs = meldingen(s, g)
    soort: Soort = "onleesbaar" if g.error is not None else ("herstel" if fs else "bevestiging")
    values = {
        "bestuur": g.bestuur, "bestand": Path(g.label).name, "schooljaar": jaar, "swv": s.spec.swv, "datum": dutch_date(vandaag),
        "fouten": sum(1 for f in fs if f.severity == "fout"), "waarschuwingen": sum(1 for f in fs if f.severity == "waarschuwing"),
        "ontbreekt": sum(1 for f in fs if f.code in ONTBREEKT), "register": s.register.naam if s.register is not None else "",
        "reden": reden(g.error) if g.error is not None else "",
    }
    onderdelen = [Onderdeel(sjabloon.blok("ontvangen", **values), (_ontvangen(s, g),))]
    punten: list[Punt] = []
    if soort != "onleesbaar":
        onderdelen.append(Onderdeel(sjabloon.blok("regio", **values), _regio(s, g)))
        if s.register is not None:
            onderdelen.append(Onderdeel(sjabloon.blok("register", **values), _register(s, g)))
        groups = (("ontbreekt_kop", [f for f in fs if f.code in ONTBREEKT]),
                  ("fouten_kop", [f for f in fs if f.code not in ONTBREEKT and f.severity == "fout"]),
                  ("waarschuwingen_kop", [f for f in fs if f.code not in ONTBREEKT and f.severity == "waarschuwing"]))
        for blok, group in groups:
            if group:
                onderdelen.append(Onderdeel(sjabloon.blok(blok, **values), punten=tuple(punt(f) for f in group)))
                punten += [punt(f) for f in group]
    bestand = Path(g.label).name
    return Brief(
        soort=soort, bestand=g.label, bestuur=g.bestuur, schooljaar=jaar, swv=s.spec.swv,
        aan=(WOORDEN["bestuur_van"].format(bestuur=g.bestuur) if g.bestuur
             else WOORDEN["bestuur_onbekend"].format(bestand=bestand)),
        datum=dutch_date(vandaag), onderwerp=sjabloon.regel("onderwerp", **values), aanhef=sjabloon.regel("aanhef", **values),
        inleiding=sjabloon.blok(soort, **values), onderdelen=tuple(onderdelen),
        slot=sjabloon.blok("afsluiting", **values) + sjabloon.blok("ondertekening", **values),
        punten=tuple(punten), versie=f"xltoolkit {__version__}, sjabloon {s.spec.version}",
    )


def page_words() -> tuple[str, str]:
    """"pagina" and "van" of the footer, as the report writes them."""
    return RAPPORT_WOORDEN["pagina"], RAPPORT_WOORDEN["van"]


# -- the parts -----------------------------------------------------------------------------------


def same_bestuur(s: MergeResult, g: FileResult) -> list[FileResult]:
    """`g` and the files set aside in its favour: copies of it, and duplicates of its board and year."""
    key = (bestuur_key(g), schooljaar(g))
    return [g] + [d for d in s.duplicates
                  if d.sha256 == g.sha256 or (key[0] and (bestuur_key(d), schooljaar(d)) == key)]


def _ontvangen(s: MergeResult, g: FileResult) -> BijlageTable:
    rows = tuple((Path(d.label).name, schooljaar(d) or WOORDEN["leeg"], saved_at(d), STATUS_TEXT[d.status])
                 for d in same_bestuur(s, g))
    return BijlageTable(KOLOMMEN["ontvangen"], rows)


def saved_at(g: FileResult) -> str:
    """When the workbook was last saved: the date the spreadsheet program wrote into it, else the
    file's own modification date."""
    if g.doc_modified:
        try:
            return dutch_date(datetime.fromisoformat(g.doc_modified.replace("Z", "+00:00")).date())
        except ValueError:
            pass
    if g.modified:
        return dutch_date(datetime.fromtimestamp(g.modified).date())
    return WOORDEN["onbekend"]


def _regio(s: MergeResult, g: FileResult) -> tuple[BijlageTable | TextBlock, ...]:
    """The reconciliation per region exactly as the report's annex shows it."""
    rec = g.reconciliation
    return reconciliatie_deel(rec, s.spec).blokken if rec is not None else ()  # type: ignore[return-value]


def _register(s: MergeResult, g: FileResult) -> tuple[BijlageTable | TextBlock, ...]:
    v = g.reconciliation.register if g.reconciliation is not None else None
    if v is None or v.koppeling is None or v.koppeling.gevonden is None:
        return (TextParagraph((WOORDEN["niet_vergeleken"].format(staat=(register_state(g) or WOORDEN["onbekend"]).lower()),)),)
    found = TextParagraph((WOORDEN["gevonden"].format(naam=v.koppeling.gevonden, hoe=koppeling_text(v.koppeling)),))
    if not v.regels:
        return (found, TextParagraph((WOORDEN["geen_regels"],)))
    rows = tuple((r.region, regeling_name(s.spec, r.regeling), _bedrag(r.bestuur_amount, r.bestuur_text, WOORDEN["leeg"]),
                  _bedrag(r.beschikking, None, WOORDEN["geen_beschikking"]), _bedrag(r.verschil, None, "—"),
                  WOORDEN["ja"] if r.matches else WOORDEN["nee"]) for r in v.regels)
    return (found, BijlageTable(KOLOMMEN["register"], rows, (2, 3, 4)))


def _bedrag(amount: Decimal | None, tekst: str | None, leeg: str) -> str:
    if amount is not None:
        return format_euro(amount)
    return f"'{tekst}'" if tekst else leeg
