"""`xltoolkit report FILE [--format docx|pdf|html|md] [-o OUT] [--bijlage]`: the paragraph for the jaarverslag.

Default: a Word document next to the workbook with the workbook's name (X.xlsx -> X.docx): the
format's own paragraph, filled in. `--bijlage` also writes the annex "Bijlage analyse" in the same
format next to it (X-bijlage.docx): the reconciliation per region, the regions of the lines, the
chosen indicators, the key figures and the findings. The workbook itself is never overwritten;
files are written atomically. A PDF is made by Word where it is installed, else by LibreOffice; the
command says which.
Exit code 0: written (a CONCEPT report too, with a warning); 2: nothing written, with the reason.
"""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.cli.output import Format
from xltoolkit.findings import make


def command(
    file: Path = typer.Argument(..., metavar="WERKBOEK", help="Het ingevulde werkboek (.xlsx of .xlsm) van een bestuur."),
    report_format: Format | None = typer.Option(
        None, "--format", "-f", metavar="FORMAAT", help="docx (Word, standaard), pdf, html of md; zonder --format volgt het uit -o."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="BESTAND", help="Bestandsnaam van het rapport (standaard naast het werkboek)."
    ),
    bijlage: bool = typer.Option(
        False, "--bijlage", help="Schrijf ook de bijlage analyse (reconciliatie, indicatoren, kengetallen, "
        "bevindingen) naast het rapport, als <naam>-bijlage.<formaat>."
    ),
) -> None:
    """Maak de paragraaf voor het jaarverslag in de opmaak van het format (Word, PDF, HTML of Markdown)."""
    from xltoolkit.io import WorkbookError, load
    from xltoolkit.services.check import check
    from xltoolkit.services.report import (
        ReportError,
        bijlage_path,
        build_bijlage,
        build_report,
        choose_output,
        make_pdf,
        render,
        render_bijlage,
        render_docx,
        report_context,
        write_document,
    )
    from xltoolkit.spec import load_spec

    spec = load_spec()
    notes: list[str] = []
    try:
        sub = load(file, spec)
        target, fmt = choose_output(file, report_format.value if report_format else None, output)
        c = check(sub, spec)
        ctx = report_context(c)
        report = build_report(sub, spec, ctx)
        if fmt == "pdf":
            pdf = make_pdf(render_docx(report))
            data = pdf.data
            notes.append(pdf.melding.message)
        else:
            data = render(report, fmt)
        write_document(target, data)
        annex = None
        if bijlage:
            b = build_bijlage(c, spec)
            annex = write_document(bijlage_path(target), render_bijlage(b, fmt))
    except (WorkbookError, ReportError) as exc:
        typer.echo(exc.finding.message, err=True)
        raise typer.Exit(2) from None
    if ctx.concept:
        typer.echo(make("P010", bestand=file.name, aantal=ctx.fouten).message, err=True)
    typer.echo(f"Rapport geschreven: {target}" + (f" ({notes[0]})" if notes else ""))
    if annex is not None:
        typer.echo(f"Bijlage geschreven: {annex}")
