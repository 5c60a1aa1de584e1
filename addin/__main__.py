"""`python -m xltoolkit.addin [--dev]`: the same as `xltoolkit addin`."""

import typer

from xltoolkit.cli.addin import command

typer.run(command)
