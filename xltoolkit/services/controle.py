"""What a check writes into a workbook: the Controle sheet, the status on Start, the marks.

Pure data (a WriteBack). The file front-end applies it with `xltoolkit.io.update.apply`, the
xlwings front-end through Excel; both show exactly the same rows.
"""

from __future__ import annotations

from datetime import datetime

from xltoolkit.findings import Finding, count_phrase
from xltoolkit.io.names import AANWENDING_NAME, CONTROLE_ANCHOR, CONTROLE_COLUMNS, MARK_ROWS, MARKS_NAME, STATUS_NAME, line_mark
from xltoolkit.io.sheet import quote_sheet
from xltoolkit.io.update import OutCell, OutTable, WriteBack
from xltoolkit.io.xlsx import ref_to_rowcol
from xltoolkit.services.check import Check

SEVERITY_LABEL = {"fout": "Fout", "waarschuwing": "Waarschuwing", "info": "Info"}



def controle_writeback(report: Check, when: datetime | None = None) -> WriteBack:
    rows = [_row(f) for f in report.findings] or [[OutCell("Geen meldingen: alles is in orde.", "vet")]]
    return WriteBack(
        tables={
            CONTROLE_ANCHOR: OutTable(rows, width=len(CONTROLE_COLUMNS)),
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


def _row(f: Finding) -> list[OutCell]:
    place = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
    link = f"{quote_sheet(f.sheet)}!{f.cell}" if f.sheet and f.cell else None
    return [
        OutCell(SEVERITY_LABEL[f.severity], f.severity),
        OutCell(f.code, "tekst"),
        OutCell(f.message, "tekst"),
        OutCell(place, "link" if link else "tekst", link),
        OutCell(f.field, "tekst"),
    ]


def status_text(report: Check, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%d-%m-%Y %H:%M")
    if report.errors == 0 and report.warnings == 0:
        return f"Gevalideerd op {stamp}: geen meldingen."
    return f"Gevalideerd op {stamp}: {count_phrase(report.errors, report.warnings)} — zie het blad Controle."
