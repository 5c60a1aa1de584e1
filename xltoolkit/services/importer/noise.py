"""Page-break noise and repeated lists: lines that are layout, not content.

A PDF or Word export leaves page numbers, running headers, lone bullet glyphs and hyperlink
targets between the lines; the template itself repeats the indicator list under every part of
part B. These are recognised here so the recogniser can leave them out — and list them in the
import report, so nothing disappears unseen.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from xltoolkit.services.importer.anchors import Catalog
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.match import covers, numbering_end, words

_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:van|of|/)\s*\d{1,3})?$", re.IGNORECASE
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_INDICATOR_LINE = re.compile(r"^\s*(\d{1,2})[.)]?\s+(.+)$")
_BOX = re.compile(r"^\s*(?:[☒☐☑✓✔■□]|\[[ xX]?\])\s*")
# A caption above a list of indicators ("Procesindicatoren 1 t/m 7 (☒ = gekozen)", "Indicatoren:").
_CAPTION = re.compile(r"indicator", re.IGNORECASE)


def is_page_number(line: Line, before: Line | None, after: Line | None) -> bool:
    """A lone page number ("3", "- 3 -", "Pagina 3 van 12") with a break around it."""
    if line.is_row or not _PAGE_NUMBER.match(line.text):
        return False
    isolated = line.blank_before > 0 or line.page_break_before or after is None or after.blank_before > 0
    return isolated or bool(re.search(r"[a-z]", line.text, re.IGNORECASE))


def is_glyph(line: Line) -> bool:
    """A lone bullet or arrow glyph left behind by a symbol font ("è", "Ø", "➢", "•")."""
    text = line.text.strip()
    return len(text) <= 2 and not any(c.isdigit() for c in text) and not re.fullmatch(r"[A-Za-z]{2}", text)


def is_url(line: Line) -> bool:
    return bool(_URL.match(line.text.strip()))


def running_headers(lines: list[Line], known: set[tuple[str, ...]]) -> set[int]:
    """Indexes of a running header or footer: the same line (three words or more) three or more
    times, each time (or nearly) at a page break — next to a page number or after a form feed.
    A sub-heading a board repeats in every section is not at page breaks and stays."""
    keyed = [(i, words(ln.text)) for i, ln in enumerate(lines) if not ln.is_row]  # each line's words once: a long
    counts = Counter(w for _, w in keyed)  # report repeats many lines, and looking each up again was quadratic
    repeated = {w for w, n in counts.items() if n >= 3 and len(w) >= 3 and len("".join(w)) >= 12 and w not in known}
    spots_of: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, w in keyed:
        if w in repeated:
            spots_of[w].append(i)
    out: set[int] = set()
    for spots in spots_of.values():
        at_break = [i for i in spots if _at_page_break(lines, i)]
        if len(at_break) * 3 >= len(spots) * 2:
            out.update(spots)
    return out


def _at_page_break(lines: list[Line], i: int) -> bool:
    if lines[i].page_break_before or (i + 1 < len(lines) and lines[i + 1].page_break_before):
        return True
    near = lines[max(0, i - 2) : i] + lines[i + 1 : i + 3]
    return any(not ln.is_row and _PAGE_NUMBER.match(ln.text) for ln in near)


def indicator_number(line: Line, catalog: Catalog) -> int | None:
    """The number of the indicator this line states ("6 Organisatie is toegerust op …"), or None.

    Word drops automatic list numbers from the text, so a line with only an indicator's exact
    wording counts too.
    """
    text = line.text
    text = text[numbering_end(text) :] if text[:1] in "•-–*➢Øè" else text
    text = _BOX.sub("", text)
    m = _INDICATOR_LINE.match(text)
    if m:
        n = int(m.group(1))
        want = catalog.indicators.get(n)
        got = words(m.group(2))
        if want and covers(got, want, 0) == len(want):
            return n
    got = words(text)
    matches = [n for n, want in catalog.indicators.items() if covers(got, want, 0) == len(want)]
    return matches[0] if matches else None


def _is_caption(line: Line) -> bool:
    return (not line.is_row and len(words(line.text)) <= 10 and bool(_CAPTION.search(line.text))
            and not line.text.rstrip().endswith("."))


def _numbered_start(line: Line, catalog: Catalog) -> tuple[int, int] | None:
    """A line that starts an indicator by its number and part of its words ("39 Ouders hebben
    … m.b.t." of a list wrapped at 72 columns): (number, words covered)."""
    m = _INDICATOR_LINE.match(_BOX.sub("", line.text))
    if not m or line.is_row:
        return None
    want = catalog.indicators.get(int(m.group(1)))
    got = words(m.group(2))
    if want and len(got) >= 3 and covers(got, want, 0) == len(got):
        return int(m.group(1)), len(got)
    return None


def _wrapped(lines: list[Line], numbers: list[int | None], catalog: Catalog) -> None:
    """Mark the lines of an indicator wrapped over several lines with the indicator's number."""
    i = 0
    while i < len(lines):
        start = _numbered_start(lines[i], catalog) if numbers[i] is None else None
        if start is None:
            i += 1
            continue
        n, pos = start
        want = catalog.indicators[n]
        j = i + 1
        while j < len(lines) and pos < len(want) and numbers[j] is None and not lines[j].is_row:
            c = covers(words(lines[j].text), want, pos)
            if not c:
                break
            pos, j = pos + c, j + 1
        if pos == len(want):
            numbers[i:j] = [n] * (j - i)
        i = max(j, i + 1)


def indicator_runs(lines: list[Line], catalog: Catalog) -> dict[int, int]:
    """Start index -> end index (exclusive) of each run of two or more indicator lines."""
    numbers = [indicator_number(ln, catalog) for ln in lines]
    _wrapped(lines, numbers, catalog)
    runs: dict[int, int] = {}
    i = 0
    while i < len(lines):
        if numbers[i] is None:
            i += 1
            continue
        j = i
        while j < len(lines) and numbers[j] is not None:
            j += 1
        if j - i >= 2:
            start = i - 1 if i and _is_caption(lines[i - 1]) else i
            runs[start] = j
        i = j
    return runs
