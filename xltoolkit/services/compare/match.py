"""Which board of last year is which board of this year: by name, tolerant, and honest about doubt.

Names are compared the way the register compares them (`normalise_name`: no case, accents,
punctuation, extra spaces or legal form such as "Stichting"), so "Stichting SMART Limburg" and
"smart  limburg" are one board. What is left is matched by similarity (`gelijkenis`, the register's
threshold) only when the best match is clear on both sides; that match is reported (M054) so the
SWV can check it. Not matched, and reported: names that are not unique within their own year
(M055) and names that look like more than one board of the other year (M056). A board without a
match is new this year or no longer there: the sheet lists those, they are no finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xltoolkit.findings import Finding, make
from xltoolkit.services.beschikkingen import DREMPEL, MARGE, gelijkenis, normalise_name
from xltoolkit.services.compare.figures import BestuurYear


@dataclass
class BoardMatch:
    paren: list[tuple[BestuurYear, BestuurYear]] = field(default_factory=list)  # (last year, this year)
    nieuw: list[BestuurYear] = field(default_factory=list)  # only this year
    verdwenen: list[BestuurYear] = field(default_factory=list)  # only last year
    dubbelzinnig: list[BestuurYear] = field(default_factory=list)  # not compared: the name is not unique
    gelijkend: dict[int, str] = field(default_factory=dict)  # id(board) -> the name it was matched with by similarity
    twijfel: dict[int, tuple[str, ...]] = field(default_factory=dict)  # id(board) -> the names it could be
    zonder_jaar: list[BestuurYear] = field(default_factory=list)  # last year's boards whose workbook now has no school year
    findings: list[Finding] = field(default_factory=list)


def match(vorig: list[BestuurYear], dit: list[BestuurYear], zonder_jaar: Iterable[str] = ()) -> BoardMatch:
    """Pair last year's boards with this year's. Boards without a name take no part. `zonder_jaar`:
    names of this merge's boards whose workbook has no school year: such a board is not "gone",
    it cannot be compared (the merge reports the missing year, M031)."""
    out = BoardMatch()
    old, new = _unique(vorig, out), _unique(dit, out)
    for key in {normalise_name(n) for n in zonder_jaar} & set(old):
        out.zonder_jaar.append(old.pop(key))
    for key in [k for k in new if k in old]:
        out.paren.append((old.pop(key), new.pop(key)))
    scores = sorted(((score, kn, ko) for kn in new for ko in old if (score := gelijkenis(kn, ko)) >= DREMPEL - MARGE),
                    key=lambda t: (-t[0], t[1], t[2]))
    for score, kn, ko in scores:
        if score < DREMPEL or kn not in new or ko not in old:
            continue
        rivals = [s for s, a, b in scores if (a == kn) != (b == ko) and a in new and b in old and s > score - MARGE]
        if rivals:  # another board is nearly as close: no guess
            continue
        b_old, b_new = old.pop(ko), new.pop(kn)
        out.paren.append((b_old, b_new))
        out.gelijkend[id(b_new)], out.gelijkend[id(b_old)] = b_old.bestuur, b_new.bestuur
        out.findings.append(make("M054", bestuur=b_new.bestuur, schooljaar=b_new.schooljaar, ander=b_old.bestuur,
                                 vorig=b_old.schooljaar))
    for key, b in new.items():
        close = tuple(o.bestuur for k, o in old.items() if gelijkenis(key, k) >= DREMPEL)
        if close:
            out.twijfel[id(b)] = close
            out.findings.append(make("M056", bestuur=b.bestuur, schooljaar=b.schooljaar,
                                     vorig=next(iter(old.values())).schooljaar, kandidaten=", ".join(close)))
    for key, b in old.items():
        close = tuple(n.bestuur for k, n in new.items() if gelijkenis(key, k) >= DREMPEL)
        if close:
            out.twijfel[id(b)] = close
    out.nieuw, out.verdwenen = list(new.values()), list(old.values())
    out.paren.sort(key=lambda p: p[1].bestuur.casefold())
    return out


def _unique(boards: list[BestuurYear], out: BoardMatch) -> dict[str, BestuurYear]:
    """The boards of one year by normalised name; a name shared by several is reported, not matched."""
    groups: dict[str, list[BestuurYear]] = {}
    for b in sorted(boards, key=lambda b: (b.bestuur.casefold(), b.bestuur)):
        if b.bestuur.strip():
            groups.setdefault(normalise_name(b.bestuur), []).append(b)
    unique = {}
    for key, group in groups.items():
        if len(group) == 1:
            unique[key] = group[0]
            continue
        out.dubbelzinnig += group
        out.findings.append(make("M055", schooljaar=group[0].schooljaar, namen=", ".join(f"'{b.bestuur}'" for b in group)))
    return unique
