"""The merge as the SWV workbook's Samenvoegen button runs it: settings in, outcome back.

The settings (folder, register, overview, report folder) are read by defined name, from the
workbook file (`lees_instellingen`) or from values the button already read from the open book
(`instellingen_uit`). A relative path counts from the SWV workbook's own folder. `samenvoegen_met`
does the whole job and returns what the button writes back into the named cells (`Uitkomst`):
the front-end only moves values, it decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding, count_phrase, make
from xltoolkit.io.swv_workbook import INSTELLINGEN, NAMEN
from xltoolkit.io.xlsx import XlsxError, open_workbook, rowcol_to_ref
from xltoolkit.model.submission import CellRef
from xltoolkit.services.merge import SamenvoegFout
from xltoolkit.services.merge.job import samenvoegen_naar
from xltoolkit.services.merge.result import Samenvoeging
from xltoolkit.spec import TemplateSpec

VERPLICHT = ("map", "overzicht")
LABELS = {key: label for key, label, _, _ in INSTELLINGEN}


@dataclass
class Instellingen:
    map: Path | None = None
    register: Path | None = None
    overzicht: Path | None = None
    rapportmap: Path | None = None
    plaatsen: dict[str, CellRef] = field(default_factory=dict)  # where each setting is, for messages


@dataclass
class Uitkomst:
    """What the button writes back: defined name -> value, and the problems that stopped the merge."""

    waarden: dict[str, Any]
    fouten: list[Finding] = field(default_factory=list)
    samenvoeging: Samenvoeging | None = None


def instellingen_uit(waarden: Mapping[str, Any], basis: Path, plaatsen: Mapping[str, CellRef] | None = None) -> Instellingen:
    """Settings from values keyed like `NAMEN` ("map", "register", ...); relative paths count from `basis`."""
    def path(key: str) -> Path | None:
        value = waarden.get(key)
        text = str(value).strip().strip('"') if value is not None else ""
        if not text:
            return None
        p = Path(text).expanduser()
        return p if p.is_absolute() else basis / p

    return Instellingen(path("map"), path("register"), path("overzicht"), path("rapportmap"), dict(plaatsen or {}))


def lees_instellingen(werkboek: Path) -> Instellingen:
    """The settings in an SWV workbook file (raises `XlsxError` when it is not a workbook)."""
    wb, zf = open_workbook(Path(werkboek))
    waarden: dict[str, Any] = {}
    plaatsen: dict[str, CellRef] = {}
    with zf:
        for key, _, _, _ in INSTELLINGEN:
            target = wb.target(NAMEN[key])
            if target is None or target.broken or not wb.has_sheet(target.sheet or ""):
                continue
            waarden[key] = wb.cell(target.sheet, *target.first).value  # type: ignore[arg-type, misc]
            plaatsen[key] = CellRef(target.sheet or "", rowcol_to_ref(*target.first), NAMEN[key])  # type: ignore[misc]
    return instellingen_uit(waarden, Path(werkboek).resolve().parent, plaatsen)


def controleer(inst: Instellingen, root: Path | None = None) -> list[Finding]:
    """What is missing or does not exist, each naming its cell in the SWV workbook. With `root`
    (a server that merges for others: the add-in), every path must lie inside it."""
    out = []
    for key in ("map", "register", "overzicht", "rapportmap"):
        value: Path | None = getattr(inst, key)
        ref = inst.plaatsen.get(key)
        where = {"sheet": ref.sheet if ref else None, "cell": ref.cell if ref else None, "field": NAMEN[key]}
        if value is None and key in VERPLICHT:
            out.append(make("M080", **where, label=LABELS[key]))
        elif value is not None and root is not None and not _inside(value, root):
            out.append(make("M082", **where, label=LABELS[key], pad=str(value), map=str(root)))
        elif value is not None and key in ("map", "register") and not value.exists():
            out.append(make("M081", **where, label=LABELS[key], pad=str(value)))
    return out


def _inside(path: Path, root: Path) -> bool:
    """After resolving links and "..", is `path` inside `root`?"""
    return path.resolve().is_relative_to(root.resolve())


def samenvoegen_met(inst: Instellingen, spec: TemplateSpec | None = None,
                    voortgang: Callable[[int], None] | None = None, root: Path | None = None) -> Uitkomst:
    """Merge with these settings: write the overview (and reports); return what goes back into the
    workbook. `root` confines every path to one folder (see `controleer`)."""
    fouten = controleer(inst, root)
    if fouten:
        return Uitkomst({NAMEN["status"]: "Niet samengevoegd: " + " ".join(f.message for f in fouten)}, fouten)
    assert inst.map is not None and inst.overzicht is not None
    try:
        s = samenvoegen_naar([inst.map], inst.overzicht, register=inst.register, rapportmap=inst.rapportmap, spec=spec,
                             voortgang=(lambda n: voortgang) if voortgang else None)
    except SamenvoegFout as exc:
        return Uitkomst({NAMEN["status"]: f"Niet samengevoegd: {exc.finding.message}"}, [exc.finding])
    return Uitkomst(uitkomst_waarden(s, inst.overzicht), [], s)


def uitkomst_waarden(s: Samenvoeging, uitvoer: Path) -> dict[str, Any]:
    """The status text and the counts, by defined name."""
    taken_errors = sum(g.check.errors for g in s.opgenomen if g.check is not None)
    taken_warnings = sum(g.check.warnings for g in s.opgenomen if g.check is not None)
    status = (f"Samengevoegd in {uitvoer.name}: {len(s.opgenomen)} van {len(s.gelezen)} werkboeken opgenomen"
              f" (samen {count_phrase(taken_errors, taken_warnings)}). ")
    status += "Alle werkboeken zijn opgenomen." if s.ok else "Niet alles is opgenomen: zie het blad Problemen van het overzicht."
    return {
        NAMEN["status"]: status,
        NAMEN["bestanden"]: len(s.gelezen),
        NAMEN["opgenomen"]: len(s.opgenomen),
        NAMEN["niet_bruikbaar"]: len(s.niet_bruikbaar),
        NAMEN["dubbel"]: len(s.dubbel),
        NAMEN["problemen"]: len(s.problemen),
    }


__all__ = ["Instellingen", "Uitkomst", "XlsxError", "controleer", "instellingen_uit", "lees_instellingen", "samenvoegen_met",
           "uitkomst_waarden"]
