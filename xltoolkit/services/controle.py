"""What a check writes into a workbook: the Controle sheet, the status on Start, the marks.

Pure data (a WriteBack). The file front-end applies it with `xltoolkit.io.update.apply`, the
xlwings front-end through Excel; both show exactly the same rows.
"""

from __future__ import annotations

from datetime import datetime

from xltoolkit.findings import Finding, count_phrase
from xltoolkit.io.formulas import column_name
from xltoolkit.io.names import AANWENDING_NAME, CONTROLE_ANCHOR, CONTROLE_COLUMNS, MARK_ROWS, MARKS_NAME, STATUS_NAME, line_mark
from xltoolkit.io.sheet import quote_sheet
from xltoolkit.io.update import OutCell, OutTable, WriteBack
from xltoolkit.io.xlsx import ref_to_rowcol
from xltoolkit.services.check import Check
from xltoolkit.spec import TemplateSpec

SEVERITY_LABEL = {"fout": "Fout", "waarschuwing": "Waarschuwing", "info": "Info"}



def controle_writeback(report: Check, spec: TemplateSpec, when: datetime | None = None) -> WriteBack:
    labels = {f.id: f.label for f in spec.fields} | {column_name(c.id): f"Aanwending: {c.label}" for c in spec.columns}
    rows = [_row(f, labels) for f in report.findings] or [[OutCell("Geen meldingen: alles is in orde.", "vet")]]
    return WriteBack(
        tables={
            CONTROLE_ANCHOR: OutTable(rows, width=len(CONTROLE_COLUMNS) + 1),  # + the hidden Veld-id column
            MARKS_NAME: OutTable([[OutCell(k)] for k in marks(report)[:MARK_ROWS]], width=1, fit_rows=False),
        },
        texts={STATUS_NAME: OutCell(status_text(report, when), "fout" if report.errors else "sluitend")},
    )


def marks(report: Check) -> list[str]:
    """What to highlight: the field (defined name) of each fout, or the aanwending line's row."""
    keys: list[str] = []
    for f in report.findings:
        if f.severity != "fout" or not f.field:
            continue
        if f.field.startswith(AANWENDING_NAME) and f.cell:
            key = line_mark(ref_to_rowcol(f.cell)[0])
        else:
            key = f.field
        if key not in keys:
            keys.append(key)
    return keys


def _row(f: Finding, labels: dict[str, str]) -> list[OutCell]:
    """Ernst, Code, Melding, Plaats, Veld (the field's label, as the sheet shows it) and, hidden,
    the field's id (its defined name) for machines."""
    place = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
    link = f"{quote_sheet(f.sheet)}!{f.cell}" if f.sheet and f.cell else None
    return [
        OutCell(SEVERITY_LABEL[f.severity], f.severity),
        OutCell(f.code, "tekst"),
        OutCell(f.message, "tekst"),
        OutCell(place, "link" if link else "tekst", link),
        OutCell(_label(f.field, labels), "tekst"),
        OutCell(f.field, "tekst"),
    ]


def _label(field: str | None, labels: dict[str, str]) -> str | None:
    """The Dutch label of a field id; an aanwending line's mark ("aanwending@12") reads "Aanwending, rij 12"."""
    if not field:
        return field
    if field in labels:
        return labels[field]
    base, _, row = field.partition("@")
    if base == AANWENDING_NAME:
        return f"Aanwending, rij {row}" if row else "Aanwending"
    return field


def status_text(report: Check, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%d-%m-%Y %H:%M")
    if report.errors == 0 and report.warnings == 0:
        return f"Gevalideerd op {stamp}: geen meldingen."
    return f"Gevalideerd op {stamp}: {count_phrase(report.errors, report.warnings)} — zie het blad Controle."
