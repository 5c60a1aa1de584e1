"""`--write` does work in proportion to what it writes, never to a size the file declares, and
leaves no stale hint behind: a `<col max="2000000000">`, and the row `spans` on the hidden
Lijsten sheet."""

from __future__ import annotations

import itertools
import re
import resource
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_support import EXE, run
from test_write_damaged import edit_part, rewrite
from xlsxpatch import sheet_part, zip_parts

from xltoolkit.examples import load_example
from xltoolkit.io import save, write_master
from xltoolkit.io.xlsx import open_workbook, ref_to_rowcol
from xltoolkit.spec import load_spec

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ADDRESS_SPACE = 1024 * 1024 * 1024  # a normal `validate --write` needs well under half of this


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_bounded(*args: str, seconds: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run([EXE, *args], check=False, capture_output=True, text=True, timeout=seconds, preexec_fn=limited)
    return proc, time.monotonic() - start


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return save(load_example("004_kom_leren", load_spec()), tmp_path_factory.mktemp("fresh") / "kom_leren.xlsx", load_spec())


def test_a_column_range_of_two_billion_costs_nothing_and_is_clipped_to_the_sheet(tmp_path, fresh):
    controle = sheet_part(fresh, "Controle")
    path = rewrite(fresh, tmp_path / "w.xlsx", edit_part(
        controle, lambda d: re.sub(rb'<col min="1" max="1"', b'<col min="1" max="2000000000"', d, count=1)))
    assert b'max="2000000000"' in zip_parts(path)[controle]
    proc, seconds = run_bounded("validate", "--write", str(path))
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1 and "blad Controle" in proc.stdout
    assert seconds < 30
    cols = ET.fromstring(zip_parts(path)[controle]).find(f"{NS}cols")
    ranges = [(int(c.get("min")), int(c.get("max"))) for c in cols]
    assert all(1 <= lo <= hi <= 16384 for lo, hi in ranges)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges)), "ascending and not overlapping, as Excel requires"


def lijsten_rows(path: Path) -> list[ET.Element]:
    wb, zf = open_workbook(path)
    with zf:
        part = wb.sheet_paths["Lijsten"]
    return list(ET.fromstring(zip_parts(path)[part]).iter(f"{NS}row"))


def stale_spans(path: Path) -> list[str]:
    """Rows whose `spans` hint does not cover all their cells."""
    bad = []
    for row in lijsten_rows(path):
        spans = row.get("spans")
        if not spans:
            continue
        cols = [ref_to_rowcol(c.get("r"))[1] for c in row.iter(f"{NS}c")]
        ranges = [tuple(map(int, s.split(":"))) for s in spans.split()]
        if any(not any(lo <= c <= hi for lo, hi in ranges) for c in cols):
            bad.append(f"rij {row.get('r')} spans={spans} cellen {cols}")
    return bad


def test_marks_past_the_first_block_leave_no_stale_spans(tmp_path, spec):
    path = write_master(tmp_path / "leeg.xlsx", spec)  # every required field empty: many marks
    assert [r.get("spans") for r in lijsten_rows(path) if r.get("r") == "20"] == ["8:14"]
    proc = run("validate", "--write", str(path))
    assert proc.returncode == 1, proc.stderr
    marked = [r for r in lijsten_rows(path) if any(c.get("r", "").startswith("P") for c in r)]
    assert len(marked) > 12, "the marks must reach past row 16, where the template's spans end at column N"
    assert stale_spans(path) == []
    untouched = [r for r in lijsten_rows(path) if r.get("r") == "3"]
    assert untouched[0].get("spans") == "1:16", "a row the write did not change keeps its hint"


def test_a_written_row_is_as_tall_as_its_wrapped_text_and_a_number_never_wraps():
    """Rows written by the buttons get the height the overview's measure gives (15 pt a line):
    not the old count of characters, which made the Reconciliatie explanation a third empty."""
    from decimal import Decimal

    from xltoolkit.io.styles import wrapped_lines
    from xltoolkit.io.update import OutCell, _row_height

    text = ("Per regio: ontvangen, besteed en het verschil. Een verschil tot en met € 1 telt als sluitend (afronding). "
            "Regels zonder regio worden naar rato van het ontvangen bedrag verdeeld.")
    widths = {2: 42.7, 3: 6.0}
    lines = wrapped_lines(text, 42.7)
    assert 1 < lines < len(text) / 42.7 * 1.1  # fewer lines than the old estimate
    assert _row_height([OutCell(text), OutCell(Decimal("123456789012.50"), "bedrag")], 2, widths) == lines * 15 + 2
    assert _row_height([OutCell("kort"), OutCell(Decimal("123456789012.50"), "bedrag")], 2, widths) == 17
    assert _row_height([OutCell("x " * 2000)], 2, widths) == 409  # never above Excel's highest row
