"""The sheet Vergelijking as data (a `Sheet` of tables and charts), laid out by the overview's writer.

Order on the sheet, as an SWV officer reads it: the summary; two native charts (received and spent
per region over the years); the totals per region this year against last year; every board and
region; boards that came or went; the indicators; the key figures. Headers name the school years
themselves ("Ontvangen 2022-2023"), never "vorig jaar", so a printed page says what it compares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xltoolkit.services.compare import rows, terugploeg
from xltoolkit.services.compare.figures import kengetal_fields
from xltoolkit.services.merge.table import Chart, Column, Sheet, SummaryLine, Table
from xltoolkit.spec import TemplateSpec

if TYPE_CHECKING:
    from xltoolkit.services.compare import Vergelijking

BLAD_VERGELIJKING = "Vergelijking"
JAAR_BREEDTE = 15


def _money_column(kop: str) -> Column:
    return Column(kop, "bedrag", JAAR_BREEDTE)


def _difference_columns(vorig: str, dit: str) -> tuple[Column, ...]:
    return (_money_column(f"Ontvangen {vorig}"), _money_column(f"Ontvangen {dit}"), _money_column("Verschil ontvangen"),
            Column("Verschil ontvangen %", "procent", 11),
            _money_column(f"Besteed {vorig}"), _money_column(f"Besteed {dit}"), _money_column("Verschil besteed"), Column("Verschil besteed %", "procent", 11))


def vergelijking_sheet(v: Vergelijking, spec: TemplateSpec) -> Sheet:
    dit, vorig, jaren, k = v.dit_jaar, v.vorig_jaar, v.jaren, v.koppeling
    per_jaar = Table("MiddelenPerJaar", "Middelen per regio over de jaren",
                     (Column("Naam", width=24), Column("Regio", width=10), *(_money_column(f"Ontvangen {j}") for j in jaren),
                      *(_money_column(f"Besteed {j}") for j in jaren)),
                     tuple(rows.by_year(v.cijfers, jaren, spec)),
                     "Opgeteld over alle besturen van dat schooljaar.")
    per_regio = Table("VergelijkingPerRegio", f"Per regio: {dit} tegen {vorig}",
                      (Column("Naam", width=24), Column("Regio", width=10), *_difference_columns(vorig, dit)),
                      tuple(rows.by_regio(v.cijfers, dit, vorig, spec)),
                      f"Verschil = {dit} min {vorig}; het percentage is van {vorig} (n.v.t. als dat 0 was).")
    per_bestuur = Table("VergelijkingPerBestuur", "Per bestuur en regio",
                        (Column("Bestuur", width=46), Column("Regio", width=10), *_difference_columns(vorig, dit),
                         Column("Opmerking", "lang", 40)),
                        tuple(rows.by_bestuur(k, dit, spec)),
                        "Besturen van beide jaren op naam gekoppeld (hoofdletters, spaties en 'Stichting' tellen niet). "
                        "Leeg = dat jaar niet in die regio.")
    wissel = Table("NieuwEnVerdwenen", "Nieuwe en verdwenen besturen",
                   (Column("Bestuur", width=46), Column("Regio's", width=10), Column("Wat", width=15), Column("Schooljaar", width=12),
                    _money_column("Ontvangen"), Column("Lijkt op", width=JAAR_BREEDTE)),
                   tuple(rows.new_and_gone(k)),
                   "Besturen met een werkboek in maar één van de twee jaren. Ontvangen = in het eigen schooljaar.")
    keuze = Table("IndicatorenVergelijking", "Gekozen indicatoren per bestuur",
                  (Column("Bestuur", width=46), Column(f"Gekozen {vorig}", width=JAAR_BREEDTE),
                   Column(f"Gekozen {dit}", width=JAAR_BREEDTE), Column("Nieuw gekozen", width=JAAR_BREEDTE),
                   Column("Niet meer gekozen", width=JAAR_BREEDTE)),
                  tuple(rows.indicatoren_by_bestuur(k)), "Nummers van de procesindicatoren, alle hoofdonderdelen samen.")
    freq_rows, known = rows.indicatoren_by_year(v.cijfers, jaren, spec)
    freq = Table("IndicatorenPerJaar", "Hoe vaak elke indicator is gekozen, per schooljaar",
                 (Column("Indicator", "lang", 46), Column("Nr", "aantal", 6), *(Column(j, "aantal", 11) for j in jaren),
                  Column("Verschil", "aantal", 10)),
                 tuple(freq_rows),
                 "Aantal besturen dat de indicator koos, van de besturen met bekende keuze: "
                 + "; ".join(f"{j}: {n}" for j, n in known.items()) + ".")
    velden = kengetal_fields(spec)
    kengetallen = Table("KengetallenPerJaar", "Kengetallen per schooljaar",
                        (Column("Kengetal", width=44), *(Column(f"Totaal {j}", "aantal", 12) for j in jaren),
                         Column("Verschil", "aantal", 10), *(Column(f"Ingevuld door {j}", "aantal", 13) for j in jaren)),
                        tuple(rows.kengetallen_by_year(v.cijfers, jaren, velden, spec)),
                        "Totaal over de besturen die het kengetal invulden; Verschil = laatste schooljaar min het jaar ervoor.")
    delen = (terugploeg.table(v.register, spec, jaren, jaar_eerst=False),) if v.register and terugploeg.is_split(v.register) else ()
    n = len(per_jaar.rows)
    charts = (
        Chart("column", "Ontvangen per regio", per_jaar.name, "Naam", tuple(f"Ontvangen {j}" for j in jaren), 0, n - 1, "euro"),
        Chart("column", "Besteed per regio", per_jaar.name, "Naam", tuple(f"Besteed {j}" for j in jaren), 0, n - 1, "euro"),
    ) if n else ()
    samenvatting = (
        SummaryLine("Schooljaar", dit),
        SummaryLine("Vergeleken met", vorig),
        SummaryLine("Vorig jaar uit", "; ".join(v.bronnen)),
        SummaryLine("Besturen in beide jaren", len(k.paren)),
        SummaryLine(f"Nieuw in {dit}", len(k.nieuw)),
        SummaryLine(f"Niet meer in {dit}", len(k.verdwenen)),
        SummaryLine("Niet te koppelen (zie Problemen)", len(k.dubbelzinnig)),
    )
    return Sheet(BLAD_VERGELIJKING, f"Vergelijking {dit} met {vorig}",
                "Dit schooljaar naast vorig jaar. De andere bladen gaan alleen over de werkboeken van deze samenvoeging.",
                samenvatting, (per_regio, per_jaar, *delen, per_bestuur, wissel, keuze, freq, kengetallen), charts)
