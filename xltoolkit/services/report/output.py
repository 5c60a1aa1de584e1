"""Where the report goes: next to the workbook by default, never over the workbook, written atomically."""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.report.errors import ReportError

FORMATS = ("docx", "pdf", "html", "md")
DEFAULT_FORMAT = "docx"  # Word first: boards paste the paragraph into their jaarverslag


def choose_output(workbook: Path, fmt: str | None = None, output: Path | None = None) -> tuple[Path, str]:
    """The output path and format. Without -o: the workbook's name with the format's extension,
    in the same folder. Without --format: the extension of -o decides, else Word."""
    if output is None:
        fmt = fmt or DEFAULT_FORMAT
        output = workbook.with_suffix(f".{fmt}")
    suffix = output.suffix.lower().lstrip(".")
    if _same(workbook, output):
        suggestion = workbook.with_suffix(f".{fmt or DEFAULT_FORMAT}").name
        raise ReportError(make("P003", bestand=workbook.name, voorstel=suggestion))
    if fmt is None and suffix not in FORMATS:
        extensions = ", ".join(f".{f}" for f in FORMATS)
        suggestion = output.with_suffix(f".{DEFAULT_FORMAT}").name
        raise ReportError(make("P004", uitvoer=output.name, extensies=extensions, voorstel=suggestion))
    fmt = fmt or suffix
    if suffix != fmt:
        raise ReportError(make("P005", uitvoer=output.name, formaat=fmt, voorstel=output.with_suffix(f".{fmt}").name))
    return output, fmt


BIJLAGE_SUFFIX = "-bijlage"  # X.docx -> X-bijlage.docx: the annex next to the report


def bijlage_path(report: Path) -> Path:
    """Where the annex of a report goes: next to it, "-bijlage" added to its name."""
    return report.with_name(f"{report.stem}{BIJLAGE_SUFFIX}{report.suffix}")


def write_document(path: Path, data: bytes) -> Path:
    """Atomically: a half-written report never replaces a good one."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ReportError(make("P006", uitvoer=str(path), detail=exc.strerror or str(exc))) from exc
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
    except OSError:
        return False
