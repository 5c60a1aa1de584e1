"""Module source as VBA stores it, from exported module files (.bas, .cls) and generated documents.

An exported .bas is stored as it is. An exported .cls starts with a `VERSION 1.0 CLASS` /
`BEGIN ... END` header that the VBA editor drops on import; the stored text starts with the
class attributes in a fixed order, `VB_Base` naming the class-module base. Line ends are CRLF.
xlwings' standalone module and its Dictionary class come from the installed xlwings package, so
the VBA always matches the Python side that RunPython starts.
"""

from __future__ import annotations

import re
from pathlib import Path

import xlwings

from xltoolkit.io.vba.project import VbaModule

CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"  # a class module
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"  # Excel's Workbook object
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"  # Excel's Worksheet object
_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"\r?$', re.MULTILINE)
_ATTRIBUTE = re.compile(r"^Attribute (VB_\w+) = (.*)$")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def read_module(path: Path) -> VbaModule:
    """A standard module (.bas) or class module (.cls) from its exported file."""
    path = Path(path)
    text = crlf(path.read_text(encoding="cp1252"))
    if path.suffix.lower() == ".bas":
        return VbaModule(_name(text, path), "standard", text)
    if path.suffix.lower() == ".cls":
        return VbaModule(_name(text, path), "class", class_source(text))
    raise ValueError(f"{path.name}: a VBA module file ends in .bas or .cls")


def _name(text: str, path: Path) -> str:
    match = _NAME.search(text)
    if not match or (path.suffix.lower() == ".bas" and not text.startswith("Attribute VB_Name")):
        raise ValueError(f'{path.name}: must start with Attribute VB_Name = "..." (as the VBA editor exports it)')
    return match.group(1)


def class_source(exported: str) -> str:
    """The stored text of a class module from its exported .cls text."""
    lines = crlf(exported).split("\r\n")
    if lines[0].startswith("VERSION "):
        lines = lines[lines.index("END") + 1:]
    given: dict[str, str] = {}
    while lines and (m := _ATTRIBUTE.match(lines[0])):
        given[m.group(1)] = m.group(2)
        lines.pop(0)
    block = _attribute_block(given["VB_Name"].strip('"'), CLASS_BASE, document=False)
    block.update({k: v for k, v in given.items() if k in block and k != "VB_Base"})
    block.update({k: v for k, v in given.items() if k not in block})  # e.g. VB_Description, after the block
    return "\r\n".join([f"Attribute {k} = {v}" for k, v in block.items()] + lines)


def document_module(name: str, base: str) -> VbaModule:
    """The (empty) module behind the workbook or a worksheet, keyed by its code name."""
    block = _attribute_block(name, base, document=True)
    return VbaModule(name, "document", "".join(f"Attribute {k} = {v}\r\n" for k, v in block.items()))


def _attribute_block(name: str, base: str, document: bool) -> dict[str, str]:
    """The attributes the VBA editor stores first in a class or document module, in its order."""
    flag = str(document)  # a document module is predeclared, exposed and customizable
    return {
        "VB_Name": f'"{name}"', "VB_Base": f'"{base}"', "VB_GlobalNameSpace": "False", "VB_Creatable": "False",
        "VB_PredeclaredId": flag, "VB_Exposed": flag, "VB_TemplateDerived": "False", "VB_Customizable": flag,
    }


def xlwings_dir() -> Path:
    return Path(xlwings.__file__).parent


def xlwings_modules() -> list[VbaModule]:
    """xlwings' standalone module and the Dictionary class it needs on the Mac, as
    `xlwings quickstart --standalone` and `xlwings release` put them in a workbook."""
    root = xlwings_dir()
    return [read_module(root / "xlwings.bas"), read_module(root / "addin" / "Dictionary.cls")]
