"""The SWV merge on real workbooks: the example boards plus every kind of bad input, merged into one
overview that is read back with openpyxl (an independent reader) sheet by sheet.

The folder of inputs is built here from the spec and the example boards (no binary fixtures):
broken files are made the way they occur (a letter saved as .xlsx, a truncated download, a
password, someone's budget workbook, a workbook of another template version), plus a duplicate of
a board with more errors, an identical copy, last year's workbook of a board, a board whose texts
start with "=", "+", "-" and "@", a link, a PDF and Excel's lock file.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxpatch as xp
from conftest import sha256
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from xltoolkit.examples import example_names, load_example
from xltoolkit.findings import make
from xltoolkit.io import save
from xltoolkit.io.names import VERSION_NAME
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import read_register
from xltoolkit.services.check import Check
from xltoolkit.services.merge import build_overzicht, merge_files, workbook_bytes, write_overzicht
from xltoolkit.services.merge.choose import choose_duplicates
from xltoolkit.services.merge.model import Candidate, FileResult
from xltoolkit.services.reconcile import reconcile
from xltoolkit.services.validate import ValidationReport
from xltoolkit.spec import load_spec

D = Decimal
INJECTIE = {
    "bestuur": '=HYPERLINK("http://example.invalid","Stichting Formule")',
    "thuiszitters": "=1+1 thuiszitters, zegt de formule",
    "ononderbroken": "+31 43 123 45 67 is ons nummer",
    "verwijzingen": "- eerste punt\n- tweede punt",
    "teruggeplaatst": "@SUM(A1:A9) leerlingen",
}
REGISTER_ROWS = [
    ["2023-2024", "SMART Limburg", "PO3105", "terugploeg", 81739],  # the same as the board says
    ["2023-2024", "Stichting Onderwijs Zuid-Limburg Drie Regio's", "PO3104", "terugploeg", 468216],
    ["2023-2024", "Stichting Onderwijs Zuid-Limburg Drie Regio's", "PO3105", "terugploeg", 195090],
    ["2023-2024", "Stichting Onderwijs Zuid-Limburg Drie Regio's", "PO3106", "terugploeg", 300000],  # board says 312.144
    ["2023-2024", "Stichting Zonder Werkboek", "PO3104", "terugploeg", 50000],  # nobody handed in a workbook
]


def maak_register(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Schooljaar", "Bestuur", "Regio", "Regeling", "Bedrag"])
        w.writerows(REGISTER_ROWS)
    return path


def maak_inleveringen(root: Path, spec) -> Path:
    """The folder an SWV collects: good workbooks, bad files, and what else ends up in such a folder."""
    folder = root / "inleveringen"
    (folder / "regio-mh").mkdir(parents=True)
    (folder / "kopie").mkdir()
    for name in example_names():
        save(load_example(name, spec), folder / f"{name}.xlsx", spec)
    good = folder / "000_smart_limburg.xlsx"
    shutil.copy(good, folder / "kopie" / "smart-nogmaals.xlsx")  # the very same file
    (folder / "brief.xlsx").write_text("Beste SWV, hierbij onze verantwoording.", encoding="utf-8")
    data = good.read_bytes()
    (folder / "afgebroken.xlsx").write_bytes(data[: len(data) // 2])  # a download that stopped halfway
    with good.open("rb") as src, (folder / "beveiligd.xlsx").open("wb") as dst:
        OOXMLFile(src).encrypt("geheim", dst)
    foreign = Workbook()
    foreign.active.title = "Begroting"
    foreign.active.append(["Post", "Bedrag"])
    foreign.active.append(["Huisvesting", 12000])
    foreign.save(folder / "regio-mh" / "begroting.xlsx")
    sheet, cell = xp.name_cell(good, VERSION_NAME)
    xp.set_text(folder / "902_sbo_so_bestuur.xlsx", folder / "oud-sjabloon.xlsx", sheet, cell, "2.0")
    minor = load_example("000_smart_limburg", spec)
    minor.values["bestuur"] = "Stichting Kleine Versie"
    save(minor, root / "minor.xlsx", spec)
    xp.set_text(root / "minor.xlsx", folder / "regio-mh" / "kleine-versie.XLSX", sheet, cell, "1.2")
    # A second workbook of board 901, its name typed differently and an amount as text (a fout);
    # its file name sorts before the original, so the choice cannot be mere path order.
    drie = folder / "901_drie_regios.xlsx"
    name_sheet, name_ref = xp.name_cell(drie, "bestuur")
    xp.set_text(drie, root / "tmp.xlsx", name_sheet, name_ref, "stichting onderwijs zuid-limburg drie regio's")
    money_sheet, money_ref = xp.name_cell(drie, "ontvangen_terugploeg_PO3104")
    xp.set_text(root / "tmp.xlsx", folder / "0_drie_regios_tweede.xlsx", money_sheet, money_ref, "ongeveer vijf ton")
    last_year = load_example("902_sbo_so_bestuur", spec)
    last_year.values["schooljaar"] = "2022-2023"
    save(last_year, folder / "regio-mh" / "brug-vorig-jaar.xlsx", spec)
    injected = load_example("000_smart_limburg", spec)
    injected.values.update(INJECTIE)
    save(injected, folder / "injectie.xlsx", spec)
    (folder / "verslag.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "~$000_smart_limburg.xlsx").write_bytes(b"\x00" * 165)
    (folder / "link.xlsx").symlink_to(good)
    (folder / "regio-link").symlink_to(folder / "regio-mh", target_is_directory=True)
    return folder


STATUS = {
    "000_smart_limburg.xlsx": "opgenomen",
    "004_kom_leren.xlsx": "opgenomen",
    "901_drie_regios.xlsx": "opgenomen",
    "902_sbo_so_bestuur.xlsx": "opgenomen",
    "injectie.xlsx": "opgenomen",
    "regio-mh/brug-vorig-jaar.xlsx": "opgenomen",
    "regio-mh/kleine-versie.XLSX": "opgenomen",
    "kopie/smart-nogmaals.xlsx": "identiek",
    "0_drie_regios_tweede.xlsx": "dubbel",
    "brief.xlsx": "niet_bruikbaar",
    "afgebroken.xlsx": "niet_bruikbaar",
    "beveiligd.xlsx": "niet_bruikbaar",
    "oud-sjabloon.xlsx": "niet_bruikbaar",
    "regio-mh/begroting.xlsx": "niet_bruikbaar",
}
CODES = {  # file -> code of its row on Problemen
    "brief.xlsx": "L002", "afgebroken.xlsx": "L004", "beveiligd.xlsx": "L003", "oud-sjabloon.xlsx": "L007",
    "regio-mh/begroting.xlsx": "L006", "kopie/smart-nogmaals.xlsx": "M021", "0_drie_regios_tweede.xlsx": "M020",
    "regio-mh/brug-vorig-jaar.xlsx": "M030", "regio-mh/kleine-versie.XLSX": "L008", "004_kom_leren.xlsx": "M031",
    "verslag.pdf": "M003", "link.xlsx": "M004", "regio-link": "M004", "~$000_smart_limburg.xlsx": "M007",
}


@pytest.fixture(scope="module")
def merged(tmp_path_factory, spec):
    root = tmp_path_factory.mktemp("merge")
    folder = maak_inleveringen(root, spec)
    register = maak_register(root / "beschikkingen.csv")
    before = {p: sha256(p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}
    s = merge_files([folder], register=read_register(register, spec), spec=spec)
    out = write_overzicht(build_overzicht(s), root / "overzicht.xlsx")
    return {"root": root, "folder": folder, "s": s, "out": out, "before": before, "register": register}


@pytest.fixture(scope="module")
def wb(merged):
    return openpyxl.load_workbook(merged["out"])


def rel(merged, label: str) -> str:
    return Path(label).relative_to(merged["folder"]).as_posix() if label.startswith(str(merged["folder"])) else label


def table(ws, name: str) -> list[dict]:
    """The rows of an Excel table as dicts (header -> value), read through openpyxl."""
    t = ws.tables[name]
    rows = list(ws[t.ref])
    header = [c.value for c in rows[0]]
    return [dict(zip(header, (c.value for c in r))) for r in rows[1:] if any(c.value is not None for c in r)]


# -- what became of every file ------------------------------------------------------------------


def test_every_file_is_accounted_for(merged):
    s = merged["s"]
    assert {rel(merged, g.label): g.status for g in s.files} == STATUS


def test_order_is_path_order(merged):
    labels = [rel(merged, g.label) for g in merged["s"].files]
    assert labels == sorted(labels, key=lambda p: tuple(x.casefold() for x in p.split("/")))


def test_bad_files_and_other_problems_listed_with_reasons(merged):
    rows = {}
    for p in merged["s"].problems:
        rows.setdefault(rel(merged, p.file), set()).add(p.finding.code)
    for label, code in CODES.items():
        assert code in rows.get(label, set()), (label, rows.get(label))
    assert "R028" in rows[merged["register"].name]  # a decision in the register without a workbook


def test_duplicate_says_which_was_taken_and_why(merged):
    [p] = [p for p in merged["s"].problems if p.finding.code == "M020"]
    msg = p.finding.message
    assert msg.startswith(str(merged["folder"] / "0_drie_regios_tweede.xlsx"))
    assert f"Meegenomen is {merged['folder'] / '901_drie_regios.xlsx'}" in msg
    # fouten of the one check, register included: 901 differs from its beschikking in PO3106 (R020);
    # the second copy has that too, an unreadable amount (L020) and its PO3104 against the register
    assert "minder fouten heeft (1 tegen 3)" in msg


def test_inputs_are_never_modified(merged):
    for path, digest in merged["before"].items():
        assert sha256(path) == digest, path


# -- the consolidated workbook, sheet by sheet --------------------------------------------------


def test_sheets_in_dutch_in_order(wb):
    # Vergelijking: the folder holds a workbook of 2022-2023 too, so this year is set beside it (services/compare)
    assert wb.sheetnames == ["Overzicht", "Middelen per regio", "Aanwending", "Indicatoren", "Teksten", "Kengetallen", "Vergelijking",
                             "Problemen"]


def test_overzicht_one_row_per_file(wb, merged):
    rows = table(wb["Overzicht"], "tblBestanden")
    s = merged["s"]
    assert [r["Bestand"] for r in rows] == [g.label for g in s.files]
    by_file = {rel(merged, r["Bestand"]): r for r in rows}
    smart = by_file["000_smart_limburg.xlsx"]
    assert smart["Bestuur"] == "Stichting SMART Limburg" and smart["Schooljaar"] == "2023-2024"
    assert smart["Regio's"] == "PO3105" and smart["Sjabloonversie"] == "1.1" and smart["Status"] == "Opgenomen"
    assert smart["Validatie"] == "Geldig" and smart["Fouten"] == 0 and smart["Reconciliatie"] == "Sluitend"
    assert smart["Register"] == "Klopt"
    assert smart["Controlegetal (SHA-256)"] == sha256(merged["folder"] / "000_smart_limburg.xlsx")
    assert by_file["901_drie_regios.xlsx"]["Register"] == "1 afwijking"
    assert by_file["902_sbo_so_bestuur.xlsx"]["Register"] == "Bestuur niet gevonden"
    assert by_file["regio-mh/brug-vorig-jaar.xlsx"]["Register"] == "Schooljaar niet in register"
    assert by_file["004_kom_leren.xlsx"]["Fouten"] > 0 and by_file["004_kom_leren.xlsx"]["Validatie"] == "Fouten"
    assert by_file["beveiligd.xlsx"]["Status"] == "Niet bruikbaar"
    assert by_file["beveiligd.xlsx"]["Opmerking"].startswith("L003 Beveiligd met een wachtwoord")
    assert by_file["0_drie_regios_tweede.xlsx"]["Status"] == "Dubbel, niet opgenomen"
    assert by_file["regio-mh/kleine-versie.XLSX"]["Sjabloonversie"] == "1.2"


def test_overzicht_summary_has_defined_names(wb, merged):
    s = merged["s"]
    expected = {"samenvoeging_bestanden": len(STATUS), "samenvoeging_opgenomen": 7, "samenvoeging_niet_bruikbaar": 5,
                "samenvoeging_dubbel": 2, "samenvoeging_problemen": len(s.problems),
                "samenvoeging_schooljaar": "2023-2024 (ook: 2022-2023, (geen schooljaar))"}
    for name, value in expected.items():
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        assert wb[sheet][ref.replace("$", "")].value == value, name


def test_middelen_per_regio_exact_and_against_the_register(wb, merged, spec):
    s = merged["s"]
    ws = wb["Middelen per regio"]
    boards = table(ws, "tblMiddelenPerBestuur")
    taken = [g for g in s.files if g.status == "opgenomen"]
    assert len(boards) == sum(len(g.reconciliation.regions) for g in taken)
    drie = {r["Regio"]: r for r in boards if r["Bestuur"] == "Stichting Onderwijs Zuid-Limburg Drie Regio's"}
    assert drie["PO3104"]["Ontvangen"] == 468216 and drie["PO3104"]["Besteed"] == 468216 and drie["PO3104"]["Register"] == "Klopt"
    assert drie["PO3106"]["Beschikt"] == 300000 and drie["PO3106"]["Verschil met beschikking"] == 12144
    assert drie["PO3106"]["Register"] == "Wijkt af"
    # the same money rule as the board's own sheets: each region's spent rests on the pro-rata share of
    # a line without region (indicatief, neither sluitend nor niet sluitend); the verdict is the total's
    assert {r["Status"] for r in drie.values()} == {"Indicatief"}
    assert {r["Status totaal bestuur"] for r in drie.values()} == {"Sluitend"}
    brug = [r for r in boards if r["Bestuur"] == "Stichting De Brug Parkstad" and r["Schooljaar"] == "2023-2024"]
    assert brug and brug[0]["Register"] == "Bestuur niet gevonden" and brug[0]["Status"] == "Onbepaald"
    totals = {(r["Schooljaar"], r["Regio"]): r for r in table(ws, "tblTotaalPerRegio")}
    for (jaar, code), row in totals.items():
        mine = [g.reconciliation.region(code) for g in taken
                if (g.schooljaar or "(geen schooljaar)").replace("/", "-") == jaar and code in {r.region for r in g.reconciliation.regions}]
        assert D(str(row["Ontvangen"])) == sum((m.ontvangen for m in mine), D(0)), (jaar, code)
        assert D(str(row["Besteed"])) == sum((m.besteed for m in mine), D(0)), (jaar, code)
        assert row["Besturen"] == len(mine)
        assert (row["Sluitend"], row["Niet sluitend"], row["Indicatief"]) == (
            sum(m.status in ("sluitend", "leeg") for m in mine), sum(m.status in ("tekort", "overschot", "onbepaald") for m in mine),
            sum(m.status == "indicatief" for m in mine)), (jaar, code)
    assert totals[("2023-2024", "PO3104")]["Beschikt (register)"] == 468216 + 50000
    assert {r["Bestuur (register)"] for r in table(ws, "tblAlleenInRegister")} == {"Stichting Zonder Werkboek"}


def test_aanwending_every_line_long_form(wb, merged):
    s = merged["s"]
    ws = wb["Aanwending"]
    lines = table(ws, "tblAanwendingsregels")
    taken = [g for g in s.files if g.status == "opgenomen"]
    assert len(lines) == sum(sum(1 for ln in g.sub.aanwending if not ln.is_empty) for g in taken)
    first = load_example("901_drie_regios", load_spec()).aanwending[0]
    row = next(r for r in lines if r["Bestuur"] == "Stichting Onderwijs Zuid-Limburg Drie Regio's" and r["Regel"] == 1)
    assert row["Omschrijving (t.b.v.)"] == first.omschrijving and D(str(row["Bedrag (€)"])) == first.bedrag.euro
    assert row["Categorie"] == first.categorie
    per_cat = table(ws, "tblBesteedPerCategorie")
    for jaar in {r["Schooljaar"] for r in per_cat}:
        amounts = sum(D(str(r["Bedrag (€)"])) for r in lines if r["Schooljaar"] == jaar and isinstance(r["Bedrag (€)"], (int, float)))
        assert sum(D(str(r["Bedrag"])) for r in per_cat if r["Schooljaar"] == jaar) == amounts


def test_indicatoren_matrix_and_frequency(wb, merged, spec):
    ws = wb["Indicatoren"]
    matrix = table(ws, "tblIndicatorenPerBestuur")
    smart = next(r for r in matrix if r["Bestuur"] == "Stichting SMART Limburg")
    chosen = {n for p in spec.process_sections for n in getattr(load_example("000_smart_limburg", spec).indicatoren(p.id, spec), "nummers", ())}
    assert chosen and {n for n in spec.indicators if smart[str(n)] == "x"} == chosen
    freq = {r["Nr"]: r["Gekozen door"] for r in table(ws, "tblIndicatorfrequentie")}
    assert len(freq) == len(spec.indicators) == 43
    for n, count in freq.items():
        assert count == sum(1 for r in matrix if r[str(n)] == "x"), n
    parts = {r["Hoofdonderdeel"]: r for r in table(ws, "tblIndicatorenPerHoofdonderdeel")}
    assert set(parts) == {p.short for p in spec.process_sections}


def test_teksten_verbatim_and_filterable(wb, merged, spec):
    rows = table(wb["Teksten"], "tblTeksten")
    narratives = [f for f in spec.fields if f.type == "narrative"]
    taken = [g for g in merged["s"].files if g.status == "opgenomen"]
    assert len(rows) == len(taken) * len(narratives)
    example = load_example("901_drie_regios", spec)
    label = spec.field("thuiszitters").label
    row = next(r for r in rows if r["Bestuur"] == "Stichting Onderwijs Zuid-Limburg Drie Regio's" and r["Veld"] == label)
    assert row["Tekst"] == example.values["thuiszitters"] and row["Staat"] == "Ingevuld"
    assert row["Onderdeel"] == spec.section("thuiszitters").short
    assert wb["Teksten"].freeze_panes is not None


def test_kengetallen_totals(wb, merged, spec):
    ws = wb["Kengetallen"]
    per_board = table(ws, "tblKengetallenPerBestuur")
    label = spec.field("thuiszitters_aantal").label
    values = [r[label] for r in per_board if r["Schooljaar"] == "2023-2024" and isinstance(r[label], (int, float))]
    totals = {r["Kengetal"]: r for r in table(ws, "tblKengetallenAantallen") if r["Schooljaar"] == "2023-2024"}
    assert values and totals[label]["Totaal"] == sum(values) and totals[label]["Ingevuld door"] == len(values)
    percent = {r["Kengetal"]: r for r in table(ws, "tblKengetallenPercentages") if r["Schooljaar"] == "2023-2024"}
    sop = spec.field("sop_ankerpunt_3").label
    assert percent[sop]["Laagste"] == pytest.approx(0.72)


def test_problemen_sheet_lists_everything(wb, merged):
    rows = table(wb["Problemen"], "tblProblemen")
    assert len(rows) == len(merged["s"].problems)
    by_file = {}
    for r in rows:
        by_file.setdefault(rel(merged, r["Bestand"] or ""), []).append(r)
    assert by_file["beveiligd.xlsx"][0]["Ernst"] == "Fout" and "wachtwoord" in by_file["beveiligd.xlsx"][0]["Melding"]
    assert by_file["oud-sjabloon.xlsx"][0]["Soort"] == "Sjabloonversie" and "2.0" in by_file["oud-sjabloon.xlsx"][0]["Melding"]
    vorig = by_file["regio-mh/brug-vorig-jaar.xlsx"][0]
    assert vorig["Code"] == "M030" and vorig["Schooljaar"] == "2022-2023" and vorig["Plaats"] == "Gegevens!C9"
    assert [r["Ernst"] for r in rows] == sorted((r["Ernst"] for r in rows), key=["Fout", "Waarschuwing", "Info"].index)


def test_native_charts_over_the_tables(merged):
    with zipfile.ZipFile(merged["out"]) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = {n: zf.read(n).decode() for n in charts}
    assert len(charts) == 5  # two on Vergelijking: the folder holds a workbook of last year too
    refs = " ".join(xml.values())
    for sheet in ("Middelen per regio", "Aanwending", "Indicatoren", "Vergelijking"):
        assert re.search(rf"<c:f>'?{re.escape(sheet)}'?!\$", refs), sheet
    assert sum("<c:barChart>" in x for x in xml.values()) == 5  # column and bar charts are both barChart


# -- robust output ------------------------------------------------------------------------------


def test_formula_injection_lands_as_text(merged, wb):
    with zipfile.ZipFile(merged["out"]) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in zf.read(n).decode() or "<f " in zf.read(n).decode() for n in sheets)
        strings = zf.read("xl/sharedStrings.xml").decode()
    from xml.sax.saxutils import escape
    for text in INJECTIE.values():
        assert escape(text) in strings, text
    rows = table(wb["Teksten"], "tblTeksten")
    injected = [r for r in rows if r["Bestuur"] == INJECTIE["bestuur"]]
    assert {r["Tekst"] for r in injected} >= {v for k, v in INJECTIE.items() if k != "bestuur"}
    overzicht_rows = table(wb["Overzicht"], "tblBestanden")
    assert INJECTIE["bestuur"] in {r["Bestuur"] for r in overzicht_rows}


def test_idempotent_same_inputs_same_bytes(merged, spec):
    s2 = merge_files([merged["folder"]], register=read_register(merged["register"], spec), spec=spec)
    assert workbook_bytes(build_overzicht(s2)) == merged["out"].read_bytes()


def test_output_inside_the_input_folder_is_not_read_back(tmp_path, spec, example_workbooks):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in example_workbooks.values():
        shutil.copy(path, folder / path.name)
    out = folder / "overzicht.xlsx"
    first = workbook_bytes(build_overzicht(merge_files([folder], exclude=[out], spec=spec)))
    out.write_bytes(first)
    assert workbook_bytes(build_overzicht(merge_files([folder], exclude=[out], spec=spec))) == first


def test_written_atomically_and_replaces(merged, tmp_path):
    target = tmp_path / "overzicht.xlsx"
    target.write_bytes(b"oud")
    write_overzicht(build_overzicht(merged["s"]), target)
    assert target.read_bytes() == merged["out"].read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["overzicht.xlsx"]  # no temporary file left behind


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path, spec, example_workbooks, monkeypatch):
    """A file that kills its reading process (out of memory, say) is reported; the others are read."""
    from xltoolkit.services.merge import read

    folder = tmp_path / "in"
    folder.mkdir()
    for path in example_workbooks.values():
        shutil.copy(path, folder / path.name)
    real = read.read_open

    def dies_on_902(wb, path, spec):
        if Path(path).name == "902_sbo_so_bestuur.xlsx":
            os._exit(1)
        return real(wb, path, spec)

    monkeypatch.setattr(read, "read_open", dies_on_902)  # forked workers inherit the patch
    s = merge_files([folder], spec=spec, workers=2)
    status = {Path(g.label).name: (g.status, g.error.code if g.error else None) for g in s.files}
    assert status["902_sbo_so_bestuur.xlsx"] == ("niet_bruikbaar", "M012")
    assert all(v == ("opgenomen", None) for k, v in status.items() if k != "902_sbo_so_bestuur.xlsx")


# -- the choice between duplicates --------------------------------------------------------------


def _gelezen(label: str, versie: str = "1.0", fouten: int = 0, doc: str = "", mtime: float = 0.0, digest: str | None = None) -> FileResult:
    sub = Submission.from_values({"bestuur": "Stichting SMART Limburg", "schooljaar": "2023-2024"}, spec=load_spec())
    sub.source.template_version = versie
    found = [make("V001", sheet="Gegevens", field="bestuur", label="BESTUUR", hulp="")] * fouten
    checked = Check(sub, ValidationReport(label, found), reconcile(sub, load_spec()))
    return FileResult(Candidate(label, label), sha256=digest or label, modified=mtime, doc_modified=doc, sub=sub, check=checked)


@pytest.mark.parametrize("a, b, taken, reason", [
    (dict(versie="1.0"), dict(versie="1.1", fouten=3), "b", "een nieuwere sjabloonversie heeft (1.1 tegen 1.0)"),
    (dict(fouten=2), dict(fouten=1), "b", "minder fouten heeft (1 tegen 2)"),
    (dict(doc="2024-06-01T10:00:00Z"), dict(doc="2024-05-01T10:00:00Z"), "a",
     "later is opgeslagen (01-06-2024 10:00 UTC tegen 01-05-2024 10:00 UTC)"),
    (dict(mtime=2_000_000_000), dict(mtime=1_000_000_000), "a", "later is gewijzigd"),
    (dict(), dict(), "a", "eerder in de volgorde van de bestandsnamen staat"),
])
def test_duplicate_rules_in_order(a, b, taken, reason):
    ga, gb = _gelezen("a.xlsx", **a), _gelezen("b.xlsx", **b)
    [p] = choose_duplicates([ga, gb])
    winner, loser = (ga, gb) if taken == "a" else (gb, ga)
    assert winner.status == "opgenomen" and loser.status == "dubbel"
    assert p.file == loser.label and reason in p.finding.message


def test_same_board_other_school_year_is_no_duplicate():
    a, b = _gelezen("a.xlsx"), _gelezen("b.xlsx")
    b.sub.values["schooljaar"] = "2022/23"
    assert choose_duplicates([a, b]) == [] and a.status == b.status == "opgenomen"


def test_identical_content_is_one_file():
    a, b = _gelezen("a.xlsx", digest="abc"), _gelezen("b.xlsx", digest="abc")
    [p] = choose_duplicates([a, b])
    assert (a.status, b.status, p.finding.code) == ("opgenomen", "identiek", "M021")


# -- discovery ----------------------------------------------------------------------------------


def test_discovery_rules(tmp_path, example_workbooks):
    from xltoolkit.services.merge import find_files

    outside = tmp_path / "elders"
    outside.mkdir()
    shutil.copy(example_workbooks["000_smart_limburg"], outside / "geheim.xlsx")
    folder = tmp_path / "map"
    (folder / "b").mkdir(parents=True)
    shutil.copy(example_workbooks["000_smart_limburg"], folder / "b" / "Z.XLSM")
    shutil.copy(example_workbooks["000_smart_limburg"], folder / "a.xlsx")
    (folder / ".verborgen.txt").write_text("x")
    (folder / "naar-buiten").symlink_to(outside, target_is_directory=True)
    (folder / "geheim.xlsx").symlink_to(outside / "geheim.xlsx")
    v = find_files([folder, folder / "a.xlsx", tmp_path / "weg"])
    assert [k.label for k in v.candidates] == [f"{folder.as_posix()}/a.xlsx", f"{folder.as_posix()}/b/Z.XLSM"]
    found = {(Path(p.file).name, p.finding.code) for p in v.problems}
    assert found == {("naar-buiten", "M004"), ("geheim.xlsx", "M004"), ("a.xlsx", "M006")}
    assert v.missing == [str(tmp_path / "weg")]


def test_spawned_workers_as_on_windows(tmp_path, spec, example_workbooks, monkeypatch):
    """Windows has no fork: workers are spawned, so the spec, the register and every result must
    travel pickled. The outcome is the same as with forked workers."""
    import multiprocessing

    from xltoolkit.services.merge import parallel

    register = read_register(maak_register(tmp_path / "register.csv"), spec)
    files = list(example_workbooks.values())
    forked = merge_files(files, register=register, spec=spec, workers=2)
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    spawned = merge_files(files, register=register, spec=spec, workers=2)
    assert workbook_bytes(build_overzicht(spawned)) == workbook_bytes(build_overzicht(forked))


def test_boards_of_one_template_share_their_places_exactly_as_read(spec, example_workbooks):
    """Where each name and field is comes back from the workers once per batch (read._share_places),
    and is still exactly what reading each workbook on its own finds."""
    from xltoolkit.io.reader import load

    files = list(example_workbooks.values())
    for workers in (1, 2):  # in this process (one batch), and from worker processes (a batch per file here)
        taken = [g for g in merge_files(files, spec=spec, workers=workers).files if g.sub is not None]
        assert len(taken) == len(files) >= 4
        for g in taken:
            alone = load(Path(g.candidate.path), spec).source
            assert (g.sub.source.names, g.sub.source.cells) == (alone.names, alone.cells)
        if workers == 1:
            assert len({id(g.sub.source.names) for g in taken}) < len(taken)  # shared, not one per board


def test_sharing_places_is_bounded():
    """Equal places are one dict; a workbook with thousands of names keeps its own; the worker keeps
    at most MAX_PLACES of them, however many different workbooks it reads."""
    from xltoolkit.model.submission import CellRef
    from xltoolkit.services.merge import read

    def places(n: int, sheet: str = "Gegevens") -> dict:
        return {f"naam{i}": CellRef(sheet, f"B{i + 1}", f"naam{i}") for i in range(n)}

    assert read._shared(places(130)) is read._shared(places(130))
    big = places(read.MAX_SHARED + 1)
    assert read._shared(big) is big and read._shared(places(read.MAX_SHARED + 1)) is not big
    for i in range(3 * read.MAX_PLACES):
        read._shared(places(5, sheet=f"Blad{i}"))
        assert len(read._PLACES) <= read.MAX_PLACES


def test_the_empty_master_and_an_earlier_overview_are_not_taken_as_boards(tmp_path, example_workbooks, spec):
    """SWV staff drop the blank template or last run's overview in the folder: neither is a board."""
    from xltoolkit.io import write_master
    from xltoolkit.services.merge import build_overzicht, merge_files, write_overzicht

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "000.xlsx").write_bytes(example_workbooks["000_smart_limburg"].read_bytes())
    write_master(folder / "leeg-sjabloon.xlsx", spec)
    write_overzicht(build_overzicht(merge_files([folder], spec=spec)), folder / "vorig-overzicht.xlsx")
    s = merge_files([folder], spec=spec)
    assert [g.bestuur for g in s.taken] == ["Stichting SMART Limburg"]
    codes = {p.finding.code: p.file for p in s.problems}
    assert "leeg-sjabloon.xlsx" in codes["M014"] and "vorig-overzicht.xlsx" in codes["M009"]


# -- reads at a glance (issue 14; tests/test_readable.py renders it in LibreOffice) --------------


def test_indicator_chart_shows_the_most_chosen_as_horizontal_bars(wb, merged, spec):
    ws = wb["Indicatoren"]
    freq = table(ws, "tblIndicatorfrequentie")
    top = table(ws, "tblMeestGekozen")
    expected = sorted((r for r in freq if r["Gekozen door"]), key=lambda r: (-r["Gekozen door"], r["Nr"]))[:15]
    assert [r["Nr"] for r in top] == [r["Nr"] for r in expected] and 0 < len(top) <= 15
    with zipfile.ZipFile(merged["out"]) as zf:
        xml = [zf.read(n).decode() for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    indicator_chart = next(x for x in xml if re.search(r"<c:f>'?Indicatoren'?!\$", x))
    assert '<c:barDir val="bar"/>' in indicator_chart and "meest gekozen" in indicator_chart
    first = ws[ws.tables["tblMeestGekozen"].ref.split(":")[0]].row + 1
    assert f"Indicatoren!$A${first}:$A${first + len(top) - 1}" in indicator_chart  # categories: the top rows only


def test_overview_headers_wrap_columns_fit_and_hash_is_last_off_the_page(wb):
    ws = wb["Overzicht"]
    t = ws.tables["tblBestanden"]
    header_row = ws[t.ref.split(":")[0]].row
    headers = [c.value for c in ws[header_row] if c.value is not None]
    assert headers[-1] == "Controlegetal (SHA-256)"
    hash_col = ws.cell(header_row, len(headers)).column_letter
    assert ws.column_dimensions[hash_col].width >= 64  # the whole hash shows
    assert hash_col not in ws.print_area[0] and ws.freeze_panes == f"A{header_row + 1}"
    middelen = wb["Middelen per regio"]
    per_board = middelen.tables["tblMiddelenPerBestuur"]
    row = middelen[per_board.ref.split(":")[0]].row
    assert middelen.row_dimensions[row].height >= 2 * 15  # "Ontvangen" / "Terugploegregeling" on two lines
    assert all(c.alignment.wrap_text for c in middelen[row] if c.value)


def test_overview_amounts_in_whole_euros_unless_cents(wb):
    ws = wb["Middelen per regio"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and "€" in c.number_format]
    assert cells
    for c in cells:
        assert ("0.00" in c.number_format) == (c.value != int(c.value)), (c.coordinate, c.value, c.number_format)
