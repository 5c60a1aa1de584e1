"""Is this file an overview of an earlier merge? The marker says so; the content must agree.

Every overview carries a custom document property (`MARK_PROPERTY`). A merge skips a file with
it among its inputs (an old overview in the folder), and `merge -o` may replace a file with it
(and no other file). But a document property is only a claim: anyone can add one in Excel, and
a board's workbook that carried it would be skipped without a word, or overwritten by the
overview. So the claim is checked against what the file holds:

- an overview has the overview's sheets (`SHEET_NAME`) and none of the board template's defined names
  (the template stamps `sjabloon_id` / `sjabloon_versie`, the fields such as `bestuur`);
- a board's workbook has the template stamps: without them it could not be read at all.

A file with the marker and the template stamps is a board's workbook: it is read as one, with a
warning (M010), and is never replaced. A file with the marker that is neither (an overview with a
sheet removed, say) is not skipped either: reading says what it is (L006). Only the marker is
read for every input (a small part); the workbook part only when the marker is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xltoolkit.io.names import HASH_NAME, TEMPLATE_ID_NAME, VERSION_NAME
from xltoolkit.io.xlsx import Workbook, file_part_xml, open_workbook
from xltoolkit.services.merge.sheets import SHEET_NAME
from xltoolkit.spec import TemplateSpec

MARK_PROPERTY, MARK_VALUE = "xltoolkit_werkboek", "xltoolkit-samenvoeging"
MAX_PROPS_BYTES = 1 << 20
CUSTOM_PART = "docProps/custom.xml"
OVERZICHT_SHEETS = frozenset(SHEET_NAME.values()) - {SHEET_NAME.get("terugkoppeling")}  # the sheets every overview has (Terugkoppeling: only with --feedback)
# The template's stamps: every board's workbook has them (reading needs them); an overview has none.
STAMPS = (VERSION_NAME, TEMPLATE_ID_NAME, HASH_NAME)


@dataclass(frozen=True)
class Marker:
    """What a file's overview marker turned out to be."""

    carried: bool = False  # the file carries the marker
    overzicht: bool = False  # ... and holds an overview's content: a genuine overview
    stamp: str | None = None  # the template stamp it holds, by which a board's workbook is read

    @property
    def on_workbook(self) -> bool:
        """The marker is on a board's workbook: read it as one, never replace it."""
        return self.carried and self.stamp is not None


def read_marker(path: Path, spec: TemplateSpec) -> Marker:
    """The marker of `path` and whether its content bears it out (never raises)."""
    if not carries_marker(path):
        return Marker()
    try:
        wb, zf = open_workbook(Path(path))
        with zf:
            return _judged(wb, spec)
    except Exception:  # noqa: BLE001 - unreadable: the claim cannot be borne out, so it is no overview
        return Marker(carried=True)


def marker_of(wb: Workbook, spec: TemplateSpec) -> Marker:
    """`read_marker` for a workbook the caller has open already (the merge reads it next)."""
    root = wb.part_xml(CUSTOM_PART, MAX_PROPS_BYTES)
    return _judged(wb, spec) if root is not None and _claims(root) else Marker()


def _judged(wb: Workbook, spec: TemplateSpec) -> Marker:
    """A file that carries the marker: is it an overview, or a board's workbook (and by which stamp)?"""
    sheets, names = set(wb.sheet_paths), {n.casefold() for n in wb.defined_names}
    stamp = next((n for n in STAMPS if n.casefold() in names), None)
    velden = any(f.id.casefold() in names for f in spec.fields)
    overzicht = stamp is None and not velden and OVERZICHT_SHEETS <= sheets
    return Marker(carried=True, overzicht=overzicht, stamp=stamp)


def is_overzicht(path: Path, spec: TemplateSpec) -> bool:
    """Whether `path` is an overview written by a merge: the marker and the content agree."""
    return read_marker(path, spec).overzicht


def carries_marker(path: Path) -> bool:
    """Whether `path` carries the overview's custom property (only the claim, see `read_marker`)."""
    root = file_part_xml(Path(path), CUSTOM_PART, MAX_PROPS_BYTES)  # the reader's checks: not a zip, a bomb, unsafe XML
    return root is not None and _claims(root)  # no custom properties: no marker


def _claims(root) -> bool:
    for prop in root:
        if prop.get("name") == MARK_PROPERTY:
            return any((child.text or "") == MARK_VALUE for child in prop)
    return False

