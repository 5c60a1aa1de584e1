"""The Excel add-in's scripts on xlwings Server: book payloads built from real filled workbooks are
posted to the script routes, as Excel would post them, and the returned actions are checked —
the same writes as the desktop buttons, findings on Controle, and no input cell touched."""

from __future__ import annotations

import io
import json

import pytest
import xlwings as xw
from addin_support import addin, cell_actions, client, input_names, overlaps, without_timestamps
from excel_actions import apply_actions

import xltoolkit.excel as excel
from xltoolkit.excel.payload import book_payload
from xltoolkit.io import load
from xltoolkit.services.check import check
from xltoolkit.services.report import find_soffice

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

ROUTE = "/xlwings/custom-scripts-call/"


@pytest.fixture(scope="module")
def web():
    return client()


@pytest.fixture(scope="module")
def payloads(example_workbooks):
    return {name: book_payload(path) for name, path in example_workbooks.items()}


def knoppen(swv: bool = True):
    from xltoolkit.addin.buttons import alle_knoppen

    webapp, _ = addin()
    return alle_knoppen(webapp.scripts(), swv=swv)


def post(web, script: str, payload: dict):
    response = web.post(ROUTE + script, json=payload)
    assert response.status_code == 200, response.text
    return response.json()["actions"]


def desktop(entry_point, payload: dict) -> list[dict]:
    """The actions of the desktop entry point itself on the same book."""
    book = xw.Book(json=payload)
    entry_point(book)
    return book.json()["actions"]


# -- The scripts ---------------------------------------------------------------------------------

def test_scripts_metadata_lists_every_button(web, spec):
    meta = {m["function_name"]: m for m in web.get("/xlwings/custom-scripts-meta").json()}
    for knop in knoppen():
        assert knop.script in meta, knop
        assert meta[knop.script]["macro"] == knop.macro
    macros = {b.macro for b in spec.workbook.buttons}
    assert macros <= {m.get("macro") for m in meta.values()}, "a button of the workbook has no script"
    assert {k.label for k in knoppen()} >= {b.caption for b in spec.workbook.buttons}


@pytest.mark.parametrize("board", ["004_kom_leren", "000_smart_limburg"])
def test_valideren_writes_exactly_what_the_desktop_button_writes(web, payloads, example_workbooks, spec, board):
    payload = payloads[board]
    actions = post(web, "valideren", payload)
    assert without_timestamps(actions) == without_timestamps(desktop(excel.validate, payload))
    report = check(load(example_workbooks[board], spec), spec)
    book = apply_actions(payload, actions)
    anchor = next(n for n in payload["names"] if n["name"] == "controle_start")
    from xltoolkit.io.xlsx import ref_to_rowcol

    r, c = ref_to_rowcol(anchor["address"])
    codes = [book.value("Controle", r + i, c + 1) for i in range(len(report.findings))]
    assert codes == [f.code for f in report.findings]
    (message, title), = book.alerts
    assert title == "Valideren" and message.startswith(f"{report.errors} fout")


def test_reconciliatie_writes_exactly_what_the_desktop_button_writes(web, payloads):
    payload = payloads["901_drie_regios"]
    actions = post(web, "reconciliatie", payload)
    assert without_timestamps(actions) == without_timestamps(desktop(excel.reconcile, payload))
    book = apply_actions(payload, actions)
    (message, title), = book.alerts
    assert title == "Reconciliatie" and "PO3104: indicatief" in message and "totaal: sluitend" in message


@pytest.mark.parametrize("script", ["valideren", "reconciliatie", "rapport_genereren"])
@pytest.mark.parametrize("board", ["004_kom_leren", "902_sbo_so_bestuur"])
def test_no_script_writes_an_input_cell(web, payloads, spec, script, board):
    payload = payloads[board]
    book = apply_actions(payload, cell_actions(post(web, script, payload)))
    inputs = input_names(spec, payload)
    for touch in book.touched:
        assert not any(overlaps(touch, name) for name in inputs), (script, touch)
    if script != "rapport_genereren":
        assert book.touched, f"{script} wrote nothing"


def test_a_foreign_workbook_gets_a_dutch_alert(web, tmp_path):
    import openpyxl

    other = tmp_path / "begroting.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Begroting 2025"
    wb.save(other)
    actions = post(web, "valideren", book_payload(other))
    (message, _), = apply_actions(book_payload(other), actions).alerts
    assert "geen werkboek van de verantwoording" in message and "Traceback" not in message


def test_rapport_genereren_offers_word_and_pdf_for_download(web, payloads, tmp_path, monkeypatch):
    from docx import Document

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # whatever the report needs on disk goes here
    payload = payloads["000_smart_limburg"]
    actions = post(web, "rapport_genereren", payload)
    alert, = [a for a in actions if a["func"] == "alert"]
    callback, = [a for a in actions if a["func"] == "runMacro"]
    name, offer = callback["args"]
    assert name == "passendOnderwijsDownloads"  # registered by static/js/passend-onderwijs.js
    files = {f["naam"]: f["url"] for f in offer["bestanden"]}
    expected = {"000_smart_limburg.docx"} | ({"000_smart_limburg.pdf"} if find_soffice() else set())
    assert set(files) == expected
    assert "Het rapport staat klaar" in alert["args"][0] and all(n in alert["args"][0] for n in files)
    word = web.get(files["000_smart_limburg.docx"])
    assert word.status_code == 200 and word.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="000_smart_limburg.docx"' in word.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "SMART Limburg" in text
    if find_soffice():
        pdf = web.get(files["000_smart_limburg.pdf"])
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert list(tmp_path.iterdir()) == [], "the report left files on the server's disk"


def test_a_concept_report_says_so(web, payloads):
    actions = post(web, "rapport_genereren", payloads["004_kom_leren"])
    alert, = [a for a in actions if a["func"] == "alert"]
    assert "CONCEPT" in alert["args"][0] and "4 fout" in alert["args"][0]


def test_samenvoegen_calls_the_merge_entry_point(web, payloads, spec):
    payload = payloads["901_drie_regios"]
    actions = post(web, "samenvoegen", payload)
    book = apply_actions(payload, cell_actions(actions))
    assert any(a["func"] == "alert" for a in actions)
    inputs = input_names(spec, payload)
    assert not any(overlaps(t, name) for t in book.touched for name in inputs)


def test_a_button_without_entry_point_is_not_offered(monkeypatch):
    from xltoolkit.addin.buttons import knoppen as getoond

    webapp, _ = addin()
    monkeypatch.delattr(excel, "reconcile")
    scripts = [k.script for k in getoond(webapp.scripts())]
    assert "reconciliatie" not in scripts and "valideren" in scripts


def test_the_swv_button_can_be_switched_off():
    assert "samenvoegen" in [k.script for k in knoppen(swv=True)]
    assert [k for k in knoppen(swv=False) if k.groep == "swv"] == []


# -- The task pane's findings --------------------------------------------------------------------

def test_meldingen_lists_validation_and_reconciliation_with_their_cells(web, payloads, spec):
    from xltoolkit.excel.book import load_book

    for board in ("004_kom_leren", "902_sbo_so_bestuur"):
        data = web.post("/passend-onderwijs/meldingen", json=payloads[board]).json()
        c = check(load_book(xw.Book(json=payloads[board]), spec), spec)  # what the server reads from the book Excel sends
        titles = [g["titel"] for g in data["groepen"]]
        assert titles == [b.caption for b in spec.workbook.buttons if b.macro in ("validate", "reconcile")]
        got = [[(m["code"], m["tekst"], m["blad"], m["cel"]) for m in g["meldingen"]] for g in data["groepen"]]
        # one check: the template's rules and the money side by side, each finding once, nothing to de-duplicate
        assert got[0] == [(f.code, f.message, f.sheet, f.cell) for f in c.validation.findings]
        assert got[1] == [(f.code, f.message, f.sheet, f.cell) for f in c.reconciliation_findings]
        assert sorted(got[0] + got[1]) == sorted((f.code, f.message, f.sheet, f.cell) for f in c.findings)
        assert data["fouten"] == sum(m["ernst"] == "fout" for g in data["groepen"] for m in g["meldingen"])
        assert all(m["plaats"] == f"{m['blad']}!{m['cel']}" for g in data["groepen"] for m in g["meldingen"] if m["cel"])
    assert data["samenvatting"] == "0 fouten, 1 waarschuwing"


def test_meldingen_point_at_the_same_cells_as_the_cli(web, payloads, example_workbooks, spec):
    data = web.post("/passend-onderwijs/meldingen", json=payloads["902_sbo_so_bestuur"]).json()
    got = [(m["code"], m["blad"], m["cel"]) for g in data["groepen"] for m in g["meldingen"]]
    assert sorted(got) == sorted((f.code, f.sheet, f.cell) for f in check(load(example_workbooks["902_sbo_so_bestuur"], spec), spec).findings)


def test_meldingen_of_a_foreign_workbook_say_what_it_is(web, tmp_path):
    import openpyxl

    other = tmp_path / "begroting.xlsx"
    openpyxl.Workbook().save(other)
    data = web.post("/passend-onderwijs/meldingen", json=book_payload(other)).json()
    (melding,), = [g["meldingen"] for g in data["groepen"]]
    assert melding["ernst"] == "fout" and "geen werkboek van de verantwoording" in melding["tekst"]


# -- Limits, errors, sign-in ---------------------------------------------------------------------

def test_a_too_large_payload_is_refused_in_dutch(web, payloads, monkeypatch):
    _, settings = addin()
    body = json.dumps(payloads["004_kom_leren"]).encode()
    monkeypatch.setattr(settings, "max_request_bytes", len(body) - 1)
    response = web.post(ROUTE + "valideren", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "te groot" in detail and "MB" in detail and "SWV" in detail

    def chunks():  # no Content-Length: the body is measured as it arrives
        yield body[:1000]
        yield body[1000:]

    response = web.post(ROUTE + "valideren", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "te groot" in response.json()["detail"]
    monkeypatch.setattr(settings, "max_request_bytes", len(body))
    assert web.post(ROUTE + "valideren", content=body, headers={"content-type": "application/json"}).status_code == 200


def test_no_stack_trace_outside_development(web, monkeypatch, caplog):
    _, settings = addin()
    monkeypatch.setattr(settings, "environment", "prod")
    response = web.post(ROUTE + "valideren", json={"client": "Office.js", "sheets": "kapot"})
    assert response.status_code == 500
    detail = response.json()["detail"]
    assert "Er ging iets mis op de server" in detail and "SWV" in detail
    assert "Traceback" not in response.text and 'File "' not in response.text and ".py" not in response.text
    code = detail.split("kenmerk ")[1].split(")")[0]
    assert any(code in r.getMessage() and r.exc_info for r in caplog.records), "the log must hold the details under the code"


def test_development_mode_shows_the_details(web, monkeypatch):
    _, settings = addin()
    monkeypatch.setattr(settings, "environment", "dev")
    response = web.post(ROUTE + "valideren", json={"client": "Office.js", "sheets": "kapot"})
    assert response.status_code == 500 and "Traceback" in response.json()["detail"]


def test_an_unreadable_request_is_a_dutch_400(web):
    response = web.post(ROUTE + "valideren", content=b"{kapot", headers={"content-type": "application/json"})
    assert response.status_code == 400 and "geen leesbaar werkboek" in response.json()["detail"]


@pytest.fixture
def entraid(monkeypatch):
    _, settings = addin()
    monkeypatch.setattr(settings, "auth_providers", ["entraid"])
    monkeypatch.setattr(settings, "auth_entraid_client_id", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setattr(settings, "auth_entraid_tenant_id", "aaaaaaaa-0000-0000-0000-000000000001")
    return settings


def test_without_sign_in_nothing_runs(web, payloads, entraid):
    response = web.post(ROUTE + "valideren", json=payloads["000_smart_limburg"])
    assert response.status_code == 401 and "aangemeld" in response.json()["detail"]
    assert web.post("/passend-onderwijs/meldingen", json=payloads["000_smart_limburg"]).status_code == 401


def test_only_the_swv_and_its_boards_tenants_may_use_it(web, payloads, entraid, monkeypatch):
    from xlwings_server import models
    from xlwings_server.auth import entraid as entraid_module

    swv, bestuur, vreemd = "aaaaaaaa-0000-0000-0000-000000000001", "bbbbbbbb-0000-0000-0000-000000000002", "cccccccc-0000-0000-0000-000000000003"
    monkeypatch.setattr(entraid, "auth_entraid_multitenant", True)
    monkeypatch.setattr(entraid, "allowed_tenant_ids", [swv, bestuur])
    tenant = {"tid": vreemd}

    async def token(token_string):  # what Entra ID's signed token says; its signature is xlwings Server's job
        return models.User(claims={"oid": "1", "name": "Controller", "tid": tenant["tid"]})

    monkeypatch.setattr(entraid_module, "validate_token", token)
    headers = {"Authorization": "Bearer x"}
    response = web.post(ROUTE + "valideren", json=payloads["000_smart_limburg"], headers=headers)
    assert response.status_code == 403 and "geen toegang" in response.json()["detail"]
    tenant["tid"] = bestuur
    assert web.post(ROUTE + "valideren", json=payloads["000_smart_limburg"], headers=headers).status_code == 200


def test_development_mode_answers_only_this_computer(monkeypatch):
    _, settings = addin()
    remote = client(("203.0.113.7", 40000))
    monkeypatch.setattr(settings, "environment", "dev")
    response = remote.get("/taskpane.html")
    assert response.status_code == 403 and "127.0.0.1" in response.json()["detail"]
    assert client().get("/taskpane.html").status_code == 200
    monkeypatch.setattr(settings, "environment", "prod")
    assert remote.get("/taskpane.html").status_code == 200


def test_production_refuses_to_start_without_sign_in(monkeypatch):
    from starlette.testclient import TestClient
    from xltoolkit.addin.security import InstellingFout, instelling_problemen

    webapp, settings = addin()
    monkeypatch.setattr(settings, "environment", "prod")
    monkeypatch.setattr(settings, "auth_providers", [])
    with pytest.raises(InstellingFout, match="XLWINGS_AUTH_PROVIDERS"):
        with TestClient(webapp.app, client=("127.0.0.1", 1)):
            pass
    monkeypatch.setattr(settings, "auth_providers", ["entraid"])
    monkeypatch.setattr(settings, "auth_entraid_client_id", None)
    monkeypatch.setattr(settings, "auth_entraid_tenant_id", None)
    monkeypatch.setattr(settings, "auth_entraid_multitenant", True)
    monkeypatch.setattr(settings, "allowed_tenant_ids", [])
    problemen = " ".join(instelling_problemen(settings))
    for setting in ("XLWINGS_AUTH_ENTRAID_CLIENT_ID", "XLWINGS_AUTH_ENTRAID_TENANT_ID", "XLWINGS_ALLOWED_TENANT_IDS"):
        assert setting in problemen
    monkeypatch.setattr(settings, "environment", "dev")
    monkeypatch.setattr(settings, "auth_providers", [])
    assert instelling_problemen(settings) == []


# -- Development mode: the example boards --------------------------------------------------------

def test_the_example_payloads_exist_only_in_development(web, payloads, monkeypatch):
    from xltoolkit.examples import example_names

    _, settings = addin()
    monkeypatch.setattr(settings, "environment", "prod")
    assert web.get("/passend-onderwijs/voorbeelden").status_code == 404
    monkeypatch.setattr(settings, "environment", "dev")
    assert web.get("/passend-onderwijs/voorbeelden").json() == list(example_names())
    voorbeeld = web.get("/passend-onderwijs/voorbeelden/004_kom_leren").json()
    assert voorbeeld["sheets"] == payloads["004_kom_leren"]["sheets"]
    assert web.get("/passend-onderwijs/voorbeelden/onbekend").status_code == 404


# -- Starting it ---------------------------------------------------------------------------------

def test_development_mode_will_not_listen_beyond_this_computer(capsys):
    from xltoolkit.addin.start import start

    assert start(dev=True, host="0.0.0.0") == 2
    assert "alleen op 127.0.0.1" in capsys.readouterr().out


@pytest.mark.slow
def test_one_command_starts_it_locally_with_the_example_boards(tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}  # as on a fresh machine
    server = subprocess.Popen([sys.executable, "-m", "xltoolkit.addin", "--dev", "--port", str(port)], env=env,
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                names = json.loads(urllib.request.urlopen(f"{base}/passend-onderwijs/voorbeelden", timeout=2).read())
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.2)
        assert "004_kom_leren" in names
        payload = urllib.request.urlopen(f"{base}/passend-onderwijs/voorbeelden/004_kom_leren").read()
        request = urllib.request.Request(f"{base}{ROUTE}valideren", data=payload, headers={"Content-Type": "application/json"})
        actions = json.loads(urllib.request.urlopen(request).read())["actions"]
        assert any(a["func"] == "alert" and "4 fouten" in a["args"][0] for a in actions)
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert "noncommercial" in output and "manifest.xml" in output


def test_samenvoegen_refuses_without_a_configured_server_folder(web, payloads):
    actions = post(web, "samenvoegen", payloads["901_drie_regios"])
    (alert,) = [a for a in actions if a["func"] == "alert"]
    assert "XLWINGS_SAMENVOEGEN_MAP" in alert["args"][0]
