"""Step 3 of the pipeline: from the lines of a report to the texts and values of its fields.

One pass over the lines, in order. A line is, in this order of trying: page noise
(`rules/noise.py`), part of a repeated indicator list, the intro or fixed text that follows a
heading (`rules/template.py`), a heading or label of the spec (`rules/headings.py`; then what
follows it belongs to that field), fixed text of the format, or content of the field whose
heading came last (`rules/text.py`). Text under no heading goes to Extra informatie. Sections
may come in any order or be missing; headings may differ in case, spacing, punctuation,
numbering and a typing error. Every decision is written to the state's `ImportReport`.
"""

from __future__ import annotations

from collections.abc import Callable

from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.rules import gegevens, headings, kengetallen, lookup, middelen, noise, proces, template, text
from xltoolkit.services.importer.state import Hit, State

_BODY_KINDS = ("part", "section", "field", "process", "regeling", "value")

# The rule that takes a heading or label of each kind of anchor.
HANDLERS: dict[str, Callable[[State, Hit, Line], None]] = {
    "part": headings.on_part,
    "subtitle": headings.on_subtitle,
    "section": headings.on_section,
    "field": headings.on_field,
    "fixed_title": template.on_fixed_title,
    "header": gegevens.on_header,
    "group": gegevens.on_group,
    "value": kengetallen.on_value,
    "process": proces.on_process,
    "regeling": middelen.on_regeling,
}


def recognise(st: State) -> State:
    """Read every line once, top to bottom; the state then holds what each line became."""
    st.sink = text.content
    while st.i < len(st.lines):
        step(st, st.lines[st.i])
    return st


def step(st: State, line: Line) -> None:
    """Decide what line `st.i` is, and advance past it (or past the lines it starts)."""
    i = st.i
    if st.target and st.target[0] == "nummers" and proces.take_nummers_line(st, st.target[1], line):
        st.i += 1
        return
    reason = noise.layout_reason(st, i, line)
    if reason:
        st.skip(line, reason)
        st.i += 1
    elif i in st.runs:
        st.skip_range(i, st.runs[i], "indicatorlijst")
        st.i = st.runs[i]
    elif st.pending and template.consume_intro(st):
        return
    elif not heading(st, i, line):
        text_line(st, i, line)


def heading(st: State, i: int, line: Line) -> bool:
    """A heading or label of the spec (unless its words are really fixed text)."""
    hit = lookup.anchor(st, line)
    if hit is None or not headings.accept(st, hit, line):
        return False
    fixed_end = template.fixed_instead(st, i, hit)
    if fixed_end:
        st.skip_range(i, fixed_end, "vaste tekst")
        st.i = fixed_end
        return True
    st.pending = []
    on_hit(st, hit, line)
    st.i += 1
    return True


def text_line(st: State, i: int, line: Line) -> None:
    """Fixed text before part A or anywhere as a whole paragraph; otherwise content."""
    if st.zone == "preamble":
        template.preamble_line(st, line)
        st.i += 1
        return
    end = template.fixed_run(st, i)
    if end:
        st.skip_range(i, end, "vaste tekst")
        st.i = end
        return
    st.pending = []
    st.content(line, line.text)
    st.i += 1


def on_hit(st: State, hit: Hit, line: Line) -> None:
    """A heading or label: it opens the body (past part A's own sections) and goes to its rule."""
    a = hit.anchor
    if a.kind in _BODY_KINDS and not (a.kind == "section" and st.spec.section(a.key).part == st.spec.parts[0].id):
        st.zone = "body"
    if a.kind not in ("fixed_title", "subtitle"):
        st.recognised += 1
    HANDLERS[a.kind](st, hit, line)
