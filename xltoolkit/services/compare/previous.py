"""Last year, from what the SWV kept of it: last year's overview, or a folder of last year's workbooks.

`read_previous` decides by what the path is. A folder (or one workbook) is read the way the merge
reads this year's: the same reader, checks, duplicate rules and school years, so a board's
figures mean the same in both years. An overview is read back by `overview.py`. Either way a
problem is a row on the sheet Problemen (kind "Vorig jaar") and the merge goes on: a broken last
year costs the SWV the comparison, never this year's overview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.services.compare.figures import BestuurYear, from_merge
from xltoolkit.services.compare.overview import read_overview
from xltoolkit.services.merge.marker import read_marker
from xltoolkit.services.merge.model import KIND_DUPLICATE, KIND_FILE, KIND_TEMPLATE, Problem
from xltoolkit.spec import TemplateSpec

KIND_VORIG_JAAR = "Vorig jaar"  # the kind of a problem row about last year's files
SHOWN_KINDS = (KIND_FILE, KIND_TEMPLATE, KIND_DUPLICATE)  # last year's reading problems worth a row


@dataclass
class PreviousYear:
    """What was read of last year, and what went wrong reading it."""

    source: str  # the path as given
    cijfers: list[BestuurYear] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    overzicht: bool = False  # read from an overview (else from workbooks)


def read_previous(path: Path, spec: TemplateSpec, workers: int | None = None) -> PreviousYear:
    """Last year's figures from `path` (an overview or a folder/file of workbooks); never raises."""
    path = Path(path)
    out = PreviousYear(str(path))
    if not path.exists():
        out.problems.append(_row(path, make("M050", bron=str(path), reden="het bestaat niet")))
        return out
    if path.is_file():
        mark = read_marker(path, spec)
        if mark.overzicht:
            files = read_overview(path, spec)
            out.cijfers, out.overzicht = files.cijfers, True
            out.problems += [_row(path, f) for f in files.findings]
            return out
        if mark.carried and not mark.on_workbook:
            reden = "het is gemaakt als overzicht, maar de bladen van een overzicht ontbreken (is het bewerkt?)"
            out.problems.append(_row(path, make("M050", bron=str(path), reden=reden)))
            return out
    return _from_workbooks(path, spec, workers, out)


def _from_workbooks(path: Path, spec: TemplateSpec, workers: int | None, out: PreviousYear) -> PreviousYear:
    from xltoolkit.services.merge import merge_files  # the merge package imports this one

    s = merge_files([path], spec=spec, workers=workers)
    out.cijfers = from_merge(s)
    out.problems += [Problem(p.file, KIND_VORIG_JAAR, p.finding, p.bestuur, p.schooljaar)
                      for p in s.problems if p.kind in SHOWN_KINDS]
    if not out.cijfers:
        reden = "er staat geen bruikbaar werkboek met een schooljaar in" if path.is_dir() else "het is geen bruikbaar werkboek"
        out.problems.append(_row(path, make("M050", bron=str(path), reden=reden)))
    return out


def _row(path: Path, finding) -> Problem:
    return Problem(str(path), KIND_VORIG_JAAR, finding)
