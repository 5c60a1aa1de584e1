"""Part "header" (Gegevens van het bestuur): BESTUUR, NAMENS BESTUUR, SCHOOLJAAR, SCHOLEN IN SWV
(the ticked regions on that line), the running footer made of these values, and what is derived
when the report does not say it: the regions from the money, and whether the board has SBO/SO
schools from the parts that only they fill in."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from xltoolkit.findings import make
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import Indicatoren, Unreadable, is_nvt
from xltoolkit.services.importer import checkboxes
from xltoolkit.services.importer import header as hdr
from xltoolkit.services.importer.lines import Line, is_placeholder
from xltoolkit.services.importer.log import DERIVED, EMPTY
from xltoolkit.services.importer.rules import lookup
from xltoolkit.services.importer.state import Hit, State
from xltoolkit.spec import Field, received_field_id


def next_value_line(st: State, accept: Callable[[str], bool] = lambda text: True) -> str:
    """The value of a label that stands alone: a short next line that is not a heading (and
    that `accept` takes); it is consumed."""
    j = st.i + 1
    if j >= len(st.lines):
        return ""
    nxt = st.lines[j]
    if len(nxt.text) > 80 or lookup.anchor(st, nxt) is not None or lookup.is_fixed_line(st, nxt) or not accept(nxt.text):
        return ""
    st.used()
    st.i = j
    return nxt.text


def on_header(st: State, hit: Hit, line: Line) -> None:
    """A header label (BESTUUR, SCHOOLJAAR, …) and its value, on the same line or the next."""
    f = st.spec.field(hit.anchor.key)
    rest = hit.rest
    if not rest and f.type != "regions":
        rest = next_value_line(st, _plausible_value(f))
    how = f"label '{f.label}'"
    value: str | bool | Unreadable | None
    if f.type == "regions":
        read_regions(st, rest, line)
        return
    if not rest or is_placeholder(rest):
        st.note(f.id, EMPTY, how, line.where)
        return
    if f.type == "schooljaar":
        value = hdr.schooljaar(rest)
    elif f.type == "yesno":
        value = hdr.yesno(rest)
    else:
        value = hdr.text_value(rest)
    if value is None:
        st.note(f.id, EMPTY, how, line.where)
    else:
        st.set_value(f.id, value, how, line.where)


def read_regions(st: State, rest: str, line: Line) -> None:
    """SCHOLEN IN SWV: the regions ticked (or named) on the line."""
    found = checkboxes.regions(rest, st.spec)
    st.header_regions_where = line.where
    if found is None:
        st.skip(line, "kop", line.text)
        return
    codes, how = found
    st.header_regions = found
    ordered = tuple(c for c in st.spec.region_codes if c in codes)
    f = next(f for f in st.spec.fields if f.type == "regions")
    st.set_value(f.id, ordered, f"label '{f.label}', {how}", line.where)


def on_group(st: State, hit: Hit, line: Line) -> None:
    """A label of several fields (NAMENS BESTUUR: naam, functie), on one line or one part per line."""
    group = next(g for g in st.cat.groups if g.label == hit.anchor.key)
    parts = hdr.group_values(hit.rest, group) if hit.rest else {}
    parts = {fid: v for fid, v in parts.items() if not is_placeholder(v)}
    j = st.i + 1
    while not parts and j < len(st.lines) and j <= st.i + len(group.parts):
        one = hdr.part_line(st.lines[j].text, group)
        if one is None:
            break
        parts[one[0]] = one[1]
        st.used()
        st.i = j
        j += 1
    for part, fid in group.parts:
        if fid in parts:
            st.set_value(fid, parts[fid], f"label '{group.label}', deel '{part}'", line.where)
        else:
            st.note(fid, EMPTY, f"label '{group.label}'", line.where)


def derive_regions(st: State) -> None:
    """No regions said: the regions with a received amount in the funding table, with a finding
    (I026)."""
    f = next(f for f in st.spec.fields if f.type == "regions")
    if st.values.get(f.id):
        return
    with_money = tuple(
        code for code in st.spec.region_codes
        if any(_has_money(st.values.get(received_field_id(g.id, code))) for g in st.spec.regelingen)
    )
    if not with_money:
        return
    st.values[f.id] = with_money
    table = st.spec.middelen_section.title
    received = [received_field_id(g.id, c) for g in st.spec.regelingen for c in st.spec.region_codes]
    places = {st.origin[fid][2] for fid in received if _has_money(st.values.get(fid))}
    how = f"{', '.join(with_money)}: de regio's met een ontvangen bedrag in de tabel '{table}'"
    st.origin[f.id] = (DERIVED, how, ", ".join(sorted(places)))
    waar = f" ({st.header_regions_where})" if st.header_regions_where else ""
    st.report.findings.append(make("I026", field=f.id, waar=waar, regios=", ".join(with_money), sheet=st.sheet(f.id)))


def derive_sbo_so(st: State) -> None:
    """SBO/SO not said: yes when a part only such boards fill in has content, no when all say n.v.t.
    (I013)."""
    f = next((f for f in st.spec.fields if f.type == "yesno" and st.spec.section_of(f.id).part == st.spec.parts[0].id), None)
    if f is None or st.values.get(f.id) is not None:
        return
    relevant = [x for x in st.spec.fields if x.relevance and x.type in ("narrative", "indicators")]
    said = [st.values.get(x.id) for x in relevant if st.values.get(x.id) is not None]
    if not said:
        return
    substantive = any(not _is_nvt_value(v) for v in said)
    st.values[f.id] = substantive
    names = ", ".join(sorted({st.spec.section_of(x.id).title for x in relevant}))
    answer = st.spec.lists.answer(substantive)
    how = f"{answer}: de onderdelen voor SBO/SO ({names}) zijn {'ingevuld' if substantive else 'n.v.t.'}"
    st.origin[f.id] = (DERIVED, how, "")
    st.report.findings.append(make("I013", field=f.id, label=f.label, hoe=how, sheet=st.sheet(f.id)))


def _plausible_value(f: Field) -> Callable[[str], bool]:
    """What may stand on the line after a header label: a school year must have a year in it."""
    if f.type == "schooljaar":
        return lambda text: re.search(r"\d{4}", text) is not None
    return lambda text: True


def _has_money(value: Any) -> bool:
    return isinstance(value, Bedrag) and (value.pm or (value.euro or 0) > 0)


def _is_nvt_value(value: Any) -> bool:
    if isinstance(value, Indicatoren):
        return value.nvt
    return isinstance(value, str) and is_nvt(value)
