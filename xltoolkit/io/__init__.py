"""Workbook I/O: build the master, `load` a board's workbook, `save` a submission into one."""

from __future__ import annotations

from pathlib import Path

from xltoolkit.io.builder import build_bytes, master_filename, write_master
from xltoolkit.io.reader import WorkbookError, load
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec

EXCEL_MAX_CHARS = 32767


def save(submission: Submission, path: str | Path, spec: TemplateSpec | None = None) -> Path:
    """Fill a fresh master workbook with `submission` and write it atomically to `path`."""
    too_long = [k for k, v in submission.values.items() if isinstance(v, str) and len(v) > EXCEL_MAX_CHARS]
    if too_long:
        raise ValueError(f"tekst te lang voor één Excel-cel (max. {EXCEL_MAX_CHARS} tekens): {', '.join(too_long)}")
    return write_master(Path(path), spec, submission)


__all__ = ["build_bytes", "load", "master_filename", "save", "write_master", "WorkbookError"]
