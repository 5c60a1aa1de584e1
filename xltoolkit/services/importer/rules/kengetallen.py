"""Label-value fields (kengetallen): a label with its value, or a count stated once in the
prose of its section ("naar het SO 12 leerlingen"), or "niet herkend" when it is said but unreadable."""

from __future__ import annotations

from xltoolkit.findings import make
from xltoolkit.model.values import READERS
from xltoolkit.services.importer.figures import read_figure
from xltoolkit.services.importer.lines import Line
from xltoolkit.services.importer.log import EMPTY
from xltoolkit.services.importer.rules import gegevens
from xltoolkit.services.importer.state import Hit, State


def figures_from_prose(st: State) -> None:
    """A count kengetal without its label: read from the prose of its section when it is
    said there once in digits; mentioned but not readable: "niet herkend"."""
    for f in st.spec.fields:
        if not (f.kengetal and f.type == "count") or f.id in st.origin:
            continue
        for text_field in st.spec.section_of(f.id).fields:
            text = st.values.get(text_field.id)
            if text_field.type != "narrative" or not isinstance(text, str):
                continue
            figure, unread = read_figure(f, text)
            where = st.origin.get(text_field.id, ("", "", ""))[2]
            if figure is not None:
                st.set_value(f.id, figure.value, f"in de tekst van '{text_field.label}': '{figure.text}'", where)
                st.report.findings.append(make("I072", field=f.id, label=f.label, waarde=figure.value, tekst=figure.text,
                                               plaats=where, sheet=st.sheet(f.id)))
                break
            if unread is not None:
                st.unread_figures[f.id] = (unread, where)
                break


def on_value(st: State, hit: Hit, line: Line) -> None:
    """A kengetal's label and its value (on the same line or the next)."""
    f = st.spec.field(hit.anchor.key)
    rest = hit.rest or gegevens.next_value_line(st)
    if not rest:
        st.note(f.id, EMPTY, f"label '{f.label}'", line.where)
        return
    value = READERS[f.type](rest)
    st.set_value(f.id, value, f"label '{f.label}'", line.where)
