"""The outcome of a merge: every file as read, what was taken, the problems, the school year."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xltoolkit.findings import SEVERITY_ORDER
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.merge.choose import ZONDER_SCHOOLJAAR, schooljaar
from xltoolkit.services.merge.model import SOORT_OVERGESLAGEN, STATUS_WOORD, Gelezen, Probleem
from xltoolkit.spec import TemplateSpec


@dataclass
class Samenvoeging:
    spec: TemplateSpec
    gelezen: list[Gelezen]  # every workbook found, in path order
    problemen: list[Probleem]  # in the order the Problemen sheet shows them
    hoofdjaar: str  # the school year most workbooks are about ("" when none has one)
    register: Register | None = None
    rapporten: list[str] = field(default_factory=list)  # files written by --report

    @property
    def opgenomen(self) -> list[Gelezen]:
        return [g for g in self.gelezen if g.status == "opgenomen"]

    @property
    def niet_bruikbaar(self) -> list[Gelezen]:
        return [g for g in self.gelezen if g.status == "niet_bruikbaar"]

    @property
    def dubbel(self) -> list[Gelezen]:
        return [g for g in self.gelezen if g.status in ("dubbel", "identiek")]

    @property
    def overgeslagen(self) -> list[Probleem]:
        return [p for p in self.problemen if p.soort == SOORT_OVERGESLAGEN]

    @property
    def schooljaren(self) -> list[str]:
        """Every school year among the taken workbooks, the main one first."""
        jaren = {jaar_label(g) for g in self.opgenomen}
        return sorted(jaren, key=lambda j: (j != self.hoofdjaar_label, j == ZONDER_SCHOOLJAAR, j))

    @property
    def hoofdjaar_label(self) -> str:
        return self.hoofdjaar or ZONDER_SCHOOLJAAR

    @property
    def ok(self) -> bool:
        """Every workbook found was taken into the overview (none unusable, none set aside)."""
        return all(g.status == "opgenomen" for g in self.gelezen)

    def as_dict(self, uitvoer: str | None = None) -> dict[str, Any]:
        """For --json: machine keys in English like the other commands, messages in Dutch."""
        return {
            "output": uitvoer,
            "ok": self.ok,
            "school_year": self.hoofdjaar or None,
            "school_years": self.schooljaren,
            "register": self.register.naam if self.register is not None else None,
            "counts": {
                "files": len(self.gelezen), "taken": len(self.opgenomen), "unusable": len(self.niet_bruikbaar),
                "duplicates": len(self.dubbel), "skipped": len(self.overgeslagen),
            },
            "files": [_file_dict(g) for g in self.gelezen],
            "problems": [{"file": p.bestand, "kind": p.soort, "board": p.bestuur or None, "school_year": p.schooljaar or None,
                          **p.finding.as_dict()} for p in self.problemen],
            "reports": list(self.rapporten),
        }


def jaar_label(g: Gelezen) -> str:
    return schooljaar(g) or ZONDER_SCHOOLJAAR


def sorteer_problemen(problemen: list[Probleem]) -> list[Probleem]:
    """Errors first; then by file (path order), code; the merge-wide ones (register) last."""
    return sorted(problemen, key=lambda p: (SEVERITY_ORDER[p.finding.severity], p.bestand.casefold(), p.bestand,
                                            p.finding.code, p.finding.message))


def _file_dict(g: Gelezen) -> dict[str, Any]:
    c = g.check
    return {
        "file": g.label,
        "status": g.status,
        "status_text": STATUS_WOORD[g.status],
        "board": g.bestuur or None,
        "school_year": schooljaar(g) or None,
        "template_version": g.sjabloonversie or None,
        "sha256": g.sha256 or None,
        "errors": c.errors if c is not None else None,
        "warnings": c.warnings if c is not None else None,
        "reconciled": c.reconciliation.ok if c is not None else None,
        "problem": g.fout.as_dict() if g.fout is not None else None,
    }
