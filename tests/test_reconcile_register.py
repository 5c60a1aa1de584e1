"""SWV level: what boards say they received against the register of beschikkingen (.xlsx, .csv),
and how board names are matched. Registers are written by the tests from data in the tests."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from openpyxl import Workbook
from xlsxpatch import name_cell

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.model.values import read_money
from xltoolkit.services.beschikkingen import (
    RegisterError,
    koppel_naam,
    normalise_name,
    normalise_schooljaar,
    read_register,
)
from xltoolkit.services.reconcile import compare_besturen, reconcile

D = Decimal
HEADER = ["Schooljaar", "Bestuur", "Regio", "Regeling", "Bedrag"]


def write_xlsx(path, rows, header=HEADER, title="Beschikkingen"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["Bekostigingsbeschikkingen SWV PO Zuid-Limburg"])  # a title row above the header, as people do
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path, rows, header=HEADER, delimiter=";", encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


SMART = ["2023-2024", "SMART Limburg", "PO3105", "terugploeg", 81739]
DRIE = [
    ["2023-2024", "Stichting Onderwijs Zuid-Limburg Drie Regio's", "Westelijke Mijnstreek", "Terugploegregeling", "€ 468.216"],
    ["2023-2024", "Onderwijs Zuid-Limburg Drie Regio's", "MH", "Terugploegregeling (basisbedrag)", "190.000,00"],
    ["2023-2024", "Onderwijs Zuid-Limburg Drie Regio's", "MH", "Terugploegregeling (uitkering reserve)", "5.090,00"],
    ["2023-2024", "Onderwijs Zuid-Limburg Drie Regio's", "PO 3106", "terugploeg", "312.144"],
]


# -- board names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("workbook_name, register_name, methode", [
    ("Stichting SMART Limburg", "Stichting SMART Limburg", "exact"),
    ("Stichting SMART Limburg", "SMART Limburg", "genormaliseerd"),
    ("stichting smart-limburg", "Stg. SMART Limburg", "genormaliseerd"),
    ("Stichting Onderwijs Zuid-Limburg Drie Regio’s", "Onderwijs Zuid-Limburg Drie Regio's", "genormaliseerd"),
    ("Stichting kom Léren", "kom Leren", "genormaliseerd"),
    ("Stichting SMART Limburgh", "SMART Limburg", "gelijkend"),
    ("Limburg SMART", "SMART Limburg", "gelijkend"),  # word order
])
def test_board_names_match_tolerantly(workbook_name, register_name, methode):
    k = koppel_naam(workbook_name, ["Stichting De Brug Parkstad", register_name, "Stichting Kindante"])
    assert (k.gevonden, k.methode) == (register_name, methode)


def test_board_names_that_do_not_match_or_are_doubtful():
    none = koppel_naam("Stichting Innovo", ["SMART Limburg", "kom Leren", "Stichting De Brug Parkstad"])
    assert none.gevonden is None and none.methode == "geen"
    near = koppel_naam("SMART Limbrug", ["SMART Limburg", "Stichting Kindante"])
    assert near.gevonden == "SMART Limburg"  # a typo is still found ...
    doubt = koppel_naam("Stichting Openbaar Onderwijs", ["Openbaar Onderwijs Noord", "Openbaar Onderwijs Zuid"])
    assert doubt.gevonden is None and doubt.methode == "twijfel" and len(doubt.alternatieven) == 2  # ... a guess is not
    assert normalise_name("Stichting SMART Limburg") == normalise_name("SMART  limburg") == "smart limburg"


def test_school_years_are_normalised():
    assert {normalise_schooljaar(v) for v in ("2023-2024", "2023/2024", "2023 - 24", "23-24", "2023–2024")} == {"2023-2024"}
    assert normalise_schooljaar(None) is None


# -- reading the register ------------------------------------------------------------------------


def test_xlsx_register_is_read_with_dutch_amounts_names_and_sums(tmp_path, spec):
    path = write_xlsx(tmp_path / "beschikkingen.xlsx", [SMART, *DRIE, [None, None, None, None, None]])
    reg = read_register(path, spec)
    assert reg.findings == [] and len(reg.beschikkingen) == 5
    drie = reg.bedragen("Stichting Onderwijs Zuid-Limburg Drie Regio's", "2023-2024")
    assert drie == {("PO3104", "terugploeg"): D("468216"), ("PO3105", "terugploeg"): D("195090"),
                    ("PO3106", "terugploeg"): D("312144")}  # basisbedrag + uitkering reserve add up
    assert reg.beschikkingen[0].plaats == "Beschikkingen!E3"


def test_csv_register_with_semicolons_and_windows_encoding(tmp_path, spec):
    rows = [["2023-2024", "Stichting De Brug Parkstad", "Parkstad", "Doelgroepfinanciering", "€ 1.248.730,00"]]
    path = write_csv(tmp_path / "beschikkingen.csv", rows, encoding="cp1252")
    reg = read_register(path, spec)
    (b,) = reg.beschikkingen
    assert (b.regio, b.regeling, b.bedrag, b.plaats) == ("PO3106", "doelgroep", D("1248730.00"), "beschikkingen.csv, regel 2")


def test_a_register_with_the_swv_own_headers_is_read(tmp_path, spec):
    """Headers as an SWV writes them, not our words: each names its column by a whole word in it."""
    header = ["Schooljaar (JJJJ-JJJJ)", "Naam van het bestuur", "Regio (PO-nummer)", "Soort regeling", "Bedrag in euro"]
    path = write_csv(tmp_path / "eigen.csv", [["2023-2024", "SMART Limburg", "PO3105", "terugploeg", "81.739,00"]], header=header)
    (b,) = read_register(path, spec).beschikkingen
    assert (b.bestuur, b.regio, b.regeling, b.bedrag) == ("SMART Limburg", "PO3105", "terugploeg", D("81739.00"))


def test_csv_register_with_commas(tmp_path, spec):
    path = write_csv(tmp_path / "b.csv", [["2023-2024", "SMART Limburg", "PO3105", "terugploeg", "81.739,00"]], delimiter=",")
    assert read_register(path, spec).beschikkingen[0].bedrag == D("81739.00")


def test_unusable_rows_become_findings_and_are_left_out(tmp_path, spec):
    rows = [SMART, ["2023-2024", "kom Leren", "PO3199", "terugploeg", 1], ["2023-2024", "kom Leren", "PO3105", "subsidie", 1],
            ["2023-2024", "kom Leren", "PO3105", "terugploeg", "zie brief"], ["2023-2024", None, "PO3105", "terugploeg", 5]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows), spec)
    assert len(reg.beschikkingen) == 1
    assert [(f.code, f.cell) for f in reg.findings] == [("R033", "C4"), ("R033", "D5"), ("R033", "E6"), ("R033", "B7")]
    assert "'zie brief'" in reg.findings[2].message and "Beschikkingen!E6" in reg.findings[2].message


@pytest.mark.parametrize("make, code", [
    (lambda p: p / "bestaat-niet.xlsx", "R030"),
    (lambda p: (p / "r.txt").write_text("x") and p / "r.txt", "R031"),
    (lambda p: (p / "r.xlsx").write_bytes(b"geen zip") and p / "r.xlsx", "R031"),
    (lambda p: write_csv(p / "r.csv", [["2023-2024", "SMART Limburg", "PO3105", 81739]], header=HEADER[:3] + ["Bedrag"]), "R032"),
    (lambda p: write_csv(p / "r.csv", []), "R034"),
])
def test_register_that_cannot_be_used(tmp_path, spec, make, code):
    with pytest.raises(RegisterError) as exc:
        read_register(make(tmp_path), spec)
    assert exc.value.finding.code == code and exc.value.finding.severity == "fout"


def test_register_formula_is_never_evaluated(tmp_path, spec):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["2023-2024", "SMART Limburg", "PO3105", "terugploeg", "=81739*2"])  # no cached value: not a number
    wb.save(tmp_path / "f.xlsx")
    with pytest.raises(RegisterError) as exc:
        read_register(tmp_path / "f.xlsx", spec)
    assert exc.value.finding.code == "R034"


# -- one board against the register ------------------------------------------------------------


def test_register_agrees_and_the_name_match_is_shown(example_workbooks, tmp_path, spec):
    reg = read_register(write_xlsx(tmp_path / "b.xlsx", [SMART]), spec)
    result = reconcile(load(example_workbooks["000_smart_limburg"], spec), spec, reg)
    v = result.register
    assert v.koppeling.gevonden == "SMART Limburg" and v.koppeling.methode == "genormaliseerd"
    (row,) = v.regels
    assert (row.region, row.regeling, row.bestuur_amount, row.beschikking, row.matches) == ("PO3105", "terugploeg", D("81739"), D("81739"), True)
    match = next(f for f in result.findings if f.code == "R023")
    assert "'Stichting SMART Limburg'" in match.message and "'SMART Limburg'" in match.message
    assert result.ok


def test_register_that_disagrees_xlsx(example_workbooks, tmp_path, spec):
    path = example_workbooks["000_smart_limburg"]
    reg = read_register(write_xlsx(tmp_path / "b.xlsx", [[*SMART[:4], "81.814,00"]]), spec)
    result = reconcile(load(path, spec), spec, reg)
    f = next(f for f in result.findings if f.code == "R020")
    assert f.severity == "fout" and not result.ok
    assert "bestuur zegt € 81.739, beschikking zegt € 81.814" in f.message and "verschil € -75" in f.message
    assert (f.sheet, f.cell) == name_cell(path, "ontvangen_terugploeg_PO3105") and "Beschikkingen!E3" in f.message
    assert result.region("PO3105").status == "sluitend"  # the board's own sums still close


def test_register_that_disagrees_csv_per_region(tmp_path, spec):
    rows = [[*r[:4], r[4]] for r in DRIE]
    rows[3][4] = "312.000"  # PO3106 paid less than the board says
    rows.append(["2023-2024", "Onderwijs Zuid-Limburg Drie Regio's", "PO3106", "doelgroep", "12.500"])  # and a decision it left out
    reg = read_register(write_csv(tmp_path / "b.csv", rows), spec)
    sub = load(save(load_example("901_drie_regios", spec), tmp_path / "901.xlsx", spec), spec)
    result = reconcile(sub, spec, reg)
    wrong = {(r.region, r.regeling): r for r in result.register.mismatches}
    assert set(wrong) == {("PO3106", "terugploeg"), ("PO3106", "doelgroep")}
    assert wrong[("PO3106", "doelgroep")].bestuur_amount is None and wrong[("PO3106", "doelgroep")].beschikking == D("12500")
    messages = [f.message for f in result.findings if f.code == "R020"]
    assert any("bestuur zegt € 312.144, beschikking zegt € 312.000" in m for m in messages)
    assert any("bestuur zegt niets, beschikking zegt € 12.500" in m for m in messages)
    assert [r.matches for r in result.register.regels if r.region != "PO3106"] == [True, True]


def test_board_without_a_name_or_school_year(example_workbooks, tmp_path, spec):
    reg = read_register(write_csv(tmp_path / "b.csv", [SMART]), spec)
    result = reconcile(load(example_workbooks["004_kom_leren"], spec), spec, reg)  # BESTUUR and SCHOOLJAAR empty
    assert "R025" in [f.code for f in result.findings] and not result.ok


def test_school_year_not_in_register(example_workbooks, tmp_path, spec):
    reg = read_register(write_csv(tmp_path / "b.csv", [["2022-2023", *SMART[1:]]]), spec)
    result = reconcile(load(example_workbooks["000_smart_limburg"], spec), spec, reg)
    f = next(f for f in result.findings if f.code == "R026")
    assert "2023-2024" in f.message and "2022-2023" in f.message


def test_board_not_in_register_gets_a_suggestion(example_workbooks, tmp_path, spec):
    reg = read_register(write_csv(tmp_path / "b.csv", [["2023-2024", "SMART Limburg Zuid", "PO3105", "terugploeg", 1]]), spec)
    sub = load(example_workbooks["000_smart_limburg"], spec)
    result = reconcile(sub, spec, reg)
    near = next(f for f in result.findings if f.code == "R021")  # too different to assume, close enough to suggest
    assert "Bedoelt u 'SMART Limburg Zuid'?" in near.message and result.register.regels == ()
    far = read_register(write_csv(tmp_path / "c.csv", [["2023-2024", "Stichting Kindante", "PO3105", "terugploeg", 1]]), spec)
    f = next(f for f in reconcile(sub, spec, far).findings if f.code == "R021")
    assert "'Stichting SMART Limburg'" in f.message and "niet in het register" in f.message


# -- every board of an SWV at once --------------------------------------------------------------


def test_swv_level_mismatches_per_region_and_per_board(tmp_path, spec):
    rows = [[*SMART[:4], 80000], *DRIE, ["2023-2024", "Stichting Kindante", "PO3104", "terugploeg", 1000000]]
    reg = read_register(write_xlsx(tmp_path / "b.xlsx", rows), spec)
    boards = [(name, load(save(load_example(name, spec), tmp_path / f"{name}.xlsx", spec), spec))
              for name in ("000_smart_limburg", "901_drie_regios")]
    swv = compare_besturen(boards, reg, spec)
    assert list(swv.mismatches_per_bestuur()) == ["000_smart_limburg"]
    assert [(r.region, r.bestuur_amount, r.beschikking) for r in swv.mismatches_per_regio()["PO3105"]] == [
        ("PO3105", D("81739"), D("80000"))]
    assert swv.zonder_werkboek == ["Stichting Kindante"]
    assert swv.totals_per_regio()["PO3105"] == (D("81739") + D("195090"), D("80000") + D("195090"))
    assert "R028" in [f.code for f in swv.findings]
    assert sum(1 for f in swv.findings if f.code == "R023") == 2  # every match is shown


def test_received_text_against_register(tmp_path, spec):
    sub = load_example("000_smart_limburg", spec)
    sub.values["ontvangen_terugploeg_PO3105"] = read_money("PM")
    reg = read_register(write_csv(tmp_path / "b.csv", [SMART]), spec)
    result = reconcile(sub, spec, reg)
    assert "bestuur zegt 'PM', beschikking zegt € 81.739" in next(f for f in result.findings if f.code == "R020").message
