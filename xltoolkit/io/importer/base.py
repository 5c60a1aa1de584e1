"""What the recogniser's parts share: a matched heading, the result, the placeholders a form
or a report renderer leaves in an empty field."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltoolkit.io.importer.anchors import Anchor
from xltoolkit.io.importer.report import ImportReport
from xltoolkit.model.submission import Submission

# What a report renderer or a form shows for an empty field: "(niet ingevuld)", "(naam niet ingevuld)".
_PLACEHOLDER = re.compile(
    r"^[_*\s]*\((?:[^()]*\s)?niet ingevuld\)[_*\s]*$|^[_*\s]*\(geen [^()]* ingevuld\)[_*\s]*$", re.IGNORECASE
)
PLACEHOLDER_ANY = re.compile(r"\((?:[^()]*\s)?niet ingevuld\)", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))


@dataclass
class Hit:
    """A heading or label of the spec at the start of a line, and what follows it."""

    anchor: Anchor
    rest: str
    whole: bool


@dataclass
class Result:
    submission: Submission
    report: ImportReport
