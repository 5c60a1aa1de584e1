"""The one exception of the report service: it carries a finding from the catalogue (series P)."""

from __future__ import annotations

from xltoolkit.findings import Finding


class RapportError(Exception):
    """The report cannot be made or written; `finding` says why, in Dutch, and what to do."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(f"{finding.code}: {finding.message}")
        self.finding = finding
