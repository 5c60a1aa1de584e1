"""A board's submission: every field of the spec with its typed value, and the aanwending lines.

The model is plain data. Where it came from (file, cells, formulas, read problems) is kept in
`Provenance` (`sub.source`), which does not take part in equality: `load(save(x)) == x` compares content only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from xltoolkit.findings import Finding
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import Indicatoren, Unreadable
from xltoolkit.spec import TemplateSpec, received_field_id


@dataclass(frozen=True)
class CellRef:
    """Where a value lives in a workbook: sheet, cell address and the defined name."""

    sheet: str
    cell: str
    name: str


@dataclass(frozen=True)
class Aanwendingsregel:
    """One line of the aanwending table: what money was spent on, and for which region.

    `values` is keyed by the spec's column ids (omschrijving, bedrag, regio, per-region parts,
    categorie, toelichting); the properties name the ones the services use.
    """

    values: Mapping[str, Any]

    def get(self, column: str) -> Any:
        return self.values.get(column)

    @property
    def omschrijving(self) -> str | None:
        return self.values.get("omschrijving")

    @property
    def bedrag(self) -> Bedrag | Unreadable | None:
        return self.values.get("bedrag")

    @property
    def regio(self) -> str | None:
        return self.values.get("regio")

    def deel(self, region: str) -> Bedrag | Unreadable | None:
        return self.values.get(region)

    @property
    def categorie(self) -> str | None:
        return self.values.get("categorie")

    @property
    def toelichting(self) -> str | None:
        return self.values.get("toelichting")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Aanwendingsregel):
            return NotImplemented
        keys = set(self.values) | set(other.values)
        return all(self.values.get(k) == other.values.get(k) for k in keys)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, repr(v)) for k, v in self.values.items() if v is not None)))

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in self.values.values())


@dataclass
class Provenance:
    """Provenance of a loaded submission (not part of equality)."""

    path: str | None = None
    sha256: str | None = None
    template_version: str | None = None
    spec_hash: str | None = None
    cells: dict[str, CellRef] = field(default_factory=dict)
    names: dict[str, CellRef] = field(default_factory=dict)  # every defined name of the source: its first cell
    aanwending_rows: list[CellRef] = field(default_factory=list)  # first cell of each kept line
    formulas: dict[str, str] = field(default_factory=dict)  # field id or cell -> formula text
    findings: list[Finding] = field(default_factory=list)  # problems met while reading


@dataclass
class Submission:
    """One board's accountability for one school year."""

    values: dict[str, Any]
    aanwending: tuple[Aanwendingsregel, ...] = ()
    source: Provenance = field(default_factory=Provenance, compare=False, repr=False)

    @classmethod
    def empty(cls, spec: TemplateSpec) -> Submission:
        return cls(values={f.id: None for f in spec.fields})

    @classmethod
    def from_values(cls, values: Mapping[str, Any], aanwending=(), *, spec: TemplateSpec) -> Submission:
        """A submission with every spec field present (missing ones empty); unknown ids are refused."""
        unknown = set(values) - {f.id for f in spec.fields}
        if unknown:
            raise KeyError(f"onbekende velden: {sorted(unknown)}")
        full = {f.id: values.get(f.id) for f in spec.fields}
        return cls(values=full, aanwending=tuple(aanwending))

    def __getitem__(self, field_id: str) -> Any:
        return self.values[field_id]

    def get(self, field_id: str, default: Any = None) -> Any:
        return self.values.get(field_id, default)

    # -- the header, by name -------------------------------------------------------------
    @property
    def bestuur(self) -> str | None:
        return self.values.get("bestuur")

    @property
    def schooljaar(self) -> str | None:
        return self.values.get("schooljaar")

    @property
    def regios(self) -> tuple[str, ...]:
        value = self.values.get("regios")
        return value if isinstance(value, tuple) else ()

    @property
    def heeft_sbo_so(self) -> bool | None:
        value = self.values.get("heeft_sbo_so")
        return value if isinstance(value, bool) else None

    def ontvangen(self, regeling: str, region: str) -> Bedrag | Unreadable | None:
        return self.values.get(received_field_id(regeling, region))

    def indicatoren(self, section_id: str, spec: TemplateSpec) -> Indicatoren | Unreadable | None:
        field = spec.section(section_id).indicator_field
        return self.values.get(field.id) if field else None

    def lines(self) -> Iterator[Aanwendingsregel]:
        return iter(self.aanwending)
