"""The overview's sheets about files and content: Overzicht, Indicatoren, Teksten, Problemen.

Each function turns a `Samenvoeging` into one `Blad` of tables. Labels of fields, sections,
regions and indicators come from the spec; the words here are the overview's own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from xltoolkit import __version__
from xltoolkit.findings import catalogue
from xltoolkit.model.values import Indicatoren, Onleesbaar, is_nvt
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.clean import WAARDE_CODES
from xltoolkit.services.merge.model import STATUS_WOORD, Gelezen
from xltoolkit.services.merge.result import Samenvoeging, jaar_label
from xltoolkit.services.merge.table import Blad, Grafiek, Kolom, Regel, Tabel
from xltoolkit.services.reconcile import STATUS_WOORD as RECONCILIATIE_WOORD
from xltoolkit.spec import Section

BLAD = {
    "overzicht": "Overzicht",
    "middelen": "Middelen per regio",
    "aanwending": "Aanwending",
    "indicatoren": "Indicatoren",
    "teksten": "Teksten",
    "kengetallen": "Kengetallen",
    "problemen": "Problemen",
}
ERNST_WOORD = {"fout": "Fout", "waarschuwing": "Waarschuwing", "info": "Info"}
GEKOZEN = "x"
TOP = 15  # the indicator chart shows this many, most chosen first
SHOWN_READ_CODES = {"L008"} | WAARDE_CODES  # reading findings named in the Opmerking column (and on Problemen)


def volgorde(s: Samenvoeging) -> Callable[[Gelezen], tuple]:
    """The order of board-level rows: school year (the merge's own first, none last), board name, file."""
    jaren = s.schooljaren

    def key(g: Gelezen) -> tuple:
        jaar = jaar_label(g)
        return (jaren.index(jaar) if jaar in jaren else len(jaren), g.bestuur.casefold(), g.label.casefold(), g.label)

    return key


def kop_kolommen() -> tuple[Kolom, ...]:
    return (Kolom("Schooljaar", breedte=20), Kolom("Bestuur", breedte=46), Kolom("Bestand", breedte=40))


def kop_waarden(g: Gelezen) -> tuple[str, str, str]:
    return (jaar_label(g), g.bestuur, g.label)


# -- Overzicht ----------------------------------------------------------------------------------


def overzicht(s: Samenvoeging) -> Blad:
    spec = s.spec
    met_register = s.register is not None
    kolommen = [
        Kolom("Nr", "aantal", 6), Kolom("Bestand", breedte=40), Kolom("Bestuur", breedte=46), Kolom("Schooljaar", breedte=20),
        Kolom("Regio's", breedte=24), Kolom("Sjabloonversie", "code", 16), Kolom("Status", breedte=20),
        Kolom("Validatie", breedte=10), Kolom("Fouten", "aantal", 8), Kolom("Waarschuwingen", "aantal", 16),
        Kolom("Reconciliatie", breedte=36),
    ]
    if met_register:
        kolommen.append(Kolom("Register", breedte=18))
    kolommen += [Kolom("Opmerking", "lang", 48), Kolom("Controlegetal (SHA-256)", "code", 80, afdrukken=False)]  # the hash last: for machines
    rijen = []
    for nr, g in enumerate(s.gelezen, 1):
        row = [nr, g.label, g.bestuur, schooljaar(g) if g.bruikbaar else "", ", ".join(g.sub.regios) if g.sub else "",
               g.sjabloonversie, STATUS_WOORD[g.status], _validatie(g), *_counts(g), _reconciliatie(g)]
        if met_register:
            row.append(_register(g))
        row += [_opmerking(g, s), g.sha256]
        rijen.append(tuple(row))
    samenvatting = (
        Regel("Schooljaar", _jaren(s), "samenvoeging_schooljaar"),
        Regel("Bestanden gevonden", len(s.gelezen), "samenvoeging_bestanden"),
        Regel("Opgenomen in het overzicht", len(s.opgenomen), "samenvoeging_opgenomen"),
        Regel("Niet bruikbaar", len(s.niet_bruikbaar), "samenvoeging_niet_bruikbaar"),
        Regel("Dubbel of kopie, niet opgenomen", len(s.dubbel), "samenvoeging_dubbel"),
        Regel("Overgeslagen (geen werkboek)", len(s.overgeslagen), "samenvoeging_overgeslagen"),
        Regel("Opgenomen met fouten", sum(1 for g in s.opgenomen if g.check is not None and g.check.errors),
              "samenvoeging_met_fouten"),
        Regel("Meldingen op het blad Problemen", len(s.problemen), "samenvoeging_problemen"),
        Regel("Register van beschikkingen", s.register.naam if s.register is not None else "niet opgegeven", "samenvoeging_register"),
        Regel("Sjabloonversie", spec.version),
        Regel("Gemaakt met", f"xltoolkit {__version__}"),
    )
    tabel = Tabel("Bestanden", "Alle bestanden", tuple(kolommen), tuple(rijen),
                  "Eén rij per gevonden werkboek. Wat niet is opgenomen, staat met de reden op het blad Problemen.")
    return Blad(BLAD["overzicht"], f"Samenvoeging: {spec.name}", spec.swv, samenvatting, (tabel,))


def _jaren(s: Samenvoeging) -> str:
    if not s.opgenomen:
        return "—"
    others = [j for j in s.schooljaren if j != s.hoofdjaar_label]
    return s.hoofdjaar_label + (f" (ook: {', '.join(others)})" if others else "")


def _validatie(g: Gelezen) -> str:
    if g.check is None:
        return ""
    return "Geldig" if g.check.valid else "Fouten"


def _counts(g: Gelezen) -> tuple[int | None, int | None]:
    return (g.check.errors, g.check.warnings) if g.check is not None else (None, None)


def _reconciliatie(g: Gelezen) -> str:
    r = g.reconciliatie
    if r is None:
        return "niet uitgevoerd" if g.bruikbaar else ""
    if not r.regions:
        return RECONCILIATIE_WOORD["leeg"]
    if r.ok:  # the board's verdict: every region that has one, and the total, close
        return RECONCILIATIE_WOORD["sluitend"]
    return r.verdicten()


def _register(g: Gelezen) -> str:
    v = g.reconciliatie.register if g.reconciliatie is not None else None
    if v is None or v.koppeling is None or v.koppeling.gevonden is None:
        return register_staat(g)
    n = len(v.afwijkingen)
    return "Klopt" if n == 0 else f"{n} {'afwijking' if n == 1 else 'afwijkingen'}"


def register_staat(g: Gelezen) -> str:
    """Why a board was not compared with the register ("" when it was, or no register was given)."""
    v = g.reconciliatie.register if g.reconciliatie is not None else None
    if v is None:
        return ""
    if v.koppeling is None:
        if not g.bestuur:
            return "Geen bestuursnaam"
        return "Schooljaar niet in register" if schooljaar(g) else "Schooljaar onbekend"
    return "Bestuur niet gevonden" if v.koppeling.gevonden is None else ""


def _opmerking(g: Gelezen, s: Samenvoeging) -> str:
    if g.fout is not None:
        return f"{g.fout.code} {catalogue()[g.fout.code].titel}: zie Problemen"
    if g.status in ("dubbel", "identiek"):
        return "Een ander bestand van dit bestuur is opgenomen: zie Problemen"
    notes = [catalogue()[f.code].titel for f in g.stap_problemen]
    read = [f.code for f in g.sub.bron.findings] if g.sub is not None else []
    notes += [catalogue()[code].titel for code in sorted(set(read) & SHOWN_READ_CODES)]
    return "; ".join(notes)


# -- Indicatoren --------------------------------------------------------------------------------


def indicatoren(s: Samenvoeging) -> Blad:
    spec = s.spec
    parts = spec.process_sections
    boards = sorted(s.opgenomen, key=volgorde(s))
    chosen = {id(g): _chosen(g, parts) for g in boards}
    numbers = sorted(spec.indicators)
    part_of = {n: p for p in parts for n in range(p.indicators[0], p.indicators[1] + 1)}  # type: ignore[index]
    total = len(boards)
    freq_rows = []
    for n in numbers:
        count = sum(1 for g in boards if n in chosen[id(g)])
        share = Decimal(count) / total if total else None
        freq_rows.append((n, part_of[n].short if n in part_of else "", spec.indicators[n], count, share))
    freq_columns = (Kolom("Nr", "aantal", 6), Kolom("Hoofdonderdeel", breedte=24), Kolom("Indicator", "lang", 90),
                    Kolom("Gekozen door", "aantal", 12), Kolom("Aandeel besturen", "percentage", 12))
    freq = Tabel("Indicatorfrequentie", "Hoe vaak elke indicator is gekozen", freq_columns,
                 tuple(freq_rows), f"Aantal opgenomen besturen dat de indicator koos (van de {total}).")
    top_rows = sorted((r for r in freq_rows if r[3]), key=lambda r: (-r[3], r[0]))[:TOP]
    top = Tabel("MeestGekozen", f"De {len(top_rows)} meest gekozen indicatoren", freq_columns, tuple(top_rows),
                "Alle indicatoren, ook die niemand koos, staan in de tabel Hoe vaak elke indicator is gekozen.")
    per_part = Tabel("IndicatorenPerHoofdonderdeel", "Per hoofdonderdeel",
                     (Kolom("Hoofdonderdeel", breedte=22), Kolom("Indicatoren", breedte=12), Kolom("Met keuze", "aantal", 11),
                      Kolom("n.v.t.", "aantal", 8), Kolom("Niet ingevuld", "aantal", 11), Kolom("Onleesbaar", "aantal", 11),
                      Kolom("Keuzes in totaal", "aantal", 12)),
                     tuple(_part_row(p, boards) for p in parts))
    kolommen = [*kop_kolommen(), *(Kolom(f"{p.short}: nummers", breedte=14) for p in parts),
                *(Kolom(str(n), "code", 4) for n in numbers)]
    rijen = []
    for g in boards:
        texts = ["" if (v := g.sub.indicatoren(p.id, spec)) is None else str(v) for p in parts]  # type: ignore[union-attr]
        rijen.append((*kop_waarden(g), *texts, *(GEKOZEN if n in chosen[id(g)] else None for n in numbers)))
    matrix = Tabel("IndicatorenPerBestuur", "Gekozen indicatoren per bestuur", tuple(kolommen), tuple(rijen),
                   f"Per hoofdonderdeel de nummers zoals ingevuld; '{GEKOZEN}' = gekozen.")
    # Horizontal bars of the most chosen only: 43 thin columns cannot be read, and the numbers of
    # the others stand in the tables below.
    chart = Grafiek("bar", f"De {len(top_rows)} meest gekozen indicatoren (nummer)", top.naam, "Nr", ("Gekozen door",), 0,
                    len(top_rows) - 1, "besturen", hoogte=max(200, 60 + 22 * len(top_rows)), breedte=620)
    return Blad(BLAD["indicatoren"], "Indicatoren", "Welke procesindicatoren de besturen als voorbeeld uitwerkten.",
                (), (top, freq, per_part, matrix), (chart,) if top_rows else ())


def _chosen(g: Gelezen, parts: tuple[Section, ...]) -> set[int]:
    out: set[int] = set()
    for p in parts:
        value = g.sub.indicatoren(p.id) if g.sub is not None else None
        if isinstance(value, Indicatoren):
            out.update(value.nummers)
    return out


def _part_row(p: Section, boards: list[Gelezen]) -> tuple:
    values = [g.sub.indicatoren(p.id) for g in boards if g.sub is not None]
    with_choice = sum(1 for v in values if isinstance(v, Indicatoren) and v.nummers)
    nvt = sum(1 for v in values if isinstance(v, Indicatoren) and v.nvt)
    empty = sum(1 for v in values if v is None)
    unreadable = sum(1 for v in values if isinstance(v, Onleesbaar))
    choices = sum(len(v.nummers) for v in values if isinstance(v, Indicatoren))
    lo, hi = p.indicators  # type: ignore[misc]
    return (p.short, f"{lo} t/m {hi}", with_choice, nvt, empty, unreadable, choices)


# -- Teksten ------------------------------------------------------------------------------------


def teksten(s: Samenvoeging) -> Blad:
    spec = s.spec
    fields = [f for f in spec.fields if f.type == "narrative"]
    rijen = []
    for g in sorted(s.opgenomen, key=volgorde(s)):
        for f in fields:
            value = g.sub.get(f.id) if g.sub is not None else None
            text = value if isinstance(value, str) else (str(value) if value is not None else "")
            staat = "Leeg" if not text else ("n.v.t." if is_nvt(text) else "Ingevuld")
            section = spec.section(f.section)
            rijen.append((*kop_waarden(g), section.part, section.short, f.label, text, len(text.split()), staat))
    tabel = Tabel("Teksten", "Alle verhalen",
                  (*kop_kolommen(), Kolom("Deel", breedte=6), Kolom("Onderdeel", breedte=34), Kolom("Veld", breedte=36),
                   Kolom("Tekst", "lang", 100), Kolom("Woorden", "aantal", 9), Kolom("Staat", breedte=10)),
                  tuple(rijen), "Eén rij per bestuur en verhaal. Filter op Onderdeel of Veld om één vraag voor alle besturen te lezen.")
    return Blad(BLAD["teksten"], "Teksten", "De verhalen van elk bestuur, per onderdeel.", (), (tabel,))


# -- Problemen ----------------------------------------------------------------------------------


def problemen(s: Samenvoeging) -> Blad:
    rijen = []
    for nr, p in enumerate(s.problemen, 1):
        f = p.finding
        rijen.append((nr, p.bestand, p.bestuur, p.schooljaar, p.soort, f.code, ERNST_WOORD[f.severity], f.message,
                      f.location if f.sheet else ""))
    tabel = Tabel("Problemen", "Wat niet is gebruikt, en waarom",
                  (Kolom("Nr", "aantal", 6), Kolom("Bestand", breedte=40), Kolom("Bestuur", breedte=46), Kolom("Schooljaar", breedte=20),
                   Kolom("Soort", breedte=20), Kolom("Code", "code", 7), Kolom("Ernst", breedte=13), Kolom("Melding", "lang", 90),
                   Kolom("Plaats", breedte=24)),
                  tuple(rijen),
                  "Bestanden die niet konden worden gelezen, dubbele inzendingen, afwijkende schooljaren en "
                  "sjabloonversies, overgeslagen bestanden en wat het register van beschikkingen mist.")
    return Blad(BLAD["problemen"], "Problemen", f"{len(rijen)} {'melding' if len(rijen) == 1 else 'meldingen'}.", (), (tabel,))
