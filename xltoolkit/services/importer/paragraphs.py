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

from xltoolkit.services.importer.lines import Line

# A word cut at the end of a line: a letter and a hyphen, and before it a word (no space-dash).
_CUT_LEFT = re.compile(r"(?:^|[\s()\[\]/\"'‘“])(\w[\w.\-]*)-$")
_CUT_RIGHT = re.compile(r"^([^\W\d_]\w*)")
# A suspended compound goes on with a conjunction ("leer- en werkgeluk", "PO- of VO-scholen").
_CONJUNCTIONS = {"en", "of", "tot", "noch", "c.q.", "resp.", "respectievelijk", "t/m", "en/of", "als", "dan"}
# A word that stands on its own after a dash glued to the word before ("-beknopt en bondig- de
# stand"): never the second half of a hyphenated word.
_STANDALONE = {"de", "het", "een", "in", "op", "te", "van", "voor", "met", "die", "dat", "is", "zijn", "er",
               "om", "aan", "bij", "naar", "ook", "maar", "niet", "wel", "we", "wij", "zij", "ze", "hun", "ons",
               "onze", "wordt", "worden", "door", "waar", "wat", "dit", "deze"}
# Prefixes Dutch writes with a hyphen: "niet-", "ex-", "oud-", "vice-", "pro-", "anti-", "non-".
_HYPHEN_PREFIXES = {"niet", "ex", "oud", "vice", "pro", "anti", "non", "co", "adjunct", "interim", "pseudo"}
# Two vowels Dutch reads as one sound: joined across a cut they need the hyphen ("zee-egel").
_DIGRAPHS = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ij", "oe", "oi", "oo", "ou", "ui", "uu"}


def hyphen_glue(left: str, right: str) -> str | None:
    """How a line ending in a hyphen continues on the next line, or None when it does not.

    "" — a word hyphenated at the line break: the hyphen goes, the parts join ("school-" ⏎
    "besturen" → "schoolbesturen"): both parts are lower-case letters and the left part is not
    a prefix Dutch hyphenates ("niet-") nor would the join make two vowels one sound ("zee-" ⏎
    "egel", "auto-" ⏎ "ongeluk"; "speci-" ⏎ "alisten" joins).
    "-" — a real hyphenated word broken after its hyphen: joined, hyphen kept ("Noord-" ⏎
    "Limburg", "SO-" ⏎ "scholen", "niet-" ⏎ "methodegebonden").
    None — anything else, such as a suspended compound ("leer-" ⏎ "en werkgeluk") or a dash.
    The rule never changes a word that has a capital, a digit or a vowel clash at the cut.
    """
    m, n = _CUT_LEFT.search(left.rstrip()), _CUT_RIGHT.match(right.lstrip())
    if m is None or n is None:
        return None
    if not re.search(r"[^\W\d_]", m.group(1)):
        return "-" if m.group(1).isdigit() and right.lstrip()[:1].islower() else None  # "12-" ⏎ "jarige"
    first = right.lstrip().split(" ", 1)[0].lower()
    if first.rstrip(",.;:!?") in _CONJUNCTIONS | _STANDALONE:
        return None
    a, b = m.group(1).rsplit("-", 1)[-1], n.group(1)  # "niet-metho-" ⏎ "degebonden": the last part
    if not (a.isalpha() and a.islower() and b.islower() and len(a) >= 2):
        return "-"
    if a in _HYPHEN_PREFIXES or (a[-1] + b[0]) in _DIGRAPHS:
        return "-"
    return ""


def glue(left: str, right: str) -> str | None:
    """`left` and `right` as one when `left` ends in a word cut at the line break (`hyphen_glue`)."""
    how = hyphen_glue(left, right)
    if how is None:
        return None
    left, right = left.rstrip(), right.lstrip()
    return left[:-1] + right if how == "" else left + right


_LIST_ITEM = re.compile(r"^(?:[•●▪■◦○►➢➤→\-–*·]|\d{1,2}[.)]|[a-z][.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?:;…]['\"”’)]*$")


@dataclass(frozen=True)
class Layout:
    """What the source's line breaks mean."""

    wrapped: bool  # lines are wrapped at a margin (txt from PDF/Word), not one paragraph each
    width: int  # the usual length of a full line
    double_spaced: bool  # a blank line after (nearly) every line: blank lines say nothing

    @classmethod
    def of(cls, kind: str, lines: list[Line]) -> Layout:
        if kind == "docx" or (kind == "md" and not _hard_wrapped(lines)):
            return cls(False, 0, False)
        lengths = sorted(len(ln.text) for ln in lines if not ln.is_row)
        if not lengths:
            return cls(True, 80, False)
        width = lengths[int(len(lengths) * 0.9)]
        gaps = sum(1 for ln in lines if ln.blank_before > 0)
        return cls(True, max(width, 40), gaps >= 0.6 * len(lines))


def _hard_wrapped(lines: list[Line]) -> bool:
    """Markdown wrapped at a margin (pandoc wraps at 72 columns; text pasted from a PDF): many
    lines of text follow a long line of text directly, without a blank line between."""
    plain = [ln for ln in lines if not ln.is_row and not ln.heading]
    if len(plain) < 10:
        return False
    follows = sum(1 for a, b in zip(lines, lines[1:])
                  if not a.is_row and not b.is_row and not a.heading and b.blank_before == 0 and len(a.text) >= 50)
    return follows >= 0.25 * len(plain)


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
        elif (joined := _hyphen_join(prev, piece, text, layout)) is not None:
            out = out[: len(out) - len(prev.text)] + joined
        else:
            out += _break(prev, piece, text, layout) + text
        prev = Piece(piece.line, text)
    return out


def _hyphen_join(prev: Piece, cur: Piece, text: str, layout: Layout) -> str | None:
    """A word hyphenated across two wrapped lines of one paragraph, made whole."""
    if not layout.wrapped or _LIST_ITEM.match(text) or cur.line.no != prev.line.no + 1:
        return None  # only a line and the line right below it: pieces may skip lines (fixed text)
    if cur.line.blank_before > 0 and not layout.double_spaced:
        return None  # a blank line: a new paragraph, not a continued word
    return glue(prev.text, text)


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
