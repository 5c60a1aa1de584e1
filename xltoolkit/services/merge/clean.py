"""Defence in depth: every value a board's file brings into the overview must be writable.

The reader turns what a cell holds into typed values, and a hostile or damaged file can still
yield values no workbook can hold: a text with a lone surrogate (`_xD800_` in the XML), an
amount of 5,000 digits, a count of 1e30, infinity. One such value used to stop the whole merge
(xlsxwriter refuses NaN/INF and surrogates, exact sums overflow their precision), costing the
SWV every other board. So right after reading, and before validation and reconciliation use
them, each value is checked here:

- a text keeps all it can: each character that cannot be stored (a surrogate, U+FFFE, U+FFFF)
  becomes the replacement character, and the board is still in the overview (M015);
- a number must be finite and have at most 15 digits before the decimal point (what Excel
  keeps); otherwise it becomes unreadable text, shown as such and counted nowhere (M016), so
  reconciliation calls its region "Onbepaald" instead of adding up a wrong figure.

Each change is a finding at the cell, in `source.findings` (so the board's validation counts it)
and on the Problemen sheet. `writable_text` and `writable_number` are also the overview
writer's last line: whatever slips through is written blank or with the replacement character,
never as an exception.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from xltoolkit.findings import Finding, make
from xltoolkit.io.formulas import column_name
from xltoolkit.io.xlsx import ref_to_rowcol, rowcol_to_ref
from xltoolkit.model.money import Bedrag
from xltoolkit.model.submission import Aanwendingsregel, CellRef, Submission
from xltoolkit.model.values import Unreadable
from xltoolkit.spec import TemplateSpec

MAX_DIGITS = 15  # digits Excel keeps; a larger number cannot be shown as typed
MAX_NUMBER = Decimal(10) ** MAX_DIGITS
REPLACEMENT = "\ufffd"
_INVALID_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Values the overview does not hold as typed: replaced here (M015/M016), or already by the reader
# (L026 damaged cell, L027 characters replaced, L028 value out of bounds). Each is a Problemen row.
VALUE_CODES = frozenset({"M015", "M016", "L026", "L027", "L028"})


def writable_text(text: str) -> str:
    """`text` with every character an .xlsx (XML, UTF-8) cannot hold replaced by U+FFFD."""
    if text.isascii():  # nearly every text, and none of them holds such a character
        return text
    return _INVALID_RE.sub(REPLACEMENT, text)


def writable_number(value: float | Decimal) -> float | None:
    """The number as Excel stores it, or None when it is not finite or too large to show."""
    d = Decimal(value)  # exact for int and float; infinity and NaN stay what they are
    if not d.is_finite() or abs(d) >= MAX_NUMBER:
        return None
    return float(d)


def writable_finding(f: Finding) -> Finding:
    """A finding whose message quotes something read (a version, a text) in writable form."""
    message = writable_text(f.message)
    return f if message == f.message else replace(f, message=message)


def make_writable_values(sub: Submission, spec: TemplateSpec, file: str) -> list[Finding]:
    """Replace, in place, every value of `sub` the overview cannot hold; one finding per value
    (also added to `sub.source.findings`). Returns those findings."""
    found: list[Finding] = []
    for f in spec.fields:
        ref = sub.source.cells.get(f.id) or CellRef(spec.section(f.section).sheet, "", f.id)
        value, finding = _check(sub.values.get(f.id), ref, f.label, file)
        if finding is not None:
            sub.values[f.id] = value
            found.append(finding)
    lines = []
    for i, line in enumerate(sub.aanwending):
        values = dict(line.values)
        for col in spec.columns:
            ref = _line_ref(sub, i, col.id, spec)
            value, finding = _check(values.get(col.id), ref, f"Aanwending regel {i + 1}: {col.label}", file)
            if finding is not None:
                values[col.id] = value
                found.append(finding)
        lines.append(Aanwendingsregel(values))
    sub.aanwending = tuple(lines)
    if sub.source.template_version is not None:
        sub.source.template_version = writable_text(sub.source.template_version)
    # Messages quote what was read (a version, a text): they go into the overview and the JSON too.
    sub.source.findings[:] = [writable_finding(f) for f in sub.source.findings] + found
    return found


def _check(value: Any, ref: CellRef, label: str, file: str) -> tuple[Any, Finding | None]:
    """(the writable value, the finding) when `value` had to change; (value, None) otherwise."""
    where = {"sheet": ref.sheet or None, "cell": ref.cell or None, "field": ref.name, "bestand": file, "label": label}
    if isinstance(value, str):
        return _check_text(value, where)
    if isinstance(value, Unreadable):
        clean, finding = _check_text(value.tekst, where)
        return (Unreadable(clean, value.verwacht) if finding else value), finding
    if isinstance(value, tuple):
        texts = [_check_text(v, where) if isinstance(v, str) else (v, None) for v in value]
        bad = next((f for _, f in texts if f is not None), None)
        return (tuple(v for v, _ in texts) if bad else value), bad
    number, verwacht = _number(value)
    if number is None or writable_number(number) is not None:
        return value, None
    shown = short_number(number)
    return Unreadable(shown, verwacht), make("M016", **where, waarde=shown, cijfers=MAX_DIGITS)


def _check_text(text: str, where: dict[str, Any]) -> tuple[str, Finding | None]:
    bad = _INVALID_RE.search(text)
    if bad is None:
        return text, None
    return writable_text(text), make("M015", **where, voorbeeld=f"_x{ord(bad.group()):04X}_", vervanging=REPLACEMENT)


def _number(value: Any) -> tuple[int | float | Decimal | None, str]:
    """The number inside a value, and what the field wanted (for `Unreadable`)."""
    if isinstance(value, Bedrag):
        return value.euro, "bedrag"
    if isinstance(value, bool):
        return None, ""
    if isinstance(value, int):
        return value, "aantal"
    if isinstance(value, Decimal):
        return value, "percentage"  # the only field type read as a Decimal
    if isinstance(value, float):
        return value, "getal"
    return None, ""


def short_number(value: float | Decimal) -> str:
    """A number too large to show, short: "1E+30", "-1E+308", "oneindig", "geen getal"."""
    d = Decimal(value)
    if d.is_nan():
        return "geen getal (NaN)"
    if d.is_infinite():
        return "min oneindig (te klein om te lezen)" if d < 0 else "oneindig (te groot om te lezen)"
    mantissa, exponent = f"{d:.3E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".").replace(".", ",")
    return f"{mantissa}E{exponent}"


def _line_ref(sub: Submission, index: int, column: str, spec: TemplateSpec) -> CellRef:
    """The cell of `column` in aanwending line `index`, as far as the file says where it is."""
    name = column_name(column)
    rows = sub.source.aanwending_rows
    if index >= len(rows):
        return CellRef(spec.middelen_section.sheet, "", name)
    first, target = rows[index], sub.source.names.get(name)
    if target is None:
        return CellRef(first.sheet, first.cell, name)
    return CellRef(first.sheet, rowcol_to_ref(ref_to_rowcol(first.cell)[0], ref_to_rowcol(target.cell)[1]), name)
