"""Tick boxes ("vakjes"), in one place: how every form of a tick box becomes one character, and
what the ticks say.

- Readers turn each checkbox into "☒" (ticked) or "☐" (empty): Word content controls
  (`read_docx`, w14:checkbox), legacy form fields (`read_docx`, w:ffData/w:checkBox),
  symbol-font characters (`read_docx` w:sym and `lines.PRIVATE_SYMBOLS`), an HTML input in
  Markdown (`read_md.inline`), and the glyphs and "[x]" / "[ ]" in any text (`ticks`, here).
- `regions`: the ticked regions on a line such as "SCHOLEN IN SWV: ☒ PO3104 ☐ PO3105", with
  each region taking the box right before it (or right after it); a line that lists every
  region without any box says nothing (the boxes were lost when the text was extracted), and
  the caller falls back to the funding table.
- `header_ticks`: the regions ticked in the funding table's header row.
- `TICKED` / `UNTICKED` / `is_ticked`: what counts as a tick (also "X", "ja") for Ja/Nee boxes.
"""

from __future__ import annotations

import re

from xltoolkit.spec import Region, TemplateSpec

# Glyphs a tick box is written with, as ☒ / ☐.
_TICKED = str.maketrans(dict.fromkeys(map(ord, "☑✓✔⊠⌧🗹🗷"), "☒") | {ord("□"): "☐", ord("❏"): "☐", ord("❑"): "☐",
                                                                   ord("◻"): "☐"})
# A filled square is a bullet at the start of a list item, a tick next to a region code or Ja/Nee.
_SQUARE_BOX = re.compile(r"■(?=\s*(?:[A-Z]{2}\s?\d{4}\b|ja\b|nee\b))", re.IGNORECASE)
_BRACKETS = re.compile(r"\[\s*[xX✓✔]\s*\]|\[ +\]")
# What counts as a tick, or as an empty box, when the meaning of boxes is read.
TICKED = "☒☑✓✔✗✘■⊠⌧"
UNTICKED = "☐□○◻❏❑"
_BOX = re.compile(rf"\[\s*[xX✓]\s*\]|\(\s*[xX]\s*\)|[{TICKED}]|\[\s*\]|\(\s*\)|[{UNTICKED}]|(?<!\w)[xX](?!\w)|\b(?:ja|nee)\b", re.IGNORECASE)
# The two boxes every reader leaves.
BOXES = "☒☐"


def ticks(text: str) -> str:
    """Every tick box as ☒ (ticked) or ☐ (empty); see the module docstring."""
    text = text.translate(_TICKED)
    if "■" in text:
        text = _SQUARE_BOX.sub("☒", text)
    if "[" in text:
        text = _BRACKETS.sub(lambda m: "☐" if not m.group(0)[1:-1].strip() else "☒", text)
    return text


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


def header_ticks(text: str, spec: TemplateSpec) -> tuple[str, ...] | None:
    """The regions ticked in a header row, if it has tick boxes at all."""
    if not re.search(rf"[{BOXES}]", text):
        return None
    found = regions(text, spec)
    if found is None or found[1] != "aangevinkte vakjes":
        return None
    return found[0]


def strip_boxes(cell: str) -> str:
    """The cell's text without its tick boxes."""
    return re.sub(rf"[{BOXES}]", " ", cell).strip()


def _region_spots(text: str, regions: tuple[Region, ...]) -> list[tuple[int, int, str]]:
    spots: list[tuple[int, int, str]] = []
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
        if is_ticked(box[2]):
            ticked.append(code)
    return tuple(dict.fromkeys(ticked))


def is_ticked(glyph: str) -> bool:
    """Whether a box as written (a glyph, "[x]", "X", "ja") is ticked."""
    g = glyph.strip().lower()
    return any(c in g for c in TICKED) or "x" in g or "✓" in g or g == "ja"
