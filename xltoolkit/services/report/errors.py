"""The one exception of the report service: it carries a finding from the catalogue (series P)."""

from __future__ import annotations

from xltoolkit.findings import FindingError


class ReportError(FindingError):
    """The report cannot be made or written; `finding` says why, in Dutch, and what to do."""

