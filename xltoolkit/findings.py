"""Findings are data: a stable code, a severity, a Dutch message and a location.

Every problem the toolkit reports (reading, validation, reconciliation, merging) is a `Finding`
made from the one catalogue in `validation/catalogus/` (one YAML file per series of codes), so
the CLI, the workbook's Controle sheet and the report show the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

Severity = Literal["fout", "waarschuwing", "info"]
SEVERITY_ORDER: dict[str, int] = {"fout": 0, "waarschuwing": 1, "info": 2}


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    ernst: Severity
    titel: str
    tekst: str


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None  # the spec field id, which is also the defined name

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def location(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.field or ""


@cache
def catalogue() -> dict[str, CatalogueEntry]:
    """Every finding code, from all files in validation/catalogus/ (a code may occur only once)."""
    entries: dict[str, CatalogueEntry] = {}
    folder = resources.files("xltoolkit.validation").joinpath("catalogus")
    for part in sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name):
        for code, entry in (yaml.safe_load(part.read_text(encoding="utf-8")) or {}).items():
            if code in entries:
                raise ValueError(f"meldingscode {code} staat twee keer in de catalogus ({part.name})")
            entries[code] = CatalogueEntry(code=code, **entry)
    return entries


def make(code: str, *, sheet: str | None = None, cell: str | None = None, field: str | None = None, **params: Any) -> Finding:
    """A finding from the catalogue, its message filled in with `params` (and the location)."""
    entry = catalogue()[code]
    message = entry.tekst.format(blad=sheet or "", cel=cell or "", **params)
    return Finding(code=code, severity=entry.ernst, message=message, sheet=sheet, cell=cell, field=field)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by place: the order a controller works through them."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.sheet or "", _cell_key(f.cell), f.code))


def _cell_key(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = "".join(c for c in cell if c.isalpha())
    digits = "".join(c for c in cell.split(":")[0] if c.isdigit())
    return (int(digits or 0), letters)
