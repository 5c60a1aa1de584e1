"""`xltoolkit merge`, run as a user runs it: exit codes, the Dutch summary, --json, the progress bar,
--beschikkingen and --report, and two runs giving the same bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import cli_support
import pytest
from conftest import sha256
from docx import Document
from test_merge import maak_inleveringen, maak_register


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return cli_support.run("merge", *args, cwd=cwd)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, spec):
    root = tmp_path_factory.mktemp("merge_cli")
    return {"root": root, "folder": maak_inleveringen(root, spec), "register": maak_register(root / "beschikkingen.csv")}


@pytest.fixture()
def good(tmp_path, example_workbooks) -> Path:
    folder = tmp_path / "goed"
    folder.mkdir()
    for path in example_workbooks.values():
        shutil.copy(path, folder / path.name)
    return folder


def test_bad_files_give_exit_1_and_a_dutch_summary(inputs):
    out = inputs["root"] / "uit" / "overzicht.xlsx"
    proc = run("inleveringen", "-o", "uit/overzicht.xlsx", "--beschikkingen", "beschikkingen.csv", cwd=inputs["root"])
    assert proc.returncode == 1, proc.stderr
    assert out.exists()
    text = proc.stdout
    assert "Samengevoegd: 14 werkboeken gevonden, 7 opgenomen, 5 niet bruikbaar, 2 dubbel of kopie." in text
    assert "Schooljaar 2023-2024 (ook: 2022-2023, (geen schooljaar))." in text
    assert "Vergeleken met het register beschikkingen.csv." in text
    assert "FOUT         L003  inleveringen/beveiligd.xlsx: beveiligd.xlsx is beveiligd met een wachtwoord" in text
    assert "Werkboeken lezen" in proc.stderr  # the progress bar goes to stderr


def test_two_runs_are_byte_identical_and_inputs_unchanged(inputs):
    before = {p: sha256(p) for p in inputs["folder"].rglob("*") if p.is_file() and not p.is_symlink()}
    for name in ("a.xlsx", "b.xlsx"):
        assert run("inleveringen", "-o", name, cwd=inputs["root"]).returncode == 1
    assert (inputs["root"] / "a.xlsx").read_bytes() == (inputs["root"] / "b.xlsx").read_bytes()
    assert all(sha256(p) == digest for p, digest in before.items())


def test_json_without_progress_bar(inputs):
    proc = run(str(inputs["folder"]), "-o", str(inputs["root"] / "j.xlsx"), "--json")
    assert proc.returncode == 1
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["school_year"] == "2023-2024"
    assert data["counts"] == {"files": 14, "taken": 7, "unusable": 5, "duplicates": 2, "skipped": 4}
    by_file = {Path(f["file"]).name: f for f in data["files"]}
    assert by_file["beveiligd.xlsx"]["problem"]["code"] == "L003" and by_file["beveiligd.xlsx"]["status"] == "niet_bruikbaar"
    assert by_file["000_smart_limburg.xlsx"]["errors"] == 0 and by_file["000_smart_limburg.xlsx"]["reconciled"] is True
    assert {p["code"] for p in data["problems"]} >= {"L002", "L003", "L004", "L006", "L007", "M020", "M021", "M030"}


def test_all_good_gives_exit_0(good, tmp_path):
    proc = run(str(good), "-o", str(tmp_path / "o.xlsx"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Alle werkboeken zijn opgenomen." in proc.stdout


@pytest.mark.parametrize("args, code", [
    (["bestaat-niet", "-o", "o.xlsx"], "M002"),
    (["goed", "-o", "o.csv"], "M062"),
    (["leeg", "-o", "o.xlsx"], "M001"),
    (["goed", "-o", "goed/000_smart_limburg.xlsx"], "M061"),
    (["goed", "-o", "o.xlsx", "--beschikkingen", "geen-register.csv"], "R03"),
])
def test_bad_arguments_give_exit_2(good, args, code):
    (good.parent / "leeg").mkdir(exist_ok=True)
    before = {p: sha256(p) for p in good.iterdir()}
    proc = run(*args, cwd=good.parent)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith(code)
    assert not (good.parent / "o.xlsx").exists()
    assert {p: sha256(p) for p in good.iterdir()} == before


def test_missing_output_option_is_exit_2(good):
    assert run(str(good)).returncode == 2


def test_report_per_region(good, tmp_path, spec):
    proc = run(str(good), "-o", str(tmp_path / "o.xlsx"), "--report", str(tmp_path / "rapporten"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = sorted(p.name for p in (tmp_path / "rapporten").iterdir())
    assert "rapport-PO3105-2023-2024.docx" in files and "rapport-PO3105-2023-2024.md" in files
    doc = Document(tmp_path / "rapporten" / "rapport-PO3106-2023-2024.docx")
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["Stichting De Brug Parkstad", "Stichting Onderwijs Zuid-Limburg Drie Regio's"]
    assert [p.text for p in doc.paragraphs if p.style.name == "TOC Heading"] == ["Inhoud"]  # not in its own list
    md = (tmp_path / "rapporten" / "rapport-PO3106-2023-2024.md").read_text(encoding="utf-8")
    assert md.startswith("# Verantwoording passend onderwijs — PO3106 (Parkstad)")
    assert "1. [Stichting De Brug Parkstad](#bestuur_1)" in md and '<a id="bestuur_2"></a>' in md
    fixed = spec.fixed_texts["missie"].title
    assert f"## {fixed}" not in md  # the format's fixed texts are left out of the region report
    assert "Rapport geschreven:" in proc.stdout


def test_overview_kept_in_the_input_folder_is_replaced_not_read(good):
    first = run(str(good), "-o", str(good / "overzicht.xlsx"))
    data = (good / "overzicht.xlsx").read_bytes()
    second = run(str(good), "-o", str(good / "overzicht.xlsx"))
    assert first.returncode == second.returncode == 0, second.stdout + second.stderr
    assert (good / "overzicht.xlsx").read_bytes() == data


def test_report_format_chosen_and_no_pdf_without_libreoffice_says_why(good, tmp_path):
    """`--report-format pdf` without LibreOffice: no PDF, the reason (P001) on screen and on the sheet
    Problemen; the other format asked for is still written and the merge itself succeeds."""
    from typer.testing import CliRunner

    from xltoolkit.cli import app

    folder = tmp_path / "rapporten"
    result = CliRunner().invoke(
        app, ["merge", str(good), "-o", str(tmp_path / "o.xlsx"), "--report", str(folder),
              "--report-format", "pdf", "--report-format", "md"],
        env={"XLTOOLKIT_SOFFICE": str(tmp_path / "geen-soffice")})
    assert result.exit_code == 0, result.output
    files = sorted(p.suffix for p in folder.iterdir())
    assert set(files) == {".md"}, files
    assert "P001" in result.output and "LibreOffice" in result.output
    from openpyxl import load_workbook
    problems = load_workbook(tmp_path / "o.xlsx", read_only=True)["Problemen"]
    assert any("P001" in str(v) for row in problems.iter_rows(values_only=True) for v in row)


@pytest.mark.libreoffice
def test_report_format_pdf(good, tmp_path):
    from typer.testing import CliRunner

    from xltoolkit.cli import app

    folder = tmp_path / "rapporten"
    result = CliRunner().invoke(app, ["merge", str(good), "-o", str(tmp_path / "o.xlsx"), "--report", str(folder),
                                      "--report-format", "pdf"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert not list(folder.glob("*.docx"))
