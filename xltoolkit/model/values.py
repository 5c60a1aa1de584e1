"""Typed field values, and how a raw cell value becomes one.

One function per field type turns what a spreadsheet cell holds (a number, a string, a bool or
nothing) into the model's value. What cannot be read is kept as `Unreadable` with the text as
typed, so nothing a board wrote is lost and validation can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from xltoolkit.model.money import (
    Bedrag,
    decimal_from_cell,
    format_euro,
    parse_bedrag_text,
)

CellValue = str | int | float | bool | None


@dataclass(frozen=True)
class Limits:
    """What a board's workbook can hold at most: beyond it a value is damage or an attack, not
    data. The reader reports such a value at its cell (L028) and keeps it as `Unreadable`, so no
    sum, JSON, Word document or overview ever meets 1e308, NaN or a number of 5,000 digits; and
    it reads a table only as far as a table of this template can go (L014), so a name stretched
    over a million rows costs no more than a real one. No real board comes near these."""

    bedrag: Decimal = Decimal(1_000_000_000)  # € 1 miljard: a whole SWV receives a few tens of millions
    aantal: int = 1_000_000  # pupils, referrals: a board has thousands at most
    procent: int = 1_000  # percentage points: scores and shares are 0-100 %
    aanwending_regels: int = 500  # lines of the aanwending table: the template has 25, boards use a few dozen

    def bedrag_text(self) -> str:
        return f"xltoolkit leest bedragen onder {format_euro(self.bedrag)}"

    def aantal_text(self) -> str:
        return f"xltoolkit leest aantallen onder {self.aantal:,}".replace(",", ".")

    def procent_text(self) -> str:
        return f"xltoolkit leest percentages tot {self.procent:,}%".replace(",", ".")


LIMITS = Limits()
GEEN_GETAL = "het is geen getal"


@dataclass(frozen=True)
class Unreadable:
    """A cell value that could not be read as the field's type; `tekst` is what was typed.
    `reden` says why when it is not the notation (a number beyond `LIMITS`, not a number at all)."""

    tekst: str
    verwacht: str  # what the field wanted, in Dutch: "bedrag", "aantal", ...
    reden: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.tekst


@dataclass(frozen=True)
class Indicatoren:
    """Chosen indicator numbers of one process part, or "n.v.t."."""

    nummers: tuple[int, ...] = ()
    nvt: bool = False

    def __str__(self) -> str:
        return "n.v.t." if self.nvt else ", ".join(str(n) for n in self.nummers)


_NVT_RE = re.compile(r"^n\.?\s*v\.?\s*t\.?$", re.IGNORECASE)
_YES = {"ja", "j", "yes", "y", "x", "1", "true", "waar", "☒", "✓", "✔"}
_NO = {"nee", "n", "no", "0", "false", "onwaar", "☐"}


def is_nvt(text: str | None) -> bool:
    """Whether a text says "niet van toepassing" ("N.v.t.", "n.v.t", "nvt")."""
    return text is not None and bool(_NVT_RE.match(text.strip()))


def clean_text(value: CellValue) -> str | None:
    """Text as typed, with line endings normalised and outer whitespace removed; None if empty."""
    if value is None or isinstance(value, bool):
        return None if value is None else ("WAAR" if value else "ONWAAR")
    if isinstance(value, (int, float)):
        text = format(decimal_from_cell(value), "f")
    else:
        text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    return text or None


def read_text(value: CellValue) -> str | None:
    return clean_text(value)


def shorten(text: str, limit: int = 80) -> str:
    """A value quoted in a message: a long one is cut ("99999…(5000 tekens)"), so the finding stays readable."""
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} tekens)"


# What no document can hold: lone surrogates (not even UTF-8 can encode them, so JSON output, the
# Word report and the overview all fail) and the non-characters U+FFFE and U+FFFF (no XML allows
# them). Excel stores them escaped (_xD800_). Control characters are not among them: Word's line
# and page break (VT, FF) arrive that way, and the writers know what to make of them.
_NOT_TEXT_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> tuple[str, int]:
    """`text` with every character that is not text replaced by U+FFFD, and how many there were.
    Why at reading: JSON, the Word report, the overview and the workbook writers all fail on them."""
    return _NOT_TEXT_RE.subn(REPLACEMENT, text)


def _is_number(value: CellValue) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: CellValue) -> str:
    """A value as a message shows it: a number beyond 15 digits in E-notation ("1E+308"), not 309 digits."""
    if _is_number(value):
        d = decimal_from_cell(value)  # type: ignore[arg-type]
        return format(d.normalize(), "E") if d.is_finite() and d.adjusted() >= 15 else (clean_text(value) or "")
    return clean_text(value) or ""


def _out_of_bounds(d: Decimal, limit: Decimal | int) -> bool:
    return not d.is_finite() or abs(d) >= limit


def _unreadable(value: CellValue, verwacht: str, d: Decimal, grens: str) -> Unreadable:
    return Unreadable(_shown(value), verwacht, GEEN_GETAL if not d.is_finite() else grens)


def read_money(value: CellValue) -> Bedrag | Unreadable | None:
    if _is_number(value):
        d = decimal_from_cell(value)  # type: ignore[arg-type]
    else:
        text = clean_text(value)
        if text is None:
            return None
        parsed = parse_bedrag_text(text)
        if parsed is None:
            return Unreadable(text, "bedrag")
        if parsed.euro is None:
            return parsed  # PM
        d = parsed.euro
    if _out_of_bounds(d, LIMITS.bedrag):
        return _unreadable(value, "bedrag", d, LIMITS.bedrag_text())
    return Bedrag(euro=d)


def read_count(value: CellValue) -> int | Unreadable | None:
    if _is_number(value):
        d = decimal_from_cell(value)  # type: ignore[arg-type]
        if _out_of_bounds(d, LIMITS.aantal):
            return _unreadable(value, "aantal", d, LIMITS.aantal_text())
        return int(d) if d == d.to_integral_value() else Unreadable(clean_text(value) or "", "aantal")
    text = clean_text(value)
    if text is None:
        return None
    if not re.fullmatch(r"-?\d+", text):
        return Unreadable(text, "aantal")
    if len(text.lstrip("-").lstrip("0")) > 15:  # before int(): Python refuses to convert 5,000 digits
        return Unreadable(text, "aantal", LIMITS.aantal_text())
    number = int(text)
    return number if abs(number) < LIMITS.aantal else Unreadable(text, "aantal", LIMITS.aantal_text())


def read_percentage(value: CellValue) -> Decimal | Unreadable | None:
    """A percentage as a fraction (0.75 for 75%). A bare number above 1 is read as points."""
    if _is_number(value):
        d = decimal_from_cell(value)  # type: ignore[arg-type]
        if not d.is_finite():
            return _unreadable(value, "percentage", d, "")
        fraction = d / 100 if d > 1 else d
    else:
        text = clean_text(value)
        if text is None:
            return None
        m = re.fullmatch(r"(-?\d+(?:[.,]\d+)?)\s*(%?)", text)
        if not m:
            return Unreadable(text, "percentage")
        d = Decimal(m.group(1).replace(",", "."))
        fraction = d / 100 if (m.group(2) or d > 1) else d
    if abs(fraction) > Decimal(LIMITS.procent) / 100:
        return Unreadable(_shown(value), "percentage", LIMITS.procent_text())
    return fraction


def format_percentage(fraction: Decimal) -> str:
    """A fraction the Dutch way: 0.78 -> "78%", 0.785 -> "78,5%" (and `read_percentage` reads it back)."""
    points = fraction * 100
    if points == points.to_integral_value():
        return f"{int(points)}%"
    return f"{points.normalize():f}".replace(".", ",") + "%"


_SCHOOLJAAR_RE = re.compile(r"(?<!\d)((?:19|20)?\d{2})\s*[-/–—]\s*((?:19|20)?\d{2})(?!\d)")


@lru_cache(maxsize=4096)  # the merge asks it of every board's year again for every row of its overview
def schooljaar_in(text: str) -> str | None:
    """The school year in a text, as "2023-2024": from "2023-2024", "2023/2024", "2023 – 24", "23-24"."""
    m = _SCHOOLJAAR_RE.search(text)
    if not m:
        return None
    first, second = m.groups()
    first = first if len(first) == 4 else f"20{first}"
    second = second if len(second) == 4 else f"{first[:2]}{second}"
    return f"{first}-{second}"


def read_yesno(value: CellValue) -> bool | Unreadable | None:
    if isinstance(value, bool):
        return value
    text = clean_text(value)
    if text is None:
        return None
    key = text.lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return Unreadable(text, "Ja of Nee")


def read_regions(values: list[CellValue], codes: tuple[str, ...]) -> tuple[str, ...] | Unreadable | None:
    """Three Ja/Nee cells, one per region, into the ticked region codes."""
    if all(clean_text(v) is None for v in values):
        return None
    ticked = []
    for code, v in zip(codes, values):
        yn = read_yesno(v)
        if isinstance(yn, Unreadable):
            return Unreadable(f"{code}: {yn.tekst}", "Ja of Nee per regio")
        if yn:
            ticked.append(code)
    return tuple(ticked)


def read_indicators(values: list[CellValue]) -> Indicatoren | Unreadable | None:
    """Indicator-number cells ("6", "7", or "6,7" typed in one cell) into the chosen numbers."""
    texts = [t for t in (clean_text(v) for v in values) if t is not None]
    if not texts:
        return None
    if any(is_nvt(t) for t in texts):
        return Indicatoren(nvt=True) if all(is_nvt(t) for t in texts) else Unreadable(", ".join(texts), "indicatornummers")
    numbers: list[int] = []
    for t in texts:
        if not re.fullmatch(r"[\d\s,;/&en.+-]+", t) or not re.search(r"\d", t):
            return Unreadable(", ".join(texts), "indicatornummers")
        numbers.extend(int(n) for n in re.findall(r"\d+", t))
    return Indicatoren(nummers=tuple(numbers))


READERS: dict[str, Callable[[CellValue], Any]] = {
    "text": read_text,
    "narrative": read_text,
    "schooljaar": read_text,
    "money": read_money,
    "count": read_count,
    "percentage": read_percentage,
    "yesno": read_yesno,
}


def is_empty(value: Any) -> bool:
    """Empty as the workbook's live checks count it: nothing typed (all regions "Nee" counts too)."""
    return value is None or value == ()
