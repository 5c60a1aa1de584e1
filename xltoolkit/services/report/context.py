"""What the report needs to know beyond the submission: is it a concept, and how does the money close.

A report is a concept while the check finds a fout; the status next to the funding table is the
reconciliation's verdict per region, and for a board in more than one region the verdict on the
total (the same words as the workbook's Start sheet). Both come from one `Check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xltoolkit.services.check import Check


@dataclass(frozen=True)
class ReportContext:
    concept: bool
    status: dict[str, str] = field(default_factory=dict)  # region code -> Sluitend / Tekort / Overschot / Onbepaald / Indicatief / —
    totaal: str = ""  # the verdict on the board's total, in the same words ("" when not known)
    fouten: int = 0


def report_context(c: Check) -> ReportContext:
    """Concept marking and the verdicts, read from the board's check."""
    rec = c.reconciliation
    return ReportContext(concept=not c.valid, status={r.region: rec.text(r.status) for r in rec.regions},
                         totaal=rec.text(rec.totaal.status), fouten=c.errors)
