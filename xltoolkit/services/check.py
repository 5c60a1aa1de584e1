"""One check pass: validation and reconciliation of a submission, side by side, each run once.

    c = check(load(path), spec)               # c.validation, c.reconciliation, c.findings, c.valid

The template's rules (validation) and the money (reconciliation) are siblings: neither calls the
other. Every front-end (CLI, the workbook's buttons, the add-in) and every service (report, merge)
checks a board through `check` and reads what it needs from the one `Check`, so a board is never
reconciled twice and no front-end has to de-duplicate findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from xltoolkit.findings import Finding, FindingTotals, sort_findings
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.reconcile import Reconciliation, reconcile
from xltoolkit.services.validate import ValidationReport, sheet_order, validate_many
from xltoolkit.spec import TemplateSpec

# Reconciliation codes whose problem reading the file already reported under its own code
# (an unreadable amount: L020 from the reader, R006 from reconciliation): listed once, as read.
READ_ALREADY = frozenset({"R006"})


@dataclass(frozen=True)
class Check(FindingTotals):
    """Everything known about one board after one check pass."""

    submission: Submission
    validation: ValidationReport
    reconciliation: Reconciliation
    sheets: tuple[str, ...] = ()  # the workbook's sheets in order, for listing findings

    @cached_property
    def reconciliation_findings(self) -> list[Finding]:
        """The reconciliation's findings, less what reading already reported (READ_ALREADY)."""
        return [f for f in self.reconciliation.findings if f.code not in READ_ALREADY]

    @cached_property
    def findings(self) -> list[Finding]:  # type: ignore[override]
        """All findings, each once: the template's rules and the money, in the order a controller works."""
        return sort_findings([*self.validation.findings, *self.reconciliation_findings], list(self.sheets))

    @property
    def file(self) -> str | None:  # type: ignore[override]
        return self.validation.file


def check(sub: Submission, spec: TemplateSpec, register: Register | None = None) -> Check:
    """Validate and reconcile one board (with `register`, also against the SWV's decisions)."""
    return check_many([sub], spec, register)[0]


def check_many(subs: list[Submission], spec: TemplateSpec, register: Register | None = None) -> list[Check]:
    """`check` for a batch (the SWV's merge): validation runs once over all boards, which is
    nearly as fast as one; each board is reconciled once."""
    reports = validate_many(subs, spec)
    return [Check(sub, report, reconcile(sub, spec, register), tuple(sheet_order(sub, spec)))
            for sub, report in zip(subs, reports)]
