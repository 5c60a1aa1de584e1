"""The merge as the SWV workbook's Samenvoegen button runs it: settings in, outcome back.

The settings (folder, register, overview, report folder) are read by defined name, from the
workbook file (`read_settings`) or from values the button already read from the open book
(`settings_from`). A relative path counts from the SWV workbook's own folder. `merge_with`
does the whole job and returns what the button writes back into the named cells (`Outcome`):
the front-end only moves values, it decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding, count_phrase, make
from xltoolkit.io.swv_workbook import NAMEN
from xltoolkit.io.xlsx import XlsxError, open_workbook, rowcol_to_ref
from xltoolkit.model.submission import CellRef
from xltoolkit.services.merge import MergeError
from xltoolkit.services.merge.job import merge_to
from xltoolkit.services.merge.result import MergeResult
from xltoolkit.spec import TemplateSpec

REQUIRED = ("map", "overzicht")
KEYS = ("map", "register", "overzicht", "rapportmap", "brievenmap", "vorigjaar")  # the settings, as the spec's workbook.swv.settings names them


@dataclass
class MergeSettings:
    folder: Path | None = None  # the folder with the boards' workbooks
    register: Path | None = None
    overzicht: Path | None = None
    report_folder: Path | None = None
    feedback_folder: Path | None = None  # letters to the boards (merge --feedback)
    previous: Path | None = None  # last year's overview or folder (merge --vorig-jaar)
    cells: dict[str, CellRef] = field(default_factory=dict)  # where each setting is (keyed like `NAMEN`), for messages


@dataclass
class Outcome:
    """What the button writes back: defined name -> value, and the problems that stopped the merge."""

    values: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    result: MergeResult | None = None


def settings_from(values: Mapping[str, Any], base: Path, cells: Mapping[str, CellRef] | None = None) -> MergeSettings:
    """Settings from values keyed like `NAMEN` ("map", "register", ...); relative paths count from `base`."""
    def path(key: str) -> Path | None:
        value = values.get(key)
        text = str(value).strip().strip('"') if value is not None else ""
        if not text:
            return None
        p = Path(text).expanduser()
        return p if p.is_absolute() else base / p

    return MergeSettings(path("map"), path("register"), path("overzicht"), path("rapportmap"), path("brievenmap"),
                         path("vorigjaar"), dict(cells or {}))


def read_settings(workbook: Path) -> MergeSettings:
    """The settings in an SWV workbook file (raises `XlsxError` when it is not a workbook)."""
    wb, zf = open_workbook(Path(workbook))
    values: dict[str, Any] = {}
    cells: dict[str, CellRef] = {}
    with zf:
        for key in KEYS:
            target = wb.target(NAMEN[key])
            if target is None or target.broken or not wb.has_sheet(target.sheet or ""):
                continue
            values[key] = wb.cell(target.sheet, *target.first).value  # type: ignore[arg-type, misc]
            cells[key] = CellRef(target.sheet or "", rowcol_to_ref(*target.first), NAMEN[key])  # type: ignore[misc]
    return settings_from(values, Path(workbook).resolve().parent, cells)


def check_settings(settings: MergeSettings, spec: TemplateSpec, root: Path | None = None) -> list[Finding]:
    """What is missing or does not exist, each naming its cell in the SWV workbook. With `root`
    (a server that merges for others: the add-in), every path must lie inside it."""
    out = []
    paths = {"map": settings.folder, "register": settings.register, "overzicht": settings.overzicht,
             "rapportmap": settings.report_folder, "brievenmap": settings.feedback_folder, "vorigjaar": settings.previous}
    for key, value in paths.items():
        ref = settings.cells.get(key)
        where = {"sheet": ref.sheet if ref else None, "cell": ref.cell if ref else None, "field": NAMEN[key]}
        if value is None and key in REQUIRED:
            out.append(make("M080", **where, label=spec.workbook.swv.label(key)))
        elif value is not None and root is not None and not _inside(value, root):
            out.append(make("M082", **where, label=spec.workbook.swv.label(key), pad=str(value), map=str(root)))
        elif value is not None and key in ("map", "register", "vorigjaar") and not value.exists():
            out.append(make("M081", **where, label=spec.workbook.swv.label(key), pad=str(value)))
    return out


def _inside(path: Path, root: Path) -> bool:
    """After resolving links and "..", is `path` inside `root`?"""
    return path.resolve().is_relative_to(root.resolve())


def merge_with(settings: MergeSettings, spec: TemplateSpec,
                    progress: Callable[[int], None] | None = None, root: Path | None = None) -> Outcome:
    """Merge with these settings: write the overview (and reports); return what goes back into the
    workbook. `root` confines every path to one folder (see `check_settings`)."""
    findings = check_settings(settings, spec, root)
    if findings:
        return Outcome({NAMEN["status"]: "Niet samengevoegd: " + " ".join(f.message for f in findings)}, findings)
    assert settings.folder is not None and settings.overzicht is not None
    try:
        s = merge_to([settings.folder], settings.overzicht, register=settings.register, report_folder=settings.report_folder,
                     feedback_folder=settings.feedback_folder, previous=settings.previous, spec=spec,
                     progress=(lambda n: progress) if progress else None)
    except MergeError as exc:
        return Outcome({NAMEN["status"]: f"Niet samengevoegd: {exc.finding.message}"}, [exc.finding])
    return Outcome(outcome_values(s, settings.overzicht), [], s)


def outcome_values(s: MergeResult, output: Path) -> dict[str, Any]:
    """The status text and the counts, by defined name."""
    taken_errors = sum(g.check.errors for g in s.taken if g.check is not None)
    taken_warnings = sum(g.check.warnings for g in s.taken if g.check is not None)
    status = (f"Samengevoegd in {output.name}: {len(s.taken)} van {len(s.files)} werkboeken opgenomen"
              f" (samen {count_phrase(taken_errors, taken_warnings)}). ")
    status += "Alle werkboeken zijn opgenomen." if s.ok else "Niet alles is opgenomen: zie het blad Problemen van het overzicht."
    if s.comparison is not None:
        status += f" Vergeleken met {s.comparison.vorig_jaar} (zie het blad Vergelijking)."
    if s.feedback is not None:
        status += f" Brieven aan de besturen: {s.letters} geschreven (zie het blad Terugkoppeling)."
    return {
        NAMEN["status"]: status,
        NAMEN["bestanden"]: len(s.files),
        NAMEN["opgenomen"]: len(s.taken),
        NAMEN["niet_bruikbaar"]: len(s.unusable),
        NAMEN["dubbel"]: len(s.duplicates),
        NAMEN["problemen"]: len(s.problems),
    }


__all__ = ["MergeSettings", "Outcome", "XlsxError", "check_settings", "settings_from", "read_settings", "merge_with",
           "outcome_values"]
