"""The import as one pipeline: read → lines/blocks → recognise → assign → report.

Each step is a function with typed input and output; `import_report` is the whole of it."""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.model.submission import Submission
from xltoolkit.services.importer.assign import assign, field_reports
from xltoolkit.services.importer.carry import carry_forward, valid_schooljaar
from xltoolkit.services.importer.lines import Source
from xltoolkit.services.importer.read import ImportFailed, read_source
from xltoolkit.services.importer.recognise import recognise
from xltoolkit.services.importer.state import Result, State
from xltoolkit.spec import TemplateSpec

EXCEL_MAX_CHARS = 32767


def import_report(path: str | Path, spec: TemplateSpec, *, schooljaar: str | None = None) -> Result:
    """Read a report and recognise it; with `schooljaar`, carry it forward to that year."""
    if schooljaar is not None and not valid_schooljaar(schooljaar):
        raise ImportFailed(make("I006", schooljaar=schooljaar))
    source = read_source(path)  # 1. read: the file's lines, tables as rows, ticks as ☒/☐
    state = State.of(source, spec)  # 2. lines/blocks: tables, hyphens, noise and indicator runs
    recognise(state)  # 3. recognise: every line to a field, a table, Extra informatie or left out
    submission = assign(state)  # 4. assign: the collected texts and amounts to a Submission
    return report(state, submission, source, schooljaar)  # 5. report: per field, findings, carry forward


def report(st: State, submission: Submission, source: Source, schooljaar: str | None) -> Result:
    """The import's result: the report of every field and finding, the reader's findings first;
    nothing recognised at all, or a text too long for an Excel cell, is an `ImportFailed`."""
    field_reports(st)
    st.report.recognised = st.recognised
    result = Result(submission, st.report)
    result.report.findings[:0] = source.findings  # what the reader left out, first: nothing goes silently
    if result.report.recognised == 0:
        raise ImportFailed(make("I005", bestand=Path(source.path).name))
    if schooljaar is not None:
        sub, findings = carry_forward(result.submission, schooljaar, st.spec)
        result.report.findings.extend(findings)
        result.report.schooljaar_doorgezet = schooljaar
        result = Result(sub, result.report)
    for f in st.spec.fields:
        value = result.submission.get(f.id)
        if isinstance(value, str) and len(value) > EXCEL_MAX_CHARS:
            raise ImportFailed(make("I007", field=f.id, label=f.label, sheet=st.spec.section_of(f.id).sheet,
                                    lengte=len(value), max=EXCEL_MAX_CHARS))
    return result
