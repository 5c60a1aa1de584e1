"""Klaarzetten as the SWV workbook's button runs it: settings in, one status text back.

The settings (the list of boards, the school year, the folder, last year; the register is the one
Samenvoegen uses) are read by defined name from the open book by the front-end, which passes the
values keyed like `KLAARZETTEN_NAMEN` plus "register". A relative path counts from `base` (the SWV
workbook's folder). With `root` (a server that prepares for others: the add-in) every path must lie
inside it. The front-end only moves values; what to say is decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltoolkit.findings import Finding, make
from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN, NAMEN
from xltoolkit.model.submission import CellRef
from xltoolkit.services.prepare import PrepareError, PrepareResult, prepare
from xltoolkit.spec import TemplateSpec

REQUIRED = ("besturen", "schooljaar", "klaarmap")
MAX_SHOWN = 5  # findings named in the status cell; all of them in the CLI's --json


@dataclass
class PrepareOutcome:
    status: str
    findings: list[Finding] = field(default_factory=list)
    result: PrepareResult | None = None


def prepare_from(values: Mapping[str, Any], base: Path, spec: TemplateSpec, cells: Mapping[str, CellRef] | None = None,
                 root: Path | None = None) -> PrepareOutcome:
    """Prepare with the button's settings; never raises for what a user can fix."""
    cells = dict(cells or {})

    def text(key: str) -> str:
        value = values.get(key)
        return str(value).strip().strip('"') if value is not None else ""

    def path(key: str) -> Path | None:
        p = Path(text(key)).expanduser() if text(key) else None
        return None if p is None else p if p.is_absolute() else base / p

    problems: list[Finding] = []
    for key in ("besturen", "schooljaar", "klaarmap", "register", "vorig_jaar"):
        ref = cells.get(key)
        name = NAMEN["register"] if key == "register" else KLAARZETTEN_NAMEN[key]
        where = {"sheet": ref.sheet if ref else None, "cell": ref.cell if ref else None, "field": name}
        if not text(key):
            if key in REQUIRED:
                problems.append(make("K050", **where, label=spec.workbook.swv.label(key)))
            continue
        if key == "schooljaar":
            continue
        p = path(key)
        assert p is not None
        if root is not None and not p.resolve().is_relative_to(root.resolve()):
            problems.append(make("K052", **where, label=spec.workbook.swv.label(key), pad=str(p), map=str(root)))
        elif key != "klaarmap" and not p.exists():
            problems.append(make("K051", **where, label=spec.workbook.swv.label(key), pad=str(p)))
    if problems:
        return PrepareOutcome("Niet klaargezet: " + " ".join(f.message for f in problems), problems)
    try:
        result = prepare(path("besturen"), schooljaar=text("schooljaar"), output=path("klaarmap"), spec=spec,  # type: ignore[arg-type]
                         register=path("register"), vorig_jaar=path("vorig_jaar"))
    except PrepareError as exc:
        return PrepareOutcome(f"Niet klaargezet: {exc.finding.message}", [exc.finding])
    return PrepareOutcome(status_text(result), result.findings, result)


def status_text(result: PrepareResult) -> str:
    """One paragraph for the status cell: how many were prepared, and the first problems."""
    status = (f"Klaargezet in {result.output}: {len(result.written)} van de {len(result.prepared)} besturen, "
              f"schooljaar {result.schooljaar}.")
    shown = [f for f in result.findings if f.severity != "info"]
    if shown:
        status += f" {len(shown)} {'melding' if len(shown) == 1 else 'meldingen'}: " + " ".join(f.message for f in shown[:MAX_SHOWN])
        if len(shown) > MAX_SHOWN:
            status += f" … en nog {len(shown) - MAX_SHOWN} (xltoolkit prepare --json toont ze alle)."
    return status
