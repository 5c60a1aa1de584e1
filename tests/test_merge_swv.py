"""The SWV's workbook (settings for the merge, the outcome written back), and the overview and the
SWV workbook opened in LibreOffice."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
import xlsxpatch as xp
from conftest import REPO, copy_examples
from test_compare import maak_vorig_jaar
from test_merge import INJECTIE, maak_inleveringen
from xlsxpatch import zip_parts

from xltoolkit.io.swv_workbook import NAMEN, SHEET, build_swv_bytes, swv_filename
from xltoolkit.services.merge import build_overzicht, merge_files, write_overzicht
from xltoolkit.services.merge.settings import check_settings, merge_with, read_settings
from xltoolkit.spec import load_spec


@pytest.fixture(scope="module")
def swv_bytes(spec) -> bytes:
    return build_swv_bytes(spec)


@pytest.fixture(scope="module")
def swv_wb(swv_bytes):
    return openpyxl.load_workbook(io.BytesIO(swv_bytes))


def test_committed_swv_workbook_is_up_to_date(swv_bytes):
    committed = REPO / "workbook" / swv_filename()
    assert committed.exists(), "run `xltoolkit build` and commit workbook/"
    assert zip_parts(committed.read_bytes()) == zip_parts(swv_bytes), f"workbook/{committed.name} is stale; run `xltoolkit build`"


def test_reproducible(swv_bytes, spec):
    assert build_swv_bytes(spec) == swv_bytes


def test_names_inputs_and_protection(swv_wb):
    ws = swv_wb[SHEET]
    assert swv_wb.sheetnames == [SHEET] and ws.protection.sheet
    for key, name in NAMEN.items():
        sheet, ref = next(iter(swv_wb.defined_names[name].destinations))
        assert sheet == SHEET, name
        cell = ws[ref.replace("$", "")]
        unlocked = key in ("map", "register", "overzicht", "rapportmap", "brievenmap", "vorigjaar")
        assert (cell.protection.locked is False) == unlocked, name
    status = ws[next(iter(swv_wb.defined_names[NAMEN["status"]].destinations))[1].replace("$", "")]
    assert status.value == load_spec().workbook.swv.not_yet


def test_macro_hook_gets_the_workbook_and_the_sheet(spec):
    seen = []
    build_swv_bytes(spec, macros=lambda wb, ws: seen.append((wb.worksheets()[0] is ws, ws.get_name())))
    assert seen == [(True, SHEET)]


def _with_settings(tmp_path, swv_bytes, **values):
    path = tmp_path / swv_filename()
    path.write_bytes(swv_bytes)
    for key, value in values.items():
        sheet, cell = xp.name_cell(path, NAMEN[key])
        xp.set_text(path, tmp_path / "tmp.xlsx", sheet, cell, value)
        shutil.move(tmp_path / "tmp.xlsx", path)
    return path


def test_settings_read_by_name_relative_to_the_workbook(tmp_path, swv_bytes):
    path = _with_settings(tmp_path, swv_bytes, map="ingeleverd", register="beschikkingen.csv")
    inst = read_settings(path)
    assert inst.folder == tmp_path / "ingeleverd" and inst.register == tmp_path / "beschikkingen.csv"
    assert inst.overzicht == tmp_path / "overzicht-samenvoeging.xlsx" and inst.report_folder is None
    codes = [(f.code, f.cell) for f in check_settings(inst, load_spec())]
    assert codes == [("M081", inst.cells["map"].cell), ("M081", inst.cells["register"].cell)]


def test_empty_folder_setting_is_reported_at_its_cell(tmp_path, swv_bytes):
    inst = read_settings(_with_settings(tmp_path, swv_bytes))
    [f] = check_settings(inst, load_spec())
    assert f.code == "M080" and f"{SHEET}!{inst.cells['map'].cell}" in f.message
    uit = merge_with(inst, load_spec())
    assert uit.result is None and uit.values[NAMEN["status"]].startswith("Niet samengevoegd: ")


def test_the_button_job_merges_and_returns_what_to_write_back(tmp_path, swv_bytes, example_workbooks):
    folder = tmp_path / "ingeleverd"
    folder.mkdir()
    for p in example_workbooks.values():
        shutil.copy(p, folder / p.name)
    (folder / "kapot.xlsx").write_text("geen werkboek")
    uit = merge_with(read_settings(_with_settings(tmp_path, swv_bytes, map="ingeleverd")), load_spec())
    assert uit.findings == [] and (tmp_path / "overzicht-samenvoeging.xlsx").exists()
    w = uit.values
    assert (w[NAMEN["bestanden"]], w[NAMEN["opgenomen"]], w[NAMEN["niet_bruikbaar"]], w[NAMEN["dubbel"]]) == (5, 4, 1, 0)
    assert w[NAMEN["status"]].startswith("Samengevoegd in overzicht-samenvoeging.xlsx: 4 van 5 werkboeken opgenomen")
    assert "zie het blad Problemen" in w[NAMEN["status"]]
    again = merge_with(read_settings(tmp_path / swv_filename()), load_spec())  # the overview in the folder is replaced
    assert again.values == w


def test_build_command_writes_the_swv_workbook(tmp_path):
    from cli_support import run

    proc = run("build", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / swv_filename()).read_bytes() == build_swv_bytes(load_spec())
    assert "Werkboek voor het SWV geschreven" in proc.stdout


# -- LibreOffice --------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_the_overview(lo, tmp_path_factory, spec):
    root = tmp_path_factory.mktemp("merge_lo")
    s = merge_files([maak_inleveringen(root, spec)], spec=spec)
    out = write_overzicht(build_overzicht(s), root / "overzicht.xlsx")
    teksten = build_overzicht(s).sheet("Teksten").table("Teksten")
    injected = [i for i, row in enumerate(teksten.rows) if row[1] == INJECTIE["bestuur"] and row[6] in INJECTIE.values()]
    header = 6  # title, explanation, blank, table title, explanation, then the header row (1-based: 6)
    refs = [f"{col}{header + 1 + i}" for i in injected for col in "BG"]
    result = lo.run_job(out, [
        {"op": "sheets"},
        {"op": "names", "names": ["samenvoeging_opgenomen", "samenvoeging_niet_bruikbaar", "samenvoeging_bestanden"]},
        {"op": "charts"},
        {"op": "recalc"},
        {"op": "cell_kinds", "sheet": "Teksten", "cells": refs},
    ])
    assert result["0"] == [b.name for b in build_overzicht(s).sheets]
    assert {k: v[0][0] for k, v in result["1"].items()} == {
        "samenvoeging_opgenomen": len(s.taken), "samenvoeging_niet_bruikbaar": len(s.unusable),
        "samenvoeging_bestanden": len(s.files)}
    assert result["2"] == {"Overzicht": 0, "Middelen per regio": 1, "Aanwending": 1, "Indicatoren": 1, "Teksten": 0,
                           "Kengetallen": 0, "Vergelijking": 2, "Problemen": 0}  # the folder holds a workbook of last year too
    kinds = result["4"]
    assert len(kinds) == 2 * (len(INJECTIE) - 1) and all(k["kind"] == "text" for k in kinds), kinds
    assert {k["text"] for k in kinds} == set(INJECTIE.values())


@pytest.mark.libreoffice
def test_libreoffice_opens_the_swv_workbook(lo, tmp_path, swv_bytes):
    path = tmp_path / swv_filename()
    path.write_bytes(swv_bytes)
    result = lo.run_job(path, [{"op": "names", "names": list(NAMEN.values())}])["0"]
    assert all(result[name] is not None for name in NAMEN.values()), result
    assert result[NAMEN["overzicht"]] == [["overzicht-samenvoeging.xlsx"]] and result[NAMEN["status"]] == [[load_spec().workbook.swv.not_yet]]


@pytest.mark.libreoffice
def test_region_report_opens_in_libreoffice(lo, tmp_path, spec, example_workbooks):
    import subprocess

    from xltoolkit.services.merge.report import write_reports
    from xltoolkit.services.report import docx_to_pdf

    s = merge_files(list(example_workbooks.values()), spec=spec)
    written = write_reports(s, tmp_path / "rapporten")
    docx = next(p for p in written if p.name == "rapport-PO3106-2023-2024.docx")
    pdf = tmp_path / "regio.pdf"
    pdf.write_bytes(docx_to_pdf(docx.read_bytes()))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "PO3106 (Parkstad)" in text and "Inhoud" in text
    for board in ("Stichting De Brug Parkstad", "Stichting Onderwijs Zuid-Limburg Drie Regio's"):
        assert text.count(board) >= 2, board  # in the table of contents and as the heading of its part


def test_the_button_writes_letters_and_compares_with_last_year_as_the_cli_does(tmp_path, swv_bytes, example_workbooks, spec):
    """The SWV workbook has every option of `merge`: letters to the boards and last year beside this
    year, paths relative to the workbook; a last year that does not exist is named at its cell."""

    copy_examples(example_workbooks, tmp_path / "ingeleverd")
    maak_vorig_jaar(tmp_path / "vorig", spec)
    path = _with_settings(tmp_path, swv_bytes, map="ingeleverd", brievenmap="brieven", vorigjaar="bestaat-niet")
    [f] = check_settings(read_settings(path), load_spec())
    assert f.code == "M081" and f.cell == read_settings(path).cells["vorigjaar"].cell
    path = _with_settings(tmp_path, swv_bytes, map="ingeleverd", brievenmap="brieven", vorigjaar="vorig")
    uit = merge_with(read_settings(path), spec)
    assert uit.findings == [] and uit.result is not None
    status = uit.values[NAMEN["status"]]
    assert "Vergeleken met" in status and "Brieven aan de besturen: 4 geschreven" in status
    assert len(list((tmp_path / "brieven").glob("*.docx"))) == 4
    names = openpyxl.load_workbook(tmp_path / "overzicht-samenvoeging.xlsx", read_only=True).sheetnames
    assert {"Vergelijking", "Terugkoppeling"} <= set(names)
    cli = merge_files([tmp_path / "ingeleverd"], spec=spec, vorig_jaar=tmp_path / "vorig")
    assert cli.comparison is not None and uit.result.comparison is not None
    assert cli.comparison.as_dict() == uit.result.comparison.as_dict()


def test_the_addin_keeps_the_new_paths_in_its_folder_too(tmp_path, swv_bytes):
    """A server merges for others: letters and last year must lie inside its folder like the rest (M082)."""
    path = _with_settings(tmp_path, swv_bytes, map="ingeleverd", brievenmap="../buiten", vorigjaar="/etc")
    (tmp_path / "ingeleverd").mkdir()
    found = {(f.code, f.field) for f in check_settings(read_settings(path), load_spec(), root=tmp_path)}
    assert found == {("M082", NAMEN["brievenmap"]), ("M082", NAMEN["vorigjaar"])}


def test_the_spec_words_every_setting_the_code_reads_and_no_other(spec):
    """The SWV workbook's texts are the spec's (workbook.swv), its cells the code's (defined names):
    each setting the spec words is one the code reads, and each the code reads has its words."""
    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN
    from xltoolkit.services.merge.settings import KEYS

    words = spec.workbook.swv
    assert tuple(s.key for s in words.settings) == KEYS
    assert {s.key for s in words.prepare_settings} == set(KLAARZETTEN_NAMEN) - {"status"}
    assert {s.key for s in words.outcome} <= set(NAMEN) and all(s.label for s in (*words.settings, *words.outcome))
