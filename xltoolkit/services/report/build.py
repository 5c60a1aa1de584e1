"""`build_report(sub, spec)`: the report's content, decided in one place from the spec and a submission.

The report is the format's own paragraph, filled in: the order is the official document's (what
precedes the title, the title, the header block, the fixed texts, then every part of the spec with
its sections), every label, fixed text, region and indicator comes from the spec, and the board's
values are shown as typed. The few words of the format that the spec does not hold as a label of
its own ("vanuit SWV:", "Aanwending:", "Extra Informatie:", the hint "(naam ,functie)") are
defined here, in `WORDS`, with the words of the CONCEPT banner: the only thing the report adds.
Everything the report used to add (verdicts, totals, regions per line, key figures, the chosen
indicators' texts) is in the annex (bijlage.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xltoolkit import __version__
from xltoolkit.model.money import Bedrag, format_bedrag
from xltoolkit.model.relevance import relevant
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.services.report.context import ReportContext
from xltoolkit.services.report.model import (
    Aanwending,
    Deel,
    FixedTextPart,
    HeaderLine,
    Hoofdonderdeel,
    Indicator,
    Middelen,
    Nummers,
    Onderdeel,
    OntvangenRow,
    RegioTick,
    Report,
    ReportHeader,
    Verhaal,
)
from xltoolkit.services.report.text import BulletList, TextBlock, TextParagraph, one_line, show_value, split_blocks
from xltoolkit.spec import Block, Field, Section, TemplateSpec

TITLE = "titel"  # the fixed text (spec.fixed_texts) that is the document's title
EURO = "€"  # an amount cell or line of the format that was left empty

# The tool's own words in a report; the format's words around the fields are the spec's `labels`.
WORDS = {
    "bestuur_leeg": "(bestuur niet ingevuld)",  # a bundle's chapter heading for a board without a name
    "schooljaar_leeg": "(schooljaar niet ingevuld)",  # the annex's subtitle only
    "concept_label": "CONCEPT",
    "concept": "CONCEPT — het werkboek bevat nog fouten. Dit is nog geen definitieve verantwoording: "
    "los de fouten op en maak het rapport opnieuw.",
    "pagina": "pagina",
    "van": "van",
}
EXTRA_SECTION = "extra_informatie"  # the section the format introduces with "Extra Informatie:"


def build_report(sub: Submission, spec: TemplateSpec, ctx: ReportContext | None = None) -> Report:
    """The whole report for one board; `ctx` (from its check) marks it CONCEPT."""
    header_part = spec.section_of("bestuur").part
    titel = spec.fixed_texts[TITLE]
    bestuur, schooljaar = one_line(sub.bestuur or ""), one_line(sub.schooljaar or "")
    return Report(
        titel=titel.title,
        ondertitel=" ".join(b.text for b in titel.blocks if b.kind == "p"),
        voorwerk=tuple(fixed_text(spec, k) for k in spec.document.preamble if k != TITLE),
        kop=kop(sub, spec),
        vaste_teksten=tuple(fixed_text(spec, k) for k in spec.document.intro),
        delen=tuple(deel(sub, spec, p.id) for p in spec.parts if p.id != header_part),
        concept=ctx is not None and ctx.concept,
        concept_label=WORDS["concept_label"],
        concept_tekst=WORDS["concept"],
        voettekst=" · ".join(x for x in (bestuur, schooljaar) if x),  # page furniture: nothing made up
        pagina=WORDS["pagina"],
        van=WORDS["van"],
        bestuur=bestuur,
        schooljaar=schooljaar,
        versie=f"xltoolkit {__version__}, sjabloon {spec.version}",
    )


# -- fixed texts and header ------------------------------------------------------------------


def fixed_text(spec: TemplateSpec, key: str) -> FixedTextPart:
    fixed = spec.fixed_texts[key]
    return FixedTextPart(key, fixed.title, spec_blocks(fixed.blocks))


def spec_blocks(blocks: Iterable[Block]) -> tuple[TextBlock, ...]:
    out: list[TextBlock] = []
    for b in blocks:
        if b.kind == "p":
            out.append(TextParagraph((b.text,)))
        elif b.kind == "list":
            out.append(BulletList(b.items))
        else:
            out.append(BulletList(b.items, tuple(f"{i}." for i in range(1, len(b.items) + 1))))
    return tuple(out)


def kop(sub: Submission, spec: TemplateSpec) -> ReportHeader:
    """BESTUUR, NAMENS BESTUUR (name, function), SCHOOLJAAR and the three regions, as on the format."""
    naam, functie = (_typed(sub.get(f)) for f in ("namens_naam", "namens_functie"))
    regels = (
        HeaderLine(spec.field("bestuur").label, _typed(sub.bestuur)),
        HeaderLine(spec.field("namens_naam").label.partition(":")[0].strip(), ", ".join(x for x in (naam, functie) if x),
                 spec.labels.namens_hint),
        HeaderLine(spec.field("schooljaar").label, _typed(sub.get("schooljaar"))),
    )
    value = sub.get("regios")
    ticked = value if isinstance(value, tuple) else ()
    vinkjes = tuple(RegioTick(r.code, r.label, r.code in ticked) for r in spec.regions)
    return ReportHeader(regels, spec.field("regios").label, vinkjes)


def _typed(value: Any) -> str:
    """A short value on one line as typed; "" when empty."""
    if value is None:
        return ""
    return one_line(str(value))


# -- parts and sections ----------------------------------------------------------------------


def deel(sub: Submission, spec: TemplateSpec, part_id: str) -> Deel:
    part = spec.part(part_id)
    intro = spec_blocks(spec.fixed_texts[part.intro].blocks) if part.intro else ()
    onderdelen: list[Onderdeel | Hoofdonderdeel] = []
    for s in (s for s in spec.sections if s.part == part_id):
        if s.kind == "process":
            onderdelen.append(hoofdonderdeel(sub, spec, s))
        elif s.kind == "funding":
            onderdelen.append(Onderdeel(s.id, s.title, s.intro, (middelen(sub, spec, s),)))
        elif s.id == EXTRA_SECTION:
            inhoud = velden(sub, spec, s)
            if any(v.blokken for v in inhoud):  # optional: the label only when the board wrote something
                onderdelen.append(Onderdeel(s.id, spec.labels.extra_informatie, (), inhoud, label=True))
        else:
            onderdelen.append(Onderdeel(s.id, s.title, s.intro, velden(sub, spec, s)))
    return Deel(part.id, part.title, part.subtitle, intro, tuple(onderdelen))


def velden(sub: Submission, spec: TemplateSpec, section: Section) -> tuple[Verhaal, ...]:
    """A section's narratives in spec order, each under its own label when the section has more
    than one (key figures are no field of the format: they are in the annex)."""
    fields = [f for f in section.fields if not f.kengetal]
    own_heading = len(fields) > 1
    return tuple(verhaal(spec, sub, f, f.label if own_heading else None) for f in fields)


def verhaal(spec: TemplateSpec, sub: Submission, f: Field, heading: str | None) -> Verhaal:
    """A narrative as typed ("N.v.t" stays "N.v.t"). Left empty it stays empty, except in a part
    that does not apply to this board (no SBO/SO): there the report writes the format's "n.v.t.",
    as the workbook promises (model.relevance)."""
    return Verhaal(f.id, heading, f.intro, _text_blocks(spec, sub, f))


def _text_blocks(spec: TemplateSpec, sub: Submission, f: Field) -> tuple[TextBlock, ...]:
    value = sub.get(f.id)
    if value is None:
        return (TextParagraph((spec.settings.nvt_text,)),) if relevant(f, sub, spec) is False else ()
    text = value if isinstance(value, (str, Unreadable)) else show_value(value, f.type)
    return split_blocks(str(text))


def hoofdonderdeel(sub: Submission, spec: TemplateSpec, section: Section) -> Hoofdonderdeel:
    """A main part of Part B: the question and its narrative, "Nummer(s):" with the numbers, the
    elaboration (no heading of its own on the format), then the part's indicator list."""
    lo, hi = section.indicators or (1, 0)
    inhoud: list[Verhaal | Nummers] = []
    for f in section.fields:
        if f.type == "indicators":
            inhoud.append(Nummers(f.id, f.label, _nummers(spec, sub, f)))
        else:
            inhoud.append(verhaal(spec, sub, f, None if f.works_out else f.label))
    lijst = tuple(Indicator(n, spec.indicators[n]) for n in range(lo, hi + 1))
    return Hoofdonderdeel(section.id, section.title, tuple(inhoud), lijst)


def _nummers(spec: TemplateSpec, sub: Submission, f: Field) -> str:
    value = sub.get(f.id)
    if value is None:
        return spec.settings.nvt_text if relevant(f, sub, spec) is False else ""
    if isinstance(value, Indicatoren):
        return spec.settings.nvt_text if value.nvt else ", ".join(str(n) for n in dict.fromkeys(value.nummers))
    return _typed(value)


# -- the funding table -----------------------------------------------------------------------


def middelen(sub: Submission, spec: TemplateSpec, section: Section) -> Middelen:
    """The format's table: every region's column (an empty "€" where the board has none), the
    received rows, the footnote, then the numbered spent lines. No totals and no verdicts: those
    are the annex's."""
    lines = [ln for ln in sub.aanwending if not ln.is_empty]
    footnote = _tekst(spec, section.footnote_text)
    return Middelen(
        notitie=spec_blocks(spec.fixed_texts[section.intro_text].blocks) if section.intro_text else (),
        kop=spec.labels.middelen_kop,
        regios=tuple(f"{r.code} ({r.short})" for r in spec.regions),
        ontvangen=tuple(
            OntvangenRow(g.label, g.help, tuple(bedrag(sub.ontvangen(g.id, r)) for r in spec.region_codes))
            for g in spec.regelingen
        ),
        voetnoot=footnote.replace("{schooljaar}", _typed(sub.get("schooljaar"))).rstrip(),
        aanwending_label=spec.labels.aanwending,
        regels=tuple(aanwending(ln, i, spec.labels.tbv) for i, ln in enumerate(lines, start=1)),
    )


def _tekst(spec: TemplateSpec, key: str | None) -> str:
    """A fixed text's paragraphs as one line ("" when the section names none)."""
    return " ".join(b.text for b in spec.fixed_texts[key].blocks if b.kind == "p") if key else ""


def bedrag(value: Any) -> str:
    """An amount as on the format: "€ 81.739", "€ PM", "€" when left empty, text as typed."""
    if value is None:
        return EURO
    if isinstance(value, Bedrag):
        return format_bedrag(value)
    text = _typed(value)
    return text if text.startswith(EURO) else f"{EURO} {text}"


def aanwending(ln: Aanwendingsregel, nummer: int, tbv: str) -> Aanwending:
    return Aanwending(
        nummer=f"{nummer}.",
        tbv=tbv,
        bedrag=bedrag(ln.bedrag),
        omschrijving=_typed(ln.omschrijving),
        toelichting=_typed(ln.toelichting),
    )
