"""The .xlsm master in a real office suite: LibreOffice headless opens it, imports the VBA project
into its "VBAProject" Basic library (every module, of the right kind, with our source) and binds
each button on Start to its macro, also when the file has been renamed."""

from __future__ import annotations

import shutil

import pytest

from xltoolkit.io import build_bytes
from xltoolkit.io.vba import board_macros, project_modules
from xltoolkit.spec import load_spec

pytestmark = pytest.mark.libreoffice

BOARD = board_macros(load_spec())
LO_KIND = {"standard": "normal", "class": "class", "document": "document"}


@pytest.fixture(scope="module")
def renamed_xlsm(tmp_path_factory, spec):
    """The master under a name a board might give it: nothing may depend on the file name."""
    folder = tmp_path_factory.mktemp("xlsm")
    original = folder / "verantwoording-passend-onderwijs.xlsm"
    original.write_bytes(build_bytes(spec, xlsm=True))
    renamed = folder / "Kopie van Verantwoording 2024 (def).xlsm"
    shutil.copy(original, renamed)
    return renamed


@pytest.fixture(scope="module")
def seen(lo, renamed_xlsm, spec):
    ops = [{"op": "basic_modules", "library": "VBAProject"},
           {"op": "form_buttons", "sheet": spec.workbook.start_sheet}, {"op": "sheets"}]
    result = lo.run_job(renamed_xlsm, ops)
    return {"library": result["0"], "buttons": result["1"], "sheets": result["2"]}


def test_libreoffice_imports_every_module_of_its_kind(seen):
    library = seen["library"]
    assert library is not None, "LibreOffice found no VBAProject library"
    assert library["vba_mode"] is True
    expected = project_modules(BOARD, len(seen["sheets"]))
    assert {name: m["type"] for name, m in library["modules"].items()} == {m.name: LO_KIND[m.kind] for m in expected}


def test_libreoffice_holds_our_source(seen):
    source = seen["library"]["modules"]["xltoolkit"]["source"]
    for b in BOARD.buttons:
        assert f"Public Sub {b.macro}()" in source
        assert f'RunPython "import xltoolkit.excel as e; e.{b.macro}()"' in source


def test_each_button_is_bound_to_its_macro(seen):
    got = [(b["label"], [(e["method"], e["code"]) for e in b["events"]]) for b in seen["buttons"]]
    assert got == [
        (b.caption, [("actionPerformed",
                      f"vnd.sun.star.script:VBAProject.xltoolkit.{b.macro}?language=Basic&location=document")])
        for b in BOARD.buttons
    ]
