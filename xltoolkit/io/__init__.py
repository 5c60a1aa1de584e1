"""Workbook I/O: build the master, `load` a board's workbook, `save` a submission into one.

Reading is what every command does; building (xlsxwriter, and the VBA sources that bring in
xlwings) only `build`, `save` and the fixtures do. So the builder is imported when first asked
for, not with this package: `xltoolkit validate FILE` starts without half a second of imports it
never uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from xltoolkit.io.reader import WorkbookError, load
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec

if TYPE_CHECKING:
    from xltoolkit.io.builder import build_bytes, master_filename, write_master

EXCEL_MAX_CHARS = 32767
_BUILDER = ("build_bytes", "master_filename", "write_master")


def save(submission: Submission, path: str | Path, spec: TemplateSpec) -> Path:
    """Fill a fresh master workbook with `submission` and write it atomically to `path`."""
    too_long = [k for k, v in submission.values.items() if isinstance(v, str) and len(v) > EXCEL_MAX_CHARS]
    if too_long:
        raise ValueError(f"tekst te lang voor één Excel-cel (max. {EXCEL_MAX_CHARS} tekens): {', '.join(too_long)}")
    from xltoolkit.io.builder import write_master

    return write_master(Path(path), spec, submission)


def __getattr__(name: str) -> Any:
    """The builder's functions, imported on first use (PEP 562)."""
    if name in _BUILDER:
        from xltoolkit.io import builder

        return getattr(builder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["build_bytes", "load", "master_filename", "save", "write_master", "WorkbookError"]
