"""Buttons and VBA in a master workbook (.xlsm): which macros, which modules, where the buttons go.

A `MacroSpec` lists the module files (from `workbook/vba/`) and the buttons: caption, the macro
it runs and its place on the Start sheet. `add_macros` puts it into an xlsxwriter workbook: code
names for the workbook and every sheet, a document module for each (what Excel itself stores),
the spec's modules, xlwings' standalone module and its Dictionary class, and the buttons bound to
their macros (`[0]!validate` in the sheet's VML: a macro of this workbook, whatever its file is
called). Each macro calls `RunPython`, which runs in the workbook that holds the code
(ThisWorkbook), so renaming the file breaks nothing.

The SWV master (issue 6) uses the same mechanism with its own spec, e.g.
`MacroSpec("swv", ("xltoolkit.bas", "samenvoegen.bas"), (Button("Samenvoegen", "merge", 0, 4), ...))`
and `add_macros(wb, start_ws, SWV)` once all its sheets exist.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from xltoolkit.io.vba.project import VbaModule, vba_project_bin
from xltoolkit.io.vba.sources import WORKBOOK_BASE, WORKSHEET_BASE, document_module, read_module, xlwings_modules
from xltoolkit.spec import TemplateSpec

WORKBOOK_CODENAME = "ThisWorkbook"


@dataclass(frozen=True)
class Button:
    """A form button on the Start sheet: top-left corner in cell (row, col), 0-based, size in pixels."""

    caption: str
    macro: str
    row: int
    col: int
    width: int = 112
    height: int = 26
    x_offset: int = 3
    y_offset: int = 3


@dataclass(frozen=True)
class MacroSpec:
    """What one master workbook carries: `key` names its VBA project (a fixed GUID derives
    from it), `modules` are file names in `source` (default: the package's workbook/vba/)."""

    key: str
    modules: tuple[str, ...]
    buttons: tuple[Button, ...]
    source: Path | None = None

    def module_files(self) -> list[Path]:
        folder = Path(self.source) if self.source else Path(str(resources.files("xltoolkit.workbook").joinpath("vba")))
        return [folder / name for name in self.modules]


def board_macros(spec: TemplateSpec) -> MacroSpec:
    """The board's master: the spec's buttons side by side at the top right of the Start sheet,
    in the title row (from column E), where the Start sheet has no content and every screen shows them."""
    raw = spec.workbook.buttons
    # One column (about 117 px) per button; only the last may be wider than its column.
    buttons = tuple(
        Button(b.caption, b.macro, 0, 4 + i, width=110 if i < len(raw) - 1 else max(110, 8 * len(b.caption) + 16))
        for i, b in enumerate(raw)
    )
    return MacroSpec(key="xltoolkit.bestuur", modules=("xltoolkit.bas",), buttons=buttons)


def swv_macros(spec: TemplateSpec) -> MacroSpec:
    """The SWV's workbook: its button(s) in the title row from column E, as on the board's Start."""
    buttons = tuple(Button(b.caption, b.macro, 0, 4 + i, width=120) for i, b in enumerate(spec.workbook.swv_buttons))
    return MacroSpec(key="xltoolkit.swv", modules=("samenvoegen.bas",), buttons=buttons)


def sheet_codename(index: int) -> str:
    """The code name of the sheet at `index` (0-based), as xlsxwriter and Excel name them."""
    return f"Sheet{index + 1}"


def own_modules(spec: MacroSpec) -> list[VbaModule]:
    """The spec's modules, checked: every button's macro is a Sub in one of them."""
    own = [read_module(p) for p in spec.module_files()]
    for b in spec.buttons:
        if not any(_defines(m, b.macro) for m in own):
            raise ValueError(f"button {b.caption!r}: no Sub {b.macro}() in {', '.join(spec.modules)}")
    return own


def project_modules(spec: MacroSpec, sheet_count: int) -> list[VbaModule]:
    """Every module of the project, in project order: documents, the spec's modules, xlwings."""
    documents = [document_module(WORKBOOK_CODENAME, WORKBOOK_BASE)]
    documents += [document_module(sheet_codename(i), WORKSHEET_BASE) for i in range(sheet_count)]
    return documents + own_modules(spec) + xlwings_modules()


def add_macros(wb: Any, start: Any, spec: MacroSpec) -> None:
    """Give xlsxwriter workbook `wb` the VBA project of `spec` and put its buttons on worksheet
    `start`. Call it after the last sheet is added: every sheet needs its document module."""
    sheets = wb.worksheets()
    wb.set_vba_name(WORKBOOK_CODENAME)
    for i, ws in enumerate(sheets):
        ws.set_vba_name(sheet_codename(i))
    modules = project_modules(spec, len(sheets))
    wb.add_vba_project(io.BytesIO(vba_project_bin(modules, spec.key)), is_stream=True)
    for b in spec.buttons:
        start.insert_button(b.row, b.col, {
            "macro": b.macro, "caption": b.caption, "description": b.caption,
            "width": b.width, "height": b.height, "x_offset": b.x_offset, "y_offset": b.y_offset,
        })


def _defines(module: VbaModule, macro: str) -> bool:
    """`Sub macro()` or `Public Sub macro()` (a button can only run a Sub without arguments)."""
    heads = {f"sub {macro.lower()}()", f"public sub {macro.lower()}()"}
    return module.kind == "standard" and any(line.strip().lower() in heads for line in module.code.split("\r\n"))
