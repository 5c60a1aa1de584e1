"""The command line, run as a user runs it (the installed `xltoolkit` script)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from xltoolkit import __version__
from xltoolkit.examples import example_names
from xltoolkit.io import load

EXE = shutil.which("xltoolkit") or str(Path(sys.executable).with_name("xltoolkit"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_version_and_help():
    assert run("--version").stdout.strip() == f"xltoolkit {__version__}"
    out = run("--help").stdout
    assert "build" in out and "demo" in out and "Verantwoording passend onderwijs" in out


def test_build_writes_the_master(tmp_path, spec):
    proc = run("build", "-o", str(tmp_path / "wb"))
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "wb" / f"{spec.workbook['file_stem']}.xlsx"
    assert path.exists() and spec.version in proc.stdout
    assert load(path, spec).bestuur is None


def test_build_default_is_workbook_folder(tmp_path, spec):
    assert run("build", cwd=tmp_path).returncode == 0
    assert (tmp_path / "workbook" / f"{spec.workbook['file_stem']}.xlsx").exists()


def test_demo_builds_and_fills_every_example(tmp_path, spec):
    proc = run("demo", str(tmp_path / "demo"))
    assert proc.returncode == 0, proc.stderr
    for name in example_names():
        path = tmp_path / "demo" / f"{name}.xlsx"
        assert path.exists(), name
        assert path.name in proc.stdout
    assert "Stichting SMART Limburg" in proc.stdout and "(bestuur ontbreekt)" in proc.stdout
