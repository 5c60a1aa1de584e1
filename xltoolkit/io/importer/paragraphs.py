"""Rejoining lines into paragraphs.

A Word paragraph is a paragraph. Plain text extracted from a PDF is not: every visual line ends
in a line break, and some extractions put a blank line after every line. The rules below rebuild
the paragraphs a reader sees — a wrapped line continues the paragraph, a short line or one ending
a sentence well before the margin ends it, list items stay on their own lines — and never change
a word: only the breaks between lines are decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltoolkit.io.importer.lines import Line

_LIST_ITEM = re.compile(r"^(?:[•●▪■◦○►➢➤→\-–*·]|\d{1,2}[.)]|[a-z][.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?:;…]['\"”’)]*$")


@dataclass(frozen=True)
class Layout:
    """What the source's line breaks mean."""

    wrapped: bool  # lines are wrapped at a margin (txt from PDF/Word), not one paragraph each
    width: int  # the usual length of a full line
    double_spaced: bool  # a blank line after (nearly) every line: blank lines say nothing

    @classmethod
    def of(cls, kind: str, lines: list[Line]) -> "Layout":
        if kind != "txt":
            return cls(False, 0, False)
        lengths = sorted(len(ln.text) for ln in lines if not ln.is_row)
        if not lengths:
            return cls(True, 80, False)
        width = lengths[int(len(lengths) * 0.9)]
        gaps = sum(1 for ln in lines if ln.blank_before > 0)
        return cls(True, max(width, 40), gaps >= 0.6 * len(lines))


@dataclass(frozen=True)
class Piece:
    line: Line
    text: str


def join(pieces: list[Piece], layout: Layout) -> str:
    """The pieces' text as paragraphs: "\\n\\n" between paragraphs, "\\n" between list items."""
    out = ""
    prev: Piece | None = None
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        if prev is None:
            out = text
        else:
            out += _break(prev, piece, text, layout) + text
        prev = Piece(piece.line, text)
    return out


def _break(prev: Piece, cur: Piece, text: str, layout: Layout) -> str:
    item_prev, item_cur = bool(_LIST_ITEM.match(prev.text)), bool(_LIST_ITEM.match(text))
    gap = cur.line.blank_before > 0 and not layout.double_spaced
    if not layout.wrapped:
        return "\n" if item_prev and item_cur else "\n\n"
    runs_on = not _ENDS_SENTENCE.search(prev.text) and not item_cur
    if runs_on and (text[:1].islower() or len(prev.text) >= 0.6 * layout.width):
        return " "  # a sentence running on, also across a page break
    if item_cur:
        return "\n\n" if gap and not item_prev else "\n"
    if gap:
        return "\n\n"
    short = len(prev.text) < 0.6 * layout.width
    ends = bool(_ENDS_SENTENCE.search(prev.text))
    if ends and len(prev.text) < 0.85 * layout.width:
        return "\n\n"
    if short:
        return "\n"
    return " "
