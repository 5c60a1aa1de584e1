"""Funding reconciliation: does what a board spent account for what it received, per region,
and does what it says it received match what each SWV paid (the register of beschikkingen)?

    result = reconcile(sub, spec, register=read_register("beschikkingen.xlsx"))
    result.regions, result.totaal, result.findings, result.ok

Front-ends do not call this directly: `services.check` runs it once per board, beside validation.

Headless: returns data. `as_json` / `as_text` render it, `reconciliatie_rows` turns it into the
rows of the workbook's Reconciliatie sheet.
"""

from __future__ import annotations

from xltoolkit.findings import sort_findings
from xltoolkit.model.middelen import Status
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Register, RegisterError, read_register
from xltoolkit.services.reconcile.board import reken
from xltoolkit.services.reconcile.lines import check_lines
from xltoolkit.services.reconcile.model import (
    NIET_SLUITEND,
    STATUS_WOORD,
    Context,
    Oorzaak,
    Reconciliatie,
    Regio,
    RegisterRegel,
    RegisterVergelijking,
    Totaal,
)
from xltoolkit.services.reconcile.register import SwvVergelijking, vergelijk, vergelijk_besturen
from xltoolkit.services.reconcile.render import as_json, as_text
from xltoolkit.services.reconcile.sheet import STATUS_STIJL, ReconciliatieBlad, reconciliatie_rows, reconciliatie_writeback
from xltoolkit.spec import TemplateSpec, load_spec


def reconcile(sub: Submission, spec: TemplateSpec | None = None, register: Register | None = None) -> Reconciliatie:
    """Reconcile one board's submission; with `register`, also compare with the SWV's decisions."""
    spec = spec or load_spec()
    ctx = Context(sub, spec)
    regions, totaal, live = reken(ctx)
    check_lines(ctx)
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
        niet_toegewezen=live.niet_toegewezen,
        tolerantie=live.tolerantie,
        findings=tuple(sort_findings(ctx.findings)),
        register=vergelijking,
    )


__all__ = [
    "reconciliatie_writeback",
    "STATUS_STIJL", "NIET_SLUITEND", "STATUS_WOORD", "Oorzaak", "Reconciliatie", "ReconciliatieBlad", "Regio", "Register",
    "RegisterError", "RegisterRegel", "RegisterVergelijking", "Status", "SwvVergelijking", "Totaal", "as_json", "as_text",
    "read_register", "reconcile", "reconciliatie_rows", "vergelijk_besturen",
]
