"""Plain text (.txt): what Word's "Opslaan als tekst" or a PDF-to-text tool makes of a report.

Each physical line is a `Line`; blank lines are counted, not kept; a form feed is a page break.
A line with tab stops between words is a table row (Word writes table cells tab-separated).
A list item as Word saves it ("\uf0b7<tab>text", "o<tab>text", "§<tab>text") is a line "• text" of
its own, also when a converter glued several items into one line.
The text is decoded as UTF-8 and, failing that, as Windows-1252 (what older Word saves).
"""

from __future__ import annotations

import re
from pathlib import Path

from xltoolkit.findings import Finding
from xltoolkit.services.importer.lines import BULLET, Line, Source, clean, left_out, split_bullets

_TAB_CELLS = re.compile(r"\S\t+\S")
# The bullet of a list item in Word's "Opslaan als tekst" (Courier "o", Wingdings "§" in ANSI, "·").
_TXT_BULLET = re.compile(r"^[o§·▪](?:\t+| {2,})(?=\S)")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_txt(path: Path) -> Source:
    findings: list[Finding] = []
    return Source(str(path), "txt", text_lines(decode(path.read_bytes()), findings), "regel", findings)


def text_lines(text: str, findings: list[Finding] | None = None) -> list[Line]:
    """The text's lines; what `clean` leaves out is named in `findings` when given."""
    lines: list[Line] = []
    blanks, page_break = 0, False
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            page_break = True
            raw = raw.replace("\f", " ")
        stripped = _TXT_BULLET.sub(f"{BULLET} ", raw.strip())
        if findings is not None:
            findings.extend(left_out(stripped, f"regel {no}"))
        if not clean(stripped):
            blanks += 1
            continue
        for part in split_bullets(stripped):
            cells = None
            if _TAB_CELLS.search(part):
                cells = tuple(clean(c) for c in part.split("\t"))
            lines.append(Line(no, clean(part), f"regel {no}", blanks, cells, page_break_before=page_break,
                              tabbed=cells is not None))
            blanks, page_break = 0, False
    return lines
