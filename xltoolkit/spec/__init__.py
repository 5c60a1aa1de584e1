"""The template spec: one declarative, version-stamped description that drives everything.

`template.yaml` beside this module is the data; this module turns it into frozen dataclasses and
derives what the rest of the toolkit needs (every input field with its stable id, which is also
its defined name in the workbook). Nothing else in the toolkit hard-codes a label or a field.

Every block of the YAML is a typed dataclass (`Settings`, `Lists`, `WorkbookLayout`, `Labels`,
`Document`, ...), read by `_build`, which checks each value against its field's type: a missing
key, an unknown key (a typo) or a value of the wrong kind is a `SpecError` naming its path
(`settings.tolerance_cents`) when the spec loads, not a KeyError halfway through a workbook. So a
new key in template.yaml needs its field here, and code reads `spec.settings.tolerance_cents`.

Only the front-ends (cli, excel, addin) call `load_spec()`; below them the spec is an argument,
so a test or a caller can pass another spec and every layer uses that one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import yaml

from xltoolkit.findings import SAFE_LOADER

FieldType = Literal[
    "text", "narrative", "schooljaar", "money", "count", "percentage", "yesno", "indicators", "regions"
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
SectionKind = Literal["fields", "funding", "process"]
ColumnType = Literal["text", "money", "region_choice", "category"]  # of the aanwending table
MIDDELEN: SectionKind = "funding"  # the kind of the section with the money received and its aanwending
_T = TypeVar("_T")

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
    prefill: bool = False  # the SWV fills it in before the board does (`xltoolkit prepare`), and locks it
    prefill_note: bool = False  # where a board says a pre-filled value is wrong (at most one field)

    @property
    def defined_name(self) -> str:
        return self.id


@dataclass(frozen=True)
class Column:
    """A column of the aanwending table."""

    id: str
    label: str
    type: ColumnType
    width: int
    split: bool = False


@dataclass(frozen=True)
class Section:
    id: str
    part: str
    sheet: str
    title: str
    short: str = ""  # a short Dutch name for overviews ("De basis op orde")
    kind: SectionKind = "fields"
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
class Settings:
    """The numbers and words the checks, the reconciliation and the workbook work with (`settings:`)."""

    tolerance_cents: int  # rounding: a gap up to this many cents still balances
    max_amount_cents: int  # above this an amount is implausible
    narrative_min_chars: int
    narrative_max_words: int
    first_plausible_year: int
    aanwending_rows: int  # rows of the aanwending table in a new workbook
    indicator_slots: int  # indicator numbers that can be chosen per process part
    sop_norm_percent: int
    nvt_text: str
    placeholder_markers: tuple[str, ...]
    placeholder_texts: tuple[str, ...]
    unfinished_phrases: tuple[str, ...]
    warning_gap_cents: int = 0  # a gap above the tolerance up to this is a warning, above it an error


class _Words:
    """A table of words keyed by a state the code computes (a verdict, a status on Start): the
    attributes name them for code that means one; `word` looks one up for code that computed it."""

    def word(self, key: str) -> str:
        """The word for `key` ("sluitend" -> "Sluitend"); a KeyError for an unknown key."""
        words = self.words()
        if key not in words:
            raise KeyError(key)
        return words[key]

    def words(self) -> dict[str, str]:
        """Every key with its word, in the spec's order."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class Statuses(_Words):
    """The words of the verdicts per region (ontvangen against besteed), keyed by the verdict."""

    sluitend: str
    tekort: str
    overschot: str
    onbepaald: str
    indicatief: str
    leeg: str


@dataclass(frozen=True)
class Lists:
    """The choice lists of the workbook (`lists:`)."""

    yesno: tuple[str, ...]  # (yes, no), in this order
    split_region: str  # the regio of an aanwending line split over regions
    statuses: Statuses
    categories: tuple[str, ...]

    def answer(self, yes: bool) -> str:
        """The word for a yes/no answer."""
        return self.yesno[0 if yes else 1]


@dataclass(frozen=True)
class StartStatus(_Words):
    """What the Start sheet says per section (only `compleet` is green)."""

    niet_begonnen: str
    invullen: str
    compleet: str
    optioneel: str
    nvt: str


@dataclass(frozen=True)
class Legend:
    """The colour legend on Start."""

    invoer: str
    leeg: str
    fout: str
    vast: str


@dataclass(frozen=True)
class MacroButton:
    """A button of a macro-enabled workbook: its caption and the VBA Sub it runs."""

    caption: str
    macro: str


@dataclass(frozen=True)
class SwvSetting:
    """A setting on the SWV's workbook: its key (which defined name holds it: io/swv_workbook.NAMEN and
    KLAARZETTEN_NAMEN), the label and help text the sheet shows, and what the cell starts with."""

    key: str
    label: str
    help: str = ""
    default: str = ""


@dataclass(frozen=True)
class SwvWorkbook:
    """The words on the SWV's own workbook, Samenvoegen and Klaarzetten (`workbook.swv`). Which cell
    is which (the defined names) is the code's; what the sheet says is here."""

    subtitle: str  # after "{swv} — "
    steps: tuple[str, ...]
    settings_heading: str
    settings: tuple[SwvSetting, ...]
    outcome_heading: str
    not_yet: str  # the status cell before the first merge
    outcome: tuple[SwvSetting, ...]  # the counts the button fills in (label only)
    prepare_heading: str
    prepare_text: str
    prepare_settings: tuple[SwvSetting, ...]
    prepare_not_yet: str

    def label(self, key: str) -> str:
        """The label of a merge or prepare setting by key; a KeyError for an unknown key."""
        for s in (*self.settings, *self.prepare_settings):
            if s.key == key:
                return s.label
        raise KeyError(key)


@dataclass(frozen=True)
class WorkbookLayout:
    """What the workbook's own sheets are called and show (`workbook:`)."""

    file_stem: str
    start_sheet: str
    controle_sheet: str
    reconciliatie_sheet: str
    lists_sheet: str
    start_title: str
    start_steps: tuple[str, ...]
    start_status: StartStatus
    legend: Legend
    buttons: tuple[MacroButton, ...]  # on the board's Start sheet
    swv_buttons: tuple[MacroButton, ...]  # on the SWV's workbook
    swv: SwvWorkbook  # the words on the SWV's workbook
    aanwending_columns: tuple[Column, ...]

    def button(self, macro: str) -> MacroButton:
        """The board's button that runs `macro`."""
        for b in self.buttons:
            if b.macro == macro:
                return b
        raise KeyError(macro)


@dataclass(frozen=True)
class Labels:
    """The format's own words around the fields, as the submissions show them (`labels:`)."""

    middelen_kop: str  # "vanuit SWV:"
    aanwending: str  # "Aanwending:"
    tbv: str  # "1. € 1.140 tbv …"
    extra_informatie: str  # "Extra Informatie:"
    namens_hint: str  # "(naam ,functie)"
    vooringevuld: str  # "Vooringevuld door het SWV": the mark beside a pre-filled cell
    vooringevuld_opmerking: str  # the note on a pre-filled cell; {blad} is the sheet of the toelichting
    vooringevuld_naast: str  # the text beside it; {waar} is "hieronder" or "op het blad …"


@dataclass(frozen=True)
class Document:
    """The order of the official document's fixed texts (keys of `fixed_texts`)."""

    preamble: tuple[str, ...]  # before part A
    intro: tuple[str, ...]


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    version: str
    name: str
    swv: str
    regions: tuple[Region, ...]
    regelingen: tuple[Regeling, ...]
    settings: Settings
    lists: Lists
    workbook: WorkbookLayout
    indicators: dict[int, str]
    fixed_texts: dict[str, FixedText]
    document: Document
    labels: Labels
    parts: tuple[Part, ...]
    sections: tuple[Section, ...]
    relevance: dict[str, Relevance] = field(default_factory=dict)
    hash: str = field(default="", compare=False)

    def __hash__(self) -> int:
        # The content hash names the content; equal specs have equal hashes (a spec changed with
        # dataclasses.replace keeps its hash string but compares unequal: only slower in a dict).
        return hash((self.id, self.version, self.hash))

    # -- lookups -------------------------------------------------------------------------
    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns of the aanwending table."""
        return self.workbook.aanwending_columns

    @property
    def prefill_note_field(self) -> Field | None:
        """The field where a board says a value the SWV pre-filled is wrong (`prefill_note: true`)."""
        return next((f for f in self.fields if f.prefill_note), None)

    @property
    def middelen_section(self) -> Section:
        """The section of the money received per region and the aanwending table (kind: funding)."""
        return next(s for s in self.sections if s.kind == MIDDELEN)

    @cached_property
    def region_codes(self) -> tuple[str, ...]:
        """Asked for thousands of times in a merge (every line, every region): computed once."""
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
    return parse_spec(yaml.load(text, Loader=SAFE_LOADER))


def parse_spec(raw: dict[str, Any]) -> TemplateSpec:
    """Build the spec from its YAML structure and check it is consistent. A missing, unknown or
    mistyped key is a SpecError that names it (`settings.tolerance_cents: ...`)."""
    if not isinstance(raw, dict):
        raise SpecError("de spec moet een YAML-mapping zijn")
    unknown = sorted(set(raw) - set(_TOP_KEYS))
    missing = [k for k in _TOP_KEYS if k not in raw and k != "relevance"]
    if unknown or missing:
        raise SpecError("; ".join([*(f"{k}: onbekende sleutel" for k in unknown), *(f"{k}: ontbreekt" for k in missing)]))
    head = _build(_Head, raw["template"], "template")
    regions = _items(Region, raw["regions"], "regions")
    regelingen = _items(Regeling, raw["regelingen"], "regelingen")
    sections = tuple(_section(s, f"sections[{i}]", raw, regions, regelingen) for i, s in enumerate(_list(raw["sections"], "sections")))
    spec = TemplateSpec(
        id=head.id,
        version=head.version,
        name=head.name,
        swv=head.swv,
        regions=regions,
        regelingen=regelingen,
        settings=_build(Settings, raw["settings"], "settings"),
        lists=_build(Lists, raw["lists"], "lists"),
        workbook=_build(WorkbookLayout, raw["workbook"], "workbook"),
        indicators=_indicators(raw["indicators"]),
        fixed_texts={str(k): _fixed_text(str(k), v) for k, v in _mapping(raw["fixed_texts"], "fixed_texts").items()},
        document=_build(Document, raw["document"], "document"),
        labels=_build(Labels, raw["labels"], "labels"),
        parts=_items(Part, raw["parts"], "parts"),
        sections=sections,
        relevance={
            str(k): _build(Relevance, {"is_" if key == "is" else key: val for key, val in _mapping(v, f"relevance.{k}").items()},
                           f"relevance.{k}", key=str(k))
            for k, v in _mapping(raw.get("relevance") or {}, "relevance").items()
        },
        hash=spec_hash(raw),
    )
    _check(spec)
    return spec


def spec_hash(raw: dict[str, Any]) -> str:
    """A short, stable hash of the spec's content (stored in every workbook built from it)."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# -- typed reading ---------------------------------------------------------------------------

_TOP_KEYS = ("template", "regions", "relevance", "regelingen", "settings", "lists", "workbook", "indicators",
             "fixed_texts", "labels", "document", "parts", "process_fields", "sections")


@dataclass(frozen=True)
class _Head:
    """The `template:` block."""

    id: str
    version: str
    name: str
    swv: str


def _build(cls: type[_T], raw: Any, where: str, **given: Any) -> _T:
    """An instance of dataclass `cls` from YAML mapping `raw`, every value checked against the
    field's type; `given` fills fields that do not come from the YAML. `where` is the key path."""
    raw = _mapping(raw, where)
    hints = get_type_hints(cls)
    wanted = {f.name: f for f in dataclasses.fields(cls) if f.init and f.name not in given}  # type: ignore[arg-type]
    unknown = sorted(str(k) for k in set(raw) - set(wanted))
    if unknown:
        raise SpecError(f"{where}: onbekende sleutel {', '.join(unknown)}")
    missing = [n for n, f in wanted.items()
               if n not in raw and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        what = "tekst" if all(hints[n] is str for n in missing) else "waarde"
        raise SpecError(f"{where}: {what} ontbreekt voor {', '.join(missing)}")
    values = {k: _value(hints[k], v, f"{where}.{k}") for k, v in raw.items()}
    return cls(**values, **given)


def _value(tp: Any, v: Any, where: str) -> Any:
    """`v` checked (and converted: lists to tuples, mappings to dataclasses) against type `tp`."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is str:
        if isinstance(v, str):
            return v
        hint = " (zet aanhalingstekens om een tekst met ': ')" if isinstance(v, dict) else ""
        raise SpecError(f"{where}: verwacht tekst, niet {v!r}{hint}")
    if tp is bool:
        if isinstance(v, bool):
            return v
        raise SpecError(f"{where}: verwacht true of false, niet {v!r}")
    if tp is int:
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        raise SpecError(f"{where}: verwacht een geheel getal, niet {v!r}")
    if origin is Literal:
        if v in args:
            return v
        raise SpecError(f"{where}: onbekende waarde {v!r} (kies uit {', '.join(map(str, args))})")
    if origin in (Union, UnionType):
        if v is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _value(inner, v, where)
    if origin is tuple:
        items = _list(v, where)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], x, f"{where}[{i}]") for i, x in enumerate(items))
        if len(items) != len(args):
            raise SpecError(f"{where}: verwacht {len(args)} waarden, niet {v!r}")
        return tuple(_value(a, x, f"{where}[{i}]") for i, (a, x) in enumerate(zip(args, items)))
    if dataclasses.is_dataclass(tp):
        return _build(tp, v, where)  # type: ignore[arg-type]
    raise TypeError(f"{where}: type {tp!r} not supported by the spec reader")  # a developer error here


def _mapping(v: Any, where: str) -> dict[Any, Any]:
    if not isinstance(v, dict):
        raise SpecError(f"{where}: verwacht sleutels met waarden, niet {v!r}")
    return v


def _list(v: Any, where: str) -> list[Any]:
    if not isinstance(v, list):
        raise SpecError(f"{where}: verwacht een lijst, niet {v!r}")
    return v


def _items(cls: type[_T], raw: Any, where: str) -> tuple[_T, ...]:
    return tuple(_build(cls, r, f"{where}[{i}]") for i, r in enumerate(_list(raw, where)))


def _indicators(raw: Any) -> dict[int, str]:
    out = {}
    for k, v in _mapping(raw, "indicators").items():
        if not isinstance(k, int) or isinstance(k, bool):
            raise SpecError(f"indicators: {k!r} is geen nummer")
        out[k] = _value(str, v, f"indicators.{k}")
    return out


def _section(raw: Any, where: str, root: dict[str, Any], regions: tuple[Region, ...],
             regelingen: tuple[Regeling, ...]) -> Section:
    raw = _mapping(raw, where)
    section_id = _value(str, raw.get("id"), f"{where}.id")
    kind = _value(SectionKind, raw.get("kind", "fields"), f"{where}.kind")
    relevance = raw.get("relevance")
    indicators = _value(tuple[int, int], raw["indicators"], f"{where}.indicators") if "indicators" in raw else None
    if kind == "process":
        prefix = f"{section_id}_"
        raw_fields = [
            {**f, "id": prefix + str(f.get("id")), **({"works_out": prefix + str(f["works_out"])} if "works_out" in f else {})}
            for f in _list(root["process_fields"], "process_fields")
        ]
        fields_where = "process_fields"
    elif kind == MIDDELEN:
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
        fields_where = f"{where}.fields"
    else:
        raw_fields = _list(raw.get("fields", []), f"{where}.fields")
        fields_where = f"{where}.fields"
    fields = []
    for i, f in enumerate(raw_fields):
        f = _mapping(f, f"{fields_where}[{i}]")
        fields.append(_build(
            Field, {k: v for k, v in f.items() if k != "relevance"}, f"{fields_where}[{i}]",
            section=section_id,
            relevance=_value(str | None, f.get("relevance", relevance), f"{fields_where}[{i}].relevance"),
            indicator_range=indicators if f.get("type") == "indicators" else None,
        ))
    return _build(Section, {k: v for k, v in raw.items() if k not in ("fields", "kind", "indicators", "short")}, where,
                  kind=kind, fields=tuple(fields), indicators=indicators, short=_value(str, raw.get("short", raw.get("title")), f"{where}.short"))


def _fixed_text(key: str, raw: Any) -> FixedText:
    raw = _mapping(raw, f"fixed_texts.{key}")
    unknown = sorted(set(raw) - {"title", "blocks"})
    if unknown:
        raise SpecError(f"fixed_texts.{key}: onbekende sleutel {', '.join(unknown)}")
    blocks = []
    for i, b in enumerate(_list(raw.get("blocks"), f"fixed_texts.{key}.blocks")):
        where = f"fixed_texts.{key}.blocks[{i}]"
        if isinstance(b, str):
            blocks.append(Block("p", text=b))
        elif isinstance(b, dict) and set(b) == {"list"}:
            blocks.append(Block("list", items=_value(tuple[str, ...], b["list"], where)))
        elif isinstance(b, dict) and set(b) == {"numbered"}:
            blocks.append(Block("numbered", items=_value(tuple[str, ...], b["numbered"], where)))
        else:
            raise SpecError(f"{where}: verwacht tekst, {{list: [...]}} of {{numbered: [...]}}, niet {b!r}")
    return FixedText(key, _value(str, raw.get("title", ""), f"fixed_texts.{key}.title"), tuple(blocks))


def _check(spec: TemplateSpec) -> None:
    """Fail loudly on a spec mistake instead of building a broken workbook."""
    if [s.kind for s in spec.sections].count(MIDDELEN) != 1:
        raise SpecError(f"sections: precies één onderdeel moet kind: {MIDDELEN} zijn (ontvangen middelen en aanwending)")
    notes = [f for f in spec.fields if f.prefill_note]
    if len(notes) > 1 or any(f.type not in ("text", "narrative") or f.required or f.prefill for f in notes):
        raise SpecError("fields: hoogstens één veld heeft prefill_note: true, een optioneel tekstveld dat niet vooraf wordt ingevuld")
    for label_key, example in (("vooringevuld_opmerking", {"blad": "Gegevens"}), ("vooringevuld_naast", {"waar": "hieronder"})):
        try:
            getattr(spec.labels, label_key).format(**example)
        except (KeyError, IndexError, ValueError) as exc:
            raise SpecError(f"labels.{label_key}: alleen de plaatshouder {{{next(iter(example))}}} mag erin ({exc})") from exc
    ids = [f.id for f in spec.fields]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SpecError(f"dubbele veld-id's: {sorted(dupes)}")
    for f in spec.fields:
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
    if len(spec.lists.yesno) != 2:
        raise SpecError("lists.yesno: precies twee woorden, eerst ja en dan nee")
    for key in {f.relevance for f in spec.fields} | {s.relevance for s in spec.sections}:
        rule = spec.relevance.get(key) if key else None
        if key and (rule is None or rule.field not in ids or spec.field(rule.field).type != "yesno"):
            raise SpecError(f"relevance {key!r}: niet gedefinieerd onder relevance, of het veld is geen ja/nee-vraag")
    for key in (*spec.document.preamble, *spec.document.intro, *(p.intro for p in spec.parts if p.intro),
                *(t for s in spec.sections for t in (s.intro_text, s.footnote_text) if t)):
        if key not in spec.fixed_texts:
            raise SpecError(f"document, deel of onderdeel noemt onbekende vaste tekst {key!r}")
