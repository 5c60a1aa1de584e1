"""The overview's sheets about files and content: Overzicht, Indicatoren, Teksten, Problemen.

Each function turns a `MergeResult` into one `Sheet` of tables. Labels of fields, sections,
regions and indicators come from the spec; the words here are the overview's own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from xltoolkit import __version__
from xltoolkit.findings import catalogue
from xltoolkit.model.values import Indicatoren, Unreadable, is_nvt
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.clean import VALUE_CODES
from xltoolkit.services.merge.model import STATUS_TEXT, FileResult
from xltoolkit.services.merge.result import MergeResult, jaar_label
from xltoolkit.services.merge.table import Chart, Column, Sheet, SummaryLine, Table
from xltoolkit.spec import Section, TemplateSpec

SHEET_NAME = {
    "overzicht": "Overzicht",
    "middelen": "Middelen per regio",
    "aanwending": "Aanwending",
    "indicatoren": "Indicatoren",
    "teksten": "Teksten",
    "kengetallen": "Kengetallen",
    "problemen": "Problemen",
    "terugkoppeling": "Terugkoppeling",
}
SEVERITY_TEXT = {"fout": "Fout", "waarschuwing": "Waarschuwing", "info": "Info"}
CHOSEN_MARK = "x"
TOP = 15  # the indicator chart shows this many, most chosen first
SHOWN_READ_CODES = {"L008"} | VALUE_CODES  # reading findings named in the Opmerking column (and on Problemen)


def board_order(s: MergeResult) -> Callable[[FileResult], tuple]:
    """The order of board-level rows: school year (the merge's own first, none last), board name, file."""
    jaren = s.schooljaren

    def key(g: FileResult) -> tuple:
        jaar = jaar_label(g)
        return (jaren.index(jaar) if jaar in jaren else len(jaren), g.bestuur.casefold(), g.label.casefold(), g.label)

    return key


def header_columns() -> tuple[Column, ...]:
    return (Column("Schooljaar", width=20), Column("Bestuur", width=46), Column("Bestand", width=40))


def header_values(g: FileResult) -> tuple[str, str, str]:
    return (jaar_label(g), g.bestuur, g.label)


# -- Overzicht ----------------------------------------------------------------------------------


def overzicht_sheet(s: MergeResult) -> Sheet:
    spec = s.spec
    with_register = s.register is not None
    columns = [
        Column("Nr", "aantal", 6), Column("Bestand", width=40), Column("Bestuur", width=46), Column("Schooljaar", width=20),
        Column("Regio's", width=24), Column("Sjabloonversie", "code", 16), Column("Status", width=20),
        Column("Validatie", width=10), Column("Fouten", "aantal", 8), Column("Waarschuwingen", "aantal", 16),
        Column("Reconciliatie", width=36),
    ]
    if with_register:
        columns.append(Column("Register", width=18))
    columns += [Column("Opmerking", "lang", 48), Column("Controlegetal (SHA-256)", "code", 80, printed=False)]  # the hash last: for machines
    rows = []
    for nr, g in enumerate(s.files, 1):
        row = [nr, g.label, g.bestuur, schooljaar(g) if g.usable else "", ", ".join(g.sub.regios) if g.sub else "",
               g.template_version, STATUS_TEXT[g.status], _validation(g), *_counts(g), _reconciliation(g)]
        if with_register:
            row.append(_register(g))
        row += [_remark(g, s), g.sha256]
        rows.append(tuple(row))
    summary = (
        SummaryLine("Schooljaar", _jaren(s), "samenvoeging_schooljaar"),
        SummaryLine("Bestanden gevonden", len(s.files), "samenvoeging_bestanden"),
        SummaryLine("Opgenomen in het overzicht", len(s.taken), "samenvoeging_opgenomen"),
        SummaryLine("Niet bruikbaar", len(s.unusable), "samenvoeging_niet_bruikbaar"),
        SummaryLine("Dubbel of kopie, niet opgenomen", len(s.duplicates), "samenvoeging_dubbel"),
        SummaryLine("Overgeslagen (geen werkboek)", len(s.skipped), "samenvoeging_overgeslagen"),
        SummaryLine("Opgenomen met fouten", sum(1 for g in s.taken if g.check is not None and g.check.errors),
              "samenvoeging_met_fouten"),
        SummaryLine("Meldingen op het blad Problemen", len(s.problems), "samenvoeging_problemen"),
        SummaryLine("Register van beschikkingen", s.register.naam if s.register is not None else "niet opgegeven", "samenvoeging_register"),
        SummaryLine("Sjabloonversie", spec.version),
        SummaryLine("Gemaakt met", f"xltoolkit {__version__}"),
    )
    table = Table("Bestanden", "Alle bestanden", tuple(columns), tuple(rows),
                  "Eén rij per gevonden werkboek. Wat niet is opgenomen, staat met de reden op het blad Problemen.")
    return Sheet(SHEET_NAME["overzicht"], f"Samenvoeging: {spec.name}", spec.swv, summary, (table,))


def _jaren(s: MergeResult) -> str:
    if not s.taken:
        return "—"
    others = [j for j in s.schooljaren if j != s.hoofdjaar_label]
    return s.hoofdjaar_label + (f" (ook: {', '.join(others)})" if others else "")


def _validation(g: FileResult) -> str:
    if g.check is None:
        return ""
    return "Geldig" if g.check.valid else "Fouten"


def _counts(g: FileResult) -> tuple[int | None, int | None]:
    return (g.check.errors, g.check.warnings) if g.check is not None else (None, None)


def _reconciliation(g: FileResult) -> str:
    r = g.reconciliation
    if r is None:
        return "niet uitgevoerd" if g.usable else ""
    if not r.regions:
        return r.status_words.leeg
    if r.ok:  # the board's verdict: every region that has one, and the total, close
        return r.status_words.sluitend
    return r.verdicts()


def _register(g: FileResult) -> str:
    v = g.reconciliation.register if g.reconciliation is not None else None
    if v is None or v.koppeling is None or v.koppeling.gevonden is None:
        return register_state(g)
    n = len(v.mismatches)
    return "Klopt" if n == 0 else f"{n} {'afwijking' if n == 1 else 'afwijkingen'}"


def register_state(g: FileResult) -> str:
    """Why a board was not compared with the register ("" when it was, or no register was given)."""
    v = g.reconciliation.register if g.reconciliation is not None else None
    if v is None:
        return ""
    if v.koppeling is None:
        if not g.bestuur:
            return "Geen bestuursnaam"
        return "Schooljaar niet in register" if schooljaar(g) else "Schooljaar onbekend"
    return "Bestuur niet gevonden" if v.koppeling.gevonden is None else ""


def _remark(g: FileResult, s: MergeResult) -> str:
    if g.error is not None:
        return f"{g.error.code} {catalogue()[g.error.code].titel}: zie Problemen"
    if g.status in ("dubbel", "identiek"):
        return "Een ander bestand van dit bestuur is opgenomen: zie Problemen"
    notes = [catalogue()[f.code].titel for f in g.step_problems]
    read = [f.code for f in g.sub.source.findings] if g.sub is not None else []
    notes += [catalogue()[code].titel for code in sorted(set(read) & SHOWN_READ_CODES)]
    return "; ".join(notes)


# -- Indicatoren --------------------------------------------------------------------------------


def indicatoren_sheet(s: MergeResult) -> Sheet:
    spec = s.spec
    parts = spec.process_sections
    boards = sorted(s.taken, key=board_order(s))
    chosen = {id(g): _chosen(g, spec) for g in boards}
    numbers = sorted(spec.indicators)
    part_of = {n: p for p in parts for n in range(p.indicators[0], p.indicators[1] + 1)}  # type: ignore[index]
    total = len(boards)
    freq_rows = []
    for n in numbers:
        count = sum(1 for g in boards if n in chosen[id(g)])
        share = Decimal(count) / total if total else None
        freq_rows.append((n, part_of[n].short if n in part_of else "", spec.indicators[n], count, share))
    freq_columns = (Column("Nr", "aantal", 6), Column("Hoofdonderdeel", width=24), Column("Indicator", "lang", 90),
                    Column("Gekozen door", "aantal", 12), Column("Aandeel besturen", "percentage", 12))
    freq = Table("Indicatorfrequentie", "Hoe vaak elke indicator is gekozen", freq_columns,
                 tuple(freq_rows), f"Aantal opgenomen besturen dat de indicator koos (van de {total}).")
    top_rows = sorted((r for r in freq_rows if r[3]), key=lambda r: (-r[3], r[0]))[:TOP]
    top = Table("MeestGekozen", f"De {len(top_rows)} meest gekozen indicatoren", freq_columns, tuple(top_rows),
                "Alle indicatoren, ook die niemand koos, staan in de tabel Hoe vaak elke indicator is gekozen.")
    per_part = Table("IndicatorenPerHoofdonderdeel", "Per hoofdonderdeel",
                     (Column("Hoofdonderdeel", width=22), Column("Indicatoren", width=12), Column("Met keuze", "aantal", 11),
                      Column("n.v.t.", "aantal", 8), Column("Niet ingevuld", "aantal", 11), Column("Onleesbaar", "aantal", 11),
                      Column("Keuzes in totaal", "aantal", 12)),
                     tuple(_part_row(p, boards, spec) for p in parts))
    columns = [*header_columns(), *(Column(f"{p.short}: nummers", width=14) for p in parts),
                *(Column(str(n), "code", 4) for n in numbers)]
    rows = []
    for g in boards:
        texts = ["" if (v := g.sub.indicatoren(p.id, spec)) is None else str(v) for p in parts]  # type: ignore[union-attr]
        rows.append((*header_values(g), *texts, *(CHOSEN_MARK if n in chosen[id(g)] else None for n in numbers)))
    matrix = Table("IndicatorenPerBestuur", "Gekozen indicatoren per bestuur", tuple(columns), tuple(rows),
                   f"Per hoofdonderdeel de nummers zoals ingevuld; '{CHOSEN_MARK}' = gekozen.")
    # Horizontal bars of the most chosen only: 43 thin columns cannot be read, and the numbers of
    # the others stand in the tables below.
    chart = Chart("bar", f"De {len(top_rows)} meest gekozen indicatoren (nummer)", top.name, "Nr", ("Gekozen door",), 0,
                    len(top_rows) - 1, "besturen", height=max(200, 60 + 22 * len(top_rows)), width=620)
    return Sheet(SHEET_NAME["indicatoren"], "Indicatoren", "Welke procesindicatoren de besturen als voorbeeld uitwerkten.",
                (), (top, freq, per_part, matrix), (chart,) if top_rows else ())


def _chosen(g: FileResult, spec: TemplateSpec) -> set[int]:
    out: set[int] = set()
    for p in spec.process_sections:
        value = g.sub.indicatoren(p.id, spec) if g.sub is not None else None
        if isinstance(value, Indicatoren):
            out.update(value.nummers)
    return out


def _part_row(p: Section, boards: list[FileResult], spec: TemplateSpec) -> tuple:
    values = [g.sub.indicatoren(p.id, spec) for g in boards if g.sub is not None]
    with_choice = sum(1 for v in values if isinstance(v, Indicatoren) and v.nummers)
    nvt = sum(1 for v in values if isinstance(v, Indicatoren) and v.nvt)
    empty = sum(1 for v in values if v is None)
    unreadable = sum(1 for v in values if isinstance(v, Unreadable))
    choices = sum(len(v.nummers) for v in values if isinstance(v, Indicatoren))
    lo, hi = p.indicators  # type: ignore[misc]
    return (p.short, f"{lo} t/m {hi}", with_choice, nvt, empty, unreadable, choices)


# -- Teksten ------------------------------------------------------------------------------------


def teksten_sheet(s: MergeResult) -> Sheet:
    spec = s.spec
    fields = [f for f in spec.fields if f.type == "narrative"]
    rows = []
    for g in sorted(s.taken, key=board_order(s)):
        for f in fields:
            value = g.sub.get(f.id) if g.sub is not None else None
            text = value if isinstance(value, str) else (str(value) if value is not None else "")
            staat = "Leeg" if not text else ("n.v.t." if is_nvt(text) else "Ingevuld")
            section = spec.section(f.section)
            rows.append((*header_values(g), section.part, section.short, f.label, text, len(text.split()), staat))
    table = Table("Teksten", "Alle verhalen",
                  (*header_columns(), Column("Deel", width=6), Column("Onderdeel", width=34), Column("Veld", width=36),
                   Column("Tekst", "lang", 100), Column("Woorden", "aantal", 9), Column("Staat", width=10)),
                  tuple(rows), "Eén rij per bestuur en verhaal. Filter op Onderdeel of Veld om één vraag voor alle besturen te lezen.")
    return Sheet(SHEET_NAME["teksten"], "Teksten", "De verhalen van elk bestuur, per onderdeel.", (), (table,))


# -- Problemen ----------------------------------------------------------------------------------


def problemen_sheet(s: MergeResult) -> Sheet:
    rows = []
    for nr, p in enumerate(s.problems, 1):
        f = p.finding
        rows.append((nr, p.file, p.bestuur, p.schooljaar, p.kind, f.code, SEVERITY_TEXT[f.severity], f.message,
                     f.location if f.sheet else ""))
    table = Table("Problemen", "Wat niet is gebruikt, en waarom",
                  (Column("Nr", "aantal", 6), Column("Bestand", width=40), Column("Bestuur", width=46), Column("Schooljaar", width=20),
                   Column("Soort", width=20), Column("Code", "code", 7), Column("Ernst", width=13), Column("Melding", "lang", 90),
                   Column("Plaats", width=24)),
                  tuple(rows),
                  "Bestanden die niet konden worden gelezen, dubbele inzendingen, afwijkende schooljaren en "
                  "sjabloonversies, overgeslagen bestanden en wat het register van beschikkingen mist.")
    return Sheet(SHEET_NAME["problemen"], "Problemen", f"{len(rows)} {'melding' if len(rows) == 1 else 'meldingen'}.", (), (table,))


# -- Terugkoppeling (--feedback) ----------------------------------------------------------------

BRIEF_WOORD = {"herstel": "Herstel", "bevestiging": "Bevestiging", "onleesbaar": "Onleesbaar", "geen": "Geen brief"}


def terugkoppeling_sheet(s: MergeResult) -> Sheet:
    """Which board gets which letter (`merge --feedback`): one row per file found."""
    rows = tuple((nr, r.file, r.bestuur, r.schooljaar, BRIEF_WOORD[r.kind], r.errors, r.warnings, r.letter, r.note)
                 for nr, r in enumerate(s.feedback or (), 1))
    table = Table("Terugkoppeling", "Brieven aan de besturen",
                  (Column("Nr", "aantal", 6), Column("Bestand", width=40), Column("Bestuur", width=46), Column("Schooljaar", width=20),
                   Column("Brief", width=14), Column("Fouten", "aantal", 8), Column("Waarschuwingen", "aantal", 16),
                   Column("Briefbestand", width=64), Column("Opmerking", "lang", 60)),
                  rows,
                  "Herstel: de brief noemt wat het bestuur moet herstellen of controleren. Bevestiging: niets te doen. "
                  "Onleesbaar: het bestand kon niet worden gebruikt. Geen brief: zie Opmerking.")
    sent = s.letters
    return Sheet(SHEET_NAME["terugkoppeling"], "Terugkoppeling", f"{sent} {'brief' if sent == 1 else 'brieven'} geschreven.", (), (table,))
