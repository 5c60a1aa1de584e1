"""`xltoolkit build`: write the master workbook(s) from the template spec, and the SWV's workbook."""

from __future__ import annotations

from pathlib import Path

import typer


def command(
    output: Path = typer.Option(Path("workbook"), "--output", "-o", metavar="MAP", help="Map waarin het werkboek komt."),
) -> None:
    """Bouw het lege werkboek (de master) uit de sjabloonspecificatie: .xlsx zonder en .xlsm met knoppen,
    en het werkboek Samenvoegen voor het SWV."""
    from xltoolkit.io import master_filename, write_master
    from xltoolkit.io.swv_workbook import swv_filename, write_swv_workbook
    from xltoolkit.io.vba import add_macros
    from xltoolkit.io.vba.macros import swv_macros
    from xltoolkit.spec import load_spec
    spec = load_spec()
    xlsx = output / master_filename(spec)
    for path, xlsm in ((xlsx, False), (xlsx.with_suffix(".xlsm"), True)):
        write_master(path, spec, xlsm=xlsm)
        typer.echo(f"Werkboek geschreven: {path} (sjabloonversie {spec.version}, spec {spec.hash})")
    for xlsm in (False, True):
        macros = (lambda wb, ws: add_macros(wb, ws, swv_macros(spec))) if xlsm else None
        swv = write_swv_workbook(output / swv_filename(xlsm), spec, macros)
        typer.echo(f"Werkboek voor het SWV geschreven: {swv}")
