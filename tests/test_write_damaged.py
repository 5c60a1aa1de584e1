"""`--write` on a workbook with a damaged part it does not otherwise need, or on a full disk:
a coded Dutch finding and exit 2, never a traceback, and the file byte for byte as it was (no
temporary or lock file left behind). The command's own result is still shown."""

from __future__ import annotations

import errno
import json
import re
import struct
import subprocess
import zipfile
from pathlib import Path

import cli_support
import pytest
from conftest import sha256
from xlsxpatch import name_cell, sheet_part

from xltoolkit.examples import load_example
from xltoolkit.io import atomic, load, save
from xltoolkit.io.update import UpdateError, apply
from xltoolkit.services.check import check
from xltoolkit.services.controle import controle_writeback
from xltoolkit.spec import load_spec

DEEP = b'<extLst><ext uri="{00000000-0000-0000-0000-000000000000}">' + b"<a>" * 5000 + b"</a>" * 5000 + b"</ext></extLst>"


def rewrite(src: Path, dst: Path, fn, stored: tuple[str, ...] = ()) -> Path:
    """Copy a workbook entry by entry; fn(name, data) gives the new data, or None to leave it out."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = fn(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename in stored else info.compress_type)
    return dst


def edit_part(part: str, edit):
    return lambda name, data: edit(data) if name == part else data


def bad_crc(src: Path, dst: Path) -> Path:
    """docProps/app.xml stored uncompressed, one byte of it changed after the CRC was written."""
    rewrite(src, dst, lambda n, d: d, stored=("docProps/app.xml",))
    raw = bytearray(dst.read_bytes())
    at = raw.index(b"<Application>") + 1
    raw[at] ^= 0x20
    dst.write_bytes(bytes(raw))
    return dst


def unsupported_method(src: Path, dst: Path) -> Path:
    """docProps/core.xml marked as compressed with Deflate64 (method 9), which zipfile cannot read."""
    rewrite(src, dst, lambda n, d: d)
    raw = bytearray(dst.read_bytes())
    name = b"docProps/core.xml"
    for sig, method_at, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):  # local and central header
        pos = 0
        while (pos := raw.find(sig, pos)) != -1:
            if raw[pos + name_at: pos + name_at + len(name)] == name:
                struct.pack_into("<H", raw, pos + method_at, 9)
            pos += 4
    dst.write_bytes(bytes(raw))
    return dst


def twice(src: Path, dst: Path) -> Path:
    """docProps/app.xml twice in the zip (Excel calls such a file corrupt)."""
    rewrite(src, dst, lambda n, d: d)
    with zipfile.ZipFile(src) as zin, pytest.warns(UserWarning), zipfile.ZipFile(dst, "a") as zout:
        zout.writestr("docProps/app.xml", zin.read("docProps/app.xml"))
    return dst


def set_name(src: Path, dst: Path, name: str, target: str | None) -> Path:
    """Point a defined name elsewhere, or (target None) remove it."""
    def fn(xml: bytes) -> bytes:
        pattern = rf'<definedName name="{name}"[^>]*>[^<]*</definedName>'.encode()
        new = b"" if target is None else f'<definedName name="{name}">{target}</definedName>'.encode()
        out, n = re.subn(pattern, new, xml)
        assert n == 1
        return out
    return rewrite(src, dst, edit_part("xl/workbook.xml", fn))


def on_input(path: Path, field: str) -> str:
    """An absolute reference to the input cell of `field`, as a moved name would hold it."""
    sheet, ref = name_cell(path, field)
    letters = ref.rstrip("0123456789")
    return f"'{sheet}'!${letters}${ref[len(letters):]}"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """004_kom_leren as a board sends it: with fouten, nothing written yet."""
    return save(load_example("004_kom_leren", load_spec()), tmp_path_factory.mktemp("fresh") / "kom_leren.xlsx", load_spec())


def hostile(case: str, src: Path, dst: Path) -> Path:
    controle, recon = sheet_part(src, "Controle"), sheet_part(src, "Reconciliatie")
    cases = {
        "crc_app_xml": lambda: bad_crc(src, dst),
        "deflate64_core_xml": lambda: unsupported_method(src, dst),
        "app_xml_twice": lambda: twice(src, dst),
        "controle_truncated": lambda: rewrite(src, dst, edit_part(controle, lambda d: d[: len(d) // 2])),
        "controle_missing": lambda: rewrite(src, dst, lambda n, d: None if n == controle else d),
        "reconciliatie_missing": lambda: rewrite(src, dst, lambda n, d: None if n == recon else d),
        "controle_deep": lambda: rewrite(src, dst, edit_part(controle, lambda d: d.replace(b"</worksheet>", DEEP + b"</worksheet>"))),
        "reconciliatie_deep": lambda: rewrite(src, dst, edit_part(recon, lambda d: d.replace(b"</worksheet>", DEEP + b"</worksheet>"))),
        "controle_row_number": lambda: rewrite(src, dst, edit_part(controle, lambda d: d.replace(b'<row r="5"', b'<row r="vijf"', 1))),
        "controle_cell_ref": lambda: rewrite(src, dst, edit_part(controle, lambda d: d.replace(b'<c r="B5"', b'<c r="5B"', 1))),
        "anchor_off_sheet": lambda: set_name(src, dst, "controle_start", "'Controle'!$XFD$6"),
        "anchor_missing": lambda: set_name(src, dst, "controle_start", None),
        "reconciliatie_anchor_off_sheet": lambda: set_name(src, dst, "reconciliatie_start", "'Reconciliatie'!$B$1048576"),
        "anchor_on_input": lambda: set_name(src, dst, "controle_start", on_input(src, "bestuur")),
        "status_on_input": lambda: set_name(src, dst, "status_reconciliatie", on_input(src, "bestuur")),
    }
    return cases[case]()


# (case, command, code): every command that writes to a damaged place refuses with the code
CASES = [
    ("crc_app_xml", "validate", "L043"),
    ("crc_app_xml", "reconcile", "L043"),
    ("deflate64_core_xml", "validate", "L043"),
    ("app_xml_twice", "reconcile", "L043"),
    ("controle_truncated", "validate", "L043"),
    ("controle_missing", "validate", "L042"),
    ("reconciliatie_missing", "reconcile", "L042"),
    ("controle_deep", "validate", "L043"),
    ("reconciliatie_deep", "reconcile", "L043"),
    ("controle_row_number", "validate", "L043"),
    ("controle_cell_ref", "validate", "L043"),
    ("anchor_off_sheet", "validate", "L041"),
    ("anchor_missing", "validate", "L040"),
    ("reconciliatie_anchor_off_sheet", "reconcile", "L041"),
    ("anchor_on_input", "validate", "L049"),
    ("status_on_input", "reconcile", "L049"),
]


def cli(*args: str) -> subprocess.CompletedProcess:
    return cli_support.run(*args)


def leftovers(folder: Path, keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != keep)


@pytest.mark.parametrize(("case", "command", "code"), CASES, ids=[f"{c}-{m}" for c, m, _ in CASES])
def test_write_to_a_damaged_workbook_is_a_finding_and_changes_nothing(tmp_path, fresh, case, command, code):
    path = hostile(case, fresh, tmp_path / "werkboek.xlsx")
    before = sha256(path)
    proc = cli(command, "--write", str(path))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stderr.startswith(f"{code}: werkboek.xlsx is niet bijgewerkt"), proc.stderr
    assert "Het bestand is niet veranderd" in proc.stderr
    assert sha256(path) == before
    assert leftovers(tmp_path, path) == []
    assert proc.stdout.strip(), "the command's own result is still shown"


def test_the_finding_names_the_damaged_part(tmp_path, fresh):
    path = hostile("controle_truncated", fresh, tmp_path / "werkboek.xlsx")
    proc = cli("validate", "--write", str(path))
    assert f"het blad 'Controle' ({sheet_part(path, 'Controle')}) is beschadigd (geen geldige XML" in proc.stderr
    path = hostile("crc_app_xml", fresh, tmp_path / "crc.xlsx")
    proc = cli("validate", "--write", str(path))
    assert "het onderdeel docProps/app.xml is beschadigd (de controlesom klopt niet)" in proc.stderr


def test_json_output_carries_the_write_finding(tmp_path, fresh):
    path = hostile("crc_app_xml", fresh, tmp_path / "werkboek.xlsx")
    proc = cli("validate", "--json", "--write", str(path))
    assert proc.returncode == 2, proc.stderr
    data = json.loads(proc.stdout)
    assert data["valid"] is False and data["findings"][-1]["code"] == "L043"
    assert [f["code"] for f in data["findings"][:-1]] == [f.code for f in check(load(path, load_spec()), load_spec()).findings]
    proc = cli("reconcile", "--json", "--write", str(path))
    assert proc.returncode == 2 and json.loads(proc.stdout)["findings"][-1]["code"] == "L043"


# -- a full disk ------------------------------------------------------------------------------


class FillsUp:
    """A file that takes `room` bytes, then fails as a full disk does (ENOSPC)."""

    def __init__(self, fh, room: int) -> None:
        self._fh, self._room = fh, room

    def write(self, data) -> int:
        if self._fh.tell() + len(data) > self._room:
            self._fh.write(bytes(data)[: max(0, self._room - self._fh.tell())])
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()


def full_disk(monkeypatch, room: int) -> None:
    real = atomic._open_temp

    def open_temp(path):
        fh, tmp = real(path)
        return FillsUp(fh, room), tmp

    monkeypatch.setattr(atomic, "_open_temp", open_temp)


@pytest.mark.parametrize("where", [0.0, 0.3, 0.95, 0.999])
def test_a_full_disk_at_any_point_leaves_the_original_and_no_temp_file(tmp_path, fresh, monkeypatch, where):
    report = check(load(fresh, load_spec()), load_spec())
    probe = tmp_path / "probe" / "w.xlsx"
    probe.parent.mkdir()
    probe.write_bytes(fresh.read_bytes())
    apply(probe, controle_writeback(report, load_spec()))
    path = tmp_path / "w.xlsx"
    path.write_bytes(fresh.read_bytes())
    before = sha256(path)
    full_disk(monkeypatch, int(probe.stat().st_size * where))
    with pytest.raises(UpdateError) as caught:
        apply(path, controle_writeback(report, load_spec()))
    assert caught.value.finding.code == "L045"
    assert caught.value.finding.message.startswith(f"w.xlsx is niet bijgewerkt: de schijf van de map {tmp_path} is vol")
    assert sha256(path) == before
    assert leftovers(tmp_path, path) == ["probe"]


@pytest.mark.parametrize("command", ["validate", "reconcile"])
def test_cli_on_a_full_disk_exits_2_with_a_finding(tmp_path, fresh, monkeypatch, command):
    path = tmp_path / "w.xlsx"
    path.write_bytes(fresh.read_bytes())
    full_disk(monkeypatch, 0)  # the disk is full before the first byte of the new file
    proc = cli(command, "--write", str(path))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and proc.stderr.startswith("L045: w.xlsx is niet bijgewerkt"), proc.stderr
    assert path.read_bytes() == fresh.read_bytes()
    assert leftovers(tmp_path, path) == []


def test_a_folder_that_cannot_be_written_is_a_finding(tmp_path, fresh, monkeypatch):
    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "_open_temp", refuse)
    path = tmp_path / "w.xlsx"
    path.write_bytes(fresh.read_bytes())
    with pytest.raises(UpdateError) as caught:
        apply(path, controle_writeback(check(load(path, load_spec()), load_spec()), load_spec()))
    assert caught.value.finding.code == "L046" and "Permission denied" in caught.value.finding.message
    assert path.read_bytes() == fresh.read_bytes()
    assert leftovers(tmp_path, path) == []
