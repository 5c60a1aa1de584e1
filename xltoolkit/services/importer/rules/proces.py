"""Part B: the process sections. Their three labels are the same in every section, so the section
is the last heading seen — or, when that heading is missing, the next one in the spec's order.
The indicator numbers ("Tenminste één … als voorbeeld: 3, 5") are read here."""

from __future__ import annotations

import re
from typing import Any

from xltoolkit.findings import make
from xltoolkit.model.values import Indicatoren, Unreadable, read_indicators
from xltoolkit.services.importer.lines import Line, is_placeholder
from xltoolkit.services.importer.log import EMPTY
from xltoolkit.services.importer.rules import headings, lookup
from xltoolkit.services.importer.state import Hit, State
from xltoolkit.spec import Field, Section

_NUMMERS = re.compile(
    r"^\s*(?:indicator(?:en|s)?\s*:?\s*)?"
    r"(n\.?\s*v\.?\s*t\.?|\d{1,2}(?:\s*(?:,|;|/|&|\+|-|–|\ben\b|\band\b)\s*\d{1,2})*)"
    r"(?![\w])[\s.)]*(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def on_process(st: State, hit: Hit, line: Line) -> None:
    """One of part B's three labels, in the section it belongs to."""
    suffix, _, piece = hit.anchor.key.partition(":")
    proto = process_field(st, suffix)
    section = process_section_for(st, proto, line)
    f = st.spec.field(f"{section.id}_{suffix}")
    st.skip(line, "label", hit.anchor.label)
    if f.type != "indicators":
        headings.start_field(st, f, f"label '{f.label}' onder '{section.title}'", line, hit.rest)
        return
    if not hit.rest:  # the numbers may follow on the next line (or in the next table cell)
        st.target = ("nummers", f.id)
        st.bucket_how[f.id] = (f"label '{f.label}' onder '{section.title}'", line.where)
        return
    read_nummers(st, f, hit.rest, line)


def process_field(st: State, suffix: str) -> Field:
    proto = st.spec.process_sections[0]
    return st.spec.field(f"{proto.id}_{suffix}")


def process_section_for(st: State, proto: Field, line: Line) -> Section:
    """The part B section a label belongs to: the last heading, unless its heading is missing."""
    suffix = proto.id.removeprefix(f"{st.spec.process_sections[0].id}_")
    sections = list(st.spec.process_sections)
    current = st.spec.section(st.process) if st.process else None
    taken = current is not None and has_content(st, f"{current.id}_{suffix}")
    if current is not None and not taken:
        return current
    start = sections.index(current) + 1 if current is not None else 0
    free = [s for s in sections[start:] if s.id not in st.process_headed and not started(st, s)]
    if not free:
        return current or sections[0]
    chosen = free[0]
    reason = "het de eerstvolgende is" if current is not None else "het het eerste onderdeel van deel B is"
    st.report.findings.append(make("I016", field=f"{chosen.id}_{suffix}", onderdeel=chosen.title,
                                   plaats=line.where, reden=reason, sheet=chosen.sheet))
    st.process = chosen.id
    st.process_headed.add(chosen.id)
    return chosen


def started(st: State, section: Section) -> bool:
    return any(has_content(st, f.id) or f.id in st.values for f in section.fields)


def has_content(st: State, fid: str) -> bool:
    return bool(st.buckets.get(fid)) or st.values.get(fid) is not None


def take_nummers_line(st: State, fid: str, line: Line) -> bool:
    """After "Tenminste één … als voorbeeld:" the numbers of field `fid` may stand on the next line."""
    f = st.spec.field(fid)
    hit = lookup.anchor(st, line)
    if hit is not None and hit.anchor.kind == "process" and hit.anchor.key.endswith(":after"):
        read_nummers(st, f, hit.rest, line)
        return True
    m = _NUMMERS.match(line.text)
    if m and not m.group(2).strip():
        read_nummers(st, f, line.text, line)
        return True
    st.note(fid, EMPTY, st.bucket_how[fid][0], st.bucket_how[fid][1], mark=False)
    st.target = ("field", after_nummers(st, f).id)
    st.bucket_how.setdefault(st.target[1], (f"tekst na '{f.label}'", line.where))
    st.buckets.setdefault(st.target[1], [])
    return False


def read_nummers(st: State, f: Field, rest: str, line: Line) -> None:
    """The chosen indicator numbers; text after them is the uitwerking's; numbers out of range are a
    finding (I023)."""
    how = f"label '{f.label}'"
    uitwerking = after_nummers(st, f)
    st.target = ("field", uitwerking.id)
    st.buckets.setdefault(uitwerking.id, [])
    st.bucket_how.setdefault(uitwerking.id, (f"tekst na '{f.label}'", line.where))
    m = _NUMMERS.match(rest) if rest else None
    if not rest or is_placeholder(rest):
        st.note(f.id, EMPTY, how, line.where)
        return
    if m is None:
        if len(rest) < 40:
            st.set_value(f.id, Unreadable(rest, "indicatornummers"), how, line.where)
            van, tot = f.indicator_range or ("", "")
            st.report.findings.append(make("I022", field=f.id, label=f.label, plaats=line.where, tekst=rest,
                                           sheet=st.sheet(f.id), van=van, tot=tot))
        else:
            st.note(f.id, EMPTY, how, line.where)
            st.content(line, rest)
        return
    expr = m.group(1).replace("–", "-")
    value = read_indicators([re.sub(r"\b(en|and)\b|[&+]", ",", expr)])
    st.set_value(f.id, value, how, line.where)
    check_range(st, f, value, line)
    if isinstance(value, Indicatoren):
        st.chosen = set(value.nummers)
    if m.group(2).strip():
        st.content(line, m.group(2).strip())


def after_nummers(st: State, f: Field) -> Field:
    """The narrative field after the numbers field: where the text after the numbers goes."""
    section = st.spec.section(f.section)
    ids = [x.id for x in section.fields]
    later = [x for x in section.fields[ids.index(f.id) + 1 :] if x.type == "narrative"]
    return later[0] if later else f


def check_range(st: State, f: Field, value: Any, line: Line) -> None:
    """Indicator numbers outside the field's range are a finding, not dropped."""
    if not isinstance(value, Indicatoren) or value.nvt or not f.indicator_range:
        return
    lo, hi = f.indicator_range
    if any(not lo <= n <= hi for n in value.nummers):
        st.report.findings.append(make("I023", field=f.id, label=f.label, plaats=line.where, sheet=st.sheet(f.id),
                                       nummers=", ".join(map(str, value.nummers)), van=lo, tot=hi))
