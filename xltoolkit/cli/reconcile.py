"""`xltoolkit reconcile FILE [--beschikkingen REGISTER] [--json] [--write]`: received and spent per region.

Exit code 0 when every region closes (or there is nothing to reconcile), 1 when a region is
tekort, overschot or onbepaald or an error was found (such as a mismatch with the register),
2 when the workbook or the register cannot be read at all, or `--write` could not update the
workbook (then it is unchanged; the result is still shown, and the reason).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from xltoolkit.cli.writeback import EXIT_NOT_WRITTEN, report_not_written, write_back
from xltoolkit.findings import Finding


def command(
    file: Annotated[Path, typer.Argument(metavar="WERKBOEK", help="Het ingevulde werkboek van een schoolbestuur (.xlsx).")],
    beschikkingen: Annotated[Path | None, typer.Option(
        "--beschikkingen", metavar="REGISTER", help="Register van bekostigingsbeschikkingen van het SWV (.xlsx of .csv) om mee te vergelijken.")] = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Uitvoer als JSON (bedragen als decimale tekst, bijvoorbeeld \"81739.00\").")] = False,
    write: Annotated[bool, typer.Option("--write", help="Zet de uitkomst in het blad Reconciliatie van het werkboek.")] = False,
) -> None:
    """Reconciliatie: sluit per regio wat het bestuur besteedde op wat het ontving (en op de beschikkingen)?"""
    from xltoolkit.io import WorkbookError, load
    from xltoolkit.services.check import check
    from xltoolkit.services.reconcile import RegisterError, as_json, as_text, read_register, reconciliation_writeback
    from xltoolkit.spec import load_spec
    spec = load_spec()
    try:
        sub = load(file, spec)
        register = read_register(beschikkingen, spec) if beschikkingen is not None else None
        result = check(sub, spec, register).reconciliation
    except (WorkbookError, RegisterError) as exc:
        _unreadable(file, exc.finding, json_output)
    failed = write_back(file, reconciliation_writeback(result, spec)) if write else None
    if json_output:
        data = {**as_json(result, spec), "file": str(file)}
        if failed is not None:  # the write's own finding joins the list: one place to look
            data["findings"] = [*data["findings"], failed.as_dict()]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(result, spec))
        if write and failed is None:
            typer.echo(f"De uitkomst staat in het blad {spec.workbook.reconciliatie_sheet} van {file.name}.")
    if failed is not None:
        report_not_written(failed)
        raise typer.Exit(EXIT_NOT_WRITTEN)
    raise typer.Exit(0 if result.ok else 1)


def _unreadable(file: Path, finding: Finding, json_output: bool) -> None:
    typer.echo(f"{finding.code}: {finding.message}", err=True)
    if json_output:
        typer.echo(json.dumps({"file": str(file), "regions": [], "total": None, "findings": [finding.as_dict()]},
                              ensure_ascii=False, indent=2))
    raise typer.Exit(2)
