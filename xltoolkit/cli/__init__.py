"""The command line: `xltoolkit COMMAND`. One module per command; each is a few lines that call
the core and decide how to show its result (Dutch text, or JSON with --json)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from xltoolkit import __version__
from xltoolkit.cli import addin, build, codes, demo, import_, merge, prepare, reconcile, report, validate
from xltoolkit.cli.language import DutchCommand, DutchGroup

app = typer.Typer(
    name="xltoolkit",
    cls=DutchGroup,
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
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


# Commands are English verbs on the work (build, validate, merge, …); `codes` lists the meldingen
# (finding codes). `meldingen` was its first name and stays as a hidden alias.
_COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("build", build.command), ("demo", demo.command), ("validate", validate.command),
    ("reconcile", reconcile.command), ("report", report.command), ("import", import_.command),
    ("merge", merge.command), ("prepare", prepare.command), ("codes", codes.command), ("addin", addin.command),
]
for _name, _function in _COMMANDS:
    app.command(_name, cls=DutchCommand, options_metavar="[OPTIES]")(_function)
app.command("meldingen", cls=DutchCommand, options_metavar="[OPTIES]", hidden=True)(codes.command)


def main() -> None:
    app()
