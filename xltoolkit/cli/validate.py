"""`xltoolkit validate FILE [--json] [--write]`: every rule, every problem at once.

Exit code 0: no fout; 1: at least one fout; 2: the file cannot be read.
"""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.cli.output import print_findings, print_json
from xltoolkit.findings import count_phrase as counts
from xltoolkit.io import WorkbookError, load
from xltoolkit.io.update import UpdateError, apply
from xltoolkit.services.controle import controle_writeback
from xltoolkit.services.validate import ValidationReport, validate


def command(
    file: Path = typer.Argument(..., help="Het werkboek (.xlsx of .xlsm) van een bestuur."),
    as_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
    write: bool = typer.Option(False, "--write", help="Zet de meldingen in het blad Controle en markeer de cellen met een fout."),
) -> None:
    """Controleer een werkboek op alle regels van het sjabloon."""
    try:
        report = validate(load(file))
        if write:
            apply(file, controle_writeback(report))
    except WorkbookError as exc:
        _unreadable(file, exc.finding.message, exc.finding.as_dict(), as_json)
    except UpdateError as exc:
        _unreadable(file, str(exc), None, as_json)
    _show(report, file, as_json, write)
    raise typer.Exit(0 if report.valid else 1)


def _show(report: ValidationReport, file: Path, as_json: bool, written: bool) -> None:
    if as_json:
        print_json({**report.as_dict(), "file": str(file)})
        return
    verdict = "in orde" if report.valid else "niet in orde"
    typer.echo(f"{file.name}: {verdict} ({counts(report.errors, report.warnings)})")
    print_findings(report.findings)
    if written:
        typer.echo("De meldingen staan in het blad Controle; cellen met een fout zijn gemarkeerd.")


def _unreadable(file: Path, message: str, finding: dict | None, as_json: bool) -> None:
    if as_json:
        print_json({"file": str(file), "valid": False, "errors": 1, "warnings": 0, "findings": [finding] if finding else []})
    else:
        typer.echo(message, err=True)
    raise typer.Exit(2)
