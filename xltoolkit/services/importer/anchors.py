"""What the importer looks for, derived from the spec: headings, labels, intros, fixed texts,
indicator lists and the rows of the funding table. Nothing here is typed in by hand — change a
label in template.yaml and the importer looks for the new wording.

Each heading or label becomes an `Anchor`: its words, and shorter variants people use (the part
before " - " or "=>", without a trailing "(optioneel)"), which count only as a line of their own
or before a separator, so an ordinary sentence that happens to start with them is not taken for
a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltoolkit.services.importer.match import words
from xltoolkit.spec import Field, FixedText, TemplateSpec

_SPLIT = re.compile(r"\s+(?:-|–|—|=>)\s+|\s*=>\s*")
_PAREN_END = re.compile(r"\s*\([^()]*\)\s*$")
HEADER_TYPES = ("text", "schooljaar", "regions", "yesno")
VALUE_TYPES = ("count", "percentage", "money", "text", "schooljaar", "yesno")


@dataclass(frozen=True)
class Anchor:
    kind: str  # part | subtitle | section | field | process | header | group | value | regeling | fixed_title
    key: str  # part id, section id, field id, process field suffix, regeling id, fixed text id
    label: str  # the spec's wording (shown in the import report)
    words: tuple[str, ...]
    short: bool = False  # a shortened variant: a line of its own, or before a separator


@dataclass(frozen=True)
class Group:
    """Header fields that share one label before ":" ("NAMENS BESTUUR: naam", "…: functie")."""

    label: str
    words: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]  # (part word as in the label, field id)


@dataclass(frozen=True)
class Catalog:
    anchors: tuple[Anchor, ...]
    groups: tuple[Group, ...]
    fixed_blocks: tuple[tuple[str, tuple[str, ...]], ...]  # (fixed text id, words) per paragraph/item
    document_words: tuple[str, ...]  # all fixed text before part A (preamble, intro), in order
    indicators: dict[int, tuple[str, ...]]
    regeling_help: dict[str, tuple[str, ...]]
    footnote: tuple[str, ...]  # the words of the funding footnote before its {placeholder}
    process_fields: tuple[str, ...]  # "sturing", "nummers", "uitwerking" in spec order
    nummers_parts: tuple[tuple[str, ...], tuple[str, ...]]  # label before / after its last ":"


_CACHE: dict[str, Catalog] = {}


def catalog(spec: TemplateSpec) -> Catalog:
    """The catalogue of a spec (built once per spec: a spec is immutable)."""
    key = spec.hash or str(id(spec))
    if key not in _CACHE:
        _CACHE[key] = _build(spec)
    return _CACHE[key]


def _build(spec: TemplateSpec) -> Catalog:
    anchors: list[Anchor] = []
    for part in spec.parts:
        _add(anchors, "part", part.id, part.title)
        _add(anchors, "subtitle", part.id, part.subtitle)
    for section in spec.sections:
        _add(anchors, "section", section.id, section.title)
        if section.kind == "process":
            continue
        for f in section.fields:
            if section.part == spec.parts[0].id and f.type in HEADER_TYPES:
                _add(anchors, "header", f.id, f.label, variants=False)
            elif f.type == "narrative":
                _add(anchors, "field", f.id, f.label)
            elif f.type in VALUE_TYPES and not f.regeling:
                _add(anchors, "value", f.id, f.label, variants=False)
    process = spec.process_sections[0] if spec.process_sections else None
    suffixes: list[str] = []
    nummers_parts: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    if process is not None:
        for f in process.fields:
            suffix = f.id.removeprefix(f"{process.id}_")
            suffixes.append(suffix)
            _add(anchors, "process", suffix, f.label)
            if f.type == "indicators" and ":" in f.label.rstrip(": "):
                before, _, after = f.label.rstrip(": ").rpartition(":")
                nummers_parts = (words(before), words(after))
                _add(anchors, "process", f"{suffix}:before", before, short=False)
                _add(anchors, "process", f"{suffix}:after", after, short=True)
    for key in (*spec.document.preamble, *spec.document.intro):
        title = spec.fixed_texts[key].title
        if title:
            _add(anchors, "fixed_title", key, title, variants=False)
    for g in spec.regelingen:
        _add(anchors, "regeling", g.id, g.label.rstrip("*"), variants=False)
    common = _common_prefix([words(g.label) for g in spec.regelingen])
    for g in spec.regelingen:
        distinct = words(g.label)[len(common):]
        if distinct and len(spec.regelingen) > 1:
            anchors.append(Anchor("regeling", g.id, g.label.rstrip("*"), distinct, short=True))
    groups = _groups(spec)
    for group in groups:
        anchors.append(Anchor("group", group.label, group.label, group.words))
    document_keys = (*spec.document.preamble, *spec.document.intro)
    return Catalog(
        anchors=tuple(_unique(anchors)),
        groups=groups,
        fixed_blocks=tuple(_fixed_blocks(spec)),
        document_words=tuple(w for key in document_keys for b in fixed_text_blocks(spec.fixed_texts[key]) for w in b),
        indicators={n: words(t) for n, t in spec.indicators.items()},
        regeling_help={g.id: words(g.help) for g in spec.regelingen},
        footnote=_footnote(spec),
        process_fields=tuple(suffixes),
        nummers_parts=nummers_parts,
    )


def _add(anchors: list[Anchor], kind: str, key: str, label: str, *, variants: bool = True, short: bool = False) -> None:
    if not label or not label.strip():
        return
    anchors.append(Anchor(kind, key, label, words(label), short))
    if not variants:
        return
    for variant in {_SPLIT.split(label)[0], _PAREN_END.sub("", label)}:
        w = words(variant)
        if w and w != words(label):
            anchors.append(Anchor(kind, key, label, w, short=True))


def _unique(anchors: list[Anchor]) -> list[Anchor]:
    """Drop a short variant that spells another anchor, or that two different things share."""
    full = {a.words for a in anchors if not a.short}
    owners: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for a in anchors:
        owners.setdefault(a.words, set()).add((a.kind, a.key.split(":")[0]))
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out = []
    for a in anchors:
        if a.short and (a.words in full or len(owners[a.words]) > 1):
            continue
        ident = (a.kind, a.key, a.words)
        if ident not in seen:
            seen.add(ident)
            out.append(a)
    return out


def _common_prefix(seqs: list[tuple[str, ...]]) -> tuple[str, ...]:
    if not seqs:
        return ()
    out = []
    for column in zip(*seqs):
        if len(set(column)) != 1:
            break
        out.append(column[0])
    return tuple(out)


def _groups(spec: TemplateSpec) -> tuple[Group, ...]:
    header = [f for s in spec.sections if s.part == spec.parts[0].id for f in s.fields]
    by_prefix: dict[str, list[Field]] = {}
    for f in header:
        if ":" in f.label:
            by_prefix.setdefault(f.label.split(":")[0].strip(), []).append(f)
    return tuple(
        Group(prefix, words(prefix), tuple((f.label.split(":", 1)[1].strip(), f.id) for f in fields))
        for prefix, fields in by_prefix.items()
        if len(fields) > 1
    )


def fixed_text_blocks(text: FixedText) -> list[tuple[str, ...]]:
    out = [words(text.title)] if text.title else []
    for block in text.blocks:
        out.extend([words(block.text)] if block.kind == "p" else [words(i) for i in block.items])
    return [w for w in out if w]


def _fixed_blocks(spec: TemplateSpec) -> list[tuple[str, tuple[str, ...]]]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, text in spec.fixed_texts.items():
        out.extend((key, w) for w in fixed_text_blocks(text))
    for part in spec.parts:
        if part.subtitle:
            out.append((f"deel {part.id}", words(part.subtitle)))
    for section in spec.sections:
        out.extend((section.id, words(i)) for i in section.intro)
        out.extend((f.id, words(f.intro)) for f in section.fields if f.intro)
    return out


def _footnote(spec: TemplateSpec) -> tuple[str, ...]:
    middelen = spec.middelen_section
    if not middelen.footnote_text:
        return ()
    blocks = spec.fixed_texts[middelen.footnote_text].blocks
    return words(blocks[0].text.split("{")[0]) if blocks else ()
