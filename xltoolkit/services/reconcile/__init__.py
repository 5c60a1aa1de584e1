"""Funding reconciliation: does what a board spent account for what it received, per region,
and does what it says it received match what each SWV paid (the register of beschikkingen)?

    result = reconcile(load(path), register=read_register("beschikkingen.xlsx"))
    result.regions, result.totaal, result.findings, result.ok

Headless: returns data. `as_json` / `as_text` render it, `reconciliatie_rows` turns it into the
rows of the workbook's Reconciliatie sheet.
"""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import sort_findings
from xltoolkit.io import load
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Register, RegisterError, read_register
from xltoolkit.services.reconcile.board import reken, tolerance, total_findings
from xltoolkit.services.reconcile.lines import check_lines
from xltoolkit.services.reconcile.model import (
    NIET_SLUITEND, STATUS_WOORD, Context, Oorzaak, Reconciliatie, Regio, RegisterRegel, RegisterVergelijking, Status, Totaal,
)
from xltoolkit.services.reconcile.register import SwvVergelijking, vergelijk, vergelijk_besturen
from xltoolkit.services.reconcile.render import as_json, as_text
from xltoolkit.services.reconcile.sheet import STATUS_STIJL, ReconciliatieBlad, reconciliatie_rows, reconciliatie_writeback
from xltoolkit.spec import TemplateSpec, load_spec


def reconcile(sub: Submission, spec: TemplateSpec | None = None, register: Register | None = None) -> Reconciliatie:
    """Reconcile one board's submission; with `register`, also compare with the SWV's decisions."""
    spec = spec or load_spec()
    ctx = Context(sub, spec)
    regions, totaal, niet_toegewezen = reken(ctx)
    check_lines(ctx)
    total_findings(ctx, regions, totaal)
    vergelijking = None
    if register is not None:
        ctx.findings.extend(register.findings)  # rows of the register that could not be used
        vergelijking = vergelijk(ctx, register)
    return Reconciliatie(
        bestuur=sub.bestuur if isinstance(sub.bestuur, str) else None,
        schooljaar=sub.schooljaar if isinstance(sub.schooljaar, str) else None,
        bestand=sub.bron.path,
        regions=regions,
        totaal=totaal,
        niet_toegewezen=niet_toegewezen,
        tolerantie=tolerance(ctx),
        findings=tuple(sort_findings(ctx.findings)),
        register=vergelijking,
    )


def reconcile_file(path: str | Path, register_path: str | Path | None = None, spec: TemplateSpec | None = None) -> Reconciliatie:
    """Load a workbook (and the register) and reconcile. Raises `WorkbookError` / `RegisterError`
    when a file cannot be used at all."""
    spec = spec or load_spec()
    sub = load(path, spec)
    register = read_register(register_path, spec) if register_path is not None else None
    return reconcile(sub, spec, register)


__all__ = [
    "reconciliatie_writeback",
    "STATUS_STIJL", "NIET_SLUITEND", "STATUS_WOORD", "Oorzaak", "Reconciliatie", "ReconciliatieBlad", "Regio", "Register",
    "RegisterError", "RegisterRegel", "RegisterVergelijking", "Status", "SwvVergelijking", "Totaal", "as_json", "as_text",
    "read_register", "reconcile", "reconcile_file", "reconciliatie_rows", "vergelijk_besturen",
]
