"""The xlwings entry points, run against xlwings' real object model through its remote engine
(the one the add-in uses), with a book payload built from a real filled workbook."""

from __future__ import annotations

import xlwings as xw
from excel_actions import apply_actions

import xltoolkit.excel as excel
from xltoolkit.excel.payload import book_payload
from xltoolkit.io import load
from xltoolkit.io.update import apply
from xltoolkit.io.xlsx import open_workbook
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback


def run(entry, path):
    payload = book_payload(path)
    book = xw.Book(json=payload)
    entry(book)
    return payload, apply_actions(payload, book.json()["actions"])


def file_rows(path, anchor, n, width):
    wb, zf = open_workbook(path)
    with zf:
        t = wb.target(anchor)
        return [[wb.cell(t.sheet, t.first[0] + i, t.first[1] + j).value for j in range(width)] for i in range(n)]


def input_ranges(spec, payload):
    names = {n["name"]: n for n in payload["names"]}
    ids = [f.id for f in spec.fields] + [f"aanwending_{c.id}" for c in spec.columns]
    return [names[i] for i in ids]


def _inside(touch, name) -> bool:
    from xltoolkit.io.xlsx import ref_to_rowcol

    sheet, r0, c0, rows, cols = touch
    first, _, last = name["address"].partition(":")
    (nr1, nc1), (nr2, nc2) = ref_to_rowcol(first), ref_to_rowcol(last or first)
    return sheet == name["sheet_index"] and not (r0 + rows - 1 < nr1 - 1 or r0 > nr2 - 1 or c0 + cols - 1 < nc1 - 1 or c0 > nc2 - 1)


def test_validate_button_gives_the_same_controle_as_the_cli(tmp_path, example_workbooks, spec):
    path = example_workbooks["004_kom_leren"]
    payload, book = run(excel.validate, path)
    report = check(load(path, spec), spec)
    cli_copy = tmp_path / "cli.xlsx"
    cli_copy.write_bytes(path.read_bytes())
    apply(cli_copy, controle_writeback(report, spec))
    expected = file_rows(cli_copy, "controle_start", len(report.findings), 5)
    anchor = next(n for n in payload["names"] if n["name"] == "controle_start")
    from xltoolkit.io.xlsx import ref_to_rowcol

    r, c = ref_to_rowcol(anchor["address"])
    got = [[book.value("Controle", r + i, c + j) for j in range(5)] for i in range(len(report.findings))]
    assert got == expected
    assert book.value("Controle", r + len(report.findings), c) is None
    marks = next(n for n in payload["names"] if n["name"] == "markeringen")
    mr, mc = ref_to_rowcol(marks["address"].split(":")[0])
    assert [book.value("Lijsten", mr + i, mc) for i in range(7)] == [row[0] for row in file_rows(cli_copy, "markeringen", 7, 1)]
    (message, title), = book.alerts
    assert title == "Valideren" and "4 fouten" in message


def test_validate_button_never_writes_an_input_cell(example_workbooks, spec):
    payload, book = run(excel.validate, example_workbooks["004_kom_leren"])
    inputs = input_ranges(spec, payload)
    assert book.touched, "the button wrote nothing"
    for touch in book.touched:
        assert not any(_inside(touch, name) for name in inputs), touch


def test_validate_button_on_a_valid_board(example_workbooks):
    _, book = run(excel.validate, example_workbooks["000_smart_limburg"])
    (message, _), = book.alerts
    assert message.startswith("0 fouten") and "in orde" in message


def test_a_foreign_book_gets_a_dutch_alert_not_a_traceback(tmp_path):
    import openpyxl

    other = tmp_path / "begroting.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Begroting"
    wb.save(other)
    _, book = run(excel.validate, other)
    (message, title), = book.alerts
    assert "geen werkboek van de verantwoording" in message and "Traceback" not in message


def test_reconcile_button_gives_the_same_sheet_as_the_cli(tmp_path, example_workbooks, spec):
    from xltoolkit.services.reconcile import reconcile, reconciliation_writeback

    path = example_workbooks["901_drie_regios"]
    payload, book = run(excel.reconcile, path)
    wb_write = reconciliation_writeback(reconcile(load(path, spec), spec), spec)
    cli_copy = tmp_path / "cli.xlsx"
    cli_copy.write_bytes(path.read_bytes())
    apply(cli_copy, wb_write)
    n = len(wb_write.tables["reconciliatie_start"].rows)
    expected = file_rows(cli_copy, "reconciliatie_start", n, 5)
    anchor = next(x for x in payload["names"] if x["name"] == "reconciliatie_start")
    from xltoolkit.io.xlsx import ref_to_rowcol

    r, c = ref_to_rowcol(anchor["address"])
    got = [[book.value("Reconciliatie", r + i, c + j) for j in range(5)] for i in range(n)]
    as_text = lambda rows: [[None if v is None else (round(float(v), 2) if isinstance(v, (int, float)) else v) for v in row] for row in rows]
    assert as_text(got) == as_text(expected)
    (message, title), = book.alerts
    # three regions sharing a line without region: indicatief each, the verdict on the total
    assert title == "Reconciliatie" and "PO3104: indicatief" in message and "totaal: sluitend" in message
    inputs = input_ranges(spec, payload)
    assert not any(_inside(t, name) for t in book.touched for name in inputs)


def test_report_button_writes_word_next_to_the_workbook(tmp_path, example_workbooks):
    from docx import Document

    path = tmp_path / "Verantwoording SMART.xlsx"
    path.write_bytes(example_workbooks["000_smart_limburg"].read_bytes())
    payload = book_payload(path)
    payload["book"]["name"] = str(path)  # Excel on the desktop knows the full path
    book = xw.Book(json=payload)
    excel.report(book)
    docx = path.with_suffix(".docx")
    assert docx.exists() and "Stichting SMART Limburg" in "\n".join(p.text for p in Document(docx).paragraphs + [c for t in Document(docx).tables for row in t.rows for c in row.cells] if hasattr(p, "text"))
    (message, title), = apply_actions(payload, book.json()["actions"]).alerts
    assert title == "Rapport genereren" and docx.name in message and str(tmp_path) in message


def test_report_button_without_a_local_file_explains_instead_of_writing(tmp_path, example_workbooks):
    payload = book_payload(example_workbooks["000_smart_limburg"])  # name only, as Excel on the web sends it
    book = xw.Book(json=payload)
    excel.report(book)
    (message, _), = apply_actions(payload, book.json()["actions"]).alerts
    assert "niet als bestand" in message


def test_report_button_without_libreoffice_writes_word_and_says_why_there_is_no_pdf(tmp_path, example_workbooks, monkeypatch):
    import xltoolkit.services.report.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    path = tmp_path / "bestuur.xlsx"
    path.write_bytes(example_workbooks["000_smart_limburg"].read_bytes())
    payload = book_payload(path)
    payload["book"]["name"] = str(path)
    book = xw.Book(json=payload)
    excel.report(book)
    assert path.with_suffix(".docx").exists() and not path.with_suffix(".pdf").exists()
    (message, _), = apply_actions(payload, book.json()["actions"]).alerts
    assert "Geen PDF" in message and "LibreOffice" in message
