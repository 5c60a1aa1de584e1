"""The common form every source is read into: numbered lines of text, table rows with cells.

A reader (.txt, .docx, .md) only turns its format into `Line`s; everything the template means is
recognised later, in one place, for all formats alike. A line keeps where it came from (`where`,
in Dutch, for the import report) and the formatting hints a reader could see (a bold label at
the start, a heading style), which the recogniser may use but never needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Characters that are layout, not text: soft hyphen, zero-width spaces, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Every kind of space becomes a plain space (non-breaking, narrow, thin, figure, ideographic).
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")


@dataclass(frozen=True)
class Line:
    """One line (txt), paragraph (docx) or table row of the source.

    `blank_before` counts the blank lines (or empty paragraphs) right before it, which is how
    paragraph breaks survive the reading. `cells` is set for a table row: the text of each cell.
    `label_end` is the offset in `text` where a bold run at the start ends (docx, md), a hint
    that a label is followed by its text on the same line.
    """

    no: int
    text: str
    where: str
    blank_before: int = 0
    cells: tuple[str, ...] | None = None
    label_end: int | None = None
    heading: bool = False
    page_break_before: bool = False
    tabbed: bool = False  # the cells come from tab stops in a paragraph, not from a table
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Source:
    """A read source: its lines and what kind of file it was."""

    path: str
    kind: str  # "txt" | "docx" | "md"
    lines: list[Line]
    unit: str  # how a position is named in the report: "regel" or "alinea"

    def where(self, first: Line, last: Line | None = None) -> str:
        """A range of lines in Dutch: "regel 12", "regel 12–30", "tabel 1 rij 2"."""
        if last is None or last.where == first.where:
            return first.where
        a, b = first.where, last.where
        prefix = f"{self.unit} "
        if a.startswith(prefix) and b.startswith(prefix):
            return f"{a}–{b.removeprefix(prefix)}"
        return f"{a} t/m {b}"


def clean(text: str) -> str:
    """Text as written, with layout characters removed and every space a plain space.

    Letters, punctuation, quotes and typing errors are kept exactly: only what is invisible or
    a different kind of space changes, and runs of spaces become one (a PDF artefact).
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    return re.sub(r" {2,}", " ", text).strip()
