"""The VBA project writer: oletools parses the dir stream strictly, the streams hold what MS-OVBA
asks for a source-only project, and the stored module text has the form Excel itself writes
(compared with the Excel-made project inside xlwings' quickstart_standalone.xlsm)."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile

import olefile
import pytest

from xltoolkit.io.vba.project import VBA_PROJECT_STREAM, VbaModule, dir_stream, vba_project_bin
from xltoolkit.io.vba.sources import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    class_source,
    document_module,
    read_module,
    xlwings_dir,
    xlwings_modules,
)

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names that now warn on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser, VBA_Project, decompress_stream


def modules() -> list[VbaModule]:
    code = 'Attribute VB_Name = "Knoppen"\r\nPublic Sub validate()\r\n    MsgBox "é"\r\nEnd Sub\r\n'
    return [document_module("ThisWorkbook", WORKBOOK_BASE), document_module("Sheet1", WORKSHEET_BASE),
            VbaModule("Knoppen", "standard", code), *xlwings_modules()]


@pytest.fixture(scope="module")
def ole():
    return olefile.OleFileIO(io.BytesIO(vba_project_bin(modules(), "test")))


def decompress(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


def test_dir_stream_passes_strict_parsing(ole):
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    project.parse_project_stream()
    extracted = list(project.parse_modules())
    assert [filename for _, filename, _ in extracted] == [
        m.name + (".bas" if m.kind == "standard" else ".cls") for m in modules()]
    assert (project.codepage, project.projectname, project.syskind) == (1252, "VBAProject", 3)
    assert [m.name for m in project.modules] == [m.name for m in modules()]
    for parsed, m in zip(project.modules, modules()):
        assert parsed.streamname == m.name
        assert parsed.textoffset == 0  # no performance cache: the source starts the stream
        assert parsed.type == (0x21 if m.kind == "standard" else 0x22), m.name
        assert parsed.code == m.code


def test_references_are_stdole_and_office():
    data = dir_stream(modules())
    names, pos = [], 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        size = 6 if rid == 0x0009 else size  # PROJECTVERSION's "size" field is a reserved 4
        if rid == 0x0016:
            names.append(data[pos + 6:pos + 6 + size].decode())
        if rid == 0x000D:
            (libid_size,) = struct.unpack_from("<I", data, pos + 6)
            assert data[pos + 10:pos + 10 + libid_size].startswith(b"*\\G{")
        pos += 6 + size
    assert names == ["stdole", "Office"] and pos == len(data)


def test_vba_project_stream_is_version_ffff_without_cache(ole):
    stream = ole.openstream("VBA/_VBA_PROJECT").read()
    assert stream == VBA_PROJECT_STREAM == b"\xcc\x61\xff\xff\x00\x00\x00"
    assert struct.unpack_from("<HH", stream) == (0x61CC, 0xFFFF)


def test_module_streams_hold_the_compressed_source(ole):
    for m in modules():
        assert decompress(ole.openstream(f"VBA/{m.name}").read()) == m.code.encode("cp1252")


def decrypt(hex_text: str, project_id: str) -> bytes:
    """MS-OVBA 2.4.3.3 data decryption, written from the specification (independent of encrypt)."""
    enc = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = enc[:3]
    assert seed ^ version_enc == 2 and seed ^ key_enc == sum(project_id.encode()) & 0xFF
    plain1, enc1, enc2 = seed ^ key_enc, key_enc, version_enc
    out = bytearray()
    for b in enc[3:]:
        p = b ^ ((enc2 + plain1) & 0xFF)
        enc2, enc1, plain1 = enc1, b, p
        out.append(p)
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", out, ignored)
    assert len(out) == ignored + 4 + length
    return bytes(out[ignored + 4:])


def project_lines(ole) -> dict[str, str]:
    text = ole.openstream("PROJECT").read().decode("cp1252")
    assert text.endswith("\r\n")
    return dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line and not line.startswith("&H"))


def test_project_stream_lists_modules_and_is_unprotected(ole):
    text = ole.openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")
    assert lines[1:7] == ["Document=ThisWorkbook/&H00000000", "Document=Sheet1/&H00000000", "Module=Knoppen",
                          "Module=xlwings", "Class=Dictionary", 'Name="VBAProject"']
    props = project_lines(ole)
    project_id = props["ID"].strip('"')
    assert decrypt(props["CMG"].strip('"'), project_id) == b"\x00\x00\x00\x00"  # no protection
    assert decrypt(props["DPB"].strip('"'), project_id) == b"\x00"  # no password
    assert decrypt(props["GC"].strip('"'), project_id) == b"\xff"  # visible
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines


def test_decrypt_matches_excel():
    """The test's decryption reads Excel's own CMG/DPB/GC (in xlwings' quickstart workbook)."""
    ole = olefile.OleFileIO(io.BytesIO(quickstart_vba_bin()))
    props = project_lines(ole)
    project_id = props["ID"].strip('"')
    assert decrypt(props["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt(props["GC"].strip('"'), project_id) == b"\xff"


def test_project_wm_names_every_module(ole):
    data = ole.openstream("PROJECTwm").read()
    expected = b"".join(m.name.encode() + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00" for m in modules())
    assert data == expected + b"\x00\x00"


def test_same_modules_same_bytes_and_the_key_sets_the_id():
    assert vba_project_bin(modules(), "a") == vba_project_bin(modules(), "a")
    ids = {project_lines(olefile.OleFileIO(io.BytesIO(vba_project_bin(modules(), k))))["ID"] for k in "ab"}
    assert len(ids) == 2


def quickstart_vba_bin() -> bytes:
    with zipfile.ZipFile(xlwings_dir() / "quickstart_standalone.xlsm") as zf:
        return zf.read("xl/vbaProject.bin")


def test_stored_text_has_the_form_excel_writes():
    """Excel imported xlwings.bas and Dictionary.cls into xlwings' quickstart workbook: our
    document modules are identical to Excel's, our class header (the .cls header replaced by
    VB_Base and the attribute block) is identical line for line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = VBA_Parser("quickstart_standalone.xlsm", data=quickstart_vba_bin())
        stored = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    assert document_module("ThisWorkbook", WORKBOOK_BASE).code == stored["ThisWorkbook"]
    assert document_module("Sheet1", WORKSHEET_BASE).code == stored["Sheet1"]
    ours = read_module(xlwings_dir() / "addin" / "Dictionary.cls").code.split("\r\n")
    theirs = stored["Dictionary"].replace("\r\n", "\n").split("\n")
    assert ours[:12] == theirs[:12]
    assert ours[0:2] == ['Attribute VB_Name = "Dictionary"', 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"']


def test_class_source_keeps_the_body_and_extra_attributes():
    exported = ('VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  \'True\r\nEND\r\nAttribute VB_Name = "Teller"\r\n'
                'Attribute VB_Exposed = True\r\nAttribute VB_Description = "Telt"\r\nOption Explicit\r\n')
    assert class_source(exported).split("\r\n") == [
        'Attribute VB_Name = "Teller"', 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
        "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = False", "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False",
        'Attribute VB_Description = "Telt"', "Option Explicit", "",
    ]


@pytest.mark.parametrize("bad, message", [
    ([VbaModule("A", "standard", ""), VbaModule("a", "standard", "")], "unique"),
    ([VbaModule("Kn€pje", "standard", "")], "module name"),
    ([VbaModule("1x", "standard", "")], "module name"),
    ([VbaModule("Dir", "standard", "")], "unique"),
    ([VbaModule("A", "standard", "' \u2713")], "code page 1252"),
])
def test_bad_modules_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        vba_project_bin(bad, "x")


def test_module_file_without_name_attribute_is_refused(tmp_path):
    path = tmp_path / "los.bas"
    path.write_text("Public Sub x()\r\nEnd Sub\r\n", encoding="cp1252")
    with pytest.raises(ValueError, match="VB_Name"):
        read_module(path)
