"""`xltoolkit codes [-o FILE]`: the reference page of every finding code (melding).

`xltoolkit meldingen` is the older name of the same command."""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.findings import catalogue_markdown


def command(output: Path | None = typer.Option(None, "--output", "-o", metavar="BESTAND", help="Schrijf naar dit bestand in plaats van het scherm.")) -> None:
    """Toon alle meldingscodes met ernst en tekst (Markdown)."""
    from xltoolkit.io.atomic import atomic_write_bytes
    text = catalogue_markdown()
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_bytes(output, text.encode("utf-8"))
        typer.echo(f"Geschreven: {output}")
