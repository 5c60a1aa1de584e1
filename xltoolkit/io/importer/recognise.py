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
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.importer.anchors import Anchor, Catalog, catalog, fixed_text_blocks
from xltoolkit.io.importer.base import Hit, Result, is_placeholder
from xltoolkit.io.importer.boilerplate import find_boilerplate
from xltoolkit.io.importer.figures import read_figure
from xltoolkit.io.importer.lines import Line, Source
from xltoolkit.io.importer.match import covers, find_run, numbering_end, prefix_len, rest_after, separator_follows, tokens, words
from xltoolkit.io.importer.noise import (
    indicator_number, indicator_runs, is_glyph, is_page_number, is_url, running_headers,
)
from xltoolkit.io.importer.paragraphs import Layout, Piece, join
from xltoolkit.io.importer.prepare import SKIP, cell_lines, prepare
from xltoolkit.io.importer.report import EMPTY, EXTRA, FOUND, MISSING, SJABLOON, FieldReport, ImportReport, Moved, Skipped
from xltoolkit.io.importer.rules_funding import Funding, FundingRules
from xltoolkit.io.importer.rules_header import HeaderRules
from xltoolkit.io.importer.rules_process import ProcessRules
from xltoolkit.model.submission import Submission
from xltoolkit.spec import Field, TemplateSpec

_INLINE_KINDS = ("header", "group", "value", "regeling", "process")
_BODY_KINDS = ("part", "section", "field", "process", "regeling", "value")
# A draft marking at the top ("CONCEPT — …", "CONCEPTVERSIE"): a state of last year's document, not content.
_CONCEPT = re.compile(r"^[\s*_>]*CONCEPT(?:VERSIE)?\b(?:\s*[-—–:]|\s*$)")


class Recogniser(HeaderRules, ProcessRules, FundingRules):
    """One report, read once from top to bottom; the state of that reading."""

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
        self.unread_figures: dict[str, tuple[str, str]] = {}  # kengetal -> (sentence, where) not read
        self.i = 0

    # -- the pass --------------------------------------------------------------------------
    def run(self) -> Result:
        while self.i < len(self.lines):
            self.step(self.lines[self.i])
        return self.finish()

    def step(self, line: Line) -> None:
        """Decide what line `self.i` is, and advance past it (or past the lines it starts)."""
        i = self.i
        if self.target and self.target[0] == "nummers" and self.take_nummers_line(line):
            self.i += 1
            return
        reason = self.layout_reason(i, line)
        if reason:
            self.skip(line, reason)
            self.i += 1
        elif i in self.runs:
            self.skip_range(i, self.runs[i], "indicatorlijst")
            self.i = self.runs[i]
        elif self.pending and self.consume_intro():
            return
        elif not self.heading(i, line):
            self.text_line(i, line)

    def layout_reason(self, i: int, line: Line) -> str | None:
        """Why a single line is layout rather than content, if it is."""
        if SKIP in line.extra:
            return line.extra[SKIP]
        if self.is_noise(i):
            return "paginaruis"
        if self.chosen and indicator_number(line, self.cat) in self.chosen:
            return "gekozen indicator (herhaald onder de nummers)"
        if self.is_footer(line):
            return "voettekst (bestuur en schooljaar)"
        return None

    def heading(self, i: int, line: Line) -> bool:
        """A heading or label of the spec (unless its words are really fixed text)."""
        hit = self.anchor(line)
        if hit is None or not self.accept(hit, line):
            return False
        fixed_end = self.fixed_instead(i, hit)
        if fixed_end:
            self.skip_range(i, fixed_end, "vaste tekst")
            self.i = fixed_end
            return True
        self.pending = []
        self.on_hit(hit, line)
        self.i += 1
        return True

    def text_line(self, i: int, line: Line) -> None:
        """Fixed text before part A or anywhere as a whole paragraph; otherwise content."""
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
        if a.kind == "regeling":  # "Doelgroepfinanciering zetten we in …" in a narrative is a sentence
            return not a.short or whole or line.is_row or "€" in line.text or sep
        if a.kind in ("header", "group"):
            return whole or sep or bold or self.zone == "preamble" and line.heading
        if a.short and len(a.words) == 1:
            return whole  # "Knooppunt" alone is a heading; "Knooppunt werkt goed" is a sentence
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

    def note(self, fid: str, status: str, how: str, where: str, *, mark: bool = True) -> None:
        """Record how a field was (not) found; `mark` also accounts for the current line."""
        if mark:
            self.used()
        if fid not in self.origin:
            self.origin[fid] = (status, how, where)

    def sheet(self, fid: str) -> str:
        return self.spec.section_of(fid).sheet

    def fixed_blocks_of(self, key: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(key, w) for w in fixed_text_blocks(self.spec.fixed_texts[key])]

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> Result:
        self.rescue_unaccounted()
        if self.target and self.target[0] == "nummers":
            fid = self.target[1]
            self.note(fid, EMPTY, *self.bucket_how[fid], mark=False)
        self.place_section_text()
        for fid, pieces in self.buckets.items():
            if fid.startswith("section:") or fid == EXTRA:
                continue
            text = join([p for _, p in pieces], self.layout) or None
            how, heading_at = self.bucket_how.get(fid, ("", ""))
            if text is None:
                self.note(fid, EMPTY, how, heading_at, mark=False)
                continue
            where = self.src.where(pieces[0][1].line, pieces[-1][1].line)
            self.set_value(fid, text, f"{how} ({heading_at})" if heading_at else how, where)
        self.build_extra()
        self.figures_from_prose()
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

    def drop_boilerplate(self) -> None:
        """Fixed texts of the template among the text no field took (with a typo, a split word,
        reflowed): listed as sjabloontekst, not put into Extra informatie."""
        entries = sorted(self.extra, key=lambda x: x[0])
        runs: list[list[tuple[int, str, Piece]]] = []
        for entry in entries:
            if runs and entry[0] - runs[-1][-1][0] <= 1:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        keep: list[tuple[int, str, Piece]] = []
        for run in runs:
            taken: set[int] = set()
            for found in find_boilerplate([p.text for _, _, p in run], self.cat.fixed_blocks):
                part = run[found.start:found.end]
                taken.update(range(found.start, found.end))
                where = self.src.where(part[0][2].line, part[-1][2].line)
                self.report.weggelaten.append(Skipped(where, SJABLOON, " / ".join(p.text for _, _, p in part)))
            keep.extend(e for k, e in enumerate(run) if k not in taken)
        self.extra = keep

    def build_extra(self) -> None:
        """Extra informatie: its own section's text and every text that belonged to no field."""
        self.drop_boilerplate()
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

    def figures_from_prose(self) -> None:
        """A count kengetal without its label: read from the prose of its section when it is
        said there once in digits; mentioned but not readable: "niet herkend"."""
        for f in self.spec.fields:
            if not (f.kengetal and f.type == "count") or f.id in self.origin:
                continue
            for text_field in self.spec.section_of(f.id).fields:
                text = self.values.get(text_field.id)
                if text_field.type != "narrative" or not isinstance(text, str):
                    continue
                figure, unread = read_figure(f, text)
                where = self.origin.get(text_field.id, ("", "", ""))[2]
                if figure is not None:
                    self.set_value(f.id, figure.value, f"in de tekst van '{text_field.label}': '{figure.text}'", where)
                    self.report.findings.append(make("I072", field=f.id, label=f.label, waarde=figure.value, tekst=figure.text,
                                                     plaats=where, sheet=self.sheet(f.id)))
                    break
                if unread is not None:
                    self.unread_figures[f.id] = (unread, where)
                    break

    def field_reports(self) -> None:
        for f in self.spec.fields:
            status, how, where = self.origin.get(f.id, (MISSING, "", ""))
            if status == FOUND and self.values.get(f.id) is None:
                status = EMPTY
            required = f.required and not f.kengetal
            self.report.velden[f.id] = FieldReport(f.id, f.label, self.sheet(f.id), status, how, where, required)
            if status == MISSING and f.id in self.unread_figures:
                tekst, plaats = self.unread_figures[f.id]
                self.report.findings.append(make("I073", field=f.id, label=f.label, tekst=tekst, plaats=plaats, sheet=self.sheet(f.id)))
                self.report.velden[f.id].hoe = f"niet herkend in de tekst: '{tekst}'"
            elif status == MISSING:
                code = "I010" if required else "I011"
                self.report.findings.append(make(code, field=f.id, label=f.label, sheet=self.sheet(f.id)))
            elif status == EMPTY and required:
                self.report.findings.append(make("I012", field=f.id, label=f.label, plaats=where or "het verslag", sheet=self.sheet(f.id)))


def recognise(source: Source, spec: TemplateSpec) -> Result:
    return Recogniser(source, spec).run()
