"""What the report needs to know beyond the submission: is it a concept, and how does each region close.

A report is a concept while validation finds a fout; the status next to the funding table is the
reconciliation's verdict per region (the same words as the workbook's Start sheet).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xltoolkit.model.submission import Submission
from xltoolkit.services.reconcile import STATUS_WOORD, reconcile
from xltoolkit.services.validate import validate
from xltoolkit.spec import TemplateSpec


@dataclass(frozen=True)
class RapportContext:
    concept: bool
    status: dict[str, str] = field(default_factory=dict)  # region code -> Sluitend / Tekort / Overschot / Onbepaald / —
    fouten: int = 0


def report_context(sub: Submission, spec: TemplateSpec) -> RapportContext:
    """Concept marking (validation) and the status per region (reconciliation)."""
    report = validate(sub, spec)
    status = {r.region: STATUS_WOORD[r.status] for r in reconcile(sub, spec).regions}
    return RapportContext(concept=not report.valid, status=status, fouten=report.errors)
