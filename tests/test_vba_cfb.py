"""The compound-file writer, read back with olefile (the reference reader of OLE files)."""

from __future__ import annotations

import io
import struct

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xltoolkit.io.vba.cfb import BLACK, NOSTREAM, RED, write_compound_file


def read_all(data: bytes) -> dict[str, bytes]:
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {"/".join(p): ole.openstream(p).read() for p in ole.listdir(streams=True, storages=False)}


def vba_like() -> dict[str, bytes]:
    """The shape of a vbaProject.bin: streams both under and over the 4096-byte mini-stream cutoff."""
    streams = {"PROJECT": b"ID=\"{x}\"\r\n" * 30, "PROJECTwm": b"m\x00m\x00\x00\x00\x00\x00",
               "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00", "VBA/dir": bytes(range(256)) * 5}
    for i, size in enumerate([0, 1, 63, 64, 65, 4095, 4096, 4097, 20000, 70000]):
        streams[f"VBA/Module{i}"] = bytes((i + k) % 251 for k in range(size))
    return streams


def test_every_stream_reads_back():
    streams = vba_like()
    data = write_compound_file(streams)
    assert read_all(data) == streams
    assert len(data) % 512 == 0


def test_small_streams_live_in_the_mini_stream():
    ole = olefile.OleFileIO(io.BytesIO(write_compound_file(vba_like())))
    cutoff = ole.minisectorcutoff
    assert cutoff == 4096
    for entry in ole.direntries:
        if entry and entry.entry_type == olefile.STGTY_STREAM and entry.size:
            in_mini = entry.size < cutoff
            assert entry.is_minifat == in_mini, entry.name


def test_header_is_version_3_with_512_byte_sectors():
    data = write_compound_file(vba_like())
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    minor, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (major, order, shift, mini_shift) == (3, 0xFFFE, 9, 6)
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert (ole.sectorsize, ole.minisectorsize) == (512, 64)


def _check_tree(entries, sid):
    """(sorted names, black height) of the subtree at `sid`; asserts order and red-black rules."""
    if sid == NOSTREAM:
        return [], 1
    e = entries[sid]
    left, lh = _check_tree(entries, e.sid_left)
    right, rh = _check_tree(entries, e.sid_right)
    assert lh == rh, f"black heights differ under {e.name}"
    if e.color == RED:
        for child in (e.sid_left, e.sid_right):
            assert child == NOSTREAM or entries[child].color == BLACK, f"red {e.name} has a red child"
    key = lambda name: (len(name), name.upper())
    assert all(key(n) < key(e.name) for n in left) and all(key(n) > key(e.name) for n in right), e.name
    return left + [e.name] + right, lh + (e.color == BLACK)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.text(alphabet="abcXYZ_019", min_size=1, max_size=31), min_size=1, max_size=40))
def test_each_storage_is_a_valid_red_black_search_tree(names):
    streams = {f"VBA/{n}": n.encode() for n in names}
    data = write_compound_file(streams)
    ole = olefile.OleFileIO(io.BytesIO(data))
    entries = ole.direntries
    root = entries[0]
    assert root.color == BLACK
    vba = entries[root.sid_child]
    assert entries[vba.sid_child].color == BLACK
    ordered, _ = _check_tree(entries, vba.sid_child)
    assert sorted(ordered, key=lambda n: (len(n), n.upper())) == ordered and set(ordered) == names
    assert read_all(data) == streams


def test_same_input_same_bytes():
    assert write_compound_file(vba_like()) == write_compound_file(vba_like())


def test_names_are_checked():
    with pytest.raises(ValueError, match="31"):
        write_compound_file({"x" * 32: b""})
    with pytest.raises(ValueError, match="not a storage"):
        write_compound_file({"VBA": b"", "VBA/dir": b""})
    with pytest.raises(ValueError, match="twice"):
        write_compound_file({"VBA/dir": b"", "VBA": b""})
    with pytest.raises(ValueError, match="twice"):
        write_compound_file({"VBA/dir": b"", "VBA/DIR": b""})
