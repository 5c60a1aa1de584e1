"""The report's content model: everything the report says, decided once, laid out by every format.

The report is the template's own paragraph (issue 20): the same headings, labels, order, fixed
texts and table shape as the official format, filled with the board's content as typed. Nothing
the format does not have is in here: no status row, no totals, no region column, no checkbox
lists, no key-figure table. All of that analysis lives in the annex (bijlage.py).

`build_report` (build.py) fills these dataclasses from the spec and a submission, every value
already shown as the report shows it (amounts in Dutch notation, "€" alone where the format has an
empty amount). The Markdown and HTML templates and the Word writer only lay this out; none of them
decides content, so the four formats cannot disagree.

Each item of a part carries `soort` so a template can choose its layout with one test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xltoolkit.services.report.text import AAN, UIT, TextBlock

if TYPE_CHECKING:
    from xltoolkit.services.report.bijlage import Bijlage


@dataclass(frozen=True)
class FixedTextPart:
    """A fixed text of the official format (Context, Missie, ...), verbatim from the spec."""

    id: str
    titel: str
    blokken: tuple[TextBlock, ...]


@dataclass(frozen=True)
class HeaderLine:
    """One line of the header block: "BESTUUR:", "NAMENS BESTUUR:", "SCHOOLJAAR:" and the value as
    typed ("" when empty, as on the format). `hint` is the format's own hint after the value."""

    label: str
    waarde: str
    hint: str = ""


@dataclass(frozen=True)
class RegioTick:
    code: str
    label: str  # "PO3105 (Maastricht-Heuvelland)"
    aangevinkt: bool

    @property
    def vinkje(self) -> str:
        return AAN if self.aangevinkt else UIT


@dataclass(frozen=True)
class ReportHeader:
    regels: tuple[HeaderLine, ...]
    regio_label: str  # "SCHOLEN IN SWV"
    regios: tuple[RegioTick, ...]  # always the three regions of the format, ticked or not


@dataclass(frozen=True)
class Verhaal:
    """A narrative field: its label (None when the section's title already says what it is), the
    format's intro text under it, and the board's text as typed (no blocks when left empty)."""

    veld: str
    kop: str | None
    intro: str | None
    blokken: tuple[TextBlock, ...]
    soort: str = "verhaal"


@dataclass(frozen=True)
class OntvangenRow:
    """A row of the funding table: one regeling, an amount per region column ("€" when empty)."""

    label: str
    toelichting: str
    bedragen: tuple[str, ...]


@dataclass(frozen=True)
class Aanwending:
    """One spent line as the format numbers it: "1. € 1.140 tbv Leerlingonderzoeken"."""

    nummer: str
    bedrag: str
    omschrijving: str
    toelichting: str
    tbv: str  # the format's word between amount and purpose (spec labels)

    @property
    def tekst(self) -> str:
        return f"{self.nummer} {self.regel}"

    @property
    def regel(self) -> str:
        """The line without its number (Word's numbered paragraph sets the number apart)."""
        text = f"{self.bedrag} {self.tbv} {self.omschrijving}".rstrip()
        return f"{text} — {self.toelichting}" if self.toelichting else text



@dataclass(frozen=True)
class Middelen:
    """The funding table (Aanwending middelen SWV), in the shape of the format."""

    notitie: tuple[TextBlock, ...]
    kop: str  # "vanuit SWV:"
    regios: tuple[str, ...]  # column headings, "PO3104 (WM)", always the three regions
    ontvangen: tuple[OntvangenRow, ...]  # per regeling
    voetnoot: str
    aanwending_label: str  # "Aanwending:"
    regels: tuple[Aanwending, ...]
    soort: str = "middelen"


@dataclass(frozen=True)
class Indicator:
    nummer: int
    tekst: str

    @property
    def regel(self) -> str:
        return f"{self.nummer} {self.tekst}"


@dataclass(frozen=True)
class Nummers:
    """ "Tenminste één van de onderstaande indicatoren uitgewerkt als voorbeeld: Nummer(s): 6, 7"."""

    veld: str
    label: str
    waarde: str  # "6, 7", "n.v.t.", "" when empty
    soort: str = "nummers"


@dataclass(frozen=True)
class Hoofdonderdeel:
    """A main part of Part B as on the format: its fields in spec order (the steering narrative
    under its question, "Nummer(s):", the elaboration), then the part's indicator list."""

    id: str
    titel: str
    inhoud: tuple[Verhaal | Nummers, ...]
    indicatoren: tuple[Indicator, ...]
    soort: str = "proces"


Inhoud = Verhaal | Middelen


@dataclass(frozen=True)
class Onderdeel:
    """A section of Part A with its contents in the order of the spec. `label` is True for a
    section the format introduces with a label ("Extra Informatie:") instead of a heading."""

    id: str
    titel: str
    intro: tuple[str, ...]
    inhoud: tuple[Inhoud, ...]
    label: bool = False
    soort: str = "onderdeel"


@dataclass(frozen=True)
class Deel:
    id: str
    titel: str
    ondertitel: str
    intro: tuple[TextBlock, ...]
    onderdelen: tuple[Onderdeel | Hoofdonderdeel, ...]


@dataclass(frozen=True)
class Report:
    titel: str
    ondertitel: str
    voorwerk: tuple[FixedTextPart, ...]  # what precedes the title in the format ("Keuze schoolbesturen")
    kop: ReportHeader
    vaste_teksten: tuple[FixedTextPart, ...]
    delen: tuple[Deel, ...]
    concept: bool
    concept_label: str  # "CONCEPT", on every page
    concept_tekst: str  # why, at the top
    voettekst: str  # bestuur and schooljaar, for page footers
    pagina: str  # "pagina", "van": the words around the page number
    van: str
    bestuur: str
    schooljaar: str
    versie: str  # xltoolkit and template version, for the document's metadata


@dataclass(frozen=True)
class Chapter:
    """One board in a bundle: its report (without the format's fixed texts) under its name, and
    its annex after it when the bundle carries annexes."""

    id: str  # anchor of the chapter, the target of its line in the table of contents
    titel: str  # the board's name: the chapter's level-1 heading
    rapport: Report
    bijlage: Bijlage | None = None


@dataclass(frozen=True)
class Bundle:
    """Several boards' reports in one document (a region's report for its SWV): a title, a table
    of contents, then one chapter per board."""

    titel: str
    ondertitel: str
    inhoud_label: str  # "Inhoud": the heading of the table of contents
    hoofdstukken: tuple[Chapter, ...]
    pagina: str
    van: str
    versie: str
