"""`xltoolkit build`: write the master workbook(s) from the template spec."""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.io import master_filename, write_master
from xltoolkit.spec import load_spec


def command(
    output: Path = typer.Option(Path("workbook"), "--output", "-o", help="Map waarin het werkboek komt."),
) -> None:
    """Bouw het lege werkboek (de master) uit de sjabloonspecificatie."""
    spec = load_spec()
    path = write_master(output / master_filename(spec), spec)
    typer.echo(f"Werkboek geschreven: {path} (sjabloonversie {spec.version}, spec {spec.hash})")
