"""The outcome of a merge: every file as read, what was taken, the problems, the school year."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xltoolkit.findings import SEVERITY_ORDER
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.merge.choose import NO_SCHOOLJAAR, schooljaar
from xltoolkit.services.merge.model import KIND_SKIPPED, STATUS_TEXT, FeedbackRow, FileResult, Problem
from xltoolkit.spec import TemplateSpec

if TYPE_CHECKING:
    from xltoolkit.services.compare import Vergelijking


@dataclass
class MergeResult:
    spec: TemplateSpec
    files: list[FileResult]  # every workbook found, in path order
    problems: list[Problem]  # in the order the Problemen sheet shows them
    hoofdjaar: str  # the school year most workbooks are about ("" when none has one)
    register: Register | None = None
    reports: list[str] = field(default_factory=list)  # files written by --report
    feedback: list[FeedbackRow] | None = None  # --feedback: which letter each file's board got
    comparison: Vergelijking | None = None  # this year beside last year (services/compare); None: no earlier year

    @property
    def taken(self) -> list[FileResult]:
        return [g for g in self.files if g.status == "opgenomen"]

    @property
    def unusable(self) -> list[FileResult]:
        return [g for g in self.files if g.status == "niet_bruikbaar"]

    @property
    def duplicates(self) -> list[FileResult]:
        return [g for g in self.files if g.status in ("dubbel", "identiek")]

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == KIND_SKIPPED]

    @property
    def schooljaren(self) -> list[str]:
        """Every school year among the taken workbooks, the main one first."""
        jaren = {jaar_label(g) for g in self.taken}
        return sorted(jaren, key=lambda j: (j != self.hoofdjaar_label, j == NO_SCHOOLJAAR, j))

    @property
    def hoofdjaar_label(self) -> str:
        return self.hoofdjaar or NO_SCHOOLJAAR

    @property
    def letters(self) -> int:
        """The letters written to the boards (--feedback): every file with a letter of a kind other than "geen"."""
        return sum(1 for r in self.feedback or () if r.letter and r.kind != "geen")

    @property
    def ok(self) -> bool:
        """Every workbook found was taken into the overview (none unusable, none set aside)."""
        return all(g.status == "opgenomen" for g in self.files)

    def as_dict(self, output: str | None = None) -> dict[str, Any]:
        """For --json: machine keys in English like the other commands, messages in Dutch."""
        return {
            "output": output,
            "ok": self.ok,
            "school_year": self.hoofdjaar or None,
            "school_years": self.schooljaren,
            "register": self.register.naam if self.register is not None else None,
            "counts": {
                "files": len(self.files), "taken": len(self.taken), "unusable": len(self.unusable),
                "duplicates": len(self.duplicates), "skipped": len(self.skipped),
            },
            "files": [_file_dict(g) for g in self.files],
            "problems": [{"file": p.file, "kind": p.kind, "board": p.bestuur or None, "school_year": p.schooljaar or None,
                          **p.finding.as_dict()} for p in self.problems],
            "reports": list(self.reports),
            "comparison": self.comparison.as_dict() if self.comparison is not None else None,
            "feedback": [{"file": r.file, "board": r.bestuur or None, "school_year": r.schooljaar or None, "kind": r.kind,
                          "errors": r.errors, "warnings": r.warnings, "letter": r.letter or None, "note": r.note or None}
                         for r in self.feedback] if self.feedback is not None else None,
        }


def jaar_label(g: FileResult) -> str:
    return schooljaar(g) or NO_SCHOOLJAAR


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first; then by file (path order), code; the merge-wide ones (register) last."""
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.finding.severity], p.file.casefold(), p.file,
                                            p.finding.code, p.finding.message))


def _file_dict(g: FileResult) -> dict[str, Any]:
    c = g.check
    return {
        "file": g.label,
        "status": g.status,
        "status_text": STATUS_TEXT[g.status],
        "board": g.bestuur or None,
        "school_year": schooljaar(g) or None,
        "template_version": g.template_version or None,
        "sha256": g.sha256 or None,
        "errors": c.errors if c is not None else None,
        "warnings": c.warnings if c is not None else None,
        "reconciled": c.reconciliation.ok if c is not None else None,
        "problem": g.error.as_dict() if g.error is not None else None,
    }
