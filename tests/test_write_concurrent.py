"""`validate --write` and `reconcile --write` on one workbook at the same moment: both results
land, every time. The second writer waits for the first (an OS lock on a sidecar file), reads
the workbook again and adds its result; a lock held too long is a finding, not a lost file."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.io.xlsx import open_workbook
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback

TRIALS = 10


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """004_kom_leren as a board sends it: Controle says "Nog niet gevalideerd", Reconciliatie is empty."""
    return save(load_example("004_kom_leren"), tmp_path_factory.mktemp("fresh") / "kom_leren.xlsx")


def results(path: Path) -> dict[str, object]:
    wb, zf = open_workbook(path)
    with zf:
        return {name: wb.cell(t.sheet, *t.first).value
                for name in ("controle_start", "status_validatie", "reconciliatie_start", "status_reconciliatie")
                if (t := wb.target(name)) is not None}


def both_landed(path: Path) -> list[str]:
    """What is missing of either result (empty when both are in the file)."""
    got = results(path)
    missing = []
    if got["controle_start"] != "Fout":
        missing.append(f"Controle: {got['controle_start']!r}")
    if not str(got["status_validatie"]).startswith("Gevalideerd op"):
        missing.append(f"status_validatie: {got['status_validatie']!r}")
    if not str(got["reconciliatie_start"]).startswith("Reconciliatie"):
        missing.append(f"Reconciliatie: {got['reconciliatie_start']!r}")
    if not str(got["status_reconciliatie"]).startswith("Reconciliatie op"):
        missing.append(f"status_reconciliatie: {got['status_reconciliatie']!r}")
    return missing


# Each command runs as a real process; a barrier just before it applies its result makes both
# reach the write at the same moment in every trial, instead of only when the timing happens to overlap.
AT_THE_SAME_MOMENT = """
import os, pathlib, sys, time
import xltoolkit.io.update as update
real = update.apply
def apply(path, wb_write, **kwargs):
    barrier = pathlib.Path(os.environ["BARRIER"])
    (barrier / sys.argv[1]).touch()
    deadline = time.monotonic() + 60
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.002)
    return real(path, wb_write, **kwargs)
update.apply = apply
sys.argv[0] = "xltoolkit"
from xltoolkit.cli import main
main()
"""


def start_together(path: Path, barrier: Path) -> list[tuple[int, str]]:
    env = {**os.environ, "BARRIER": str(barrier)}
    procs = [subprocess.Popen([sys.executable, "-c", AT_THE_SAME_MOMENT, command, "--write", str(path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                              cwd=path.parent)  # not the repo: `-c` puts the cwd first on sys.path
             for command in ("validate", "reconcile")]
    return [(p.wait(timeout=120), p.communicate()[1]) for p in procs]


def test_simultaneous_validate_and_reconcile_writes_both_land(tmp_path, fresh):
    assert both_landed(fresh), "the fresh workbook must not hold the results yet"
    with zipfile.ZipFile(fresh) as zf:
        entries = sorted(zf.namelist())
    failures = []
    for trial in range(TRIALS):
        path, barrier = tmp_path / f"trial{trial}" / "w.xlsx", tmp_path / f"barrier{trial}"
        path.parent.mkdir()
        barrier.mkdir()
        path.write_bytes(fresh.read_bytes())
        outcomes = start_together(path, barrier)
        assert [code for code, _ in outcomes] == [1, 0], outcomes  # fouten; PO3105 sluitend
        with zipfile.ZipFile(path) as zf:
            assert sorted(zf.namelist()) == entries
        if missing := both_landed(path):
            failures.append(f"poging {trial}: {missing}")
        assert sorted(p.name for p in path.parent.iterdir()) == ["w.xlsx"], "no temp or lock file left"
    assert failures == [], f"{len(failures)} van {TRIALS} pogingen verloren een uitkomst: {failures}"


def test_a_writer_that_holds_the_lock_too_long_is_a_finding_and_nothing_changes(tmp_path, fresh):
    from xltoolkit.io.atomic import write_lock
    from xltoolkit.io.update import UpdateError, apply

    path = tmp_path / "w.xlsx"
    path.write_bytes(fresh.read_bytes())
    report = check(load(path))
    with write_lock(path, wait=0), pytest.raises(UpdateError) as caught:
        apply(path, controle_writeback(report), wait=0.3)
    assert caught.value.finding.code == "L044"
    assert caught.value.finding.message.startswith("w.xlsx is niet bijgewerkt: een andere opdracht van xltoolkit")
    assert path.read_bytes() == fresh.read_bytes()
    apply(path, controle_writeback(report), wait=0.3)  # the lock is free again
    assert results(path)["controle_start"] == "Fout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsx"]
