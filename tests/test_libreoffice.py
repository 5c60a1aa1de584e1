"""The workbook in a real spreadsheet program: LibreOffice headless opens it, recalculates every
live-check formula itself, and must arrive at what Python computes. Editing it there (rows
inserted, sheets moved and renamed) must not break reading."""

from __future__ import annotations

import pytest

from xltoolkit.io import load, master_filename, save, write_master
from xltoolkit.io.formulas import live_name, section_count_name
from xltoolkit.model.completeness import empty_required
from xltoolkit.model.middelen import live_totals
from xltoolkit.model.money import PM, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.spec import load_spec

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
        ], spec=load_spec(),
    )


def with_pm() -> Submission:
    sub = three_regions()
    extra = Aanwendingsregel({"omschrijving": "Nog te bepalen", "bedrag": PM, "toelichting": "Afhankelijk van de beschikking"})
    return Submission(values=sub.values, aanwending=(*sub.aanwending, extra))


def _line(bedrag, regio=None, **parts) -> Aanwendingsregel:
    money = lambda v: v if v is PM else Bedrag.of(v)  # noqa: E731
    return Aanwendingsregel({"omschrijving": "Regel", "bedrag": money(bedrag), "regio": regio,
                             **{r: money(v) for r, v in parts.items()}})


def _board(received: dict[str, object], lines: list[Aanwendingsregel]) -> Submission:
    values = {"bestuur": "Stichting Drie", "regios": ("PO3104", "PO3105", "PO3106"), "heeft_sbo_so": False}
    values |= {f"ontvangen_terugploeg_{r}": (v if v is PM else Bedrag.of(v)) for r, v in received.items()}
    return Submission.from_values(values, aanwending=lines, spec=load_spec())


def only_unassigned() -> Submission:
    """Three regions, every line without region, € 30 not accounted for: each region indicatief,
    the total overschot."""
    return _board({"PO3104": "50000", "PO3105": "30000", "PO3106": "20000"}, [_line("60000"), _line("39970")])


def mixed_decided() -> Submission:
    """Lines with and without region: PO3104's own lines alone exceed what it received (tekort
    whatever its share), PO3105 and PO3106 rest on the allocation (indicatief)."""
    return _board({"PO3104": "50000", "PO3105": "30000", "PO3106": "20000"},
                  [_line("55000", "PO3104"), _line("22000", "PO3105"), _line("13000", "PO3106"), _line("10000")])


def pm_received() -> Submission:
    """A PM received amount blocks its region and, with lines without region, every region that
    shares them (it is part of the key); the total too. A region outside the key keeps its verdict."""
    return _board({"PO3104": "50000", "PO3105": PM}, [_line("49000", "PO3104"), _line("1000"), _line("100", "PO3106")])


def pm_received_own_lines() -> Submission:
    """Without lines to share, a PM received amount blocks only its own region (and the total)."""
    return _board({"PO3104": "50000", "PO3105": PM}, [_line("50000", "PO3104"), _line("100", "PO3106")])


def pm_split_part() -> Submission:
    """A PM part of a split line blocks only that region."""
    return _board({"PO3104": "10000", "PO3105": "6000", "PO3106": "4000"},
                  [_line("20000", "Verdeeld", PO3104="10000", PO3105=PM, PO3106="4000")])


def empty() -> Submission:
    return Submission.empty(load_spec())


CASES = [three_regions, with_pm, empty, only_unassigned, mixed_decided, pm_received, pm_received_own_lines,
         pm_split_part]

def python_view(sub: Submission, spec) -> dict[str, object]:
    t = live_totals(sub, spec)
    words = spec.lists.statuses
    out: dict[str, object] = {}
    for r in t.regions:
        # the workbook's defined names (an interface: they keep their word) and the model's attributes
        for kind, attr in (("ontvangen", "ontvangen"), ("toegewezen", "toegewezen"), ("aandeel", "share"),
                           ("besteed", "besteed"), ("verschil", "verschil")):
            out[live_name(kind, r.region)] = float(getattr(r, attr))
        out[live_name("status", r.region)] = words.word(r.status)
        out[live_name("onbepaald", r.region)] = float(r.onbepaald)
        out[live_name("indicatief", r.region)] = float(r.indicatief)
    out[live_name("ontvangen")] = float(t.ontvangen)
    out[live_name("besteed")] = float(t.besteed)
    out[live_name("verschil")] = float(t.verschil)
    out[live_name("status")] = words.word(t.status)
    out[live_name("onbepaald")] = float(t.onbepaald)
    out[live_name("tekst", "verdeling")] = float(t.tekst_verdeling)
    out[live_name("niet_toegewezen", "alle")] = float(t.unassigned)
    for s in spec.sections:
        out[section_count_name(s)] = float(empty_required(sub, s, spec))
    out[live_name("leeg")] = float(sum(empty_required(sub, s, spec) for s in spec.sections))
    return out


def assert_libreoffice_agrees(lo, path, sub, spec):
    expected = python_view(sub, spec)
    got = {k: v[0][0] for k, v in lo.recalculated_names(path, list(expected)).items()}
    for name, value in expected.items():
        if isinstance(value, float):
            assert got[name] == pytest.approx(value, abs=0.005), name
        else:
            assert got[name] == value, name


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_live_checks_equal_python(lo, tmp_path, spec, make):
    sub = make()
    path = save(sub, tmp_path / "x.xlsx", spec)
    assert_libreoffice_agrees(lo, path, sub, spec)


def test_live_checks_equal_python_for_every_example(lo, example_workbooks, spec):
    for path in example_workbooks.values():
        assert_libreoffice_agrees(lo, path, load(path, spec), spec)


def test_expected_values_are_not_trivial(spec):
    """Guard for the parity tests above: the cases really exercise every column and every verdict."""
    view = python_view(three_regions(), spec)
    assert view["live_aandeel_PO3104"] > 0 and view["live_toegewezen_PO3105"] == 40000.0
    assert view["live_status_totaal"] == "Sluitend" and python_view(with_pm(), spec)["live_status_totaal"] == "Onbepaald"
    statuses = lambda make: [python_view(make(), spec)[f"live_status_{r}"] for r in ("PO3104", "PO3105", "PO3106", "totaal")]  # noqa: E731
    assert statuses(only_unassigned) == ["Indicatief", "Indicatief", "Indicatief", "Overschot"]
    assert statuses(mixed_decided) == ["Tekort", "Indicatief", "Indicatief", "Sluitend"]
    assert statuses(pm_received) == ["Onbepaald", "Onbepaald", "Tekort", "Onbepaald"]
    assert statuses(pm_received_own_lines) == ["Sluitend", "Onbepaald", "Tekort", "Onbepaald"]
    assert statuses(pm_split_part) == ["Sluitend", "Onbepaald", "Sluitend", "Onbepaald"]
    seen = {v for make in CASES for k, v in python_view(make(), spec).items() if k.startswith("live_status_")}
    assert seen >= set(spec.lists.statuses.words().values())


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
    assert back.source.cells["bestuur"].sheet == "Ons bestuur"
    assert back.source.cells["ontvangen_terugploeg_PO3104"].sheet == "Geld"
