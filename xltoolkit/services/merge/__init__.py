"""The SWV merge: every board's workbook into one overview, robust and fast.

    s = merge_files(["inleveringen/"], register=read_register("beschikkingen.xlsx"))
    write_overzicht(build_overzicht(s), Path("overzicht.xlsx"))
    s.ok, s.opgenomen, s.problemen

1. `find_files` finds the workbooks (files or folders, recursively, .xlsx/.xlsm only, no links
   followed, deterministic order);
2. `read_all` reads them on every core: each worker loads, validates and reconciles one file and
   returns plain data; a broken file becomes a problem, never an exception;
3. `choose_duplicates` decides between two workbooks of one board and school year (choose.py says how);
4. `build_overzicht` turns the outcome into sheets of tables (pure data), `write_overzicht` lays them
   out as an .xlsx with native charts, atomically and byte-for-byte reproducibly; `overzicht_bytes`
   does both so that a board whose content still breaks the layout is left out, not the overview.

Headless: nothing here prints. The inputs are only ever read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from xltoolkit.findings import Finding, FindingError, make
from xltoolkit.services import compare  # the module: it imports the merge's modules in turn
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.merge import middelen, sheets
from xltoolkit.services.merge.choose import choose_duplicates, header_problems, main_schooljaar, schooljaar
from xltoolkit.services.merge.clean import VALUE_CODES
from xltoolkit.services.merge.find import SUFFIXES, Found, find_files
from xltoolkit.services.merge.gcpause import paused_gc
from xltoolkit.services.merge.marker import MARK_PROPERTY, is_overzicht
from xltoolkit.services.merge.model import (
    KIND_CHECK,
    KIND_FILE,
    KIND_MARKER,
    KIND_REGISTER,
    KIND_SKIPPED,
    KIND_TEMPLATE,
    KIND_VALUE,
    STATUS_TEXT,
    Candidate,
    FileResult,
    Problem,
)
from xltoolkit.services.merge.parallel import processors, read_all
from xltoolkit.services.merge.prefilled import prefilled_problems
from xltoolkit.services.merge.read import error_detail
from xltoolkit.services.merge.result import MergeResult, sort_problems
from xltoolkit.services.merge.table import Overzicht, Sheet
from xltoolkit.services.merge.workbook import workbook_bytes, write_overzicht
from xltoolkit.spec import TemplateSpec

TEMPLATE_CODES = {"L007"}  # unusable because of the template version: listed as such


class MergeError(FindingError):
    """The merge cannot start (an input does not exist); `finding` says why."""



def merge_files(inputs: Iterable[str | Path], *, register: Register | None = None, exclude: Iterable[str | Path] = (),
                spec: TemplateSpec, workers: int | None = None,
                progress: Callable[[int], None] | None = None, vorig_jaar: str | Path | None = None) -> MergeResult:
    """Find, read and combine. Raises `MergeError` when an input does not exist."""
    found = find_files(inputs, exclude)
    if found.missing:
        raise MergeError(make("M002", invoer=found.missing[0]))
    vorig = compare.read_previous(Path(vorig_jaar), spec, workers) if vorig_jaar is not None else None
    return merge_found(found, register=register, spec=spec, workers=workers, progress=progress, vorig=vorig)


def merge_found(found: Found, *, register: Register | None = None, spec: TemplateSpec,
                workers: int | None = None, progress: Callable[[int], None] | None = None,
                vorig: compare.PreviousYear | None = None) -> MergeResult:
    """Read what `find_files` found (`progress(1)` after each file) and decide what is taken."""
    with paused_gc():  # the results come in by the thousand (gcpause.py)
        files, marked = _set_aside_overviews(read_all(found.candidates, spec, register, workers, progress))
    problems = list(found.problems) + marked + _file_problems(files)
    problems += choose_duplicates(files)
    taken = [g for g in files if g.status == "opgenomen"]
    hoofdjaar = main_schooljaar(taken)
    problems += header_problems(taken, hoofdjaar)
    problems += prefilled_problems(taken, spec)  # what the SWV pre-filled (prepare), changed since
    s = MergeResult(spec, files, [], hoofdjaar, register)
    if register is not None:
        problems += [Problem(register.naam, KIND_REGISTER, f) for f in register.findings]
        problems += middelen.zonder_werkboek(s)[1]
    s.comparison, compared = compare.compare(s, vorig)  # this year beside last year (--vorig-jaar, or inputs of several years)
    problems += compared
    s.problems = sort_problems(problems)
    return s


def check_output(path: Path, spec: TemplateSpec) -> Finding | None:
    """The overview must be an .xlsx, and may only replace an earlier overview, never another file:
    not even a board's workbook that carries the overview's marker (marker.py checks the content)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return make("M062", uitvoer=str(path), voorstel=str(path.with_suffix(".xlsx")))
    if path.exists() and not is_overzicht(path, spec):
        return make("M061", uitvoer=str(path), voorstel=str(path.with_name(f"{path.stem}-overzicht.xlsx")))
    return None


def overzicht_bytes(s: MergeResult) -> bytes:
    """The overview's bytes, whatever one board holds. Values are made writable when read
    (clean.py); should a board's content still break building or writing the overview, it is
    left out with M017 and the others are written, because one board must never cost the SWV
    the overview of all. A failure that no single board explains raises `MergeError` (M063)."""
    try:
        return workbook_bytes(build_overzicht(s))
    except Exception as exc:  # noqa: BLE001 - isolated below, reported as a finding
        failure: Exception = exc
    culprits = [(g, own) for g in s.taken if (own := _alone_fails(s, g)) is not None]
    for g, own in culprits:
        g.status, g.error = "niet_bruikbaar", make("M017", bestand=g.label, detail=error_detail(own))
        s.problems.append(Problem(g.label, KIND_FILE, g.error, g.bestuur, schooljaar(g)))
    if culprits:
        s.problems = sort_problems(s.problems)
        try:
            return workbook_bytes(build_overzicht(s))
        except Exception as exc:  # noqa: BLE001
            failure = exc
    raise MergeError(make("M063", detail=error_detail(failure)))


def _alone_fails(s: MergeResult, g: FileResult) -> Exception | None:
    """The exception an overview of this board alone raises, or None when it can be written."""
    try:
        workbook_bytes(build_overzicht(MergeResult(s.spec, [g], [], s.hoofdjaar, s.register)))
    except Exception as exc:  # noqa: BLE001
        return exc
    return None


def _set_aside_overviews(files: list[FileResult]) -> tuple[list[FileResult], list[Problem]]:
    """An overview of an earlier merge among the inputs is no file of this merge (M009); a board's
    workbook that carries the overview's marker is read as one, with a warning (M010)."""
    out: list[Problem] = []
    for g in files:
        if g.overzicht:
            out.append(Problem(g.label, KIND_SKIPPED, make("M009", bestand=g.label)))
        elif g.marker_stamp is not None:
            out.append(Problem(g.label, KIND_MARKER, make("M010", bestand=g.label, kenmerk=MARK_PROPERTY, naam=g.marker_stamp)))
    return [g for g in files if not g.overzicht], out


def _file_problems(files: list[FileResult]) -> list[Problem]:
    out = []
    for g in files:
        if g.error is not None:
            kind = KIND_TEMPLATE if g.error.code in TEMPLATE_CODES else KIND_FILE
            out.append(Problem(g.label, kind, g.error))
            continue
        for f in g.sub.source.findings if g.sub is not None else ():
            if f.code == "L008":
                out.append(Problem(g.label, KIND_TEMPLATE, f, g.bestuur, schooljaar(g)))
            elif f.code in VALUE_CODES:
                out.append(Problem(g.label, KIND_VALUE, f, g.bestuur, schooljaar(g)))
        out += [Problem(g.label, KIND_CHECK, f, g.bestuur, schooljaar(g)) for f in g.step_problems]
    return out


def build_overzicht(s: MergeResult) -> Overzicht:
    """The consolidated workbook as data: the sheets in the order the SWV reads them."""
    with paused_gc():  # tables of every board's values (gcpause.py)
        return _build_overzicht(s)


def _build_overzicht(s: MergeResult) -> Overzicht:
    spec = s.spec
    vergelijking = (compare.vergelijking_sheet(s.comparison, spec),) if s.comparison is not None else ()  # this year beside last year
    parts: tuple[Sheet, ...] = (sheets.overzicht_sheet(s), middelen.middelen_sheet(s), middelen.aanwending_sheet(s), sheets.indicatoren_sheet(s),
             sheets.teksten_sheet(s), middelen.kengetallen_sheet(s), *vergelijking, sheets.problemen_sheet(s))
    parts += (sheets.terugkoppeling_sheet(s),) if s.feedback is not None else ()  # --feedback: which board got which letter
    props = {
        "title": f"Samenvoeging {spec.name}", "subject": f"Schooljaar {s.hoofdjaar_label}", "author": spec.swv,
        "company": spec.swv, "comments": f"Sjabloonversie {spec.version}; samengevoegd met xltoolkit",
    }
    return Overzicht(parts[0].title, parts, props)


__all__ = [
    "FileResult", "Candidate", "Overzicht", "Problem", "STATUS_TEXT", "SUFFIXES", "MergeError", "MergeResult", "Found",
    "check_output", "is_overzicht", "read_all", "build_overzicht", "overzicht_bytes", "workbook_bytes", "processors", "merge_files",
    "write_overzicht", "find_files", "merge_found",
]
