"""The import report: for every field how it was found, what was not found, what went to
Extra informatie and what was left out as layout or fixed text. Nothing is lost silently: a
line of the source is either in a field, in Extra informatie, or listed here as left out.

The report is data (`as_dict` for --json); `summary` gives the few Dutch lines a person reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xltoolkit.findings import Finding, sort_findings
from xltoolkit.model.money import Bedrag, machine_amount
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.spec import TemplateSpec

FOUND, DERIVED, EMPTY, MISSING = "gevonden", "afgeleid", "leeg", "niet gevonden"
EXTRA = "extra_informatie"  # the field that takes text belonging to no other field
TEMPLATE_TEXT = "sjabloontekst"  # fixed text of the template, recognised despite typos or reflowing
# What is left out as the template's own text (listed together as "sjabloontekst" in --json).
TEMPLATE_KINDS = ("vaste tekst", "introductietekst van het format", "voetnoot van het format", TEMPLATE_TEXT)


@dataclass
class FieldReport:
    veld: str
    label: str
    blad: str
    status: str  # gevonden | afgeleid | leeg | niet gevonden
    hoe: str = ""  # which heading / label / rule, in Dutch
    plaats: str = ""  # where in the source
    verplicht: bool = False


@dataclass
class Moved:
    """Text that belonged to no field and went to Extra informatie."""

    plaats: str
    reden: str
    tekst: str


@dataclass
class Skipped:
    """Source text left out on purpose: fixed text, a repeated list, page noise, a heading."""

    plaats: str
    soort: str
    tekst: str


@dataclass
class ImportReport:
    source: str
    soort: str  # txt | docx | md
    regels: int
    fields: dict[str, FieldReport] = field(default_factory=dict)
    extra: list[Moved] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    aanwending: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    schooljaar_doorgezet: str | None = None
    recognised: int = 0  # headings, labels and table rows of the format that were recognised
    unplaced: list[str] = field(default_factory=list)  # lines no rule placed (kept in Extra informatie)

    @property
    def sjabloontekst(self) -> list[Skipped]:
        """The template's own texts found in the report (left out of every field)."""
        return [s for s in self.skipped if s.soort in TEMPLATE_KINDS]

    def with_status(self, *statuses: str) -> list[FieldReport]:
        return [f for f in self.fields.values() if f.status in statuses]

    def as_dict(self, submission: Submission | None = None) -> dict[str, Any]:
        values = submission.values if submission is not None else {}
        return {
            "bron": {"pad": self.source, "soort": self.soort, "regels": self.regels},
            "samenvatting": self.counts(),
            "schooljaar_doorgezet": self.schooljaar_doorgezet,
            "velden": [
                {**vars(f), "waarde": _json_value(values.get(f.veld))} for f in self.fields.values()
            ],
            "aanwending": self.aanwending,
            "extra_informatie": [vars(m) for m in self.extra],
            "weggelaten": [vars(s) for s in self.skipped],
            "sjabloontekst": [vars(s) for s in self.sjabloontekst],
            "meldingen": [f.as_dict() for f in sort_findings(self.findings)],
        }

    def counts(self) -> dict[str, int]:
        return {
            "velden": len(self.fields),
            "gevonden": len(self.with_status(FOUND)),
            "afgeleid": len(self.with_status(DERIVED)),
            "leeg": len(self.with_status(EMPTY)),
            "niet_gevonden": len(self.with_status(MISSING)),
            "aanwendingsregels": len(self.aanwending),
            "naar_extra_informatie": len(self.extra),
            "weggelaten": len(self.skipped),
            "sjabloontekst": len(self.sjabloontekst),
        }


def summary(report: ImportReport, spec: TemplateSpec) -> list[str]:
    """The short Dutch summary the CLI prints; --json has every detail."""
    c = report.counts()
    lines = [
        f"Velden gevonden: {c['gevonden'] + c['afgeleid']} van {c['velden']}"
        + (f" (waarvan {c['afgeleid']} afgeleid)" if c["afgeleid"] else "")
        + f"; {c['aanwendingsregels']} aanwendingsregel(s)."
    ]
    for f in report.with_status(DERIVED):
        lines.append(f"  afgeleid, controleer op blad '{f.blad}': {_short(f.label)} = {f.hoe}")
    required = [f for f in report.with_status(MISSING, EMPTY) if f.verplicht]
    if required:
        lines.append(f"Verplicht maar niet gevonden of leeg ({len(required)}), vul in het werkboek in:")
        lines.extend(f"  - {sheet}: {'; '.join(_short(f.label) for f in fields)}" for sheet, fields in _by_sheet(required))
    optional = [f for f in report.with_status(MISSING, EMPTY) if not f.verplicht]
    if optional:
        lines.append(f"Optioneel en niet gevonden: {len(optional)} (kengetallen, bedragen per regio; zie --json).")
    extra_sheet = spec.section_of(EXTRA).sheet
    extra_label = re.sub(r"\s*\(.*\)$", "", spec.field(EXTRA).label)
    if report.extra:
        lines.append(f"Naar {extra_label} (blad '{extra_sheet}') verplaatst, want bij geen veld te plaatsen:")
        lines.extend(f"  - {m.plaats}: {m.reden} {_preview(m.tekst)}" for m in report.extra)
    else:
        lines.append(f"Naar {extra_label} verplaatst: niets.")
    if report.sjabloontekst:
        lines.append(f"Sjabloontekst (de vaste teksten van het format) herkend en niet overgenomen: {len(report.sjabloontekst)} stuk(ken).")
    if report.skipped:
        lines.append(f"Weggelaten als vaste tekst, kop, herhaalde lijst of paginaruis: {len(report.skipped)} stuk(ken) (zie --json).")
    if report.schooljaar_doorgezet:
        lines.append(f"Schooljaar {report.schooljaar_doorgezet}: bedragen leeggemaakt, teksten en omschrijvingen bewaard.")
    quiet = {"I010", "I011", "I012", "I014"}
    for finding in sort_findings([x for x in report.findings if x.severity != "info" and x.code not in quiet]):
        lines.append(f"{finding.severity}: {finding.message}")
    return lines


def _by_sheet(fields: list[FieldReport]) -> list[tuple[str, list[FieldReport]]]:
    out: dict[str, list[FieldReport]] = {}
    for f in fields:
        out.setdefault(f.blad, []).append(f)
    return list(out.items())


def _short(label: str, n: int = 45) -> str:
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def _preview(text: str, n: int = 60) -> str:
    flat = " ".join(text.split())
    return f"“{flat[:n]}…”" if len(flat) > n else f"“{flat}”"


def _json_value(value: Any) -> Any:
    if isinstance(value, Bedrag):
        return "PM" if value.pm else (machine_amount(value.euro) if value.euro is not None else None)
    if isinstance(value, Indicatoren):
        return "n.v.t." if value.nvt else list(value.nummers)
    if isinstance(value, Unreadable):
        return {"onleesbaar": value.tekst, "verwacht": value.verwacht}
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value
