"""One check pass: validation and reconciliation side by side under `check`, and every front-end
and service reconciles a board exactly once (a counter around `reconcile` says so)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
import xlwings as xw
from conftest import copy_examples
from typer.testing import CliRunner

import xltoolkit.excel as excel
import xltoolkit.services.reconcile as reconcile_package
from xltoolkit.cli import app
from xltoolkit.excel.payload import book_payload
from xltoolkit.io import load, save
from xltoolkit.model.values import Unreadable
from xltoolkit.services.check import check
from xltoolkit.services.merge import parallel
from xltoolkit.services.validate import validate


@pytest.fixture
def reconciled(monkeypatch) -> Counter:
    """How often each board (by name) is reconciled: `reconcile` counted wherever it was imported."""
    original = reconcile_package.reconcile
    calls: Counter = Counter()

    def counted(sub, *args, **kwargs):
        calls[sub.bestuur] += 1
        return original(sub, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("xltoolkit") and getattr(module, "reconcile", None) is original:
            monkeypatch.setattr(module, "reconcile", counted)
    monkeypatch.setattr(parallel, "processors", lambda: 1)  # the merge in this process, where the counter is
    return calls


def cli(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


def boards(example_workbooks, spec) -> list[str]:
    return [load(p, spec).bestuur for p in example_workbooks.values()]


@pytest.mark.parametrize("command", [["validate"], ["validate", "--json"], ["reconcile"], ["report", "--format", "md"]])
def test_each_command_reconciles_its_board_once(command, reconciled, example_workbooks, tmp_path, spec):
    path = tmp_path / "901.xlsx"
    path.write_bytes(example_workbooks["901_drie_regios"].read_bytes())
    cli(command[0], str(path), *command[1:])
    assert list(reconciled.values()) == [1]


def test_merge_reconciles_each_board_once_reports_included(reconciled, example_workbooks, tmp_path, spec):
    folder = copy_examples(example_workbooks, tmp_path / "inleveringen")
    cli("merge", str(folder), "-o", str(tmp_path / "overzicht.xlsx"), "--report", str(tmp_path / "rapporten"))
    assert any((tmp_path / "rapporten").iterdir())  # the region reports were made, from the same check
    assert sorted(reconciled, key=str) == sorted(boards(example_workbooks, spec), key=str)
    assert set(reconciled.values()) == {1}


@pytest.mark.parametrize("entry", ["validate", "reconcile", "report"])
def test_each_button_reconciles_its_board_once(entry, reconciled, example_workbooks, tmp_path):
    path = tmp_path / "901.xlsx"
    path.write_bytes(example_workbooks["901_drie_regios"].read_bytes())
    payload = book_payload(path)
    payload["book"]["name"] = str(path)  # as Excel on the desktop: the report goes next to the file
    getattr(excel, entry)(xw.Book(json=payload))
    assert list(reconciled.values()) == [1]


def test_the_task_pane_reconciles_its_board_once(reconciled, example_workbooks):
    pytest.importorskip("xlwings.server")
    from xltoolkit.addin.meldingen import meldingen

    data = meldingen(xw.Book(json=book_payload(example_workbooks["902_sbo_so_bestuur"])))
    assert data["samenvatting"] == "0 fouten, 1 waarschuwing" and list(reconciled.values()) == [1]


def test_validation_alone_does_not_reconcile(reconciled, example_workbooks, spec):
    """Siblings: validation is the template's rules; money is reconciliation's."""
    report = validate(load(example_workbooks["902_sbo_so_bestuur"], spec), spec)
    assert not reconciled and not [f for f in report.findings if f.code.startswith("R")]


def test_a_check_lists_each_finding_once(tmp_path, spec, example_workbooks):
    """An unreadable amount: the reader says L020 and reconciliation R006; the check lists it once
    (as read) and its fout counts once; reconciliation's own findings still have R006. An unknown
    received amount is not "nothing received" (no R019): the verdict is onbepaald (R003)."""
    from xltoolkit.examples import load_example

    sub = load_example("000_smart_limburg", spec)
    sub.values["ontvangen_terugploeg_PO3105"] = Unreadable("ongeveer 80 duizend", "bedrag")
    c = check(load(save(sub, tmp_path / "onleesbaar.xlsx", spec), spec), spec)
    assert "R006" in [f.code for f in c.reconciliation.findings]
    codes = [f.code for f in c.findings]
    assert "L020" in codes and "R006" not in codes and len(codes) == len(set((f.code, f.cell) for f in c.findings))
    assert sorted(codes) == ["L020", "R003"] and c.errors == 1 and not c.valid
    assert c.as_dict()["errors"] == 1 and Path(c.as_dict()["file"]).name == "onleesbaar.xlsx"
