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

from xltoolkit.codes import Code

# libyaml's safe loader when PyYAML has it (its wheels do): the same documents, read ~10x faster; the
# catalogue and the spec are read at the start of every command.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
        for code, entry in (yaml.load(part.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}).items():
            if code in entries:
                raise ValueError(f"meldingscode {code} staat twee keer in de catalogus ({part.name})")
            entries[code] = CatalogueEntry(code=code, **entry)
    return entries


def make(code: Code, *, sheet: str | None = None, cell: str | None = None, field: str | None = None, **params: Any) -> Finding:
    """A finding from the catalogue, its message filled in with `params` (and the location)."""
    entry = catalogue()[code]
    template = entry.tekst if cell else entry.tekst.replace("{blad}!{cel}", "blad {blad}")
    message = template.format(blad=sheet or "", cel=cell or "", **params)
    return Finding(code=code, severity=entry.ernst, message=message, sheet=sheet, cell=cell, field=field)


class FindingError(Exception):
    """Work that cannot go on, for a reason the catalogue names: `finding` says why, in Dutch, with
    a code. Each service names its own kind (WorkbookError, RegisterError, RapportError,
    SamenvoegFout, ImportFout) so a front-end can tell them apart; the behaviour is this one."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(f"{finding.code}: {finding.message}")
        self.finding = finding


class FindingTotals:
    """The counts and the `--json` shape of anything that holds findings (a validation report, a
    whole check): one definition, so `validate`, the buttons and the merge count alike."""

    file: str | None
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "fout")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "waarschuwing")

    @property
    def valid(self) -> bool:
        """No fout anywhere: the report is final (not a CONCEPT), `validate` exits 0."""
        return self.errors == 0

    def as_dict(self) -> dict[str, Any]:
        """`validate --json`: {"file", "valid", "errors", "warnings", "findings"}."""
        return {"file": self.file, "valid": self.valid, "errors": self.errors, "warnings": self.warnings,
                "findings": [f.as_dict() for f in self.findings]}


def count_phrase(errors: int, warnings: int) -> str:
    """"2 fouten, 1 waarschuwing" — how every front-end states the counts."""
    return (f"{errors} {'fout' if errors == 1 else 'fouten'}, "
            f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}")


def sort_findings(findings: list[Finding], sheet_order: list[str] | None = None) -> list[Finding]:
    """Errors first, then in workbook order and by cell: the order a controller works through them."""
    rank = {name: i for i, name in enumerate(sheet_order or [])}

    def key(f: Finding):
        return (SEVERITY_ORDER[f.severity], rank.get(f.sheet or "", len(rank)), f.sheet or "", _cell_key(f.cell), f.code)

    return sorted(findings, key=key)


def _cell_key(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = "".join(c for c in cell if c.isalpha())
    digits = "".join(c for c in cell.split(":")[0] if c.isdigit())
    return (int(digits or 0), letters)


SERIES = {"L": "Lezen van het bestand", "V": "Validatie", "R": "Reconciliatie", "P": "Rapport", "M": "Samenvoegen", "I": "Importeren", "K": "Klaarzetten"}


def codes_module() -> str:
    """The text of `xltoolkit/codes.py`: every code of the catalogue as one `Literal` type, so mypy
    rejects `make("X999")` at every call site before anything runs. A test keeps the file in step
    with the catalogue (`xltoolkit codes --python -o xltoolkit/codes.py` rewrites it)."""
    codes = sorted(catalogue())
    lines = [
        '"""Every finding code of `validation/catalogus/`, as a type. Generated: do not edit; run',
        '`xltoolkit codes --python -o xltoolkit/codes.py` after changing the catalogue."""',
        "",
        "from typing import Literal",
        "",
        "Code = Literal[",
        *(f'    "{c}",' for c in codes),
        "]",
    ]
    return "\n".join(lines) + "\n"


def catalogue_markdown() -> str:
    """The reference page of every finding code (docs/controles.md is this text)."""
    lines = [
        "# Controles en meldingen",
        "",
        "Elke melding van xltoolkit heeft een vaste code, een ernst en een Nederlandse tekst. Deze pagina is",
        "gemaakt uit `validation/catalogus/` met `xltoolkit codes -o docs/controles.md`; een test faalt als",
        "hij verouderd is. {blad} en {cel} zijn de plaats van de melding; andere {woorden} worden per geval ingevuld.",
    ]
    entries = catalogue()
    for prefix, title in SERIES.items():
        codes = sorted(c for c in entries if c.startswith(prefix))
        if not codes:
            continue
        lines += ["", f"## {title} ({prefix})", "", "| code | ernst | wat | melding |", "|---|---|---|---|"]
        for code in codes:
            e = entries[code]
            text = e.tekst.replace("|", "\\|")
            lines.append(f"| {code} | {e.ernst} | {e.titel} | {text} |")
    return "\n".join(lines) + "\n"
