"""The macro-enabled master (.xlsm): its VBA project holds exactly the source in workbook/vba/ and
xlwings' standalone module, its buttons are bound to those macros, it is reproducible and
committed up to date, and the plain .xlsx master carries none of it."""

from __future__ import annotations

import io
import re
import warnings
from importlib import resources

import openpyxl
import pytest
import xlsxwriter
from conftest import REPO
from xlsxpatch import zip_parts

from xltoolkit.examples import load_example
from xltoolkit.io import build_bytes, load, master_filename
from xltoolkit.io.vba import Button, MacroSpec, add_macros, board_macros
from xltoolkit.io.vba.sources import class_source, crlf, xlwings_dir
from xltoolkit.spec import load_spec

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names that now warn on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

VBA_DIR = REPO / "workbook" / "vba"
BOARD = board_macros(load_spec())  # the board's master: its modules and buttons
RUN_PYTHON = re.compile(r'^\s*RunPython "import xltoolkit\.excel as e; e\.(\w+)\(\)"\s*$')


@pytest.fixture(scope="module")
def xlsm(spec) -> bytes:
    return build_bytes(spec, xlsm=True)


@pytest.fixture(scope="module")
def xlsx(spec) -> bytes:
    return build_bytes(spec)


def olevba_modules(data: bytes, name: str = "master.xlsm") -> dict[str, tuple[str, str]]:
    """{module: (kind by extension, code)} as olevba extracts them from the workbook."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = VBA_Parser(name, data=data)
        found = {fn.rsplit(".", 1)[0]: (fn.rsplit(".", 1)[1], code) for _, _, fn, code in parser.extract_macros()}
        parser.close()
    return found


def sheet_names(data: bytes) -> list[str]:
    return re.findall(r'<sheet name="([^"]+)"', zip_parts(data)["xl/workbook.xml"].decode())


def buttons(data: bytes, sheet_index: int) -> list[dict[str, str]]:
    """Each form button in the VML drawing of sheet `sheet_index` (1-based part number)."""
    p = zip_parts(data)
    rels = p[f"xl/worksheets/_rels/sheet{sheet_index}.xml.rels"].decode()
    (target,) = re.findall(r'Type="[^"]+/vmlDrawing" Target="\.\./drawings/([^"]+)"', rels)
    vml = p[f"xl/drawings/{target}"].decode()
    out = []
    for shape in re.findall(r"<v:shape .*?</v:shape>", vml):
        if 'ObjectType="Button"' in shape:
            out.append({
                "caption": re.search(r"<font [^>]*>([^<]*)</font>", shape).group(1),
                "macro": re.search(r"<x:FmlaMacro>([^<]*)</x:FmlaMacro>", shape).group(1),
                "anchor": [int(x) for x in re.search(r"<x:Anchor>([^<]*)</x:Anchor>", shape).group(1).split(",")],
            })
    return out


# -- the VBA project -----------------------------------------------------------------------
def test_olevba_lists_every_module_with_exactly_the_repository_source(xlsm, spec):
    found = olevba_modules(xlsm)
    own = {p.stem: ("bas", crlf(p.read_text(encoding="cp1252"))) for p in sorted(VBA_DIR.glob("*.bas")) if p.name in BOARD.modules}
    xlw = {"xlwings": ("bas", crlf((xlwings_dir() / "xlwings.bas").read_text(encoding="cp1252"))),
           "Dictionary": ("cls", class_source((xlwings_dir() / "addin" / "Dictionary.cls").read_text(encoding="cp1252")))}
    documents = {"ThisWorkbook", *[f"Sheet{i}" for i in range(1, len(sheet_names(xlsm)) + 1)]}
    assert set(found) == set(own) | set(xlw) | documents
    for name in own:
        assert found[name] == own[name], f"module {name} differs from workbook/vba/{name}.bas"
    for name in xlw:
        assert found[name] == xlw[name], f"module {name} differs from the installed xlwings"
    for name in documents:
        kind, code = found[name]
        assert kind == "cls" and all(line.startswith("Attribute VB_") for line in code.strip().split("\r\n")), name


def test_every_module_file_belongs_to_a_master(spec):
    from xltoolkit.io.vba.macros import swv_macros

    files = {p.name for p in VBA_DIR.iterdir() if p.suffix in (".bas", ".cls")}
    assert files == set(BOARD.modules) | set(swv_macros(spec).modules), "a module in workbook/vba/ that no master uses, or a missing one"


def test_macros_call_xltoolkit_excel_and_never_the_file_name():
    """Each button's Sub calls RunPython into xltoolkit.excel; nothing depends on the workbook's
    name (no ThisWorkbook.Name, no module named after the file)."""
    code = crlf((VBA_DIR / "xltoolkit.bas").read_text(encoding="cp1252"))
    for b in BOARD.buttons:
        body = code.split(f"Public Sub {b.macro}()\r\n", 1)[1].split("End Sub", 1)[0]
        calls = [RUN_PYTHON.match(line) for line in body.strip().split("\r\n")]
        assert [m.group(1) for m in calls if m] == [b.macro], b.macro
    assert ".Name" not in code and "ActiveWorkbook" not in code


def test_xlwings_module_is_the_installed_version(xlsm):
    import xlwings

    code = olevba_modules(xlsm)["xlwings"][1]
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in code


# -- buttons --------------------------------------------------------------------------------
def test_buttons_on_start_are_bound_to_their_macros(xlsm, spec):
    start = sheet_names(xlsm).index(spec.workbook.start_sheet) + 1
    found = buttons(xlsm, start)
    assert [(b["caption"], b["macro"]) for b in found] == [
        ("Valideren", "[0]!validate"), ("Reconciliatie", "[0]!reconcile"), ("Rapport genereren", "[0]!report")]
    for b, spec_button in zip(found, BOARD.buttons):
        from_col, _, from_row, _, to_col, _, to_row, _ = b["anchor"]
        assert (from_row, from_col) == (spec_button.row, spec_button.col)
        assert to_row == from_row == 0  # in the title row, above all content


def test_buttons_sit_where_the_start_sheet_is_empty(xlsm, spec):
    """No cell value in the cells the buttons cover (the title in B1 may overflow into C1, D1)."""
    ws = openpyxl.load_workbook(io.BytesIO(xlsm))[spec.workbook.start_sheet]
    for b in BOARD.buttons:
        covered = [ws.cell(b.row + 1, c + 1).value for c in range(b.col, b.col + 2)]
        assert covered == [None, None], b.caption
    assert ws.cell(1, 4).value is None and ws.cell(1, 3).value is None


def test_codenames_match_the_document_modules(xlsm):
    p = zip_parts(xlsm)
    assert 'codeName="ThisWorkbook"' in p["xl/workbook.xml"].decode()
    for i in range(1, len(sheet_names(xlsm)) + 1):
        assert f'<sheetPr codeName="Sheet{i}"' in p[f"xl/worksheets/sheet{i}.xml"].decode()


def test_xlsm_is_macro_enabled(xlsm):
    p = zip_parts(xlsm)
    types = p["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types
    assert 'Target="vbaProject.bin"' in p["xl/_rels/workbook.xml.rels"].decode()


# -- reproducible, committed, and the .xlsx untouched ----------------------------------------
def test_build_is_reproducible(xlsm, spec):
    assert build_bytes(spec, xlsm=True) == xlsm


def test_committed_xlsm_is_up_to_date(xlsm, spec):
    import xlwings

    committed = REPO / "workbook" / xlsm_name(spec)
    assert committed.exists(), "run `xltoolkit build` and commit workbook/"
    theirs = zip_parts(committed.read_bytes())
    stale = [n for n, data in zip_parts(xlsm).items() if theirs.get(n) != data]
    hint = ""
    if "xl/vbaProject.bin" in stale:
        code = olevba_modules(committed.read_bytes()).get("xlwings", ("", ""))[1]
        built_with = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', code)
        if not built_with or built_with.group(1) != xlwings.__version__:
            hint = (f" (committed with xlwings {built_with.group(1) if built_with else '?'}, installed"
                    f" {xlwings.__version__}: the VBA module comes from the installed xlwings)")
    assert not stale, f"workbook/{committed.name} is stale (parts {stale}){hint}; run `xltoolkit build` and commit it"


def xlsm_name(spec) -> str:
    return master_filename(spec).rsplit(".", 1)[0] + ".xlsm"


def test_installed_package_ships_the_xlsm_and_its_vba(spec):
    shipped = resources.files("xltoolkit.workbook")
    assert shipped.joinpath(xlsm_name(spec)).is_file()
    assert all(shipped.joinpath("vba", m).is_file() for m in BOARD.modules)


def test_xlsx_carries_no_macros_and_differs_only_by_them(xlsx, xlsm):
    """The .xlsx is the same workbook without VBA: every difference from the .xlsm is one of the
    macro additions (code names, the drawing with the buttons, the VBA part and its types)."""
    a, b = zip_parts(xlsx), zip_parts(xlsm)
    assert not any("vba" in n.lower() or n.endswith(".vml") for n in a)
    assert b"codeName" not in b"".join(a.values()) and b"FmlaMacro" not in b"".join(a.values())
    assert set(b) - set(a) == {"xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet1.xml.rels"}
    strip = [
        (rb' codeName="[^"]*"', b""), (rb"<legacyDrawing r:id=\"rId\d+\"/>", b""),
        (rb'<Relationship Id="rId\d+" Type="[^"]*/vbaProject" Target="vbaProject.bin"/>', b""),
        (rb'<Default Extension="(vml|bin)" ContentType="[^"]*"/>', b""),
        (rb"application/vnd.ms-excel.sheet.macroEnabled.main\+xml",
         b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    ]
    for name, data in a.items():
        other = b[name]
        for pattern, repl in strip:
            other = re.sub(pattern, repl, other)
        assert other == data, name


def test_the_reader_reads_the_xlsm_like_the_xlsx(tmp_path, spec):
    sub = load_example("000_smart_limburg", spec)
    (tmp_path / "a.xlsm").write_bytes(build_bytes(spec, sub, xlsm=True))
    (tmp_path / "a.xlsx").write_bytes(build_bytes(spec, sub))
    assert load(tmp_path / "a.xlsm", spec) == load(tmp_path / "a.xlsx", spec) == sub


# -- the mechanism for another master (the SWV workbook of issue 6) --------------------------
def test_a_spec_with_its_own_modules_and_buttons(tmp_path):
    (tmp_path / "samenvoegen.bas").write_text(
        'Attribute VB_Name = "samenvoegen"\nPublic Sub merge()\n    RunPython "import xltoolkit.excel as e; e.merge()"\nEnd Sub\n',
        encoding="cp1252")
    (tmp_path / "Teller.cls").write_text(
        'VERSION 1.0 CLASS\nBEGIN\n  MultiUse = -1\nEND\nAttribute VB_Name = "Teller"\nOption Explicit\n', encoding="cp1252")
    swv = MacroSpec("test.swv", ("samenvoegen.bas", "Teller.cls"),
                    (Button("Samenvoegen", "merge", 2, 1), Button("Nog eens", "merge", 5, 1, width=80)), source=tmp_path)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    start = wb.add_worksheet("Overzicht")
    wb.add_worksheet("Besturen")
    add_macros(wb, start, swv)
    wb.close()
    data = buf.getvalue()
    found = olevba_modules(data)
    assert set(found) == {"ThisWorkbook", "Sheet1", "Sheet2", "samenvoegen", "Teller", "xlwings", "Dictionary"}
    assert found["Teller"][0] == "cls" and found["Teller"][1].startswith('Attribute VB_Name = "Teller"\r\nAttribute VB_Base')
    assert [(b["caption"], b["macro"], b["anchor"][2]) for b in buttons(data, 1)] == [
        ("Samenvoegen", "[0]!merge", 2), ("Nog eens", "[0]!merge", 5)]


def test_a_button_without_its_macro_is_refused(tmp_path):
    (tmp_path / "m.bas").write_text('Attribute VB_Name = "m"\nSub other()\nEnd Sub\n', encoding="cp1252")
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet()
    with pytest.raises(ValueError, match="merge"):
        add_macros(wb, ws, MacroSpec("t", ("m.bas",), (Button("Samenvoegen", "merge", 0, 0),), source=tmp_path))


def test_every_button_macro_has_its_entry_point():
    import xltoolkit.excel as e

    for b in BOARD.buttons:
        assert callable(getattr(e, b.macro, None)), b.macro
