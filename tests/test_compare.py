"""This year beside last year (issue 17, part 3): the sheet Vergelijking of the SWV's overview.

Two school years of example boards: this year's are the examples as they are; last year's are made
from them through the model (another school year, other amounts, another indicator, a key figure,
a board's name typed differently, a board that is gone, a board that is new this year) and saved
with the toolkit. The merge compares them with --vorig-jaar as a folder, as last year's overview and
by itself when its inputs span both years; the overview is read back with openpyxl and every
figure is checked against the exact Decimal computed here from the inputs.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxpatch as xp
from conftest import copy_examples
from typer.testing import CliRunner

from xltoolkit.cli import app
from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.model.money import Bedrag
from xltoolkit.model.submission import Aanwendingsregel
from xltoolkit.model.values import Indicatoren
from xltoolkit.services.beschikkingen import read_register
from xltoolkit.services.compare import vergelijking_sheet
from xltoolkit.services.compare.figures import BestuurYear
from xltoolkit.services.compare.match import match
from xltoolkit.services.merge import build_overzicht, merge_files, workbook_bytes, write_overzicht
from xltoolkit.services.merge.table import Overzicht
from xltoolkit.services.reconcile import reconcile

DIT, VORIG = "2023-2024", "2022-2023"
SMART = "Stichting SMART Limburg"
SMART_VORIG = "  stichting SMART   limburg"  # last year typed differently: the same board
DRIE = "Stichting Onderwijs Zuid-Limburg Drie Regio's"
BRUG = "Stichting De Brug Parkstad"  # 902: new this year
WEG = "Stichting Verdwenen Scholen"  # only last year
PRECISION = Decimal("0.0001")


def maak_vorig_jaar(folder: Path, spec) -> Path:
    """Last year's workbooks, made from the examples through the model and saved with the toolkit."""
    folder.mkdir(parents=True, exist_ok=True)
    smart = load_example("000_smart_limburg", spec)
    smart.values.update(schooljaar=VORIG, bestuur=SMART_VORIG, thuiszitters_aantal=4,
                        ontvangen_terugploeg_PO3105=Bedrag.of("75000.50"), b_algemeen_nummers=Indicatoren((6,)))
    first = smart.aanwending[0]
    smart.aanwending = (Aanwendingsregel({**first.values, "bedrag": Bedrag.of(first.bedrag.euro - 1000)}), *smart.aanwending[1:])
    save(smart, folder / "smart.xlsx", spec)
    drie = load_example("901_drie_regios", spec)
    drie.values.update(schooljaar="2022/23", ontvangen_terugploeg_PO3104=Bedrag.of(400000),  # "2022/23": the same year
                       ontvangen_terugploeg_PO3105=Bedrag.of(0), thuiszitters_aantal=5, verwijzingen_so_dit_jaar=8)
    save(drie, folder / "drie.xlsx", spec)
    weg = load_example("000_smart_limburg", spec)
    weg.values.update(schooljaar=VORIG, bestuur=WEG, ontvangen_terugploeg_PO3105=Bedrag.of(12345))
    save(weg, folder / "weg.xlsx", spec)
    return folder


@pytest.fixture(scope="module")
def jaren(tmp_path_factory, spec, example_workbooks):
    root = tmp_path_factory.mktemp("vergelijking")
    dit = copy_examples(example_workbooks, root / "dit")
    vorig = maak_vorig_jaar(root / "vorig", spec)
    last = merge_files([vorig], spec=spec)
    vorig_overzicht = write_overzicht(build_overzicht(last), root / "overzicht-2022-2023.xlsx")
    by_folder = merge_files([dit], spec=spec, vorig_jaar=vorig)
    by_overview = merge_files([dit], spec=spec, vorig_jaar=vorig_overzicht)
    return {
        "root": root, "dit": dit, "vorig": vorig, "vorig_overzicht": vorig_overzicht, "s": by_folder,
        "map": write_overzicht(build_overzicht(by_folder), root / "overzicht-map.xlsx"),
        "overzicht": write_overzicht(build_overzicht(by_overview), root / "overzicht-overzicht.xlsx"),
        "s_overzicht": by_overview,
    }


def table(path: Path, name: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Vergelijking"]
    rows = list(ws[ws.tables[name].ref])
    header = [c.value for c in rows[0]]
    return [dict(zip(header, (c.value for c in r))) for r in rows[1:] if any(c.value is not None for c in r)]


def dec(value) -> Decimal | None:
    """A number as openpyxl read it, as the Decimal it was written as (a float's shortest repr)."""
    return None if value is None else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def middelen(folder: Path, spec) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """(board, region) -> (received, spent) of every workbook in `folder` that names its board and school year."""
    out = {}
    for path in sorted(folder.glob("*.xlsx")):
        sub = load(path, spec)
        if not (sub.bestuur and sub.schooljaar):
            continue
        for r in reconcile(sub, spec).regions:
            out[(" ".join(sub.bestuur.split()).casefold().removeprefix("stichting "), r.region)] = (r.ontvangen, r.besteed)
    return out


def pct(dit: Decimal, vorig: Decimal):
    return "n.v.t." if vorig == 0 else ((dit - vorig) / vorig).quantize(PRECISION, rounding=ROUND_HALF_UP)


def key(naam: str) -> str:
    return " ".join(naam.split()).casefold().removeprefix("stichting ")


# -- the figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["map", "overzicht"])
def test_per_board_and_region_exact(jaren, spec, which):
    now, before = middelen(jaren["dit"], spec), middelen(jaren["vorig"], spec)
    rows = table(jaren[which], "tblVergelijkingPerBestuur")
    seen = set()
    for row in rows:
        k = (key(row["Bestuur"]), row["Regio"])
        seen.add(k)
        o_dit, b_dit = now.get(k, (None, None))
        o_vorig, b_vorig = before.get(k, (None, None))
        assert dec(row[f"Ontvangen {DIT}"]) == o_dit and dec(row[f"Ontvangen {VORIG}"]) == o_vorig, row
        assert dec(row[f"Besteed {DIT}"]) == b_dit and dec(row[f"Besteed {VORIG}"]) == b_vorig, row
        assert dec(row["Verschil ontvangen"]) == (o_dit or 0) - (o_vorig or 0), row
        assert dec(row["Verschil besteed"]) == (b_dit or 0) - (b_vorig or 0), row
        for soort, a, b in (("ontvangen", o_dit, o_vorig), ("besteed", b_dit, b_vorig)):
            shown = row[f"Verschil {soort} %"]
            expected = None if a is None or b is None else pct(a, b)
            assert (shown if isinstance(shown, str) or shown is None else dec(shown)) == expected, (row, soort)
    assert seen == set(now) | set(before)  # every board and region of both years, once
    assert len(rows) == len(seen)


def test_the_cases_the_example_is_made_for(jaren):
    rows = {(key(r["Bestuur"]), r["Regio"]): r for r in table(jaren["map"], "tblVergelijkingPerBestuur")}
    smart = rows[(key(SMART), "PO3105")]  # paired across years although typed differently
    assert dec(smart[f"Ontvangen {VORIG}"]) == Decimal("75000.50") and dec(smart["Verschil ontvangen"]) == Decimal("81739") - Decimal("75000.50")
    assert smart["Opmerking"] in ("", None)
    assert rows[(key(DRIE), "PO3105")]["Verschil ontvangen %"] == "n.v.t."  # last year 0
    assert rows[(key(BRUG), "PO3106")]["Opmerking"] == "Nieuw dit jaar" and rows[(key(BRUG), "PO3106")]["Verschil ontvangen %"] is None
    assert rows[(key(WEG), "PO3105")]["Opmerking"] == "Niet meer dit jaar"


@pytest.mark.parametrize("which", ["map", "overzicht"])
def test_per_region_totals_exact(jaren, spec, which):
    now, before = middelen(jaren["dit"], spec), middelen(jaren["vorig"], spec)
    rows = {r["Regio"]: r for r in table(jaren[which], "tblVergelijkingPerRegio")}
    assert set(rows) == {code for _, code in now} | {code for _, code in before}
    for code, row in rows.items():
        o_dit = sum((v[0] for (_, c), v in now.items() if c == code), Decimal(0))
        o_vorig = sum((v[0] for (_, c), v in before.items() if c == code), Decimal(0))
        b_dit = sum((v[1] for (_, c), v in now.items() if c == code), Decimal(0))
        assert dec(row[f"Ontvangen {DIT}"]) == o_dit and dec(row[f"Ontvangen {VORIG}"]) == o_vorig
        assert dec(row[f"Besteed {DIT}"]) == b_dit
        assert dec(row["Verschil ontvangen"]) == o_dit - o_vorig
        assert dec(row["Verschil ontvangen %"]) == pct(o_dit, o_vorig)
    per_jaar = {r["Regio"]: r for r in table(jaren[which], "tblMiddelenPerJaar")}
    assert {c: (per_jaar[c][f"Ontvangen {VORIG}"], per_jaar[c][f"Ontvangen {DIT}"]) for c in per_jaar} == \
           {c: (r[f"Ontvangen {VORIG}"], r[f"Ontvangen {DIT}"]) for c, r in rows.items()}


def test_folder_and_overview_of_last_year_give_the_same_sheet(jaren):
    for name in ("tblVergelijkingPerRegio", "tblMiddelenPerJaar", "tblVergelijkingPerBestuur", "tblNieuwEnVerdwenen",
                 "tblIndicatorenVergelijking", "tblIndicatorenPerJaar", "tblKengetallenPerJaar"):
        assert table(jaren["map"], name) == table(jaren["overzicht"], name), name
    assert not [p for p in jaren["s_overzicht"].problems if p.kind in ("Vorig jaar", "Vergelijking")]


def test_appeared_and_disappeared_boards(jaren):
    rows = table(jaren["map"], "tblNieuwEnVerdwenen")
    assert [(r["Bestuur"], r["Wat"], r["Schooljaar"]) for r in rows] == [(BRUG, "Nieuw dit jaar", DIT), (WEG, "Niet meer dit jaar", VORIG)]
    assert dec(rows[1]["Ontvangen"]) == 12345
    ws = openpyxl.load_workbook(jaren["map"])["Vergelijking"]
    summary = {ws.cell(r, 1).value: ws.cell(r, 3).value or ws.cell(r, 2).value for r in range(3, 11)}
    assert summary["Besturen in beide jaren"] == 2 and summary[f"Nieuw in {DIT}"] == 1 and summary[f"Niet meer in {DIT}"] == 1


def test_indicators_per_board_and_per_year(jaren, spec):
    rows = {key(r["Bestuur"]): r for r in table(jaren["map"], "tblIndicatorenVergelijking")}
    smart = rows[key(SMART)]
    assert (smart[f"Gekozen {VORIG}"], smart[f"Gekozen {DIT}"], smart["Nieuw gekozen"]) == ("6, 26, 37", "6, 7, 26, 37", "7")
    assert smart["Niet meer gekozen"] in ("", None)
    chosen = {}
    for jaar, folder in ((DIT, jaren["dit"]), (VORIG, jaren["vorig"])):
        subs = [s for s in (load(p, spec) for p in folder.glob("*.xlsx")) if s.schooljaar]
        chosen[jaar] = [{n for p in spec.process_sections if isinstance(v := s.indicatoren(p.id, spec), Indicatoren) for n in v.nummers}
                        for s in subs]
    freq = {r["Nr"]: r for r in table(jaren["map"], "tblIndicatorenPerJaar")}
    assert set(freq) == set(spec.indicators)
    for n, row in freq.items():
        counts = [sum(1 for c in chosen[j] if n in c) for j in (VORIG, DIT)]
        assert [row[VORIG], row[DIT], row["Verschil"]] == [*counts, counts[1] - counts[0]], n


def test_key_figures_per_year(jaren, spec):
    rows = {r["Kengetal"]: r for r in table(jaren["map"], "tblKengetallenPerJaar")}
    for fid in ("thuiszitters_aantal", "verwijzingen_so_dit_jaar", "verwijzingen_sbo_dit_jaar", "teruggeplaatst_aantal"):
        row = rows[spec.field(fid).label]
        for jaar, folder in ((DIT, jaren["dit"]), (VORIG, jaren["vorig"])):
            values = [v for s in (load(p, spec) for p in folder.glob("*.xlsx")) if s.schooljaar and isinstance(v := s.get(fid), int)]
            assert row[f"Totaal {jaar}"] == (sum(values) if values else None) and row[f"Ingevuld door {jaar}"] == len(values), (fid, jaar)
    thuis = rows[spec.field("thuiszitters_aantal").label]
    assert (thuis[f"Totaal {VORIG}"], thuis["Verschil"]) == (9, thuis[f"Totaal {DIT}"] - 9)  # 4 (SMART) + 5 (Drie)


def test_the_overviews_own_sheets_stay_about_this_year(jaren, spec, tmp_path):
    """The other sheets are exactly what a merge without --vorig-jaar writes."""
    alone = write_overzicht(build_overzicht(merge_files([jaren["dit"]], spec=spec)), tmp_path / "alleen.xlsx")
    with_, without = openpyxl.load_workbook(jaren["map"]), openpyxl.load_workbook(alone)
    assert with_.sheetnames == [n for n in without.sheetnames if n != "Problemen"] + ["Vergelijking", "Problemen"]
    for name in without.sheetnames:
        if name in ("Problemen", "Overzicht"):  # Overzicht counts the problems
            continue
        assert [[c.value for c in r] for r in with_[name].iter_rows()] == [[c.value for c in r] for r in without[name].iter_rows()], name


def test_inputs_of_several_years_are_compared_by_themselves(jaren, spec, tmp_path):
    both = tmp_path / "beide"
    shutil.copytree(jaren["dit"], both / "dit")
    shutil.copytree(jaren["vorig"], both / "vorig")
    s = merge_files([both], spec=spec)
    out = write_overzicht(build_overzicht(s), tmp_path / "beide.xlsx")
    assert s.comparison is not None and (s.comparison.vorig_jaar, s.comparison.dit_jaar) == (VORIG, DIT)
    for name in ("tblVergelijkingPerRegio", "tblNieuwEnVerdwenen", "tblKengetallenPerJaar"):
        assert table(out, name) == table(jaren["map"], name), name


def test_one_school_year_and_nothing_earlier_makes_no_sheet(jaren, spec):
    s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=jaren["map"])  # this year's own overview as "last year"
    assert s.comparison is None
    assert [p.finding.code for p in s.problems if p.kind == "Vorig jaar"] == ["M057"]
    assert "Vergelijking" not in [b.name for b in build_overzicht(s).sheets]


# -- matching names ----------------------------------------------------------------------------


def _b(naam: str, jaar: str) -> BestuurYear:
    return BestuurYear(naam, jaar, "x.xlsx")


def test_names_match_tolerantly_and_doubt_is_reported():
    vorig = [_b("Stichting SMART Limburg", VORIG), _b("Kindante", VORIG), _b("Stichting Movare", VORIG), _b("INNOVO", VORIG),
             _b("Innovo", VORIG), _b("Sirius Scholengroep", VORIG), _b("Kom Leren Zuid 2", VORIG), _b("Kom Leren Zuid 3", VORIG)]
    dit = [_b(" smart  limburg", DIT), _b("Stichting Kindante", DIT), _b("Movare onderwijs", DIT), _b("Innovo", DIT),
           _b("Sirius Scholengroepen", DIT), _b("Kom Leren Zuid", DIT), _b("Nieuw Bestuur", DIT)]
    k = match(vorig, dit)
    pairs = {(a.bestuur, b.bestuur) for a, b in k.paren}
    assert pairs == {("Stichting SMART Limburg", " smart  limburg"), ("Kindante", "Stichting Kindante"),
                     ("Sirius Scholengroep", "Sirius Scholengroepen")}
    by_code = {}
    for f in k.findings:
        by_code.setdefault(f.code, []).append(f.message)
    assert sorted(by_code) == ["M054", "M055", "M056"]
    assert len(by_code["M054"]) == 1 and "'Sirius Scholengroepen'" in by_code["M054"][0]  # by similarity: said so
    assert len(by_code["M055"]) == 1 and "'INNOVO', 'Innovo'" in by_code["M055"][0]  # two of that name last year
    assert {b.bestuur for b in k.dubbelzinnig} == {"INNOVO", "Innovo"}
    assert len(by_code["M056"]) == 1 and "Kom Leren Zuid 2, Kom Leren Zuid 3" in by_code["M056"][0]  # two this close: no guess
    assert {b.bestuur for b in k.nieuw} == {"Movare onderwijs", "Innovo", "Kom Leren Zuid", "Nieuw Bestuur"}
    assert {b.bestuur for b in k.verdwenen} == {"Stichting Movare", "Kom Leren Zuid 2", "Kom Leren Zuid 3"}


# -- a broken last year ----------------------------------------------------------------------------


def test_damaged_last_year_gives_a_finding_and_the_merge_goes_on(jaren, spec, tmp_path):
    data = jaren["vorig_overzicht"].read_bytes()
    cases = {
        "afgebroken.xlsx": data[: len(data) // 2],
        "geen-excel.xlsx": b"Dit is geen werkboek.",
    }
    for name, content in cases.items():
        bad = tmp_path / name
        bad.write_bytes(content)
        s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=bad)
        codes = [p.finding.code for p in s.problems if p.kind == "Vorig jaar"]
        assert "M050" in codes, (name, codes)
        assert s.comparison is None and len(s.taken) == 4
        write_overzicht(build_overzicht(s), tmp_path / f"{name}-overzicht.xlsx")
    missing = merge_files([jaren["dit"]], spec=spec, vorig_jaar=tmp_path / "bestaat-niet.xlsx")
    assert [p.finding.code for p in missing.problems if p.kind == "Vorig jaar"] == ["M050"]


def test_edited_overview_of_last_year_is_read_with_findings(jaren, spec, tmp_path):
    """A value typed over in Excel: that value is left out with its cell named; the rest is compared."""
    source = jaren["vorig_overzicht"]
    ws = openpyxl.load_workbook(source)["Middelen per regio"]
    ref = ws.tables["tblMiddelenPerBestuur"].ref
    header = list(ws[ref])[0]
    col = next(c.column_letter for c in header if c.value == "Ontvangen")
    first = next(r for r in list(ws[ref])[1:] if key(r[2].value) == key(SMART))[0].row
    edited = xp.set_text(source, tmp_path / "bewerkt.xlsx", "Middelen per regio", f"{col}{first}", "ongeveer 75 duizend")
    s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=edited)
    found = [p.finding for p in s.problems if p.kind == "Vorig jaar"]
    assert [(f.code, f.location) for f in found] == [("M052", f"Middelen per regio!{col}{first}")]
    assert "ongeveer 75 duizend" in found[0].message
    out = write_overzicht(build_overzicht(s), tmp_path / "o.xlsx")
    rows = {(key(r["Bestuur"]), r["Regio"]): r for r in table(out, "tblVergelijkingPerBestuur")}
    smart = rows[(key(SMART), "PO3105")]
    assert smart[f"Ontvangen {VORIG}"] is None and smart["Verschil ontvangen"] is None  # unknown: left out, not taken as 0
    assert dec(smart["Verschil besteed"]) == dec(smart[f"Besteed {DIT}"]) - dec(smart[f"Besteed {VORIG}"])  # the rest is compared
    assert dec(rows[(key(DRIE), "PO3104")][f"Ontvangen {VORIG}"]) == 400000


def test_many_bad_values_are_counted_not_listed_one_by_one(jaren, spec, tmp_path):
    """A file typed over everywhere gives at most 20 findings and one that counts the rest (M053)."""
    source = jaren["vorig_overzicht"]
    ws = openpyxl.load_workbook(source)["Indicatoren"]
    cells = list(ws[ws.tables["tblIndicatorenPerBestuur"].ref])
    numbers = [c for c in cells[0] if isinstance(c.value, str) and c.value.isdigit()]
    targets = [f"{c.column_letter}{row[0].row}" for row in cells[1:] for c in numbers][:30]
    edited = source
    for i, ref in enumerate(targets):
        edited = xp.set_text(edited, tmp_path / f"e{i}.xlsx", "Indicatoren", ref, "ja")
    s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=edited)
    codes = [p.finding.code for p in s.problems if p.kind == "Vorig jaar"]
    assert codes.count("M052") == 20 and codes.count("M053") == 1
    assert next(p.finding for p in s.problems if p.finding.code == "M053").message.count("10 waarden") == 1
    assert s.comparison is not None  # the rest is still compared


def test_a_table_that_cannot_be_found_is_reported_and_the_rest_compared(jaren, spec, tmp_path):
    """A header typed over: that table's figures are unknown ("onbekend"), never taken as "nothing chosen"."""
    source = jaren["vorig_overzicht"]
    ws = openpyxl.load_workbook(source)["Indicatoren"]
    cell = next(c for c in list(ws[ws.tables["tblIndicatorenPerBestuur"].ref])[0] if c.value == "Bestuur")
    edited = xp.set_text(source, tmp_path / "kop.xlsx", "Indicatoren", cell.coordinate, "Naam van het bestuur")
    s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=edited)
    found = [p.finding for p in s.problems if p.kind == "Vorig jaar"]
    assert [f.code for f in found] == ["M051"] and "Gekozen indicatoren per bestuur" in found[0].message
    out = write_overzicht(build_overzicht(s), tmp_path / "o.xlsx")
    smart = next(r for r in table(out, "tblIndicatorenVergelijking") if key(r["Bestuur"]) == key(SMART))
    assert smart[f"Gekozen {VORIG}"] == "onbekend" and smart["Nieuw gekozen"] in ("", None)
    assert table(out, "tblVergelijkingPerRegio") == table(jaren["map"], "tblVergelijkingPerRegio")  # the money is still compared


def test_a_renamed_sheet_is_no_overview(jaren, spec, tmp_path):
    data = xp.zip_parts(jaren["vorig_overzicht"])
    data["xl/workbook.xml"] = data["xl/workbook.xml"].replace(b'name="Indicatoren"', b'name="Indicatoren (oud)"')
    bad = tmp_path / "hernoemd.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    s = merge_files([jaren["dit"]], spec=spec, vorig_jaar=bad)
    assert [p.finding.code for p in s.problems if p.kind == "Vorig jaar"] == ["M050"] and s.comparison is None


# -- the CLI and the charts ------------------------------------------------------------------------


def test_cli_merge_with_vorig_jaar(jaren, tmp_path):
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(app, ["merge", str(jaren["dit"]), "-o", str(out), "--vorig-jaar", str(jaren["vorig_overzicht"]), "--json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)["comparison"]
    assert (comparison["school_year"], comparison["previous_school_year"]) == (DIT, VORIG)
    assert (comparison["new"], comparison["gone"]) == ([BRUG], [WEG])
    assert {"board": SMART, "previous_name": SMART_VORIG.strip()} in comparison["matched"]  # read as typed, outer spaces off
    assert table(out, "tblVergelijkingPerRegio") == table(jaren["overzicht"], "tblVergelijkingPerRegio")
    text = CliRunner().invoke(app, ["merge", str(jaren["dit"]), "-o", str(out), "--vorig-jaar", str(jaren["vorig"])])
    assert text.exit_code == 0 and f"Vergeleken met {VORIG} (zie het blad Vergelijking)." in text.output


def test_native_charts_over_the_years(jaren):
    ws = openpyxl.load_workbook(jaren["map"])["Vergelijking"]
    ref = ws.tables["tblMiddelenPerJaar"].ref
    cells = list(ws[ref])
    header, last = cells[0][0].row, cells[-1][0].row
    col = {c.value: c.column_letter for c in cells[0]}
    with zipfile.ZipFile(jaren["map"]) as zf:
        xml = [zf.read(n).decode() for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    mine = [x for x in xml if "<c:f>Vergelijking!" in x]
    assert len(mine) == 2

    def refs(x: str, tag: str) -> list[str]:
        return re.findall(rf"<c:{tag}>.*?<c:f>Vergelijking!([$A-Z0-9:]+)</c:f>", x, re.S)

    for soort, x in zip(("Ontvangen", "Besteed"), mine):
        assert f"<a:t>{soort} per regio</a:t>" in x or f">{soort} per regio<" in x
        cat = f"${col['Naam']}${header + 1}:${col['Naam']}${last}"
        assert set(refs(x, "cat")) == {cat}
        assert refs(x, "val") == [f"${col[f'{soort} {j}']}${header + 1}:${col[f'{soort} {j}']}${last}" for j in (VORIG, DIT)]
        assert refs(x, "tx") == [f"${col[f'{soort} {j}']}${header}" for j in (VORIG, DIT)]


# -- LibreOffice -----------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_the_overview(lo, jaren):
    result = lo.run_job(jaren["map"], [{"op": "sheets"}, {"op": "charts"}])
    assert result["0"] == openpyxl.load_workbook(jaren["map"]).sheetnames and "Vergelijking" in result["0"]
    assert result["1"]["Vergelijking"] == 2


@pytest.mark.libreoffice
def test_the_sheet_is_readable(lo, jaren, spec, tmp_path):
    """The sheet alone (and Middelen per regio, which shows the terugploeg's parts too), laid out by the
    overview's writer, rendered by LibreOffice: no "###", no cut header or text (test_readable.py's checks)."""
    from test_readable import rendered, unreadable

    from xltoolkit.services.merge import middelen

    s = merge_files([jaren["dit"]], spec=spec, register=split_register(tmp_path, spec), vorig_jaar=jaren["vorig"])
    alone = Overzicht("Vergelijking", (vergelijking_sheet(s.comparison, spec), middelen.middelen_sheet(s)))
    path = tmp_path / "vergelijking.xlsx"
    path.write_bytes(workbook_bytes(alone))
    data, text = rendered(lo, path)
    assert data["sheets"] == ["Vergelijking", "Middelen per regio"] and sum(c["header"] for c in data["cells"]) > 40
    assert "Terugploegregeling: structureel en eenmalig" in text
    assert f"Vergelijking {DIT} met {VORIG}" in text
    assert unreadable(data, text) == []


# -- part 4: the two parts of the terugploegregeling ----------------------------------------------

SPLIT_REGISTER = [
    ["Schooljaar", "Bestuur", "Regio", "Regeling", "Deel", "Bedrag"],
    [DIT, "SMART Limburg", "PO3105", "Terugploegregeling (basisbedrag)", "", "80.000,00"],
    [DIT, "SMART Limburg", "PO3105", "Terugploegregeling", "uitkering reserve", "1.739,00"],  # the part in its own column
    [DIT, DRIE, "PO3104", "terugploeg", "", "468216"],  # not split
    [DIT, DRIE, "PO3105", "Terugploegregeling (uitkering reserve)", "", "195090"],
    [DIT, DRIE, "PO3106", "Doelgroepfinanciering", "basisbedrag", "1000"],  # a part of another regeling: not the terugploeg's
]


def split_register(folder: Path, spec):
    path = folder / "beschikkingen-delen.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows(SPLIT_REGISTER)
    return read_register(path, spec)


def test_register_splits_structural_and_one_off_money(jaren, spec, tmp_path):
    register = split_register(tmp_path, spec)
    assert [b.deel for b in register.beschikkingen] == ["basisbedrag", "reserve", None, "reserve", None]
    assert register.bedragen("Stichting SMART Limburg", DIT) == {("PO3105", "terugploeg"): Decimal("81739")}  # one amount still
    s = merge_files([jaren["dit"]], spec=spec, register=register, vorig_jaar=jaren["vorig"])
    out = write_overzicht(build_overzicht(s), tmp_path / "o.xlsx")
    wb = openpyxl.load_workbook(out)
    for sheet, name in (("Middelen per regio", "tblTerugploegDelen"), ("Vergelijking", "tblTerugploegDelenPerJaar")):
        ws = wb[sheet]
        cells = list(ws[ws.tables[name].ref])
        header = [c.value for c in cells[0]]
        rows = {(r["Schooljaar"], r["Regio"]): r for r in (dict(zip(header, (c.value for c in row))) for row in cells[1:])}
        assert set(rows) == {(DIT, "PO3104"), (DIT, "PO3105")}, sheet
        mh = rows[(DIT, "PO3105")]
        assert [dec(mh[k]) for k in ("Basisbedrag (structureel)", "Uitkering reserve (eenmalig)", "Niet gesplitst", "Terugploegregeling")] \
            == [Decimal("80000"), Decimal("1739") + Decimal("195090"), 0, Decimal("80000") + Decimal("1739") + Decimal("195090")], sheet
        assert [dec(rows[(DIT, "PO3104")][k]) for k in ("Basisbedrag (structureel)", "Niet gesplitst")] == [0, Decimal("468216")]


def test_without_a_split_no_table(jaren, spec, tmp_path):
    from test_merge import maak_register

    s = merge_files([jaren["dit"]], spec=spec, register=read_register(maak_register(tmp_path / "b.csv"), spec))
    sheets = {b.name: b for b in build_overzicht(s).sheets}
    assert "TerugploegDelen" not in [t.name for t in sheets["Middelen per regio"].tables]
