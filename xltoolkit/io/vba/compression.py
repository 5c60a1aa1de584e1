"""MS-OVBA compression (section 2.4.1): the run-length encoding of every VBA stream.

The output is exactly what the specification's pseudo-code produces: for each position the
longest earlier match in the same 4096-byte chunk, the nearest one when several are equally long
(the search runs backwards and only a strictly longer match replaces the best), cut to the copy
token's maximum length `(0xFFFF >> bitCount) + 3`. A chunk whose tokens would not fit in 4096
bytes is stored raw. The search is indexed by the first three bytes (a shorter match is never
used), which gives the same choices as the specification's scan at a fraction of the cost; the
tests compare both on random input.
"""

from __future__ import annotations

CHUNK = 4096
SIGNATURE = 0x01
_MIN_MATCH = 3


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01, then one chunk per 4096 input bytes."""
    out = bytearray([SIGNATURE])
    for start in range(0, len(data), CHUNK):
        out += _chunk(data, start, min(start + CHUNK, len(data)))
    return bytes(out)


def copy_token_help(difference: int) -> tuple[int, int]:
    """(bit count of the offset, maximum copy length) at `difference` bytes into a chunk (2.4.1.3.19.1)."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _chunk(data: bytes, start: int, end: int) -> bytes:
    tokens = _tokens(data, start, end)
    if len(tokens) <= CHUNK:
        return _header(len(tokens) + 2, compressed=True) + tokens
    raw = data[start:end].ljust(CHUNK, b"\x00")  # 2.4.1.3.10: a raw chunk is always 4096 bytes
    return _header(CHUNK + 2, compressed=False) + raw


def _header(size: int, compressed: bool) -> bytes:
    """CompressedChunkHeader: size - 3 in 12 bits, signature 0b011, flag bit."""
    value = (size - 3) | (0b011 << 12) | (0x8000 if compressed else 0)
    return value.to_bytes(2, "little")


def _tokens(data: bytes, start: int, end: int) -> bytearray:
    """Token sequences (a flag byte, then up to eight literal or copy tokens) for one chunk."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _match(data, start, pos, end, seen)
            if length:
                bit_count, _ = copy_token_help(pos - start)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(data[pos])
                length = 1
            for p in range(pos, pos + length):
                if p + _MIN_MATCH <= end:
                    seen.setdefault(data[p:p + _MIN_MATCH], []).append(p)
            pos += length
        out[flag_at] = flags
    return out


def _match(data: bytes, start: int, pos: int, end: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """(offset, length) of the copy token at `pos`, or (0, 0) for a literal (2.4.1.3.19.4)."""
    if pos + _MIN_MATCH > end:
        return 0, 0
    candidates = seen.get(data[pos:pos + _MIN_MATCH])
    if not candidates:
        return 0, 0
    best_len, best_at, most = 0, 0, end - pos
    for cand in reversed(candidates):  # nearest first; only a strictly longer match wins
        if best_len and data[cand + best_len] != data[pos + best_len]:
            continue
        length = _common_prefix(data, cand, pos, most)
        if length > best_len:
            best_len, best_at = length, cand
            if best_len == most:
                break
    _, maximum = copy_token_help(pos - start)
    return pos - best_at, min(best_len, maximum)


def _common_prefix(data: bytes, a: int, b: int, limit: int) -> int:
    """How many bytes from `a` equal those from `b` (at most `limit`); the ranges may overlap."""
    lo, hi = 0, limit
    while lo < hi:  # largest n with data[a:a+n] == data[b:b+n], by bisection on memcmp
        mid = (lo + hi + 1) // 2
        if data[a:a + mid] == data[b:b + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo
