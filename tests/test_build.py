"""`xltoolkit build`: the master workbook, read back with openpyxl (an independent reader)."""

from __future__ import annotations

import io
from importlib import resources

import openpyxl
import pytest
from conftest import REPO
from xlsxpatch import zip_parts

from xltoolkit.io import build_bytes, master_filename
from xltoolkit.io.names import HASH_NAME, VERSION_NAME


@pytest.fixture(scope="module")
def master_bytes(spec) -> bytes:
    return build_bytes(spec)


@pytest.fixture(scope="module")
def wb(master_bytes):
    return openpyxl.load_workbook(io.BytesIO(master_bytes))


def test_committed_master_is_up_to_date(master_bytes, spec):
    committed = REPO / "workbook" / master_filename(spec)
    assert committed.exists(), "run `xltoolkit build` and commit workbook/"
    stale = [n for n, data in zip_parts(master_bytes).items() if zip_parts(committed.read_bytes()).get(n) != data]
    assert not stale, f"workbook/{committed.name} is stale (parts {stale}); run `xltoolkit build` and commit it"


def test_installed_package_ships_the_master(spec):
    shipped = resources.files("xltoolkit.workbook").joinpath(master_filename(spec))
    assert shipped.is_file()


def test_build_is_reproducible(master_bytes, spec):
    assert build_bytes(spec) == master_bytes


def test_sheets_in_order_with_lists_hidden(wb, spec):
    expected = ["Start", *[s.sheet for s in spec.sections], "Controle", "Reconciliatie", "Lijsten"]
    assert wb.sheetnames == expected
    assert wb["Lijsten"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in expected[:-1])


def test_every_field_is_a_defined_name_on_its_sheet(wb, spec):
    names = wb.defined_names
    for f in spec.fields:
        assert f.id in names, f.id
        (sheet, ref), = list(names[f.id].destinations)
        assert sheet == spec.section(f.section).sheet, f.id


def test_input_cells_unlocked_styled_and_sheets_protected(wb, spec):
    for f in spec.fields:
        (sheet, ref), = list(wb.defined_names[f.id].destinations)
        first = wb[sheet][ref.replace("$", "").split(":")[0]]
        assert first.protection.locked is False, f.id
        assert first.fill.fgColor.rgb.endswith("FFF2CC"), f.id
    for ws in wb.worksheets:
        assert ws.protection.sheet is True, ws.title
        assert not ws.protection.password, ws.title
    title = wb["A1 Ankerpunten"]["B1"]
    assert title.protection.locked is True


def _validations(wb, sheet):
    return {str(r): dv for dv in wb[sheet].data_validations.dataValidation for r in dv.sqref.ranges}


def _address(wb, name):
    (sheet, ref), = list(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def test_data_validation(wb, spec):
    sheet, ref = _address(wb, "regios")
    dv = _validations(wb, sheet)[ref]
    assert dv.type == "list" and dv.formula1 == "lijst_yesno"
    sheet, ref = _address(wb, "schooljaar")
    dv = _validations(wb, sheet)[ref]
    assert dv.type == "custom" and "VALUE(RIGHT" in dv.formula1 and "2023-2024" in dv.error
    sheet, ref = _address(wb, "ontvangen_terugploeg_PO3105")
    dv = _validations(wb, sheet)[ref]
    assert dv.type == "custom" and ">=0" in dv.formula1 and '"PM"' in dv.formula1
    for s in spec.process_sections:
        sheet, ref = _address(wb, f"{s.id}_nummers")
        dv = _validations(wb, sheet)[ref]
        lo, hi = s.indicators
        assert dv.type == "list" and dv.formula1 == f"lijst_ind_{s.id}"
        assert f"{lo} t/m {hi}" in dv.prompt and spec.indicators[lo][:20] in dv.prompt


def test_indicator_lists_hold_exactly_the_part_range(wb, spec):
    for s in spec.process_sections:
        sheet, ref = _address(wb, f"lijst_ind_{s.id}")
        values = [c.value for row in wb[sheet][ref] for c in row]
        lo, hi = s.indicators
        nvt = ["n.v.t."] if s.relevance else []
        assert values == [*range(lo, hi + 1), *nvt]


def test_aanwending_is_an_excel_table_with_named_columns(wb, spec):
    ws = wb[spec.middelen_section.sheet]
    table = ws.tables["tbl_aanwending"]
    headers = [c.value for c in ws[table.ref][0]]
    assert headers == [c.label for c in spec.columns]
    for c in spec.columns:
        assert f"aanwending_{c.id}" in wb.defined_names


def test_live_checks_are_formulas_over_names(wb, spec):
    for r in spec.region_codes:
        sheet, ref = _address(wb, f"live_verschil_{r}")
        assert wb[sheet][ref].value == f"=live_ontvangen_{r}-live_besteed_{r}"
        sheet, ref = _address(wb, f"live_toegewezen_{r}")
        assert "SUMIFS(aanwending_bedrag,aanwending_regio" in wb[sheet][ref].value
    for s in spec.sections:
        sheet, ref = _address(wb, f"live_leeg_{s.id}")
        formula = wb[sheet][ref].value
        assert sheet == "Start"
        for f in s.required_fields:
            assert f.id in formula


def test_conditional_formatting_marks_empty_required_and_difference(wb, spec):
    sheet, ref = _address(wb, "bestuur")
    rules = [r for cf in wb[sheet].conditional_formatting for r in cf.rules if ref in str(cf.sqref)]
    assert any("LEN(TRIM(bestuur))" in r.formula[0] for r in rules)
    # the difference is red where its status is a verdict (Tekort, Overschot), not where it is indicatief
    sheet, ref = _address(wb, "live_verschil_PO3104")
    ranges = [str(cf.sqref) for cf in wb[sheet].conditional_formatting
              if any('"Tekort"' in r.formula[0] and '"Overschot"' in r.formula[0] for r in cf.rules if r.formula)]
    assert any(ref.replace("$", "") in rng for rng in ranges)


def test_print_layout_a4_fit_to_width(wb):
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        # fitToWidth defaults to 1 in the file format when absent
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_template_version_and_hash_stored(wb, spec, master_bytes):
    sheet, ref = _address(wb, VERSION_NAME)
    assert wb[sheet][ref].value == spec.version
    sheet, ref = _address(wb, HASH_NAME)
    assert wb[sheet][ref].value == spec.hash
    custom = zip_parts(master_bytes)["docProps/custom.xml"].decode()
    assert spec.hash in custom and spec.version in custom


def test_start_sheet_has_steps_and_links(wb, spec):
    ws = wb["Start"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Valideren" in t for t in texts)
    for i, step in enumerate(spec.workbook.start_steps, 1):
        assert f"{i}. {step}" in texts
    links = {c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    assert {f"'{s.sheet}'!A1" for s in spec.sections} <= links


# -- what a board sees (issue 14) ---------------------------------------------------------------


def _start_status_cells(wb, spec) -> list[str]:
    """The Status cell of each part in Start's "Stand van zaken", by the part's row."""
    ws = wb["Start"]
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    return [f"D{rows[s.short]}" for s in spec.sections]


@pytest.mark.libreoffice
def test_untouched_is_not_complete(wb, spec, tmp_path, lo):
    """No part of the blank master reads "Compleet": an untouched part is "Nog niet begonnen"
    (also Aanwending middelen SWV, where nothing is required) or, when nothing in it is required,
    "Optioneel". Once a board filled it in (example 000), its parts are "Compleet". LibreOffice's
    recalculation agrees with the cached values Excel shows before it recalculates."""
    from xltoolkit.examples import load_example
    from xltoolkit.io import save

    cells = _start_status_cells(wb, spec)
    optional = {s.short for s in spec.sections if s.kind != "funding" and not any(f.required for f in s.fields)}
    blank = REPO / "workbook" / master_filename(spec)
    filled = save(load_example("000_smart_limburg", spec), tmp_path / "smart.xlsx", spec)
    for path, word in ((blank, "Nog niet begonnen"), (filled, "Compleet")):
        expected = ["Optioneel" if s.short in optional else word for s in spec.sections]
        cached = openpyxl.load_workbook(path, data_only=True)["Start"]
        assert [cached[c].value for c in cells] == expected, path.name
        got = lo.run_job(path, [{"op": "recalc"}, {"op": "cell_kinds", "sheet": "Start", "cells": cells}])["1"]
        assert [c["text"] for c in got] == expected, path.name


def test_one_colour_language(wb, spec):
    """Yellow = type here; a required empty cell keeps its yellow and gets a red dashed border
    (explained on Start); a red fill is only for a fout that Valideren marked."""
    sheet, ref = _address(wb, "bestuur")
    rules = [r for cf in wb[sheet].conditional_formatting for r in cf.rules if ref in str(cf.sqref)]
    empty = next(r for r in rules if "LEN(TRIM(bestuur))" in r.formula[0])
    assert empty.dxf.fill is None or empty.dxf.fill.fgColor.rgb in (None, "00000000")
    assert empty.dxf.border.left.style == "dashed"
    texts = [c.value for row in wb["Start"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("rode stippelrand" in t for t in texts) and any(t.startswith("Rood: een fout") for t in texts)


def test_amounts_whole_euros_unless_cents(wb, spec):
    """An amount shows as the board typed it: whole euros, and cents only when there are cents."""
    field = next(f for f in spec.fields if f.type == "money")
    sheet, ref = _address(wb, field.id)
    cell = wb[sheet][ref.split(":")[0]]
    assert ".00" not in cell.number_format and "#,##0" in cell.number_format
    cents = [r for cf in wb[sheet].conditional_formatting for r in cf.rules
             if ref.split(":")[0] in str(cf.sqref) and r.formula and "ROUND(" in r.formula[0]]
    assert cents and cents[0].dxf.numFmt is not None and "0.00" in cents[0].dxf.numFmt.formatCode
