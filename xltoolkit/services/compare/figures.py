"""The figures of one board in one school year, as the comparison needs them.

Three sources give them: this merge (`from_merge`), last year's workbooks (read by the merge
itself, so the same rules apply) and last year's overview (`overview.py`). Each becomes the same
plain `BestuurYear`, so the comparison never knows or cares where a year came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xltoolkit.model.values import Indicatoren
from xltoolkit.services.merge.choose import schooljaar
from xltoolkit.services.merge.result import MergeResult
from xltoolkit.spec import TemplateSpec

ZERO = Decimal(0)


@dataclass(frozen=True)
class Middelen:
    """Received and spent in one region, as reconciliation computed them (exact). None: the value
    could not be read (an edited overview of last year): unknown, which is not the same as 0."""

    ontvangen: Decimal | None
    besteed: Decimal | None


@dataclass
class BestuurYear:
    """One board in one school year. `indicatoren` is None when unknown (not read), which is not
    the same as an empty set (read, nothing chosen)."""

    bestuur: str  # as written; "" when the workbook has no name (counts in the totals only)
    schooljaar: str  # normalised ("2023-2024")
    source: str  # the file it came from
    middelen: dict[str, Middelen] = field(default_factory=dict)  # region code -> figures
    indicatoren: frozenset[int] | None = None
    kengetallen: dict[str, int] = field(default_factory=dict)  # count field id -> value


def kengetal_fields(spec: TemplateSpec) -> list[str]:
    """The key figures compared over the years: the counts the spec marks as kengetal
    (thuiszitters, verwijzingen naar SO en SBO, teruggeplaatste leerlingen)."""
    return [f.id for f in spec.fields if f.kengetal and f.type == "count"]


def from_merge(s: MergeResult) -> list[BestuurYear]:
    """Every board taken into this merge that names its school year."""
    spec = s.spec
    out = []
    for g in s.taken:
        jaar = schooljaar(g)
        if not jaar or g.sub is None:
            continue
        middelen = {}
        if g.reconciliation is not None:
            middelen = {r.region: Middelen(r.ontvangen, r.besteed) for r in g.reconciliation.regions}
        gekozen: set[int] = set()
        for p in spec.process_sections:
            value = g.sub.indicatoren(p.id, spec)
            if isinstance(value, Indicatoren):
                gekozen.update(value.nummers)
        kengetallen = {fid: v for fid in kengetal_fields(spec)
                       if isinstance(v := g.sub.get(fid), int) and not isinstance(v, bool)}
        out.append(BestuurYear(g.bestuur.strip(), jaar, g.label, middelen, frozenset(gekozen), kengetallen))
    return out
