"""Money: exact amounts (Decimal, never float sums), Dutch notation in and out.

Boards type amounts as text the Dutch way: "€ 81.739,-", "132.380,00", "1.631.099", "PM".
The dot groups thousands and the comma is the decimal separator. `parse_bedrag` understands that
(and plain numbers from a cell); `format_bedrag` shows an amount back the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

_PM_RE = re.compile(r"^(?:€\s*)?p\.?\s*m\.?$", re.IGNORECASE)
_STRIP_RE = re.compile(r"(?:€|eur(?:o)?\b|\s|\u00a0|\u202f)", re.IGNORECASE)
_DUTCH_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d*)?$|^\d+(?:,\d*)?$")
_ENGLISH_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$|^\d+\.\d{1,2}$")


@dataclass(frozen=True)
class Bedrag:
    """An amount in euro, or PM (pro memorie: no amount, explained in text).

    `euro` is exact as typed (a Decimal); it may have more than two decimals, which validation
    reports rather than silently rounding.
    """

    euro: Decimal | None = None
    pm: bool = False

    def __post_init__(self) -> None:
        if self.pm == (self.euro is not None):
            raise ValueError("een Bedrag is óf een bedrag óf PM")

    @classmethod
    def of(cls, value: str | int | Decimal) -> Bedrag:
        return cls(euro=Decimal(value))

    @property
    def cents(self) -> int | None:
        """Whole cents (rounded half up), or None for PM."""
        if self.euro is None:
            return None
        return int((self.euro / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def has_at_most_two_decimals(self) -> bool:
        return self.euro is None or self.euro == self.euro.quantize(CENT)

    def __str__(self) -> str:
        return format_bedrag(self)


PM = Bedrag(pm=True)


def parse_bedrag_text(text: str) -> Bedrag | None:
    """Read an amount typed as text; None when it cannot be read as money.

    Dutch notation first ("1.631.099", "132.380,00", "81.739,-"); an unambiguous English
    decimal ("1234.50") is accepted too because spreadsheets exported from other tools use it.
    """
    raw = text.strip()
    if _PM_RE.match(raw):
        return PM
    negative = False
    body = _STRIP_RE.sub("", raw)
    if body.startswith("-") or (body.startswith("(") and body.endswith(")")):
        negative, body = True, body.strip("-()")
    body = re.sub(r"[,.]-+$", "", body)  # "81.739,-" and "81.739,--"
    if not body:
        return None
    if _DUTCH_RE.match(body):
        number = body.replace(".", "").replace(",", ".")
    elif _ENGLISH_RE.match(body):
        number = body.replace(",", "")
    else:
        return None
    try:
        value = Decimal(number.rstrip(".") or "0")
    except InvalidOperation:
        return None
    return Bedrag(euro=-value if negative else value)


def decimal_from_cell(value: float | int) -> Decimal:
    """A number from a spreadsheet cell as the Decimal it was typed as (15 significant digits)."""
    if isinstance(value, bool):
        raise TypeError("boolean is geen getal")
    if isinstance(value, int):
        return Decimal(value)
    d = Decimal(repr(value))
    # Spreadsheet programs store 15 significant digits; drop float noise such as 0.30000000000000004.
    return Decimal(format(value, ".15g")) if len(d.as_tuple().digits) > 15 else d


def format_euro(amount: Decimal | int, *, cents: bool | None = None) -> str:
    """Dutch notation: "€ 1.043.575" for whole euros, "€ 132.380,50" otherwise.

    `cents=True` always shows two decimals, `False` never, `None` only when needed.
    """
    amount = Decimal(amount)
    show_cents = cents if cents is not None else amount != amount.to_integral_value()
    q = amount.quantize(CENT if show_cents else Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"€ {sign}{grouped}" + (f",{frac}" if show_cents else "")


def format_bedrag(b: Bedrag, *, cents: bool | None = None) -> str:
    return "€ PM" if b.pm else format_euro(b.euro, cents=cents)  # type: ignore[arg-type]


def machine_amount(amount: Decimal | int) -> str:
    """A decimal string for machine output (JSON): "81739.00"."""
    return f"{Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def cents_to_euro(cents: int) -> Decimal:
    return (Decimal(cents) * CENT).quantize(CENT)
