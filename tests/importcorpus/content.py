"""The report as the official template lays it out, as neutral blocks, from a board's data.

Every writer (docx, md, txt) renders these blocks in its own way; what the blocks hold is what
the source says, so the facts (amounts, ticks, paragraphs) are recorded here, once, for every
variant alike. The layout follows the template (shared/domain/TEMPLATE.md and the seeds): the
fixed preamble, the header lines, part A with its sections and the funding table, part B with
its four process parts and their indicator lists. Our own report renderer is deliberately not
used: the corpus must not share the importer's assumptions about our own output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import Indicatoren
from xltoolkit.spec import Field, TemplateSpec, received_field_id


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Text:
    """One paragraph. `bullet` is "•" or "1." etc. for a list item (the marker, not in `text`)."""

    text: str
    bullet: str | None = None
    bold_label: str | None = None  # a leading bold part of `text` ("Resultaat:")


@dataclass(frozen=True)
class LabelValue:
    label: str  # "BESTUUR:"
    value: str  # may be "" (an empty field)
    suffix: str = ""  # "(naam, functie)"


@dataclass(frozen=True)
class Box:
    caption: str  # "PO3104 (Westelijke Mijnstreek)", "Ja"
    ticked: bool


@dataclass(frozen=True)
class Ticks:
    label: str  # "SCHOLEN IN SWV:"
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class MiddelenRow:
    label: str  # "Ontvangen bedrag Terugploegregeling*"
    help: str  # "(basisbedrag en uitkering reserve)"
    amounts: dict[str, str]  # region code -> amount text ("" when empty)


@dataclass(frozen=True)
class MiddelenTable:
    caption: str  # "vanuit SWV:"
    regions: tuple[tuple[str, str, bool], ...]  # (code, "PO3104 (WM)", ticked)
    rows: tuple[MiddelenRow, ...]


@dataclass(frozen=True)
class AanLine:
    no: int
    amount: str  # "€ 1.140", "€ PM"
    purpose: str
    regio: str = ""
    parts: dict[str, str] = field(default_factory=dict)
    categorie: str = ""
    toelichting: str = ""


@dataclass(frozen=True)
class Aanwending:
    lines: tuple[AanLine, ...]
    as_table: bool  # regions, categories or explanations: the lines need columns


Block = Heading | Text | LabelValue | Ticks | MiddelenTable | Aanwending


@dataclass(frozen=True)
class Amount:
    text: str  # as written, "€ 81.739"
    euro: str  # Decimal as text
    where: str  # field id, or "aanwending 3", "aanwending 3 PO3104"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str  # "field" | "fixed" | "label" | "heading" | "kengetal"
    field: str = ""


@dataclass
class Facts:
    """What the source says, recorded when it was written (see `importcorpus.source_facts`)."""

    example: str
    variant: str
    amounts: list[Amount] = field(default_factory=list)
    ticked: tuple[str, ...] = ()
    unticked: tuple[str, ...] = ()
    paragraphs: list[Paragraph] = field(default_factory=list)

    def amount_values(self) -> list[Decimal]:
        return [Decimal(a.euro) for a in self.amounts]


def money(value: object) -> str:
    return format_bedrag(value) if isinstance(value, Bedrag) else ""


def _value_text(f: Field, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    if isinstance(value, Indicatoren):
        return "N.v.t." if value.nvt else ", ".join(str(n) for n in value.nummers)
    if f.type == "percentage" and isinstance(value, Decimal):
        pct = (value * 100).normalize()
        return f"{pct:f}".replace(".", ",") + "%"
    return str(value)


class Layout:
    """Builds the blocks and records the facts while doing so."""

    def __init__(self, sub: Submission, spec: TemplateSpec, facts: Facts) -> None:
        self.sub, self.spec, self.facts = sub, spec, facts
        self.blocks: list[Block] = []

    # -- recording ----------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        if text.strip():
            self.blocks.append(Heading(text, level))
            self.facts.paragraphs.append(Paragraph(text, "heading"))

    def text(self, text: str, kind: str, field_id: str = "", bullet: str | None = None) -> None:
        if not text.strip():
            return
        label = None
        head, sep, _ = text.partition(":")
        if kind == "field" and sep and 0 < len(head.split()) <= 3 and not bullet:
            label = head + ":"  # "Resultaat:" is bold in the board's own documents
        self.blocks.append(Text(text, bullet, label))
        self.facts.paragraphs.append(Paragraph(text if not bullet else f"{bullet} {text}", kind, field_id))

    def narrative(self, field_id: str) -> None:
        value = self.sub.get(field_id)
        if not isinstance(value, str):
            return
        for para in value.split("\n\n"):
            for line in para.split("\n"):
                line = line.strip()
                bullet = None
                if line[:2] in ("• ", "- "):
                    bullet, line = "•", line[2:]
                self.text(line, "field", field_id, bullet)

    def amount(self, text: str, value: object, where: str) -> None:
        if isinstance(value, Bedrag) and value.euro is not None:
            self.facts.amounts.append(Amount(text, str(value.euro), where))

    # -- the template -------------------------------------------------------------------
    def build(self) -> list[Block]:
        for key in self.spec.document.preamble:
            self.fixed(key)
        self.header()
        for key in self.spec.document.intro:
            self.fixed(key)
        for part in self.spec.parts:
            if part.id == "header":
                continue
            self.heading(part.title, 1)
            if part.subtitle:
                self.heading(part.subtitle, 2)
            if part.intro:
                self.fixed(part.intro)
            for section in self.spec.sections:
                if section.part == part.id:
                    self.section(section)
        return self.blocks

    def fixed(self, key: str) -> None:
        ft = self.spec.fixed_texts[key]
        self.heading(ft.title, 2)
        for block in ft.blocks:
            if block.kind == "p":
                self.text(block.text.replace("{schooljaar}", self.sub.schooljaar or ""), "fixed")
            else:
                for k, item in enumerate(block.items, start=1):
                    self.text(item, "fixed", bullet=f"{k}." if block.kind == "numbered" else "•")

    def header(self) -> None:
        sub = self.sub
        self.label_value("BESTUUR:", sub.get("bestuur") or "", "bestuur")
        naam, functie = sub.get("namens_naam") or "", sub.get("namens_functie") or ""
        value = f"{naam}, {functie}" if naam and functie else naam or functie
        self.blocks.append(LabelValue("NAMENS BESTUUR:", value, "(naam, functie)"))
        for part, fid in ((naam, "namens_naam"), (functie, "namens_functie")):
            if part:
                self.facts.paragraphs.append(Paragraph(part, "field", fid))
        self.label_value("SCHOOLJAAR:", sub.get("schooljaar") or "", "schooljaar")
        ticked = set(sub.regios)
        boxes = tuple(Box(f"{r.code} ({r.name})", r.code in ticked) for r in self.spec.regions)
        self.blocks.append(Ticks("SCHOLEN IN SWV:", boxes))
        self.facts.ticked = tuple(r.code for r in self.spec.regions if r.code in ticked)
        self.facts.unticked = tuple(r.code for r in self.spec.regions if r.code not in ticked)
        sbo = sub.get("heeft_sbo_so")
        if isinstance(sbo, bool):
            label = self.spec.field("heeft_sbo_so").label
            self.blocks.append(Ticks(label, (Box("Ja", sbo), Box("Nee", not sbo))))

    def label_value(self, label: str, value: str, field_id: str) -> None:
        self.blocks.append(LabelValue(label, value))
        if value:
            self.facts.paragraphs.append(Paragraph(value, "field", field_id))

    def section(self, section) -> None:
        if section.id == "extra_informatie" and not self.sub.get("extra_informatie"):
            return
        self.heading(section.title, 2)
        for intro in section.intro:
            self.text(intro, "fixed")
        if section.kind == "funding":
            self.middelen(section)
            return
        for f in section.fields:
            self.field(section, f)

    def field(self, section, f: Field) -> None:
        value = self.sub.get(f.id)
        if f.kengetal:
            if value is not None:
                text = f"{f.label}: {_value_text(f, value)}"
                self.blocks.append(Text(text))
                self.facts.paragraphs.append(Paragraph(text, "kengetal", f.id))
            return
        if f.type == "indicators":
            text = _value_text(f, value)
            self.blocks.append(LabelValue(f.label, text))
            if text:
                self.facts.paragraphs.append(Paragraph(text, "field", f.id))
            return
        if f.label != section.title and f.type == "narrative" and not f.label.startswith("Uitwerking"):
            self.heading(f.label, 3)
        if f.intro:
            self.text(f.intro, "fixed")
        self.narrative(f.id)
        if f.works_out and section.indicators:  # the part's indicator list follows its uitwerking
            lo, hi = section.indicators
            for n in range(lo, hi + 1):
                self.text(f"{n} {self.spec.indicators[n]}", "fixed")

    def middelen(self, section) -> None:
        spec, sub = self.spec, self.sub
        if section.intro_text:
            self.fixed(section.intro_text)
        regions = tuple((r.code, f"{r.code} ({r.short})", r.code in sub.regios) for r in spec.regions)
        rows = []
        for reg in spec.regelingen:
            amounts = {}
            for r in spec.regions:
                fid = received_field_id(reg.id, r.code)
                value = sub.get(fid)
                amounts[r.code] = money(value)
                self.amount(amounts[r.code], value, fid)
            rows.append(MiddelenRow(reg.label, reg.help, amounts))
        self.blocks.append(MiddelenTable("vanuit SWV:", regions, tuple(rows)))
        if section.footnote_text:
            self.fixed(section.footnote_text)
        self.aanwending()

    def aanwending(self) -> None:
        lines = []
        for no, ln in enumerate(self.sub.aanwending, start=1):
            amount = money(ln.bedrag)
            self.amount(amount, ln.bedrag, f"aanwending {no}")
            parts = {}
            for code in self.spec.region_codes:
                part = ln.deel(code)
                if isinstance(part, Bedrag):
                    parts[code] = money(part)
                    self.amount(parts[code], part, f"aanwending {no} {code}")
            lines.append(AanLine(no, amount, ln.omschrijving or "", ln.regio or "", parts, ln.categorie or "",
                                 ln.toelichting or ""))
            self.facts.paragraphs.append(Paragraph(ln.omschrijving or "", "aanwending", f"aanwending {no}"))
            if ln.toelichting:
                self.facts.paragraphs.append(Paragraph(ln.toelichting, "aanwending", f"aanwending {no}"))
        as_table = any(ln.regio or ln.categorie or ln.toelichting for ln in lines)
        self.heading("Aanwending:", 3)
        self.blocks.append(Aanwending(tuple(lines), as_table))


def layout(sub: Submission, spec: TemplateSpec, facts: Facts) -> list[Block]:
    return Layout(sub, spec, facts).build()
