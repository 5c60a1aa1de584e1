"""Edit a workbook's XML directly, the way a broken or hostile file would look.

Tests use this to make the bad inputs a reader must survive (a missing defined name, text in a
number cell, a formula in an input cell, an old template version) without openpyxl, which would
rewrite the whole file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from xltoolkit.io.xlsx import Workbook, parse_reference, ref_to_rowcol


def zip_parts(source: bytes | Path) -> dict[str, bytes]:
    """Every part of a workbook (bytes or a file), by name: to compare two files part by part."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rewrite(path: Path, out: Path, part: str, fn) -> Path:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                data = fn(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return out


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return Workbook(zf).sheet_paths[sheet]


def name_cell(path: Path, name: str) -> tuple[str, str]:
    """(sheet, A1 address) of the first cell of a defined name."""
    with zipfile.ZipFile(path) as zf:
        t = parse_reference(Workbook(zf).defined_names[name])
    from xltoolkit.io.xlsx import rowcol_to_ref

    return t.sheet, rowcol_to_ref(*t.first)


def set_cell_xml(path: Path, out: Path, sheet: str, ref: str, inner: str, attrs: str = "") -> Path:
    """Replace cell `ref` on `sheet` by `<c r=ref attrs>inner</c>` (keeping its style)."""
    row = ref_to_rowcol(ref)[0]

    def fn(xml: str) -> str:
        pattern = re.compile(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', re.S)
        m = pattern.search(xml)
        if m:
            style = re.search(r's="\d+"', m.group(1))
            new = f'<c r="{ref}" {style.group(0) if style else ""} {attrs}>{inner}</c>'
            return xml[: m.start()] + new + xml[m.end():]
        row_m = re.search(rf'<row r="{row}"[^>]*?(/>|>)', xml)
        assert row_m, f"row {row} not in sheet"
        if row_m.group(1) == "/>":
            return xml[: row_m.start()] + row_m.group(0)[:-2] + f'><c r="{ref}" {attrs}>{inner}</c></row>' + xml[row_m.end():]
        return xml[: row_m.end()] + f'<c r="{ref}" {attrs}>{inner}</c>' + xml[row_m.end():]

    return _rewrite(path, out, sheet_part(path, sheet), fn)


def set_text(path: Path, out: Path, sheet: str, ref: str, text: str) -> Path:
    return set_cell_xml(path, out, sheet, ref, f"<is><t>{escape(text)}</t></is>", 't="inlineStr"')


def set_number(path: Path, out: Path, sheet: str, ref: str, number: float) -> Path:
    return set_cell_xml(path, out, sheet, ref, f"<v>{number}</v>")


def set_formula(path: Path, out: Path, sheet: str, ref: str, formula: str, cached: str | float) -> Path:
    if isinstance(cached, str):
        return set_cell_xml(path, out, sheet, ref, f"<f>{escape(formula)}</f><v>{escape(cached)}</v>", 't="str"')
    return set_cell_xml(path, out, sheet, ref, f"<f>{escape(formula)}</f><v>{cached}</v>")


def drop_defined_name(path: Path, out: Path, name: str) -> Path:
    return _rewrite(path, out, "xl/workbook.xml",
                    lambda xml: re.sub(rf'<definedName name="{name}"[^>]*>[^<]*</definedName>', "", xml))
