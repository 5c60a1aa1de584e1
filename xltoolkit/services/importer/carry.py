"""Carrying last year's report forward to a new school year (`--schooljaar 2025-2026`).

What a controller expects when starting the new year from last year's text:
- the school year is the new one;
- every amount is cleared — received per region and every aanwending amount (also the parts
  per region of a split line): last year's money must never pass for this year's;
- the aanwending lines keep their purpose, region and category: the same purposes usually
  recur, so they stand ready as a checklist with empty amounts (which the checks then flag
  until they are filled); a PM explanation belonged to last year's amount and is cleared;
- a count "dit schooljaar" moves to its "vorig schooljaar" twin when the spec has one
  (last year's "this year" is this year's "last year");
- the narratives stay (that is the point) and the report says they are last year's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from xltoolkit.findings import Finding, make
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.spec import TemplateSpec

_SCHOOLJAAR = re.compile(r"^(\d{4})-(\d{4})$")
_THIS, _LAST = "_dit_jaar", "_vorig_jaar"
_PM_NOTE = "toelichting"  # the aanwending column that explains a PM amount


def valid_schooljaar(text: str) -> bool:
    m = _SCHOOLJAAR.match(text.strip())
    return m is not None and int(m.group(2)) == int(m.group(1)) + 1


def carry_forward(sub: Submission, schooljaar: str, spec: TemplateSpec) -> tuple[Submission, list[Finding]]:
    values = dict(sub.values)
    year_field = next(f for f in spec.fields if f.type == "schooljaar")
    old = values.get(year_field.id) or "het vorige schooljaar"
    findings: list[Finding] = []
    money_sheet = spec.middelen_section.sheet
    if isinstance(values.get(year_field.id), str) and valid_schooljaar(values[year_field.id]):
        if values[year_field.id] >= schooljaar:
            findings.append(make("I032", field=year_field.id, oud=values[year_field.id], nieuw=schooljaar))
    values[year_field.id] = schooljaar
    for f in spec.fields:
        if f.type == "money":
            values[f.id] = None
    findings.extend(_shift_counts(values, spec, schooljaar))
    lines = tuple(_clear_amounts(ln, spec) for ln in sub.aanwending)
    findings.append(make("I030", field=year_field.id, oud=old, nieuw=schooljaar, sheet=money_sheet))
    findings.append(make("I033", oud=old, nieuw=schooljaar))
    return replace(sub, values=values, aanwending=lines), findings


def _clear_amounts(line: Aanwendingsregel, spec: TemplateSpec) -> Aanwendingsregel:
    values = dict(line.values)
    for c in spec.columns:
        if c.type == "money" or c.id == _PM_NOTE:
            values[c.id] = None
    return Aanwendingsregel(values)


def _shift_counts(values: dict, spec: TemplateSpec, schooljaar: str) -> list[Finding]:
    ids = {f.id for f in spec.fields}
    out = []
    for f in spec.fields:
        if not f.id.endswith(_THIS):
            continue
        twin = f.id.removesuffix(_THIS) + _LAST
        if twin not in ids:
            continue
        value = values.get(f.id)
        values[twin], values[f.id] = value, None
        if value is not None:
            out.append(make("I031", field=twin, van=f.label, naar=spec.field(twin).label, waarde=value, nieuw=schooljaar))
    return out
