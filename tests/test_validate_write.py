"""`validate --write`: findings into the workbook, no input value changed, nothing else lost,
written atomically."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from cli_support import run
from conftest import sha256
from xlsxpatch import zip_parts

from xltoolkit.examples import load_example
from xltoolkit.io import load
from xltoolkit.io.update import UpdateError, apply
from xltoolkit.io.xlsx import open_workbook
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback
from xltoolkit.spec import load_spec

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FAKE_PARTS = {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 pretend VBA", "xl/drawings/vmlDrawing9.vml": b"<xml>knoppen</xml>"}


def copy_with_extras(src: Path, dst: Path) -> Path:
    """The example workbook plus parts openpyxl would drop (a VBA project, a VML drawing)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        for name, data in FAKE_PARTS.items():
            zout.writestr(name, data)
    return dst


def input_cells(path: Path, spec) -> dict[str, object]:
    """Every input cell's raw value and formula, by defined name (fields and aanwending columns)."""
    wb, zf = open_workbook(path)
    with zf:
        out = {}
        names = [f.id for f in spec.fields] + [f"aanwending_{c.id}" for c in spec.columns]
        for name in names:
            t = wb.target(name)
            out[name] = [(wb.cell(t.sheet, r, c).value, wb.cell(t.sheet, r, c).formula) for r, c in t.cells()]
        return out


def sheet_part(path: Path, sheet: str) -> str:
    wb, zf = open_workbook(path)
    with zf:
        return wb.sheet_paths[sheet]


@pytest.fixture()
def written(tmp_path, example_workbooks, spec):
    path = copy_with_extras(example_workbooks["004_kom_leren"], tmp_path / "kom_leren.xlsx")
    before = {"parts": zip_parts(path), "inputs": input_cells(path, spec), "sub": load(path, spec)}
    report = check(load(path, spec), spec)
    apply(path, controle_writeback(report, spec))
    return path, before, report


def test_no_input_value_changed(written, spec):
    path, before, _ = written
    assert input_cells(path, spec) == before["inputs"]
    assert load(path, spec) == before["sub"]


def test_only_the_written_sheets_change_and_everything_else_is_byte_identical(written):
    path, before, report = written
    after = zip_parts(path)
    assert set(after) == set(before["parts"])
    changed = {n for n in after if after[n] != before["parts"][n]}
    assert changed == {sheet_part(path, "Controle"), sheet_part(path, "Start"), sheet_part(path, "Lijsten")}
    for name, data in FAKE_PARTS.items():
        assert after[name] == data


def test_changed_sheets_keep_everything_outside_the_written_block(written):
    path, before, _ = written
    after = zip_parts(path)
    for sheet in ("Controle", "Lijsten"):
        part = sheet_part(path, sheet)
        old, new = ET.fromstring(before["parts"][part]), ET.fromstring(after[part])
        skip = {"sheetData", "hyperlinks", "dimension"}
        assert [ET.tostring(e) for e in old if e.tag.replace(NS, "") not in skip] == \
               [ET.tostring(e) for e in new if e.tag.replace(NS, "") not in skip], sheet
    lists_old = {c.get("r"): ET.tostring(c) for c in ET.fromstring(before["parts"][sheet_part(path, "Lijsten")]).iter(f"{NS}c")}
    lists_new = {c.get("r"): ET.tostring(c) for c in ET.fromstring(after[sheet_part(path, "Lijsten")]).iter(f"{NS}c")}
    kept = {r: x for r, x in lists_old.items() if r in lists_new}
    assert kept == {r: lists_new[r] for r in kept}, "a cell outside the list of marks changed"
    assert set(lists_old) <= set(lists_new)


def test_controle_rows_links_status_and_highlights(written, spec):
    path, _, report = written
    wb, zf = open_workbook(path)
    with zf:
        t = wb.target("controle_start")
        rows = [[wb.cell("Controle", t.first[0] + i, t.first[1] + j).value for j in range(5)] for i in range(len(report.findings))]
        status = wb.cell("Start", *wb.target("status_validatie").first).value
        controle_xml = wb.read_part(wb.sheet_paths["Controle"]).decode()
        marks = [wb.cell(*_at(wb, "markeringen", i)).value for i in range(10)]
    assert [r[1] for r in rows] == [f.code for f in report.findings]
    assert [r[2] for r in rows] == [f.message for f in report.findings]
    assert rows[0][0] == "Fout" and rows[0][3] == f"Gegevens!{report.findings[0].cell}"
    assert f"location=\"'Gegevens'!{report.findings[0].cell}\"" in controle_xml
    assert "4 fouten" in status
    assert [m for m in marks if m] == [f.field for f in report.findings if f.severity == "fout"]


def _at(wb, name, i):
    t = wb.target(name)
    return t.sheet, t.first[0] + i, t.first[1]


def test_rewriting_clears_earlier_rows_and_marks(written, spec):
    path, _, _ = written
    apply(path, controle_writeback(check(load_example("000_smart_limburg", spec), spec), spec))  # a check without findings
    wb, zf = open_workbook(path)
    with zf:
        assert all(wb.cell(*_at(wb, "markeringen", i)).value is None for i in range(20))
        t = wb.target("controle_start")
        assert wb.cell("Controle", *t.first).value == "Geen meldingen: alles is in orde."
        assert wb.cell("Controle", t.first[0] + 1, t.first[1]).value is None


def test_write_is_idempotent(written, spec):
    path, _, report = written
    from datetime import datetime

    when = datetime(2025, 1, 1, 12, 0)
    apply(path, controle_writeback(report, spec, when))
    once = zip_parts(path)
    apply(path, controle_writeback(report, spec, when))
    assert zip_parts(path) == once


def test_a_crash_mid_write_leaves_the_original_intact(tmp_path, example_workbooks, monkeypatch):
    path = copy_with_extras(example_workbooks["004_kom_leren"], tmp_path / "x.xlsx")
    before = sha256(path)
    report = check(load(path, load_spec()), load_spec())
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def crash(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("schijf vol")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", crash)
    with pytest.raises(UpdateError) as caught:
        apply(path, controle_writeback(report, load_spec()))
    assert caught.value.finding.code == "L046" and "schijf vol" in caught.value.finding.message
    assert sha256(path) == before
    assert list(tmp_path.glob(".x.xlsx.*")) == []


@pytest.mark.libreoffice
def test_libreoffice_opens_the_written_workbook(lo, written):
    path, _, report = written
    got = lo.recalculated_names(path, ["controle_start", "status_validatie", "bestuur", "live_leeg_totaal"])
    assert got["controle_start"] == [["Fout"]]
    assert "4 fouten" in got["status_validatie"][0][0]
    assert got["live_leeg_totaal"] == [[4.0]]


def test_cli_validate_exit_codes_and_json(tmp_path, example_workbooks):
    ok = run("validate", str(example_workbooks["000_smart_limburg"]))
    assert ok.returncode == 0 and "in orde" in ok.stdout
    bad = run("validate", "--json", str(example_workbooks["004_kom_leren"]))
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert data == {**check(load(example_workbooks["004_kom_leren"], load_spec()), load_spec()).as_dict(), "file": str(example_workbooks["004_kom_leren"])}
    junk = tmp_path / "kapot.xlsx"
    junk.write_text("geen werkboek")
    unreadable = run("validate", str(junk))
    assert unreadable.returncode == 2 and "geen Excel-werkboek" in unreadable.stderr


def test_cli_write_changes_the_file_and_reports(tmp_path, example_workbooks):
    path = tmp_path / "w.xlsx"
    path.write_bytes(example_workbooks["004_kom_leren"].read_bytes())
    proc = run("validate", "--write", str(path))
    assert proc.returncode == 1 and "blad Controle" in proc.stdout
    assert sha256(path) != sha256(example_workbooks["004_kom_leren"])
