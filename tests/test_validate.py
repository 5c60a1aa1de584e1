"""Validation: one test per rule on a small readable change to a valid board, the real boards'
acceptance, and "every problem at once". Boards are checked as every front-end checks them
(`check`: validation and reconciliation side by side), so a rule is seen where the user sees it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xltoolkit.validation.rules import all_rules

from xltoolkit.examples import load_example
from xltoolkit.findings import catalogue
from xltoolkit.io import load, save
from xltoolkit.model.money import PM, Bedrag
from xltoolkit.model.submission import Aanwendingsregel, Submission
from xltoolkit.model.values import Indicatoren
from xltoolkit.services.check import check
from xltoolkit.services.validate import validate
from xltoolkit.spec import load_spec


def board(**changes) -> Submission:
    """Example board 000 (valid) with some fields changed."""
    base = load_example("000_smart_limburg", load_spec())
    return Submission(values={**base.values, **changes}, aanwending=base.aanwending)


def with_lines(*lines: dict, **changes) -> Submission:
    sub = board(**changes)
    extra = tuple(Aanwendingsregel({k: (Bedrag.of(v) if k in ("bedrag", "PO3104", "PO3105", "PO3106") and isinstance(v, (str, int)) else v)
                                    for k, v in ln.items()}) for ln in lines)
    return Submission(values=sub.values, aanwending=sub.aanwending + extra)


def codes(sub: Submission) -> list[str]:
    return [f.code for f in check(sub, load_spec()).findings]


def only(sub: Submission, code: str):
    found = check(sub, load_spec()).findings
    assert [f.code for f in found] == [code], [(f.code, f.message) for f in found]
    return found[0]


def test_valid_board_has_no_findings():
    assert check(load_example("000_smart_limburg", load_spec()), load_spec()).findings == []


@pytest.mark.parametrize("name", ["000_smart_limburg", "901_drie_regios", "902_sbo_so_bestuur"])
def test_example_boards_without_fout(name):
    assert check(load_example(name, load_spec()), load_spec()).errors == 0


def test_acceptance_004_from_its_workbook(example_workbooks):
    """004 has no SBO/SO and left Doelgroeparrangementen blank: that part does not apply, so only
    its four real header gaps are reported (no board name, school year or signatory in the source)."""
    report = check(load(example_workbooks["004_kom_leren"], load_spec()), load_spec())
    by_field = {f.field: f for f in report.findings}
    assert by_field["bestuur"].code == "V001" and by_field["bestuur"].cell
    assert set(by_field) == {"bestuur", "schooljaar", "namens_naam", "namens_functie"}
    assert all(f.code == "V001" and f.severity == "fout" for f in report.findings)


def test_finding_names_the_cell_when_read_from_a_workbook(tmp_path, spec):
    path = save(board(bestuur=None), tmp_path / "x.xlsx", spec)
    f = only(load(path, spec), "V001")
    assert (f.sheet, f.field) == ("Gegevens", "bestuur") and f.cell and f"Gegevens!{f.cell}" in f.message


# -- header -----------------------------------------------------------------------------------

def test_required_header_field():
    f = only(board(namens_functie=None), "V001")
    assert "NAMENS BESTUUR: functie" in f.message


@pytest.mark.parametrize("value, code", [("2023/24", "V002"), ("23-24", "V002"), ("2023-2025", "V003"), ("1999-2000", "V004"), ("2099-2100", "V004")])
def test_schooljaar(value, code):
    f = only(board(schooljaar=value), code)
    assert value in f.message


def test_schooljaar_suggests_the_consecutive_year():
    assert "2023-2024" in only(board(schooljaar="2023-2025"), "V003").message


def test_at_least_one_region():
    assert "V005" in codes(board(regios=()))


def test_money_only_for_ticked_regions():
    """A reconciliation rule (R015), in the same check."""
    found = check(board(ontvangen_terugploeg_PO3104=Bedrag.of(500), ontvangen_terugploeg_PO3105=Bedrag.of(81239)), load_spec()).findings
    (f,) = [f for f in found if f.code == "R015"]
    assert "PO3104" in f.message and f.field == "ontvangen_terugploeg_PO3104" and f.severity == "fout"


# -- amounts ----------------------------------------------------------------------------------

def test_negative_amount():
    assert "V007" in codes(board(ontvangen_terugploeg_PO3105=Bedrag.of(-500)))


def test_implausibly_high_amount():
    assert "V008" in codes(board(ontvangen_terugploeg_PO3105=Bedrag.of("250000000")))


def test_more_than_two_decimals():
    assert "V009" in codes(board(ontvangen_terugploeg_PO3105=Bedrag(euro=Decimal("81739.005"))))


def test_pm_line_needs_an_explanation():
    (f,) = [f for f in check(with_lines({"omschrijving": "Reserve", "bedrag": PM}), load_spec()).findings if f.code == "V010"]
    assert "Regel 5" in f.message
    assert "V010" not in codes(with_lines({"omschrijving": "Reserve", "bedrag": PM, "toelichting": "Beschikking volgt"}))


def test_doelgroep_money_without_sbo_so():
    assert "V029" in codes(board(ontvangen_doelgroep_PO3105=Bedrag.of(1000)))


# -- relevance and texts ------------------------------------------------------------------------

def test_nvt_not_allowed_for_a_section_for_everyone():
    f = only(board(thuiszitters="n.v.t."), "V011")
    assert "alle besturen" in f.message


def test_nvt_not_allowed_for_a_board_with_sbo_so():
    sub = board(heeft_sbo_so=True)
    found = {(f.code, f.field) for f in check(sub, load_spec()).findings}
    assert ("V011", "externe_functie") in found and ("V011", "b_doelgroep_nummers") in found


def test_a_part_that_does_not_apply_may_stay_blank():
    """XLSForm's `relevant`: without SBO/SO, Niveau 5 and Doelgroeparrangementen are not required."""
    sub = board(heeft_sbo_so=False, schakelfunctie=None, externe_functie=None, b_doelgroep_sturing=None,
                b_doelgroep_nummers=None, b_doelgroep_uitwerking=None)
    assert check(sub, load_spec()).findings == []


def test_an_open_sbo_so_question_is_one_finding_on_that_question():
    sub = board(heeft_sbo_so=None, schakelfunctie=None, b_doelgroep_nummers=None, b_doelgroep_uitwerking=None)
    f = only(sub, "V001")
    assert f.field == "heeft_sbo_so"


def test_a_part_that_applies_must_be_filled():
    sub = board(heeft_sbo_so=True, schakelfunctie=None, b_doelgroep_nummers=None)
    found = {(f.code, f.field) for f in check(sub, load_spec()).findings}
    assert ("V001", "schakelfunctie") in found and ("V017", "b_doelgroep_nummers") in found


def test_board_with_sbo_so_must_fill_niveau_5():
    sub = load_example("902_sbo_so_bestuur", load_spec())
    sub = Submission(values={**sub.values, "externe_functie": None}, aanwending=sub.aanwending)
    (f,) = [f for f in check(sub, load_spec()).findings if f.code == "V001"]
    assert "SBO/SO-scholen" in f.message and f.field == "externe_functie"


def test_too_short_and_too_long(spec):
    assert only(board(thuiszitters="Geen."), "V013").field == "thuiszitters"
    long_text = " ".join(["woord"] * (spec.settings.narrative_max_words + 1))
    assert only(board(ononderbroken=long_text), "V014").severity == "waarschuwing"


@pytest.mark.parametrize("text", [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod.",
    "Hoeveel thuiszitters waren er, waarom, en wat doet u eraan? Wij hebben er twee gehad.",
    "Volgt nog.",
    "n.t.b.",
    "Tekst volgt",
    "THUISZITTERS",
    "...",
    "Wij hadden XXX thuiszitters en hebben daar een aanpak voor ontwikkeld met de gemeente.",
])
def test_placeholder_or_instruction_text_left_in(text):
    f = only(board(thuiszitters=text), "V015")
    assert f.field == "thuiszitters" and f.severity == "fout"


@pytest.mark.parametrize("text", [
    "De evaluatie volgt nog in het voorjaar; de datum is n.t.b. Tot dan werken we met het plan van 2022.",
    "Het aantal thuiszitters over december is nog niet bekend; tot november waren het er twee, beiden weer op school.",
    "Wij zetten in op preventie, t.b.v. alle scholen, en volgen elke leerling die dreigt uit te vallen (xxxl-klassen bestaan niet).",
])
def test_ordinary_dutch_in_a_real_narrative_is_no_placeholder(text):
    assert check(board(thuiszitters=text), load_spec()).findings == []


def test_a_narrative_that_says_it_is_unfinished_is_a_warning():
    f = only(board(thuiszitters="Hier komt onze tekst over thuiszitters, nog invullen door de afdeling."), "V030")
    assert f.severity == "waarschuwing" and "nog invullen" in f.message


# -- indicators -------------------------------------------------------------------------------

def test_indicator_outside_the_part():
    f = only(board(b_algemeen_nummers=Indicatoren((6, 12))), "V016")
    assert "12" in f.message and "1 t/m 7" in f.message


def test_no_indicator_chosen():
    f = only(board(b_basis_nummers=None), "V017")
    assert "8 t/m 27" in f.message


def test_indicator_without_worked_out_text():
    f = only(board(b_knooppunt_uitwerking=None), "V018")
    assert f.field == "b_knooppunt_uitwerking" and "37" in f.message


def test_indicator_chosen_twice():
    assert codes(board(b_algemeen_nummers=Indicatoren((6, 6)))) == ["V019"]


# -- aanwending lines ---------------------------------------------------------------------------

def test_line_without_purpose():
    only(with_lines({"bedrag": "100"}, ontvangen_terugploeg_PO3105=Bedrag.of(81839)), "V020")


def test_spent_against_received_one_finding_per_region():
    found = [f for f in check(board(ontvangen_terugploeg_PO3105=Bedrag.of(81814)), load_spec()).findings if f.code in ("R001", "R002")]
    (f,) = found
    assert f.code == "R002" and "€ 75" in f.message and "PO3105" in f.message


def test_line_without_amount():
    only(with_lines({"omschrijving": "Nog iets"}), "V026")


def test_duplicate_lines():
    base = load_example("000_smart_limburg", load_spec())
    first = base.aanwending[0]
    (f,) = [f for f in check(Submission(values=base.values, aanwending=base.aanwending + (first,)), load_spec()).findings if f.code == "V021"]
    assert "regel 1" in f.message and "Regel 5" in f.message


@pytest.mark.parametrize("line, code", [
    ({"omschrijving": "Iets", "bedrag": "0", "regio": "PO3106"}, "R010"),  # region not ticked
    ({"omschrijving": "Gedeeld", "bedrag": "100", "regio": "Verdeeld", "PO3105": "90"}, "R011"),  # parts do not add up
    ({"omschrijving": "Iets", "bedrag": "0", "PO3105": "0"}, "R013"),  # parts without Verdeeld
    ({"omschrijving": "Iets", "bedrag": "0", "regio": "Zuid"}, "R014"),  # not a region
    ({"omschrijving": "Gedeeld", "bedrag": "100", "regio": "Verdeeld"}, "V024"),  # Verdeeld without parts
])
def test_region_rules_of_lines_are_reported_once(line, code):
    """Line-and-region rules live in reconciliation; validation reports them, without a twin."""
    found = codes(with_lines(line))
    assert found.count(code) == 1


# -- key figures --------------------------------------------------------------------------------

def test_key_figures():
    assert codes(board(sop_ankerpunt_1=Decimal("1.5"))) == ["V027"]
    assert codes(board(thuiszitters_aantal=-1)) == ["V028"]


# -- all at once ----------------------------------------------------------------------------------

def test_every_problem_is_reported_at_once():
    sub = with_lines(
        {"bedrag": "100"}, {"omschrijving": "PM-post", "bedrag": PM},
        bestuur=None, schooljaar="2023/24", thuiszitters="n.v.t.", b_algemeen_nummers=Indicatoren((12,)),
        ontvangen_terugploeg_PO3105=Bedrag.of(-1),
    )
    found = set(codes(sub))
    assert {"V001", "V002", "V011", "V016", "V020", "V010", "V007"} <= found


def test_every_rule_has_a_catalogue_entry_and_every_v_code_is_used():
    used = {r.code for r in all_rules(load_example("000_smart_limburg", load_spec()) and __import__("xltoolkit.spec", fromlist=["load_spec"]).load_spec())}
    used |= {"V001", "V002", "V003", "V004", "V005"}  # header schema, generated from the spec
    v_codes = {c for c in catalogue() if c.startswith("V")}
    assert used == v_codes


def test_report_json_shape(example_workbooks):
    report = check(load(example_workbooks["004_kom_leren"], load_spec()), load_spec())
    data = report.as_dict()
    assert set(data) == {"file", "valid", "errors", "warnings", "findings"}
    assert data["valid"] is False and data["errors"] == 4 and data["warnings"] == 0
    assert set(data["findings"][0]) == {"code", "severity", "message", "sheet", "cell", "field"}


def test_validating_many_at_once_equals_one_by_one(example_workbooks, spec):
    from xltoolkit.services.validate import validate_many

    subs = [load(p, spec) for p in example_workbooks.values()] * 3
    subs.append(board(bestuur=None, schooljaar="2023/24", b_algemeen_nummers=Indicatoren((12,))))
    assert [r.findings for r in validate_many(subs, spec)] == [validate(s, spec).findings for s in subs]
    assert any(r.findings for r in validate_many(subs, spec))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000aZ.,-–…()'\"", max_size=40))
def test_texts_compare_as_the_regex_had_them(text):
    """Placeholder checks compare texts normalised by str.split (fast on long narratives); that
    must be exactly the regex's normal form, whitespace of every kind included."""
    import re

    from xltoolkit.validation.rules import _AROUND, _normal

    assert _normal(text) == re.sub(r"\s+", " ", text.lower()).strip(_AROUND)
