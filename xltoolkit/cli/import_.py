"""`xltoolkit import SOURCE -o WORKBOOK.xlsx [--schooljaar JJJJ-JJJJ] [--json] [--overschrijven]`.

Reads last year's report (Word .docx, text .txt, Markdown .md), fills a fresh master workbook
with it and prints what was found, what not, and what went to Extra informatie (--json: all of
it, per field). Exit code 0: written; 2: nothing written, with the reason in Dutch.
"""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.cli.output import print_json
from xltoolkit.findings import make


def command(
    source: Path = typer.Argument(..., metavar="VERSLAG", help="Het verslag van vorig jaar: Word (.docx), tekst (.txt) of Markdown (.md)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="WERKBOEK", help="Het werkboek dat wordt gemaakt (.xlsx)."),
    schooljaar: str | None = typer.Option(
        None, "--schooljaar", metavar="JJJJ-JJJJ", help="Begin een nieuw schooljaar (JJJJ-JJJJ): de teksten blijven, de bedragen worden leeggemaakt."
    ),
    as_json: bool = typer.Option(False, "--json", help="Alle details als JSON: per veld hoe het is gevonden."),
    overschrijven: bool = typer.Option(False, "--overschrijven", "--force", help="Overschrijf een bestaand werkboek."),
) -> None:
    """Importeer het verslag van vorig jaar in een nieuw, ingevuld werkboek."""
    from xltoolkit.io import save
    from xltoolkit.services.importer import ImportFailed, import_report, summary
    from xltoolkit.spec import load_spec

    spec = load_spec()
    try:
        _check_output(output, overschrijven)
        result = import_report(source, spec, schooljaar=schooljaar)
        save(result.submission, output, spec)
    except ImportFailed as exc:
        _stop(exc.finding.message)
    except OSError as exc:
        _stop(make("I009", werkboek=str(output), detail=exc.strerror or str(exc)).message)
    report = result.report
    if as_json:
        print_json({"werkboek": str(output), **report.as_dict(result.submission)})
        return
    typer.echo(f"Geïmporteerd: {source.name} → {output}")
    for line in summary(report, spec):
        typer.echo(line)


def _check_output(output: Path, overschrijven: bool) -> None:
    from xltoolkit.services.importer import ImportFailed

    if output.suffix.lower() != ".xlsx":
        raise ImportFailed(make("I008", werkboek=output.name, voorstel=output.with_suffix(".xlsx").name))
    if output.exists() and not overschrijven:
        raise ImportFailed(make("I004", werkboek=str(output)))


def _stop(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)
