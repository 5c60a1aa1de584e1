"""The example files in docs/voorbeelden/ are current, and every example command of the docs runs.

A newcomer tries the commands of the docs on these committed files before anything else, so they
must be what `docs/voorbeelden/maak.py` makes today from the spec and the example boards: the
workbook reads back as example board 004 field by field, the register reads without findings and
holds what the example boards say they received, the report has the text `xltoolkit report` writes
now. The commands run on a copy, so nothing is written into docs/."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from xltoolkit.cli import app
from xltoolkit.examples import load_example
from xltoolkit.io import load
from xltoolkit.services.beschikkingen import read_register

ROOT = Path(__file__).resolve().parent.parent
VOORBEELDEN = ROOT / "docs" / "voorbeelden"
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])


def _maak():
    """docs/voorbeelden/maak.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("voorbeelden_maak", VOORBEELDEN / "maak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAAK = _maak()
HOW = "verouderd: draai `python docs/voorbeelden/maak.py` en commit docs/voorbeelden/"


def test_the_workbook_is_example_board_004_field_by_field(spec):
    sub = load(MAAK.WERKBOEK, spec)
    example = load_example(MAAK.BESTUUR, spec)
    assert (sub.source.template_version, sub.source.spec_hash) == (spec.version, spec.hash), HOW
    for name in sorted(set(sub.values) | set(example.values)):
        assert sub.values.get(name) == example.values.get(name), f"{name}: {HOW}"
    assert sub.aanwending == example.aanwending, HOW
    assert sub == example
    assert sub.bestuur is None and sub.regios == ("PO3105",)  # the real defects the docs describe


def test_the_register_reads_without_findings_and_matches_the_example_boards(spec):
    register = read_register(MAAK.REGISTER, spec)
    assert register.findings == []
    got = sorted((b.schooljaar, b.bestuur, b.regio, b.regeling, b.bedrag) for b in register.beschikkingen)
    want = sorted((j, n, r, g, b) for j, n, r, g, b in MAAK.register_rows(spec))
    assert got == want, HOW
    assert len(register.besturen()) == len(MAAK.VOORBEELDEN)
    kom_leren = register.bedragen("Stichting kom Leren", "2023-2024")
    assert kom_leren == {("PO3105", "terugploeg"): Decimal("962165")}


def _text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return lines


def test_the_report_opens_names_the_board_and_is_what_report_writes_now(tmp_path):
    committed = _text(MAAK.RAPPORT)
    assert any("kom Leren" in line for line in committed)  # the board left BESTUUR empty; its texts name it
    assert "Aanwending:" in committed
    assert any("€ 962.165" in line for line in committed)
    fresh = tmp_path / "rapport.docx"
    result = CliRunner().invoke(app, ["report", str(MAAK.WERKBOEK), "-o", str(fresh)])
    assert result.exit_code == 0, result.output
    assert committed == _text(fresh), HOW


# -- the example commands of the docs ------------------------------------------------------------


def example_commands() -> list[str]:
    """Every `xltoolkit …` in the code of the README and docs/ that uses a file in docs/voorbeelden/."""
    found: list[str] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
        rest = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
        lines = [line for block in blocks for line in block.splitlines()]
        lines += re.findall(r"^(?: {4}|\t)(\S.*)$", rest, re.M)
        lines += [m.group(2) for m in re.finditer(r"(`+)(.+?)\1", rest)]
        for line in lines:
            command = re.split(r"\s#", line.strip())[0].strip()
            if command.startswith("xltoolkit ") and "docs/voorbeelden/" in command and command not in found:
                found.append(command)
    return found


COMMANDS = example_commands()


def test_the_docs_have_example_commands_for_the_example_files():
    used = " ".join(COMMANDS)
    for verb in ("validate", "reconcile", "report", "import", "merge"):
        assert f"xltoolkit {verb} " in used
    for path in (MAAK.WERKBOEK, MAAK.REGISTER, MAAK.RAPPORT):
        assert f"docs/voorbeelden/{path.name}" in used


@pytest.mark.parametrize("command", COMMANDS)
def test_every_example_command_runs(command, tmp_path, monkeypatch):
    shutil.copytree(VOORBEELDEN, tmp_path / "docs" / "voorbeelden")
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in VOORBEELDEN.iterdir() if p.is_file()}
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert {p.name: p.read_bytes() for p in VOORBEELDEN.iterdir() if p.is_file()} == before
