"""A VBA project (vbaProject.bin) from module source, per MS-OVBA, for Office to compile itself.

Source only: the _VBA_PROJECT stream has version 0xFFFF and no performance cache, every module's
text starts at offset 0 of its stream, so Office (and LibreOffice) read the source and compile it
on opening. Nothing random goes in: the project GUID comes from the project's key and the
obfuscated protection fields (CMG, DPB, GC: no protection, no password, visible) use fixed seeds,
so the same modules always give the same bytes.
"""

from __future__ import annotations

import re
import struct
import uuid
from dataclasses import dataclass
from typing import Literal

from xltoolkit.io.vba.cfb import write_compound_file
from xltoolkit.io.vba.compression import compress

ModuleKind = Literal["standard", "class", "document"]
CODE_PAGE = 1252  # Western European (Windows): the encoding of every name and source text
ENCODING = "cp1252"
LCID = 0x0409
SYS_KIND_WIN64 = 0x00000003
PROJECT_NAME = "VBAProject"
VBA_PROJECT_STREAM = b"\xCC\x61\xFF\xFF\x00\x00\x00"  # Reserved1, Version 0xFFFF, Reserved2, Reserved3
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")  # a VBA module name (and CFB stream name)
NAMESPACE = uuid.UUID("5f0e7d58-7c1e-4c0b-9a59-6f2c4e1d0a77")  # xltoolkit's own, for project GUIDs

# The two references Excel puts in every project (VBA and Excel itself are implicit).
REFERENCES = (
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"),
)
NOT_PROTECTED = bytes(4)  # ProjectProtectionState: no user, host or VBE protection
NO_PASSWORD = b"\x00"  # ProjectPassword: none
VISIBLE = b"\xff"  # ProjectVisibilityState: the project is visible
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


@dataclass(frozen=True)
class VbaModule:
    """One module as VBA stores it: its name, kind and source text (CRLF line ends, starting
    with its Attribute lines, as in an exported .bas without the .cls header)."""

    name: str
    kind: ModuleKind
    code: str


def vba_project_bin(modules: list[VbaModule], key: str) -> bytes:
    """The compound file vbaProject.bin with `modules`; `key` names the project (its GUID)."""
    _check(modules)
    project_id = "{" + str(uuid.uuid5(NAMESPACE, key)).upper() + "}"
    streams = {
        "PROJECT": project_stream(modules, project_id),
        "PROJECTwm": _project_wm(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.code.encode(ENCODING))  # no performance cache: offset 0
    return write_compound_file(streams)


def _check(modules: list[VbaModule]) -> None:
    names = [m.name.lower() for m in modules] + ["dir"]  # the VBA storage's own dir stream
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"VBA module names must be unique (case-insensitive): {', '.join(dupes)}")
    for m in modules:
        if not _IDENTIFIER.fullmatch(m.name):
            raise ValueError(f"VBA module name {m.name!r}: a letter, then letters, digits or _ (at most 31)")
        try:
            m.code.encode(ENCODING)
        except UnicodeEncodeError as exc:
            raise ValueError(f"VBA module {m.name}: character {exc.object[exc.start]!r} is not in code page {CODE_PAGE}") from exc


# -- dir stream (2.3.4.2) -------------------------------------------------------------------
def dir_stream(modules: list[VbaModule]) -> bytes:
    """PROJECTINFORMATION, PROJECTREFERENCES, PROJECTMODULES and the terminator, uncompressed."""
    return _information() + _references() + _modules(modules) + _rec(0x0010, b"")


def _rec(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text(s: str) -> bytes:
    return s.encode(ENCODING)


def _unicode(s: str) -> bytes:
    return s.encode("utf-16-le")


def _information() -> bytes:
    return b"".join([
        _rec(0x0001, struct.pack("<I", SYS_KIND_WIN64)),  # PROJECTSYSKIND
        _rec(0x0002, struct.pack("<I", LCID)),  # PROJECTLCID
        _rec(0x0014, struct.pack("<I", LCID)),  # PROJECTLCIDINVOKE
        _rec(0x0003, struct.pack("<H", CODE_PAGE)),  # PROJECTCODEPAGE
        _rec(0x0004, _text(PROJECT_NAME)),  # PROJECTNAME
        _rec(0x0005, b"") + _rec(0x0040, b""),  # PROJECTDOCSTRING (+ Unicode)
        _rec(0x0006, b"") + _rec(0x003D, b""),  # PROJECTHELPFILEPATH (two paths)
        _rec(0x0007, struct.pack("<I", 0)),  # PROJECTHELPCONTEXT
        _rec(0x0008, struct.pack("<I", 0)),  # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),  # PROJECTVERSION: Reserved 4, major 1, minor 0
        _rec(0x000C, b"") + _rec(0x003C, b""),  # PROJECTCONSTANTS (+ Unicode)
    ])


def _references() -> bytes:
    out = b""
    for name, libid in REFERENCES:
        out += _rec(0x0016, _text(name)) + _rec(0x003E, _unicode(name))  # REFERENCENAME
        lib = _text(libid)
        out += _rec(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))  # REFERENCEREGISTERED
    return out


def _modules(modules: list[VbaModule]) -> bytes:
    out = _rec(0x000F, struct.pack("<H", len(modules)))  # PROJECTMODULES count
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += b"".join([
            _rec(0x0019, _text(m.name)), _rec(0x0047, _unicode(m.name)),  # MODULENAME (+ Unicode)
            _rec(0x001A, _text(m.name)) + _rec(0x0032, _unicode(m.name)),  # MODULESTREAMNAME
            _rec(0x001C, b"") + _rec(0x0048, b""),  # MODULEDOCSTRING
            _rec(0x0031, struct.pack("<I", 0)),  # MODULEOFFSET: source from byte 0 (no cache)
            _rec(0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            _rec(0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            _rec(0x0021 if m.kind == "standard" else 0x0022, b""),  # MODULETYPE: procedural / other
            _rec(0x002B, b""),  # module terminator
        ])
    return out


# -- PROJECT and PROJECTwm streams (2.3.1, 2.3.3) --------------------------------------------
def project_stream(modules: list[VbaModule], project_id: str) -> bytes:
    """The text properties of the project: its modules by kind, name, protection, workspace."""
    label = {"document": "Document={}/&H00000000", "standard": "Module={}", "class": "Class={}"}
    lines = [f'ID="{project_id}"']
    lines += [label[m.kind].format(m.name) for m in modules]
    lines += [
        f'Name="{PROJECT_NAME}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
        f'CMG="{encrypt(project_id, NOT_PROTECTED, seed=0x11)}"',
        f'DPB="{encrypt(project_id, NO_PASSWORD, seed=0x22)}"',
        f'GC="{encrypt(project_id, VISIBLE, seed=0x33)}"',
        "", "[Host Extender Info]", HOST_EXTENDER, "", "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)


def _project_wm(modules: list[VbaModule]) -> bytes:
    """Each module's name in the code page and in UTF-16, then a terminator."""
    return b"".join(_text(m.name) + b"\x00" + _unicode(m.name) + b"\x00\x00" for m in modules) + b"\x00\x00"


def encrypt(project_id: str, data: bytes, seed: int) -> str:
    """MS-OVBA 2.4.3.2 data encryption (an obfuscation keyed on the project id), as hex."""
    version, key = 2, sum(_text(project_id)) & 0xFF
    out = [seed, seed ^ version, seed ^ key]
    unencrypted1, encrypted1, encrypted2 = key, seed ^ key, seed ^ version
    ignored = bytes((seed & 6) // 2)  # filler of arbitrary value; zeros keep it reproducible
    for byte in ignored + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return bytes(out).hex().upper()
