"""This year beside last year: the sheet Vergelijking of the SWV's overview.

    vorig = read_previous(Path("overzicht-2022-2023.xlsx"), spec)       # or a folder of workbooks
    s.vergelijking, problems = compare(s, vorig)                           # after the merge
    blad = vergelijking_sheet(s.vergelijking, spec)                         # one more sheet

1. `figures.py` turns every board of every school year into the same plain figures, from this
   merge, last year's workbooks (`previous.py`, read by the merge itself) or last year's overview
   (`overview.py`, read back defensively);
2. `match.py` pairs last year's boards with this year's by name, tolerant and honest about doubt;
3. `rows.py` computes the rows (exact Decimal sums and differences), `sheet.py` makes the sheet.

"This year" is the merge's school year; "last year" the latest school year before it, from
`--vorig-jaar` or from workbooks of earlier years among the merge's own inputs. Without an earlier
year there is no comparison and no sheet. The overview's other sheets are not touched: they stay
about the merge's inputs. Nothing here raises on a bad file: it becomes a row on Problemen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xltoolkit.findings import make
from xltoolkit.services.beschikkingen import Register, normalise_name
from xltoolkit.services.compare.figures import BestuurYear, from_merge
from xltoolkit.services.compare.match import BoardMatch, match
from xltoolkit.services.compare.previous import KIND_VORIG_JAAR, PreviousYear, read_previous
from xltoolkit.services.compare.sheet import BLAD_VERGELIJKING, vergelijking_sheet
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.model import Problem
from xltoolkit.services.merge.result import MergeResult

KIND_VERGELIJKING = "Vergelijking"  # the kind of a problem row about matching boards across years
DEZE_SAMENVOEGING = "de werkboeken van deze samenvoeging"


@dataclass
class Vergelijking:
    """Everything the sheet shows: the years, every board's figures, and who is who."""

    dit_jaar: str
    vorig_jaar: str
    jaren: list[str]  # every school year with figures, oldest first
    cijfers: list[BestuurYear]
    koppeling: BoardMatch
    bronnen: list[str] = field(default_factory=list)  # where last year came from
    register: Register | None = None  # the merge's register: the parts of the terugploegregeling, where it says them

    def as_dict(self) -> dict[str, Any]:
        """For --json: machine keys in English like the other commands, names as written."""
        k = self.koppeling
        return {
            "school_year": self.dit_jaar, "previous_school_year": self.vorig_jaar, "school_years": list(self.jaren),
            "sources": list(self.bronnen),
            "matched": [{"board": new.bestuur, "previous_name": old.bestuur} for old, new in k.paren],
            "new": [b.bestuur for b in k.nieuw], "gone": [b.bestuur for b in k.verdwenen],
            "not_matched": sorted({b.bestuur for b in (*k.dubbelzinnig, *k.zonder_jaar)}),
        }


def compare(s: MergeResult, vorig: PreviousYear | None = None) -> tuple[Vergelijking | None, list[Problem]]:
    """The comparison of the merge's school year with the one before it, and its problems.

    None when there is no earlier school year (or the merge has none): then there is no sheet."""
    problems = list(vorig.problems) if vorig is not None else []
    if not s.hoofdjaar:
        return None, problems
    cijfers = from_merge(s)
    bronnen = [DEZE_SAMENVOEGING] if any(b.schooljaar < s.hoofdjaar for b in cijfers) else []
    if vorig is not None and vorig.cijfers:
        extra, later = _earlier(vorig, s.hoofdjaar)
        for jaar in later if extra else ():  # without any earlier year M057 says it all
            problems.append(Problem(vorig.source, KIND_VORIG_JAAR, make("M058", bron=vorig.source, jaar=jaar, schooljaar=s.hoofdjaar)))
        if not extra:
            found = ", ".join(sorted({b.schooljaar for b in vorig.cijfers}))
            problems.append(Problem(vorig.source, KIND_VORIG_JAAR, make("M057", bron=vorig.source, schooljaar=s.hoofdjaar, jaren=found)))
        cijfers += _not_yet_in(extra, cijfers)
        if extra:
            bronnen.append(vorig.source)
    jaren = sorted({b.schooljaar for b in cijfers})
    earlier = [j for j in jaren if j < s.hoofdjaar]
    if not earlier:
        return None, problems
    vorig_jaar = earlier[-1]
    zonder_jaar = [g.bestuur for g in s.taken if not schooljaar(g) and g.bestuur.strip()]
    koppeling = match([b for b in cijfers if b.schooljaar == vorig_jaar], [b for b in cijfers if b.schooljaar == s.hoofdjaar],
                      zonder_jaar)
    problems += [Problem("", KIND_VERGELIJKING, f) for f in koppeling.findings]
    jaren = [j for j in jaren if j <= s.hoofdjaar]  # a late workbook of a later year is not "over the years" yet
    return Vergelijking(s.hoofdjaar, vorig_jaar, jaren, [b for b in cijfers if b.schooljaar in jaren], koppeling, bronnen,
                        s.register), problems


def _earlier(vorig: PreviousYear, hoofdjaar: str) -> tuple[list[BestuurYear], list[str]]:
    """Last year's boards of years before the merge's, and the years of the source that are not."""
    extra = [b for b in vorig.cijfers if b.schooljaar < hoofdjaar]
    later = sorted({b.schooljaar for b in vorig.cijfers if b.schooljaar >= hoofdjaar})
    return extra, later


def _not_yet_in(extra: list[BestuurYear], cijfers: list[BestuurYear]) -> list[BestuurYear]:
    """The boards of `extra` the merge does not have itself: a workbook of last year among this
    year's inputs is the board's own later word, so it wins over last year's overview."""
    have = {(normalise_name(b.bestuur), b.schooljaar) for b in cijfers if b.bestuur}
    return [b for b in extra if not b.bestuur or (normalise_name(b.bestuur), b.schooljaar) not in have]


__all__ = ["BLAD_VERGELIJKING", "KIND_VERGELIJKING", "KIND_VORIG_JAAR", "BestuurYear", "BoardMatch", "Vergelijking", "PreviousYear",
           "compare", "read_previous", "vergelijking_sheet"]
