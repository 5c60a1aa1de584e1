"""Bad input: each case gets a clear Dutch message with a code naming the place, and the input
file is never changed."""

from __future__ import annotations

import json
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import fuzz
import openpyxl
import pytest
import xlsxpatch as xp
from conftest import sha256
from msoffcrypto.format.ooxml import OOXMLFile

from xltoolkit.io import WorkbookError, load, save
from xltoolkit.model.money import Bedrag, format_euro
from xltoolkit.model.submission import Submission
from xltoolkit.model.values import (
    LIMITS,
    Unreadable,
    read_count,
    read_money,
    read_percentage,
)
from xltoolkit.services.validate import validate
from xltoolkit.spec import load_spec


@pytest.fixture()
def filled(tmp_path, spec) -> Path:
    sub = Submission.from_values({
        "bestuur": "Stichting Proef", "schooljaar": "2023-2024", "regios": ("PO3105",), "heeft_sbo_so": False,
        "thuiszitters": "Geen thuiszitters.", "thuiszitters_aantal": 0,
        "ontvangen_terugploeg_PO3105": Bedrag.of(1000),
    }, spec=spec)
    return save(sub, tmp_path / "proef.xlsx", spec)


def fatal(path: Path) -> str:
    before = sha256(path)
    with pytest.raises(WorkbookError) as err:
        load(path, load_spec())
    assert sha256(path) == before, "the input file was changed"
    f = err.value.finding
    assert f.severity == "fout" and path.name in f.message
    return f.code


def findings(path: Path, code: str):
    before = sha256(path)
    sub = load(path, load_spec())
    assert sha256(path) == before, "the input file was changed"
    return sub, [f for f in sub.source.findings if f.code == code]


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError) as err:
        load(tmp_path / "weg.xlsx", load_spec())
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
    sub = load(out, load_spec())
    assert sub == load(filled, load_spec()) and not sub.source.findings
    assert sub.source.cells["thuiszitters"].sheet == "Thuis zitters 2024"


def test_text_where_a_number_belongs(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_text(filled, tmp_path / "tekst.xlsx", sheet, cell, "een stuk of vijf")
    sub, (f,) = findings(out, "L020")
    assert sub.get("thuiszitters_aantal") == Unreadable("een stuk of vijf", "aantal")
    assert (f.sheet, f.cell, f.field) == (sheet, cell, "thuiszitters_aantal")
    assert f"{sheet}!{cell}" in f.message and "'een stuk of vijf'" in f.message and "geen aantal" in f.message


def test_money_as_dutch_text_is_understood(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_text(filled, tmp_path / "nl.xlsx", sheet, cell, "€ 81.739,-")
    sub, found = findings(out, "L020")
    assert sub.ontvangen("terugploeg", "PO3105") == Bedrag(euro=Decimal(81739)) and not found
    (note,) = findings(out, "L025")[1]
    assert note.severity == "waarschuwing" and (note.sheet, note.cell) == (sheet, cell) and "€ 81.739" in note.message


def test_negative_amount(tmp_path, filled):
    """Read as it is (nothing lost); validation reports it at the cell."""
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_number(filled, tmp_path / "neg.xlsx", sheet, cell, -500)
    before = sha256(out)
    sub = load(out, load_spec())
    assert sub.ontvangen("terugploeg", "PO3105") == Bedrag.of(-500)
    (f,) = [f for f in validate(sub, load_spec()).findings if f.code == "V007"]
    assert f.severity == "fout" and (f.sheet, f.cell) == (sheet, cell) and "€ -500" in f.message
    assert sha256(out) == before


def test_formula_in_input_cell_uses_cached_value_without_running_it(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "bestuur")
    out = xp.set_formula(filled, tmp_path / "formule.xlsx", sheet, cell, 'WEBSERVICE("http://evil")&"Stichting X"', "Stichting X")
    sub, (f,) = findings(out, "L022")
    assert sub.bestuur == "Stichting X"
    assert f.severity == "waarschuwing" and f.cell == cell and "WEBSERVICE" in f.message
    assert sub.source.formulas[f"{sheet}!{cell}"].startswith("=WEBSERVICE")


def test_error_value_in_input_cell(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(filled, tmp_path / "fout.xlsx", sheet, cell, "<f>1/0</f><v>#DIV/0!</v>", 't="e"')
    sub, (f,) = findings(out, "L023")
    assert sub.get("thuiszitters_aantal") is None and "#DIV/0!" in f.message


def test_text_with_escape_lookalike_survives(tmp_path, spec):
    sub = Submission.from_values({"bestuur": "a_x0041_b", "ankerpunt_1": "tab\there \u00a0en meer"}, spec=spec)
    assert load(save(sub, tmp_path / "esc.xlsx", spec), spec) == sub


# -- issue 12: every broken workbook gets a coded finding, never a traceback ----------------------


def commands_survive(path: Path, *extra: list[str]) -> dict[str, fuzz.CliRun]:
    """validate, reconcile and report (and `extra` commands) run as the `xltoolkit` script runs
    them: no traceback, a documented exit code, the input file unchanged."""
    before = sha256(path)
    runs = {}
    for args in (["validate", str(path), "--json"], ["reconcile", str(path), "--json"], ["report", str(path)], *extra):
        run = fuzz.run_cli(args)
        assert not run.traceback and "Traceback" not in run.stderr, f"{args[0]}: {run.stderr[-2000:]}"
        assert run.code in fuzz.EXIT_CODES, f"{args[0]}: exit {run.code}"
        runs[args[0] + (" --json" if "--json" in args else "")] = run
    assert sha256(path) == before, "the input file was changed"
    return runs


def _zip_rewrite(path: Path, out: Path, fn) -> Path:
    """Every entry of `path` through `fn(name, data) -> data | None` (None drops the entry)."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = fn(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
    return out


def _patch_entry(path: Path, out: Path, part: str, *, method: int | None = None, flags: int | None = None,
                 first_byte: int | None = None) -> Path:
    """A zip entry's compression method or flags (local header and central directory), or the
    first byte of its compressed data, set to a value of our choosing."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info, start_dir = zf.getinfo(part), zf.start_dir
    local = info.header_offset
    body = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + int.from_bytes(data[local + 28:local + 30], "little")
    central = data.index(b"PK\x01\x02" + data[start_dir + 4:start_dir + 6], start_dir)
    while data[central + 46:central + 46 + int.from_bytes(data[central + 28:central + 30], "little")] != part.encode():
        n, m, k = (int.from_bytes(data[central + o:central + o + 2], "little") for o in (28, 30, 32))
        central += 46 + n + m + k
    for offset, value in ((8, method), (6, flags)):
        if value is not None:
            data[local + offset:local + offset + 2] = value.to_bytes(2, "little")
            data[central + offset + 2:central + offset + 4] = value.to_bytes(2, "little")
    if first_byte is not None:
        data[body] = first_byte
    out.write_bytes(bytes(data))
    return out


def test_flipped_byte_in_compressed_data_is_corrupt(tmp_path, filled):
    """0xFF starts a deflate block of the reserved type: zlib.error inside the zip is L004."""
    broken = _patch_entry(filled, tmp_path / "zlib.xlsx", xp.sheet_part(filled, "Gegevens"), first_byte=0xFF)
    assert fatal(broken) == "L004"
    assert {run.code for run in commands_survive(broken).values()} == {2}


@pytest.mark.parametrize("method, flags", [(97, None), (8, 1)], ids=["unsupported-method", "encrypted-entry"])
def test_odd_zip_entry_is_corrupt(tmp_path, filled, method, flags):
    """A compression method zipfile does not know (NotImplementedError) or an encrypted entry (RuntimeError)."""
    broken = _patch_entry(filled, tmp_path / "odd.xlsx", xp.sheet_part(filled, "Gegevens"), method=method, flags=flags)
    assert fatal(broken) == "L004"
    assert {run.code for run in commands_survive(broken).values()} == {2}


@pytest.mark.parametrize("index", ["999999", "-1", "abc"])
def test_shared_string_index_that_does_not_exist(tmp_path, filled, index):
    """Out of range, negative (which Python would read as the last string) or no number: damage, not data."""
    sheet, cell = xp.name_cell(filled, "bestuur")
    out = xp.set_cell_xml(filled, tmp_path / "sst.xlsx", sheet, cell, f"<v>{index}</v>", 't="s"')
    sub, (f,) = findings(out, "L026")
    assert sub.bestuur is None and sub.schooljaar == "2023-2024"
    assert (f.sheet, f.cell, f.field, f.severity) == (sheet, cell, "bestuur", "fout") and f"nr. {index}" in f.message
    commands_survive(out)


def test_one_damaged_shared_string_costs_only_its_cell(tmp_path, filled):
    """The table is read in one go when it parses; one string that does not is found at its cell
    (strings are then read one by one), and every other text still reads."""
    before = load(filled, load_spec())
    out = xp._rewrite(filled, tmp_path / "een-kapot.xlsx", "xl/sharedStrings.xml",
                      lambda xml: xml.replace("<t>Stichting Proef</t>", "<t>Stichting <b>Proef</t>", 1))
    sheet, cell = xp.name_cell(filled, "bestuur")
    sub, (f,) = findings(out, "L026")
    assert sub.bestuur is None and (f.sheet, f.cell, f.field) == (sheet, cell, "bestuur") and "beschadigd" in f.message
    assert {k: v for k, v in sub.values.items() if k != "bestuur"} == {k: v for k, v in before.values.items() if k != "bestuur"}
    assert sub.aanwending == before.aanwending


def test_one_damaged_row_does_not_hide_the_others(tmp_path, filled):
    """Rows are parsed together when they parse; a row that does not makes the reader parse the
    whole part, which reports the file as damaged, as when each row was parsed on its own."""
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    row = re.sub(r"\D", "", cell)
    out = xp._rewrite(filled, tmp_path / "rij-kapot.xlsx", xp.sheet_part(filled, sheet),
                      lambda xml: re.sub(rf'(<row r="{row}"[^>]*>)', r"\1<c><b></c>", xml, count=1))
    assert fatal(out) == "L004"


def test_no_shared_strings_part(tmp_path, filled):
    """Every text of the workbook is gone, the version stamp too: one L-finding, exit 2."""
    out = _zip_rewrite(filled, tmp_path / "zonder-sst.xlsx", lambda name, data: None if name == "xl/sharedStrings.xml" else data)
    assert fatal(out) == "L004"
    assert {run.code for run in commands_survive(out).values()} == {2}


def test_text_stored_as_a_number_is_a_damaged_cell(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(filled, tmp_path / "abc.xlsx", sheet, cell, "<v>abc</v>")
    sub, (f,) = findings(out, "L026")
    assert isinstance(sub.get("thuiszitters_aantal"), Unreadable) and not findings(out, "L020")[1]
    assert (f.sheet, f.cell) == (sheet, cell) and "'abc' is geen getal" in f.message
    commands_survive(out)


def test_iso_date_cell_is_read_as_a_date(tmp_path, filled):
    """t="d" is valid OOXML: a text field gets the date, a number field says it is no number."""
    sheet, cell = xp.name_cell(filled, "namens_functie")
    dated = xp.set_cell_xml(filled, tmp_path / "datum1.xlsx", sheet, cell, "<v>2024-03-01T00:00:00</v>", 't="d"')
    sheet2, cell2 = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(dated, tmp_path / "datum.xlsx", sheet2, cell2, "<v>2024-03-01T10:20:30</v>", 't="d"')
    sub, (f,) = findings(out, "L020")
    assert sub.get("namens_functie") == "2024-03-01"
    assert sub.get("thuiszitters_aantal") == Unreadable("2024-03-01 10:20:30", "aantal") and f.cell == cell2
    commands_survive(out)


@pytest.mark.parametrize("bad", ["1A", "ZZZZ99999999999", "A0", "XFE1"])
def test_cell_address_off_the_grid(tmp_path, filled, bad):
    sheet, cell = xp.name_cell(filled, "namens_naam")
    moved = xp.set_cell_xml(filled, tmp_path / "adres0.xlsx", sheet, cell, "<is><t>Verplaatst</t></is>", 't="inlineStr"')
    out = xp._rewrite(moved, tmp_path / "adres.xlsx", xp.sheet_part(filled, sheet), lambda xml: xml.replace(f'<c r="{cell}"', f'<c r="{bad}"'))
    sub, (f,) = findings(out, "L015")
    assert f.sheet == sheet and f"'{bad}'" in f.message and f.severity == "fout"
    assert sub.get("namens_naam") is None and sub.bestuur == "Stichting Proef"
    commands_survive(out)


def test_cells_without_an_address_are_read_by_position(tmp_path, filled):
    """OOXML lets a cell leave out `r`: it is the next column of its row."""
    sheet, cell = xp.name_cell(filled, "bestuur")
    row, col = xp.ref_to_rowcol(cell)
    cells = "".join("<c/>" for _ in range(col - 1)) + '<c t="inlineStr"><is><t>Stichting Zonder Adres</t></is></c>'
    out = xp._rewrite(filled, tmp_path / "zonder-r.xlsx", xp.sheet_part(filled, sheet),
                      lambda xml: re.sub(rf'<row r="{row}"[^>]*>.*?</row>', f'<row r="{row}">{cells}</row>', xml, flags=re.DOTALL))
    assert load(out, load_spec()).bestuur == "Stichting Zonder Adres"


def test_unknown_cell_type_is_not_read_as_a_number(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(filled, tmp_path / "zz.xlsx", sheet, cell, "<v>12</v>", 't="zz"')
    sub, (f,) = findings(out, "L026")
    assert sub.get("thuiszitters_aantal") != 12 and isinstance(sub.get("thuiszitters_aantal"), Unreadable)
    assert f.cell == cell and "'zz'" in f.message
    commands_survive(out)


@pytest.mark.parametrize("number", ["1e308", "-1e308", "1000000000", "1e30"])
def test_money_beyond_the_bound(tmp_path, filled, number):
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_cell_xml(filled, tmp_path / "veel.xlsx", sheet, cell, f"<v>{number}</v>")
    sub, (f,) = findings(out, "L028")
    assert isinstance(sub.ontvangen("terugploeg", "PO3105"), Unreadable)
    assert (f.sheet, f.cell, f.severity) == (sheet, cell, "fout") and format_euro(LIMITS.bedrag) in f.message
    runs = commands_survive(out)
    regio = next(r for r in json.loads(runs["reconcile --json"].stdout)["regions"] if r["region"] == "PO3105")
    assert regio["status"] == "onbepaald"


@pytest.mark.parametrize("stored", ["NaN", "INF", "-inf", "9" * 5000, "1_000"], ids=["NaN", "INF", "-inf", "5000-digits", "1_000"])
def test_money_that_is_not_a_number(tmp_path, filled, stored):
    """No spreadsheet stores these as a number (9 x 5000 is beyond a double): a damaged cell."""
    sheet, cell = xp.name_cell(filled, "ontvangen_terugploeg_PO3105")
    out = xp.set_cell_xml(filled, tmp_path / "nan.xlsx", sheet, cell, f"<v>{stored}</v>")
    sub, (f,) = findings(out, "L026")
    assert isinstance(sub.ontvangen("terugploeg", "PO3105"), Unreadable) and f.cell == cell and len(f.message) < 400
    commands_survive(out)


def test_percentage_nan(tmp_path, filled):
    sheet, cell = xp.name_cell(filled, "sop_ankerpunt_1")
    out = xp.set_cell_xml(filled, tmp_path / "nan-pct.xlsx", sheet, cell, "<v>NaN</v>")
    sub, (f,) = findings(out, "L026")
    assert isinstance(sub.get("sop_ankerpunt_1"), Unreadable) and f.cell == cell
    commands_survive(out)
    # The same from an open Excel book (xlwings gives floats): the model refuses it too.
    assert read_percentage(float("nan")) == Unreadable("NaN", "percentage")
    assert read_money(float("inf")).reden and read_count(float("nan")).reden  # type: ignore[union-attr]


@pytest.mark.parametrize("inner, attrs, code", [
    (f"<is><t>{'9' * 5000}</t></is>", 't="inlineStr"', "L028"),
    (f"<is><t>-{'9' * 5000}</t></is>", 't="inlineStr"', "L028"),
    ("<v>1e30</v>", "", "L028"),
    ("<v>1000000</v>", "", "L028"),
    (f"<v>{'9' * 5000}</v>", "", "L026"),
], ids=["text-5000-digits", "negative-5000-digits", "1e30", "a-million", "number-5000-digits"])
def test_count_beyond_the_bound(tmp_path, filled, inner, attrs, code):
    """Python refuses int() of 5,000 digits; a count of 1e30 or a million is no count of a board."""
    sheet, cell = xp.name_cell(filled, "thuiszitters_aantal")
    out = xp.set_cell_xml(filled, tmp_path / "telling.xlsx", sheet, cell, inner, attrs)
    sub, (f,) = findings(out, code)
    assert isinstance(sub.get("thuiszitters_aantal"), Unreadable) and f.cell == cell and len(f.message) < 400
    assert code == "L026" or "1.000.000" in f.message
    commands_survive(out)


def test_lone_surrogates_are_replaced_and_reported(tmp_path, filled):
    """`_xD800_` escapes a lone surrogate: JSON, Word and the overview cannot hold it (nor U+FFFF).
    A valid escaped pair is one character and no problem; Word's line break (VT) is text."""
    out = xp._rewrite(filled, tmp_path / "surrogaat.xlsx", "xl/sharedStrings.xml",
                      lambda xml: xml.replace("Stichting Proef", "Stichting _xD800_Proef_x000B_regel_xFFFF_ _xD83D__xDE00_"))
    sub, (f,) = findings(out, "L027")
    assert sub.bestuur == "Stichting \ufffdProef\x0bregel\ufffd \U0001F600"
    assert (f.field, f.severity) == ("bestuur", "waarschuwing") and " 2 tekens" in f.message
    runs = commands_survive(out, ["merge", str(out), "-o", str(tmp_path / "overzicht.xlsx")], ["validate", str(out)])
    shown = json.loads(runs["validate --json"].stdout)
    assert any(f["code"] == "L027" for f in shown["findings"]) and runs["validate"].code in (0, 1)
    assert runs["merge"].code in (0, 1) and (tmp_path / "overzicht.xlsx").exists()
    assert (tmp_path / "surrogaat.docx").exists()


def test_defined_name_that_is_no_cell(tmp_path, filled):
    out = xp._rewrite(filled, tmp_path / "offset.xlsx", "xl/workbook.xml", lambda xml: re.sub(
        r'(<definedName name="bestuur"[^>]*>)[^<]*', r"\1OFFSET(Gegevens!$A$1,2,2)", xml))
    sub, (f,) = findings(out, "L013")
    assert sub.bestuur is None and f.field == "bestuur" and "OFFSET" in f.message


def test_name_over_the_whole_sheet_is_read_within_the_template_shape(tmp_path, filled, spec):
    """`regios` over $A$1:$XFD$1048576 (17 billion cells) made a MemoryError."""
    out = xp._rewrite(filled, tmp_path / "heel-blad.xlsx", "xl/workbook.xml", lambda xml: re.sub(
        r'(<definedName name="regios"[^>]*>[^<]*!)[^<]*', r"\1$A$1:$XFD$1048576", xml))
    start = time.perf_counter()
    sub, (f,) = findings(out, "L014")
    assert time.perf_counter() - start < 5
    assert f.field == "regios" and "17.179.869.184 cellen" in f.message and f"hoogstens {len(spec.region_codes)}" in f.message
    assert sub.bestuur == "Stichting Proef"
    commands_survive(out)


def test_aanwending_stretched_over_200000_rows_reads_at_most_the_bound(tmp_path, filled):
    """The aanwending names over 200,000 rows, every row filled (a file of a few MB): validate
    took 24 s and report 760 s. Now at most GRENZEN.aanwending_regels lines are read, with a finding."""
    names = xp.zip_parts(filled)["xl/workbook.xml"].decode()
    first = int(re.search(r'name="aanwending_bedrag"[^>]*>[^<]*\$(\d+):', names).group(1))
    stretched = xp._rewrite(filled, tmp_path / "lang0.xlsx", "xl/workbook.xml", lambda xml: re.sub(
        r'(<definedName name="aanwending[^"]*"[^>]*>[^<]*:\$[A-Z]+\$)\d+', r"\g<1>200000", xml))
    rows = "".join(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>regel {r}</t></is></c><c r="C{r}"><v>{r}</v></c></row>'
                   for r in range(first + 40, 200_000))
    out = xp._rewrite(stretched, tmp_path / "lang.xlsx", xp.sheet_part(filled, "A6 Middelen"),
                      lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))
    assert out.stat().st_size < 10 * 1024 * 1024
    start = time.perf_counter()
    sub, (f,) = findings(out, "L014")
    assert time.perf_counter() - start < 5
    assert len(sub.aanwending) <= LIMITS.aanwending_regels and f"hoogstens {LIMITS.aanwending_regels}" in f.message
    runs = commands_survive(out)
    assert max(run.seconds for run in runs.values()) < 10


@pytest.mark.slow
def test_the_usual_cell_shortcut_reads_as_the_element_does(tmp_path, example_workbooks):
    """The reader takes a shortcut for the usual cell (a shared string or a number, nothing but a
    value): over the example workbooks and fuzz mutants of them (hostile values, addresses, types,
    namespaces, tags), every cell the shortcut reads reads the same through the general path."""
    from xltoolkit.io import xlsx

    bases = {f"{name}.xlsx": path for name, path in example_workbooks.items()}
    taken = compared = 0
    for i, mutant in enumerate([*fuzz.make_mutants(bases, 240, 5)]):
        path = tmp_path / f"m{i}.xlsx"
        path.write_bytes(mutant.data)
        try:
            wb, zf = xlsx.open_workbook(path)
        except xlsx.XlsxError:
            continue
        with zf:
            for part in wb.sheet_paths.values():
                try:
                    root = wb._xml(part)
                except xlsx.XlsxError:
                    continue
                for c in root.iter(xlsx._C):
                    try:
                        general = wb._element_cell(c)
                    except xlsx.XlsxError:  # a damaged shared-string table: both ways must refuse it
                        with pytest.raises(xlsx.XlsxError):
                            wb._cell(c)
                        continue
                    compared += 1
                    taken += c.get("t", "n") in xlsx._VALUE_ONLY and len(c) == 1
                    quick = wb._cell(c)
                    assert (quick, type(quick.value)) == (general, type(general.value)), (mutant.family, part, c.attrib)
    assert taken > 10_000 and compared > taken, (taken, compared)
