"""`--write` for the commands that put their result into the workbook (validate, reconcile).

A failed write is not a crash and not a silent loss: it is one finding from the catalogue (the
file is then unchanged), shown after the command's own result, and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from xltoolkit.findings import Finding, make

if TYPE_CHECKING:
    from xltoolkit.io.update import WriteBack

EXIT_NOT_WRITTEN = 2


def write_back(file: Path, wb_write: WriteBack) -> Finding | None:
    """Apply `wb_write` to `file`; None when it landed, else the finding that says why not."""
    from xltoolkit.io.update import UpdateError, apply  # here: the CLI's start stays light

    try:
        apply(file, wb_write)
    except UpdateError as exc:
        return exc.finding or make("L047", bestand=file.name, detail=str(exc))
    return None


def report_not_written(finding: Finding) -> None:
    """The finding on stderr, after the result on stdout, so a script sees both."""
    typer.echo(f"{finding.code}: {finding.message}", err=True)
