"""The template spec: complete, consistent, and its fixed texts verbatim from the real documents."""

from __future__ import annotations

import copy
import re
from importlib import resources

import pytest
import yaml
from conftest import SEEDS

from xltoolkit.spec import SpecError, parse_spec


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def seeds_text() -> str:
    seeds = sorted(SEEDS.glob("00[04]_*.txt"))
    assert len(seeds) == 2, f"de echte inzendingen ontbreken in {SEEDS} (shared/ hoort naast het project)"
    return normalise(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("00[04]_*.txt")))


@pytest.fixture()
def raw():
    return yaml.safe_load(resources.files("xltoolkit.spec").joinpath("template.yaml").read_text(encoding="utf-8"))


def test_regions_and_version(spec):
    assert spec.region_codes == ("PO3104", "PO3105", "PO3106")
    assert [r.name for r in spec.regions] == ["Westelijke Mijnstreek", "Maastricht-Heuvelland", "Parkstad"]
    assert re.fullmatch(r"\d+\.\d+", spec.version)
    assert re.fullmatch(r"[0-9a-f]{16}", spec.hash)


def test_43_indicators_and_part_ranges(spec):
    assert sorted(spec.indicators) == list(range(1, 44))
    ranges = {s.id: s.indicators for s in spec.process_sections}
    assert ranges == {"b_algemeen": (1, 7), "b_basis": (8, 27), "b_doelgroep": (28, 34), "b_knooppunt": (35, 43)}


def test_indicator_texts_verbatim(spec, seeds_text):
    for n, text in spec.indicators.items():
        assert normalise(f"{n} {text}") in seeds_text, n


def test_fixed_texts_verbatim(spec, seeds_text):
    checked = 0
    for ft in spec.fixed_texts.values():
        pieces = [ft.title] + [b.text for b in ft.blocks] + [i for b in ft.blocks for i in b.items]
        for piece in pieces:
            if piece and "{" not in piece:
                assert normalise(piece) in seeds_text, piece
                checked += 1
    assert checked > 40


def test_section_titles_and_intros_verbatim(spec, seeds_text):
    for s in spec.sections:
        if s.part != "header" and s.id != "extra_informatie":
            assert normalise(s.title) in seeds_text, s.title
        for text in s.intro:
            assert normalise(text) in seeds_text
        for f in s.fields:
            if f.intro:
                assert normalise(f.intro) in seeds_text


def test_every_field_has_dutch_label_and_help(spec):
    for f in spec.fields:
        assert f.label and f.help, f.id


def test_relevance_marks_niveau5_and_doelgroep(spec):
    relevant = {f.id for f in spec.fields if f.relevance == "sbo_so"}
    assert relevant == {"externe_functie", "schakelfunctie", "b_doelgroep_sturing", "b_doelgroep_nummers", "b_doelgroep_uitwerking"}


def test_key_figures_are_optional_and_marked(spec):
    kengetallen = [f for f in spec.fields if f.kengetal]
    assert {f.id for f in kengetallen} >= {
        "thuiszitters_aantal", "verwijzingen_so_dit_jaar", "verwijzingen_so_vorig_jaar", "verwijzingen_sbo_dit_jaar",
        "verwijzingen_sbo_vorig_jaar", "teruggeplaatst_aantal", "sop_ankerpunt_1", "sop_ankerpunt_4",
    }
    assert not any(f.required for f in kengetallen)


def test_received_money_per_regeling_and_region(spec):
    money = [f for f in spec.fields if f.regeling]
    assert {(f.regeling, f.region) for f in money} == {(g, r) for g in ("terugploeg", "doelgroep") for r in spec.region_codes}


def test_duplicate_field_id_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["sections"][1]["fields"][1]["id"] = bad["sections"][1]["fields"][0]["id"]
    with pytest.raises(SpecError, match="dubbele"):
        parse_spec(bad)


def test_field_id_that_looks_like_a_cell_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["sections"][0]["fields"][0]["id"] = "AB12"
    with pytest.raises(SpecError, match="Excel-naam"):
        parse_spec(bad)


def test_indicator_range_outside_list_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["sections"][-1]["indicators"] = [35, 44]
    with pytest.raises(SpecError, match="indicatorbereik"):
        parse_spec(bad)


def test_hash_changes_with_a_label(raw, spec):
    changed = copy.deepcopy(raw)
    changed["sections"][0]["fields"][0]["label"] = "BESTUUR (naam)"
    assert parse_spec(changed).hash != spec.hash
    assert parse_spec(copy.deepcopy(raw)).hash == spec.hash


def test_a_start_step_that_yaml_reads_as_a_mapping_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["workbook"]["start_steps"][1] = {"Begin bij het blad Gegevens": "geef aan ..."}
    with pytest.raises(SpecError, match="start_steps"):
        parse_spec(bad)


@pytest.mark.parametrize("block, key", [("labels", "tbv"), ("start_status", "compleet"), ("legend", "fout")])
def test_the_words_of_the_format_and_of_start_must_be_in_the_spec(raw, block, key):
    """The report's format words and Start's status and colour words come from the spec only:
    one missing is refused when the spec loads, not halfway through building a workbook."""
    bad = copy.deepcopy(raw)
    del (bad[block] if block == "labels" else bad["workbook"][block])[key]
    with pytest.raises(SpecError, match=f"{block}: tekst ontbreekt voor {key}"):
        parse_spec(bad)


def test_the_report_writes_the_format_words_from_the_spec(raw, spec):
    """Change a format word in the spec and the report follows: no second copy in the code."""
    from xltoolkit.examples import load_example
    from xltoolkit.services.report import build_report, render

    changed = copy.deepcopy(raw)
    changed["labels"]["extra_informatie"] = "Overige informatie:"
    changed["labels"]["tbv"] = "ten behoeve van"
    other = parse_spec(changed)
    md = render(build_report(load_example("004_kom_leren", spec), other), "md").decode("utf-8")
    assert "Overige informatie:" in md and "Extra Informatie:" not in md
    assert " ten behoeve van " in md


def test_only_the_front_ends_load_the_spec():
    """Layering: spec → model → io → services → front-ends. Below the front-ends the spec is an
    argument: no module there calls (or even imports) load_spec, so no code path silently uses
    the shipped spec when a caller passed another one."""
    import ast
    from pathlib import Path

    import xltoolkit

    root = Path(xltoolkit.__file__).parent
    below = [*(root / d for d in ("model", "io", "services", "examples")), root.parent / "validation"]
    files = [p for d in below for p in d.rglob("*.py")] + [root / "findings.py"]
    assert len(files) > 50
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            named = (isinstance(node, ast.Name) and node.id == "load_spec") or (
                isinstance(node, ast.Attribute) and node.attr == "load_spec") or (
                isinstance(node, ast.ImportFrom) and any(a.name == "load_spec" for a in node.names))
            if named:
                offenders.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert offenders == []


def test_a_missing_or_unknown_key_is_named(raw):
    """Every part of the spec is typed: a key the code needs and the YAML lacks, a typo, or a
    value of the wrong kind is refused at load time with the key's path."""
    missing = copy.deepcopy(raw)
    del missing["settings"]["tolerance_cents"]
    with pytest.raises(SpecError, match=r"settings: waarde ontbreekt voor tolerance_cents"):
        parse_spec(missing)
    typo = copy.deepcopy(raw)
    typo["lists"]["statuses"]["sluitnd"] = typo["lists"]["statuses"].pop("sluitend")
    with pytest.raises(SpecError, match=r"lists\.statuses: onbekende sleutel sluitnd"):
        parse_spec(typo)
    wrong = copy.deepcopy(raw)
    wrong["settings"]["indicator_slots"] = "vijf"
    with pytest.raises(SpecError, match=r"settings\.indicator_slots: verwacht een geheel getal"):
        parse_spec(wrong)
    button = copy.deepcopy(raw)
    del button["workbook"]["buttons"][1]["macro"]
    with pytest.raises(SpecError, match=r"workbook\.buttons\[1\]: tekst ontbreekt voor macro"):
        parse_spec(button)
    kind = copy.deepcopy(raw)
    kind["sections"][2]["kind"] = "geld"
    with pytest.raises(SpecError, match=r"sections\[2\]\.kind: onbekende waarde 'geld'"):
        parse_spec(kind)


def test_the_middelen_section_is_found_by_its_kind(raw, spec):
    """The funding table's section is the one of kind funding, whatever its id."""
    assert spec.middelen_section.kind == "funding"
    renamed = copy.deepcopy(raw)
    (middelen,) = [s for s in renamed["sections"] if s.get("kind") == "funding"]
    middelen["id"] = "geld"
    other = parse_spec(renamed)
    assert other.middelen_section.id == "geld" and other.middelen_section.sheet == spec.middelen_section.sheet
    two = copy.deepcopy(raw)
    two["sections"][1]["kind"] = "funding"
    with pytest.raises(SpecError, match="precies één onderdeel"):
        parse_spec(two)


def test_the_typed_parts_hold_the_yaml(raw, spec):
    assert spec.settings.tolerance_cents == raw["settings"]["tolerance_cents"]
    assert spec.lists.statuses.words() == raw["lists"]["statuses"]
    assert spec.lists.statuses.word("indicatief") == spec.lists.statuses.indicatief == raw["lists"]["statuses"]["indicatief"]
    with pytest.raises(KeyError):
        spec.lists.statuses.word("words")
    assert spec.lists.answer(True) == raw["lists"]["yesno"][0] and spec.lists.answer(False) == raw["lists"]["yesno"][1]
    assert [(b.caption, b.macro) for b in spec.workbook.buttons] == [(b["caption"], b["macro"]) for b in raw["workbook"]["buttons"]]
    assert spec.workbook.start_status.word("compleet") == raw["workbook"]["start_status"]["compleet"]
    assert [c.id for c in spec.columns] == [c["id"] for c in raw["workbook"]["aanwending_columns"]]
    assert spec.document.intro == tuple(raw["document"]["intro"])
    assert spec.labels.tbv == raw["labels"]["tbv"]


def test_what_the_swv_prefills_and_its_words_come_from_the_spec(raw):
    """`prepare` locks the fields marked `prefill` and writes the spec's words beside them; a second
    `prefill_note` field, or a label with an unknown placeholder, stops the spec from loading."""
    from xltoolkit.io.prefill import prefillable

    spec = parse_spec(raw)
    header = {f.id for f in prefillable(spec) if f.regeling is None}
    assert header == {"bestuur", "schooljaar", "regios", "heeft_sbo_so"}
    assert spec.prefill_note_field is not None and not spec.prefill_note_field.required
    changed = copy.deepcopy(raw)
    gegevens = next(s for s in changed["sections"] if s["id"] == "gegevens")
    next(f for f in gegevens["fields"] if f["id"] == "schooljaar").pop("prefill")
    assert "schooljaar" not in {f.id for f in prefillable(parse_spec(changed))}
    two = copy.deepcopy(raw)
    next(f for f in next(s for s in two["sections"] if s["id"] == "gegevens")["fields"] if f["id"] == "namens_functie")["prefill_note"] = True
    with pytest.raises(SpecError, match="prefill_note"):
        parse_spec(two)
    wrong = copy.deepcopy(raw)
    wrong["labels"]["vooringevuld_naast"] = "zie {plek}"
    with pytest.raises(SpecError, match="labels.vooringevuld_naast"):
        parse_spec(wrong)
