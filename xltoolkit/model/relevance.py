"""Whether a field applies to this board, as XLSForm's `relevant` means it.

A field marked `relevance: sbo_so` applies only when the board answered the spec's question for
that key (heeft_sbo_so) the way the spec says. Three answers, because the question may be open:
True (it applies: required as usual), False (it does not: blank is fine, the report says n.v.t.),
None (the question is unanswered: only the question itself is reported, not every field after it).
Validation, the Start sheet's live count and the report all ask here, so they cannot disagree.
"""

from __future__ import annotations

from xltoolkit.model.submission import Submission
from xltoolkit.spec import Field, TemplateSpec


def relevant(field: Field, sub: Submission, spec: TemplateSpec) -> bool | None:
    """True, False, or None while the deciding question is unanswered."""
    if field.relevance is None:
        return True
    rule = spec.relevance[field.relevance]
    answer = sub.get(rule.field)
    if not isinstance(answer, bool):
        return None
    return answer == rule.is_


def required_now(field: Field, sub: Submission, spec: TemplateSpec) -> bool:
    """Required and certainly applicable: blank is then a defect of the submission."""
    return field.required and relevant(field, sub, spec) is True
