"""Which workbook counts when a board handed in more than one, and which school year the merge is about.

Two workbooks are duplicates when they hold the same board (its name compared the way the register
compares names: no case, accents, punctuation or legal form) for the same school year. Exactly one
is taken, by these rules in this order:

1. the newer template version: the board used the current form;
2. the fewest fouten (validation errors): it gives the SWV the most usable figures;
3. saved last: first the time the spreadsheet program wrote into the file when it was saved
   (it travels with the content), then the file's own modification time;
4. otherwise the first in path order, so the choice never depends on chance.

Files with exactly the same content (a copy in two folders) are one file: the first in path order
is taken. Every file set aside is listed in Problemen with the file that was taken and why, so
staff can overrule the choice by removing a file. A workbook without a board name cannot be
matched and is always taken.

The school year of the merge is the one most workbooks are about (on a tie the latest); workbooks
of another year are taken too, flagged, and the totals are kept per school year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from xltoolkit.codes import Code
from xltoolkit.findings import make
from xltoolkit.services.beschikkingen import normalise_name, normalise_schooljaar
from xltoolkit.services.merge.model import KIND_BESTUUR, KIND_DUPLICATE, KIND_SCHOOLJAAR, FileResult, Problem

NO_SCHOOLJAAR = "(geen schooljaar)"
UNKNOWN_ERRORS = 10**9  # validation could not run: counts as worse than any number of fouten


def schooljaar(g: FileResult) -> str:
    """The board's school year, normalised ("2023/24" is "2023-2024"); "" when not filled in."""
    return normalise_schooljaar(g.schooljaar) or ""


def bestuur_key(g: FileResult) -> str:
    return normalise_name(g.bestuur) if g.bestuur.strip() else ""


def choose_duplicates(files: list[FileResult]) -> list[Problem]:
    """Mark the files set aside (`status`) and say why; `files` is in path order."""
    problems: list[Problem] = []
    for group in _groups([g for g in files if g.usable], lambda g: g.sha256):
        first = group[0]
        for other in group[1:]:
            other.status = "identiek"
            problems.append(Problem(other.label, KIND_DUPLICATE, make("M021", bestand=other.label, gekozen=first.label,
                                     controlegetal=first.sha256[:12]), other.bestuur, schooljaar(other)))
    taken = [g for g in files if g.status == "opgenomen" and bestuur_key(g)]
    for group in _groups(taken, lambda g: (bestuur_key(g), schooljaar(g))):
        order = {id(g): i for i, g in enumerate(group)}
        best = max(group, key=lambda g: (*_rank(g), -order[id(g)]))
        for other in group:
            if other is best:
                continue
            other.status = "dubbel"
            finding = make("M020", bestand=other.label, bestuur=other.bestuur, schooljaar=schooljaar(other) or NO_SCHOOLJAAR,
                           gekozen=best.label, reden=reason(best, other))
            problems.append(Problem(other.label, KIND_DUPLICATE, finding, other.bestuur, schooljaar(other)))
    return problems


def _groups(items: list[FileResult], key: Callable[[FileResult], object]) -> list[list[FileResult]]:
    """Groups of more than one, in the order of their first member."""
    groups: dict[object, list[FileResult]] = {}
    for g in items:
        groups.setdefault(key(g), []).append(g)
    return [group for group in groups.values() if len(group) > 1]


def _rank(g: FileResult) -> tuple:
    """Higher is better: template version, fewer fouten, saved later, modified later."""
    return (_version(g.template_version), -_errors(g), g.doc_modified, g.modified)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return (0,)


def _errors(g: FileResult) -> int:
    return g.check.errors if g.check is not None else UNKNOWN_ERRORS


def reason(best: FileResult, other: FileResult) -> str:
    """Why `best` was taken over `other`, as the end of "omdat dat …"."""
    if _version(best.template_version) != _version(other.template_version):
        return f"een nieuwere sjabloonversie heeft ({best.template_version} tegen {other.template_version})"
    if _errors(best) != _errors(other):
        return f"minder fouten heeft ({_errors_text(best)} tegen {_errors_text(other)})"
    if best.doc_modified != other.doc_modified:
        return f"later is opgeslagen ({_doc_time(best.doc_modified)} tegen {_doc_time(other.doc_modified)})"
    if best.modified != other.modified:
        return f"later is gewijzigd ({_file_time(best.modified)} tegen {_file_time(other.modified)}, tijd van het bestand)"
    return "eerder in de volgorde van de bestandsnamen staat"


def _errors_text(g: FileResult) -> str:
    return "onbekend" if g.check is None else str(g.check.errors)


def _doc_time(text: str) -> str:
    if not text:
        return "onbekend"
    try:
        return datetime.fromisoformat(text).strftime("%d-%m-%Y %H:%M") + (" UTC" if text.endswith("Z") else "")
    except ValueError:
        return text


def _file_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%d-%m-%Y %H:%M:%S")


# -- school year and board name -----------------------------------------------------------------


def main_schooljaar(taken: list[FileResult]) -> str:
    """The school year most taken workbooks are about (the latest on a tie); "" when none has one."""
    counts = Counter(j for j in (schooljaar(g) for g in taken) if j)
    if not counts:
        return ""
    return max(counts, key=lambda j: (counts[j], j))


def header_problems(taken: list[FileResult], hoofdjaar: str) -> list[Problem]:
    """Workbooks of another school year, without a school year, or without a board name."""
    problems = []
    for g in taken:
        jaar = schooljaar(g)
        if not jaar:
            problems.append(Problem(g.label, KIND_SCHOOLJAAR, _at(g, "schooljaar", "M031", bestuur=g.bestuur or "bestuur niet ingevuld",
                                                                  zonder=NO_SCHOOLJAAR), g.bestuur))
        elif hoofdjaar and jaar != hoofdjaar:
            problems.append(Problem(g.label, KIND_SCHOOLJAAR, _at(g, "schooljaar", "M030", bestuur=g.bestuur or "bestuur niet ingevuld",
                                                                  schooljaar=jaar, hoofdjaar=hoofdjaar), g.bestuur, jaar))
        if not g.bestuur.strip():
            problems.append(Problem(g.label, KIND_BESTUUR, _at(g, "bestuur", "M032"), "", jaar))
    return problems


def _at(g: FileResult, field_id: str, code: Code, **params):
    ref = g.sub.source.cells.get(field_id) if g.sub is not None else None
    return make(code, sheet=ref.sheet if ref else None, cell=ref.cell if ref else None, field=field_id, bestand=g.label, **params)
