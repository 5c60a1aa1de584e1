"""No false alarms: every example board gives exactly the findings listed, with a reason, in
tests/fixtures/verwachte_meldingen.yaml. A finding that is not listed fails (a false alarm until
someone decides it is real and writes down why); a listed one that no longer comes fails too."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from xltoolkit.examples import example_names
from xltoolkit.io import load
from xltoolkit.services.check import check

FIXTURE = Path(__file__).with_name("fixtures") / "verwachte_meldingen.yaml"


def expected() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def test_every_example_board_is_in_the_fixture_and_every_finding_has_a_reason():
    data = expected()
    assert sorted(data) == example_names()
    for board, findings in data.items():
        for f in findings:
            assert set(f) == {"code", "field", "waarom"} and len(f["waarom"].split()) >= 8, (board, f)


@pytest.mark.parametrize("name", example_names())
def test_exactly_the_annotated_findings(name, example_workbooks, spec):
    """The board as a workbook, read back and checked as every front-end checks it."""
    c = check(load(example_workbooks[name], spec), spec)
    got = Counter((f.code, f.field) for f in c.findings)
    want = Counter((f["code"], f["field"]) for f in expected()[name])
    unexpected = [f"{f.code} {f.field}: {f.message}" for f in c.findings if got[(f.code, f.field)] > want[(f.code, f.field)]]
    assert got == want, "niet verwacht (vals alarm?):\n" + "\n".join(unexpected)
