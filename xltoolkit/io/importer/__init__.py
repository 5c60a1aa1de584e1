"""Import last year's report (Word, text or Markdown) into a filled workbook.

    result = import_report("verslag-2023-2024.docx", schooljaar="2024-2025")
    save(result.submission, "verantwoording.xlsx")
    result.report  # how every field was found, what is missing, what went to Extra informatie

Readers turn each format into lines (`lines.Source`); the recogniser, driven by the spec, turns
lines into a `Submission` and an `ImportReport`. Problems with the source itself (missing,
unsupported, unreadable) raise `ImportFout` carrying a finding from the I-series catalogue.
"""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import Finding, make
from xltoolkit.io.importer.carry import carry_forward, valid_schooljaar
from xltoolkit.io.importer.lines import Source
from xltoolkit.io.importer.read_docx import DocxUnreadable, read_docx
from xltoolkit.io.importer.read_md import read_md
from xltoolkit.io.importer.read_txt import read_txt
from xltoolkit.io.importer.recognise import Result, recognise
from xltoolkit.io.importer.report import ImportReport, summary
from xltoolkit.spec import TemplateSpec, load_spec

EXCEL_MAX_CHARS = 32767
READERS = {".docx": read_docx, ".txt": read_txt, ".text": read_txt, ".md": read_md, ".markdown": read_md}
_ADVICE = {
    ".doc": "Open het in Word en sla het op als Word-document (.docx).",
    ".rtf": "Open het in Word en sla het op als Word-document (.docx).",
    ".odt": "Open het in LibreOffice of Word en sla het op als Word-document (.docx).",
    ".pdf": "Open de pdf, kopieer alle tekst naar een .txt-bestand (of exporteer naar Word) en importeer dat.",
}


class ImportFout(Exception):
    """The source cannot be imported; `finding` says why, in Dutch."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def read_source(path: str | Path) -> Source:
    path = Path(path)
    if not path.is_file():
        raise ImportFout(make("I001", bestand=str(path)))
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        advice = _ADVICE.get(suffix, "Sla het verslag op als Word-document (.docx) of als tekst (.txt).")
        raise ImportFout(make("I002", bestand=path.name, soort=suffix.lstrip(".") or "onbekend", advies=advice))
    try:
        return reader(path)
    except DocxUnreadable as exc:
        raise ImportFout(make("I003", bestand=path.name, detail=str(exc))) from exc
    except (OSError, UnicodeError, ValueError) as exc:
        raise ImportFout(make("I003", bestand=path.name, detail=str(exc) or type(exc).__name__)) from exc


def import_report(path: str | Path, spec: TemplateSpec | None = None, *, schooljaar: str | None = None) -> Result:
    """Read a report and recognise it; with `schooljaar`, carry it forward to that year."""
    spec = spec or load_spec()
    if schooljaar is not None and not valid_schooljaar(schooljaar):
        raise ImportFout(make("I006", schooljaar=schooljaar))
    source = read_source(path)
    result = recognise(source, spec)
    result.report.findings[:0] = source.findings  # what the reader left out, first: nothing goes silently
    if result.report.herkend == 0:
        raise ImportFout(make("I005", bestand=Path(path).name))
    if schooljaar is not None:
        sub, findings = carry_forward(result.submission, schooljaar, spec)
        result.report.findings.extend(findings)
        result.report.schooljaar_doorgezet = schooljaar
        result = Result(sub, result.report)
    for f in spec.fields:
        value = result.submission.get(f.id)
        if isinstance(value, str) and len(value) > EXCEL_MAX_CHARS:
            raise ImportFout(make("I007", field=f.id, label=f.label, sheet=spec.section_of(f.id).sheet,
                                  lengte=len(value), max=EXCEL_MAX_CHARS))
    return result


__all__ = ["ImportFout", "ImportReport", "Result", "import_report", "read_source", "summary"]
