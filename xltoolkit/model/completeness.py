"""How many required fields are still empty, per section — the Start sheet's live count.

Blank is not "n.v.t.": a field that may be "n.v.t." still counts as empty until something is
typed, exactly as the workbook's formula counts it.
"""

from __future__ import annotations

from xltoolkit.model.submission import Submission
from xltoolkit.model.values import is_empty
from xltoolkit.spec import Section


def empty_required(sub: Submission, section: Section) -> int:
    return sum(1 for f in section.required_fields if is_empty(sub.get(f.id)))
