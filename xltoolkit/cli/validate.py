"""`xltoolkit validate FILE [--json] [--write]`: every rule, every problem at once (the one check:
the template's rules and the money, each finding once).

Exit code 0: no fout; 1: at least one fout; 2: the file cannot be read, or `--write` could not
update it (then the file is unchanged and the findings are still shown, with the reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xltoolkit.cli.output import print_findings, print_json
from xltoolkit.cli.writeback import EXIT_NOT_WRITTEN, report_not_written, write_back
from xltoolkit.findings import Finding
from xltoolkit.findings import count_phrase as counts

if TYPE_CHECKING:
    from xltoolkit.services.check import Check


def command(
    file: Annotated[Path, typer.Argument(metavar="WERKBOEK", help="Het werkboek (.xlsx of .xlsm) van een bestuur.")],
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")] = False,
    write: Annotated[bool, typer.Option(
        "--write", help="Zet de meldingen in het blad Controle en markeer de cellen met een fout.")] = False,
) -> None:
    """Controleer een werkboek op alle regels van het sjabloon."""
    from xltoolkit.io import WorkbookError, load
    from xltoolkit.services.check import check
    from xltoolkit.services.controle import controle_writeback
    from xltoolkit.spec import load_spec
    spec = load_spec()
    try:
        report = check(load(file, spec), spec)
    except WorkbookError as exc:
        _unreadable(file, exc.finding, as_json)
    failed = write_back(file, controle_writeback(report, spec)) if write else None
    _show(report, file, as_json, written=write and failed is None, failed=failed)
    if failed is not None:
        raise typer.Exit(EXIT_NOT_WRITTEN)
    raise typer.Exit(0 if report.valid else 1)


def _show(report: Check, file: Path, as_json: bool, written: bool, failed: Finding | None) -> None:
    if as_json:
        data = {**report.as_dict(), "file": str(file)}
        if failed is not None:  # the write's own finding joins the list: one place to look
            data.update(valid=False, errors=report.errors + 1, findings=[*data["findings"], failed.as_dict()])
        print_json(data)
        return
    verdict = "in orde" if report.valid else "niet in orde"
    typer.echo(f"{file.name}: {verdict} ({counts(report.errors, report.warnings)})")
    print_findings(report.findings)
    if written:
        typer.echo("De meldingen staan in het blad Controle; cellen met een fout zijn gemarkeerd.")
    if failed is not None:
        report_not_written(failed)


def _unreadable(file: Path, finding: Finding, as_json: bool) -> None:
    if as_json:
        print_json({"file": str(file), "valid": False, "errors": 1, "warnings": 0, "findings": [finding.as_dict()]})
    else:
        typer.echo(finding.message, err=True)
    raise typer.Exit(2)
