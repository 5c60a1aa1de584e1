"""Is this file an overview of an earlier merge? The marker says so; the content must agree.

Every overview carries a custom document property (`MARK_PROPERTY`). A merge skips a file with
it among its inputs (an old overview in the folder), and `merge -o` may replace a file with it
(and no other file). But a document property is only a claim: anyone can add one in Excel, and
a board's workbook that carried it would be skipped without a word, or overwritten by the
overview. So the claim is checked against what the file holds:

- an overview has the overview's sheets (`BLAD`) and none of the board template's defined names
  (the template stamps `sjabloon_id` / `sjabloon_versie`, the fields such as `bestuur`);
- a board's workbook has the template stamps: without them it could not be read at all.

A file with the marker and the template stamps is a board's workbook: it is read as one, with a
warning (M010), and is never replaced. A file with the marker that is neither (an overview with a
sheet removed, say) is not skipped either: reading says what it is (L006). Only the marker is
read for every input (a small part); the workbook part only when the marker is there.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET

from xltoolkit.io.names import HASH_NAME, TEMPLATE_ID_NAME, VERSION_NAME
from xltoolkit.io.xlsx import open_workbook
from xltoolkit.services.merge.sheets import BLAD
from xltoolkit.spec import load_spec

MARK_PROPERTY, MARK_VALUE = "xltoolkit_werkboek", "xltoolkit-samenvoeging"
MAX_PROPS_BYTES = 1 << 20
CUSTOM_PART = "docProps/custom.xml"
OVERZICHT_BLADEN = frozenset(BLAD.values())  # the overview's sheets
# The template's stamps: every board's workbook has them (reading needs them); an overview has none.
STEMPELS = (VERSION_NAME, TEMPLATE_ID_NAME, HASH_NAME)


@dataclass(frozen=True)
class Kenmerk:
    """What a file's overview marker turned out to be."""

    gedragen: bool = False  # the file carries the marker
    overzicht: bool = False  # ... and holds an overview's content: a genuine overview
    stempel: str | None = None  # the template stamp it holds, by which a board's workbook is read

    @property
    def op_werkboek(self) -> bool:
        """The marker is on a board's workbook: read it as one, never replace it."""
        return self.gedragen and self.stempel is not None


def kenmerk(path: Path) -> Kenmerk:
    """The marker of `path` and whether its content bears it out (never raises)."""
    if not draagt_kenmerk(path):
        return Kenmerk()
    try:
        wb, zf = open_workbook(Path(path))
        with zf:
            sheets, names = set(wb.sheet_paths), {n.casefold() for n in wb.defined_names}
    except Exception:  # noqa: BLE001 - unreadable: the claim cannot be borne out, so it is no overview
        return Kenmerk(gedragen=True)
    stempel = next((n for n in STEMPELS if n.casefold() in names), None)
    velden = any(f.id.casefold() in names for f in load_spec().fields)
    overzicht = stempel is None and not velden and OVERZICHT_BLADEN <= sheets
    return Kenmerk(gedragen=True, overzicht=overzicht, stempel=stempel)


def is_overzicht(path: Path) -> bool:
    """Whether `path` is an overview written by a merge: the marker and the content agree."""
    return kenmerk(path).overzicht


def draagt_kenmerk(path: Path) -> bool:
    """Whether `path` carries the overview's custom property (only the claim, see `kenmerk`)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(CUSTOM_PART)
            if info.file_size > MAX_PROPS_BYTES:
                return False
            root = SafeET.fromstring(zf.read(info))
    except Exception:  # noqa: BLE001 - not a zip, no custom properties, unsafe XML: no marker
        return False
    for prop in root:
        if prop.get("name") == MARK_PROPERTY:
            return any((child.text or "") == MARK_VALUE for child in prop)
    return False

