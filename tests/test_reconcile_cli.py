"""`xltoolkit reconcile`, run as a user runs it, and the rows of the Reconciliatie sheet."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal

import cli_support
from conftest import sha256

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.io.styles import RESULT_STYLES
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import read_money
from xltoolkit.services.reconcile import STATUS_STYLE, reconcile, reconciliation_rows
from xltoolkit.spec import load_spec

REGION_KEYS = ["region", "terugploeg", "doelgroep", "received", "spent", "difference", "status"]


def run(*args: str) -> subprocess.CompletedProcess:
    return cli_support.run("reconcile", *args)


def test_json_of_000_is_sluitend_at_81739(example_workbooks):
    path = example_workbooks["000_smart_limburg"]
    proc = run(str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out) == ["file", "regions", "total", "findings"] and out["file"] == str(path)
    assert out["regions"] == [{"region": "PO3105", "terugploeg": "81739.00", "doelgroep": "0.00", "received": "81739.00",
                               "spent": "81739.00", "difference": "0.00", "status": "sluitend"}]
    assert list(out["total"]) == REGION_KEYS[1:] and out["total"]["status"] == "sluitend"


def test_text_output_is_dutch_with_dutch_amounts(example_workbooks):
    proc = run(str(example_workbooks["901_drie_regios"]))
    assert proc.returncode == 0, proc.stderr
    assert "PO3104 (Westelijke Mijnstreek)" in proc.stdout and "€ 468.216" in proc.stdout
    assert "Regels zonder regio (€ 14.900)" in proc.stdout and "PO3104 € 7.152 (48,00%)" in proc.stdout
    assert "Oordeel: sluitend." in proc.stdout


def test_exit_1_for_onbepaald_and_for_a_register_mismatch(example_workbooks, tmp_path):
    proc = run(str(example_workbooks["902_sbo_so_bestuur"]), "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["regions"][0]["status"] == "onbepaald"
    register = tmp_path / "beschikkingen.csv"
    register.write_text("schooljaar;bestuur;regio;regeling;bedrag\n2023-2024;SMART Limburg;PO3105;terugploeg;81.814,00\n",
                        encoding="utf-8")
    proc = run(str(example_workbooks["000_smart_limburg"]), "--beschikkingen", str(register))
    assert proc.returncode == 1
    assert "bestuur zegt € 81.739, beschikking zegt € 81.814" in proc.stdout
    assert "gevonden als 'SMART Limburg'" in proc.stdout


def test_exit_1_for_a_75_euro_gap(tmp_path):
    sub = load_example("000_smart_limburg", load_spec())
    lines = (*sub.aanwending[:-1], Aanwendingsregel({**sub.aanwending[-1].values, "bedrag": read_money("€ 74.104")}))
    path = save(Submission(values=sub.values, aanwending=lines), tmp_path / "gat.xlsx", load_spec())
    proc = run(str(path))
    assert proc.returncode == 1 and "€ 75 minder besteed dan ontvangen" in proc.stdout and "Overschot" in proc.stdout


def test_exit_2_when_the_file_cannot_be_read(tmp_path, example_workbooks):
    not_a_workbook = tmp_path / "verslag.xlsx"
    not_a_workbook.write_text("dit is geen werkboek")
    proc = run(str(not_a_workbook))
    assert proc.returncode == 2 and "L002" in proc.stderr and "geen Excel-werkboek" in proc.stderr
    proc = run(str(tmp_path / "weg.xlsx"), "--json")
    assert proc.returncode == 2 and json.loads(proc.stdout)["findings"][0]["code"] == "L001"
    proc = run(str(example_workbooks["000_smart_limburg"]), "--beschikkingen", str(tmp_path / "geen.csv"))
    assert proc.returncode == 2 and "R030" in proc.stderr


def test_the_input_file_is_not_changed(example_workbooks):
    path = example_workbooks["901_drie_regios"]
    before = sha256(path)
    run(str(path), "--json")
    assert sha256(path) == before


def test_written_amounts_keep_room_before_their_explanation(example_workbooks, tmp_path):
    """On the written sheet every amount keeps a digit's width free at its right (the number format's
    "_0" in each section), so "€ 468.216" and "48,00% van al het ontvangen geld" in the next column
    never run together (LibreOffice rendered them as one before; looked at after)."""
    import openpyxl

    path = tmp_path / "901.xlsx"
    path.write_bytes(example_workbooks["901_drie_regios"].read_bytes())
    assert run(str(path), "--write").returncode == 0
    ws = openpyxl.load_workbook(path)["Reconciliatie"]
    amounts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and "€" in c.number_format]
    assert len(amounts) > 20
    for c in amounts:
        assert all(section.endswith("_0") for section in c.number_format.split(";")), (c.coordinate, c.number_format)


# -- the Reconciliatie sheet as rows -------------------------------------------------------------


def test_reconciliatie_rows_per_region_total_and_allocation(example_workbooks, spec):
    result = reconcile(load(example_workbooks["901_drie_regios"], spec), spec)
    blad = reconciliation_rows(result, spec)
    rows = blad.rows
    assert len({len(r) for r in rows}) == 1  # rectangular
    headers = [rows[i][0] for i in sorted(blad.header_rows)]
    assert headers[1:4] == [r.label for r in spec.regions] and headers[4] == "Totaal alle regio's"
    assert headers[5].startswith("Verdeling van de regels zonder regio (€ 14.900)")
    statuses = {rows[r][c]: key for (r, c), key in blad.status_cells.items()}
    # three regions whose spent rests on the pro-rata share (indicatief, not coloured) and the total that closes
    assert statuses == {"Indicatief": "indicatief", "Sluitend": "sluitend"} and len(blad.status_cells) == 4
    assert [k for k in blad.status_cells.values()] == ["indicatief"] * 3 + ["sluitend"]
    notes = [r[2] for r in rows if r[0] == "Status" and r[1] == "Indicatief"]
    assert len(notes) == 3 and all("het oordeel staat bij het totaal" in n for n in notes)
    share_rows = [r for r in rows if r[0] == "Besteed: aandeel van regels zonder regio"]
    assert [r[1] for r in share_rows] == [Decimal("7152"), Decimal("2980"), Decimal("4768")]
    assert share_rows[0][2] == "naar rato: 48,00% van € 14.900"
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            assert cell is None or isinstance(cell, (str, Decimal))
            assert blad.style(i, j) in RESULT_STYLES
    assert set(v for v in STATUS_STYLE.values() if v) <= set(RESULT_STYLES)


def test_reconciliatie_rows_show_pm_and_register(example_workbooks, tmp_path, spec):
    from xltoolkit.services.beschikkingen import read_register

    register = tmp_path / "b.csv"
    register.write_text("Schooljaar;Bestuur;Regio;Regeling;Bedrag\n2023-2024;De Brug Parkstad;PO3106;terugploeg;86.420\n"
                        "2023-2024;De Brug Parkstad;PO3106;doelgroep;1.200.000\n", encoding="utf-8")
    result = reconcile(load(example_workbooks["902_sbo_so_bestuur"], spec), spec, read_register(register, spec))
    blad = reconciliation_rows(result, spec)
    status = {blad.rows[r][c]: (key, blad.style(r, c)) for (r, c), key in blad.status_cells.items()}
    assert status["Onbepaald"] == ("onbepaald", "onbepaald")
    assert status["Wijkt af"] == ("wijkt_af", "afwijkend") and status["Klopt"] == ("klopt", "sluitend")
    pm_note = next(r[2] for r in blad.rows if r[0] == "Status" and r[1] == "Onbepaald")
    assert "regel 7 van de aanwending" in pm_note and "op PM staat" in pm_note
