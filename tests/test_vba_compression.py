"""MS-OVBA compression: the specification's own examples byte for byte, the specification's
pseudo-code (transcribed below, slow) against the fast implementation, and olevba's decompressor
(an independent implementation) giving back every input."""

from __future__ import annotations

import random
import struct
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names that now warn on import
    warnings.simplefilter("ignore")
    from oletools.olevba import decompress_stream

from xltoolkit.io.vba.compression import compress, copy_token_help
from xltoolkit.io.vba.sources import xlwings_dir


def olevba_decompress(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


# -- MS-OVBA 3.2: the worked examples -------------------------------------------------------
SPEC_EXAMPLES = {
    "3.2.1 no compression": (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    "3.2.2 normal compression": (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F"
        " 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    ),
    "3.2.3 maximum compression": (b"a" * 73, "01 03 B0 02 61 45 00"),
}


@pytest.mark.parametrize("name", SPEC_EXAMPLES)
def test_specification_examples_byte_for_byte(name):
    text, expected = SPEC_EXAMPLES[name]
    assert compress(text) == bytes.fromhex(expected)
    assert olevba_decompress(bytes.fromhex(expected)) == text


# -- the specification's pseudo-code, transcribed literally (2.4.1.3) ------------------------
def reference_compress(data: bytes) -> bytes:
    out = bytearray([0x01])
    start = 0
    while start < len(data):
        end = min(start + 4096, len(data))
        chunk_at = len(out)
        out += b"\x00\x00"
        record_end = chunk_at + 4098
        cur = start
        while cur < end and len(out) < record_end:  # 2.4.1.3.7
            flag_at = len(out)
            out.append(0)
            flags = 0
            for index in range(8):  # 2.4.1.3.8
                if cur < end and len(out) < record_end:
                    offset, length = reference_match(data, start, cur, end)
                    if offset:
                        if len(out) + 1 < record_end:
                            diff = cur - start
                            bit_count = 0
                            while (1 << bit_count) < diff:
                                bit_count += 1
                            bit_count = max(bit_count, 4)
                            out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                            flags |= 1 << index
                            cur += length
                        else:
                            out += b"\x00" * (record_end - len(out))
                    elif len(out) < record_end:
                        out.append(data[cur])
                        cur += 1
                    else:
                        out += b"\x00" * (record_end - len(out))
            out[flag_at] = flags
        if cur < end:  # 2.4.1.3.10 raw chunk
            del out[chunk_at + 2:]
            out += data[start:end] + b"\x00" * (4096 - (end - start))
            flag = 0
        else:
            flag = 1
        size = len(out) - chunk_at
        out[chunk_at:chunk_at + 2] = struct.pack("<H", (size - 3) | (0b011 << 12) | (flag << 15))
        start = end
    return bytes(out)


def reference_match(data: bytes, start: int, cur: int, end: int) -> tuple[int, int]:
    """2.4.1.3.19.4 Matching: scan every earlier position in the chunk, keep the first longest."""
    best_len, best = 0, 0
    candidate = cur - 1
    while candidate >= start:
        c, d, length = candidate, cur, 0
        while d < end and data[d] == data[c]:
            length, c, d = length + 1, c + 1, d + 1
        if length > best_len:
            best_len, best = length, candidate
        candidate -= 1
    if best_len >= 3:
        diff = cur - start
        bit_count = max((diff - 1).bit_length(), 4)
        return cur - best, min(best_len, (0xFFFF >> bit_count) + 3)
    return 0, 0


repetitive = st.lists(st.sampled_from([b"a", b"ab", b"abc", b" ", b"    ", b"End Sub\r\n", b"x"]), max_size=120).map(b"".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), repetitive))
def test_fast_search_makes_the_same_choices_as_the_specification(data):
    assert compress(data) == reference_compress(data)


def test_same_choices_on_a_real_module_across_chunks():
    source = (xlwings_dir() / "xlwings.bas").read_bytes()[:4096 + 700]
    assert compress(source) == reference_compress(source)


# -- round trip through olevba's decompressor -------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=9000), repetitive))
def test_olevba_decompresses_what_we_compress(data):
    assert olevba_decompress(compress(data)) == data


def test_real_sources_round_trip_and_shrink():
    for path in [xlwings_dir() / "xlwings.bas", xlwings_dir() / "addin" / "Dictionary.cls"]:
        source = path.read_bytes()
        packed = compress(source)
        assert olevba_decompress(packed) == source
        assert len(packed) < len(source) * 0.6, path.name


def test_maximum_copy_length_follows_the_bit_count():
    """(0xFFFF >> bitCount) + 3: 4098 at the start of a chunk, 18 at its end (bitCount 12)."""
    assert copy_token_help(1) == (4, 4098)
    assert copy_token_help(16) == (4, 4098)
    assert copy_token_help(17) == (5, 2050)
    assert copy_token_help(2048) == (11, 34)
    assert copy_token_help(2049) == (12, 18)
    assert copy_token_help(4095) == (12, 18)
    # A long run late in a chunk must be cut into tokens of at most 18 bytes.
    data = bytes(range(256)) * 12 + b"z" * 1000
    packed = compress(data)
    assert olevba_decompress(packed) == data
    assert packed == reference_compress(data)


def test_incompressible_chunk_is_stored_raw():
    data = random.Random(7).randbytes(4096) + b"tail"
    packed = compress(data)
    assert packed[1:3] == b"\xff\x3f"  # header: size 4098, signature 0b011, flag 0 (raw)
    assert packed[3:3 + 4096] == data[:4096]
    assert olevba_decompress(packed) == data


def test_chunks_are_4096_bytes():
    data = b"Public Sub x()\r\nEnd Sub\r\n" * 400  # 9600 bytes: three chunks
    packed = compress(data)
    pos, chunks = 1, 0
    while pos < len(packed):
        header = struct.unpack_from("<H", packed, pos)[0]
        assert header >> 12 & 0b111 == 0b011
        pos += (header & 0x0FFF) + 3
        chunks += 1
    assert pos == len(packed) and chunks == 3
