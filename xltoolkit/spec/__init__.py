"""The template spec: one declarative, version-stamped description that drives everything.

`template.yaml` beside this module is the data; this module turns it into frozen dataclasses and
derives what the rest of the toolkit needs (every input field with its stable id, which is also
its defined name in the workbook). Nothing else in the toolkit hard-codes a label or a field.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

FieldType = Literal[
    "text", "narrative", "schooljaar", "money", "count", "percentage", "yesno", "indicators", "regions"
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CELL_LIKE_RE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$")


class SpecError(ValueError):
    """The spec file itself is inconsistent (a developer error, raised at load time)."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short: str

    @property
    def label(self) -> str:
        return f"{self.code} ({self.name})"


@dataclass(frozen=True)
class Regeling:
    """A kind of money received from an SWV (terugploegregeling, doelgroepfinanciering)."""

    id: str
    name: str  # short, for tables and messages: "Terugploegregeling"
    label: str  # as the official form has it: "Ontvangen bedrag Terugploegregeling*"
    help: str


@dataclass(frozen=True)
class Relevance:
    """When fields marked `relevance: <key>` apply: when the yes/no field `field` is answered `is_`."""

    key: str
    field: str
    is_: bool
    reden: str  # why it applies, for messages: "uw bestuur heeft SBO/SO-scholen"


@dataclass(frozen=True)
class Field:
    """One input of the template. `id` is stable: it is the workbook's defined name too."""

    id: str
    type: FieldType
    label: str
    section: str
    help: str = ""
    required: bool = False
    relevance: str | None = None  # a key of TemplateSpec.relevance: the field applies only when that holds
    kengetal: bool = False
    intro: str | None = None
    indicator_range: tuple[int, int] | None = None
    regeling: str | None = None  # money received: which regeling
    region: str | None = None  # money received: which region
    works_out: str | None = None  # narrative that works out the indicators of this field id

    @property
    def defined_name(self) -> str:
        return self.id


@dataclass(frozen=True)
class Column:
    """A column of the aanwending table."""

    id: str
    label: str
    type: str
    width: int
    split: bool = False


@dataclass(frozen=True)
class Section:
    id: str
    part: str
    sheet: str
    title: str
    short: str = ""  # a short Dutch name for overviews ("De basis op orde")
    kind: str = "fields"  # fields | funding | process
    intro: tuple[str, ...] = ()
    relevance: str | None = None
    indicators: tuple[int, int] | None = None
    fields: tuple[Field, ...] = ()
    intro_text: str | None = None
    footnote_text: str | None = None
    help: str = ""

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def indicator_field(self) -> Field | None:
        """The field where a process part's indicator numbers are chosen."""
        return next((f for f in self.fields if f.type == "indicators"), None)

    @property
    def worked_out_field(self) -> Field | None:
        """The narrative that works out the chosen indicators."""
        return next((f for f in self.fields if f.works_out), None)


@dataclass(frozen=True)
class Block:
    """A block of fixed text: a paragraph, a bullet list or a numbered list."""

    kind: Literal["p", "list", "numbered"]
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class FixedText:
    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    subtitle: str = ""
    intro: str | None = None


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    version: str
    name: str
    swv: str
    regions: tuple[Region, ...]
    regelingen: tuple[Regeling, ...]
    settings: dict[str, Any]
    lists: dict[str, Any]
    workbook: dict[str, Any]
    indicators: dict[int, str]
    fixed_texts: dict[str, FixedText]
    document: dict[str, tuple[str, ...]]
    labels: dict[str, str]  # the format's own words around the fields ("Extra Informatie:", "tbv")
    parts: tuple[Part, ...]
    sections: tuple[Section, ...]
    columns: tuple[Column, ...]
    relevance: dict[str, Relevance] = field(default_factory=dict)
    hash: str = field(default="", compare=False)

    # -- lookups -------------------------------------------------------------------------
    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def region_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.regions)

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def section_of(self, field_id: str) -> Section:
        return self.section(self.field(field_id).section)

    def region(self, code: str) -> Region:
        for r in self.regions:
            if r.code == code:
                return r
        raise KeyError(code)

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)

    def regeling(self, regeling_id: str) -> Regeling:
        return next(g for g in self.regelingen if g.id == regeling_id)

    def received_field(self, regeling: str, region: str) -> Field:
        return self.field(received_field_id(regeling, region))

    @property
    def process_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "process")

    @property
    def major_version(self) -> str:
        return self.version.split(".")[0]


def received_field_id(regeling: str, region: str) -> str:
    return f"ontvangen_{regeling}_{region}"


# -- loading ---------------------------------------------------------------------------------


@cache
def load_spec() -> TemplateSpec:
    """The spec shipped with the package (cached: it is immutable)."""
    text = resources.files("xltoolkit.spec").joinpath("template.yaml").read_text(encoding="utf-8")
    return parse_spec(yaml.safe_load(text))


def parse_spec(raw: dict[str, Any]) -> TemplateSpec:
    """Build the spec from its YAML structure and check it is consistent."""
    regions = tuple(Region(**r) for r in raw["regions"])
    regelingen = tuple(Regeling(**r) for r in raw["regelingen"])
    sections = tuple(_section(s, raw, regions, regelingen) for s in raw["sections"])
    spec = TemplateSpec(
        id=raw["template"]["id"],
        version=str(raw["template"]["version"]),
        name=raw["template"]["name"],
        swv=raw["template"]["swv"],
        regions=regions,
        regelingen=regelingen,
        settings=dict(raw["settings"]),
        lists=dict(raw["lists"]),
        workbook=dict(raw["workbook"]),
        indicators={int(k): str(v) for k, v in raw["indicators"].items()},
        fixed_texts={k: _fixed_text(k, v) for k, v in raw["fixed_texts"].items()},
        document={k: tuple(v) for k, v in raw["document"].items()},
        labels={str(k): str(v) for k, v in raw["labels"].items()},
        parts=tuple(Part(**p) for p in raw["parts"]),
        sections=sections,
        columns=tuple(Column(**c) for c in raw["workbook"]["aanwending_columns"]),
        relevance={k: Relevance(k, v["field"], bool(v["is"]), v["reden"]) for k, v in (raw.get("relevance") or {}).items()},
        hash=spec_hash(raw),
    )
    _check(spec)
    return spec


def spec_hash(raw: dict[str, Any]) -> str:
    """A short, stable hash of the spec's content (stored in every workbook built from it)."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _section(raw: dict[str, Any], root: dict[str, Any], regions, regelingen) -> Section:
    kind = raw.get("kind", "fields")
    relevance = raw.get("relevance")
    indicators = tuple(raw["indicators"]) if "indicators" in raw else None
    if kind == "process":
        prefix = f"{raw['id']}_"
        raw_fields = [
            {**f, "id": prefix + f["id"], **({"works_out": prefix + f["works_out"]} if "works_out" in f else {})}
            for f in root["process_fields"]
        ]
    elif kind == "funding":
        raw_fields = [
            {
                "id": received_field_id(g.id, r.code),
                "type": "money",
                "label": f"{g.label} {r.code} ({r.short})",
                "help": f"{g.help} — bedrag dat het SWV {r.code} ({r.name}) u betaalde.",
                "regeling": g.id,
                "region": r.code,
            }
            for g in regelingen
            for r in regions
        ]
    else:
        raw_fields = raw.get("fields", [])
    fields = tuple(
        Field(
            section=raw["id"],
            relevance=f.get("relevance", relevance),
            indicator_range=indicators if f["type"] == "indicators" else None,
            **{k: v for k, v in f.items() if k != "relevance"},
        )
        for f in raw_fields
    )
    return Section(
        id=raw["id"],
        part=raw["part"],
        sheet=raw["sheet"],
        title=raw["title"],
        short=raw.get("short", raw["title"]),
        kind=kind,
        intro=tuple(raw.get("intro", ())),
        relevance=relevance,
        indicators=indicators,
        fields=fields,
        intro_text=raw.get("intro_text"),
        footnote_text=raw.get("footnote_text"),
        help=raw.get("help", ""),
    )


def _fixed_text(key: str, raw: dict[str, Any]) -> FixedText:
    blocks = []
    for b in raw["blocks"]:
        if isinstance(b, str):
            blocks.append(Block("p", text=b))
        elif "list" in b:
            blocks.append(Block("list", items=tuple(b["list"])))
        else:
            blocks.append(Block("numbered", items=tuple(b["numbered"])))
    return FixedText(key, raw.get("title", ""), tuple(blocks))


def _check(spec: TemplateSpec) -> None:
    """Fail loudly on a spec mistake instead of building a broken workbook."""
    ids = [f.id for f in spec.fields]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SpecError(f"dubbele veld-id's: {sorted(dupes)}")
    for f in spec.fields:
        if f.type not in FIELD_TYPES:
            raise SpecError(f"veld {f.id}: onbekend type {f.type!r}")
        if not _NAME_RE.match(f.id) or _CELL_LIKE_RE.match(f.id) or len(f.id) > 200:
            raise SpecError(f"veld-id {f.id!r} kan geen Excel-naam zijn")
    sheets = [s.sheet for s in spec.sections]
    if len(set(sheets)) != len(sheets) or any(len(s) > 31 or re.search(r"[\[\]:*?/\\']", s) for s in sheets):
        raise SpecError(f"bladnamen ongeldig of dubbel: {sheets}")
    if sorted(spec.indicators) != list(range(1, len(spec.indicators) + 1)):
        raise SpecError("indicatoren moeten doorlopend genummerd zijn vanaf 1")
    for s in spec.process_sections:
        lo, hi = s.indicators or (0, 0)
        if not (1 <= lo <= hi <= len(spec.indicators)):
            raise SpecError(f"{s.id}: indicatorbereik {s.indicators} valt buiten 1..{len(spec.indicators)}")
    for block, keys in (("start_status", ("niet_begonnen", "invullen", "compleet", "optioneel", "nvt")),
                        ("legend", ("invoer", "leeg", "fout", "vast"))):
        missing = [k for k in keys if not isinstance(spec.workbook.get(block, {}).get(k), str)]
        if missing:
            raise SpecError(f"workbook.{block}: tekst ontbreekt voor {', '.join(missing)}")
    missing_labels = [k for k in ("middelen_kop", "aanwending", "tbv", "extra_informatie", "namens_hint") if k not in spec.labels]
    if missing_labels:
        raise SpecError(f"labels: tekst ontbreekt voor {', '.join(missing_labels)}")
    if not all(isinstance(step, str) for step in spec.workbook["start_steps"]):
        raise SpecError("workbook.start_steps: elke stap moet tekst zijn (zet aanhalingstekens om een stap met ': ')")
    for key in {f.relevance for f in spec.fields} | {s.relevance for s in spec.sections}:
        rule = spec.relevance.get(key) if key else None
        if key and (rule is None or rule.field not in ids or spec.field(rule.field).type != "yesno"):
            raise SpecError(f"relevance {key!r}: niet gedefinieerd onder relevance, of het veld is geen ja/nee-vraag")
    for key in [k for keys in spec.document.values() for k in keys]:
        if key not in spec.fixed_texts:
            raise SpecError(f"document noemt onbekende vaste tekst {key!r}")
