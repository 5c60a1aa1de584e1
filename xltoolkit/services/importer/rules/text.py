"""Where content goes: into the field or section whose heading came last, into the funding
table, or into Extra informatie (with the reason) — and the safety net that puts a line no rule
accounted for into Extra informatie rather than losing it."""

from __future__ import annotations

from xltoolkit.findings import make
from xltoolkit.services.importer.lines import Line, is_placeholder
from xltoolkit.services.importer.log import EXTRA, Moved
from xltoolkit.services.importer.paragraphs import Piece, join
from xltoolkit.services.importer.prepare import cell_lines
from xltoolkit.services.importer.rules import middelen, proces, template
from xltoolkit.services.importer.state import State


def content(st: State, line: Line, text: str) -> None:
    """A line's text (or the rest after a label) to where it belongs now: the current field or
    section, the funding table, or Extra informatie with the reason."""
    target = st.target
    if target and target[0] == "funding":
        middelen.middelen_content(st, target[1], line, text)
        return
    if line.is_row:
        for sub in cell_lines(line):
            content(st, sub, sub.text)
        return
    st.chosen = set()
    if target and target[0] in ("field", "section") and is_placeholder(text):
        st.skip(line, "lege plek ('niet ingevuld')", text)
        return
    if target is None:
        st.add_extra(line, text, "tekst zonder kop van het format")
    elif target[0] == "field":
        st.buckets.setdefault(target[1], []).append((st.i, Piece(line, text)))
        st.used()
    elif target[0] == "section":
        st.buckets.setdefault(f"section:{target[1]}", []).append((st.i, Piece(line, text)))
        st.used()
    elif target[0] == "extra":
        st.add_extra(line, text, target[1])
    elif target[0] == "nummers":
        st.target = ("field", proces.after_nummers(st, st.spec.field(target[1])).id)
        content(st, line, text)


def rescue_unaccounted(st: State) -> None:
    """A safety net: a line no rule accounted for goes to Extra informatie, never away."""
    for i, line in enumerate(st.lines):
        if i not in st.fate:
            st.report.unplaced.append(line.where)
            st.extra.append((i, "tekst die het importeren niet kon plaatsen", Piece(line, line.text)))


def place_section_text(st: State) -> None:
    """Text under a section heading before its first label: the section's first field if
    that has no label of its own in the report, else Extra informatie."""
    for key in [k for k in st.buckets if k.startswith("section:")]:
        pieces = st.buckets.pop(key)
        if not pieces:
            continue
        section = st.spec.section(key.removeprefix("section:"))
        heading, where = st.bucket_how.get(key, (section.title, ""))
        first = next((f for f in section.fields if f.type == "narrative"), None)
        if first is not None and not st.buckets.get(first.id):
            st.buckets[first.id] = pieces
            st.bucket_how[first.id] = (f"tekst onder de kop '{heading}' (eigen label niet gevonden)", where)
            st.report.findings.append(make("I017", field=first.id, label=first.label, sheet=section.sheet,
                                           kop=heading, plaats=st.src.where(pieces[0][1].line, pieces[-1][1].line)))
        else:
            for order, piece in pieces:
                st.extra.append((order, f"tekst onder de kop '{heading}' vóór het eerste veld", piece))


def build_extra(st: State) -> None:
    """Extra informatie: its own section's text and every text that belonged to no field."""
    template.drop_boilerplate(st)
    groups: list[tuple[int, str, list[Piece]]] = []
    own = st.buckets.get(EXTRA, [])
    if own:
        groups.append((own[0][0], "", [p for _, p in own]))
    for order, reason, piece in sorted(st.extra, key=lambda x: x[0]):
        if groups and groups[-1][1] == reason and reason:
            groups[-1][2].append(piece)
        else:
            groups.append((order, reason, [piece]))
    groups.sort(key=lambda g: g[0])
    texts = []
    for _, reason, pieces in groups:
        text = join(pieces, st.layout)
        if not text:
            continue
        texts.append(text)
        if reason:
            where = st.src.where(pieces[0].line, pieces[-1].line)
            st.report.extra.append(Moved(where, reason, text))
            st.report.findings.append(make("I014", field=EXTRA, plaats=where, reden=reason, sheet=st.sheet(EXTRA)))
    if texts:
        how = st.bucket_how.get(EXTRA, ("tekst die bij geen ander veld hoort", ""))[0]
        where = ", ".join(m.plaats for m in st.report.extra) or st.bucket_how.get(EXTRA, ("", ""))[1]
        st.set_value(EXTRA, "\n\n".join(texts), how, where)
