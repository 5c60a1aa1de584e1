"""Headings and labels of the spec at the start of a line (a part, a section, a field), whether
such words are really a heading here and not a sentence, and what starts after one."""

from __future__ import annotations

from xltoolkit.findings import make
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.match import separator_follows, tokens, words
from xltoolkit.services.importer.rules import template
from xltoolkit.services.importer.state import Hit, MiddelenTable, State
from xltoolkit.spec import Field


def accept(st: State, hit: Hit, line: Line) -> bool:
    """A heading of a field that already has its text, seen again in passing, is just text."""
    a = hit.anchor
    if a.kind == "header" and st.values.get(a.key) is not None:
        return False
    if a.kind in ("header", "group") and st.zone != "preamble":
        return len(hit.rest) <= 150 and separator_follows(line.text, tokens(line.text), len(a.words) or 1)
    if a.kind == "field":
        has_text = bool(st.buckets.get(a.key))
        if has_text and (st.target == ("field", a.key) or not hit.whole):
            return False
    return True


def on_part(st: State, hit: Hit, line: Line) -> None:
    """A part's heading: left out; its intro may follow."""
    st.skip(line, "kop")
    st.target, st.process = None, None
    part = st.spec.part(hit.anchor.key)
    if part.intro:
        st.pending = template.fixed_blocks_of(st, part.intro)


def on_subtitle(st: State, hit: Hit, line: Line) -> None:
    st.skip(line, "kop")


def on_section(st: State, hit: Hit, line: Line) -> None:
    """A section's heading: what follows is its text, its funding table, or the first of its
    narrative fields."""
    section = st.spec.section(hit.anchor.key)
    st.skip(line, "kop")
    st.pending = [(section.id, words(t)) for t in section.intro]
    if section.part == st.spec.parts[0].id:
        return
    if section.kind == "funding":
        st.middelen = st.middelen or MiddelenTable()
        st.target = ("funding", section.id)
        if section.intro_text:
            st.pending += template.fixed_blocks_of(st, section.intro_text)
        return
    if section.kind == "process":
        st.process = section.id
        st.process_headed.add(section.id)
    narratives = [f for f in section.fields if f.type == "narrative"]
    if section.kind == "fields" and len(narratives) == 1:
        start_field(st, narratives[0], f"kop '{line.text}'", line, hit.rest)
        return
    st.target = ("section", section.id)
    st.bucket_how.setdefault(f"section:{section.id}", (line.text, line.where))
    if hit.rest:
        st.content(line, hit.rest)


def on_field(st: State, hit: Hit, line: Line) -> None:
    """A field's label: what follows (on the line and after) is the field's text."""
    f = st.spec.field(hit.anchor.key)
    start_field(st, f, f"label '{hit.anchor.label}'" if hit.whole else f"label '{hit.anchor.label}' met de tekst erachter", line, hit.rest)


def start_field(st: State, f: Field, how: str, line: Line, rest: str) -> None:
    """Content goes to field `f` from here on; a field found twice is a finding (I015)."""
    st.used()
    if st.buckets.get(f.id):
        st.report.findings.append(make("I015", field=f.id, label=f.label, plaats=line.where, sheet=st.sheet(f.id)))
    st.buckets.setdefault(f.id, [])
    st.bucket_how.setdefault(f.id, (how, line.where))
    st.target = ("field", f.id)
    if f.intro:
        st.pending.append((f.id, words(f.intro)))
    if rest:
        st.content(line, rest)
