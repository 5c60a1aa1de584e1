"""The command line: `xltoolkit COMMAND`. One module per command; each is a few lines that call
the core and decide how to show its result (Dutch text, or JSON with --json)."""

from __future__ import annotations

import typer

from xltoolkit import __version__
from xltoolkit.cli import build, demo, meldingen, validate
from xltoolkit.cli import reconcile
from xltoolkit.cli import report
from xltoolkit.cli import import_
from xltoolkit.cli import merge
from xltoolkit.cli import addin

app = typer.Typer(
    name="xltoolkit",
    help="Verantwoording passend onderwijs: werkboek bouwen, controleren, rapporteren en samenvoegen.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xltoolkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Toon de versie en stop."),
) -> None:
    """Verantwoording passend onderwijs (SWV PO Zuid-Limburg)."""


app.command("build")(build.command)
app.command("demo")(demo.command)
app.command("validate")(validate.command)
app.command("meldingen")(meldingen.command)
app.command("reconcile")(reconcile.command)
app.command("report")(report.command)
app.command("import")(import_.command)
app.command("merge")(merge.command)
app.command("addin")(addin.command)


def main() -> None:
    app()
