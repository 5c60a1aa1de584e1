"""A seeded mutation fuzzer for the commands that read a board's workbook (issue 12).

    mutants = make_mutants(bases, n=200, seed=12)   # the same seed gives the same files
    results = run_mutants(mutants, folder)          # one Result per (mutant, command)
    summary(results)                                # figures per command, and every failure

`make_mutants` damages real workbooks the ways a broken disk, a careless tool or an attacker
would: bit flips, truncation, zip entries removed, duplicated or oddly compressed, XML tags,
attributes and text mutated, defined names bent, hostile cell values, very many rows or cells.

`run_mutants` puts every mutant through the CLI in child processes. Why a child: only from
outside can a memory limit (RLIMIT_AS) and a hang be enforced. Why one child for many mutants:
starting Python and importing the toolkit costs two seconds; the child imports once and then
runs the typer app in-process per command, as the `xltoolkit` script does: an uncaught
exception becomes a traceback on stderr and stdout is strict UTF-8, like a terminal's.

Run as a script it is that child (`python fuzz.py --worker MB`); tests/test_fuzz.py and
benchmarks/bench_fuzz.py are the callers. `run_cli(args)` is one such in-process run, for tests
that check a single damaged file (tests/test_bad_input.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import select
import subprocess
import sys
import threading
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

EXIT_CODES = frozenset({0, 1, 2})  # the documented exit codes of validate, reconcile and report
SECONDS = float(os.environ.get("XLTOOLKIT_FUZZ_SECONDS", "5"))  # budget per command, in-process
MEMORY_MB = float(os.environ.get("XLTOOLKIT_FUZZ_MB", "400"))  # budget: peak RSS of the child during a command
HANG_SECONDS = 4 * SECONDS  # a command still running then is killed and counted as a hang
LIMIT_AS_MB = 1024  # extra address space the child may take on top of what its imports use
MAX_FILE = 10 * 1024 * 1024  # the promise is about files under 10 MB
_REPLY = "@@fuzz "


# -- mutants --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    name: str  # "0042-cell_value-000_smart_limburg"
    family: str
    suffix: str  # ".xlsx" or ".xlsm", as the base
    data: bytes


Mutator = Callable[[bytes, random.Random], bytes]
MUTATORS: dict[str, Mutator] = {}


def mutator(fn: Mutator) -> Mutator:
    MUTATORS[fn.__name__] = fn
    return fn


class Mutants(Sequence[Mutant]):
    """`n` mutants of `bases`, made when asked for (a mutant may be megabytes; a run holds only
    the ones being run). Families are taken in turn, so 200 mutants cover every family, and each
    mutant has a random generator of its own: mutant i is the same whatever `n` is."""

    def __init__(self, bases: dict[str, Path], n: int, seed: int) -> None:
        self.names = sorted(bases)
        self.paths = {name: bases[name] for name in self.names}
        self.data = {name: bases[name].read_bytes() for name in self.names}
        self.n, self.seed = n, seed

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        if not 0 <= i < self.n:
            raise IndexError(i)
        rng = random.Random(f"{self.seed}:{i}")
        family = FAMILIES[i % len(FAMILIES)]
        base = self.names[rng.randrange(len(self.names))]
        mutated = MUTATORS[family](self.data[base], rng)
        return Mutant(f"{i:04d}-{family}-{Path(base).stem}", family, self.paths[base].suffix, mutated)


def make_mutants(bases: dict[str, Path], n: int, seed: int) -> Mutants:
    return Mutants(bases, n, seed)


# -- zip and XML helpers --


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


_WARNINGS = threading.Lock()  # catch_warnings changes process state: one thread at a time


def _zip(entries: Iterable[tuple[zipfile.ZipInfo | str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with _WARNINGS, warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as zf:
        warnings.simplefilter("ignore")  # duplicate names are the point of one mutator
        for info, body in entries:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), body, compress_type=method)
    return out.getvalue()


def _names(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(defined name -> reference, sheet name -> part) of an undamaged base."""
    from xltoolkit.io.xlsx import Workbook

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        wb = Workbook(zf)
        return dict(wb.defined_names), dict(wb.sheet_paths)


def _edit(data: bytes, part: str, fn: Callable[[str], str]) -> bytes:
    """The workbook with one part's text replaced by `fn(text)` (every other part as it was)."""
    entries = _entries(data)
    out = []
    for info, body in entries:
        if info.filename == part:
            body = fn(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        out.append((info, body))
    return _zip(out)


def _xml_part(data: bytes, rng: random.Random) -> str:
    """A part worth damaging: the sheets, workbook, shared strings and rels are read; others not."""
    names = [i.filename for i, _ in _entries(data)]
    read = [n for n in names if n.endswith((".xml", ".rels")) and ("worksheets/" in n or "workbook" in n or "sharedStrings" in n)]
    return rng.choice(read if rng.random() < 0.85 else names)


def _field_cell(data: bytes, rng: random.Random) -> tuple[str, str, str]:
    """(sheet part, cell address, defined name) of a random input cell: a field or a table cell."""
    from xltoolkit.io.xlsx import parse_reference, rowcol_to_ref
    from xltoolkit.spec import load_spec

    names, sheets = _names(data)
    spec = load_spec()
    inputs = [f.id for f in spec.fields] + [f"aanwending_{c.id}" for c in spec.columns]
    name = rng.choice([n for n in inputs if n in names])
    t = parse_reference(names[name])
    row = rng.randint(t.first[0], t.last[0])
    col = rng.randint(t.first[1], t.last[1])
    return sheets[t.sheet], rowcol_to_ref(row, col), name


def set_cell(xml: str, ref: str, attrs: str, inner: str) -> str:
    """The sheet XML with cell `ref` replaced by `<c r=ref attrs>inner</c>` (added when absent)."""
    new = f'<c r="{ref}" {attrs}>{inner}</c>'
    m = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, re.DOTALL)
    if m:
        return xml[: m.start()] + new + xml[m.end():]
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)  # type: ignore[union-attr]
    m = re.search(rf'<row r="{row}"[^>]*?(/>|>)', xml)
    if m and m.group(1) == ">":
        return xml[: m.end()] + new + xml[m.end():]
    if m:
        return xml[: m.start()] + m.group(0)[:-2] + ">" + new + "</row>" + xml[m.end():]
    return xml.replace("</sheetData>", f'<row r="{row}">{new}</row></sheetData>')


# -- hostile values (the families of issue 12; tests/test_bad_input.py pins each one) --

DIGITS_5000 = "9" * 5000
HOSTILE_CELLS: tuple[tuple[str, str], ...] = (
    ('t="s"', "<v>999999</v>"), ('t="s"', "<v>-1</v>"), ('t="s"', "<v>abc</v>"), ('t="s"', "<v>1.5</v>"),
    ('t="s"', f"<v>{DIGITS_5000}</v>"), ('t="s"', "<v></v>"),
    ("", "<v>abc</v>"), ("", "<v>1e308</v>"), ("", "<v>-1e308</v>"), ("", "<v>1e309</v>"), ("", "<v>NaN</v>"),
    ("", "<v>inf</v>"), ("", "<v>-inf</v>"), ("", f"<v>{DIGITS_5000}</v>"), ("", f"<v>-{DIGITS_5000}</v>"),
    ("", "<v>1e30</v>"), ("", "<v>-1e30</v>"), ("", "<v>1e-300</v>"), ("", "<v>0x10</v>"), ("", "<v>1_000</v>"),
    ("", "<v> 12 </v>"), ("", "<v></v>"), ('t="n"', "<v>12.5.3</v>"),
    ('t="d"', "<v>2024-03-01</v>"), ('t="d"', "<v>2024-03-01T10:20:30</v>"), ('t="d"', "<v>gisteren</v>"),
    ('t="d"', "<v>99999-01-01</v>"),
    ('t="zz"', "<v>12</v>"), ('t=""', "<v>12</v>"), ('t="b"', "<v>2</v>"), ('t="b"', "<v>ja</v>"), ('t="e"', "<v>#N/A</v>"),
    ('t="str"', "<v>_xD800_</v>"), ('t="str"', "<v>_xDFFF_ en _xD83D_</v>"),
    ('t="inlineStr"', "<is><t>a_xD800_b</t></is>"), ('t="inlineStr"', "<is><t>_x0001_ _x0000_ _xFFFE_</t></is>"),
    ('t="inlineStr"', f"<is><t>{DIGITS_5000}</t></is>"), ('t="inlineStr"', f"<is><t>-{DIGITS_5000}</t></is>"),
    ('t="inlineStr"', "<is><t>1e308</t></is>"), ('t="inlineStr"', "<is><t>NaN</t></is>"),
    ('t="inlineStr"', "<is><t>NaN%</t></is>"), ('t="inlineStr"', "<is><t>inf</t></is>"),
    ('t="inlineStr"', "<is><t>€ 9.999.999.999.999.999,99</t></is>"), ('t="inlineStr"', "<is><t>150%</t></is>"),
    ('t="inlineStr"', f"<is><t>{'x' * 40000}</t></is>"), ('t="inlineStr"', "<is><t>=cmd|'/c calc'!A1</t></is>"),
    ('t="inlineStr"', "<is><t>1000000000000000000000</t></is>"), ('t="inlineStr"', "<is></is>"), ('t="inlineStr"', ""),
    ("", "<f>1/0</f>"), ('t="str"', "<f>A1</f><v>_xD800_</v>"), ("", "<f>A1</f><v>NaN</v>"),
)
HOSTILE_TEXT = ("", " ", "-1", "999999999", DIGITS_5000, "1e308", "NaN", "_xD800_", "_x0000_", "&amp;&lt;", "\u00e9\u20ac",
                "x" * 70000, "$A$1:$XFD$1048576", "#REF!", "'", "''!A1")
HOSTILE_ATTR = ("", "-1", "0", "999999999999", "1A", "ZZZZ99999999999", "A0", "XFE1", "a1", "zz", "s", "d", "str",
                "inlineStr", "e", "b", "_xD800_", "A1:XFD1048576", "1e308", "NaN", DIGITS_5000)
BENT_REFS = ("{s}!$A$1:$XFD$1048576", "{s}!$1:$1048576", "{s}!$A:$XFD", "{s}!$A$1:$A$200000", "#REF!", "'Weg'!$A$1",
             "{s}!$B$5:$A$1", "{s}!$A$0", "{s}!$A$99999999999", "{s}!$ZZZZ$1", "[1]{s}!$A$1", "{s}!$A$1,{s}!$B$2",
             "OFFSET({s}!$A$1,0,0)", "", "'''!$A$1", "{s}!R1C1", "=1/0", "{s}!$A$1+1", "{s}!$XFD$1048576",
             "'{r}'!$A$1:$A$5", "{s}!$C$3:$C$1048576", "{s}!$C$3:$XFD$3")
CELL_REFS = ("1A", "ZZZZ99999999999", "A0", "", "A1048577", "XFE1", "a1", "A 1", "A-1", "$A$1", "A99999999999999999999", "AAAA1")


# -- byte level --


@mutator
def bit_flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


@mutator
def compressed_byte(data: bytes, rng: random.Random) -> bytes:
    """A byte changed inside one entry's compressed data: the CRC or the inflater must notice."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = rng.choice([i for i in zf.infolist() if i.compress_size > 0])
    start = info.header_offset + 30 + int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little") \
        + int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        out[start + rng.randrange(info.compress_size)] = rng.randrange(256)
    return bytes(out)


@mutator
def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


@mutator
def garbage(data: bytes, rng: random.Random) -> bytes:
    """Random bytes inserted or overwritten somewhere: every offset after it is wrong."""
    i = rng.randrange(len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return data[:i] + junk + data[i + (len(junk) if rng.random() < 0.5 else 0):]


# -- zip level --


@mutator
def zip_drop(data: bytes, rng: random.Random) -> bytes:
    entries = _entries(data)
    names = [i.filename for i, _ in entries]
    key = rng.choice(["xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", None])
    drop = key if key in names else rng.choice(names)
    return _zip(e for e in entries if e[0].filename != drop)


@mutator
def zip_duplicate(data: bytes, rng: random.Random) -> bytes:
    """An entry twice; the second copy empty, truncated or the same."""
    entries = _entries(data)
    info, body = rng.choice(entries)
    copy = rng.choice([b"", body[: len(body) // 2], body])
    at = rng.randrange(len(entries) + 1)
    return _zip([*entries[:at], (info, copy), *entries[at:]])


@mutator
def zip_method(data: bytes, rng: random.Random) -> bytes:
    """An entry's compression method patched to another (unsupported or not matching the data)."""
    return _patch_central(data, rng, offset=10, value=rng.choice([0, 1, 6, 9, 12, 14, 93, 97, 98, 99]))


@mutator
def zip_flags(data: bytes, rng: random.Random) -> bytes:
    """An entry's general-purpose flags: encrypted, strong encryption, data descriptor, UTF-8."""
    return _patch_central(data, rng, offset=8, value=rng.choice([1, 0x41, 8, 0x800, 0xFFFF]))


@mutator
def zip_sizes(data: bytes, rng: random.Random) -> bytes:
    """An entry's declared sizes: huge, zero or off by one (a zip bomb claims small, a fake claims big)."""
    value = rng.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 5 * 1024 * 1024 * 1024 % 2**32])
    return _patch_central(data, rng, offset=rng.choice([20, 24]), value=value, width=4)


@mutator
def zip_recompress(data: bytes, rng: random.Random) -> bytes:
    """Every entry stored, bzip2- or lzma-compressed: unusual but valid, so it must read."""
    return _zip(_entries(data), rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))


def _patch_central(data: bytes, rng: random.Random, offset: int, value: int, width: int = 2) -> bytes:
    """Patch a field of one entry's central-directory record (and, for method and flags, its local header)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        start = zf.start_dir  # type: ignore[attr-defined]
    k = rng.randrange(len(infos))
    out = bytearray(data)
    pos = start
    for _ in range(k):
        n, m, c = (int.from_bytes(out[pos + o: pos + o + 2], "little") for o in (28, 30, 32))
        pos += 46 + n + m + c
    out[pos + offset: pos + offset + width] = value.to_bytes(width, "little")
    if offset in (8, 10):
        local = infos[k].header_offset
        out[local + offset - 2: local + offset - 2 + width] = value.to_bytes(width, "little")
    return bytes(out)


# -- XML level --


@mutator
def xml_truncate(data: bytes, rng: random.Random) -> bytes:
    return _edit(data, _xml_part(data, rng), lambda xml: xml[: rng.randrange(len(xml) + 1)])


@mutator
def xml_tag(data: bytes, rng: random.Random) -> bytes:
    """One element renamed, its start tag dropped, or the element duplicated."""
    def fn(xml: str) -> str:
        tags = list(re.finditer(r"<([A-Za-z][\w:]*)\b[^>]*?(/?)>", xml))
        if not tags:
            return xml
        m = rng.choice(tags)
        how = rng.randrange(3)
        if how == 0:
            return xml[: m.start()] + m.group(0).replace(m.group(1), rng.choice(["x", "c", "row", "v", "si", "t", "sheetData"]), 1) + xml[m.end():]
        if how == 1:
            return xml[: m.start()] + xml[m.end():]
        close = -1 if m.group(2) else xml.find(f"</{m.group(1)}>", m.end())
        element = xml[m.start(): close + len(m.group(1)) + 3] if close >= 0 else m.group(0)
        return xml[: m.start()] + element * rng.choice([2, 50]) + xml[m.start():]
    return _edit(data, _xml_part(data, rng), fn)


@mutator
def xml_attr(data: bytes, rng: random.Random) -> bytes:
    def fn(xml: str) -> str:
        attrs = list(re.finditer(r'\s([\w:]+)="([^"]*)"', xml))
        if not attrs:
            return xml
        m = rng.choice(attrs)
        value = rng.choice(HOSTILE_ATTR)
        return xml[: m.start(2)] + value + xml[m.end(2):] if rng.random() < 0.85 else xml[: m.start()] + xml[m.end():]
    return _edit(data, _xml_part(data, rng), fn)


@mutator
def xml_text(data: bytes, rng: random.Random) -> bytes:
    def fn(xml: str) -> str:
        texts = list(re.finditer(r">([^<>]+)<", xml))
        if not texts:
            return xml
        m = rng.choice(texts)
        return xml[: m.start(1)] + rng.choice(HOSTILE_TEXT) + xml[m.end(1):]
    return _edit(data, _xml_part(data, rng), fn)


@mutator
def xml_deep(data: bytes, rng: random.Random) -> bytes:
    """Very deep nesting inside a cell, a shared string or the workbook (recursion limits)."""
    depth = rng.choice([1000, 100_000])
    deep = "<x>" * depth + "</x>" * depth

    def fn(xml: str) -> str:
        anchors = [m.end() for m in re.finditer(r"<(?:c|si|sheetData|definedNames|row)\b[^>]*[^/]>", xml)] or [len(xml) // 2]
        i = rng.choice(anchors)
        return xml[:i] + deep + xml[i:]
    return _edit(data, _xml_part(data, rng), fn)


@mutator
def xml_bytes(data: bytes, rng: random.Random) -> bytes:
    """Bytes XML may not hold: invalid UTF-8, NUL, control characters, a byte-order mark midway."""
    junk = rng.choice(["\udcff\udcfe", "\x00", "\x01\x02", "\ufeff", "\udcc3(", "&#0;", "&#xD800;", "&bogus;", "]]>"])

    def fn(xml: str) -> str:
        i = rng.randrange(len(xml) + 1)
        return xml[:i] + junk + xml[i:]
    return _edit(data, _xml_part(data, rng), fn)


@mutator
def xml_namespace(data: bytes, rng: random.Random) -> bytes:
    """Another namespace (Strict OOXML, a prefix, none): the same content, spelled differently."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    other = rng.choice(["http://purl.oclc.org/ooxml/spreadsheetml/main", "", "urn:x"])
    return _edit(data, _xml_part(data, rng), lambda xml: xml.replace(f'xmlns="{main}"', f'xmlns="{other}"'))


# -- defined names --


@mutator
def name_bend(data: bytes, rng: random.Random) -> bytes:
    """A defined name pointing somewhere it should not: the whole sheet, another sheet, nowhere."""
    names, sheets = _names(data)
    name = rng.choice(sorted(names))
    sheet = names[name].rpartition("!")[0] or "'Gegevens'"
    ref = rng.choice(BENT_REFS).format(s=sheet, r=rng.choice(sorted(sheets)))

    def fn(xml: str) -> str:
        pattern = rf'(<definedName name="{re.escape(name)}"[^>]*>)[^<]*(</definedName>)'
        escaped = ref.replace("&", "&amp;").replace("<", "&lt;")
        if rng.random() < 0.2:  # the name twice, the second one bent
            m = re.search(pattern, xml)
            return xml[: m.end()] + m.group(1) + escaped + m.group(2) + xml[m.end():] if m else xml
        return re.sub(pattern, lambda m: m.group(1) + escaped + m.group(2), xml)
    return _edit(data, "xl/workbook.xml", fn)


@mutator
def whole_sheet(data: bytes, rng: random.Random) -> bytes:
    """Every input name of one kind stretched over the whole sheet ($A$1:$XFD$1048576)."""
    kind = rng.choice(["aanwending", "regios", "_nummers", "bestuur", ""])

    def fn(xml: str) -> str:
        return re.sub(rf'(<definedName name="[^"]*{kind}[^"]*"[^>]*>)([^<]*?)!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?(</definedName>)',
                      lambda m: f"{m.group(1)}{m.group(2)}!$A$1:$XFD$1048576{m.group(3)}", xml)
    return _edit(data, "xl/workbook.xml", fn)


# -- cells --


@mutator
def cell_value(data: bytes, rng: random.Random) -> bytes:
    part, ref, _ = _field_cell(data, rng)
    attrs, inner = rng.choice(HOSTILE_CELLS)
    return _edit(data, part, lambda xml: set_cell(xml, ref, attrs, inner))


@mutator
def cell_ref(data: bytes, rng: random.Random) -> bytes:
    """A cell's r attribute bent (or a field's cell moved to a bent address)."""
    part, ref, _ = _field_cell(data, rng)
    bad = rng.choice(CELL_REFS)

    def fn(xml: str) -> str:
        xml = set_cell(xml, ref, 't="inlineStr"', "<is><t>verplaatst</t></is>")
        return xml.replace(f'<c r="{ref}"', f'<c r="{bad}"', 1)
    return _edit(data, part, fn)


@mutator
def shared_strings(data: bytes, rng: random.Random) -> bytes:
    """The shared strings: gone, emptied, fewer than the cells use, or holding surrogates."""
    how = rng.randrange(5)
    if how == 0:
        return _zip(e for e in _entries(data) if e[0].filename != "xl/sharedStrings.xml")

    def fn(xml: str) -> str:
        items = list(re.finditer(r"<si>.*?</si>", xml, re.DOTALL))
        if how == 1:
            return re.sub(r"<si>.*?</si>", "", xml, flags=re.DOTALL)
        if how == 2 and items:
            cut = items[rng.randrange(len(items))]
            return xml[: cut.start()] + "</sst>"
        if how == 3 and items:
            m = rng.choice(items)
            return xml[: m.start()] + rng.choice(["<si><t>_xD800_</t></si>", "<si><t>a_xDBFF__xDC00_b_xDC00_</t></si>",
                                                   "<si><r><t>x</t></r><rPh><t>y</t></rPh></si>", "<si/>"]) + xml[m.end():]
        return xml.replace("<si>", "<si><t>_xD83D_</t>", rng.randint(1, 50))
    return _edit(data, "xl/sharedStrings.xml", fn) if "xl/sharedStrings.xml" in {i.filename for i, _ in _entries(data)} else data


# -- size --


@mutator
def many_rows(data: bytes, rng: random.Random) -> bytes:
    """The aanwending names stretched over up to a million rows, with up to 150,000 rows filled."""
    names, sheets = _names(data)
    from xltoolkit.io.xlsx import parse_reference, rowcol_to_ref

    t = parse_reference(names["aanwending_bedrag"])
    filled = rng.choice([0, 1000, 20_000, 150_000])
    end = max(rng.choice([5_000, 200_000, 1_048_576]), 100_000 + filled)
    text_col = rowcol_to_ref(1, parse_reference(names["aanwending_omschrijving"]).first[1])[:-1]
    amount_col = rowcol_to_ref(1, t.first[1])[:-1]
    rows = "".join(f'<row r="{r}"><c r="{text_col}{r}" t="inlineStr"><is><t>regel {r}</t></is></c>'
                   f'<c r="{amount_col}{r}"><v>{r}</v></c></row>' for r in range(100_000, 100_000 + filled))
    data = _edit(data, "xl/workbook.xml", lambda xml: re.sub(
        r'(<definedName name="aanwending[^"]*"[^>]*>[^<]*?:\$[A-Z]+\$)\d+', lambda m: f"{m.group(1)}{end}", xml))
    return _edit(data, sheets[t.sheet], lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))


@mutator
def many_cells(data: bytes, rng: random.Random) -> bytes:
    """A sheet with hundreds of thousands of cells, or many shared strings, in a file under 10 MB."""
    _, sheets = _names(data)
    part = rng.choice(sorted(sheets.values()))
    n = rng.choice([10_000, 300_000, 1_000_000])
    if rng.random() < 0.3:
        strings = "".join(f"<si><t>{i}</t></si>" for i in range(n))
        return _edit(data, "xl/sharedStrings.xml", lambda xml: re.sub(r"(<sst\b[^>]*>)", lambda m: m.group(1) + strings, xml, count=1))
    from xltoolkit.io.xlsx import rowcol_to_ref

    per_row = 16384 if rng.random() < 0.5 else 20
    rows = "".join(f'<row r="{200_000 + k}">' + "".join(f'<c r="{rowcol_to_ref(200_000 + k, j + 1)}"><v>{j}</v></c>'
                                                           for j in range(min(per_row, n - k * per_row)))
                   + "</row>" for k in range(-(-n // per_row)))
    return _edit(data, part, lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))


@mutator
def declared_size(data: bytes, rng: random.Random) -> bytes:
    """Declarations of size that nothing should allocate by: dimension, columns, spans, row numbers."""
    _, sheets = _names(data)
    part = rng.choice(sorted(sheets.values()))
    decl = rng.choice(['<dimension ref="A1:XFD1048576"/>', '<cols><col min="1" max="2000000000" width="9"/></cols>',
                       '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="255"/>'])

    def fn(xml: str) -> str:
        xml = re.sub(r"<dimension[^>]*/>", "", xml)
        xml = re.sub(r'spans="[^"]*"', 'spans="1:16384"', xml)
        if rng.random() < 0.5:
            xml = xml.replace("</sheetData>", '<row r="1048576" spans="1:2000000000"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
        return xml.replace("<sheetData", decl + "<sheetData", 1)
    return _edit(data, part, fn)


FAMILIES = tuple(sorted(MUTATORS))


# -- running --------------------------------------------------------------------------------------


def commands_for(index: int, path: Path) -> list[tuple[str, list[str]]]:
    """The commands a mutant goes through: validate and reconcile as JSON (the machine interface)
    always, as text every third time, and the report in Word, Markdown or HTML in turn (Word, the
    default, is the slowest writer: every fifth mutant gets it)."""
    out = path.parent / "rapport"
    fmt = ("docx", "md", "html", "md", "html")[index % 5]
    cmds = [("validate --json", ["validate", str(path), "--json"]), ("reconcile --json", ["reconcile", str(path), "--json"]),
            (f"report {fmt}", ["report", str(path)] if fmt == "docx" else ["report", str(path), "-o", f"{out}.{fmt}"])]
    if index % 3 == 1:
        cmds += [("validate", ["validate", str(path)]), ("reconcile", ["reconcile", str(path)])]
    if index % 4 == 2:  # on a copy (write_copy): the file is either untouched or keeps every zip entry
        copy = str(write_copy(path))
        cmds += [("validate --write", ["validate", copy, "--write"]), ("reconcile --write", ["reconcile", copy, "--write"])]
    return cmds


def write_copy(path: Path) -> Path:
    """Where `--write` works: a copy of the mutant, so the input itself is still checked unchanged."""
    return path.with_name(f"kopie{path.suffix}")


def entries_lost(before: bytes, after: bytes) -> bool:
    """Did `--write` lose something? Unchanged bytes never did; a changed file must still hold
    every zip entry the original had (when the original was a zip one could list at all)."""
    if before == after:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(before)) as zf:
            names = set(zf.namelist())
    except Exception:  # noqa: BLE001 - not a listable zip: nothing to lose, but writing it was wrong
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(after)) as zf:
            return not names <= set(zf.namelist())
    except Exception:  # noqa: BLE001 - the written file is no zip any more
        return True


@dataclass
class Result:
    mutant: str
    family: str
    command: str
    code: int | None  # None: the child was killed (a hang) or died
    seconds: float
    rss_mb: float
    traceback: str = ""  # the last line of a traceback on stderr
    changed: bool = False  # the input file's bytes changed
    lost: bool = False  # `--write` wrote a file without every zip entry of the original
    hang: bool = False
    size: int = 0

    @property
    def problem(self) -> str | None:
        """What is wrong with this run, or None."""
        if self.hang:
            return f"hangs (killed after {HANG_SECONDS:.0f} s)"
        if self.traceback:
            return f"traceback: {self.traceback}"
        if self.code not in EXIT_CODES:
            return f"exit code {self.code}"
        if self.changed:
            return "input file changed"
        if self.lost:
            return "--write lost zip entries"
        if self.seconds > SECONDS:
            return f"took {self.seconds:.1f} s (budget {SECONDS:.0f} s)"
        if self.rss_mb > MEMORY_MB:
            return f"used {self.rss_mb:.0f} MB (budget {MEMORY_MB:.0f} MB)"
        return None


def run_mutants(mutants: Sequence[Mutant], folder: Path, workers: int = 2) -> list[Result]:
    """Every mutant through every command of `commands_for`, in `workers` child processes (each
    mutant is made by the thread that runs it, while the other children work)."""
    folder.mkdir(parents=True, exist_ok=True)
    local = threading.local()
    pool: list[_Worker] = []

    def one(index: int) -> list[Result]:
        if not hasattr(local, "worker"):
            local.worker = _Worker()
            pool.append(local.worker)
        return _run_mutant(local.worker, index, mutants[index], folder)

    try:
        with ThreadPoolExecutor(workers) as ex:
            return [r for rs in ex.map(one, range(len(mutants))) for r in rs]
    finally:
        for w in pool:
            w.close()


def _run_mutant(worker: _Worker, index: int, mutant: Mutant, folder: Path) -> list[Result]:
    where = folder / mutant.name
    where.mkdir(exist_ok=True)
    path = where / f"werkboek{mutant.suffix}"
    path.write_bytes(mutant.data)
    digest = hashlib.sha256(mutant.data).hexdigest()
    results = []
    copy = write_copy(path)
    for label, args in commands_for(index, path):
        if label.endswith("--write"):
            copy.write_bytes(mutant.data)
        reply = worker.run(args)
        changed = hashlib.sha256(path.read_bytes()).hexdigest() != digest
        lost = label.endswith("--write") and entries_lost(mutant.data, copy.read_bytes())
        if reply is None:
            results.append(Result(mutant.name, mutant.family, label, None, HANG_SECONDS, 0, hang=True, changed=changed,
                                  lost=lost, size=len(mutant.data)))
            continue
        results.append(Result(mutant.name, mutant.family, label, reply["code"], reply["seconds"], reply["rss_mb"],
                              reply["traceback"], changed, lost, size=len(mutant.data)))
    return results


class _Worker:
    """One child process running commands in-process, under RLIMIT_AS; restarted after a hang."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.buffer = b""
        self.started = False

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        return subprocess.Popen([sys.executable, __file__, "--worker", str(LIMIT_AS_MB)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def run(self, args: list[str]) -> dict | None:
        """The reply of the child, or None when it did not answer in time (it is then killed)."""
        if self.proc is None or self.proc.poll() is not None:
            self.proc, self.buffer, self.started = self._start(), b"", False
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write((json.dumps(args) + "\n").encode())
        self.proc.stdin.flush()
        deadline = time.monotonic() + HANG_SECONDS + (0 if self.started else 60)  # the first job waits for the imports
        fd = self.proc.stdout.fileno()
        while True:
            line, sep, rest = self.buffer.partition(b"\n")
            if sep:
                self.buffer = rest
                text = line.decode("utf-8", "replace")
                if text.startswith(_REPLY):
                    reply = json.loads(text[len(_REPLY):])
                    if reply["traceback"].startswith("MemoryError"):
                        self._kill()  # the child stops after a MemoryError; start a fresh one next time
                    return reply
                if text == "@@started":  # imports done: from now on the budget is the hang limit
                    self.started, deadline = True, time.monotonic() + HANG_SECONDS
                continue
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk and (ready or left <= 0):
                died = self.proc.poll()
                self._kill()
                if died is not None:  # the child died (a signal, or exit without a reply)
                    return {"code": died, "seconds": 0.0, "rss_mb": 0.0, "traceback": ""}
                return None
            self.buffer += chunk

    def _kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self._kill()


# -- the child --


def _worker_main(limit_mb: float) -> None:
    """Read jobs (JSON argument lists) on stdin, run each as `xltoolkit ARGS` in-process, and reply
    with the exit code, the time, the peak memory and the traceback if there was one."""
    import resource

    import xltoolkit.cli
    import xltoolkit.services.report
    import xltoolkit.services.validate  # noqa: F401

    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    address_space = _status_kb("VmSize") * 1024 + int(limit_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    out.write("@@started\n")
    out.flush()
    for line in sys.stdin:
        run = run_cli(json.loads(line))
        reply = {"code": run.code, "seconds": run.seconds, "rss_mb": run.rss_mb, "traceback": run.traceback}
        out.write(_REPLY + json.dumps(reply) + "\n")
        out.flush()
        if reply["traceback"].startswith("MemoryError"):
            return  # a process that ran out of memory may be in any state: the parent starts a new one


@dataclass
class CliRun:
    """One `xltoolkit ARGS` run in this process: what a user would see."""

    code: int
    stdout: bytes
    stderr: str
    seconds: float
    rss_mb: float

    @property
    def traceback(self) -> str:
        return _traceback_line(self.stderr)


def run_cli(args: list[str], app=None) -> CliRun:
    """Run `xltoolkit ARGS` (or another typer `app`) in this process as the installed script
    would: stdout is strict UTF-8 (a text that cannot be encoded fails, as on a terminal or a
    pipe), and an exception that escapes the command is printed as a traceback and gives exit code 1."""
    if app is None:
        from xltoolkit.cli import app

    stdout, stderr = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr
    out_text = sys.stdout = io.TextIOWrapper(stdout, encoding="utf-8", errors="strict", write_through=True)
    err_text = sys.stderr = io.TextIOWrapper(stderr, encoding="utf-8", errors="backslashreplace", write_through=True)
    _reset_peak()
    start = time.perf_counter()
    code = 0
    try:
        app(args=args, prog_name="xltoolkit", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001  (what the real script would print before exiting with 1)
        traceback.print_exc(file=sys.stderr)
        code = 1
    finally:
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001  (a failing flush at exit is a traceback in the real script too)
            traceback.print_exc(file=sys.stderr)
            code = 1
        seconds = time.perf_counter() - start
        sys.stdout, sys.stderr = saved
        for text in (out_text, err_text):
            with contextlib.suppress(Exception):  # a failing flush was reported above
                text.detach()  # keep the buffers open when the wrappers go
    return CliRun(code, stdout.getvalue(), stderr.getvalue().decode("utf-8", "replace"), seconds, _status_kb("VmHWM") / 1024)


def _traceback_line(stderr: str) -> str:
    """The exception line of a traceback on stderr ("ValueError: ..."), or "" when there is none."""
    if "Traceback" not in stderr:
        return ""
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    return (lines[-1] if lines else "Traceback")[:300]


def _status_kb(key: str) -> int:
    m = re.search(rf"^{key}:\s+(\d+)", Path("/proc/self/status").read_text(), re.MULTILINE)
    return int(m.group(1)) if m else 0


def _reset_peak() -> None:
    """Reset the peak RSS (VmHWM) so it measures this command only (Linux: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


# -- figures --------------------------------------------------------------------------------------


@dataclass
class Figures:
    runs: int = 0
    crashes: int = 0
    hangs: int = 0
    changed: int = 0
    over_budget: int = 0
    codes: Counter = field(default_factory=Counter)
    max_seconds: float = 0.0
    total_seconds: float = 0.0
    max_rss_mb: float = 0.0


def figures(results: list[Result]) -> dict[str, Figures]:
    """Per command (and "alle"): runs, crashes (tracebacks or a bad exit code), hangs, inputs changed,
    runs over the time or memory budget, exit codes, max time and max peak RSS."""
    out: dict[str, Figures] = {}
    for r in results:
        for key in (r.command, "alle"):
            f = out.setdefault(key, Figures())
            f.runs += 1
            f.crashes += bool(r.traceback) or (r.code not in EXIT_CODES and not r.hang)
            f.hangs += r.hang
            f.changed += r.changed
            f.over_budget += not r.hang and (r.seconds > SECONDS or r.rss_mb > MEMORY_MB)
            f.codes[r.code] += 1
            f.max_seconds = max(f.max_seconds, r.seconds)
            f.total_seconds += r.seconds
            f.max_rss_mb = max(f.max_rss_mb, r.rss_mb)
    return out


def summary(results: list[Result], *, limit: int = 40) -> str:
    """The figures as a table, then crashes per family and the distinct failures."""
    header = (f"{'command':<18}{'runs':>6}{'crash':>7}{'hang':>6}{'changed':>9}{'budget':>8}{'max s':>8}{'sum s':>8}"
              f"{'max MB':>8}  exit codes")
    lines = [header]
    for command, f in sorted(figures(results).items(), key=lambda kv: (kv[0] == "alle", kv[0])):
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(f.codes.items(), key=lambda kv: str(kv[0])))
        lines.append(f"{command:<18}{f.runs:>6}{f.crashes:>7}{f.hangs:>6}{f.changed:>9}{f.over_budget:>8}"
                     f"{f.max_seconds:>8.2f}{f.total_seconds:>8.1f}{f.max_rss_mb:>8.0f}  {codes}")
    mutants = {r.mutant for r in results}
    failed = {r.mutant for r in results if r.problem}
    lines.append(f"mutants: {len(mutants)}, with a failure: {len(failed)}")
    per_family = Counter(r.family for r in results if r.problem)
    if per_family:
        lines.append("failures per family: " + ", ".join(f"{k} {v}" for k, v in per_family.most_common()))
    distinct: dict[str, Result] = {}
    for r in results:
        if r.problem:
            distinct.setdefault(f"{r.command}: {re.sub(r'[0-9]+', 'N', r.problem)[:120]}", r)
    for key, r in list(distinct.items())[:limit]:
        lines.append(f"  {key}   e.g. {r.mutant}")
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker_main(float(sys.argv[2]))
