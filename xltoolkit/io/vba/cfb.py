"""A minimal writer of compound files (MS-CFB version 3), the container of vbaProject.bin.

Only what a VBA project needs: storages and streams written once, 512-byte sectors, streams under
4096 bytes in the mini stream (64-byte mini sectors), at most 109 FAT sectors (a 7 MB file, no
DIFAT sectors), zero timestamps and class ids. The same entries always give the same bytes. On
PyPI `olefile` (the reference reader, used by the tests) cannot create files and the writers there
are young one-person packages; this is about 150 lines, checked against olefile and oletools.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
ENTRY = 128
MAX_FAT_SECTORS = 109  # all FAT sectors listed in the header's DIFAT; no DIFAT sectors
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
_IDS_PER_SECTOR = SECTOR // 4


@dataclass
class _Node:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Node] = field(default_factory=dict)
    sid: int = 0
    start: int = ENDOFCHAIN
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """The compound file holding `streams`, keyed by path ("VBA/dir"); storages are implied."""
    root = _tree(streams)
    nodes = _number(root)
    mini = [n for n in nodes if n.kind == STREAM and len(n.data) < MINI_CUTOFF]
    big = [n for n in nodes if n.kind == STREAM and len(n.data) >= MINI_CUTOFF]
    ministream, minifat = _mini_layout(mini)
    dir_sectors = _count(len(nodes) * ENTRY, SECTOR)
    minifat_sectors = _count(len(minifat) * 4, SECTOR)
    mini_sectors = _count(len(ministream), SECTOR)
    big_sectors = sum(_count(len(n.data), SECTOR) for n in big)
    rest = dir_sectors + minifat_sectors + mini_sectors + big_sectors
    fat_sectors = 1
    while fat_sectors * _IDS_PER_SECTOR < fat_sectors + rest:
        fat_sectors += 1
    if fat_sectors > MAX_FAT_SECTORS:
        raise ValueError("compound file too large for this writer (more than 109 FAT sectors)")

    fat: list[int] = [FATSECT] * fat_sectors
    dir_start = _chain(fat, dir_sectors)
    minifat_start = _chain(fat, minifat_sectors) if minifat_sectors else ENDOFCHAIN
    root.start = _chain(fat, mini_sectors) if mini_sectors else ENDOFCHAIN
    root.data = ministream
    body = bytearray()
    for n in big:
        n.start = _chain(fat, _count(len(n.data), SECTOR))
        body += _pad(n.data, SECTOR)
    fat += [FREESECT] * (fat_sectors * _IDS_PER_SECTOR - len(fat))

    directory = b"".join(_entry(n) for n in nodes)
    directory = _pad(directory + _unused_entries(dir_sectors * SECTOR - len(directory)), SECTOR)
    header = _header(fat_sectors, dir_start, minifat_start, minifat_sectors)
    return b"".join([
        header,
        struct.pack(f"<{len(fat)}I", *fat),
        directory,
        _pad(struct.pack(f"<{len(minifat)}I", *minifat), SECTOR) if minifat else b"",
        _pad(ministream, SECTOR),
        bytes(body),
    ])


def _tree(streams: dict[str, bytes]) -> _Node:
    root = _Node("Root Entry", ROOT)
    for path, data in streams.items():
        *folders, name = path.split("/")
        node = root
        for folder in folders:
            node = node.children.setdefault(folder, _Node(folder, STORAGE))
            if node.kind != STORAGE:
                raise ValueError(f"{path}: {folder} is a stream, not a storage")
        if name.upper() in (n.upper() for n in node.children):  # CFB names ignore case
            raise ValueError(f"{path} given twice")
        node.children[name] = _Node(name, STREAM, bytes(data))
    return root


def _number(root: _Node) -> list[_Node]:
    """Directory entries in order (root first, then each storage's children, depth first),
    each storage's children linked as a balanced binary search tree coloured red-black."""
    nodes = [root]

    def visit(node: _Node) -> None:
        kids = sorted(node.children.values(), key=_order)
        for kid in kids:
            if len(kid.name) > 31 or not kid.name:
                raise ValueError(f"name {kid.name!r}: 1 to 31 characters")
            kid.sid = len(nodes)
            nodes.append(kid)
        node.child = _balance(kids, 0, len(kids), 0, _depth(len(kids)))
        for kid in kids:
            visit(kid)

    visit(root)
    return nodes


def _order(node: _Node) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by upper-cased UTF-16 code units."""
    return len(node.name.encode("utf-16-le")), node.name.upper()


def _balance(kids: list[_Node], lo: int, hi: int, depth: int, deepest: int) -> int:
    """Root id of the subtree over kids[lo:hi]. Sibling subtrees differ by at most one node, so
    every leaf sits on the last two levels: nodes on the deepest level red, the rest black, gives
    every path the same number of black nodes and no red node a red child."""
    if lo >= hi:
        return NOSTREAM
    mid = (lo + hi) // 2
    node = kids[mid]
    node.color = RED if depth == deepest and depth > 0 else BLACK
    node.left = _balance(kids, lo, mid, depth + 1, deepest)
    node.right = _balance(kids, mid + 1, hi, depth + 1, deepest)
    return node.sid


def _depth(n: int) -> int:
    """Depth of the deepest node of a balanced tree of n nodes (root at depth 0)."""
    return max(n.bit_length() - 1, 0)


def _mini_layout(mini: list[_Node]) -> tuple[bytes, list[int]]:
    stream = bytearray()
    minifat: list[int] = []
    for n in mini:
        if not n.data:
            continue
        n.start = len(minifat)
        count = _count(len(n.data), MINI_SECTOR)
        minifat += [n.start + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        stream += _pad(n.data, MINI_SECTOR)
    if minifat:
        minifat += [FREESECT] * (-len(minifat) % _IDS_PER_SECTOR)
    return bytes(stream), minifat


def _chain(fat: list[int], count: int) -> int:
    """Append a chain of `count` sectors to the FAT; returns its first sector."""
    start = len(fat)
    fat += [start + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
    return start


def _entry(n: _Node) -> bytes:
    name = n.name.encode("utf-16-le") + b"\x00\x00"
    size = len(n.data) if n.kind in (STREAM, ROOT) else 0
    start = n.start if n.kind in (STREAM, ROOT) and size else (ENDOFCHAIN if n.kind != STORAGE else 0)
    return struct.pack(
        "<64sHBBIII16sIQQIQ", name, len(name), n.kind, n.color, n.left, n.right, n.child,
        b"\x00" * 16, 0, 0, 0, start, size,
    )


def _unused_entries(size: int) -> bytes:
    empty = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\x00" * 16, 0, 0, 0, 0, 0)
    return empty * (size // ENTRY)


def _header(fat_sectors: int, dir_start: int, minifat_start: int, minifat_sectors: int) -> bytes:
    difat = list(range(fat_sectors)) + [FREESECT] * (MAX_FAT_SECTORS - fat_sectors)
    return struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, fat_sectors, dir_start, 0, MINI_CUTOFF, minifat_start, minifat_sectors, ENDOFCHAIN, 0,
        *difat,
    )


def _count(size: int, unit: int) -> int:
    return -(-size // unit)


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\x00" * (-len(data) % unit)
