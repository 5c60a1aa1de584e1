"""`xltoolkit addin [--dev]`: start the Excel add-in's server (xlwings Server, extra `addin`).

The core does not depend on the add-in: its packages are only imported here, when it starts.
"""

from __future__ import annotations

from pathlib import Path

import typer


def command(
    dev: bool = typer.Option(False, "--dev", help="Ontwikkelmodus: zonder aanmelding, alleen op 127.0.0.1, met de voorbeeldbesturen."),
    host: str = typer.Option("127.0.0.1", metavar="ADRES", help="Adres om op te luisteren (achter een https-proxy: 127.0.0.1)."),
    port: int = typer.Option(8000, metavar="POORT", help="Poort."),
    certfile: Path | None = typer.Option(None, metavar="BESTAND", help="Certificaat voor https (bijv. van mkcert)."),
    keyfile: Path | None = typer.Option(None, metavar="BESTAND", help="Sleutel bij het certificaat."),
) -> None:
    """Start de server van de Excel-invoegtoepassing (tabblad Passend Onderwijs)."""
    from xltoolkit.addin.start import start

    raise typer.Exit(start(dev=dev, host=host, port=port, certfile=certfile, keyfile=keyfile))
