"""Write the letters of a merge into a folder: one per board, each on its own.

Every file the merge found gets one row on the overview's sheet Terugkoppeling (`s.feedback`):

- a checked workbook: a letter "herstel" (something to fix or check) or "bevestiging" (nothing);
- a workbook that could not be used: a letter "onleesbaar" with the reason when its board's name
  is known, else no letter (M093, info: the SWV writes to the sender itself);
- a workbook whose check could not run: no letter (M094), because it could not say what to fix;
- a duplicate or copy that was set aside: no letter of its own; it is listed in the letter about
  the file that was taken.

Each letter is written atomically; one that cannot be made or written is a finding (M090) on the
sheet Problemen and the other letters are still written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.io.atomic import atomic_write_bytes
from xltoolkit.services.feedback.model import build_brief, same_bestuur
from xltoolkit.services.feedback.names import LetterNames
from xltoolkit.services.feedback.template import FeedbackError, LetterTemplate
from xltoolkit.services.feedback.word import render_brief_docx
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.model import FeedbackRow, FileResult, Problem
from xltoolkit.services.merge.read import error_detail
from xltoolkit.services.merge.result import MergeResult, sort_problems

KIND_LETTER = "Brief"  # the kind of a problem row about a letter (sheet Problemen)
GEEN = "geen"
NOTE = {
    "onbekend": "Bestand niet leesbaar en bestuur onbekend: geen brief ({code}, zie Problemen)",
    "controle": "Controle niet uitgevoerd: geen brief (zie Problemen)",
    "mislukt": "Brief niet gemaakt (zie Problemen)",
    "dubbel": "Niet gebruikt; staat in de brief over {bestand}",
}


def prepare_folder(folder: Path) -> None:
    """Make the letters' folder before the merge starts, so a wrong path stops at once (M092)."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FeedbackError(make("M092", map=str(folder), detail=exc.strerror or str(exc))) from exc
    if not Path(folder).is_dir():
        raise FeedbackError(make("M092", map=str(folder), detail="dit is een bestand"))


def write_letters(s: MergeResult, folder: Path, sjabloon: LetterTemplate, today: date | None = None) -> list[Path]:
    """Write every letter into `folder`; fills `s.feedback` and adds problems to `s.problems`."""
    today = today or date.today()
    folder = Path(folder)
    names = LetterNames()
    rows: dict[int, FeedbackRow] = {}
    written: list[Path] = []
    for g in s.files:
        if g.status in ("dubbel", "identiek"):
            continue
        row, path = _letter(s, g, folder, sjabloon, today, names)
        rows[id(g)] = row
        if path is not None:
            written.append(path)
    for g in s.taken:  # a file set aside is named in the letter about the one that was taken
        for d in same_bestuur(s, g)[1:]:
            rows[id(d)] = FeedbackRow(d.label, d.bestuur, schooljaar(d), GEEN, letter=rows[id(g)].letter,
                                      note=NOTE["dubbel"].format(bestand=g.label))
    s.feedback = [rows.get(id(g)) or FeedbackRow(g.label, g.bestuur, schooljaar(g), GEEN) for g in s.files]
    s.problems[:] = sort_problems(s.problems)
    return written


def _letter(s: MergeResult, g: FileResult, folder: Path, sjabloon: LetterTemplate, today: date,
            names: LetterNames) -> tuple[FeedbackRow, Path | None]:
    jaar = schooljaar(g)
    if g.error is not None and not g.bestuur:
        s.problems.append(Problem(g.label, KIND_LETTER, make("M093", bestand=g.label, melding=g.error.code), "", jaar))
        return FeedbackRow(g.label, "", jaar, GEEN, note=NOTE["onbekend"].format(code=g.error.code)), None
    if g.error is None and g.check is None:
        s.problems.append(Problem(g.label, KIND_LETTER, make("M094", bestand=g.label, bestuur=g.bestuur or "bestuur niet ingevuld"),
                                  g.bestuur, jaar))
        return FeedbackRow(g.label, g.bestuur, jaar, GEEN, note=NOTE["controle"]), None
    name = names.naam(g.bestuur or Path(g.label).stem, jaar)
    try:
        brief = build_brief(s, g, sjabloon, today)
        atomic_write_bytes(folder / name, render_brief_docx(brief))
    except Exception as exc:  # noqa: BLE001 - one board's letter failing must not cost the others
        finding = make("M090", bestand=g.label, bestuur=g.bestuur or "bestuur niet ingevuld", map=str(folder),
                       detail=error_detail(exc))
        s.problems.append(Problem(g.label, KIND_LETTER, finding, g.bestuur, jaar))
        return FeedbackRow(g.label, g.bestuur, jaar, GEEN, note=NOTE["mislukt"]), None
    checked = brief.soort != "onleesbaar"
    return FeedbackRow(g.label, g.bestuur, jaar, brief.soort, brief.fouten if checked else None,
                       brief.waarschuwingen if checked else None, letter=name), folder / name
