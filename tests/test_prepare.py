"""`xltoolkit prepare`: a workbook per board, pre-filled by the SWV, and the merge's check against it.

Everything runs on real files: the example boards list and register in docs/voorbeelden/, the
workbooks prepare writes (read back with the project's reader, with openpyxl for the locks and
notes, in LibreOffice, through excel-check), a board's return made by editing the prepared file's
XML the way Excel saves an edit (xlsxpatch), and the merge over such returns.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO
from typer.testing import CliRunner
from xlsxpatch import name_cell, set_number, set_text

from xltoolkit.cli import app
from xltoolkit.examples import example_names, load_example
from xltoolkit.io import load, save
from xltoolkit.io.prefill import NAME, SHEET, prefillable
from xltoolkit.model.money import Bedrag
from xltoolkit.model.values import Indicatoren
from xltoolkit.services.beschikkingen import read_register
from xltoolkit.services.check import check
from xltoolkit.services.merge import find_files, merge_found
from xltoolkit.services.prepare import PrepareError, prepare
from xltoolkit.services.prepare.filenames import MAX_BYTES, MAX_STEM, safe_stem, unique_name
from xltoolkit.spec import load_spec

_NOTE = load_spec().prefill_note_field
assert _NOTE is not None, "the spec marks one field prefill_note"
NOTE_FIELD = _NOTE.id  # where a board says a pre-filled value is wrong

VOORBEELDEN = REPO / "docs" / "voorbeelden"
BESTUREN = VOORBEELDEN / "besturen.csv"
REGISTER = VOORBEELDEN / "beschikkingen.xlsx"
JAAR = "2023-2024"
NOT_YET_FILLED = {"V001", "V017"}  # a required field still empty, no indicator chosen yet
NOTHING_SPENT = {"R002", "R007"}  # received, nothing spent yet: only while the aanwending is empty


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, spec):
    out = tmp_path_factory.mktemp("klaar")
    return prepare(BESTUREN, schooljaar=JAAR, output=out, spec=spec, register=REGISTER)


def _by_name(result) -> dict[str, Path]:
    return {p.board.naam: result.output / p.bestand for p in result.prepared}


def test_the_example_list_is_current_and_names_every_board_of_the_example_register(spec, tmp_path):
    import importlib.util

    loader = importlib.util.spec_from_file_location("voorbeelden_maak", VOORBEELDEN / "maak.py")
    assert loader is not None and loader.loader is not None
    maak = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(maak)
    fresh = tmp_path / "besturen.csv"
    maak.write_boards(fresh, maak.board_rows(spec))
    assert fresh.read_bytes() == BESTUREN.read_bytes(), "verouderd: draai `python docs/voorbeelden/maak.py`"
    register = read_register(REGISTER, spec)
    listed = [row[0] for row in maak.board_rows(spec)[1:]]
    assert sorted(listed) == sorted(register.besturen(JAAR))


def test_one_workbook_per_example_board(prepared):
    assert prepared.ok, [f.message for f in prepared.findings]
    assert sorted(p.bestand for p in prepared.prepared) == sorted(f"{n} {JAAR}.xlsx" for n in (
        "Stichting SMART Limburg", "Stichting kom Leren", "Stichting Onderwijs Zuid-Limburg Drie Regio's", "Stichting De Brug Parkstad"))
    assert sorted(p.name for p in prepared.output.iterdir()) == sorted(p.bestand for p in prepared.prepared)


def test_prepared_values_read_back_as_the_list_and_the_register_say(prepared, spec):
    register = read_register(REGISTER, spec)
    files = _by_name(prepared)
    for naam, path in files.items():
        sub = load(path, spec)
        assert sub.source.findings == []
        assert sub.bestuur == naam and sub.schooljaar == JAAR
        amounts = register.bedragen(naam, JAAR)
        assert amounts  # every example board is in the example register
        for f in spec.fields:
            if f.regeling:
                want = amounts.get((f.region, f.regeling))
                assert sub.get(f.id) == (Bedrag(euro=want) if want is not None else None), (naam, f.id)
    drie = load(files["Stichting Onderwijs Zuid-Limburg Drie Regio's"], spec)
    assert drie.regios == ("PO3104", "PO3105", "PO3106") and drie.heeft_sbo_so is False
    brug = load(files["Stichting De Brug Parkstad"], spec)
    assert brug.regios == ("PO3106",) and brug.heeft_sbo_so is True
    assert brug.ontvangen("doelgroep", "PO3106") == Bedrag(euro=Decimal("1248730"))


def test_prepared_workbooks_only_miss_what_the_board_still_fills_in(prepared, spec):
    """Validation finds only empty fields (and, as nothing is spent yet, money not yet accounted
    for); against the register the received side has no difference at all."""
    register = read_register(REGISTER, spec)
    for naam, path in _by_name(prepared).items():
        c = check(load(path, spec), spec, register)
        codes = Counter(f.code for f in c.findings if f.severity != "info")
        assert set(codes) <= NOT_YET_FILLED | NOTHING_SPENT, (naam, codes)
        assert codes["V001"] >= 3  # at least the signatory's name and function and a narrative
        for f in c.findings:
            if f.code in NOTHING_SPENT:
                assert "besteed € 0" in f.message or "€ 0 besteed" in f.message, f.message
        comparison = c.reconciliation.register
        assert comparison is not None and comparison.koppeling is not None and comparison.koppeling.methode == "exact"
        assert comparison.regels and comparison.mismatches == (), naam
        assert all(r.bestuur_amount == r.beschikking for r in comparison.regels)


def test_prefilled_cells_are_locked_marked_and_recorded(prepared, spec):
    path = _by_name(prepared)["Stichting De Brug Parkstad"]
    wb = openpyxl.load_workbook(path)
    prefilled = next(set(p.prefilled) for p in prepared.prepared if p.board.naam == "Stichting De Brug Parkstad")
    assert {"bestuur", "schooljaar", "regios", "heeft_sbo_so", "ontvangen_terugploeg_PO3106", "ontvangen_doelgroep_PO3106"} == prefilled
    for f in prefillable(spec):
        dest = next(iter(wb.defined_names[f.id].destinations))
        ws = wb[dest[0]]
        cell = ws[dest[1].replace("$", "").split(":")[0]]
        assert ws.protection.sheet
        assert cell.protection.locked is (f.id in prefilled), f.id  # an amount the register does not have stays open
        assert (cell.comment is not None and "Vooringevuld door het SWV" in cell.comment.text) is (f.id in prefilled), f.id
    note = next(iter(wb.defined_names[NOTE_FIELD].destinations))
    assert wb[note[0]][note[1].replace("$", "")].protection.locked is False  # where the board disagrees
    gegevens = wb["Gegevens"]
    assert sum("Vooringevuld door het SWV" in str(c.value) for row in gegevens.iter_rows() for c in row if c.value) == 4
    record = wb[SHEET]
    assert record.sheet_state == "veryHidden" and record.protection.sheet
    rows = {r[0]: r[1] for r in record.iter_rows(min_row=2, values_only=True)}
    assert rows == {"bestuur": "Stichting De Brug Parkstad", "schooljaar": JAAR, "regios": "PO3106", "heeft_sbo_so": "Ja",
                    "ontvangen_doelgroep_PO3106": "1248730.00", "ontvangen_terugploeg_PO3106": "86420.00"}
    assert NAME in wb.defined_names


# -- the merge against what was prepared --------------------------------------------------------


def _merge(folder: Path, spec):
    return merge_found(find_files([folder]), spec=spec, workers=1)


def test_merge_flags_a_changed_prefilled_amount_and_name_not_an_untouched_one(prepared, spec, tmp_path):
    files = _by_name(prepared)
    returns = tmp_path / "ingeleverd"
    returns.mkdir()
    smart = files["Stichting SMART Limburg"]
    sheet, cell = name_cell(smart, "ontvangen_terugploeg_PO3105")
    step = set_number(smart, tmp_path / "stap.xlsx", sheet, cell, 85000)
    sheet, cell = name_cell(smart, "bestuur")
    set_text(step, returns / "smart.xlsx", sheet, cell, "SMART Limburg BV")
    # a board that filled in a narrative and its signatory: its pre-filled values are untouched
    brug = files["Stichting De Brug Parkstad"]
    sheet, cell = name_cell(brug, "ankerpunt_1")
    step = set_text(brug, tmp_path / "stap2.xlsx", sheet, cell, "Onze kwaliteitsstandaard is op orde; zie het jaarverslag.")
    sheet, cell = name_cell(brug, "namens_naam")
    step = set_text(step, tmp_path / "stap3.xlsx", sheet, cell, "R. Coenen")
    note_sheet, note_cell = name_cell(brug, NOTE_FIELD)
    set_text(step, returns / "brug.xlsx", note_sheet, note_cell, "De doelgroepfinanciering was € 1.250.000 volgens onze beschikking.")
    assert load(returns / "brug.xlsx", spec).get("ankerpunt_1").startswith("Onze kwaliteitsstandaard")
    result = _merge(returns, spec)
    found = [p for p in result.problems if p.finding.code in ("M040", "M041")]
    assert [(Path(p.file).name, p.finding.field) for p in found] == [("smart.xlsx", "bestuur"), ("smart.xlsx", "ontvangen_terugploeg_PO3105")]
    messages = {p.finding.field: p.finding.message for p in found}
    assert "'Stichting SMART Limburg'" in messages["bestuur"] and "'SMART Limburg BV'" in messages["bestuur"]
    assert "€ 81.739" in messages["ontvangen_terugploeg_PO3105"] and "€ 85.000" in messages["ontvangen_terugploeg_PO3105"]
    assert all(p.finding.severity == "waarschuwing" and p.kind == "Vooringevuld" for p in found)
    assert (found[1].finding.sheet, found[1].finding.cell) == name_cell(smart, "ontvangen_terugploeg_PO3105")
    (remark,) = [p for p in result.problems if p.finding.code == "M042"]  # the board that disagrees is heard
    assert Path(remark.file).name == "brug.xlsx" and "€ 1.250.000 volgens onze beschikking" in remark.finding.message
    assert (remark.finding.sheet, remark.finding.cell, remark.finding.severity) == (note_sheet, note_cell, "info")


def test_the_finding_is_on_the_overview_sheet_problemen(prepared, spec, tmp_path):
    smart = _by_name(prepared)["Stichting SMART Limburg"]
    returns = tmp_path / "in"
    returns.mkdir()
    sheet, cell = name_cell(smart, "ontvangen_terugploeg_PO3105")
    set_number(smart, returns / "smart.xlsx", sheet, cell, 81000)
    overview = tmp_path / "overzicht.xlsx"
    run = CliRunner().invoke(app, ["merge", str(returns), "-o", str(overview)])
    assert run.exit_code in (0, 1), run.output
    assert "M040" in run.output
    rows = [r for r in openpyxl.load_workbook(overview)["Problemen"].iter_rows(values_only=True) if "M040" in r]
    assert len(rows) == 1 and any("€ 81.739" in str(v) and "€ 81.000" in str(v) for v in rows[0])


def test_validate_and_reconcile_write_keep_the_record(prepared, spec, tmp_path):
    from xltoolkit.io.prefill import read_record

    returns = tmp_path / "in"
    returns.mkdir()
    board = returns / "drie.xlsx"
    board.write_bytes(_by_name(prepared)["Stichting Onderwijs Zuid-Limburg Drie Regio's"].read_bytes())
    before = read_record(board, spec)
    for command in (["validate", "--write"], ["reconcile", "--write", "--beschikkingen", str(REGISTER)]):
        run = CliRunner().invoke(app, [command[0], str(board), *command[1:]])
        assert run.exit_code == 1, run.output  # nothing spent yet: fouten, written into Controle and Reconciliatie
    assert read_record(board, spec) == before and before is not None
    assert not [p for p in _merge(returns, spec).problems if p.finding.code in ("M040", "M041")]


def test_workbooks_that_were_not_prepared_get_no_such_finding(example_workbooks, spec, tmp_path):
    folder = tmp_path / "gewoon"
    folder.mkdir()
    for path in example_workbooks.values():
        (folder / path.name).write_bytes(path.read_bytes())
    result = _merge(folder, spec)
    assert len(result.taken) == len(example_workbooks)
    assert not [p for p in result.problems if p.finding.code in ("M040", "M041")]


def test_a_damaged_record_is_said_not_ignored(prepared, spec, tmp_path):
    smart = _by_name(prepared)["Stichting SMART Limburg"]
    returns = tmp_path / "in"
    returns.mkdir()
    set_text(smart, returns / "smart.xlsx", SHEET, "A2", "iets anders")
    result = _merge(returns, spec)
    assert [p.finding.code for p in result.problems if p.finding.code.startswith("M04")] == ["M041"]


def test_a_workbook_of_the_previous_template_version_reads_without_the_new_field(example_workbooks, spec, tmp_path):
    """The toelichting field came with version 1.1: a 1.0 workbook lacks its name and that is no
    fout (L008 says added fields stay empty); in a current workbook a missing name still is (L010)."""
    from xlsxpatch import drop_defined_name

    source = example_workbooks["000_smart_limburg"]
    dropped = drop_defined_name(source, tmp_path / "zonder.xlsx", NOTE_FIELD)
    assert "L010" in {f.code for f in load(dropped, spec).source.findings}
    sheet, cell = name_cell(source, "sjabloon_versie")
    old = set_text(dropped, tmp_path / "oud.xlsx", sheet, cell, "1.0")
    sub = load(old, spec)
    assert {f.code for f in sub.source.findings} == {"L008"} and sub.get(NOTE_FIELD) is None
    assert sub.bestuur == "Stichting SMART Limburg"


# -- last year ---------------------------------------------------------------------------------


def last_year_workbooks(folder: Path, spec) -> Path:
    """Last year's folder: every example board saved as a workbook."""
    folder.mkdir()
    for name in example_names():
        save(load_example(name, spec), folder / f"{name}.xlsx", spec)
    return folder


def test_last_years_narratives_and_indicators_start_the_new_workbook_never_its_amounts(spec, tmp_path):
    last = last_year_workbooks(tmp_path / "vorig", spec)
    lijst = tmp_path / "besturen.csv"
    lijst.write_text("Naam;SWV;SBO/SO\nsmart limburg;MH;nee\nStichting  De Brug Parkstad;Parkstad;Ja\nNieuw Bestuur;WM, PS;Nee\n", encoding="utf-8")
    result = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "klaar", spec=spec, vorig_jaar=last)
    files = _by_name(result)
    smart, before = load(files["smart limburg"], spec), load_example("000_smart_limburg", spec)
    carried = [f for f in spec.fields if f.type in ("narrative", "indicators") and before.get(f.id) is not None]
    assert carried and all(smart.get(f.id) == before.get(f.id) for f in carried)
    assert isinstance(smart.get("b_algemeen_nummers"), Indicatoren)
    assert all(smart.get(f.id) is None for f in spec.fields if f.type in ("money", "count", "percentage"))
    assert smart.aanwending == () and smart.get("namens_naam") is None
    assert smart.bestuur == "smart limburg" and smart.schooljaar == "2024-2025"
    codes = Counter(f.code for f in result.findings)
    assert codes["K040"] == 2 and codes["K041"] == 1  # Nieuw Bestuur has no last year
    assert codes["K043"] == 1 and codes["K042"] == 1  # 901 is not in the list; 004 has no name
    assert any("Nieuw Bestuur" in f.message for f in result.findings if f.code == "K041")
    new = load(files["Nieuw Bestuur"], spec)
    assert new.get("ankerpunt_1") is None and new.regios == ("PO3104", "PO3106")


def test_last_year_can_also_come_from_the_swv_overview(spec, tmp_path):
    last = last_year_workbooks(tmp_path / "vorig", spec)
    overview = tmp_path / "overzicht-2023-2024.xlsx"
    assert CliRunner().invoke(app, ["merge", str(last), "-o", str(overview)]).exit_code in (0, 1)
    lijst = tmp_path / "besturen.csv"
    lijst.write_text("Bestuur;Regio's;SBO/SO\nSMART Limburg;PO3105;Nee\nStichting De Brug Parkstad;PO3106;Ja\n", encoding="utf-8")
    from_overview = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "a", spec=spec, vorig_jaar=overview)
    from_workbooks = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "b", spec=spec, vorig_jaar=last)
    for a, b in zip(_by_name(from_overview).values(), _by_name(from_workbooks).values(), strict=True):
        assert load(a, spec) == load(b, spec)  # the same starting text, whichever source
    brug = load(_by_name(from_overview)["Stichting De Brug Parkstad"], spec)
    assert brug.get("externe_functie") == load_example("902_sbo_so_bestuur", spec).get("externe_functie")
    assert brug.get("b_doelgroep_nummers") == load_example("902_sbo_so_bestuur", spec).get("b_doelgroep_nummers")
    assert brug.ontvangen("doelgroep", "PO3106") is None
    assert any(f.code == "K042" and "zonder naam" in f.message for f in from_overview.findings)  # board 004 has no name


# -- hostile lists, names and folders ----------------------------------------------------------


HOSTILE = ['a/b', 'a\\b', 'c:d', 'st*r', 'wat?', 'aan"hal', '<tag>', 'pi|pe', 'CON', 'nul', 'com1', "x" * 300, '...', ' . ',
           'Stichting ' + 'é' * 150, 'A/B', 'a:B']


def test_hostile_names_give_safe_unique_file_names(tmp_path):
    used: set[str] = set()
    names = []
    for naam in HOSTILE:
        stem, _ = safe_stem(naam)
        names.append(unique_name(f"{stem} 2024-2025", ".xlsx", used))
    assert len({n.casefold() for n in names}) == len(names)
    for n in names:
        stem = n.removesuffix(".xlsx")
        assert not any(ch in n for ch in '<>:"/\\|?*') and not n.startswith((".", "-", " "))
        assert stem.split(".")[0].split(" ")[0].upper() not in ("CON", "NUL", "COM1")
        assert len(stem) <= MAX_STEM + 20 and len(n.encode()) <= MAX_BYTES + 40
        (tmp_path / n).write_bytes(b"x")  # the file system takes it
    assert safe_stem("Stichting SMART Limburg") == ("Stichting SMART Limburg", [])


def _cli(*args: str):
    return CliRunner().invoke(app, ["prepare", *args])


def test_a_hostile_boards_list_gives_findings_with_row_numbers_not_a_traceback(spec, tmp_path):
    lijst = tmp_path / "besturen.csv"
    rows = ["Bestuur;Regio's;SBO/SO", "Stichting SMART Limburg;PO3105;Nee", "stichting smart   limburg;MH;Nee", ";PO3105;Ja",
            *(f"{n};PO3106;Ja" for n in HOSTILE), "=cmd|' /C calc'!A0;PO3104;Nee", "@SUM(1);PO3104;Nee",
            "Goed Bestuur;PO3109, Parkstad;misschien"]
    lijst.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = _cli(str(lijst), "--schooljaar", "2024-2025", "-o", str(tmp_path / "klaar"), "--json")
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    assert run.exit_code == 1, run.output
    out = json.loads(run.output)
    by_code: dict[str, list[str]] = {}
    for f in out["findings"]:
        by_code.setdefault(f["code"], []).append(f["message"])
    assert any("regel 3" in m for m in by_code["K011"])  # the duplicate, by its row
    assert any("regel 4" in m for m in by_code["K010"])  # no name
    assert len(by_code["K012"]) == 2 and any("=cmd" in m for m in by_code["K012"])
    assert any("PO3109" in m for m in by_code["K013"]) and any("misschien" in m for m in by_code["K014"])
    renamed = [b for b in out["boards"] if b["file"] != f"{b['bestuur']} 2024-2025.xlsx"]
    assert len(renamed) >= 10 and all(any(b["file"] in m for m in by_code["K020"]) for b in renamed)
    assert len(by_code["K020"]) == len(renamed)  # a name used as it is gets no finding
    written = {b["file"] for b in out["boards"] if b["status"] == "klaargezet"}
    assert {p.name for p in (tmp_path / "klaar").iterdir()} == written
    goed = load(tmp_path / "klaar" / "Goed Bestuur 2024-2025.xlsx", spec)
    assert goed.regios == ("PO3106",) and goed.heeft_sbo_so is None  # the known region kept; SBO/SO left to the board
    long = next(b for b in out["boards"] if b["bestuur"] == "x" * 300)
    assert load(tmp_path / "klaar" / long["file"], spec).bestuur == "x" * 300  # the name itself is kept whole


@pytest.mark.parametrize(("content", "code"), [
    (b"", "K004"),
    (b" ;;\n\n", "K004"),
    (b"Bestuur;Regio's;SBO/SO\n", "K004"),
    (b"Naam van de school;Adres\nx;y\n", "K003"),
    (b"\xff\xfe\x00\x00garbage\x00\x00", "K003"),
])
def test_an_unusable_list_stops_with_exit_code_2(content, code, tmp_path):
    lijst = tmp_path / "besturen.csv"
    lijst.write_bytes(content)
    run = _cli(str(lijst), "--schooljaar", "2024-2025", "-o", str(tmp_path / "klaar"))
    assert run.exit_code == 2 and code in run.output and run.exception is None or isinstance(run.exception, SystemExit)
    assert run.exit_code == 2, run.output
    assert not (tmp_path / "klaar").exists() or not any((tmp_path / "klaar").iterdir())


@pytest.mark.parametrize(("name", "content"), [
    ("besturen.xlsx", b"PK\x03\x04 afgebroken"),
    ("besturen.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),  # an old .xls (or a password) under .xlsx
    ("besturen.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ("besturen.txt", b"Bestuur;Regio's\nA;PO3104\n"),
])
def test_an_unreadable_list_file_is_k002_with_the_reason(name, content, tmp_path):
    lijst = tmp_path / name
    lijst.write_bytes(content)
    run = _cli(str(lijst), "--schooljaar", "2024-2025", "-o", str(tmp_path / "klaar"))
    assert run.exit_code == 2 and "K002" in run.output, run.output
    assert not (tmp_path / "klaar").exists()


def test_a_list_saved_as_unicode_text_by_excel_is_read(spec, tmp_path):
    lijst = tmp_path / "besturen.csv"
    lijst.write_bytes("Bestuur\tRegio's\tSBO/SO\nStichting Één\tPO3104\tNee\n".encode("utf-16"))
    result = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "klaar", spec=spec)
    assert [(b.naam, b.regios, b.heeft_sbo_so) for b in result.besturen.boards] == [("Stichting Één", ("PO3104",), False)]


def test_a_list_with_the_swv_own_headers_is_read(spec, tmp_path):
    """Headers as an SWV writes them: the board's column is found though "bestuur" also occurs in the
    SBO/SO question, and the contact's column though it says "naam"."""
    lijst = tmp_path / "besturen.csv"
    lijst.write_text("Naam contactpersoon;Naam van het bestuur;Regio's (PO-nummers);Heeft uw bestuur SBO- of SO-scholen?\n"
                     "A. de Vries;Stichting Één;PO3104, PO3106;Ja\n", encoding="utf-8")
    result = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "klaar", spec=spec)
    assert [(b.naam, b.regios, b.heeft_sbo_so, b.contact) for b in result.besturen.boards] == \
        [("Stichting Één", ("PO3104", "PO3106"), True, "A. de Vries")]


def test_an_xlsx_list_is_read_without_running_its_formulas(spec, tmp_path):
    lijst = tmp_path / "besturen.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Besturen van het SWV"])
    ws.append(["Bestuur", "PO3104", "PO3105", "PO3106", "SBO/SO"])
    ws.append(["Stichting A", "Ja", "Nee", "x", "Nee"])
    ws.append(["Stichting B", None, "ja", None, True])
    ws.append(['=HYPERLINK("http://example.com","Stichting C")', "Ja", None, None, "Nee"])
    wb.save(lijst)
    result = prepare(lijst, schooljaar="2024-2025", output=tmp_path / "klaar", spec=spec)
    boards = {b.naam: b for b in result.besturen.boards}
    assert boards["Stichting A"].regios == ("PO3104", "PO3106") and boards["Stichting B"].heeft_sbo_so is True
    assert "Stichting C" not in boards  # openpyxl stores no cached value: nothing to use, and nothing run
    codes = {f.code: f.message for f in result.findings}
    assert "Sheet!A5" in codes["K016"] and "HYPERLINK" in codes["K016"] and "Sheet!5:5" in codes["K010"]
    assert sorted(p.name for p in (tmp_path / "klaar").iterdir()) == ["Stichting A 2024-2025.xlsx", "Stichting B 2024-2025.xlsx"]


def test_an_existing_file_is_never_overwritten(spec, tmp_path):
    out = tmp_path / "klaar"
    out.mkdir()
    taken = out / f"Stichting SMART Limburg {JAAR}.xlsx"
    taken.write_bytes(b"al ingevuld door het bestuur")
    run = _cli(str(BESTUREN), "--schooljaar", JAAR, "-o", str(out), "--beschikkingen", str(REGISTER))
    assert run.exit_code == 1 and "K021" in run.output, run.output
    assert taken.read_bytes() == b"al ingevuld door het bestuur"
    assert len(list(out.iterdir())) == 4


def test_an_invalid_school_year_or_missing_register_writes_nothing(spec, tmp_path):
    for args, code in ((["--schooljaar", "2024-2026"], "K005"), (["--schooljaar", "vorig jaar"], "K005"),
                       (["--schooljaar", JAAR, "--beschikkingen", str(tmp_path / "weg.xlsx")], "R030"),
                       (["--schooljaar", JAAR, "--vorig-jaar", str(tmp_path / "weg")], "K044")):
        run = _cli(str(BESTUREN), *args, "-o", str(tmp_path / "klaar"))
        assert run.exit_code == 2 and code in run.output, (args, run.output)
    assert not (tmp_path / "klaar").exists()
    (tmp_path / "bezet").write_bytes(b"een bestand, geen map")
    run = _cli(str(BESTUREN), "--schooljaar", JAAR, "-o", str(tmp_path / "bezet"))
    assert run.exit_code == 2 and "K006" in run.output and (tmp_path / "bezet").read_bytes() == b"een bestand, geen map"
    with pytest.raises(PrepareError):
        prepare(tmp_path / "geen.csv", schooljaar=JAAR, output=tmp_path / "klaar", spec=spec)


# -- other programs open what prepare writes ----------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_a_prepared_workbook(prepared, spec, lo):
    path = _by_name(prepared)["Stichting Onderwijs Zuid-Limburg Drie Regio's"]
    names = ["bestuur", "schooljaar", "ontvangen_terugploeg_PO3104", "ontvangen_terugploeg_PO3106", "live_ontvangen_totaal"]
    got = lo.run_job(path, [{"op": "sheets"}, {"op": "recalc"}, {"op": "names", "names": names}])
    assert "Gegevens" in got["0"] and SHEET in got["0"]
    values = {k: v[0][0] for k, v in got["2"].items()}
    assert values["bestuur"] == "Stichting Onderwijs Zuid-Limburg Drie Regio's" and values["schooljaar"] == JAAR
    assert values["ontvangen_terugploeg_PO3104"] == 468216 and values["ontvangen_terugploeg_PO3106"] == 312144
    assert values["live_ontvangen_totaal"] == 975450  # LibreOffice's own sum of the pre-filled amounts


@pytest.mark.libreoffice
def test_the_record_survives_another_program_saving_the_workbook(prepared, spec, lo, tmp_path):
    """A board that opens its workbook in LibreOffice and saves it keeps the record: the merge
    compares it and finds nothing changed."""
    returns = tmp_path / "in"
    returns.mkdir()
    saved = returns / "brug-libreoffice.xlsx"
    lo.run_job(_by_name(prepared)["Stichting De Brug Parkstad"], [{"op": "sheets"}], save_as=saved)
    from xltoolkit.io.prefill import read_record

    record = read_record(saved, spec)
    assert record is not None and record.values["ontvangen_doelgroep_PO3106"] == "1248730.00"
    result = _merge(returns, spec)
    assert len(result.taken) == 1 and not [p for p in result.problems if p.finding.code in ("M040", "M041")]


@pytest.mark.slow  # excel-check starts .NET: with the other excel-check tests, not in the quick run
def test_excel_check_passes_on_prepared_workbooks(prepared, spec, tmp_path):
    from test_excel_check import excel_check_path

    xlsm = prepare(BESTUREN, schooljaar=JAAR, output=tmp_path / "xlsm", spec=spec, register=REGISTER, xlsm=True)
    written_back = tmp_path / "teruggeschreven.xlsm"  # the board clicked Valideren and Reconciliatie
    written_back.write_bytes(_by_name(xlsm)["Stichting De Brug Parkstad"].read_bytes())
    for command in (["validate", "--write"], ["reconcile", "--write"]):
        assert CliRunner().invoke(app, [command[0], str(written_back), *command[1:]]).exit_code == 1
    files = [*_by_name(prepared).values(), *list(_by_name(xlsm).values())[:2], written_back]
    proc = subprocess.run([str(excel_check_path()), "--json", *map(str, files)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    with zipfile.ZipFile(files[-1]) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()


# -- the Klaarzetten button of the SWV workbook -------------------------------------------------


def _swv_payload(tmp_path: Path, settings: dict[str, str]):
    from xltoolkit.excel.payload import book_payload
    from xltoolkit.io.swv_workbook import swv_filename
    from xltoolkit.io.xlsx import ref_to_rowcol

    swv = tmp_path / swv_filename()
    swv.write_bytes((REPO / "workbook" / swv_filename()).read_bytes())
    payload = book_payload(swv)
    payload["book"]["name"] = str(swv)
    names = {n["name"]: n for n in payload["names"]}
    for name, value in settings.items():
        sheet = payload["sheets"][names[name]["sheet_index"]]
        r, c = ref_to_rowcol(names[name]["address"])
        sheet["values"][r - 1][c - 1] = value
    return payload, names


def test_the_klaarzetten_button_prepares_with_the_settings_of_the_swv_workbook(tmp_path):
    import xlwings as xw
    from excel_actions import apply_actions

    import xltoolkit.excel as excel
    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN, NAMEN
    from xltoolkit.io.xlsx import ref_to_rowcol

    payload, names = _swv_payload(tmp_path, {KLAARZETTEN_NAMEN["besturen"]: str(BESTUREN), KLAARZETTEN_NAMEN["schooljaar"]: JAAR,
                                             KLAARZETTEN_NAMEN["klaarmap"]: "klaargezet", NAMEN["register"]: str(REGISTER)})
    book = xw.Book(json=payload)
    excel.prepare(book)
    applied = apply_actions(payload, book.json()["actions"])
    (message, title), = applied.alerts
    assert title == "Klaarzetten" and "4 van de 4 besturen" in message, message
    assert len(list((tmp_path / "klaargezet").glob("*.xlsx"))) == 4  # a relative folder counts from the SWV workbook
    status = names[KLAARZETTEN_NAMEN["status"]]
    r, c = ref_to_rowcol(status["address"])
    assert applied.value(payload["sheets"][status["sheet_index"]]["name"], r, c) == message


def test_the_button_names_the_cell_of_a_missing_setting_and_writes_nothing(tmp_path):
    import xlwings as xw
    from excel_actions import apply_actions

    import xltoolkit.excel as excel
    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN

    payload, names = _swv_payload(tmp_path, {KLAARZETTEN_NAMEN["besturen"]: str(tmp_path / "weg.csv")})
    book = xw.Book(json=payload)
    excel.prepare(book)
    (message, _), = apply_actions(payload, book.json()["actions"]).alerts
    assert message.startswith("Niet klaargezet") and "Schooljaar" in message and "weg.csv" in message
    assert f"!{names[KLAARZETTEN_NAMEN['schooljaar']]['address'].replace('$', '')}" in message
    assert not (tmp_path / "klaargezet").exists()


def test_a_server_confines_klaarzetten_to_its_folder(spec, tmp_path):
    from xltoolkit.services.prepare.settings import prepare_from

    root = tmp_path / "toegestaan"
    root.mkdir()
    outcome = prepare_from({"besturen": str(BESTUREN), "schooljaar": JAAR, "klaarmap": "../elders"}, root, spec, root=root)
    assert [f.code for f in outcome.findings] == ["K052", "K052"] and not (tmp_path / "elders").exists()


def test_the_committed_swv_xlsm_carries_the_klaarzetten_button():
    from test_vba_workbook import olevba_modules
    from xlsxpatch import zip_parts

    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN, swv_filename

    committed = (REPO / "workbook" / swv_filename(xlsm=True)).read_bytes()
    modules = olevba_modules(committed, "swv.xlsm")
    assert "Public Sub prepare()" in modules["samenvoegen"][1] and "e.prepare()" in modules["samenvoegen"][1]
    vml = "".join(v.decode("utf-8", "replace") for n, v in zip_parts(committed).items() if n.endswith(".vml"))
    assert "[0]!prepare" in vml and "Klaarzetten" in vml
    names = openpyxl.load_workbook(REPO / "workbook" / swv_filename()).defined_names
    assert set(KLAARZETTEN_NAMEN.values()) <= set(names)


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_the_addin_prepares_into_the_configured_swv_folder_only(tmp_path, monkeypatch):
    """The add-in's Klaarzetten: the same entry point, confined to the server's SWV folder; without
    that folder it says what the administrator must set."""
    from addin_support import addin, client

    from xltoolkit.excel.payload import book_payload
    from xltoolkit.io.swv_workbook import KLAARZETTEN_NAMEN, NAMEN, swv_filename
    from xltoolkit.io.xlsx import ref_to_rowcol

    web = client()
    _, settings = addin()
    root = tmp_path / "swv"
    root.mkdir()
    (root / "besturen.csv").write_bytes(BESTUREN.read_bytes())
    (root / "beschikkingen.xlsx").write_bytes(REGISTER.read_bytes())
    payload = book_payload(REPO / "workbook" / swv_filename())
    names = {n["name"]: n for n in payload["names"]}
    for name, value in ((KLAARZETTEN_NAMEN["besturen"], str(root / "besturen.csv")), (KLAARZETTEN_NAMEN["schooljaar"], JAAR),
                        (KLAARZETTEN_NAMEN["klaarmap"], str(root / "klaar")), (NAMEN["register"], str(root / "beschikkingen.xlsx"))):
        r, c = ref_to_rowcol(names[name]["address"])
        payload["sheets"][names[name]["sheet_index"]]["values"][r - 1][c - 1] = value

    def alert() -> str:
        response = web.post("/xlwings/custom-scripts-call/klaarzetten", json=payload)
        assert response.status_code == 200, response.text
        (found,) = [a for a in response.json()["actions"] if a["func"] == "alert"]
        return found["args"][0]

    assert "XLWINGS_SAMENVOEGEN_MAP" in alert() and not (root / "klaar").exists()
    monkeypatch.setattr(settings, "samenvoegen_map", str(root))
    assert "4 van de 4 besturen" in alert()
    assert len(list((root / "klaar").glob("*.xlsx"))) == 4
    monkeypatch.setattr(settings, "samenvoegen_map", str(tmp_path / "ander"))
    (tmp_path / "ander").mkdir()
    refused = alert()
    assert refused.startswith("Niet klaargezet") and "alleen lezen en schrijven binnen" in refused  # outside the server's folder
