"""Funding reconciliation: does what a board spent account for what it received, per region,
and does what it says it received match what each SWV paid (the register of beschikkingen)?

    result = reconcile(sub, spec, register=read_register("beschikkingen.xlsx"))
    result.regions, result.totaal, result.findings, result.ok

Front-ends do not call this directly: `services.check` runs it once per board, beside validation.

Headless: returns data. `as_json` / `as_text` render it, `reconciliation_rows` turns it into the
rows of the workbook's Reconciliatie sheet.
"""

from __future__ import annotations

from xltoolkit.findings import sort_findings
from xltoolkit.model.middelen import Status
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Register, RegisterError, read_register
from xltoolkit.services.reconcile.board import compute
from xltoolkit.services.reconcile.lines import check_lines
from xltoolkit.services.reconcile.model import (
    NOT_SLUITEND,
    Cause,
    Context,
    Reconciliation,
    Regio,
    RegisterComparison,
    RegisterLine,
    Totaal,
)
from xltoolkit.services.reconcile.register import SwvComparison, compare_besturen, compare_register
from xltoolkit.services.reconcile.render import as_json, as_text
from xltoolkit.services.reconcile.sheet import STATUS_STYLE, ReconciliationSheet, reconciliation_rows, reconciliation_writeback
from xltoolkit.spec import TemplateSpec


def reconcile(sub: Submission, spec: TemplateSpec, register: Register | None = None) -> Reconciliation:
    """Reconcile one board's submission; with `register`, also compare with the SWV's decisions."""
    ctx = Context(sub, spec)
    regions, totaal, live = compute(ctx)
    check_lines(ctx)
    comparison = None
    if register is not None:
        ctx.findings.extend(register.findings)  # rows of the register that could not be used
        comparison = compare_register(ctx, register)
    return Reconciliation(
        bestuur=sub.bestuur if isinstance(sub.bestuur, str) else None,
        schooljaar=sub.schooljaar if isinstance(sub.schooljaar, str) else None,
        bestand=sub.source.path,
        regions=regions,
        totaal=totaal,
        unassigned=live.unassigned,
        tolerance=live.tolerance,
        status_words=spec.lists.statuses,
        findings=tuple(sort_findings(ctx.findings)),
        register=comparison,
    )


__all__ = [
    "reconciliation_writeback",
    "STATUS_STYLE", "NOT_SLUITEND", "Cause", "Reconciliation", "ReconciliationSheet", "Regio", "Register",
    "RegisterError", "RegisterLine", "RegisterComparison", "Status", "SwvComparison", "Totaal", "as_json", "as_text",
    "read_register", "reconcile", "reconciliation_rows", "compare_besturen",
]
