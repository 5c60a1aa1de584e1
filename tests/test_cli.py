"""The command line, run as a user runs it: in this process (tests/cli_support.py), and a few
smoke tests through the installed `xltoolkit` script and `python -m xltoolkit`."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

import pytest
from cli_support import run, run_process

from xltoolkit import __version__
from xltoolkit.examples import example_names
from xltoolkit.io import load


def test_the_installed_script_starts_and_exits_with_its_codes():
    """The entry point in pyproject.toml works, and exit codes reach the shell: 0, 2 for a usage error."""
    assert run_process("--version", cwd=tempfile.gettempdir()).stdout.strip() == f"xltoolkit {__version__}"
    wrong = run_process("bestaat-niet", cwd=tempfile.gettempdir())
    assert wrong.returncode == 2 and "Fout:" in wrong.stderr and not wrong.stdout


def test_python_dash_m_runs_the_same_command_line(example_workbooks):
    """`python -m xltoolkit` does real work, and exit code 1 (a workbook with fouten) reaches the caller."""
    path = example_workbooks["004_kom_leren"]
    proc = subprocess.run([sys.executable, "-m", "xltoolkit", "validate", "--json", str(path)],
                          capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=300)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["file"] == str(path) and data["valid"] is False and data["findings"]


def test_version_and_help():
    assert run("--version").stdout.strip() == f"xltoolkit {__version__}"
    out = run("--help").stdout
    assert "build" in out and "demo" in out and "Verantwoording passend onderwijs" in out


def test_build_writes_the_master(tmp_path, spec):
    proc = run("build", "-o", str(tmp_path / "wb"))
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "wb" / f"{spec.workbook.file_stem}.xlsx"
    assert path.exists() and spec.version in proc.stdout
    assert load(path, spec).bestuur is None


def test_build_default_is_workbook_folder(tmp_path, spec):
    assert run("build", cwd=tmp_path).returncode == 0
    assert (tmp_path / "workbook" / f"{spec.workbook.file_stem}.xlsx").exists()


@pytest.mark.slow
def test_demo_builds_and_fills_every_example(tmp_path, spec):
    proc = run("demo", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    for name in example_names():
        path = tmp_path / "demo" / f"{name}.xlsx"
        assert path.exists(), name
        assert path.name in proc.stdout
    assert "Stichting SMART Limburg" in proc.stdout and "(bestuur ontbreekt)" in proc.stdout
