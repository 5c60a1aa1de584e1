"""From the lines of a report to the fields of a submission, with a report of how.

One pass over the lines, in order. A line is, in this order of trying: page noise, part of a
repeated indicator list, the intro or fixed text that follows a heading, a heading or label of
the spec (then what follows it belongs to that field), fixed text of the format, or content of
the field whose heading came last. Text under no heading goes to Extra informatie. Sections may
come in any order or be missing; headings may differ in case, spacing, punctuation, numbering
and a typing error. Every decision is written to the `ImportReport`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.importer import funding as fund
from xltoolkit.io.importer import header as hdr
from xltoolkit.io.importer.anchors import Anchor, Catalog, catalog
from xltoolkit.io.importer.lines import Line, Source
from xltoolkit.io.importer.match import (
    covers, find_run, numbering_end, prefix_len, rest_after, separator_follows, tokens, words,
)
from xltoolkit.io.importer.noise import indicator_runs, is_glyph, is_page_number, is_url, running_headers
from xltoolkit.io.importer.paragraphs import Layout, Piece, join
from xltoolkit.io.importer.noise import indicator_number
from xltoolkit.io.importer.prepare import SKIP, cell_lines, prepare
from xltoolkit.io.importer.report import DERIVED, EMPTY, EXTRA, FOUND, MISSING, FieldReport, ImportReport, Moved, Skipped
from xltoolkit.io.cells import read_column_value
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import READERS, Indicatoren, Onleesbaar, is_nvt, read_indicators
from xltoolkit.spec import Field, Section, TemplateSpec, received_field_id

_NUMMERS = re.compile(
    r"^\s*(?:indicator(?:en|s)?\s*:?\s*)?"
    r"(n\.?\s*v\.?\s*t\.?|\d{1,2}(?:\s*(?:,|;|/|&|\+|-|–|\ben\b|\band\b)\s*\d{1,2})*)"
    r"(?![\w])[\s.)]*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_INLINE_KINDS = ("header", "group", "value", "regeling", "process")
# What a report renderer or a form shows for an empty field: "(niet ingevuld)", "(naam niet ingevuld)".
_PLACEHOLDER = re.compile(r"^[_*\s]*\((?:[^()]*\s)?niet ingevuld\)[_*\s]*$|^[_*\s]*\(geen [^()]* ingevuld\)[_*\s]*$", re.IGNORECASE)
# A draft marking at the top ("CONCEPT — …", "CONCEPTVERSIE"): a state of last year's document, not content.
_CONCEPT = re.compile(r"^[\s*_>]*CONCEPT(?:VERSIE)?\b(?:\s*[-—–:]|\s*$)")
_PLACEHOLDER_ANY = re.compile(r"\((?:[^()]*\s)?niet ingevuld\)", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))
_BODY_KINDS = ("part", "section", "field", "process", "regeling", "value")


@dataclass
class Hit:
    anchor: Anchor
    rest: str
    whole: bool


@dataclass
class Funding:
    columns: list[str] | None = None  # region order from the header row (text)
    cell_map: dict[int, str] = field(default_factory=dict)  # region per cell (table)
    col_map: dict[int, str] | None = None  # aanwending table: spec column per cell
    regeling_cols: dict[int, str] = field(default_factory=dict)  # a turned-around table: regeling per cell
    pending_regeling: str | None = None  # a received row without amounts: they follow per region
    lines: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    totals: list[tuple[str, str, Bedrag | None]] = field(default_factory=list)


@dataclass
class Result:
    submission: Submission
    report: ImportReport


class Recogniser:
    def __init__(self, source: Source, spec: TemplateSpec) -> None:
        self.src, self.spec = source, spec
        self.cat: Catalog = catalog(spec)
        self.lines = prepare(source.lines, spec, self.cat)
        self.layout = Layout.of(source.kind, self.lines)
        self.runs = indicator_runs(self.lines, self.cat)
        known = {a.words for a in self.cat.anchors} | set(self.cat.indicators.values())
        self.running = running_headers(self.lines, known)
        self.report = ImportReport(source.path, source.kind, len(source.lines))
        self.values: dict[str, Any] = {}
        self.origin: dict[str, tuple[str, str, str]] = {}  # field id -> (status, how, where)
        self.buckets: dict[str, list[tuple[int, Piece]]] = {}
        self.bucket_how: dict[str, tuple[str, str]] = {}
        self.extra: list[tuple[int, str, Piece]] = []
        self.zone = "preamble"
        self.target: tuple[str, str] | None = None
        self.pending: list[tuple[str, tuple[str, ...]]] = []
        self.process: str | None = None
        self.process_headed: set[str] = set()
        self.funding: Funding | None = None
        self.header_regions: tuple[tuple[str, ...], str] | None = None
        self.header_regions_where = ""
        self.recognised = 0
        self.chosen: set[int] = set()  # indicator numbers just read: their texts may follow once
        self.fate: set[int] = set()
        self.i = 0

    # -- the pass --------------------------------------------------------------------------
    def run(self) -> Result:
        while self.i < len(self.lines):
            self.step(self.lines[self.i])
        return self.finish()

    def step(self, line: Line) -> None:
        i = self.i
        if self.target and self.target[0] == "nummers" and self.take_nummers_line(line):
            self.i += 1
            return
        if SKIP in line.extra:
            self.skip(line, line.extra[SKIP])
            self.i += 1
            return
        if self.is_noise(i):
            self.skip(line, "paginaruis")
            self.i += 1
            return
        if self.chosen and indicator_number(line, self.cat) in self.chosen:
            self.skip(line, "gekozen indicator (herhaald onder de nummers)")
            self.i += 1
            return
        if self.is_footer(line):
            self.skip(line, "voettekst (bestuur en schooljaar)")
            self.i += 1
            return
        if i in self.runs:
            end = self.runs[i]
            self.skip_range(i, end, "indicatorlijst")
            self.i = end
            return
        if self.pending and self.consume_intro():
            return
        hit = self.anchor(line)
        if hit is not None and self.accept(hit, line):
            fixed_end = self.fixed_instead(i, hit)
            if fixed_end:
                self.skip_range(i, fixed_end, "vaste tekst")
                self.i = fixed_end
                return
            self.pending = []
            self.on_hit(hit, line)
            self.i += 1
            return
        if self.zone == "preamble":
            self.preamble_line(line)
            self.i += 1
            return
        end = self.fixed_run(i)
        if end:
            self.skip_range(i, end, "vaste tekst")
            self.i = end
            return
        self.pending = []
        self.content(line, line.text)
        self.i += 1

    # -- noise and fixed text ---------------------------------------------------------------
    def is_noise(self, i: int) -> bool:
        line = self.lines[i]
        before = self.lines[i - 1] if i else None
        after = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if self.target and self.target[0] == "funding" and line.is_row:
            return False
        return i in self.running or is_page_number(line, before, after) or (is_glyph(line) and not line.is_row)

    def used(self, *indexes: int) -> None:
        """Mark lines as accounted for (in a field, in Extra informatie, or listed as left out)."""
        self.fate.update(indexes or (self.i,))

    def is_footer(self, line: Line) -> bool:
        """A running footer of the board's name and school year ("Stichting X · 2023-2024")."""
        if self.zone == "preamble" or len(line.text) > 160:
            return False
        rest = line.text
        for f in self.spec.fields:
            value = self.values.get(f.id)
            if f.type in ("text", "schooljaar") and isinstance(value, str) and self.is_header_field(f):
                rest = rest.replace(value, " ")
        rest = _PLACEHOLDER_ANY.sub(" ", rest)
        return rest != line.text and not re.search(r"\w", rest)

    def is_header_field(self, f: Field) -> bool:
        return self.spec.section_of(f.id).part == self.spec.parts[0].id

    def skip(self, line: Line, kind: str, text: str | None = None) -> None:
        self.used()
        self.report.weggelaten.append(Skipped(line.where, kind, text if text is not None else line.text))

    def skip_range(self, i: int, end: int, kind: str) -> None:
        self.used(*range(i, end))
        first, last = self.lines[i], self.lines[end - 1]
        text = " / ".join(ln.text for ln in self.lines[i:end])
        self.report.weggelaten.append(Skipped(self.src.where(first, last), kind, text))

    def preamble_line(self, line: Line) -> None:
        """Before part A: fixed text of the format is left out, anything else is kept as extra."""
        if self.is_fixed_line(line):
            self.skip(line, "vaste tekst")
        elif _CONCEPT.match(line.text):
            self.skip(line, "concept-markering")
        else:
            self.add_extra(line, line.text, "tekst vóór deel A die geen vaste tekst van het format is")

    def is_fixed_line(self, line: Line) -> bool:
        """A line (or piece of a line) of the fixed texts before part A, or a link from them."""
        text = line.text[numbering_end(line.text):]
        w = words(text)
        if not w:
            return True
        document = self.cat.document_words
        if is_url(line):
            host = "".join(words(re.sub(r"^(https?://)?(www\.)?", "", line.text.strip().lower()).split("/")[0]))
            return host in "".join(document)
        return find_run(w, document) is not None

    def fixed_instead(self, i: int, hit: Hit) -> int | None:
        """A heading's words that are really fixed text: the format's list "1. De basis op orde -
        Inbegrepen …" names sections too. Before part A a line of fixed text followed by more
        fixed text is fixed text; after it, only a fixed paragraph running over several lines."""
        if hit.anchor.kind in ("part", "subtitle", "fixed_title", "header", "group"):
            return None
        if self.zone == "preamble":
            if not self.is_fixed_line(self.lines[i]):
                return None
            j = i + 1
            while j < len(self.lines) and self.is_noise(j):
                j += 1
            if j >= len(self.lines):
                return i + 1
            nxt = self.lines[j]
            nxt_hit = self.anchor(nxt)
            if self.is_fixed_line(nxt) or (nxt_hit is not None and nxt_hit.anchor.kind == "fixed_title"):
                return i + 1
            return None
        end = self.fixed_run(i)
        return end if end and end > i + 1 else None

    def fixed_run(self, i: int) -> int | None:
        """A fixed paragraph of the format, over one or more whole lines, starting at line i."""
        first = words(self.lines[i].text[numbering_end(self.lines[i].text):])
        if not first:
            return None
        for _, block in self.cat.fixed_blocks:
            if len(block) < 4 or not covers(first, block, 0):
                continue
            p, j = 0, i
            while j < len(self.lines) and p < len(block):
                w = words(self.lines[j].text[numbering_end(self.lines[j].text):])
                c = covers(w, block, p)
                if not c:
                    break
                p, j = p + c, j + 1
            if p == len(block) or p >= 8:
                return j
        return None

    def consume_intro(self) -> bool:
        """The intro text the spec puts under the heading just read: left out if it is there."""
        for key, block in list(self.pending):
            p, j, rest = 0, self.i, None
            while j < len(self.lines) and p < len(block):
                line = self.lines[j]
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
                self.pending.remove((key, block))
                self.skip_range(self.i, j, "introductietekst van het format")
                self.i = j
                if rest:
                    self.content(self.lines[j - 1], rest)
                return True
        return False

    # -- headings and labels -----------------------------------------------------------------
    def anchor(self, line: Line) -> Hit | None:
        best: tuple[tuple, Hit] | None = None
        text = line.text
        offsets = {0, numbering_end(text)}
        for off in sorted(offsets):
            body = text[off:]
            toks = tokens(body)
            if not toks:
                continue
            norms = [t.norm for t in toks]
            for a in self.cat.anchors:
                n = prefix_len(norms, a.words)
                if not n:
                    continue
                whole = n == len(toks)
                sep = separator_follows(body, toks, n)
                bold = line.label_end is not None and abs(toks[n - 1].end + off - line.label_end) <= 2
                if not self.allowed(a, whole, sep, bold, line):
                    continue
                rest = rest_after(body, toks, n)[1]
                score = (n, not a.short, whole, -off)
                if best is None or score > best[0]:
                    best = (score, Hit(a, rest, whole))
        return best[1] if best else None

    def allowed(self, a: Anchor, whole: bool, sep: bool, bold: bool, line: Line) -> bool:
        """Whether a label at the start of a line is really a label here (not a sentence)."""
        if a.kind == "fixed_title":
            return whole
        if a.kind == "regeling":
            return True
        if a.kind in ("header", "group"):
            return whole or sep or bold or self.zone == "preamble" and line.heading
        if a.short and len(a.words) == 1:
            return whole or bold
        if a.short or a.kind == "value":
            return whole or sep or bold
        return whole or sep or bold or len(a.words) >= 3 or a.kind in _INLINE_KINDS

    def accept(self, hit: Hit, line: Line) -> bool:
        """A heading of a field that already has its text, seen again in passing, is just text."""
        a = hit.anchor
        if a.kind == "header" and self.values.get(a.key) is not None:
            return False
        if a.kind in ("header", "group") and self.zone != "preamble":
            return len(hit.rest) <= 150 and separator_follows(line.text, tokens(line.text), len(a.words) or 1)
        if a.kind == "field":
            has_text = bool(self.buckets.get(a.key))
            if has_text and (self.target == ("field", a.key) or not hit.whole):
                return False
        return True

    def on_hit(self, hit: Hit, line: Line) -> None:
        a = hit.anchor
        if a.kind in _BODY_KINDS and not (a.kind == "section" and self.spec.section(a.key).part == self.spec.parts[0].id):
            self.zone = "body"
        if a.kind not in ("fixed_title", "subtitle"):
            self.recognised += 1
        handler = getattr(self, f"on_{a.kind}")
        handler(hit, line)

    def on_part(self, hit: Hit, line: Line) -> None:
        self.skip(line, "kop")
        self.target, self.process = None, None
        part = self.spec.part(hit.anchor.key)
        if part.intro:
            self.pending = self.fixed_blocks_of(part.intro)

    def on_subtitle(self, hit: Hit, line: Line) -> None:
        self.skip(line, "kop")

    def on_fixed_title(self, hit: Hit, line: Line) -> None:
        if self.zone == "preamble":
            self.skip(line, "vaste tekst")
            return
        follows = self.i + 1 < len(self.lines) and self.fixed_run(self.i + 1)
        if follows:
            self.skip(line, "vaste tekst")
        else:
            self.content(line, line.text)

    def on_section(self, hit: Hit, line: Line) -> None:
        section = self.spec.section(hit.anchor.key)
        self.skip(line, "kop")
        self.pending = [(section.id, words(t)) for t in section.intro]
        if section.part == self.spec.parts[0].id:
            return
        if section.kind == "funding":
            self.funding = self.funding or Funding()
            self.target = ("funding", section.id)
            if section.intro_text:
                self.pending += self.fixed_blocks_of(section.intro_text)
            return
        if section.kind == "process":
            self.process = section.id
            self.process_headed.add(section.id)
        narratives = [f for f in section.fields if f.type == "narrative"]
        if section.kind == "fields" and len(narratives) == 1:
            self.start_field(narratives[0], f"kop '{line.text}'", line, hit.rest)
            return
        self.target = ("section", section.id)
        self.bucket_how.setdefault(f"section:{section.id}", (line.text, line.where))
        if hit.rest:
            self.content(line, hit.rest)

    def on_field(self, hit: Hit, line: Line) -> None:
        f = self.spec.field(hit.anchor.key)
        self.start_field(f, f"label '{hit.anchor.label}'" if hit.whole else f"label '{hit.anchor.label}' met de tekst erachter", line, hit.rest)

    def start_field(self, f: Field, how: str, line: Line, rest: str) -> None:
        self.used()
        if self.buckets.get(f.id):
            self.report.findings.append(make("I015", field=f.id, label=f.label, plaats=line.where, sheet=self.sheet(f.id)))
        self.buckets.setdefault(f.id, [])
        self.bucket_how.setdefault(f.id, (how, line.where))
        self.target = ("field", f.id)
        if f.intro:
            self.pending.append((f.id, words(f.intro)))
        if rest:
            self.content(line, rest)

    def on_value(self, hit: Hit, line: Line) -> None:
        f = self.spec.field(hit.anchor.key)
        rest = hit.rest or self.next_value_line()
        if not rest:
            self.note(f.id, EMPTY, f"label '{f.label}'", line.where)
            return
        value = READERS[f.type](rest)
        self.set_value(f.id, value, f"label '{f.label}'", line.where)

    def next_value_line(self) -> str:
        """The value of a label that stands alone: a short next line that is not a heading."""
        j = self.i + 1
        if j >= len(self.lines):
            return ""
        nxt = self.lines[j]
        if len(nxt.text) > 80 or self.anchor(nxt) is not None or self.is_fixed_line(nxt):
            return ""
        self.used()
        self.i = j
        return nxt.text

    def on_header(self, hit: Hit, line: Line) -> None:
        f = self.spec.field(hit.anchor.key)
        rest = hit.rest
        if not rest and f.type != "regions":
            rest = self.peek_header_value(f)
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

    def peek_header_value(self, f: Field) -> str:
        j = self.i + 1
        if j >= len(self.lines):
            return ""
        nxt = self.lines[j]
        if len(nxt.text) > 80 or self.anchor(nxt) is not None or self.is_fixed_line(nxt):
            return ""
        if f.type == "schooljaar" and not re.search(r"\d{4}", nxt.text):
            return ""
        self.used()
        self.i = j
        return nxt.text

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

    # -- part B --------------------------------------------------------------------------
    def on_process(self, hit: Hit, line: Line) -> None:
        suffix, _, piece = hit.anchor.key.partition(":")
        proto = self.process_field(suffix)
        section = self.process_section_for(proto, line)
        f = self.spec.field(f"{section.id}_{suffix}")
        self.skip(line, "label", hit.anchor.label)
        if f.type != "indicators":
            self.start_field(f, f"label '{f.label}' onder '{section.title}'", line, hit.rest)
            return
        if piece == "before" and not hit.rest:
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
        self.note(fid, EMPTY, self.bucket_how[fid][0], self.bucket_how[fid][1])
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

    # -- funding -------------------------------------------------------------------------
    def on_regeling(self, hit: Hit, line: Line) -> None:
        if self.funding is None or not self.target or self.target[0] != "funding":
            self.funding = self.funding or Funding()
            self.target = ("funding", next(s.id for s in self.spec.sections if s.kind == "funding"))
        if line.is_row and self.regeling_header(line):
            return
        regeling = hit.anchor.key
        if line.is_row:
            cells = self.row_region_cells(line, regeling)
        else:
            rest = fund.strip_help(hit.rest, self.cat.regeling_help.get(regeling, ()))
            if not fund.row_cells(rest):
                self.funding.pending_regeling = regeling  # its amounts follow per region, one per line
                self.skip(line, "rij zonder bedragen (die volgen per regio)")
                return
            cells = self.text_region_cells(rest, line)
        self.received(regeling, cells, line)

    def regeling_header(self, line: Line) -> bool:
        """A table turned around: the regelingen are the columns, a row per region."""
        cols = {}
        for i, cell in enumerate(line.cells or ()):
            w = words(cell)
            found = [a.key for a in self.cat.anchors if a.kind == "regeling" and w and prefix_len(w, a.words)]
            if found:
                cols[i] = found[0]
        if len(cols) < 2 or fund.AMOUNT.search(line.text):
            return False
        self.funding.regeling_cols = cols
        self.skip(line, "kolomkoppen")
        return True

    def region_row(self, line: Line, text: str) -> bool:
        """A row or line for one region: "PO3105 (MH) | € 81.739 | —" under a turned-around
        header, or "PO3105: € 81.739" under a regeling row that had no amounts."""
        f = self.funding
        head = (line.cells[0] if line.is_row and line.cells else text)
        codes = [c for c in self.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", head, re.IGNORECASE)]
        if len(codes) != 1:
            return False
        if line.is_row and f.regeling_cols:
            for i, regeling in f.regeling_cols.items():
                if i < len(line.cells):
                    self.received(regeling, {codes[0]: line.cells[i]}, line)
            return True
        if f.pending_regeling and not line.is_row and fund.MARKED.search(text):
            self.received(f.pending_regeling, {codes[0]: fund.MARKED.search(text).group()}, line)
            return True
        return False

    def received(self, regeling: str, cells: dict[str, str] | None, line: Line) -> None:
        if cells is None:
            return
        label = next(g.label for g in self.spec.regelingen if g.id == regeling)
        for code, text in cells.items():
            amount = fund.cell_amount(text)
            fid = received_field_id(regeling, code)
            how = f"tabel '{self.spec.section_of(fid).title}', rij '{label}', kolom {code}"
            if amount.value is None:
                self.note(fid, EMPTY, how, line.where)
                continue
            self.set_value(fid, amount.value, how, line.where)
            if isinstance(amount.value, Onleesbaar):
                self.report.findings.append(make("I020", field=fid, tekst=amount.text, plaats=line.where,
                                                 label=self.spec.field(fid).label, sheet=self.sheet(fid)))

    def row_region_cells(self, line: Line, regeling: str) -> dict[str, str] | None:
        cells = list(line.cells or ())
        if self.funding.cell_map:
            return {code: cells[i] for i, code in self.funding.cell_map.items() if i < len(cells)}
        help_words = self.cat.regeling_help.get(regeling, ())
        values = [c for c in cells[1:] if not (help_words and words(c) == help_words)]
        n = len(self.spec.region_codes)
        if len(values) < n:
            return self.text_region_cells(" € ".join([""] + values), line)
        return dict(zip(self.spec.region_codes, values[-n:]))

    def text_region_cells(self, rest: str, line: Line) -> dict[str, str] | None:
        cells = fund.row_cells(rest)
        columns = self.funding.columns or list(self.spec.region_codes)
        if len(cells) == len(columns):
            return dict(zip(columns, cells))
        if len(cells) > len(columns):
            return dict(zip(columns, cells[-len(columns):]))
        filled = [c for c in cells if fund.cell_amount(c).value is not None]
        if not filled:
            return {}
        if len(filled) == 1:
            mentioned = [c for c in self.spec.region_codes if re.search(rf"{c[:2]}\s?{c[2:]}", rest, re.IGNORECASE)]
            ticked = self.header_regions[0] if self.header_regions else ()
            for candidates in (mentioned, ticked):
                if len(candidates) == 1:
                    return {candidates[0]: filled[0]}
        fid = received_field_id(self.spec.regelingen[0].id, self.spec.region_codes[0])
        self.report.findings.append(make("I021", field=None, plaats=line.where, label=line.text[:60],
                                         tekst=", ".join(filled), sheet=self.sheet(fid)))
        self.add_extra(line, line.text, "bedrag zonder regio in de tabel Aanwending middelen SWV")
        return None

    def funding_content(self, line: Line, text: str) -> None:
        f = self.funding
        norms = words(text)
        section = self.spec.section(self.target[1])
        if self.cat.footnote and prefix_len(norms, self.cat.footnote):
            self.skip(line, "voetnoot van het format")
            return
        cell_map = fund.header_cell_map(line.cells, self.spec) if line.is_row else {}
        columns = list(cell_map.values()) if cell_map else fund.region_columns(text, line.cells, self.spec)
        if columns and not fund.AMOUNT.search(re.sub(r"[A-Z]{2}\s?\d{4}", "", text, flags=re.IGNORECASE)):
            f.columns, f.cell_map = columns, cell_map
            self.skip(line, "kolomkoppen")
            return
        if line.is_row and self.regeling_header(line):
            return
        if line.is_row and (cols := fund.column_header(line.cells, self.spec)):
            f.col_map = cols
            self.skip(line, "kolomkoppen")
            return
        if fund.is_total_row(text, line.cells):
            self.total(line, text)
            return
        if not f.lines and self.region_row(line, text):
            return
        spending = self.spending(line, text)
        if spending is not None:
            f.lines.append((spending, line.where))
            self.used()
            return
        if norms and len(norms) <= 3 and text.rstrip().endswith(":") and covers(norms, words(section.title), 0):
            self.skip(line, "tussenkop")
            return
        if line.is_row and self.computed_row(line):
            self.skip(line, "berekende rij van de tabel (het werkboek rekent dit zelf)")
            return
        if f.lines and line.blank_before == 0 and text[:1].islower() and not line.is_row:
            last = f.lines[-1][0]
            last["omschrijving"] = f"{last.get('omschrijving') or ''} {text}".strip()
            self.used()
            return
        if not f.lines:
            self.add_extra(line, text, f"tekst bij de tabel '{section.title}'")
            return
        self.target = ("extra", f"tekst na de tabel '{section.title}'")
        self.content(line, text)

    def total(self, line: Line, text: str) -> None:
        """A total row: not taken over (the workbook adds up itself); a spending total is checked."""
        f = self.funding
        if not f.lines:
            self.skip(line, "totaalregel (ontvangen)")
            return
        amounts = [m for m in fund.AMOUNT.finditer(text) if fund.CURRENCY.match(m.group())] or list(fund.AMOUNT.finditer(text))
        stated = fund._bedrag(amounts[0].group()) if len(amounts) == 1 else None
        f.totals.append((line.where, text, stated if isinstance(stated, Bedrag) else None))
        self.used()

    def computed_row(self, line: Line) -> bool:
        """A row of words the workbook computes itself, such as a status per region column."""
        cells = [c for c in line.cells or () if c.strip()]
        return len(cells) >= 2 and all(len(words(c)) == 1 and not re.search(r"\d", c) for c in cells[1:])

    def spending(self, line: Line, text: str) -> dict[str, Any] | None:
        if line.is_row:
            values = fund.spending_row(line.cells, self.spec, self.funding.col_map)
            if values is None:
                return None
            amount_text = next((c for c in line.cells if fund.WHOLE_AMOUNT.fullmatch(c.strip())), "")
            if isinstance(values.get("bedrag"), Onleesbaar):
                amount_text = values["bedrag"].tekst
        else:
            sp = fund.spending_line(text, self.spec)
            if sp is None:
                return None
            values = {c.id: None for c in self.spec.columns}
            values.update(omschrijving=sp.omschrijving, bedrag=sp.bedrag, regio=sp.regio, toelichting=sp.toelichting)
            values.update(sp.parts)
            amount_text = sp.amount_text
        for cid, value in values.items():
            if isinstance(value, Onleesbaar) and value.verwacht == "bedrag":
                sheet = next(s.sheet for s in self.spec.sections if s.kind == "funding")
                self.report.findings.append(make("I020", sheet=sheet, tekst=value.tekst or amount_text, plaats=line.where,
                                                 label=f"aanwending, kolom {cid}"))
        return values

    # -- content ---------------------------------------------------------------------------
    def content(self, line: Line, text: str) -> None:
        target = self.target
        if target and target[0] == "funding":
            self.funding_content(line, text)
            return
        if line.is_row:
            for sub in cell_lines(line):
                self.content(sub, sub.text)
            return
        self.chosen = set()
        if target and target[0] in ("field", "section") and is_placeholder(text):
            self.skip(line, "lege plek ('niet ingevuld')", text)
            return
        if target is None:
            self.add_extra(line, text, "tekst zonder kop van het format")
        elif target[0] == "field":
            self.buckets.setdefault(target[1], []).append((self.i, Piece(line, text)))
            self.used()
        elif target[0] == "section":
            self.buckets.setdefault(f"section:{target[1]}", []).append((self.i, Piece(line, text)))
            self.used()
        elif target[0] == "extra":
            self.add_extra(line, text, target[1])
        elif target[0] == "nummers":
            self.target = ("field", self.after_nummers(self.spec.field(target[1])).id)
            self.content(line, text)

    def add_extra(self, line: Line, text: str, reason: str) -> None:
        self.used()
        self.extra.append((self.i, reason, Piece(line, text)))

    # -- values and provenance -------------------------------------------------------------
    def set_value(self, fid: str, value: Any, how: str, where: str) -> None:
        self.used()
        self.values[fid] = value
        self.origin[fid] = (FOUND, how, where)

    def note(self, fid: str, status: str, how: str, where: str) -> None:
        self.used()
        if fid not in self.origin:
            self.origin[fid] = (status, how, where)

    def sheet(self, fid: str) -> str:
        return self.spec.section_of(fid).sheet

    def fixed_blocks_of(self, key: str) -> list[tuple[str, tuple[str, ...]]]:
        from xltoolkit.io.importer.anchors import fixed_text_blocks

        return [(key, w) for w in fixed_text_blocks(self.spec.fixed_texts[key])]

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> Result:
        self.rescue_unaccounted()
        if self.target and self.target[0] == "nummers":
            fid = self.target[1]
            self.note(fid, EMPTY, *self.bucket_how[fid])
        self.place_section_text()
        for fid, pieces in self.buckets.items():
            if fid.startswith("section:") or fid == EXTRA:
                continue
            text = join([p for _, p in pieces], self.layout) or None
            how, where = self.bucket_how.get(fid, ("", ""))
            if pieces:
                where = self.src.where(pieces[0][1].line, pieces[-1][1].line)
            if text is None:
                self.note(fid, EMPTY, how, self.bucket_how.get(fid, ("", ""))[1])
            else:
                self.set_value(fid, text, how, where)
        self.build_extra()
        lines = self.build_aanwending()
        self.derive_regions()
        self.derive_sbo_so()
        self.field_reports()
        self.report.herkend = self.recognised
        values = {f.id: self.values.get(f.id) for f in self.spec.fields}
        return Result(Submission(values=values, aanwending=tuple(lines)), self.report)

    def rescue_unaccounted(self) -> None:
        """A safety net: a line no rule accounted for goes to Extra informatie, never away."""
        for i, line in enumerate(self.lines):
            if i not in self.fate:
                self.report.onverwerkt.append(line.where)
                self.extra.append((i, "tekst die het importeren niet kon plaatsen", Piece(line, line.text)))

    def place_section_text(self) -> None:
        """Text under a section heading before its first label: the section's first field if
        that has no label of its own in the report, else Extra informatie."""
        for key in [k for k in self.buckets if k.startswith("section:")]:
            pieces = self.buckets.pop(key)
            if not pieces:
                continue
            section = self.spec.section(key.removeprefix("section:"))
            heading, where = self.bucket_how.get(key, (section.title, ""))
            first = next((f for f in section.fields if f.type == "narrative"), None)
            if first is not None and not self.buckets.get(first.id):
                self.buckets[first.id] = pieces
                self.bucket_how[first.id] = (f"tekst onder de kop '{heading}' (eigen label niet gevonden)", where)
                self.report.findings.append(make("I017", field=first.id, label=first.label, sheet=section.sheet,
                                                 kop=heading, plaats=self.src.where(pieces[0][1].line, pieces[-1][1].line)))
            else:
                for order, piece in pieces:
                    self.extra.append((order, f"tekst onder de kop '{heading}' vóór het eerste veld", piece))

    def build_extra(self) -> None:
        """Extra informatie: its own section's text and every text that belonged to no field."""
        groups: list[tuple[int, str, list[Piece]]] = []
        own = self.buckets.get(EXTRA, [])
        if own:
            groups.append((own[0][0], "", [p for _, p in own]))
        for order, reason, piece in sorted(self.extra, key=lambda x: x[0]):
            if groups and groups[-1][1] == reason and reason:
                groups[-1][2].append(piece)
            else:
                groups.append((order, reason, [piece]))
        groups.sort(key=lambda g: g[0])
        texts = []
        for _, reason, pieces in groups:
            text = join(pieces, self.layout)
            if not text:
                continue
            texts.append(text)
            if reason:
                where = self.src.where(pieces[0].line, pieces[-1].line)
                self.report.extra.append(Moved(where, reason, text))
                self.report.findings.append(make("I014", field=EXTRA, plaats=where, reden=reason, sheet=self.sheet(EXTRA)))
        if texts:
            how = self.bucket_how.get(EXTRA, ("tekst die bij geen ander veld hoort", ""))[0]
            where = ", ".join(m.plaats for m in self.report.extra) or self.bucket_how.get(EXTRA, ("", ""))[1]
            self.set_value(EXTRA, "\n\n".join(texts), how, where)

    def build_aanwending(self) -> list[Aanwendingsregel]:
        if self.funding is None:
            return []
        lines = []
        for values, where in self.funding.lines:
            lines.append(Aanwendingsregel(values))
            bedrag = values.get("bedrag")
            self.report.aanwending.append({
                "plaats": where,
                "omschrijving": values.get("omschrijving"),
                "bedrag": format_bedrag(bedrag) if isinstance(bedrag, Bedrag) else (str(bedrag) if bedrag else None),
                "regio": values.get("regio"),
            })
        self.check_totals(lines)
        return lines

    def check_totals(self, lines: list[Aanwendingsregel]) -> None:
        from decimal import Decimal

        fid = received_field_id(self.spec.regelingen[0].id, self.spec.region_codes[0])
        total = sum((ln.bedrag.euro for ln in lines if isinstance(ln.bedrag, Bedrag) and ln.bedrag.euro is not None), Decimal(0))
        for where, text, stated in self.funding.totals:
            self.report.weggelaten.append(Skipped(where, "totaalregel", text))
            self.report.findings.append(make("I024", plaats=where, tekst=text))
            if stated is not None and stated.euro is not None and stated.euro != total:
                self.report.findings.append(make("I025", plaats=where, totaal=format_bedrag(stated),
                                                 som=format_bedrag(Bedrag(euro=total)), sheet=self.sheet(fid)))

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
        self.origin[f.id] = (DERIVED, f"{', '.join(with_money)}: de regio's met een ontvangen bedrag in de tabel '{table}'", "")
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

    def field_reports(self) -> None:
        for f in self.spec.fields:
            status, how, where = self.origin.get(f.id, (MISSING, "", ""))
            if status == FOUND and self.values.get(f.id) is None:
                status = EMPTY
            required = f.required and not f.kengetal
            self.report.velden[f.id] = FieldReport(f.id, f.label, self.sheet(f.id), status, how, where, required)
            if status == MISSING:
                code = "I010" if required else "I011"
                self.report.findings.append(make(code, field=f.id, label=f.label, sheet=self.sheet(f.id)))
            elif status == EMPTY and required:
                self.report.findings.append(make("I012", field=f.id, label=f.label, plaats=where or "het verslag", sheet=self.sheet(f.id)))


def _has_money(value: Any) -> bool:
    return isinstance(value, Bedrag) and (value.pm or (value.euro or 0) > 0)


def _is_nvt_value(value: Any) -> bool:
    if isinstance(value, Indicatoren):
        return value.nvt
    return isinstance(value, str) and is_nvt(value)


def recognise(source: Source, spec: TemplateSpec) -> Result:
    return Recogniser(source, spec).run()
