"""One board's file never costs the SWV the overview (issue 12, §3), and the overview's marker is a
claim that is checked against the content (§1).

The hostile files are real board workbooks (an example board saved from the spec) with one cell's
XML patched the way a damaged or crafted file holds it: a lone surrogate escape `_xD800_` in a
text, a count of -1e308 or 1e30, an amount of 5,000 digits (read as infinity). Each is merged
together with the four example boards, by the command a user runs and through the API.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxpatch as xp
from cli_support import run
from conftest import copy_examples, sha256
from test_merge import table

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import save
from xltoolkit.io.formulas import column_name
from xltoolkit.services.merge import (
    MergeError,
    build_overzicht,
    check_output,
    is_overzicht,
    merge_files,
    workbook_bytes,
    write_overzicht,
)
from xltoolkit.services.merge.job import merge_to
from xltoolkit.services.merge.marker import MARK_PROPERTY, MARK_VALUE, read_marker
from xltoolkit.services.merge.settings import MergeSettings, merge_with
from xltoolkit.services.merge.table import Column, Overzicht, Sheet, Table
from xltoolkit.spec import load_spec

FIVE_THOUSAND_DIGITS = "9" * 5000
# file -> (bestuur, defined name of the patched cell, the cell's XML, its attributes, the code on Problemen)
# Who names a hostile value: the reader already (L027 characters replaced, L026/L028 unreadable or out of bounds), or,
# should one get past it, the merge's own check (M015, M016). Either way it is one Problemen row.
TEKENS, GRENS = ("L027", "M015"), ("L026", "L028", "M016")
VIJANDIG = {
    "surrogaat.xlsx": ("Stichting Surrogaat", "thuiszitters", "<is><t>Tekst met _xD800_ erin</t></is>", 't="inlineStr"', TEKENS),
    "aantal-min-1e308.xlsx": ("Stichting Min", "thuiszitters_aantal", "<v>-1e308</v>", "", GRENS),
    "aantal-1e30.xlsx": ("Stichting Groot", "thuiszitters_aantal", "<v>1e30</v>", "", GRENS),
    "bedrag-5000-cijfers.xlsx": ("Stichting Vijfduizend", "ontvangen_terugploeg_PO3105", f"<v>{FIVE_THOUSAND_DIGITS}</v>", "", GRENS),
    "regel-5000-cijfers.xlsx": ("Stichting Regel", column_name("bedrag"), f"<v>{FIVE_THOUSAND_DIGITS}</v>", "", GRENS),
}
GOED = {f"{name}.xlsx" for name in example_names()}


def board(folder: Path, name: str, bestuur: str, spec) -> Path:
    """The SMART Limburg example under another board's name (so it is no duplicate)."""
    sub = load_example("000_smart_limburg", spec)
    sub.values["bestuur"] = bestuur
    return save(sub, folder / name, spec)


def vijandig(folder: Path, name: str, spec) -> tuple[Path, str]:
    """A hostile board workbook in `folder`; returns it and the A1 address of its patched cell."""
    bestuur, naam, inner, attrs, _ = VIJANDIG[name]
    clean = board(folder.parent, f"schoon-{name}", bestuur, spec)
    sheet, cell = xp.name_cell(clean, naam)
    xp.set_cell_xml(clean, folder / name, sheet, cell, inner, attrs)
    return folder / name, f"{sheet}!{cell}"


@pytest.fixture(scope="module")
def inleveringen(tmp_path_factory, spec, example_workbooks) -> dict:
    root = tmp_path_factory.mktemp("vijandig")
    folder = copy_examples(example_workbooks, root / "inleveringen")
    cells = {name: vijandig(folder, name, spec)[1] for name in VIJANDIG}
    return {"root": root, "folder": folder, "cells": cells}


@pytest.fixture(scope="module")
def cli(inleveringen) -> dict:
    out = inleveringen["root"] / "overzicht.xlsx"
    before = {p: sha256(p) for p in inleveringen["folder"].iterdir()}
    proc = run("merge", "inleveringen", "-o", out.name, "--json", cwd=inleveringen["root"])
    return {"proc": proc, "out": out, "before": before}


def test_merge_runs_to_the_end_with_every_board(cli, inleveringen):
    proc = cli["proc"]
    assert "Traceback" not in proc.stderr and proc.stderr == "", proc.stderr
    assert proc.returncode == 0, proc.stdout  # documented: 0 when every workbook found was taken
    data = json.loads(proc.stdout)
    status = {Path(f["file"]).name: f["status"] for f in data["files"]}
    assert status == {name: "opgenomen" for name in GOED | set(VIJANDIG)}
    assert all(sha256(p) == digest for p, digest in cli["before"].items())  # inputs untouched


def test_overview_holds_the_good_boards_and_names_each_hostile_value(cli, inleveringen):
    wb = openpyxl.load_workbook(cli["out"])
    rows = {Path(r["Bestand"]).name: r for r in table(wb["Overzicht"], "tblBestanden")}
    assert set(rows) == GOED | set(VIJANDIG)
    assert all(r["Status"] == "Opgenomen" for r in rows.values())
    problems = table(wb["Problemen"], "tblProblemen")
    for name, (bestuur, _, _, _, codes) in VIJANDIG.items():
        mine = [(r["Code"], r["Plaats"], r["Soort"]) for r in problems if Path(r["Bestand"] or "").name == name]
        assert any((code, inleveringen["cells"][name], "Waarde") in mine for code in codes), (name, mine)
        assert rows[name]["Bestuur"] == bestuur
    assert not any(Path(r["Bestand"] or "").name in GOED and r["Soort"] == "Waarde" for r in problems)


def test_an_odd_character_costs_one_character_not_the_text(cli):
    wb = openpyxl.load_workbook(cli["out"])
    texts = [r["Tekst"] for r in table(wb["Teksten"], "tblTeksten") if r["Bestuur"] == "Stichting Surrogaat"]
    assert "Tekst met \ufffd erin" in texts


def test_a_number_that_cannot_be_shown_counts_nowhere(cli, spec):
    wb = openpyxl.load_workbook(cli["out"])
    label = spec.field("thuiszitters_aantal").label
    per_board = {r["Bestuur"]: r[label] for r in table(wb["Kengetallen"], "tblKengetallenPerBestuur")}
    assert per_board["Stichting Groot"] == "1E+30" and per_board["Stichting Min"] == "-1E+308"
    good = [v for v in per_board.values() if isinstance(v, (int, float))]
    totals = {r["Kengetal"]: r for r in table(wb["Kengetallen"], "tblKengetallenAantallen") if r["Schooljaar"] == "2023-2024"}
    assert totals[label]["Totaal"] == sum(good) and totals[label]["Ingevuld door"] == len(good)
    middelen = {r["Bestuur"]: r for r in table(wb["Middelen per regio"], "tblMiddelenPerBestuur")}
    assert middelen["Stichting Vijfduizend"]["Status"] == "Onbepaald"  # its received amount is unknown, not zero


def test_the_finding_names_file_cell_and_value(inleveringen, spec):
    s = merge_files([inleveringen["folder"]], spec=spec, workers=1)
    [p] = [p for p in s.problems if Path(p.file).name == "aantal-1e30.xlsx" and p.finding.code in GRENS]
    sheet, cell = inleveringen["cells"]["aantal-1e30.xlsx"].split("!")
    assert (p.finding.sheet, p.finding.cell, p.finding.field) == (sheet, cell, "thuiszitters_aantal")
    assert Path(p.file).name == "aantal-1e30.xlsx" and "1E+30" in p.finding.message
    [g] = [g for g in s.files if Path(g.label).name == "aantal-1e30.xlsx"]
    assert g.check is not None and g.check.errors >= 1  # the board's own error count says so too
    assert not g.step_problems  # validation and reconciliation ran on the cleaned values


def test_a_file_name_that_is_not_utf8(tmp_path, spec, example_workbooks):
    """A name from another system's encoding: listed with U+FFFD, printed, written; no traceback."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(example_workbooks["901_drie_regios"], folder / "901.xlsx")
    try:
        shutil.copy(example_workbooks["000_smart_limburg"], os.fsencode(folder) + b"/caf\xe9.xlsx")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    proc = run("merge", str(folder), "-o", str(tmp_path / "o.xlsx"))  # stdout strict UTF-8, as on a UTF-8 terminal
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    rows = table(openpyxl.load_workbook(tmp_path / "o.xlsx")["Overzicht"], "tblBestanden")
    assert {Path(r["Bestand"]).name for r in rows} == {"901.xlsx", "caf\ufffd.xlsx"}


# -- the overview's own last line --------------------------------------------------------------


def test_writer_never_raises_on_a_value(tmp_path):
    """Whatever reaches the writer: a number Excel cannot hold is blank, an impossible character replaced."""
    tbl = Table("Proef", "Proef", (Column("Tekst"), Column("Getal", "aantal"), Column("Bedrag", "bedrag")),
                (("a\ud800b\uffff", 10**400, Decimal("Infinity")), ("gewoon", 5, Decimal("-1E+308")), ("nan", 1, Decimal("NaN"))))
    path = tmp_path / "proef.xlsx"
    path.write_bytes(workbook_bytes(Overzicht("Proef", (Sheet("Proef", "Proef", tables=(tbl,)),))))
    rows = table(openpyxl.load_workbook(path)["Proef"], "tblProef")
    assert rows == [{"Tekst": "a\ufffdb\ufffd", "Getal": None, "Bedrag": None},
                    {"Tekst": "gewoon", "Getal": 5, "Bedrag": None},
                    {"Tekst": "nan", "Getal": 1, "Bedrag": None}]


def test_a_board_that_breaks_the_layout_is_left_out_not_the_overview(tmp_path, spec, example_workbooks, monkeypatch):
    """Should a board's content still break the overview (a bug), that board is left out with M017."""
    from xltoolkit.services.merge import sheets

    folder = copy_examples(example_workbooks, tmp_path / "in")
    real = sheets.teksten_sheet

    def breaks_on_de_brug(s):
        if any(g.bestuur == "Stichting De Brug Parkstad" for g in s.taken):
            raise ArithmeticError("kapot")
        return real(s)

    monkeypatch.setattr(sheets, "teksten_sheet", breaks_on_de_brug)
    s = merge_to([folder], tmp_path / "o.xlsx", spec=spec)
    status = {Path(g.label).name: (g.status, g.error.code if g.error else None) for g in s.files}
    assert status.pop("902_sbo_so_bestuur.xlsx") == ("niet_bruikbaar", "M017")
    assert set(status.values()) == {("opgenomen", None)}
    rows = table(openpyxl.load_workbook(tmp_path / "o.xlsx")["Problemen"], "tblProblemen")
    assert [r["Code"] for r in rows if Path(r["Bestand"] or "").name == "902_sbo_so_bestuur.xlsx"] == ["M017"]


def test_a_failure_no_board_explains_writes_nothing(tmp_path, spec, example_workbooks, monkeypatch):
    from xltoolkit.services.merge import sheets

    def always_breaks(s):
        raise ArithmeticError("kapot")

    monkeypatch.setattr(sheets, "teksten_sheet", always_breaks)
    with pytest.raises(MergeError) as exc:
        merge_to([example_workbooks["000_smart_limburg"]], tmp_path / "o.xlsx", spec=spec)
    assert exc.value.finding.code == "M063" and "ArithmeticError: kapot" in exc.value.finding.message
    assert not (tmp_path / "o.xlsx").exists()


def test_a_board_whose_report_fails_is_left_out_of_its_region_report_only(tmp_path, spec, example_workbooks, monkeypatch):
    from xltoolkit.services.merge import report

    real = report.board_report

    def fails_for_de_brug(g, spec):
        if g.bestuur == "Stichting De Brug Parkstad":
            raise ArithmeticError("kapot")
        return real(g, spec)

    monkeypatch.setattr(report, "board_report", fails_for_de_brug)
    s = merge_to(list(example_workbooks.values()), tmp_path / "o.xlsx", report_folder=tmp_path / "r", spec=spec)
    md = (tmp_path / "r" / "rapport-PO3106-2023-2024.md").read_text(encoding="utf-8")  # De Brug and 901 are in PO3106
    assert "Stichting Onderwijs Zuid-Limburg Drie Regio's" in md and "Stichting De Brug Parkstad" not in md
    [p] = [p for p in s.problems if p.finding.code == "M072"]
    assert Path(p.file).name == "902_sbo_so_bestuur.xlsx" and "PO3106" in p.finding.message
    assert not [p for p in s.problems if p.finding.code == "M070"]


# -- the overview's marker is a claim -----------------------------------------------------------


def met_kenmerk(src: Path, out: Path) -> Path:
    """`src` with the overview's custom document property added (as Excel's Properties dialog would)."""
    prop = (f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="99" name="{MARK_PROPERTY}">'
            f"<vt:lpwstr>{MARK_VALUE}</vt:lpwstr></property>")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        assert "docProps/custom.xml" in zin.namelist()
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/custom.xml":
                data = data.replace(b"</Properties>", prop.encode() + b"</Properties>")
            zout.writestr(info, data)
    return out


@pytest.fixture()
def gemarkeerd(tmp_path, spec, example_workbooks) -> dict:
    """Good boards, a board's workbook with the overview's marker, and a genuine earlier overview."""
    folder = copy_examples(example_workbooks, tmp_path / "in")
    marked = met_kenmerk(board(tmp_path, "bron.xlsx", "Stichting Gemarkeerd", spec), folder / "gemarkeerd.xlsx")
    earlier = write_overzicht(build_overzicht(merge_files([example_workbooks["000_smart_limburg"]], spec=spec, workers=1)),
                                folder / "vorig-overzicht.xlsx")
    return {"folder": folder, "marked": marked, "earlier": earlier}


def test_marker_on_a_board_workbook_is_read_as_a_board(gemarkeerd, spec):
    s = merge_files([gemarkeerd["folder"]], spec=spec, workers=1)
    by_name = {Path(g.label).name: g for g in s.files}
    assert "vorig-overzicht.xlsx" not in by_name  # a genuine overview is still skipped
    g = by_name["gemarkeerd.xlsx"]
    assert g.status == "opgenomen" and g.bestuur == "Stichting Gemarkeerd"
    codes = {(Path(p.file).name, p.finding.code, p.finding.severity) for p in s.problems}
    assert ("vorig-overzicht.xlsx", "M009", "info") in codes
    assert ("gemarkeerd.xlsx", "M010", "waarschuwing") in codes
    [m010] = [p.finding for p in s.problems if p.finding.code == "M010"]
    assert "gemarkeerd.xlsx draagt het kenmerk van een overzicht" in m010.message
    assert "maar is een werkboek van een bestuur" in m010.message


def test_marker_on_a_board_workbook_is_not_silent_on_the_command_line(gemarkeerd, tmp_path):
    proc = run("merge", str(gemarkeerd["folder"]), "-o", str(tmp_path / "o.xlsx"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "M010" in proc.stdout and "gemarkeerd.xlsx draagt het kenmerk van een overzicht" in proc.stdout
    bestuur = {r["Bestuur"] for r in table(openpyxl.load_workbook(tmp_path / "o.xlsx")["Overzicht"], "tblBestanden")}
    assert "Stichting Gemarkeerd" in bestuur


def test_claim_checked_against_the_content(gemarkeerd, example_workbooks):
    assert read_marker(gemarkeerd["marked"], load_spec()).carried and not is_overzicht(gemarkeerd["marked"], load_spec())
    assert read_marker(gemarkeerd["marked"], load_spec()).stamp == "sjabloon_versie"
    assert is_overzicht(gemarkeerd["earlier"], load_spec())
    assert not read_marker(example_workbooks["000_smart_limburg"], load_spec()).carried


def _with_part(src: Path, out: Path, part: str, edit) -> Path:
    """`src` with one part's bytes replaced by `edit(bytes)`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(data) if info.filename == part else data)
    return out


_BOMB = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def test_document_properties_are_read_through_the_reader(tmp_path, spec, example_workbooks):
    """The save date (docProps/core.xml) and the marker (docProps/custom.xml) come through the
    reader's own checks (issue 16: one reader): read as saved when plain, ignored, never expanded,
    when they carry a DTD; the board itself is still read."""
    src = example_workbooks["000_smart_limburg"]
    with zipfile.ZipFile(src) as zf:
        core = zf.read("docProps/core.xml").decode()
    saved = core.split("<dcterms:modified", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
    assert saved  # the example workbooks carry a save date
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(src, folder / "gewoon.xlsx")
    _with_part(src, folder / "dtd-core.xlsx", "docProps/core.xml",
               lambda data: _BOMB + data[data.index(b"<cp:coreProperties"):].replace(b"</dcterms:modified>", b"&b;</dcterms:modified>"))
    s = merge_files([folder], spec=spec, workers=1)
    by_name = {Path(g.label).name: g for g in s.files}
    assert by_name["gewoon.xlsx"].doc_modified == saved
    kapot = by_name["dtd-core.xlsx"]  # the same board twice: which one is taken is choose.py's; both are read
    assert kapot.error is None and kapot.sub is not None and kapot.doc_modified == ""
    marked = met_kenmerk(src, tmp_path / "gemarkeerd.xlsx")
    assert read_marker(marked, spec).carried
    bombed = _with_part(marked, tmp_path / "dtd-custom.xlsx", "docProps/custom.xml",
                        lambda data: _BOMB + data[data.index(b"<Properties"):].replace(MARK_VALUE.encode(), b"&b;" + MARK_VALUE.encode()))
    assert not read_marker(bombed, spec).carried  # a DTD is refused, not expanded


def test_output_never_replaces_a_board_workbook_with_the_marker(gemarkeerd, tmp_path, spec):
    marked, before = gemarkeerd["marked"], sha256(gemarkeerd["marked"])
    refused = check_output(marked, spec)
    assert refused is not None and refused.code == "M061"
    assert check_output(gemarkeerd["earlier"], spec) is None  # a genuine overview may be replaced
    proc = run("merge", str(gemarkeerd["folder"]), "-o", str(marked))
    assert proc.returncode == 2 and proc.stderr.startswith("M061"), proc.stdout + proc.stderr
    # the Samenvoegen button (desktop and add-in) runs the same job with the same check
    outcome = merge_with(MergeSettings(folder=gemarkeerd["folder"], overzicht=marked), spec)
    assert [f.code for f in outcome.findings] == ["M061"] and outcome.result is None
    assert sha256(marked) == before


def test_a_folder_holding_only_an_earlier_overview_has_nothing_to_merge(gemarkeerd, tmp_path):
    """The overview is found out when it is read (on the workers); a folder with nothing else is
    still "no workbooks" (M001), and the earlier overview is left as it was."""
    alleen = tmp_path / "alleen"
    alleen.mkdir()
    shutil.copy(gemarkeerd["earlier"], alleen / "vorig-overzicht.xlsx")
    before = (alleen / "vorig-overzicht.xlsx").read_bytes()
    proc = run("merge", str(alleen), "-o", str(tmp_path / "nieuw.xlsx"))
    assert proc.returncode == 2 and proc.stderr.startswith("M001"), proc.stderr
    assert not (tmp_path / "nieuw.xlsx").exists() and (alleen / "vorig-overzicht.xlsx").read_bytes() == before
