"""How many required fields are still empty, per section — the Start sheet's live count.

Blank is not "n.v.t.": a field that applies still counts as empty until something is typed,
exactly as the workbook's formula counts it. A field that does not apply to this board (or whose
deciding question is still open) is not counted: see `xltoolkit.model.relevance`.
"""

from __future__ import annotations

from xltoolkit.model.relevance import required_now
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import is_empty
from xltoolkit.spec import Section, TemplateSpec


def empty_required(sub: Submission, section: Section, spec: TemplateSpec) -> int:
    return sum(1 for f in section.required_fields if required_now(f, sub, spec) and is_empty(sub.get(f.id)))
