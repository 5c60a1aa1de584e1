"""The overview's fast cell path (services/merge/rows.py) writes exactly what xlsxwriter's own
worksheet writes: the same overview through both gives the same bytes, for the example boards
and for any table of values the writer can be given. Should a new xlsxwriter store or write cells
differently, these fail instead of an SWV getting a subtly different file."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from xltoolkit.services.merge import build_overzicht, merge_files
from xltoolkit.services.merge import workbook as writer
from xltoolkit.services.merge.rows import STRING_MAX, Sheet
from xltoolkit.services.merge.table import Column, Overzicht, Table
from xltoolkit.services.merge.table import Sheet as TableSheet

KINDS = ("tekst", "lang", "code", "bedrag", "aantal", "percentage", "getal", "procent")


def both(model: Overzicht) -> tuple[bytes, bytes]:
    return writer._workbook_bytes(model, Worksheet), writer._workbook_bytes(model, Sheet)


def overview(*tables: Table) -> Overzicht:
    return Overzicht("Proef", (TableSheet("Proef", "Proef", tables=tables),))


def test_the_example_boards_overview_is_byte_identical(spec, example_workbooks):
    model = build_overzicht(merge_files(list(example_workbooks.values()), spec=spec, workers=1))
    plain, fast = both(model)
    assert plain == fast
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:  # and the sheets really hold cells
        assert sum(zf.read(n).count(b"<c ") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")) > 500


def test_every_kind_of_value_is_byte_identical():
    """Texts XML must escape, leading spaces, line breaks, a text Excel must shorten, numbers with
    and without cents, yes/no, blanks, and a table wider than 26 columns (two-letter columns)."""
    texts = ["", " voor", "na ", "a & b < c > d \"e\" 'f'", "regel 1\nregel 2", "=SOM(A1)", "x" * (STRING_MAX // 2 + 1),
             "y" * (STRING_MAX + 10), "€ 81.739,-", "\u00e9\u00e8 \U0001F600", "\t tab", "_x0041_"]
    values: list = [*texts, 0, -5, 10**14, Decimal("12.50"), Decimal("-0.01"), Decimal(3), 0.25, True, False, None]
    cols = tuple(Column(f"K{i}", KINDS[i % len(KINDS)]) for i in range(30))
    rows = tuple(tuple(values[(r + c) % len(values)] for c in range(30)) for r in range(40))
    plain, fast = both(overview(Table("Alles", "Alles", cols, rows), Table("Leeg", "Leeg", cols[:3], ())))
    assert plain == fast


values = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**16), 10**16),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**13), max_value=10**13),
    st.text(max_size=60), st.text(alphabet="ab \n&<", min_size=100, max_size=400),
)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.lists(st.lists(values, min_size=12, max_size=12), max_size=25), st.lists(st.sampled_from(KINDS), min_size=12, max_size=12))
def test_any_table_is_byte_identical(width, rows, kinds):
    cols = tuple(Column(f"K{i}", kinds[i]) for i in range(width))
    table = Table("Proef", "Proef", cols, tuple(tuple(r[:width]) for r in rows))
    plain, fast = both(overview(table))
    assert plain == fast


@pytest.mark.parametrize("where", [(1_048_576, 0), (0, 16_384)])
def test_a_cell_outside_the_sheet_is_refused_as_xlsxwriter_refuses_it(where):
    import xlsxwriter

    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet("Proef", worksheet_class=Sheet)
    fmt = wb.add_format()
    ws.put_string(*where, "tekst", fmt)
    ws.put_number(*where, 1.5, fmt)
    assert not ws.table  # nothing stored, as write_string and write_number store nothing there
    wb.close()


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_number_that_is_not_finite_is_refused_as_xlsxwriter_refuses_it(number):
    import xlsxwriter

    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet("Proef", worksheet_class=Sheet)
    with pytest.raises(TypeError, match="NAN/INF"):
        ws.put_number(0, 0, number, wb.add_format())
    assert not ws.table


def test_the_written_workbook_leaves_nothing_for_the_cyclic_collector(spec, example_workbooks):
    """xlsxwriter's workbook and worksheets refer to each other; `_release` lets reference counting
    free the record of every cell at once, instead of the collector hunting for it (for 1,000
    boards it found ~680,000 objects, 0.2 s)."""
    import gc

    model = build_overzicht(merge_files(list(example_workbooks.values()), spec=spec, workers=1))
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        assert writer.workbook_bytes(model)[:2] == b"PK"
        left = gc.collect()
    finally:
        if was:
            gc.enable()
    assert left < 50, left
