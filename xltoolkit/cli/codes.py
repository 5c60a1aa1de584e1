"""`xltoolkit codes [-o FILE]`: the reference page of every finding code (melding).

`xltoolkit meldingen` is the older name of the same command. `--python` writes the codes as the
type module `xltoolkit/codes.py` instead (for developers, after a change to the catalogue)."""

from __future__ import annotations

from pathlib import Path

import typer

from xltoolkit.findings import catalogue_markdown, codes_module


def command(output: Path | None = typer.Option(None, "--output", "-o", metavar="BESTAND", help="Schrijf naar dit bestand in plaats van het scherm."),
            python: bool = typer.Option(False, "--python", hidden=True,
                                        help="Schrijf de codes als Python-type (xltoolkit/codes.py), voor ontwikkelaars.")) -> None:
    """Toon alle meldingscodes met ernst en tekst (Markdown)."""
    from xltoolkit.io.atomic import atomic_write_bytes
    text = codes_module() if python else catalogue_markdown()
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_bytes(output, text.encode("utf-8"))
        typer.echo(f"Geschreven: {output}")
