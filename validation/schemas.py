"""pandera schemas over the tidy frames, generated from the spec and the rules.

The header schema is generated column by column from the spec (required fields are not
nullable, the school year has its format and plausibility checks); the other frames get one
DataFrame-level check per rule, named by the rule's finding code. Validation runs lazily, so
every failure is collected, and `failures()` hands back (code, frame, row index, column) for
each failed check — the validate service turns those into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa
from xltoolkit.validation.frames import Frames
from xltoolkit.validation.rules import Rule, all_rules

from xltoolkit.spec import TemplateSpec

SCHOOLJAAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
NOT_NULLABLE = "not_nullable"


@dataclass(frozen=True)
class Failure:
    code: str
    frame: str
    index: object
    column: str | None


def _consecutive(value: object) -> bool:
    m = SCHOOLJAAR_RE.match(str(value))
    return m is not None and int(m.group(2)) - int(m.group(1)) == 1


def plausible_years(spec: TemplateSpec) -> tuple[int, int]:
    """The first school year a report can be about (spec) and the last (next year)."""
    return spec.settings.first_plausible_year, date.today().year + 1


def _plausible(spec: TemplateSpec):
    first, last = plausible_years(spec)

    def check(value: object) -> bool:
        m = SCHOOLJAAR_RE.match(str(value))
        return not m or first <= int(m.group(1)) <= last

    return check


def header_schema(spec: TemplateSpec) -> pa.DataFrameSchema:
    """Generated from the spec: required → not nullable; the school year's checks by type."""
    columns = {}
    for f in spec.sections[0].fields:
        checks = []
        if f.type == "schooljaar":
            checks = [
                pa.Check(lambda s: s.astype(str).str.match(SCHOOLJAAR_RE.pattern), element_wise=False, name="V002", ignore_na=True),
                pa.Check(lambda v: not SCHOOLJAAR_RE.match(str(v)) or _consecutive(v), element_wise=True, name="V003", ignore_na=True),
                pa.Check(_plausible(spec), element_wise=True, name="V004", ignore_na=True),
            ]
        columns[f.id] = pa.Column(object, nullable=not f.required, checks=checks, required=True)
    return pa.DataFrameSchema(columns, name="header")


def frame_schema(name: str, rules: list[Rule]) -> pa.DataFrameSchema:
    checks = [pa.Check(rule.ok, name=rule.code, error=rule.code) for rule in rules if rule.frame == name]
    return pa.DataFrameSchema(checks=checks, name=name)


_BUILT: dict[str, dict[str, pa.DataFrameSchema]] = {}


def schemas(spec: TemplateSpec) -> dict[str, pa.DataFrameSchema]:
    """The schemas of a spec, built once per spec (pandera's first use of a schema is the costly part)."""
    if spec.hash not in _BUILT:
        _BUILT[spec.hash] = _build(spec)
    return _BUILT[spec.hash]


def _build(spec: TemplateSpec) -> dict[str, pa.DataFrameSchema]:
    rules = all_rules(spec)
    out = {"header": header_schema(spec)}
    for name in ("teksten", "bedragen", "aanwending", "indicatoren", "kengetallen"):
        out[name] = frame_schema(name, rules)
    return out


def failures(frames: Frames, spec: TemplateSpec) -> list[Failure]:
    """Run every schema lazily and list each failed check once per row."""
    found: list[Failure] = []
    for name, schema in schemas(spec).items():
        df: pd.DataFrame = getattr(frames, name)
        if df.empty:
            continue
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            found.extend(_from_cases(name, exc.failure_cases))
    return found


def _from_cases(frame: str, cases: pd.DataFrame) -> list[Failure]:
    out, seen = [], set()
    for _, case in cases.iterrows():
        check = str(case["check"])
        code = NOT_NULLABLE if check == NOT_NULLABLE else check
        column = case["column"] if frame == "header" else None
        key = (code, case["index"], column)
        if key in seen or code.startswith("column_in_dataframe"):
            continue
        seen.add(key)
        out.append(Failure(code, frame, case["index"], column))
    return out
