"""The add-in's web side in a real browser: the task pane (taskpane.html, passend-onderwijs.js), the
ribbon's commands (ribbon.js) and xlwings' own client, which reads the workbook through Office.js
and applies the server's actions — in headless Chromium against the real server on 127.0.0.1,
with fake_office.js as the Office host over a filled example workbook.

Each test ends with `pane.assert_clean()`: no console error, no uncaught exception, no failed or
outside request, no Office.js call the fake does not implement and no xlwings error dialog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from addin_support import input_names, without_timestamps
from typer.testing import CliRunner

from xltoolkit.cli import app as cli
from xltoolkit.excel.payload import book_payload
from xltoolkit.io.styles import RESULT_STYLES
from xltoolkit.io.xlsx import ref_to_rowcol, rowcol_to_ref

from .office_host import SCRIPT_CALL, Pane

pytestmark = [pytest.mark.browser]

RESULT_COLOURS = {s["bg_color"].upper() for s in RESULT_STYLES.values() if "bg_color" in s}  # what a write-back fills with
# As tests/test_excel_check.py finds it: $EXCEL_CHECK, else ../shared/tools/excel-check beside the repository.
EXCEL_CHECK = Path(os.environ.get("EXCEL_CHECK") or Path(__file__).resolve().parents[3] / "shared" / "tools" / "excel-check" / "excel-check")


@pytest.fixture(scope="module")
def payloads(example_workbooks):
    return {name: book_payload(path) for name, path in example_workbooks.items()}


def open_pane(browser_context, server, payload, **kw) -> Pane:
    pane = Pane.open(browser_context, server.base, payload, **kw)
    pane.wait("() => Object.keys(window.__fakeOffice.state.associated).length > 0 && window.xlwings !== undefined")
    return pane


def cells_of(payload: dict, sheet: str) -> dict[str, object]:
    """A payload's sheet as {A1: value} without empty cells."""
    values = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    return {rowcol_to_ref(r + 1, c + 1): v for r, row in enumerate(values) for c, v in enumerate(row) if v not in (None, "")}


def pane_cells(workbook: dict, sheet: str) -> dict[str, object]:
    cells = next(s for s in workbook["sheets"] if s["name"] == sheet)["cells"]
    return {ref: c["value"] for ref, c in cells.items() if "value" in c}


def same(a: dict[str, object], b: dict[str, object]) -> dict[str, tuple]:
    """The cells where two sheets differ (numbers compared as numbers, minutes in status texts ignored)."""
    norm = lambda v: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else without_timestamps(v)
    return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if norm(a.get(k)) != norm(b.get(k))}


def cli_write(example_workbooks, board: str, command: str, tmp_path: Path) -> Path:
    """What `xltoolkit <command> --write` writes into a copy of the board's workbook."""
    copy = tmp_path / f"cli-{command}-{board}.xlsx"
    shutil.copy(example_workbooks[board], copy)
    result = CliRunner().invoke(cli, [command, str(copy), "--write"])
    assert result.exit_code in (0, 1), result.output
    return copy


def fills(path: Path, sheet: str, colours: set[str]) -> dict[str, str]:
    """The cells of a written workbook filled with one of `colours` (the results' own styles)."""
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            rgb = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
            if isinstance(rgb, str) and f"#{rgb[-6:].upper()}" in colours:
                out[c.coordinate] = f"#{rgb[-6:].upper()}"
    return out


def pane_fills(workbook: dict, sheet: str) -> dict[str, str]:
    cells = next(s for s in workbook["sheets"] if s["name"] == sheet)["cells"]
    return {ref: c["fill"] for ref, c in cells.items() if "fill" in c}


def assert_written_like_the_cli(pane: Pane, payload: dict, original: Path, written: Path, sheet: str) -> None:
    """Every sheet of the pane's workbook equals the CLI's file; so do `sheet`'s fills, apart from
    the template's own (a header row), which the payload does not carry."""
    workbook = pane.workbook()
    cli_payload = book_payload(written)
    for s in payload["sheets"]:
        diff = same(pane_cells(workbook, s["name"]), cells_of(cli_payload, s["name"]))
        assert not diff, (s["name"], dict(list(diff.items())[:5]))
    ours = pane_fills(workbook, sheet)
    assert ours, f"geen opmaak op {sheet}"
    cli, template = fills(written, sheet, RESULT_COLOURS), fills(original, sheet, RESULT_COLOURS)
    assert ours == {ref: colour for ref, colour in cli.items() if ref in ours or template.get(ref) != colour}


def assert_inputs_unchanged(pane: Pane, payload: dict, spec) -> None:
    workbook = pane.workbook()
    for name in input_names(spec, payload):
        sheet = payload["sheets"][name["sheet_index"]]["name"]
        first, _, last = name["address"].partition(":")
        before, after = cells_of(payload, sheet), pane_cells(workbook, sheet)
        refs = [k for k in set(before) | set(after) if _inside(k, first, last or first)]
        assert not same({k: after.get(k) for k in refs}, {k: before.get(k) for k in refs}), name["name"]


def _inside(ref: str, first: str, last: str) -> bool:
    (r, c), (r1, c1), (r2, c2) = ref_to_rowcol(ref), ref_to_rowcol(first), ref_to_rowcol(last)
    return r1 <= r <= r2 and c1 <= c <= c2


def posted(pane: Pane, script: str) -> dict:
    bodies = [body for path, body in pane.posts if path == SCRIPT_CALL + script]
    assert len(bodies) == 1, [p for p, _ in pane.posts]
    return bodies[0]


def assert_book_as_excel_sends_it(body: dict, payload: dict) -> None:
    """The payload xlwings' client read through Office.js holds the workbook: every sheet's values
    and every defined name."""
    assert body["book"]["name"] == payload["book"]["name"]
    assert [s["name"] for s in body["sheets"]] == [s["name"] for s in payload["sheets"]]
    for s in payload["sheets"]:
        assert not same(cells_of(body, s["name"]), cells_of(payload, s["name"])), s["name"]
    ours = {(n["name"], n["sheet_index"], n["address"]) for n in body["names"]}
    assert ours == {(n["name"], n["sheet_index"], n["address"]) for n in payload["names"]}


# -- The tests ---------------------------------------------------------------------------------------

def test_the_task_pane_loads_clean(browser_context, server, payloads):
    pane = open_pane(browser_context, server, payloads["000_smart_limburg"])
    pane.page.wait_for_load_state("networkidle")
    knoppen = pane.page.locator("button[data-script]").all_inner_texts()
    assert knoppen == ["Valideren", "Reconciliatie", "Rapport genereren", "Samenvoegen", "Klaarzetten"]
    assert "Klik op Vernieuwen" in pane.page.inner_text("#meldingen-status")
    hulp = pane.page.request.get(server.base + pane.page.get_by_role("link", name="Hulp").get_attribute("href"))
    assert hulp.ok and "De knoppen" in hulp.text()
    pane.screenshot("1-leeg")
    pane.assert_clean()


def test_every_ribbon_command_runs_its_script(browser_context, server, payloads):
    """Each <FunctionName> of the manifest is associated by ribbon.js, and calling it (as Office
    does on a click) posts the book to the script of that name and completes the event."""
    pane = open_pane(browser_context, server, payloads["000_smart_limburg"])
    manifest = ET.fromstring(pane.page.request.get(server.base + "/manifest.xml").body())
    functions = [e.text for e in manifest.iter() if e.tag.endswith("}FunctionName")]
    assert functions and sorted(functions) == sorted(pane.state()["associated"])
    captions = {"valideren": "Valideren", "reconciliatie": "Reconciliatie", "rapport_genereren": "Rapport genereren",
                "samenvoegen": "Samenvoegen", "klaarzetten": "Klaarzetten"}
    for i, function in enumerate(functions):
        pane.run_ribbon(function)
        posted(pane, function)
        assert pane.wait_for_dialogs(i + 1)[i]["title"] == captions[function]
    prompts = {d["title"]: d["prompt"] for d in pane.dialogs()}
    assert "niet ingesteld" in prompts["Samenvoegen"]  # development mode has no Samenvoegen folder
    assert pane.page.locator("#downloads-lijst a").count() >= 1  # the report's callback reached the pane
    pane.assert_clean()


def test_valideren_writes_controle_like_the_cli(browser_context, server, payloads, example_workbooks, spec, tmp_path):
    board = "004_kom_leren"  # has fouten: findings on Controle, and the concept marks
    payload = payloads[board]
    pane = open_pane(browser_context, server, payload)
    pane.page.click("button[data-script=valideren]")
    (dialog,) = pane.wait_for_dialogs(1)
    pane.wait("() => document.querySelector('#meldingen-lijst .melding') !== null", 60_000)
    assert dialog["title"] == "Valideren" and re.search(r"\d+ fouten?\b", dialog["prompt"]), dialog
    assert pane.page.request.get(dialog["url"]).ok  # the alert page Office would open
    assert_book_as_excel_sends_it(posted(pane, "valideren"), payload)
    assert_written_like_the_cli(pane, payload, example_workbooks[board], cli_write(example_workbooks, board, "validate", tmp_path), "Controle")
    assert_inputs_unchanged(pane, payload, spec)
    pane.assert_clean()


def test_reconciliatie_from_the_ribbon_writes_like_the_cli(browser_context, server, payloads, example_workbooks, spec, tmp_path):
    board = "901_drie_regios"
    payload = payloads[board]
    pane = open_pane(browser_context, server, payload)
    pane.run_ribbon("reconciliatie")
    (dialog,) = pane.wait_for_dialogs(1)
    assert dialog["title"] == "Reconciliatie" and "Zie het blad Reconciliatie" in dialog["prompt"]
    assert_book_as_excel_sends_it(posted(pane, "reconciliatie"), payload)
    assert_written_like_the_cli(pane, payload, example_workbooks[board], cli_write(example_workbooks, board, "reconcile", tmp_path), "Reconciliatie")
    assert_inputs_unchanged(pane, payload, spec)
    pane.assert_clean()


def test_findings_are_dutch_and_lead_to_their_cell(browser_context, server, payloads):
    payload = payloads["004_kom_leren"]
    pane = open_pane(browser_context, server, payload)
    pane.page.click("#meldingen-vernieuwen")
    pane.wait("() => document.querySelector('#meldingen-lijst .melding') !== null", 60_000)
    expected = pane.page.request.post(server.base + "/passend-onderwijs/meldingen", data=payload).json()
    shown = pane.page.locator(".melding > div.small").all_inner_texts()
    assert shown == [m["tekst"] for g in expected["groepen"] for m in g["meldingen"]]
    assert pane.page.inner_text("#meldingen-status") == expected["samenvatting"]
    assert re.search(r"\d+ fouten?", expected["samenvatting"])
    assert pane.page.locator("h3").all_inner_texts()[0].startswith("Valideren (")
    pane.screenshot("2-meldingen")
    with_cell = [m for g in expected["groepen"] for m in g["meldingen"] if m["cel"]]
    for melding in (with_cell[0], with_cell[-1]):
        pane.page.get_by_role("link", name=melding["plaats"], exact=True).first.click()
        pane.wait("(m) => { const s = window.__fakeOffice.snapshot(); return s.selection.sheet === m.blad && s.selection.address === m.cel; }",
                  arg=melding)
        workbook = pane.workbook()
        assert workbook["sheets"][workbook["active"]]["name"] == melding["blad"]
    pane.assert_clean()


def test_rapport_genereren_offers_a_word_file_excel_check_accepts(browser_context, server, payloads, tmp_path):
    payload = payloads["000_smart_limburg"]
    pane = open_pane(browser_context, server, payload)
    pane.page.click("button[data-script=rapport_genereren]")
    pane.wait("() => document.querySelector('#downloads:not([hidden]) #downloads-lijst a') !== null", 180_000)
    (dialog,) = pane.wait_for_dialogs(1)
    assert dialog["title"] == "Rapport genereren" and "000_smart_limburg.docx" in dialog["prompt"], dialog
    links = pane.page.locator("#downloads-lijst a")
    names = links.all_inner_texts()
    assert "000_smart_limburg.docx" in names
    word = links.filter(has_text=".docx")
    word.click()  # Excel: opens the link in the user's browser (Office.context.ui.openBrowserWindow)
    href = word.get_attribute("href")
    assert pane.state()["browserWindows"] == [href]
    response = pane.page.request.get(href)
    assert response.ok and "attachment" in response.headers["content-disposition"]
    docx = tmp_path / "rapport.docx"
    docx.write_bytes(response.body())
    pane.screenshot("3-rapport")
    for pdf in links.filter(has_text=".pdf").all():  # when the server can make one (LibreOffice)
        response = pane.page.request.get(pdf.get_attribute("href"))
        assert response.ok and response.body().startswith(b"%PDF")
    assert EXCEL_CHECK.is_file(), f"excel-check ontbreekt op {EXCEL_CHECK}"
    check = subprocess.run([str(EXCEL_CHECK), str(docx)], capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    pane.assert_clean()


@pytest.mark.parametrize("token", [
    {"error": {"code": 13001, "message": "De gebruiker is niet aangemeld."}},
    {"error": {"code": 13007, "message": "De aanmelding is verlopen."}},
], ids=["ontbreekt", "verlopen"])
def test_without_a_valid_token_the_pane_says_so_in_dutch(browser_context, prod_server, payloads, token):
    pane = open_pane(browser_context, prod_server, payloads["000_smart_limburg"], token=token)
    pane.expected_statuses = {401}  # the browser and xlwings' client log the refused calls
    pane.expected_console = [r"status of 401", r"niet \(meer\) aangemeld"]
    pane.page.click("button[data-script=valideren]")
    pane.wait("() => !document.querySelector('button[data-script=valideren]').disabled"
              " && !document.getElementById('meldingen-status').textContent.includes('Bezig')", 60_000)
    status = pane.page.inner_text("#meldingen-status")
    assert "niet (meer) aangemeld" in status and "Microsoft 365" in status, [status, *pane.problems()]
    fout = pane.page.locator("#global-error-alert")
    assert fout.is_visible() and "niet (meer) aangemeld" in fout.inner_text()
    assert pane.state()["tokenRequests"] >= 1
    pane.screenshot(f"4-fout-token-{token['error']['code']}")
    pane.assert_clean()


def test_an_action_the_client_cannot_apply_fails_the_test(browser_context, server, payloads):
    """The harness itself: a server answer with an action xlwings' client does not know, or one
    the fake Office host cannot apply, is caught — it does not pass quietly."""
    pane = open_pane(browser_context, server, payloads["000_smart_limburg"])

    def bad_answer(route):
        response = route.fetch()
        data = response.json()
        data["actions"].append({**data["actions"][0], "func": "setAutofit", "args": ["columns"]})
        route.fulfill(response=response, json=data)

    pane.page.route("**" + SCRIPT_CALL + "valideren", bad_answer)
    pane.run_ribbon("valideren")
    pane.wait_for_dialogs(1)
    problems = pane.problems()
    assert any(p.startswith("office.js: Range") or "setAutofit" in p for p in problems), problems
    assert any(p.startswith("error dialog: Error") for p in problems), problems


def test_a_lost_connection_is_explained_in_dutch(browser_context, server, payloads):
    """No answer from the server (network gone): a Dutch line in the pane, not the browser's English."""
    pane = open_pane(browser_context, server, payloads["000_smart_limburg"])
    pane.page.route("**/passend-onderwijs/meldingen", lambda route: route.abort("internetdisconnected"))
    pane.expected_console = [r"Failed to fetch", r"ERR_INTERNET_DISCONNECTED"]
    pane.page.click("#meldingen-vernieuwen")
    pane.wait("() => document.getElementById('meldingen-status').textContent.includes('lukte niet')")
    assert pane.page.inner_text("#meldingen-status").startswith("Controleren lukte niet: de server is niet bereikbaar")
    pane.screenshot("5-fout-verbinding")
    pane.failed = [f for f in pane.failed if "/passend-onderwijs/meldingen" not in f]
    pane.assert_clean()


def test_the_fake_office_host_refuses_what_office_would_refuse(browser_context, server, payloads):
    """fake_office.js keeps Office.js' rules: no property before load() and sync(), values must fit
    the range, a missing sheet fails at sync(), and an API it does not implement throws."""
    pane = open_pane(browser_context, server, payloads["000_smart_limburg"])
    errors = pane.page.evaluate("""async () => {
        const attempt = async (batch) => { try { await Excel.run(batch); return "ok"; } catch (e) { return e.code || e.message; } };
        return [
          await attempt(async (ctx) => { const r = ctx.workbook.worksheets.getItem("Gegevens").getRange("C3"); return r.values; }),
          await attempt(async (ctx) => { ctx.workbook.worksheets.getItem("Gegevens").getRange("C3:D3").values = [["x"]]; await ctx.sync(); }),
          await attempt(async (ctx) => { ctx.workbook.worksheets.getItem("Bestaat niet").activate(); await ctx.sync(); }),
          await attempt(async (ctx) => { ctx.workbook.worksheets.getItem("Gegevens").getRange("C3").format.autofitColumns(); }),
          await attempt(async (ctx) => { const r = ctx.workbook.worksheets.getItem("Gegevens").getRange("C3").load("values"); await ctx.sync(); return r.values; }),
        ];
    }""")
    assert errors[:3] == ["PropertyNotLoaded", "InvalidArgument", "ItemNotFound"]
    assert "RangeFormat.autofitColumns is not implemented" in errors[3]
    assert errors[4] == "ok"
    assert pane.state()["violations"] == ["RangeFormat.autofitColumns"]
