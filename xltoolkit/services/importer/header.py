"""The header of the report: BESTUUR, NAMENS BESTUUR (naam, functie), SCHOOLJAAR, SCHOLEN IN SWV.

Values are taken as written, only trimmed of the punctuation a form leaves ("Stichting X ,").
A school year is normalised to JJJJ-JJJJ ("2023/2024", "2023 – 24"). The regions of SCHOLEN IN
SWV are read from its tick boxes by `vakjes.regions`.
"""

from __future__ import annotations

import re

from xltoolkit.model.values import Unreadable, read_yesno, schooljaar_in
from xltoolkit.services.importer.anchors import Group
from xltoolkit.services.importer.checkboxes import TICKED, UNTICKED, is_ticked
from xltoolkit.services.importer.match import prefix_len, rest_after, tokens, words

_TRIM = " \t,;:.-–—|"


def text_value(rest: str) -> str | None:
    value = rest.strip().strip(_TRIM).strip()
    return value or None


def schooljaar(rest: str) -> str | None:
    """"2023-2024" from "2023-2024", "2023/2024", "2023 – 24"; the text as written otherwise."""
    return schooljaar_in(rest) or text_value(rest)


def group_values(rest: str, group: Group) -> dict[str, str]:
    """"Mehmet Demirbas , dagelijks bestuurder (naam ,functie)" into naam and functie.

    A trailing hint that only repeats the part names is dropped; "naam: X, functie: Y" is read
    per part; otherwise the parts are split at the first comma (or " - ", or a parenthesis).
    """
    names = [words(p) for p, _ in group.parts]
    hint = re.search(r"\(([^()]*)\)\s*$", rest)
    if hint and words(hint.group(1)) and set(words(hint.group(1))) <= {w for n in names for w in n}:
        rest = rest[: hint.start()]
    labelled = _labelled_parts(rest, group)
    if labelled:
        return labelled
    pieces = _split_parts(rest, len(group.parts))
    return {fid: v for (_, fid), v in zip(group.parts, pieces) if v}


def _labelled_parts(rest: str, group: Group) -> dict[str, str]:
    spots = []
    for part, fid in group.parts:
        m = re.search(rf"(?<!\w){re.escape(part)}\s*:", rest, re.IGNORECASE)
        if m:
            spots.append((m.start(), m.end(), fid))
    if not spots:
        return {}
    spots.sort()
    out = {}
    for k, (_, end, fid) in enumerate(spots):
        stop = spots[k + 1][0] if k + 1 < len(spots) else len(rest)
        value = text_value(rest[end:stop])
        if value:
            out[fid] = value
    return out


def _split_parts(rest: str, n: int) -> list[str | None]:
    rest = rest.strip().strip(_TRIM)
    if n == 1 or not rest:
        return [text_value(rest)]
    for sep in (r"\s*,\s*", r"\s+[-–—]\s+", r"\s*;\s*"):
        parts = re.split(sep, rest, maxsplit=n - 1)
        if len(parts) == n:
            return [text_value(p) for p in parts]
    m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", rest)
    if m and n == 2:
        return [text_value(m.group(1)), text_value(m.group(2))]
    return [text_value(rest)] + [None] * (n - 1)


def part_line(text: str, group: Group) -> tuple[str, str] | None:
    """A line "naam: X" / "Functie: Y" that fills one part of a group on its own."""
    toks = tokens(text)
    for part, fid in group.parts:
        n = prefix_len([t.norm for t in toks], words(part))
        if n and re.match(r"^\s*:", text[toks[n - 1].end :]):
            value = text_value(rest_after(text, toks, n)[1])
            if value:
                return fid, value
    return None


def yesno(rest: str) -> bool | Unreadable | None:
    """Ja/Nee as typed, or as tick boxes: "☒ Ja ☐ Nee"."""
    boxes = [(m.group(), m.end()) for m in re.finditer(rf"[{TICKED}{UNTICKED}]|\[\s*[xX]?\s*\]", rest)]
    if boxes:
        for glyph, end in boxes:
            if is_ticked(glyph):
                word = re.match(r"\s*(\w+)", rest[end:])
                return read_yesno(word.group(1)) if word else None
        return None
    value = text_value(rest)
    return read_yesno(value) if value else None


