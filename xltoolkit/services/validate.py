"""Validation: every rule of the template, every problem at once, each at its cell.

`validate(sub)` builds the tidy frames, runs the pandera schemas lazily (validation/), turns
each failed check into a Finding from the catalogue, and adds what reading the file found
(`source.findings`). It returns a report; it never prints or raises for a user's mistake. Money
(received against spent) is reconciliation's, its sibling: `services.check` runs both, once.

`validate_many(subs)` does the same for many submissions: one stacked frame of each kind for all
of them, and one pandera run per frame (the SWV's merge): pandera's cost is per check, not per
row, so a batch of fifty boards validates nearly as fast as one. `validate` is `validate_many` of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xltoolkit.findings import Finding, FindingTotals, make, sort_findings
from xltoolkit.model.submission import Submission
from xltoolkit.spec import TemplateSpec
from xltoolkit.validation.frames import location, stacked_frames
from xltoolkit.validation.rules import Rule, all_rules
from xltoolkit.validation.schemas import NOT_NULLABLE, Failure, failures, plausible_years


@dataclass
class ValidationReport(FindingTotals):
    file: str | None
    findings: list[Finding] = field(default_factory=list)


def validate(sub: Submission, spec: TemplateSpec) -> ValidationReport:
    return validate_many([sub], spec)[0]


def validate_many(subs: list[Submission], spec: TemplateSpec) -> list[ValidationReport]:
    batch, origin = stacked_frames(subs, spec)
    rules = {(r.frame, r.code): r for r in all_rules(spec)}
    found: list[list[Finding]] = [list(sub.source.findings) for sub in subs]
    for failure in failures(batch, spec):
        position = int(failure.index)  # type: ignore[call-overload]
        i, index = origin[failure.frame][position]
        row: pd.Series = getattr(batch, failure.frame).iloc[position]
        found[i].append(_finding(Failure(failure.code, failure.frame, index, failure.column), row, rules, subs[i], spec))
    return [ValidationReport(file=sub.source.path, findings=sort_findings(_unique(f), sheet_order(sub, spec)))
            for sub, f in zip(subs, found)]


def sheet_order(sub: Submission, spec: TemplateSpec) -> list[str]:
    """The sheets in workbook order, as this file calls them: the order findings are listed in."""
    return [sub.source.cells[f.id].sheet if f.id in sub.source.cells else s.sheet for s in spec.sections for f in s.fields[:1]]


def _finding(failure: Failure, row: pd.Series, rules: dict[tuple[str, str], Rule], sub: Submission, spec: TemplateSpec) -> Finding:
    """The finding of one failed check; `row` is the row of the (stacked) frame it failed on."""
    if failure.frame == "header":
        return _header_finding(failure, row, sub, spec)
    rule = rules[(failure.frame, failure.code)]
    sheet, cell, field_id = rule.where(row)
    return make(failure.code, sheet=sheet, cell=cell or None, field=field_id, **rule.params(row, spec))


def _header_finding(failure: Failure, row: pd.Series, sub: Submission, spec: TemplateSpec) -> Finding:
    f = spec.field(str(failure.column))
    ref = location(sub, spec, f.id)
    where = {"sheet": ref.sheet, "cell": ref.cell or None, "field": f.id}
    if failure.code == NOT_NULLABLE:
        return make("V005", **where) if f.type == "regions" else make("V001", **where, label=f.label, hulp=f.help)
    value = str(row[f.id])
    params: dict[str, Any] = {"waarde": value}
    if failure.code == "V003":
        start = value[:4]
        params["voorstel"] = f"{start}-{int(start) + 1}" if start.isdigit() else "2023-2024"
    if failure.code == "V004":
        params["van"], params["tot"] = plausible_years(spec)
    return make(failure.code, **where, **params)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.sheet, f.cell, f.field, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
