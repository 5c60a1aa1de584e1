"""The workbook in a real spreadsheet program: LibreOffice headless opens it, recalculates every
live-check formula itself, and must arrive at what Python computes. Editing it there (rows
inserted, sheets moved and renamed) must not break reading."""

from __future__ import annotations


import pytest

from xltoolkit.io import load, master_filename, save, write_master
from xltoolkit.io.formulas import live_name, section_count_name
from xltoolkit.model.completeness import empty_required
from xltoolkit.model.funding import live_totals
from xltoolkit.model.money import PM, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission

pytestmark = pytest.mark.libreoffice


def three_regions() -> Submission:
    """Three regions, a split line, a line with a region and one without (allocated pro rata)."""
    line = lambda **kw: Aanwendingsregel({k: (Bedrag.of(v) if k in ("bedrag", "PO3104", "PO3105", "PO3106") else v) for k, v in kw.items()})
    return Submission.from_values(
        {"bestuur": "Stichting Drie", "regios": ("PO3104", "PO3105", "PO3106"), "heeft_sbo_so": False,
         "ontvangen_terugploeg_PO3104": Bedrag.of("100000"), "ontvangen_terugploeg_PO3105": Bedrag.of("50000.50"),
         "ontvangen_terugploeg_PO3106": Bedrag.of("25000"), "ontvangen_doelgroep_PO3106": Bedrag.of("1234.56")},
        aanwending=[
            line(omschrijving="Ambulante begeleiding", bedrag="90000", regio="PO3104"),
            line(omschrijving="Gedeeld team", bedrag="60000", regio="Verdeeld", PO3104="10000", PO3105="40000", PO3106="10000"),
            line(omschrijving="Zonder regio", bedrag="26235.06"),
        ],
    )


def with_pm() -> Submission:
    sub = three_regions()
    extra = Aanwendingsregel({"omschrijving": "Nog te bepalen", "bedrag": PM, "toelichting": "Afhankelijk van de beschikking"})
    return Submission(values=sub.values, aanwending=(*sub.aanwending, extra))


def python_view(sub: Submission, spec) -> dict[str, object]:
    t = live_totals(sub, spec)
    out: dict[str, object] = {}
    for r in t.regions:
        for kind in ("ontvangen", "toegewezen", "aandeel", "besteed", "verschil"):
            out[live_name(kind, r.region)] = float(getattr(r, kind))
        out[live_name("status", r.region)] = r.status
    out[live_name("ontvangen")] = float(t.ontvangen)
    out[live_name("besteed")] = float(t.besteed)
    out[live_name("verschil")] = float(t.verschil)
    out[live_name("status")] = t.status
    out[live_name("niet_toegewezen", "alle")] = float(t.niet_toegewezen)
    for s in spec.sections:
        out[section_count_name(s)] = float(empty_required(sub, s))
    out[live_name("leeg")] = float(sum(empty_required(sub, s) for s in spec.sections))
    return out


def assert_libreoffice_agrees(lo, path, sub, spec):
    expected = python_view(sub, spec)
    got = {k: v[0][0] for k, v in lo.recalculated_names(path, list(expected)).items()}
    for name, value in expected.items():
        if isinstance(value, float):
            assert got[name] == pytest.approx(value, abs=0.005), name
        else:
            assert got[name] == value, name


@pytest.mark.parametrize("make", [three_regions, with_pm, Submission.empty], ids=["drie-regios", "pm", "leeg"])
def test_live_checks_equal_python(lo, tmp_path, spec, make):
    sub = make()
    path = save(sub, tmp_path / "x.xlsx", spec)
    assert_libreoffice_agrees(lo, path, sub, spec)


def test_live_checks_equal_python_for_every_example(lo, example_workbooks, spec):
    for name, path in example_workbooks.items():
        assert_libreoffice_agrees(lo, path, load(path, spec), spec)


def test_expected_values_are_not_trivial(spec):
    """Guard for the parity tests above: the three-region case really exercises every column."""
    view = python_view(three_regions(), spec)
    assert view["live_aandeel_PO3104"] > 0 and view["live_toegewezen_PO3105"] == 40000.0
    assert view["live_status_totaal"] == "Sluitend" and python_view(with_pm(), spec)["live_status_totaal"] == "Onbepaald"


def test_master_opens_and_every_name_resolves(lo, tmp_path, spec):
    path = write_master(tmp_path / master_filename(spec), spec)
    names = [f.id for f in spec.fields] + ["aanwending", "sjabloon_versie"]
    got = lo.recalculated_names(path, names)
    assert all(got[n] is not None for n in names), [n for n in names if got[n] is None]
    assert got["sjabloon_versie"] == [[spec.version]]


def test_rows_inserted_sheets_moved_and_renamed_still_read(lo, tmp_path, spec):
    sub = three_regions()
    path = save(sub, tmp_path / "orig.xlsx", spec)
    edited = tmp_path / "bewerkt.xlsx"
    lo.run_job(path, [
        {"op": "unprotect_all"},
        {"op": "insert_rows", "sheet": "Gegevens", "before": 2, "count": 3},
        {"op": "insert_rows", "sheet": "A6 Middelen", "before": 3, "count": 2},
        {"op": "insert_rows", "sheet": "B1 Algemeen", "before": 1, "count": 1},
        {"op": "move_sheet", "sheet": "Start", "to": 10},
        {"op": "rename_sheet", "old": "Gegevens", "new": "Ons bestuur"},
        {"op": "rename_sheet", "old": "A6 Middelen", "new": "Geld"},
    ], save_as=edited)
    back = load(edited, spec)
    assert back == sub
    assert back.bron.cells["bestuur"].sheet == "Ons bestuur"
    assert back.bron.cells["ontvangen_terugploeg_PO3104"].sheet == "Geld"
