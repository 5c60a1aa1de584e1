"""Commands start at once (issue 15): what a command imports before it does anything is bounded.

Each check imports in a fresh interpreter (a test process has long imported everything) and
looks at `sys.modules`: xlwings (half a second, and a button's business), xlsxwriter (building's),
pandera and pandas (validation's) must not come along with modules that do not need them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

HEAVY = ("xlwings", "xlsxwriter", "pandera", "pandas")


def loaded_after(*modules: str) -> set[str]:
    """Which of HEAVY a fresh interpreter has loaded after importing `modules`."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {list(modules)!r}: importlib.import_module(m)\n"
        f"print(json.dumps([h for h in {list(HEAVY)!r} if h in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         cwd=tempfile.gettempdir())  # not the repo: `-c` puts the cwd first on sys.path
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_reading_and_checking_a_workbook_does_not_load_the_builder():
    """What `validate FILE` needs: the reader, the spec and the check (which validates: pandera may come)."""
    loaded = loaded_after("xltoolkit.io", "xltoolkit.spec", "xltoolkit.findings", "xltoolkit.services.check")
    assert not loaded & {"xlwings", "xlsxwriter"}, loaded


def test_validating_and_writing_controle_does_not_load_the_builder():
    """What `validate FILE --write` imports when it runs: the Controle sheet is written without xlsxwriter."""
    loaded = loaded_after("xltoolkit.io", "xltoolkit.spec", "xltoolkit.services.check", "xltoolkit.services.controle")
    assert not loaded & {"xlwings", "xlsxwriter"}, loaded


@given(st.integers(0, 1_048_575), st.integers(0, 16_383), st.booleans(), st.booleans())
def test_cell_ref_writes_what_xlsxwriter_writes(row, col, row_abs, col_abs):
    from xlsxwriter.utility import xl_rowcol_to_cell

    from xltoolkit.io.sheet import cell_ref

    assert cell_ref(row, col, row_abs, col_abs) == xl_rowcol_to_cell(row, col, row_abs, col_abs)


def test_the_reader_alone_loads_nothing_heavy():
    assert loaded_after("xltoolkit.io", "xltoolkit.io.reader") == set()


def test_the_builder_is_still_there_when_asked_for():
    """Lazy is not gone: `from xltoolkit.io import write_master` still works, and brings the builder."""
    code = ("import sys\nfrom xltoolkit.io import build_bytes, master_filename, write_master\n"
            "assert callable(write_master) and callable(build_bytes) and callable(master_filename)\n"
            "print('xlsxwriter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         cwd=tempfile.gettempdir())  # not the repo: `-c` puts the cwd first on sys.path
    assert out.stdout.strip() == "True"


def test_an_unknown_name_is_still_an_error():
    import xltoolkit.io

    with pytest.raises(AttributeError):
        xltoolkit.io.bestaat_niet  # noqa: B018


def test_the_cli_package_loads_neither_xlwings_nor_xlsxwriter():
    loaded = loaded_after("xltoolkit.cli")
    assert not loaded & {"xlwings", "xlsxwriter"}, loaded


@pytest.mark.parametrize("command", ["validate", "merge", "build", "reconcile"])
def test_a_command_module_loads_nothing_heavy(command):
    """The command modules import their work when the command runs, so `--help` is instant."""
    assert loaded_after(f"xltoolkit.cli.{command}") == set()
