"""The merge checks a submission against what the SWV pre-filled (`xltoolkit prepare`).

A prepared workbook carries a record of the values the SWV filled in and locked (board, school
year, regions, SBO/SO, the received amounts; see xltoolkit.io.prefill). A value that differs from
its record was changed by someone who lifted the sheet's protection, or the workbook is a copy of
another board's: either way it is not silently taken, but listed on Problemen with both values
(M040). A damaged record is said (M041). A workbook that was not prepared has no record, and gets
no such finding. What a board wrote in its remark on the pre-filled values is listed too (M042, info),
so the SWV reads it in the overview and not only when it opens the file.

Only a workbook whose defined names (read already, `source.names`) include the record is opened a
second time, so an ordinary merge costs nothing extra.
"""

from __future__ import annotations

from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.prefill import NAME, RecordError, read_record, record_text, shown, shown_value
from xltoolkit.model.values import shorten
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.model import FileResult, Problem
from xltoolkit.services.merge.read import error_detail
from xltoolkit.spec import TemplateSpec

KIND_PREFILLED = "Vooringevuld"


def prefilled_problems(taken: list[FileResult], spec: TemplateSpec) -> list[Problem]:
    """M040 for every pre-filled value a taken workbook no longer has, M041 for a damaged record."""
    problems: list[Problem] = []
    note_field = spec.prefill_note_field
    for g in taken:
        note = g.sub.get(note_field.id) if g.sub is not None and note_field is not None else None
        if note_field is not None and isinstance(note, str) and note.strip():  # the board disagrees: shown here, not only in the file
            ref = g.sub.source.cells.get(note_field.id)  # type: ignore[union-attr]
            finding = make("M042", sheet=ref.sheet if ref else spec.section_of(note_field.id).sheet, cell=ref.cell if ref else None,
                           field=note_field.id, bestand=g.label, tekst=shorten(" ".join(note.split()), 500))
            problems.append(Problem(g.label, KIND_PREFILLED, finding, g.bestuur, schooljaar(g)))
        if g.sub is None or NAME not in g.sub.source.names:
            continue
        try:
            record = read_record(Path(g.candidate.path), spec)
        except RecordError as exc:
            problems.append(Problem(g.label, KIND_PREFILLED, make("M041", bestand=g.label, detail=str(exc)), g.bestuur, schooljaar(g)))
            continue
        except Exception as exc:  # noqa: BLE001 - the check of one file must never cost the merge
            problems.append(Problem(g.label, KIND_PREFILLED, make("M041", bestand=g.label, detail=error_detail(exc)), g.bestuur, schooljaar(g)))
            continue
        if record is None:
            continue
        for field_id, before in record.values.items():
            now = g.sub.get(field_id)
            if record_text(now) == before:
                continue
            f = spec.field(field_id)
            ref = g.sub.source.cells.get(field_id)
            finding = make("M040", sheet=ref.sheet if ref else spec.section_of(field_id).sheet, cell=ref.cell if ref else None,
                           field=field_id, bestand=g.label, label=f.label, vooraf=shown(before, f), nu=shown_value(now, f))
            problems.append(Problem(g.label, KIND_PREFILLED, finding, g.bestuur, schooljaar(g)))
    return problems
