"""The typed state of one import, shared by the pipeline's steps and the rules: what has been
read so far, where the reading stands, and the report of every decision. Rules are functions
that take this state; the few methods here are the bookkeeping every rule needs (mark a line as
accounted for, leave it out with a reason, set a field's value with its provenance)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xltoolkit.model.money import Bedrag
from xltoolkit.model.submission import Submission
from xltoolkit.services.importer.anchors import Anchor, Catalog, catalog
from xltoolkit.services.importer.lines import Line, Source
from xltoolkit.services.importer.log import FOUND, ImportReport, Skipped
from xltoolkit.services.importer.noise import indicator_runs, running_headers
from xltoolkit.services.importer.paragraphs import Layout, Piece
from xltoolkit.services.importer.prepare import prepare
from xltoolkit.spec import TemplateSpec


@dataclass
class Hit:
    """A heading or label of the spec at the start of a line, and what follows it."""

    anchor: Anchor
    rest: str
    whole: bool


@dataclass
class Result:
    submission: Submission
    report: ImportReport


@dataclass
class MiddelenTable:
    """What has been read of the funding table so far."""

    columns: list[str] | None = None  # region order from the header row (text)
    cell_map: dict[int, str] = field(default_factory=dict)  # region per cell (table)
    width: int = 0  # the number of cells of the header row
    header_cells: tuple[str, ...] = ()
    explaining: bool = False  # the last thing read was a PM line (or its explanation)
    col_order: list[str | None] = field(default_factory=list)  # aanwending header: column id per cell
    ticked: tuple[str, ...] | None = None  # the regions ticked in the header row
    col_map: dict[int, str] | None = None  # aanwending table: spec column per cell
    regeling_cols: dict[int, str] = field(default_factory=dict)  # a turned-around table: regeling per cell
    pending_regeling: str | None = None  # a received row without amounts: they follow per region
    lines: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    totals: list[tuple[str, str, Bedrag | None]] = field(default_factory=list)


Target = tuple[str, str]  # ("field" | "section" | "funding" | "nummers" | "extra", id or reason)


@dataclass
class State:
    """One report, read once from top to bottom: the lines and what the reading has made of them."""

    src: Source
    spec: TemplateSpec
    cat: Catalog
    lines: list[Line]  # the source's lines after `prepare` (tables, hyphens mended)
    layout: Layout
    runs: dict[int, int]  # start -> end of each repeated indicator list
    running: set[int]  # running headers and footers
    report: ImportReport
    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # field id -> (status, how, where)
    buckets: dict[str, list[tuple[int, Piece]]] = field(default_factory=dict)  # field or "section:<id>" -> text
    bucket_how: dict[str, tuple[str, str]] = field(default_factory=dict)
    extra: list[tuple[int, str, Piece]] = field(default_factory=list)  # (order, reason, text) for Extra informatie
    zone: str = "preamble"  # "preamble" before part A, then "body"
    target: Target | None = None  # where content goes now
    pending: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # intro texts that may follow
    process: str | None = None  # the part B section being read
    process_headed: set[str] = field(default_factory=set)
    middelen: MiddelenTable | None = None
    header_regions: tuple[tuple[str, ...], str] | None = None  # (codes, how) from SCHOLEN IN SWV or ticks
    header_regions_where: str = ""
    recognised: int = 0
    chosen: set[int] = field(default_factory=set)  # indicator numbers just read: their texts may follow once
    fate: set[int] = field(default_factory=set)  # indexes of lines accounted for
    unread_figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # kengetal -> (sentence, where)
    i: int = 0  # the line being read
    # Where a line's text goes now (rules/text.content, set by `recognise`): the rules that find a
    # label put the text after it through here, so they need not import the rule that places it.
    sink: Callable[[State, Line, str], None] | None = None

    @classmethod
    def of(cls, source: Source, spec: TemplateSpec) -> State:
        """The lines and blocks of a source, ready to be recognised."""
        cat = catalog(spec)
        lines = prepare(source.lines, spec, cat)
        known = {a.words for a in cat.anchors} | set(cat.indicators.values())
        return cls(src=source, spec=spec, cat=cat, lines=lines, layout=Layout.of(source.kind, lines),
                   runs=indicator_runs(lines, cat), running=running_headers(lines, known),
                   report=ImportReport(source.path, source.kind, len(source.lines)))

    @property
    def table(self) -> MiddelenTable:
        """The funding table being read (created on first use)."""
        if self.middelen is None:
            self.middelen = MiddelenTable()
        return self.middelen

    def content(self, line: Line, text: str) -> None:
        """Put a line's text (or the rest after a label) where it belongs now."""
        if self.sink is None:
            raise RuntimeError("State.content before recognise() set the sink")
        self.sink(self, line, text)

    def used(self, *indexes: int) -> None:
        """Mark lines as accounted for (in a field, in Extra informatie, or listed as left out)."""
        self.fate.update(indexes or (self.i,))

    def skip(self, line: Line, kind: str, text: str | None = None) -> None:
        self.used()
        self.report.skipped.append(Skipped(line.where, kind, text if text is not None else line.text))

    def skip_range(self, i: int, end: int, kind: str) -> None:
        self.used(*range(i, end))
        first, last = self.lines[i], self.lines[end - 1]
        text = " / ".join(ln.text for ln in self.lines[i:end])
        self.report.skipped.append(Skipped(self.src.where(first, last), kind, text))

    def add_extra(self, line: Line, text: str, reason: str) -> None:
        self.used()
        self.extra.append((self.i, reason, Piece(line, text)))

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
