"""The VBA side of the .xlsm masters: an MS-OVBA writer (compression, dir/PROJECT streams, a
compound file) and the buttons that run xltoolkit through xlwings' RunPython.

    add_macros(wb, start_worksheet, BOARD)   # before wb.close(), after the last add_worksheet()
"""

from __future__ import annotations

from xltoolkit.io.vba.macros import BOARD, Button, MacroSpec, add_macros, project_modules
from xltoolkit.io.vba.project import VbaModule, vba_project_bin

__all__ = ["BOARD", "Button", "MacroSpec", "VbaModule", "add_macros", "project_modules", "vba_project_bin"]
