"""The report's content model: everything the report says, decided once, laid out by every format.

`build_report` (build.py) fills these dataclasses from the spec and a submission: which texts,
in which order, under which headings, every value already shown as the report shows it
(Dutch money notation, "n.v.t.", "(niet ingevuld)"). The Markdown and HTML templates and the Word
writer only lay this out; none of them decides content, so the four formats cannot disagree.

Each item of a part carries `soort` so a template can choose its layout with one test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from xltoolkit.services.report.tekst import AAN, UIT, Blok

Staat = Literal["ingevuld", "nvt", "leeg"]


@dataclass(frozen=True)
class VasteTekst:
    """A fixed text of the official format (Context, Missie, ...), verbatim from the spec."""

    id: str
    titel: str
    blokken: tuple[Blok, ...]


@dataclass(frozen=True)
class KopRegel:
    """One line of the header block: BESTUUR, NAMENS BESTUUR, SCHOOLJAAR."""

    label: str
    waarde: str
    leeg: bool = False


@dataclass(frozen=True)
class RegioVinkje:
    code: str
    label: str  # "PO3105 (Maastricht-Heuvelland)"
    aangevinkt: bool

    @property
    def vinkje(self) -> str:
        return AAN if self.aangevinkt else UIT


@dataclass(frozen=True)
class Kop:
    regels: tuple[KopRegel, ...]
    regio_label: str  # "SCHOLEN IN SWV"
    regios: tuple[RegioVinkje, ...]
    regios_opmerking: str = ""  # "(niet ingevuld)" or what was typed when unreadable


@dataclass(frozen=True)
class Verhaal:
    """A narrative field. `kop` is None when the section's title already says what it is."""

    veld: str
    kop: str | None
    intro: str | None
    blokken: tuple[Blok, ...]
    staat: Staat
    soort: str = "verhaal"


@dataclass(frozen=True)
class Kengetal:
    veld: str
    label: str
    waarde: str


@dataclass(frozen=True)
class Kengetallen:
    """Key figures that were filled in, shown as a small table where they occur."""

    titel: str
    kolommen: tuple[str, str]
    rijen: tuple[Kengetal, ...]
    soort: str = "kengetallen"


@dataclass(frozen=True)
class OntvangenRij:
    """A row of the funding table: one regeling (or the total), an amount per region column."""

    label: str
    toelichting: str
    bedragen: tuple[str, ...]
    totaal: bool = False


@dataclass(frozen=True)
class Aanwending:
    """One spent line: "1. € 1.140 t.b.v. Leerlingonderzoeken"."""

    nummer: str
    bedrag: str
    omschrijving: str
    regio: str  # "", "PO3104", "verdeeld: ...", "naar rato" (only for boards in more than one region)
    toelichting: str
    pm: bool
    leeg: bool  # description or amount missing

    @property
    def tekst(self) -> str:
        extra = f" ({self.regio})" if self.regio else ""
        note = f" — {self.toelichting}" if self.toelichting else ""
        return f"{self.nummer} {self.bedrag} t.b.v. {self.omschrijving}{extra}{note}"


@dataclass(frozen=True)
class Middelen:
    """The funding table (Aanwending middelen SWV)."""

    notitie: tuple[Blok, ...]
    kop: str  # "vanuit SWV:"
    regios: tuple[str, ...]  # column headings, "PO3105 (MH)"
    ontvangen: tuple[OntvangenRij, ...]  # per regeling, then the total
    status_label: str
    status: tuple[str, ...]  # per region column: Sluitend / Tekort / Overschot / Onbepaald / Indicatief / —
    oordeel: str  # for a board in more than one region: the verdict on the total ("" otherwise)
    voetnoot: str
    aanwending_label: str
    kolommen: tuple[str, ...]  # headings of the aanwending table
    met_regio: bool  # whether the aanwending table needs the region column
    regels: tuple[Aanwending, ...]
    geen_regels: str  # shown when nothing was spent
    totaal_label: str
    totaal: str
    soort: str = "middelen"


@dataclass(frozen=True)
class Indicator:
    nummer: int
    tekst: str
    gekozen: bool

    @property
    def vinkje(self) -> str:
        return AAN if self.gekozen else UIT


@dataclass(frozen=True)
class Nummers:
    """The chosen indicator numbers of a main part: "Nummer(s): 6, 7" and the texts of 6 and 7."""

    veld: str
    label: str
    waarde: str  # "6, 7", "n.v.t.", "(niet ingevuld)"
    staat: Staat
    gekozen: tuple[Indicator, ...]
    soort: str = "nummers"


@dataclass(frozen=True)
class Hoofdonderdeel:
    """A main part of Part B: its fields in spec order (steering, numbers, elaboration), then the
    part's full indicator list with the chosen ones marked."""

    id: str
    titel: str
    inhoud: tuple[Verhaal | Nummers, ...]
    lijst_label: str
    indicatoren: tuple[Indicator, ...]
    soort: str = "proces"


Inhoud = Verhaal | Kengetallen | Middelen


@dataclass(frozen=True)
class Onderdeel:
    """A section of Part A with its contents in the order of the spec."""

    id: str
    titel: str
    intro: tuple[str, ...]
    inhoud: tuple[Inhoud, ...]
    soort: str = "onderdeel"


@dataclass(frozen=True)
class Deel:
    id: str
    titel: str
    ondertitel: str
    intro: tuple[Blok, ...]
    onderdelen: tuple[Onderdeel | Hoofdonderdeel, ...]


@dataclass(frozen=True)
class Rapport:
    titel: str
    ondertitel: str
    voorwerk: tuple[VasteTekst, ...]  # what precedes the title in the format ("Keuze schoolbesturen")
    kop: Kop
    vaste_teksten: tuple[VasteTekst, ...]
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
class Hoofdstuk:
    """One board in a bundle: its report (without the format's fixed texts) under its name."""

    id: str  # anchor of the chapter, the target of its line in the table of contents
    titel: str  # the board's name: the chapter's level-1 heading
    rapport: Rapport


@dataclass(frozen=True)
class Bundel:
    """Several boards' reports in one document (a region's report for its SWV): a title, a table
    of contents, then one chapter per board."""

    titel: str
    ondertitel: str
    inhoud_label: str  # "Inhoud": the heading of the table of contents
    hoofdstukken: tuple[Hoofdstuk, ...]
    pagina: str
    van: str
    versie: str
