"""The seeded mutation fuzzer (tests/fuzz.py) in CI: damaged copies of the example workbooks and
of the built .xlsm through validate, reconcile and report, each run as the `xltoolkit` script in a
child process under RLIMIT_AS and a timeout. Every run: no traceback, an exit code of {0, 1, 2},
within the time and memory budget, the input file byte for byte unchanged.

CI runs XLTOOLKIT_FUZZ_N (200) mutants of seed XLTOOLKIT_FUZZ_SEED (12); a failure names the
mutant, and `python benchmarks/bench_fuzz.py N --seed S --keep DIR` rebuilds it to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import fuzz
import pytest
import typer
from conftest import REPO

pytestmark = pytest.mark.slow  # slow: skipped by the quick run (docs/ontwikkelaars.md#tests-en-benchmarks), CI runs it

N = int(os.environ.get("XLTOOLKIT_FUZZ_N", "200"))
SEED = int(os.environ.get("XLTOOLKIT_FUZZ_SEED", "12"))


@pytest.fixture(scope="module")
def bases(example_workbooks, spec) -> dict[str, Path]:
    xlsm = REPO / "workbook" / f"{spec.workbook.file_stem}.xlsm"
    return {**{f"{name}.xlsx": path for name, path in example_workbooks.items()}, xlsm.name: xlsm}


def test_mutants_are_reproducible_and_cover_every_family(bases):
    n = 2 * len(fuzz.MUTATORS)
    first = list(fuzz.make_mutants(bases, n, SEED))
    again = list(fuzz.make_mutants(bases, n, SEED))
    assert [m.data for m in first] == [m.data for m in again], "the same seed must give the same files"
    assert {m.family for m in first} == set(fuzz.MUTATORS)
    assert all(len(m.data) < fuzz.MAX_FILE for m in first), "the promise is about files under 10 MB"
    originals = {p.read_bytes() for p in bases.values()}
    assert sum(m.data not in originals for m in first) == n, "every mutant differs from its base"


def test_the_runner_sees_a_traceback():
    """The harness can fail: an exception escaping a command is a traceback with exit code 1, and
    so is a text stdout cannot encode (stdout is strict UTF-8, as in a pipe)."""
    app = typer.Typer()

    @app.command()
    def kapot(surrogate: bool = False) -> None:
        if surrogate:
            typer.echo("\ud800")
        raise RuntimeError("kapot")

    run = fuzz.run_cli([], app)
    assert (run.code, run.traceback) == (1, "RuntimeError: kapot")
    assert "UnicodeEncodeError" in fuzz.run_cli(["--surrogate"], app).traceback


def test_no_mutant_crashes_hangs_or_changes_its_input(bases, tmp_path):
    results = fuzz.run_mutants(fuzz.make_mutants(bases, N, SEED), tmp_path, workers=2)
    failures = [f"{r.mutant} · {r.command}: {r.problem}" for r in results if r.problem]
    assert not failures, f"{len(failures)} failing runs of {len(results)}\n" + fuzz.summary(results) + "\n" + "\n".join(failures[:30])
    commands = {r.command.split()[0] for r in results}
    assert commands == {"validate", "reconcile", "report"} and len({r.mutant for r in results}) == N
    readable = sum(r.code in (0, 1) for r in results if r.command == "validate --json")
    assert readable > N // 4, "most mutants should still be read (else the fuzzer only tests the zip check)"

