"""`xltoolkit reconcile FILE [--beschikkingen REGISTER] [--json] [--write]`: received and spent per region.

Exit code 0 when every region closes (or there is nothing to reconcile), 1 when a region is
tekort, overschot or onbepaald or an error was found (such as a mismatch with the register),
2 when the workbook or the register cannot be read at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from xltoolkit.findings import Finding
from xltoolkit.io import WorkbookError
from xltoolkit.io.update import UpdateError, apply
from xltoolkit.services.reconcile import RegisterError, as_json, as_text, reconcile_file, reconciliatie_writeback
from xltoolkit.spec import load_spec


def command(
    file: Path = typer.Argument(..., help="Het ingevulde werkboek van een schoolbestuur (.xlsx)."),
    beschikkingen: Optional[Path] = typer.Option(
        None, "--beschikkingen", help="Register van bekostigingsbeschikkingen van het SWV (.xlsx of .csv) om mee te vergelijken."),
    json_output: bool = typer.Option(False, "--json", help="Uitvoer als JSON (bedragen als decimale tekst, bijvoorbeeld \"81739.00\")."),
    write: bool = typer.Option(False, "--write", help="Zet de uitkomst in het blad Reconciliatie van het werkboek."),
) -> None:
    """Reconciliatie: sluit per regio wat het bestuur besteedde op wat het ontving (en op de beschikkingen)?"""
    spec = load_spec()
    try:
        result = reconcile_file(file, beschikkingen, spec)
    except (WorkbookError, RegisterError) as exc:
        _unreadable(file, exc.finding, json_output)
    if write:
        try:
            apply(file, reconciliatie_writeback(result, spec))
        except UpdateError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2)
    if json_output:
        typer.echo(json.dumps({**as_json(result, spec), "file": str(file)}, ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(result, spec))
    raise typer.Exit(0 if result.ok else 1)


def _unreadable(file: Path, finding: Finding, json_output: bool) -> None:
    typer.echo(f"{finding.code}: {finding.message}", err=True)
    if json_output:
        typer.echo(json.dumps({"file": str(file), "regions": [], "total": None, "findings": [finding.as_dict()]},
                              ensure_ascii=False, indent=2))
    raise typer.Exit(2)
