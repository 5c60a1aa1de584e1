"""The template's own texts: the fixed texts before part A, a fixed paragraph anywhere, the
intro the spec puts under a heading, and the fixed texts (with typos, reflowed) among the text
no field took — all left out and listed (vaste tekst, introductietekst, sjabloontekst), never
put into the board's fields or Extra informatie."""

from __future__ import annotations

import re

from xltoolkit.services.importer.anchors import fixed_text_blocks
from xltoolkit.services.importer.boilerplate import find_boilerplate
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.log import TEMPLATE_TEXT, Skipped
from xltoolkit.services.importer.match import covers, numbering_end, prefix_len, rest_after, tokens, words
from xltoolkit.services.importer.paragraphs import Piece
from xltoolkit.services.importer.rules import lookup, noise
from xltoolkit.services.importer.state import Hit, State

# A draft marking at the top ("CONCEPT — …", "CONCEPTVERSIE"): a state of last year's document, not content.
_CONCEPT = re.compile(r"^[\s*_>]*CONCEPT(?:VERSIE)?\b(?:\s*[-—–:]|\s*$)")


def preamble_line(st: State, line: Line) -> None:
    """Before part A: fixed text of the format is left out, anything else is kept as extra."""
    if lookup.is_fixed_line(st, line):
        st.skip(line, "vaste tekst")
    elif _CONCEPT.match(line.text):
        st.skip(line, "concept-markering")
    else:
        st.add_extra(line, line.text, "tekst vóór deel A die geen vaste tekst van het format is")


def fixed_instead(st: State, i: int, hit: Hit) -> int | None:
    """A heading's words that are really fixed text: the format's list "1. De basis op orde -
    Inbegrepen …" names sections too. Before part A a line of fixed text followed by more
    fixed text is fixed text; after it, only a fixed paragraph running over several lines."""
    if hit.anchor.kind in ("part", "subtitle", "fixed_title", "header", "group"):
        return None
    if st.zone == "preamble":
        if not lookup.is_fixed_line(st, st.lines[i]):
            return None
        j = i + 1
        while j < len(st.lines) and noise.is_noise(st, j):
            j += 1
        if j >= len(st.lines):
            return i + 1
        nxt = st.lines[j]
        nxt_hit = lookup.anchor(st, nxt)
        if lookup.is_fixed_line(st, nxt) or (nxt_hit is not None and nxt_hit.anchor.kind == "fixed_title"):
            return i + 1
        return None
    end = fixed_run(st, i)
    return end if end and end > i + 1 else None


def fixed_run(st: State, i: int) -> int | None:
    """A fixed paragraph of the format, over one or more whole lines, starting at line i."""
    first = words(st.lines[i].text[numbering_end(st.lines[i].text):])
    if not first:
        return None
    for _, block in st.cat.fixed_blocks:
        if len(block) < 4 or not covers(first, block, 0):
            continue
        p, j = 0, i
        while j < len(st.lines) and p < len(block):
            w = words(st.lines[j].text[numbering_end(st.lines[j].text):])
            c = covers(w, block, p)
            if not c:
                break
            p, j = p + c, j + 1
        if p == len(block) or p >= 8:
            return j
    return None


def consume_intro(st: State) -> bool:
    """The intro text the spec puts under the heading just read: left out if it is there."""
    for key, block in list(st.pending):
        p, j, rest = 0, st.i, None
        while j < len(st.lines) and p < len(block):
            line = st.lines[j]
            toks = tokens(line.text)
            norms = [t.norm for t in toks]
            c = covers(norms, block, p)
            if c:
                p, j = p + c, j + 1
                continue
            k = prefix_len(norms, block[p:])
            if k and p + len(block[p:]) == len(block):
                p, j = len(block), j + 1
                rest = rest_after(line.text, toks, k)[1]
            break
        if p == len(block) or (p >= 5 and p >= 0.5 * len(block)):
            st.pending.remove((key, block))
            st.skip_range(st.i, j, "introductietekst van het format")
            st.i = j
            if rest:
                st.content(st.lines[j - 1], rest)
            return True
    return False


def on_fixed_title(st: State, hit: Hit, line: Line) -> None:
    """A title of a fixed text: left out when its fixed text follows, else content."""
    if st.zone == "preamble":
        st.skip(line, "vaste tekst")
        return
    follows = st.i + 1 < len(st.lines) and fixed_run(st, st.i + 1)
    if follows:
        st.skip(line, "vaste tekst")
    else:
        st.content(line, line.text)


def fixed_blocks_of(st: State, key: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(key, w) for w in fixed_text_blocks(st.spec.fixed_texts[key])]


def drop_boilerplate(st: State) -> None:
    """Fixed texts of the template among the text no field took (with a typo, a split word,
    reflowed): listed as sjabloontekst, not put into Extra informatie."""
    entries = sorted(st.extra, key=lambda x: x[0])
    runs: list[list[tuple[int, str, Piece]]] = []
    for entry in entries:
        if runs and entry[0] - runs[-1][-1][0] <= 1:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    keep: list[tuple[int, str, Piece]] = []
    for run in runs:
        taken: set[int] = set()
        for found in find_boilerplate([p.text for _, _, p in run], st.cat.fixed_blocks):
            part = run[found.start:found.end]
            taken.update(range(found.start, found.end))
            where = st.src.where(part[0][2].line, part[-1][2].line)
            st.report.skipped.append(Skipped(where, TEMPLATE_TEXT, " / ".join(p.text for _, _, p in part)))
        keep.extend(e for k, e in enumerate(run) if k not in taken)
    st.extra = keep
