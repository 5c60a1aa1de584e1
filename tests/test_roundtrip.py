"""`load(save(x)) == x`, and reading never changes the file it reads."""

from __future__ import annotations

import re
import zipfile

from conftest import sha256
from hypothesis import HealthCheck, given, settings
from strategies import submissions

from xltoolkit.examples import example_names, load_example
from xltoolkit.io import load, save
from xltoolkit.model.submission import Submission
from xltoolkit.spec import load_spec

SPEC = load_spec()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(submissions(SPEC))
def test_load_of_save_is_identity(tmp_path, sub: Submission):
    path = save(sub, tmp_path / "x.xlsx", SPEC)
    back = load(path, SPEC)
    assert back == sub


def test_examples_round_trip(tmp_path, spec):
    assert len(example_names()) >= 4
    for name in example_names():
        sub = load_example(name, spec)
        assert load(save(sub, tmp_path / f"{name}.xlsx", spec), spec) == sub, name


def test_load_does_not_modify_the_file(example_workbooks):
    for path in example_workbooks.values():
        before, mtime = sha256(path), path.stat().st_mtime_ns
        load(path, load_spec())
        assert sha256(path) == before and path.stat().st_mtime_ns == mtime


def test_formula_like_text_is_stored_as_text_not_formula(tmp_path, spec):
    sub = Submission.from_values({"bestuur": "=HYPERLINK(\"http://evil\")", "namens_naam": "+31 6", "namens_functie": "@x",
                                  "ankerpunt_1": "-begin met een streepje"}, spec=spec)
    path = save(sub, tmp_path / "f.xlsx", spec)
    with zipfile.ZipFile(path) as zf:
        sheets = "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert "HYPERLINK" not in sheets and '<t>=HYPERLINK("http://evil")</t>' in strings
    assert not re.search(r"<f>[^<]*evil", sheets)
    assert load(path, spec) == sub


def test_provenance_records_cells(example_workbooks, spec):
    sub = load(next(iter(example_workbooks.values())), spec)
    ref = sub.source.cells["bestuur"]
    assert ref.sheet == "Gegevens" and re.fullmatch(r"[A-Z]+\d+", ref.cell) and ref.name == "bestuur"
    assert sub.source.template_version == spec.version and sub.source.spec_hash == spec.hash
    assert len(sub.source.aanwending_rows) == len(sub.aanwending)
