"""`xltoolkit prepare BESTUREN [--beschikkingen REGISTER] --schooljaar JJJJ-JJJJ -o MAP [--vorig-jaar MAP] [--xlsm] [--json]`.

Writes one workbook per board of the SWV's list into MAP, with what the SWV already knows filled
in and locked (board, school year, regions, SBO/SO, the received amounts from the register) and,
with --vorig-jaar, last year's narratives and indicators as starting text. Exit code 0: a new
workbook for every board; 1: written, but with problems (a row of the list skipped, a file that
was already there and was not overwritten, a board not in the register); 2: nothing prepared
(the list, the register or last year's source cannot be used, the school year is invalid, the
folder cannot be made).
"""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.cli.output import SEVERITY_WORD, print_json

MAX_SHOWN = 40


def command(
    besturen: Path = typer.Argument(..., metavar="BESTUREN",
                                    help="De lijst van besturen van het SWV (.xlsx of .csv): naam, regio's, SBO/SO en eventueel een contactpersoon."),
    schooljaar: str = typer.Option(..., "--schooljaar", metavar="JJJJ-JJJJ", help="Het schooljaar waarover de besturen verantwoorden, bijvoorbeeld 2024-2025."),
    output: Path = typer.Option(..., "--output", "-o", metavar="MAP", help="De map waarin de werkboeken komen (een bestaand werkboek wordt nooit overschreven)."),
    beschikkingen: Path | None = typer.Option(
        None, "--beschikkingen", metavar="REGISTER", help="Register van bekostigingsbeschikkingen van het SWV (.xlsx of .csv): de ontvangen bedragen worden vooringevuld."),
    vorig_jaar: Path | None = typer.Option(
        None, "--vorig-jaar", metavar="MAP",
        help="Vorig jaar: de map met de werkboeken, één werkboek of het overzicht van de samenvoeging. De verhalen en gekozen "
             "indicatoren komen als begintekst in het nieuwe werkboek; bedragen nooit."),
    xlsm: bool = typer.Option(False, "--xlsm", help="Schrijf werkboeken met knoppen (.xlsm) in plaats van .xlsx."),
    json_output: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    """Klaarzetten: één werkboek per bestuur, met wat het SWV al weet vooringevuld en beveiligd.

    Afsluitcode 0: voor elk bestuur een nieuw werkboek; 1: geschreven, maar met problemen (zie de meldingen);
    2: niets klaargezet (de lijst, het register of vorig jaar is onbruikbaar, het schooljaar is ongeldig of de
    map kan niet worden gemaakt).
    """
    from xltoolkit.services.prepare import STATUS_WORD, PrepareError, prepare
    from xltoolkit.spec import load_spec

    try:
        result = prepare(besturen, schooljaar=schooljaar, output=output, spec=load_spec(), register=beschikkingen,
                         vorig_jaar=vorig_jaar, xlsm=xlsm)
    except PrepareError as exc:
        typer.echo(f"{exc.finding.code}: {exc.finding.message}", err=True)
        raise typer.Exit(2) from None
    if json_output:
        print_json(result.as_dict())
        raise typer.Exit(0 if result.ok else 1)
    typer.echo(f"Klaargezet voor schooljaar {result.schooljaar}: {len(result.written)} van de {len(result.prepared)} "
               f"besturen in {output}.")
    for p in result.prepared:
        typer.echo(f"  {STATUS_WORD[p.status]:<32}{p.bestand}")
    shown = result.findings  # errors first (the service sorts them)
    if shown:
        typer.echo(f"Meldingen ({len(shown)}):")
        for f in shown[:MAX_SHOWN]:
            typer.echo(f"  {SEVERITY_WORD[f.severity]:<13}{f.code:<6}{f.message}")
        if len(shown) > MAX_SHOWN:
            typer.echo(f"  … en nog {len(shown) - MAX_SHOWN} (alle meldingen met --json).")
    raise typer.Exit(0 if result.ok else 1)
