"""Recognising the header (BESTUUR, NAMENS BESTUUR, SCHOOLJAAR, SCHOLEN IN SWV), label-value
fields (kengetallen), and what is derived when the report does not say it: the regions from the
money, and whether the board has SBO/SO schools from the parts that only they fill in."""

from __future__ import annotations

import re
from typing import Any, Callable

from xltoolkit.findings import make
from xltoolkit.io.importer import header as hdr
from xltoolkit.io.importer.base import PLACEHOLDER_ANY, Hit, is_placeholder
from xltoolkit.io.importer.lines import Line
from xltoolkit.io.importer.report import DERIVED, EMPTY
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import READERS, Indicatoren, is_nvt
from xltoolkit.spec import Field, received_field_id


class HeaderRules:
    """Mixed into the Recogniser (which holds the state these methods use)."""

    def is_footer(self, line: Line) -> bool:
        """A running footer of the board's name and school year ("Stichting X · 2023-2024")."""
        if self.zone == "preamble" or len(line.text) > 160:
            return False
        rest = line.text
        for f in self.spec.fields:
            value = self.values.get(f.id)
            if f.type in ("text", "schooljaar") and isinstance(value, str) and self.is_header_field(f):
                rest = rest.replace(value, " ")
        rest = PLACEHOLDER_ANY.sub(" ", rest)
        return rest != line.text and not re.search(r"\w", rest)

    def is_header_field(self, f: Field) -> bool:
        return self.spec.section_of(f.id).part == self.spec.parts[0].id

    def on_value(self, hit: Hit, line: Line) -> None:
        f = self.spec.field(hit.anchor.key)
        rest = hit.rest or self.next_value_line()
        if not rest:
            self.note(f.id, EMPTY, f"label '{f.label}'", line.where)
            return
        value = READERS[f.type](rest)
        self.set_value(f.id, value, f"label '{f.label}'", line.where)

    def next_value_line(self, accept: Callable[[str], bool] = lambda text: True) -> str:
        """The value of a label that stands alone: a short next line that is not a heading (and
        that `accept` takes); it is consumed."""
        j = self.i + 1
        if j >= len(self.lines):
            return ""
        nxt = self.lines[j]
        if len(nxt.text) > 80 or self.anchor(nxt) is not None or self.is_fixed_line(nxt) or not accept(nxt.text):
            return ""
        self.used()
        self.i = j
        return nxt.text

    def on_header(self, hit: Hit, line: Line) -> None:
        f = self.spec.field(hit.anchor.key)
        rest = hit.rest
        if not rest and f.type != "regions":
            rest = self.next_value_line(_plausible_value(f))
        how = f"label '{f.label}'"
        if f.type == "regions":
            self.read_regions(rest, line)
            return
        if not rest or is_placeholder(rest):
            self.note(f.id, EMPTY, how, line.where)
            return
        if f.type == "schooljaar":
            value = hdr.schooljaar(rest)
        elif f.type == "yesno":
            value = hdr.yesno(rest)
        else:
            value = hdr.text_value(rest)
        if value is None:
            self.note(f.id, EMPTY, how, line.where)
        else:
            self.set_value(f.id, value, how, line.where)

    def read_regions(self, rest: str, line: Line) -> None:
        found = hdr.regions(rest, self.spec)
        self.header_regions_where = line.where
        if found is None:
            self.skip(line, "kop", line.text)
            return
        codes, how = found
        self.header_regions = found
        ordered = tuple(c for c in self.spec.region_codes if c in codes)
        f = next(f for f in self.spec.fields if f.type == "regions")
        self.set_value(f.id, ordered, f"label '{f.label}', {how}", line.where)

    def on_group(self, hit: Hit, line: Line) -> None:
        group = next(g for g in self.cat.groups if g.label == hit.anchor.key)
        parts = hdr.group_values(hit.rest, group) if hit.rest else {}
        parts = {fid: v for fid, v in parts.items() if not is_placeholder(v)}
        j = self.i + 1
        while not parts and j < len(self.lines) and j <= self.i + len(group.parts):
            one = hdr.part_line(self.lines[j].text, group)
            if one is None:
                break
            parts[one[0]] = one[1]
            self.used()
            self.i = j
            j += 1
        for part, fid in group.parts:
            if fid in parts:
                self.set_value(fid, parts[fid], f"label '{group.label}', deel '{part}'", line.where)
            else:
                self.note(fid, EMPTY, f"label '{group.label}'", line.where)

    def derive_regions(self) -> None:
        f = next(f for f in self.spec.fields if f.type == "regions")
        if self.values.get(f.id):
            return
        with_money = tuple(
            code for code in self.spec.region_codes
            if any(_has_money(self.values.get(received_field_id(g.id, code))) for g in self.spec.regelingen)
        )
        if not with_money:
            return
        self.values[f.id] = with_money
        table = next(s.title for s in self.spec.sections if s.kind == "funding")
        received = [received_field_id(g.id, c) for g in self.spec.regelingen for c in self.spec.region_codes]
        places = {self.origin[fid][2] for fid in received if _has_money(self.values.get(fid))}
        how = f"{', '.join(with_money)}: de regio's met een ontvangen bedrag in de tabel '{table}'"
        self.origin[f.id] = (DERIVED, how, ", ".join(sorted(places)))
        waar = f" ({self.header_regions_where})" if self.header_regions_where else ""
        self.report.findings.append(make("I026", field=f.id, waar=waar, regios=", ".join(with_money), sheet=self.sheet(f.id)))

    def derive_sbo_so(self) -> None:
        f = next((f for f in self.spec.fields if f.type == "yesno" and self.spec.section_of(f.id).part == self.spec.parts[0].id), None)
        if f is None or self.values.get(f.id) is not None:
            return
        relevant = [x for x in self.spec.fields if x.relevance and x.type in ("narrative", "indicators")]
        said = [self.values.get(x.id) for x in relevant if self.values.get(x.id) is not None]
        if not said:
            return
        substantive = any(not _is_nvt_value(v) for v in said)
        self.values[f.id] = substantive
        names = ", ".join(sorted({self.spec.section_of(x.id).title for x in relevant}))
        answer = self.spec.lists["yesno"][0 if substantive else 1]
        how = f"{answer}: de onderdelen voor SBO/SO ({names}) zijn {'ingevuld' if substantive else 'n.v.t.'}"
        self.origin[f.id] = (DERIVED, how, "")
        self.report.findings.append(make("I013", field=f.id, label=f.label, hoe=how, sheet=self.sheet(f.id)))


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
