"""`xltoolkit merge … --feedback MAP`: a letter per board, read back and held against that board's
own check; the sheet Terugkoppeling; a broken file in the batch; excel-check on every letter."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from cli_support import run as cli_run
from conftest import copy_examples
from docx import Document
from test_excel_check import PASSES, _parse, errors, excel_check_path
from test_merge import maak_register

from xltoolkit.io import load
from xltoolkit.services.beschikkingen import read_register
from xltoolkit.services.check import check
from xltoolkit.services.feedback import load_template, write_letters
from xltoolkit.services.feedback.names import LetterNames
from xltoolkit.services.merge import merge_files

BROKEN = "afgebroken.xlsx"
KIND_WORD = {"herstel": "Herstel", "bevestiging": "Bevestiging", "onleesbaar": "Onleesbaar", "geen": "Geen brief"}


@pytest.fixture(scope="module")
def run(tmp_path_factory, example_workbooks):
    """The example boards and a download that broke off, merged with a register and --feedback."""
    root = tmp_path_factory.mktemp("feedback")
    inputs = copy_examples(example_workbooks, root / "in")
    good = next(iter(example_workbooks.values())).read_bytes()
    (inputs / BROKEN).write_bytes(good[: len(good) // 3])
    (inputs / "kopie").mkdir()
    shutil.copy(inputs / "901_drie_regios.xlsx", inputs / "kopie" / "901_drie_regios.xlsx")  # sent twice
    register = maak_register(root / "beschikkingen.csv")
    with register.open("a", encoding="utf-8") as fh:  # a row the register cannot use: the SWV's problem, in no letter
        fh.write("2023-2024;Stichting Onleesbaar;PO3105;terugploeg;ongeveer een ton\n")
    proc = cli_run("merge", "in", "-o", "overzicht.xlsx", "--beschikkingen", register.name, "--feedback", "brieven",
                   "--json", cwd=root)
    assert proc.returncode == 1, proc.stderr  # the broken file is not taken
    return {"root": root, "inputs": inputs, "register": register, "json": json.loads(proc.stdout)}


def letter_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs and the tables (rows of cell texts) of a letter."""
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs], [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def expected_findings(workbook: Path, register_path: Path, spec) -> list:
    """The board's own check, done again here: every fout and waarschuwing, the register's own rows left out."""
    register = read_register(register_path, spec)
    c = check(load(workbook, spec), spec, register)
    return [f for f in c.findings if f.severity != "info" and f not in register.findings]


def point_rows(tables: list[list[list[str]]]) -> list[list[str]]:
    return [row for t in tables if t[0] == ["Plaats in het werkboek", "Wat en hoe te herstellen", "Code"] for row in t[1:]]


def test_every_board_gets_a_letter_that_matches_its_findings(run, spec):
    rows = {r["file"]: r for r in run["json"]["feedback"]}
    assert set(rows) == {f"in/{p.relative_to(run['inputs']).as_posix()}" for p in run["inputs"].rglob("*.xlsx")}
    letters = sorted((run["root"] / "brieven").iterdir())
    assert len(letters) == 4 and all(p.suffix == ".docx" for p in letters)
    register_own = read_register(run["register"], spec).findings
    assert register_own and all(f.severity != "info" for f in register_own)
    every_cell = "\n".join(c for p in letters for t in letter_text(p)[1] for r in t for c in r)
    assert not any(f.message in every_cell for f in register_own)
    for label, row in rows.items():
        if label.endswith(BROKEN) or label.startswith("in/kopie/"):
            continue
        name = Path(label).name
        expected = expected_findings(run["inputs"] / name, run["register"], spec)
        paragraphs, tables = letter_text(run["root"] / "brieven" / row["letter"])
        text = "\n".join(paragraphs + [c for t in tables for r in t for c in r])
        assert name in text  # what the SWV received
        if row["board"]:
            assert f"Geacht bestuur van {row['board']}," in paragraphs
        points = point_rows(tables)
        # each finding once, with its place and text; nothing else claimed
        got = sorted((r[2], r[1].split("\n", 1)[1], r[0].split("\n")[0]) for r in points)
        assert got == sorted((f.code, f.message, f.location) for f in expected), name
        for r, f in zip(sorted(points, key=lambda r: (r[2], r[1])), sorted(expected, key=lambda f: (f.code, f.message))):
            if f.field and f.field != f.location:
                assert f"naam: {f.field}" in r[0]
        assert row["kind"] == ("herstel" if expected else "bevestiging"), name
        values = {"bestuur": row["board"] or "", "bestand": name, "schooljaar": row["school_year"] or "", "swv": spec.swv, "datum": "",
                  "fouten": sum(f.severity == "fout" for f in expected), "register": run["register"].name, "reden": "",
                  "waarschuwingen": sum(f.severity == "waarschuwing" for f in expected),
                  "ontbreekt": sum(f.code in ("V001", "V005", "V017", "V018") for f in expected)}
        intro = [b.tekst for b in load_template().blok(row["kind"], **values)]
        assert intro and all(t in paragraphs for t in intro), name  # the fixed texts, from the template, with this board's counts
        assert (row["errors"], row["warnings"]) == (sum(f.severity == "fout" for f in expected),
                                                   sum(f.severity == "waarschuwing" for f in expected))


def test_clean_board_gets_the_confirmation(run):
    row = next(r for r in run["json"]["feedback"] if r["file"].endswith("000_smart_limburg.xlsx"))
    assert row["kind"] == "bevestiging" and row["errors"] == 0 and row["warnings"] == 0
    paragraphs, tables = letter_text(run["root"] / "brieven" / row["letter"])
    template = load_template()
    values = {"bestuur": row["board"], "bestand": "000_smart_limburg.xlsx", "schooljaar": "2023-2024", "swv": "", "datum": "",
              "fouten": 0, "waarschuwingen": 0, "ontbreekt": 0, "register": "beschikkingen.csv", "reden": ""}
    confirmation = [b.tekst for b in template.blok("bevestiging", **values)]
    repair = [b.tekst for b in template.blok("herstel", **values)]
    repair_only = [t for t in repair if t not in confirmation]
    assert repair_only and all(t in paragraphs for t in confirmation) and not any(t in paragraphs for t in repair_only)
    assert point_rows(tables) == []
    register = next(t for t in tables if t[0][0] == "Regio" and "Beschikking" in t[0])
    assert register[1:] == [["PO3105", "Terugploegregeling", "€ 81.739", "€ 81.739", "€ 0", "ja"]]


def test_register_difference_is_in_the_letter(run):
    row = next(r for r in run["json"]["feedback"] if r["file"].endswith("901_drie_regios.xlsx"))
    assert row["kind"] == "herstel"
    _, tables = letter_text(run["root"] / "brieven" / row["letter"])
    register = next(t for t in tables if t[0][0] == "Regio" and "Beschikking" in t[0])
    assert ["PO3106", "Terugploegregeling", "€ 312.144", "€ 300.000", "€ 12.144", "nee"] in register
    assert any(r[2] == "R020" and "€ 312.144" in r[1] for r in point_rows(tables))


def test_summary_sheet_lists_every_letter(run):
    wb = openpyxl.load_workbook(run["root"] / "overzicht.xlsx", read_only=True)
    ws = wb["Terugkoppeling"]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[:2] == ["Nr", "Bestand"])
    got = [[None if v == "" else v for v in r] for r in values[header + 1:] if r[0] is not None]
    want = [[i, r["file"], r["board"], r["school_year"], KIND_WORD[r["kind"]], r["errors"], r["warnings"], r["letter"], r["note"]]
            for i, r in enumerate(run["json"]["feedback"], 1)]
    assert got == want
    broken = next(r for r in got if r[1].endswith(BROKEN))
    assert broken[4] == "Geen brief" and "L004" in broken[8]
    problems = [p for p in run["json"]["problems"] if p["code"] == "M093"]
    assert len(problems) == 1 and problems[0]["file"].endswith(BROKEN)


@pytest.mark.slow  # excel-check starts .NET: with the other excel-check tests, not in the quick run
def test_every_letter_passes_excel_check(run):
    letters = sorted((run["root"] / "brieven").glob("*.docx"))
    proc = subprocess.run([str(excel_check_path()), "--json", *map(str, letters)], capture_output=True, text=True, timeout=900)
    report = _parse(proc.stdout, proc.returncode, proc.stderr)
    for result in report["files"]:
        assert set(result["passes"]) == PASSES[".docx"], result["path"]
        assert result["ok"], errors(result)
    assert len(report["files"]) == len(letters) == 4


def test_a_board_known_but_unusable_gets_the_reason(tmp_path, example_workbooks, spec):
    """A workbook the overview had to leave out (M017) is not confirmed: its board is told why."""
    s = merge_files([copy_examples(example_workbooks, tmp_path / "in")], spec=spec, workers=1)
    g = next(g for g in s.taken if g.bestuur)
    from xltoolkit.findings import make
    g.status, g.error = "niet_bruikbaar", make("M017", bestand=g.label, detail="ValueError: proef")
    write_letters(s, tmp_path / "brieven", load_template(), date(2025, 1, 2))
    row = next(r for r in s.feedback or () if r.file == g.label)
    assert row.kind == "onleesbaar" and row.errors is None
    paragraphs, _ = letter_text(tmp_path / "brieven" / row.letter)
    assert "Werkboek niet in het overzicht te zetten." in paragraphs and "2 januari 2025" in "\n".join(paragraphs)
    assert not any("xltoolkit validate" in p for p in paragraphs)  # the SWV's instructions stay on the sheet Problemen


def test_one_letter_failing_does_not_stop_the_others(tmp_path, example_workbooks, spec, monkeypatch):
    from xltoolkit.services.feedback import write as write_module
    real = write_module.render_brief_docx

    def flaky(brief):
        if brief.bestuur and "SMART" in brief.bestuur:
            raise RuntimeError("schijf vol")
        return real(brief)

    monkeypatch.setattr(write_module, "render_brief_docx", flaky)
    s = merge_files([copy_examples(example_workbooks, tmp_path / "in")], spec=spec, workers=1)
    written = write_letters(s, tmp_path / "brieven", load_template())
    assert len(written) == len(s.taken) - 1
    assert [p.finding.code for p in s.problems if p.kind == "Brief"] == ["M090"]
    assert sorted(p.name for p in (tmp_path / "brieven").iterdir()) == sorted(p.name for p in written)  # no half-written file


def test_own_template_and_a_broken_one(tmp_path, example_workbooks):
    inputs = copy_examples(example_workbooks, tmp_path / "in")
    source = (Path(__file__).resolve().parents[1] / "templates" / "terugkoppeling.j2").read_text(encoding="utf-8")
    own = tmp_path / "eigen.j2"
    own.write_text(source.replace("Geacht bestuur van {{ bestuur }},", "Beste collega's van {{ bestuur }},"), encoding="utf-8")
    proc = cli_run("merge", "in", "-o", "o.xlsx", "--feedback", "b", "--feedback-template", own.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Brieven aan de besturen: 4 geschreven (zie het blad Terugkoppeling)." in proc.stdout
    smart = next((tmp_path / "b").glob("*smart*"))
    assert "Beste collega's van Stichting SMART Limburg," in letter_text(smart)[0]
    broken = tmp_path / "kapot.j2"
    broken.write_text(source.replace("{{ bestuur }}", "{{ bestuurr }}", 1), encoding="utf-8")
    proc = cli_run("merge", str(inputs), "-o", "o2.xlsx", "--feedback", "b2", "--feedback-template", broken.name, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("M091") and "bestuurr" in proc.stderr
    assert not (tmp_path / "o2.xlsx").exists() and not (tmp_path / "b2").exists()


def test_file_names_are_safe_and_unique():
    names = LetterNames()
    got = [names.naam("Stichting Één/Twee: \"Samen\"", "2023-2024"), names.naam("stichting een twee samen", "2023-2024"),
           names.naam("CON"), names.naam(""), names.naam("x" * 300, "2023-2024")]
    assert got[:4] == ["brief-stichting-een-twee-samen-2023-2024.docx", "brief-stichting-een-twee-samen-2023-2024-2.docx",
                       "brief-con.docx", "brief-bestuur.docx"]
    assert len(got[4]) <= 85 and got[4].endswith("-2023-2024.docx")
    assert all(n.isascii() and not set(n) & set('<>:"/\\|?*') for n in got)


def test_a_copy_is_named_in_the_letter_of_the_file_taken(run):
    rows = {r["file"]: r for r in run["json"]["feedback"]}
    copy, taken = rows["in/kopie/901_drie_regios.xlsx"], rows["in/901_drie_regios.xlsx"]
    assert copy["kind"] == "geen" and copy["letter"] == taken["letter"] and "in/901_drie_regios.xlsx" in copy["note"]
    _, tables = letter_text(run["root"] / "brieven" / taken["letter"])
    received = next(t for t in tables if t[0][0] == "Bestand")
    assert [r[0] for r in received[1:]] == ["901_drie_regios.xlsx", "901_drie_regios.xlsx"]
    assert [r[3] for r in received[1:]] == ["Opgenomen", "Kopie, niet opgenomen"]


def test_template_markup():
    from xltoolkit.services.feedback.template import Heading, blocks
    from xltoolkit.services.report.text import BulletList, TextParagraph
    got = blocks("# Kop\neen zin\ndie doorloopt\n\n- punt een\n- punt twee\nna de lijst\n")
    assert [type(b) for b in got] == [Heading, TextParagraph, BulletList, TextParagraph]
    assert got[0] == Heading("Kop") and got[1].tekst == "een zin die doorloopt" and got[2].items == ("punt een", "punt twee")


def test_no_letters_folder_is_made_when_there_is_nothing_to_merge(tmp_path, example_workbooks):
    """An empty input folder stops the merge (M001) without leaving an empty letters folder behind;
    a letters path that is a file still stops it before any workbook is read (M092)."""
    (tmp_path / "leeg").mkdir()
    proc = cli_run("merge", "leeg", "-o", "o.xlsx", "--feedback", "brieven", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("M001")
    assert not (tmp_path / "brieven").exists()
    copy_examples(example_workbooks, tmp_path / "in")
    (tmp_path / "brieven.txt").write_text("geen map")
    proc = cli_run("merge", "in", "-o", "o.xlsx", "--feedback", "brieven.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("M092"), proc.stderr
    assert not (tmp_path / "o.xlsx").exists()
