"""Step 1 of the pipeline: a file to the lines of a `Source`, by its extension (.docx, .txt,
.md); problems with the file itself raise `ImportFailed` with a finding of the I-series."""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import FindingError, make
from xltoolkit.services.importer.lines import Source
from xltoolkit.services.importer.read_docx import DocxUnreadable, read_docx
from xltoolkit.services.importer.read_md import read_md
from xltoolkit.services.importer.read_txt import read_txt

READERS = {".docx": read_docx, ".txt": read_txt, ".text": read_txt, ".md": read_md, ".markdown": read_md}
_ADVICE = {
    ".doc": "Open het in Word en sla het op als Word-document (.docx).",
    ".rtf": "Open het in Word en sla het op als Word-document (.docx).",
    ".odt": "Open het in LibreOffice of Word en sla het op als Word-document (.docx).",
    ".pdf": "Open de pdf, kopieer alle tekst naar een .txt-bestand (of exporteer naar Word) en importeer dat.",
}


class ImportFailed(FindingError):
    """The source cannot be imported; `finding` says why, in Dutch."""



def read_source(path: str | Path) -> Source:
    """The lines of the report at `path`, and the findings of what its reader left out."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(make("I001", bestand=str(path)))
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        advice = _ADVICE.get(suffix, "Sla het verslag op als Word-document (.docx) of als tekst (.txt).")
        raise ImportFailed(make("I002", bestand=path.name, soort=suffix.lstrip(".") or "onbekend", advies=advice))
    try:
        return reader(path)
    except DocxUnreadable as exc:
        raise ImportFailed(make("I003", bestand=path.name, detail=str(exc))) from exc
    except (OSError, UnicodeError, ValueError) as exc:
        raise ImportFailed(make("I003", bestand=path.name, detail=str(exc) or type(exc).__name__)) from exc
