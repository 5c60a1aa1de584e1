"""A board's typed text as report blocks, and how a single value is shown.

Boards write their narratives in a cell: a blank line starts a new paragraph, a single line
break stays a line break, and lines that start with "• ", "- " or "1. " are list items. This
module turns that into blocks every renderer lays out the same way. The words themselves are
never touched (typing errors included): only the outer whitespace of a line goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.values import Unreadable, format_percentage

BULLETS = ("•", "-")
_BULLET_RE = re.compile(r"^[" + "".join(re.escape(b) for b in BULLETS) + r"]\s+(.*)$")
_NUMBER_RE = re.compile(r"^(\d{1,3}\.)\s+(.*)$")
_PARAGRAPH_RE = re.compile(r"\n[ \t\u00a0]*\n")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")

NOT_FILLED = "(niet ingevuld)"
UNREADABLE_TEXT = "(onleesbaar)"
EMPTY_BEDRAG = "—"
AAN, UIT = "☒", "☐"  # a ticked and an unticked box, as on the paper format


@dataclass(frozen=True)
class TextParagraph:
    """A paragraph; its lines are kept as hard line breaks."""

    regels: tuple[str, ...]
    soort: str = "alinea"

    @property
    def tekst(self) -> str:
        return "\n".join(self.regels)


@dataclass(frozen=True)
class BulletList:
    """A list. `nummers` holds the numbers as typed ("1.", "2.") for a numbered list; empty for bullets."""

    items: tuple[str, ...]
    nummers: tuple[str, ...] = ()
    soort: str = "lijst"

    @property
    def genummerd(self) -> bool:
        return bool(self.nummers)

    @property
    def rijen(self) -> tuple[tuple[str, str], ...]:
        """(marker, text) per item; the marker is "" for bullets."""
        return tuple(zip(self.nummers or ("",) * len(self.items), self.items))


TextBlock = TextParagraph | BulletList


def clean_text(text: str) -> str:
    """Text as a document can hold it. Pasted from Word, a cell can hold a manual line break
    (vertical tab) or a page break (form feed): they become a line break and a paragraph break.
    Other control characters cannot be stored in a .docx at all and are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n\n")
    return _CONTROL_RE.sub("", text)


def split_blocks(text: str) -> tuple[TextBlock, ...]:
    """Paragraphs and lists of a typed text, in order."""
    out: list[TextBlock] = []
    for paragraph in _PARAGRAPH_RE.split(clean_text(text).strip()):
        out.extend(_runs([line.strip() for line in paragraph.split("\n") if line.strip()]))
    return tuple(out)


def _runs(lines: list[str]) -> list[TextBlock]:
    """Consecutive lines of the same kind (text, bullet, numbered) form one block."""
    out: list[TextBlock] = []
    kind = ""
    items: list[str] = []
    numbers: list[str] = []
    for line in lines:
        bullet, number = _BULLET_RE.match(line), _NUMBER_RE.match(line)
        this = "bullet" if bullet else "numbered" if number else "text"
        if this != kind and items:
            out.append(_block(kind, items, numbers))
            items, numbers = [], []
        kind = this
        if bullet:
            items.append(bullet.group(1))
        elif number:
            numbers.append(number.group(1))
            items.append(number.group(2))
        else:
            items.append(line)
    if items:
        out.append(_block(kind, items, numbers))
    return out


def _block(kind: str, items: list[str], numbers: list[str]) -> TextBlock:
    if kind == "text":
        return TextParagraph(tuple(items))
    return BulletList(tuple(items), tuple(numbers) if kind == "numbered" else ())


def show_bedrag(value: Any) -> str:
    """An amount as the report shows it: "€ 81.739", "€ PM", "—" when nothing was entered."""
    if value is None:
        return EMPTY_BEDRAG
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    return show_unreadable(value)


def show_percentage(value: Decimal) -> str:
    """A fraction as Dutch percentage points: 0.78 -> "78%", 0.785 -> "78,5%"."""
    return format_percentage(value)


def show_value(value: Any, ftype: str) -> str:
    """A filled-in field value as text, by the field's type (count, percentage, money, ...)."""
    if isinstance(value, Unreadable):
        return show_unreadable(value)
    if ftype == "money":
        return show_bedrag(value)
    if ftype == "percentage" and isinstance(value, Decimal):
        return show_percentage(value)
    if isinstance(value, bool):
        return "Ja" if value else "Nee"
    return str(value)


def show_unreadable(value: Any) -> str:
    return f"{one_line(str(value))} {UNREADABLE_TEXT}"


def one_line(text: str) -> str:
    """A short value (a name, a description) on one line."""
    return " ".join(clean_text(text).split())
