"""`xltoolkit report`, run as a user runs it, on real workbooks."""

from __future__ import annotations

import io
import shutil

import docx
from cli_support import run
from conftest import sha256

from xltoolkit.examples import load_example
from xltoolkit.findings import catalogue
from xltoolkit.io import save
from xltoolkit.model.values import Unreadable


def test_default_is_a_word_document_next_to_the_workbook(example_workbooks, tmp_path):
    workbook = shutil.copy(example_workbooks["000_smart_limburg"], tmp_path / "SMART 2024.xlsx")
    before = sha256(workbook)
    proc = run("report", str(workbook))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "SMART 2024.docx"
    assert str(out) in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SMART 2024.docx", "SMART 2024.xlsx"]  # no temp files left
    assert sha256(workbook) == before
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    assert "BESTUUR: Stichting SMART Limburg" in [p.text for p in doc.paragraphs]


def test_never_overwrites_the_workbook(example_workbooks, tmp_path):
    workbook = shutil.copy(example_workbooks["000_smart_limburg"], tmp_path / "smart.xlsx")
    before = sha256(workbook)
    proc = run("report", str(workbook), "-o", str(workbook), "--format", "docx")
    assert proc.returncode == 2
    assert "zou het werkboek smart.xlsx zelf overschrijven" in proc.stderr and "smart.docx" in proc.stderr
    assert sha256(workbook) == before and sorted(p.name for p in tmp_path.iterdir()) == ["smart.xlsx"]


def test_format_follows_the_output_name(example_workbooks, tmp_path):
    proc = run("report", str(example_workbooks["004_kom_leren"]), "-o", str(tmp_path / "uit" / "kom.md"))
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "uit" / "kom.md").read_text(encoding="utf-8")
    assert "**Keuze schoolbesturen:**" in text and "**BESTUUR:**\n" in text  # left empty, as on the format
    assert text.startswith("> **CONCEPT")  # kom Leren's workbook still has fouten


def test_output_name_must_fit_the_format(example_workbooks, tmp_path):
    proc = run("report", str(example_workbooks["000_smart_limburg"]), "--format", "html", "-o", str(tmp_path / "r.md"))
    assert proc.returncode == 2 and "past niet bij --format html" in proc.stderr and "r.html" in proc.stderr
    proc = run("report", str(example_workbooks["000_smart_limburg"]), "-o", str(tmp_path / "r.xlsx"))
    assert proc.returncode == 2 and ".docx, .pdf, .html, .md" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_unreadable_workbook_exits_2_with_its_finding(tmp_path):
    bad = tmp_path / "verslag.xlsx"
    bad.write_text("dit is geen werkboek", encoding="utf-8")
    proc = run("report", str(bad))
    assert proc.returncode == 2
    assert catalogue()["L002"].tekst.format(bestand="verslag.xlsx") in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verslag.xlsx"]


def test_workbook_with_errors_gives_a_concept_with_a_warning(tmp_path, spec):
    sub = load_example("000_smart_limburg", spec)
    sub.values["thuiszitters_aantal"] = Unreadable("een stuk of vijf", "aantal")
    workbook = save(sub, tmp_path / "fout.xlsx", spec)
    proc = run("report", str(workbook), "-o", str(tmp_path / "fout.html"))
    assert proc.returncode == 0, proc.stderr
    assert "gemarkeerd als CONCEPT" in proc.stderr and "1 fout(en)" in proc.stderr
    assert 'class="concept"' in (tmp_path / "fout.html").read_text(encoding="utf-8")


def test_bijlage_next_to_the_report(example_workbooks, tmp_path):
    """--bijlage: the annex "Bijlage analyse" in the same format next to the report; the report
    itself stays the format's paragraph."""
    workbook = shutil.copy(example_workbooks["901_drie_regios"], tmp_path / "drie.xlsx")
    proc = run("report", str(workbook), "--format", "md", "--bijlage")
    assert proc.returncode == 0, proc.stderr
    assert f"Bijlage geschreven: {tmp_path / 'drie-bijlage.md'}" in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drie-bijlage.md", "drie.md", "drie.xlsx"]
    annex = (tmp_path / "drie-bijlage.md").read_text(encoding="utf-8")
    assert annex.startswith("# Bijlage analyse") and "Indicatief" in annex and "Sluitend" in annex
    assert "Indicatief" not in (tmp_path / "drie.md").read_text(encoding="utf-8")
    proc = run("report", str(workbook), "-o", str(tmp_path / "uit.docx"), "--bijlage")
    assert proc.returncode == 0, proc.stderr
    doc = docx.Document(io.BytesIO((tmp_path / "uit-bijlage.docx").read_bytes()))
    assert doc.paragraphs[0].text == "Bijlage analyse"
