"""Plain text (.txt): what Word's "Opslaan als tekst" or a PDF-to-text tool makes of a report.

Each physical line is a `Line`; blank lines are counted, not kept; a form feed is a page break.
A line with tab stops between words is a table row (Word writes table cells tab-separated).
The text is decoded as UTF-8 and, failing that, as Windows-1252 (what older Word saves).
"""

from __future__ import annotations

import re
from pathlib import Path

from xltoolkit.io.importer.lines import Line, Source, clean

_TAB_CELLS = re.compile(r"\S\t+\S")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_txt(path: Path) -> Source:
    return Source(str(path), "txt", text_lines(decode(path.read_bytes())), "regel")


def text_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blanks, page_break = 0, False
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if "\f" in raw:
            page_break = True
            raw = raw.replace("\f", " ")
        stripped = raw.strip()
        if not clean(stripped):
            blanks += 1
            continue
        cells = None
        if _TAB_CELLS.search(stripped):
            cells = tuple(clean(c) for c in stripped.split("\t"))
        lines.append(Line(no, clean(stripped), f"regel {no}", blanks, cells, page_break_before=page_break,
                          tabbed=cells is not None))
        blanks, page_break = 0, False
    return lines
