"""What a controller or SWV officer sees: every sheet of the SWV overview and of the master,
rendered by LibreOffice, must be readable (issue 14).

LibreOffice opens each workbook, exports it to PDF and reports every visible text cell with the
room it has and the room its text needs, measured by LibreOffice itself in the cell's own font
(tests/libreoffice/readable_probe.py). Checked mechanically:
- no text is cut: a header fits its column (each word on a line when it wraps, and the lines fit
  the row's height); a text that does not wrap fits its cell when the next cell holds something
  or the cell is merged (otherwise it would run into or under the next one);
- no two headers of one table row look the same;
- no "###" (a number too wide for its column) in the rendered PDF.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from cli_support import run
from conftest import REPO, copy_examples
from test_merge import maak_register

from xltoolkit.examples import load_example
from xltoolkit.io import save
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import read_register
from xltoolkit.services.merge import build_overzicht, merge_files, write_overzicht

pytestmark = pytest.mark.libreoffice

PROBE = REPO / "tests" / "libreoffice" / "readable_probe.py"
TOLERANCE = 20  # 0.2 mm: rounding between LibreOffice's twips and 1/100 mm
EXTRA = 199  # LibreOffice's optimal width adds 113 twips to what the text needs (STD_EXTRA_WIDTH)
LONG_LINES = 3  # a wrapped text of more lines is long prose, shown in a capped row by design


def rendered(lo, path: Path) -> tuple[dict, str]:
    """The probe's cells of `path`, and the text of its PDF."""
    pdf = path.with_suffix(".pdf")
    proc = subprocess.run([lo.SYSTEM_PYTHON, str(PROBE), str(path), str(pdf)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return json.loads(proc.stdout.strip().splitlines()[-1]), text


def lines_needed(c: dict) -> int:
    """How many lines a wrapping cell shows its text on (greedy, as LibreOffice wraps words)."""
    if fits(c["need"], c):
        return len(c["text"].split("\n"))
    margin, space, lines = c["margin"], c["space"], 0
    room = max(c["room"] + TOLERANCE + EXTRA - margin, 1)  # for the text itself
    for words in c["words"]:
        used = None
        for w in (w - margin for w in words):
            if used is not None and used + space + w <= room:
                used += space + w
                continue
            broken = -(-w // room)  # a word longer than the line is broken over lines
            lines, used = lines + broken, w - room * (broken - 1)
        lines += used is None
    return lines


def fits(width: int, c: dict) -> bool:
    """Whether a text of LibreOffice's optimal `width` shows whole in cell `c`."""
    return width - EXTRA <= c["room"] + TOLERANCE


def cut(c: dict) -> str | None:
    """Why the text of cell `c` is not fully readable, or None."""
    if not c["wrap"]:
        if not fits(c["need"], c) and (c["neighbour"] or c["merged"] or c["header"]):
            return "te breed voor de kolom"
        return None
    if c["header"] and any(not fits(w, c) for line in c.get("words", ()) for w in line):
        return "een woord is breder dan de kolom"  # elsewhere it is broken over lines, and counted so
    lines = lines_needed(c)
    if (c["header"] or lines <= LONG_LINES) and lines * c["line"] * 0.92 > c["height"] + TOLERANCE:
        return f"{lines} regels passen niet in de rijhoogte"
    return None


def visible(c: dict) -> str:
    """About what the reader sees of a cut text: the part that fits on its first line."""
    if cut(c) is None:
        return c["text"]
    share = min(1.0, c["room"] / max(c["need"], 1))
    return c["text"][: max(1, int(len(c["text"]) * share))]


def unreadable(data: dict, pdf_text: str) -> list[str]:
    out = []
    for c in data["cells"]:
        why = cut(c)
        if why is not None:
            out.append(f"{c['sheet']}!R{c['row'] + 1}C{c['col'] + 1} {c['text']!r}: {why}")
    rows = Counter((c["sheet"], c["row"], visible(c)) for c in data["cells"] if c["header"])
    out += [f"{sheet}!R{row + 1}: kop {text!r} staat er {n} keer" for (sheet, row, text), n in rows.items() if n > 1]
    out += [f"### in de PDF: {line.strip()!r}" for line in pdf_text.splitlines() if "###" in line]
    return out


@pytest.fixture(scope="module")
def overzicht_xlsx(tmp_path_factory, example_workbooks, spec) -> Path:
    """The SWV's overview of the example boards, compared with a register (every column shown)."""
    root = tmp_path_factory.mktemp("leesbaar")
    folder = copy_examples(example_workbooks, root / "inleveringen")
    register = read_register(maak_register(root / "beschikkingen.csv"), spec)
    return write_overzicht(build_overzicht(merge_files([folder], register=register, spec=spec)), root / "overzicht.xlsx")


@pytest.fixture(scope="module")
def gecontroleerd(tmp_path_factory, spec) -> Path:
    """A board's workbook with a fout on the sheet with the longest name (its Plaats is the widest),
    after Valideren and Reconciliatie: Controle, Reconciliatie and Start are filled."""
    section = max(spec.sections, key=lambda s: len(s.sheet) if s.required_fields else 0)
    sub = load_example("902_sbo_so_bestuur", spec)
    values = {**sub.values, section.required_fields[0].id: None}
    path = save(Submission.from_values(values, sub.aanwending, spec=spec), tmp_path_factory.mktemp("gecontroleerd") / "sbo.xlsx", spec)
    for command in ("validate", "reconcile"):
        proc = run(command, "--write", str(path))
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr  # 1: the fout this workbook is made to have
    return path


def test_overview_sheets_are_readable(lo, overzicht_xlsx):
    data, text = rendered(lo, overzicht_xlsx)
    assert {"Overzicht", "Middelen per regio", "Kengetallen", "Problemen"} <= set(data["sheets"])
    assert sum(c["header"] for c in data["cells"]) > 100  # the tables' headers were found
    assert unreadable(data, text) == []


@pytest.mark.parametrize("name", ["verantwoording-passend-onderwijs.xlsx", "verantwoording-passend-onderwijs.xlsm"])
def test_master_sheets_are_readable(lo, tmp_path, name):
    path = tmp_path / name
    shutil.copy(REPO / "workbook" / name, path)
    data, text = rendered(lo, path)
    assert "Start" in data["sheets"] and "Controle" in data["sheets"]
    assert unreadable(data, text) == []


def test_checked_workbook_is_readable(lo, gecontroleerd, spec):
    data, text = rendered(lo, gecontroleerd)
    controle = [c for c in data["cells"] if c["sheet"] == "Controle" and not c["header"]]
    longest = max((s.sheet for s in spec.sections if s.required_fields), key=len)
    assert any(c["text"].startswith(f"{longest}!") for c in controle), "no finding on the sheet with the longest name"
    assert unreadable(data, text) == []
    amounts = re.findall(r"€ ?-?\d{1,3}(?:[.,]\d{3})*(?:[.,]\d\d)?\b", text)
    assert amounts, "no amounts rendered"
    assert [a for a in amounts if re.search(r"[.,]00$", a)] == [], "whole euros shown with cents"
    shown = {c["text"] for c in data["cells"] if c["sheet"] == "Controle"}
    ids = {f.id for f in spec.fields} - {f.label for f in spec.fields}
    assert not shown & ids, "Veld shows a field's id instead of its label"
    assert "Veld-id" not in shown  # the ids' column is hidden
