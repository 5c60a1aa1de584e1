"""The VBA side of the .xlsm masters: an MS-OVBA writer (compression, dir/PROJECT streams, a
compound file) and the buttons that run xltoolkit through xlwings' RunPython.

    add_macros(wb, start_worksheet, board_macros(spec))   # before wb.close(), after the last add_worksheet()
"""

from __future__ import annotations

from xltoolkit.io.vba.macros import Button, MacroSpec, add_macros, board_macros, project_modules, swv_macros
from xltoolkit.io.vba.project import VbaModule, vba_project_bin

__all__ = ["Button", "MacroSpec", "VbaModule", "add_macros", "board_macros", "project_modules", "swv_macros", "vba_project_bin"]
