"""The SWV's workbook with its Samenvoegen button: the .xlsm, and the entry point behind it run
through xlwings' remote engine on a payload built from the real SWV workbook."""

from __future__ import annotations

import openpyxl
import xlwings as xw
from conftest import REPO
from excel_actions import apply_actions
from test_vba_workbook import olevba_modules
from xlsxpatch import zip_parts

import xltoolkit.excel as excel
from xltoolkit.excel.payload import book_payload
from xltoolkit.io.swv_workbook import NAMEN, build_swv_bytes, swv_filename
from xltoolkit.io.vba import add_macros
from xltoolkit.io.vba.macros import swv_macros
from xltoolkit.io.xlsx import ref_to_rowcol
from xltoolkit.spec import load_spec


def test_committed_swv_xlsm_is_up_to_date_and_carries_the_button(spec):
    built = build_swv_bytes(spec, lambda wb, ws: add_macros(wb, ws, swv_macros(spec)))
    committed = (REPO / "workbook" / swv_filename(xlsm=True)).read_bytes()
    assert zip_parts(built) == zip_parts(committed), "run `xltoolkit build` and commit workbook/"
    modules = olevba_modules(committed, "swv.xlsm")
    assert "samenvoegen" in modules and 'e.merge()' in modules["samenvoegen"][1]
    vml = "".join(v.decode("utf-8", "replace") for n, v in zip_parts(committed).items() if n.endswith(".vml"))
    assert "[0]!merge" in vml and "Samenvoegen" in vml


def test_samenvoegen_button_merges_the_folder_and_writes_the_outcome(tmp_path, example_workbooks):
    folder = tmp_path / "ingeleverd"
    folder.mkdir()
    for path in example_workbooks.values():
        (folder / path.name).write_bytes(path.read_bytes())
    swv = tmp_path / swv_filename()
    swv.write_bytes((REPO / "workbook" / swv_filename()).read_bytes())
    payload = book_payload(swv)
    payload["book"]["name"] = str(swv)
    names = {n["name"]: n for n in payload["names"]}
    sheet = payload["sheets"][names[NAMEN["map"]]["sheet_index"]]
    r, c = ref_to_rowcol(names[NAMEN["map"]]["address"])
    sheet["values"][r - 1][c - 1] = str(folder)
    book = xw.Book(json=payload)
    excel.merge(book)
    applied = apply_actions(payload, book.json()["actions"])
    (message, title), = applied.alerts
    assert title == "Samenvoegen" and "4 van 4 werkboeken opgenomen" in message
    overview = tmp_path / "overzicht-samenvoeging.xlsx"
    assert overview.exists()
    assert {"Overzicht", "Middelen per regio", "Problemen"} <= set(openpyxl.load_workbook(overview, read_only=True).sheetnames)
    sr, sc = ref_to_rowcol(names[NAMEN["opgenomen"]]["address"])
    assert applied.value(sheet["name"], sr, sc) == 4


def test_a_server_confines_samenvoegen_to_its_folder(tmp_path, example_workbooks):
    """The add-in passes a root: a path outside it is refused (M082) and nothing is written."""
    from xltoolkit.services.merge.settings import MergeSettings, merge_with

    root = tmp_path / "toegestaan"
    root.mkdir()
    elders = tmp_path / "elders"
    elders.mkdir()
    (elders / "a.xlsx").write_bytes(example_workbooks["000_smart_limburg"].read_bytes())
    outcome = merge_with(MergeSettings(folder=elders, overzicht=root / "overzicht.xlsx"), load_spec(), root=root)
    assert [f.code for f in outcome.findings] == ["M082"] and str(root) in outcome.findings[0].message
    assert not (root / "overzicht.xlsx").exists()
    sneaky = merge_with(MergeSettings(folder=root / ".." / "elders", overzicht=root / "o.xlsx"), load_spec(), root=root)
    assert [f.code for f in sneaky.findings] == ["M082"]
