"""Where the report goes: next to the workbook by default, never over the workbook, written atomically."""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.report.errors import RapportError

FORMATS = ("docx", "pdf", "html", "md")
DEFAULT_FORMAT = "docx"  # Word first: boards paste the paragraph into their jaarverslag


def kies_uitvoer(werkboek: Path, formaat: str | None = None, uitvoer: Path | None = None) -> tuple[Path, str]:
    """The output path and format. Without -o: the workbook's name with the format's extension,
    in the same folder. Without --format: the extension of -o decides, else Word."""
    if uitvoer is None:
        formaat = formaat or DEFAULT_FORMAT
        uitvoer = werkboek.with_suffix(f".{formaat}")
    suffix = uitvoer.suffix.lower().lstrip(".")
    if _zelfde(werkboek, uitvoer):
        voorstel = werkboek.with_suffix(f".{formaat or DEFAULT_FORMAT}").name
        raise RapportError(make("P003", bestand=werkboek.name, voorstel=voorstel))
    if formaat is None and suffix not in FORMATS:
        extensies = ", ".join(f".{f}" for f in FORMATS)
        voorstel = uitvoer.with_suffix(f".{DEFAULT_FORMAT}").name
        raise RapportError(make("P004", uitvoer=uitvoer.name, extensies=extensies, voorstel=voorstel))
    formaat = formaat or suffix
    if suffix != formaat:
        raise RapportError(make("P005", uitvoer=uitvoer.name, formaat=formaat, voorstel=uitvoer.with_suffix(f".{formaat}").name))
    return uitvoer, formaat


BIJLAGE_ACHTERVOEGSEL = "-bijlage"  # X.docx -> X-bijlage.docx: the annex next to the report


def bijlage_pad(rapport: Path) -> Path:
    """Where the annex of a report goes: next to it, "-bijlage" added to its name."""
    return rapport.with_name(f"{rapport.stem}{BIJLAGE_ACHTERVOEGSEL}{rapport.suffix}")


def schrijf(path: Path, data: bytes) -> Path:
    """Atomically: a half-written report never replaces a good one."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise RapportError(make("P006", uitvoer=str(path), detail=exc.strerror or str(exc))) from exc
    return path


def _zelfde(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
    except OSError:
        return False
