"""Bad input: each case gets a clear Dutch message with a code naming the place, and the input
file is never changed."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl
import pytest

import xlsxpatch as xp
from conftest import sha256
from xltoolkit.io import WorkbookError, load, save
from xltoolkit.model.money import Bedrag
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import Onleesbaar
from xltoolkit.services.validate import validate


@pytest.fixture()
def filled(tmp_path, spec) -> Path:
    sub = Submission.from_values({
        "bestuur": "Stichting Proef", "schooljaar": "2023-2024", "regios": ("PO3105",), "heeft_sbo_so": False,
        "thuiszitters": "Geen thuiszitters.", "thuiszitters_aantal": 0,
        "ontvangen_terugploeg_PO3105": Bedrag.of(1000),
    })
    return save(sub, tmp_path / "proef.xlsx", spec)


def fatal(path: Path) -> str:
    before = sha256(path)
    with pytest.raises(WorkbookError) as err:
        load(path)
    assert sha256(path) == before, "the input file was changed"
    f = err.value.finding
    assert f.severity == "fout" and path.name in f.message
    return f.code


def findings(path: Path, code: str):
    before = sha256(path)
    sub = load(path)
    assert sha256(path) == before, "the input file was changed"
    return sub, [f for f in sub.bron.findings if f.code == code]


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError) as err:
        load(tmp_path / "weg.xlsx")
    assert err.value.finding.code == "L001"


def test_not_a_workbook(tmp_path):
    text = tmp_path / "brief.xlsx"
    text.write_text("Beste SWV, hierbij onze verantwoording.", encoding="utf-8")
    assert fatal(text) == "L002"
    docx = tmp_path / "verslag.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert fatal(docx) == "L002"


def test_password_protected(tmp_path, filled):
    locked = tmp_path / "beveiligd.xlsx"
    with filled.open("rb") as src, locked.open("wb") as dst:
        office = OOXMLFile(src)
        office.encrypt("geheim", dst)
    assert fatal(locked) == "L003"


def test_old_xls(tmp_path):
    old = tmp_path / "oud.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    assert fatal(old) == "L005"


def test_truncated_file_is_corrupt(tmp_path, filled):
    broken = tmp_path / "kapot.xlsx"
    data = filled.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    assert fatal(broken) == "L004"


def test_broken_xml_is_corrupt(tmp_path, filled):
    broken = tmp_path / "kapot2.xlsx"
    xp._rewrite(filled, broken, xp.sheet_part(filled, "Gegevens"), lambda xml: xml[: len(xml) // 2])
    assert fatal(broken) == "L004"


def test_xml_entity_bomb_is_refused(tmp_path, filled):
    bomb = tmp_path / "bom.xlsx"
    payload = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><sst>&b;</sst>'
    xp._rewrite(filled, bomb, "xl/sharedStrings.xml", lambda xml: payload)
    assert fatal(bomb) == "L004"


def test_foreign_workbook(tmp_path):
    other = tmp_path / "begroting.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Begroting 2024"
    wb.save(other)
    assert fatal(other) == "L006"


def test_other_major_template_version(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "sjabloon_versie")
    newer = xp.set_text(filled, tmp_path / "v2.xlsx", sheet, cell, "2.0")
    assert fatal(newer) == "L007"


def test_other_minor_template_version_is_read_with_a_warning(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "sjabloon_versie")
    older = xp.set_text(filled, tmp_path / "v1-0.xlsx", sheet, cell, "1.9")
    sub, found = findings(older, "L008")
    assert found and found[0].severity == "waarschuwing" and "1.9" in found[0].message
    assert sub.bestuur == "Stichting Proef"


def test_defined_name_missing(tmp_path, filled):
    broken = xp.drop_defined_name(filled, tmp_path / "naamloos.xlsx", "bestuur")
    sub, found = findings(broken, "L010")
    assert sub.bestuur is None and sub.schooljaar == "2023-2024"
    (f,) = found
    assert f.field == "bestuur" and f.sheet == "Gegevens" and "'bestuur'" in f.message and "Namenbeheer" in f.message


def test_sheet_deleted(tmp_path, filled):
    """Excel turns names on a deleted sheet into #REF!; the sheet entry itself is gone."""
    out = tmp_path / "zonder-blad.xlsx"

    def drop(xml: str) -> str:
        import re

        xml = re.sub(r'<sheet name="A2 Thuiszitters"[^>]*/>', "", xml)
        return re.sub(r"'A2 Thuiszitters'!\$[A-Z]+\$\d+", "#REF!", xml)

    xp._rewrite(filled, out, "xl/workbook.xml", drop)
    sub, found = findings(out, "L011")
    assert {f.field for f in found} == {"thuiszitters", "thuiszitters_aantal"}
    assert all("A2 Thuiszitters" in f.message for f in found)
    assert sub.get("thuiszitters") is None and sub.bestuur == "Stichting Proef"


def test_sheet_renamed_by_excel_still_reads(tmp_path, filled):
    out = tmp_path / "hernoemd.xlsx"
    xp._rewrite(filled, out, "xl/workbook.xml", lambda xml: xml.replace("A2 Thuiszitters", "Thuis zitters 2024"))
    sub = load(out)
    assert sub == load(filled) and not sub.bron.findings
    assert sub.bron.cells["thuiszitters"].sheet == "Thuis zitters 2024"


def test_text_where_a_number_belongs(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_text(filled, tmp_path / "tekst.xlsx", sheet, cell, "een stuk of vijf")
    sub, (f,) = findings(out, "L020")
    assert sub.get("thuiszitters_aantal") == Onleesbaar("een stuk of vijf", "aantal")
    assert (f.sheet, f.cell, f.field) == (sheet, cell, "thuiszitters_aantal")
    assert f"{sheet}!{cell}" in f.message and "'een stuk of vijf'" in f.message and "geen aantal" in f.message


def test_money_as_dutch_text_is_understood(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_text(filled, tmp_path / "nl.xlsx", sheet, cell, "€ 81.739,-")
    sub, found = findings(out, "L020")
    assert sub.ontvangen("terugploeg", "PO3105") == Bedrag(euro=Decimal("81739")) and not found
    (note,) = findings(out, "L025")[1]
    assert note.severity == "waarschuwing" and (note.sheet, note.cell) == (sheet, cell) and "€ 81.739" in note.message


def test_negative_amount(tmp_path, filled):
    """Read as it is (nothing lost); validation reports it at the cell."""
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_number(filled, tmp_path / "neg.xlsx", sheet, cell, -500)
    before = sha256(out)
    sub = load(out)
    assert sub.ontvangen("terugploeg", "PO3105") == Bedrag.of(-500)
    (f,) = [f for f in validate(sub).findings if f.code == "V007"]
    assert f.severity == "fout" and (f.sheet, f.cell) == (sheet, cell) and "€ -500" in f.message
    assert sha256(out) == before


def test_formula_in_input_cell_uses_cached_value_without_running_it(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "bestuur")
    out = xp.set_formula(filled, tmp_path / "formule.xlsx", sheet, cell, 'WEBSERVICE("http://evil")&"Stichting X"', "Stichting X")
    sub, (f,) = findings(out, "L022")
    assert sub.bestuur == "Stichting X"
    assert f.severity == "waarschuwing" and f.cell == cell and "WEBSERVICE" in f.message
    assert sub.bron.formulas[f"{sheet}!{cell}"].startswith("=WEBSERVICE")


def test_error_value_in_input_cell(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(filled, tmp_path / "fout.xlsx", sheet, cell, "<f>1/0</f><v>#DIV/0!</v>", 't="e"')
    sub, (f,) = findings(out, "L023")
    assert sub.get("thuiszitters_aantal") is None and "#DIV/0!" in f.message


def test_text_with_escape_lookalike_survives(tmp_path, spec):
    sub = Submission.from_values({"bestuur": "a_x0041_b", "ankerpunt_1": "tab\there \u00a0en meer"})
    assert load(save(sub, tmp_path / "esc.xlsx", spec), spec) == sub
