"""`xltoolkit report FILE [--format docx|pdf|html|md] [-o OUT]`: the paragraph for the jaarverslag.

Default: a Word document next to the workbook with the workbook's name (X.xlsx -> X.docx). The
workbook itself is never overwritten; the file is written atomically.
Exit code 0: written (a CONCEPT report too, with a warning); 2: nothing written, with the reason.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from xltoolkit.findings import make
from xltoolkit.io import WorkbookError, load
from xltoolkit.services.check import check
from xltoolkit.services.report import RapportError, kies_uitvoer, report_bytes, schrijf
from xltoolkit.spec import load_spec


class Formaat(str, Enum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    md = "md"


def command(
    file: Path = typer.Argument(..., help="Het ingevulde werkboek (.xlsx of .xlsm) van een bestuur."),
    formaat: Formaat | None = typer.Option(
        None, "--format", "-f", help="docx (Word, standaard), pdf, html of md; zonder --format volgt het uit -o."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Bestandsnaam van het rapport (standaard naast het werkboek)."
    ),
) -> None:
    """Maak de paragraaf voor het jaarverslag in de officiële opmaak (Word, PDF, HTML of Markdown)."""
    spec = load_spec()
    try:
        sub = load(file, spec)
        target, fmt = kies_uitvoer(file, formaat.value if formaat else None, output)
        data, ctx = report_bytes(check(sub, spec), spec, fmt)
        schrijf(target, data)
    except (WorkbookError, RapportError) as exc:
        typer.echo(exc.finding.message, err=True)
        raise typer.Exit(2) from None
    if ctx.concept:
        typer.echo(make("P010", bestand=file.name, aantal=ctx.fouten).message, err=True)
    typer.echo(f"Rapport geschreven: {target}")
