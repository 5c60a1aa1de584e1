"""Shared fixtures. Workbooks are built from the spec and the YAML example boards, never
checked-in binaries; LibreOffice tests need soffice and python3-uno (installed by .ci/run)."""

from __future__ import annotations

import os
import sys

# xlwings' remote engine (xlwings Server, used by the add-in and the button tests) is free for
# non-commercial use; the key is read when xlwings is imported, so set it before anything else.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import hashlib
from pathlib import Path

import libreoffice
import pytest

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import save
from xltoolkit.spec import load_spec

# The test run caches bytecode whatever the shell says (PYTHONDONTWRITEBYTECODE=1): otherwise pytest
# rewrites the assertions of every test module anew on every worker (about 5 s each, every run), and
# every process a test starts compiles the package from source again. Set before the workers start,
# so they inherit it; the __pycache__ folders are ignored by git.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "domain" / "seeds"


@pytest.fixture(scope="session")
def spec():
    return load_spec()


@pytest.fixture(scope="session")
def example_workbooks(tmp_path_factory, spec) -> dict[str, Path]:
    """Every example board saved as a filled workbook (built once per test session)."""
    out = tmp_path_factory.mktemp("examples")
    return {name: save(load_example(name, spec), out / f"{name}.xlsx", spec) for name in example_names()}


def copy_examples(workbooks: dict[str, Path], folder: Path) -> Path:
    """A folder of submissions: every example board's workbook copied into `folder` (made if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in workbooks.values():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: a test that uses `lo` is a LibreOffice test
def pytest_collection_modifyitems(config, items):
    """Every test that uses the `lo` fixture carries the `libreoffice` marker, so `-m "not
    libreoffice"` leaves out all of them. LibreOffice tests fail (not skip) when LibreOffice is
    missing, unless it is asked for explicitly with XLTOOLKIT_SKIP_LIBREOFFICE=1: a missing
    install must not pass silently."""
    for item in items:
        if "lo" in getattr(item, "fixturenames", ()) and "libreoffice" not in item.keywords:
            item.add_marker(pytest.mark.libreoffice)
    if os.environ.get("XLTOOLKIT_SKIP_LIBREOFFICE") != "1":
        return
    skip = pytest.mark.skip(reason="XLTOOLKIT_SKIP_LIBREOFFICE=1")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _same_working_directory():
    """The command line runs in this process (tests/cli_support.py): a test that leaves another
    working directory behind would change what every later test on this worker reads and writes."""
    before = os.getcwd()
    yield
    after = os.getcwd()
    if after != before:
        os.chdir(before)
        pytest.fail(f"de test liet de werkmap op {after} staan (was {before})", pytrace=False)


@pytest.fixture(scope="session")
def lo():
    if not libreoffice.available():
        pytest.fail("LibreOffice (soffice + python3-uno) ontbreekt: draai .ci/run of installeer libreoffice-calc python3-uno")
    return libreoffice
