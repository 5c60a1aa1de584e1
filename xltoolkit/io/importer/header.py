"""The header of the report: BESTUUR, NAMENS BESTUUR (naam, functie), SCHOOLJAAR, SCHOLEN IN SWV.

Values are taken as written, only trimmed of the punctuation a form leaves ("Stichting X ,").
A school year is normalised to JJJJ-JJJJ ("2023/2024", "2023 – 24"). Regions are read from
tick boxes ("☒ PO3104 ☐ PO3105", "[x]", "X", "PO3104: Ja"); a line that lists every region
without any box says nothing (the boxes were lost when the text was extracted) and the caller
falls back to the funding table.
"""

from __future__ import annotations

import re

from xltoolkit.io.importer.anchors import Group
from xltoolkit.io.importer.match import prefix_len, rest_after, tokens, words
from xltoolkit.model.values import Onleesbaar, read_yesno, schooljaar_in
from xltoolkit.spec import Region, TemplateSpec

TICKED = "☒☑✓✔✗✘■⊠⌧"
UNTICKED = "☐□○◻❏❑"
_BOX = re.compile(rf"\[\s*[xX✓]\s*\]|\(\s*[xX]\s*\)|[{TICKED}]|\[\s*\]|\(\s*\)|[{UNTICKED}]|(?<!\w)[xX](?!\w)|\b(?:ja|nee)\b", re.IGNORECASE)
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


def yesno(rest: str) -> bool | Onleesbaar | None:
    """Ja/Nee as typed, or as tick boxes: "☒ Ja ☐ Nee"."""
    boxes = [(m.group(), m.end()) for m in re.finditer(rf"[{TICKED}{UNTICKED}]|\[\s*[xX]?\s*\]", rest)]
    if boxes:
        for glyph, end in boxes:
            if _is_ticked(glyph):
                word = re.match(r"\s*(\w+)", rest[end:])
                return read_yesno(word.group(1)) if word else None
        return None
    value = text_value(rest)
    return read_yesno(value) if value else None


def regions(text: str, spec: TemplateSpec) -> tuple[tuple[str, ...], str] | None:
    """The ticked regions on a "SCHOLEN IN SWV" line and how they were read, or None if it says nothing."""
    spots = _region_spots(text, spec.regions)
    if not spots:
        return None
    boxes = [(m.start(), m.end(), m.group()) for m in _BOX.finditer(text) if not _inside(m.start(), spots)]
    if boxes:
        ticked = _ticked_by_boxes(spots, boxes)
        if ticked is not None:
            return ticked, "aangevinkte vakjes"
    listed = tuple(code for _, _, code in spots)
    if len(set(listed)) == len(spec.regions):
        return None  # every region listed, no box to see: the ticks were lost
    return tuple(dict.fromkeys(listed)), "de genoemde regio's"


def _region_spots(text: str, regions: tuple[Region, ...]) -> list[tuple[int, int, str]]:
    spots = []
    for r in regions:
        code = re.compile(rf"{r.code[:2]}\s?{r.code[2:]}", re.IGNORECASE)
        name = re.compile(r"[\s\-–]*".join(re.escape(w) for w in re.split(r"[\s\-–]+", r.name)), re.IGNORECASE)
        hits = [(m.start(), m.end()) for m in code.finditer(text)] + [(m.start(), m.end()) for m in name.finditer(text)]
        hits.sort()
        merged: list[tuple[int, int]] = []
        for s, e in hits:  # "PO3104 (Westelijke Mijnstreek)" is one mention
            if merged and s - merged[-1][1] <= 3:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        spots.extend((s, e, r.code) for s, e in merged)
    return sorted(spots)


def _inside(pos: int, spots: list[tuple[int, int, str]]) -> bool:
    return any(s <= pos < e + 1 for s, e, _ in spots)


def _ticked_by_boxes(spots, boxes) -> tuple[str, ...] | None:
    """Each region takes the box right before it; if the boxes come after the regions, the one after."""
    before = boxes[0][0] < spots[0][0]
    ticked = []
    for k, (start, end, code) in enumerate(spots):
        if before:
            lo = spots[k - 1][1] if k else -1
            mine = [b for b in boxes if lo <= b[0] < start]
            box = mine[-1] if mine else None
        else:
            hi = spots[k + 1][0] if k + 1 < len(spots) else 10**9
            mine = [b for b in boxes if end <= b[0] < hi]
            box = mine[0] if mine else None
        if box is None:
            return None
        if _is_ticked(box[2]):
            ticked.append(code)
    return tuple(dict.fromkeys(ticked))


def _is_ticked(glyph: str) -> bool:
    g = glyph.strip().lower()
    return any(c in g for c in TICKED) or "x" in g or "✓" in g or g == "ja"
