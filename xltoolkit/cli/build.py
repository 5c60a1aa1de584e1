"""`xltoolkit build`: write the master workbook(s) from the template spec."""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.io import master_filename, write_master
from xltoolkit.spec import load_spec


def command(
    output: Path = typer.Option(Path("workbook"), "--output", "-o", help="Map waarin het werkboek komt."),
) -> None:
    """Bouw het lege werkboek (de master) uit de sjabloonspecificatie: .xlsx zonder en .xlsm met knoppen."""
    spec = load_spec()
    xlsx = output / master_filename(spec)
    for path, xlsm in ((xlsx, False), (xlsx.with_suffix(".xlsm"), True)):
        write_master(path, spec, xlsm=xlsm)
        typer.echo(f"Werkboek geschreven: {path} (sjabloonversie {spec.version}, spec {spec.hash})")
