"""Which files to merge: the inputs as given (files or folders), searched recursively.

Only .xlsx and .xlsm files are read. A symbolic link (or a Windows junction) is never followed,
and a file that turns out to live outside the folder it was found in is not read: the SWV merges
what boards handed in, not whatever a link in their folder points to. An overview of an earlier
merge is skipped when it is read (read.py), but only when its content bears out its marker (marker.py): a board's
workbook that carries the marker is read like any other, with a warning. The order is deterministic
(inputs as given, inside a folder by path, case-insensitively), so the same inputs always give the
same overview. What is skipped is reported, except Excel's own lock files' noise and the merge's
own output (the overview and the report folder), so merging again gives the same result.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xltoolkit.codes import Code
from xltoolkit.findings import make
from xltoolkit.services.merge.clean import writable_text
from xltoolkit.services.merge.model import KIND_SKIPPED, Candidate, Problem

SUFFIXES = (".xlsx", ".xlsm")
LOCK_PREFIX = "~$"  # Excel's owner file next to an open workbook
_REPARSE_POINT = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT: a Windows junction or symbolic link


@dataclass
class Found:
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # inputs that do not exist (a bad argument)


def find_files(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Found:
    """Every workbook in `inputs`; `exclude` are paths never to read (the merge's own output)."""
    found = Found()
    skip = _Exclusion([Path(p) for p in exclude])
    seen: dict[tuple[int, int], str] = {}
    for raw in inputs:
        given = Path(raw)
        if given.is_symlink():
            found.problems.append(_skipped("M004", _label(given)))
        elif given.is_dir():
            for path, label in _walk(given, found, skip):
                _add(found, seen, path, label)
        elif given.exists():
            if not skip.matches(given):
                _file(found, seen, given, _label(given))
        else:
            found.missing.append(str(raw))
    return found


def _label(path: Path) -> str:
    """How messages name the file. A name that is not valid UTF-8 (bytes from another system)
    is shown with U+FFFD for those bytes: it appears in the overview, the terminal and JSON."""
    return writable_text(path.as_posix())


def _skipped(code: Code, label: str, **params) -> Problem:
    return Problem(label, KIND_SKIPPED, make(code, bestand=label, **params))


def _file(found: Found, seen: dict, path: Path, label: str) -> None:
    """A file named on the command line (or found in a folder): a workbook, or reported."""
    name = path.name
    if name.startswith(LOCK_PREFIX):
        found.problems.append(_skipped("M007", label))
    elif not stat.S_ISREG(path.stat().st_mode):
        found.problems.append(_skipped("M008", label))
    elif path.suffix.lower() in SUFFIXES:
        _add(found, seen, path, label)
    elif not name.startswith("."):
        found.problems.append(_skipped("M003", label))


def _add(found: Found, seen: dict[tuple[int, int], str], path: Path, label: str) -> None:
    """Add a workbook once, however often it was given (by inode, so `a/x.xlsx` and `./a/x.xlsx` match).
    Whether it is an earlier overview (M009) or a workbook carrying its marker (M010) is found out
    when it is read (read.py), on every core."""
    st = path.stat()
    key = (st.st_dev, st.st_ino)
    if key in seen:
        found.problems.append(_skipped("M006", label, ander=seen[key]))
        return
    seen[key] = label
    found.candidates.append(Candidate(str(path.resolve()), label))


def _walk(root: Path, found: Found, skip: _Exclusion) -> list[tuple[Path, str]]:
    """The workbooks under `root`, sorted by path; links and files outside `root` are reported."""
    real_root = root.resolve()
    hits: list[tuple[tuple[str, ...], Path, str]] = []
    problems: list[tuple[tuple[str, ...], Problem]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # an unreadable sub-folder: nothing in it can be read either
        for entry in entries:
            path, rel = Path(entry.path), (*parts, entry.name)
            label = _label(root.joinpath(*rel))
            workbook_name = entry.name.lower().endswith(SUFFIXES)
            code: Code | None = None
            if skip.matches(path):
                continue
            if _is_link(entry):
                code = "M004" if workbook_name or _points_to_dir(path) else None
            elif entry.is_dir(follow_symlinks=False):
                stack.append((path, rel))
            elif entry.name.startswith(LOCK_PREFIX):
                code = "M007"
            elif not path.resolve().is_relative_to(real_root):
                code = "M005"
            elif workbook_name:
                if entry.is_file(follow_symlinks=False):
                    hits.append((rel, path, label))
                else:
                    code = "M008"
            elif not entry.name.startswith("."):
                code = "M003"
            if code:
                problems.append((rel, _skipped(code, label)))
    found.problems.extend(p for _, p in sorted(problems, key=lambda item: _order(item[0])))
    return [(path, label) for _, path, label in sorted(hits, key=lambda item: _order(item[0]))]


def _order(parts: tuple[str, ...]) -> tuple:
    """Path order as people read a folder: case-insensitive, exact spelling as the tie-break."""
    return tuple(p.casefold() for p in parts), parts


def _is_link(entry: os.DirEntry) -> bool:
    """A symbolic link, or (on Windows) a junction or other reparse point."""
    if entry.is_symlink():
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return True  # cannot even be inspected: do not follow it
    return bool(attributes & _REPARSE_POINT)


def _points_to_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


class _Exclusion:
    """The merge's own output: never read as input, so merging again gives the same overview."""

    def __init__(self, paths: list[Path]) -> None:
        self.resolved = {p.resolve() for p in paths}

    def matches(self, path: Path) -> bool:
        return bool(self.resolved) and path.resolve() in self.resolved
