"""`validate --write` and `reconcile --write` on one workbook at the same moment: both results
land, every time. The second writer waits for the first (an OS lock on a sidecar file), reads
the workbook again and adds its result; a lock held too long is a finding, not a lost file."""

from __future__ import annotations

import multiprocessing
import time
import zipfile
from pathlib import Path

import pytest
from cli_support import run

from xltoolkit.examples import load_example
from xltoolkit.io import load, save
from xltoolkit.io.xlsx import open_workbook
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback
from xltoolkit.spec import load_spec

TRIALS = 10


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """004_kom_leren as a board sends it: Controle says "Nog niet gevalideerd", Reconciliatie is empty."""
    return save(load_example("004_kom_leren", load_spec()), tmp_path_factory.mktemp("fresh") / "kom_leren.xlsx", load_spec())


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


# Each command runs in a process of its own (forked from this one, so it starts in milliseconds with
# everything imported, and holds its own file handles and OS locks); a barrier just before it applies
# its result makes both reach the write at the same moment in every trial, instead of only when the
# timing happens to overlap.
def _at_the_same_moment(command: str, path: Path, barrier: Path, reply) -> None:
    """In the child: `xltoolkit COMMAND --write PATH`, its write held until the other one is there too."""
    import xltoolkit.io.update as update

    real = update.apply

    def apply(target, wb_write, **kwargs):
        (barrier / command).touch()
        deadline = time.monotonic() + 60
        while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.002)
        return real(target, wb_write, **kwargs)

    update.apply = apply  # the command imports `apply` when it runs, so it gets this one
    proc = run(command, "--write", str(path), cwd=path.parent)
    reply.send((proc.returncode, proc.stderr))


def start_together(path: Path, barrier: Path) -> list[tuple[int, str]]:
    fork = multiprocessing.get_context("fork")
    scratch = path.with_name("warm-up.xlsx")  # both commands once here first: what they import on first
    scratch.write_bytes(path.read_bytes())    # use is then loaded before the fork, not in every child
    for command in ("validate", "reconcile"):
        run(command, "--write", str(scratch))
    scratch.unlink()
    children = []
    for command in ("validate", "reconcile"):
        receive, send = fork.Pipe(duplex=False)
        child = fork.Process(target=_at_the_same_moment, args=(command, path, barrier, send))
        child.start()
        children.append((child, receive))
    outcomes = []
    for child, receive in children:
        outcome = receive.recv() if receive.poll(120) else (None, "geen antwoord binnen 120 s")
        child.join(timeout=120)
        assert child.exitcode == 0, (child.exitcode, outcome)
        outcomes.append(outcome)
    return outcomes


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
    report = check(load(path, load_spec()), load_spec())
    with write_lock(path, wait=0), pytest.raises(UpdateError) as caught:
        apply(path, controle_writeback(report, load_spec()), wait=0.3)
    assert caught.value.finding.code == "L044"
    assert caught.value.finding.message.startswith("w.xlsx is niet bijgewerkt: een andere opdracht van xltoolkit")
    assert path.read_bytes() == fresh.read_bytes()
    apply(path, controle_writeback(report, load_spec()), wait=0.3)  # the lock is free again
    assert results(path)["controle_start"] == "Fout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsx"]
