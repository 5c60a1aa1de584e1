"""Part B: the process sections. Their three labels are the same in every section, so the section
is the last heading seen — or, when that heading is missing, the next one in the spec's order."""

from __future__ import annotations

import re
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.importer.base import Hit, is_placeholder
from xltoolkit.io.importer.lines import Line
from xltoolkit.io.importer.report import EMPTY
from xltoolkit.model.values import Indicatoren, Onleesbaar, read_indicators
from xltoolkit.spec import Field, Section

_NUMMERS = re.compile(
    r"^\s*(?:indicator(?:en|s)?\s*:?\s*)?"
    r"(n\.?\s*v\.?\s*t\.?|\d{1,2}(?:\s*(?:,|;|/|&|\+|-|–|\ben\b|\band\b)\s*\d{1,2})*)"
    r"(?![\w])[\s.)]*(.*)$",
    re.IGNORECASE | re.DOTALL,
)


class ProcessRules:
    """Mixed into the Recogniser (which holds the state these methods use)."""

    def on_process(self, hit: Hit, line: Line) -> None:
        suffix, _, piece = hit.anchor.key.partition(":")
        proto = self.process_field(suffix)
        section = self.process_section_for(proto, line)
        f = self.spec.field(f"{section.id}_{suffix}")
        self.skip(line, "label", hit.anchor.label)
        if f.type != "indicators":
            self.start_field(f, f"label '{f.label}' onder '{section.title}'", line, hit.rest)
            return
        if not hit.rest:  # the numbers may follow on the next line (or in the next table cell)
            self.target = ("nummers", f.id)
            self.bucket_how[f.id] = (f"label '{f.label}' onder '{section.title}'", line.where)
            return
        self.read_nummers(f, hit.rest, line)

    def process_field(self, suffix: str) -> Field:
        proto = self.spec.process_sections[0]
        return self.spec.field(f"{proto.id}_{suffix}")

    def process_section_for(self, proto: Field, line: Line) -> Section:
        """The part B section a label belongs to: the last heading, unless its heading is missing."""
        suffix = proto.id.removeprefix(f"{self.spec.process_sections[0].id}_")
        sections = list(self.spec.process_sections)
        current = self.spec.section(self.process) if self.process else None
        taken = current is not None and self.has_content(f"{current.id}_{suffix}")
        if current is not None and not taken:
            return current
        start = sections.index(current) + 1 if current is not None else 0
        free = [s for s in sections[start:] if s.id not in self.process_headed and not self.started(s)]
        if not free:
            return current or sections[0]
        chosen = free[0]
        reason = "het de eerstvolgende is" if current is not None else "het het eerste onderdeel van deel B is"
        self.report.findings.append(make("I016", field=f"{chosen.id}_{suffix}", onderdeel=chosen.title,
                                         plaats=line.where, reden=reason, sheet=chosen.sheet))
        self.process = chosen.id
        self.process_headed.add(chosen.id)
        return chosen

    def started(self, section: Section) -> bool:
        return any(self.has_content(f.id) or f.id in self.values for f in section.fields)

    def has_content(self, fid: str) -> bool:
        return bool(self.buckets.get(fid)) or self.values.get(fid) is not None

    def take_nummers_line(self, line: Line) -> bool:
        """After "Tenminste één … als voorbeeld:" the numbers may stand on the next line."""
        fid = self.target[1]
        f = self.spec.field(fid)
        hit = self.anchor(line)
        if hit is not None and hit.anchor.kind == "process" and hit.anchor.key.endswith(":after"):
            self.read_nummers(f, hit.rest, line)
            return True
        m = _NUMMERS.match(line.text)
        if m and not m.group(2).strip():
            self.read_nummers(f, line.text, line)
            return True
        self.note(fid, EMPTY, self.bucket_how[fid][0], self.bucket_how[fid][1], mark=False)
        self.target = ("field", self.after_nummers(f).id)
        self.bucket_how.setdefault(self.target[1], (f"tekst na '{f.label}'", line.where))
        self.buckets.setdefault(self.target[1], [])
        return False

    def read_nummers(self, f: Field, rest: str, line: Line) -> None:
        how = f"label '{f.label}'"
        uitwerking = self.after_nummers(f)
        self.target = ("field", uitwerking.id)
        self.buckets.setdefault(uitwerking.id, [])
        self.bucket_how.setdefault(uitwerking.id, (f"tekst na '{f.label}'", line.where))
        m = _NUMMERS.match(rest) if rest else None
        if not rest or is_placeholder(rest):
            self.note(f.id, EMPTY, how, line.where)
            return
        if m is None:
            if len(rest) < 40:
                self.set_value(f.id, Onleesbaar(rest, "indicatornummers"), how, line.where)
                self.report.findings.append(make("I022", field=f.id, label=f.label, plaats=line.where, tekst=rest,
                                                 sheet=self.sheet(f.id), van=f.indicator_range[0], tot=f.indicator_range[1]))
            else:
                self.note(f.id, EMPTY, how, line.where)
                self.content(line, rest)
            return
        expr = m.group(1).replace("–", "-")
        value = read_indicators([re.sub(r"\b(en|and)\b|[&+]", ",", expr)])
        self.set_value(f.id, value, how, line.where)
        self.check_range(f, value, line)
        if isinstance(value, Indicatoren):
            self.chosen = set(value.nummers)
        if m.group(2).strip():
            self.content(line, m.group(2).strip())

    def after_nummers(self, f: Field) -> Field:
        section = self.spec.section(f.section)
        ids = [x.id for x in section.fields]
        later = [x for x in section.fields[ids.index(f.id) + 1 :] if x.type == "narrative"]
        return later[0] if later else f

    def check_range(self, f: Field, value: Any, line: Line) -> None:
        if not isinstance(value, Indicatoren) or value.nvt or not f.indicator_range:
            return
        lo, hi = f.indicator_range
        if any(not lo <= n <= hi for n in value.nummers):
            self.report.findings.append(make("I023", field=f.id, label=f.label, plaats=line.where, sheet=self.sheet(f.id),
                                             nummers=", ".join(map(str, value.nummers)), van=lo, tot=hi))
