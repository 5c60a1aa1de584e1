"""The findings list of the task pane, as JSON: the check (validation and reconciliation, side by
side) of the book that Excel sends, each finding once, with the sheet and cell to jump to.

Stateless on purpose: the task pane sends the book, gets the list, and the server forgets both.
The groups are titled with the captions of the workbook's own buttons (from the spec), so the
task pane speaks the same words as the Start sheet.
"""

from __future__ import annotations

from typing import Any

from xltoolkit.excel.book import load_book
from xltoolkit.findings import Finding, count_phrase
from xltoolkit.io.reader import WorkbookError
from xltoolkit.services.check import check
from xltoolkit.services.controle import SEVERITY_LABEL
from xltoolkit.spec import TemplateSpec, load_spec


def caption(spec: TemplateSpec, entry_point: str) -> str:
    """The caption of the workbook's button for an entry point (spec: workbook.buttons)."""
    return spec.workbook.button(entry_point).caption


def meldingen(book: Any, spec: TemplateSpec | None = None) -> dict[str, Any]:
    spec = spec or load_spec()
    try:
        sub = load_book(book, spec)
    except WorkbookError as exc:
        return _antwoord([("Werkboek lezen", [exc.finding])])
    c = check(sub, spec)
    return _antwoord([(caption(spec, "validate"), c.validation.findings), (caption(spec, "reconcile"), c.reconciliation_findings)])


def _antwoord(groepen: list[tuple[str, list[Finding]]]) -> dict[str, Any]:
    alle = [f for _, fs in groepen for f in fs]
    fouten = sum(1 for f in alle if f.severity == "fout")
    waarschuwingen = sum(1 for f in alle if f.severity == "waarschuwing")
    return {
        "samenvatting": count_phrase(fouten, waarschuwingen),
        "fouten": fouten,
        "waarschuwingen": waarschuwingen,
        "groepen": [{"titel": titel, "meldingen": [als_json(f) for f in fs]} for titel, fs in groepen],
    }


def als_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code, "ernst": f.severity, "ernst_label": SEVERITY_LABEL[f.severity], "tekst": f.message,
        "blad": f.sheet, "cel": f.cell, "veld": f.field,
        "plaats": f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.field or ""),
    }
