"""The whole merge job, as the CLI and the Samenvoegen button both run it: check the output, find
the workbooks, read the register, merge, write the reports and the overview.

One sequence for every front-end; they differ only in where the settings come from and how the
outcome is shown. Raises `MergeError` with a finding when the merge cannot run at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.beschikkingen import RegisterError, read_register
from xltoolkit.services.compare import read_previous
from xltoolkit.services.feedback import FeedbackError, load_template, prepare_folder, write_letters
from xltoolkit.services.merge import MergeError, check_output, find_files, merge_found, overzicht_bytes
from xltoolkit.services.merge.report import FORMATS, write_reports
from xltoolkit.services.merge.result import MergeResult
from xltoolkit.spec import TemplateSpec

# Called once with the number of workbooks found; returns the callback for "one more read" (or None).
Progress = Callable[[int], Callable[[int], None] | None]


def merge_to(inputs: Iterable[str | Path], output: Path, *, register: Path | None = None,
             report_folder: Path | None = None, report_formats: Sequence[str] = FORMATS,
             feedback_folder: Path | None = None, feedback_template: Path | None = None,
             spec: TemplateSpec, progress: Progress | None = None,
             previous: Path | None = None) -> MergeResult:
    inputs = list(inputs)
    refused = check_output(output, spec)
    if refused is not None:
        raise MergeError(refused)
    letters = None
    if feedback_folder is not None:  # before reading anything: a broken template stops at once
        try:
            letters = load_template(feedback_template)
        except FeedbackError as exc:
            raise MergeError(exc.finding) from exc
    found = find_files(inputs, exclude=[output, *([report_folder] if report_folder else []),
                                                   *([feedback_folder] if feedback_folder else []),
                                                   *([previous] if previous else [])])  # last year is no input of this year
    if found.missing:
        raise MergeError(make("M002", invoer=found.missing[0]))
    if not found.candidates:
        raise MergeError(make("M001", invoer=", ".join(str(p) for p in inputs)))
    if feedback_folder is not None:  # made only now there is something to merge; a wrong path still stops before reading
        try:
            prepare_folder(feedback_folder)
        except FeedbackError as exc:
            raise MergeError(exc.finding) from exc
    try:
        beschikkingen = read_register(register, spec) if register is not None else None
    except RegisterError as exc:
        raise MergeError(exc.finding) from exc
    tick = progress(len(found.candidates)) if progress else None
    vorig = read_previous(previous, spec) if previous is not None else None  # a broken last year is a problem row, no stop
    result = merge_found(found, register=beschikkingen, spec=spec, progress=tick, vorig=vorig)
    if not result.files:  # only earlier overviews among the inputs (M009): nothing to merge
        raise MergeError(make("M001", invoer=", ".join(str(p) for p in inputs)))
    if report_folder is not None:
        write_reports(result, report_folder, report_formats)  # first: a report that fails is listed in the overview's Problemen
    if feedback_folder is not None and letters is not None:
        write_letters(result, feedback_folder, letters)  # before the overview: its sheet Terugkoppeling lists them
    data = overzicht_bytes(result)  # after the reports: their problems are on the sheet Problemen
    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        raise MergeError(make("M060", uitvoer=str(output), detail=exc.strerror or str(exc))) from exc
    return result
