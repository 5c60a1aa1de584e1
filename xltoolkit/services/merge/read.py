"""Read one file for the merge: load, make writable, check (validate and reconcile); never raise.

This is what a worker process runs for each file. It returns plain, picklable data (`FileResult`):
the submission and the outcome of every check, or the reason the file cannot be used. A broken
file is a result like any other, so one bad file never stops a batch; a value the overview cannot
hold is replaced with a finding (clean.py) before any check sees it; a check that fails on an
unexpected error is reported (M013) and the file is still used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xltoolkit.findings import make
from xltoolkit.io.reader import WorkbookError, open_checked, read_open
from xltoolkit.model.submission import Submission
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.check import Check, check, check_many
from xltoolkit.services.merge.clean import make_writable_values, writable_finding, writable_text
from xltoolkit.services.merge.marker import marker_of
from xltoolkit.services.merge.model import Candidate, FileResult
from xltoolkit.spec import TemplateSpec

# What a worker process keeps between files: the spec and the SWV's register (set once, by
# `init_worker`, so the register is sent to each process once instead of with every file).
_STATE: dict[str, Any] = {}


def init_worker(spec: TemplateSpec, register: Register | None) -> None:
    _STATE["spec"] = spec
    _STATE["register"] = register


def read_one(candidate: Candidate) -> FileResult:
    """Everything the overview needs of one file."""
    return read_batch([candidate])[0]


def read_batch(candidates: list[Candidate]) -> list[FileResult]:
    """Everything the overview needs of each file of a batch: one check pass per board, with
    validation run once for the whole batch (`check_many`: pandera's cost is per check, not per
    board); if that fails, each file is checked on its own so one odd file cannot cost the others
    their check."""
    spec: TemplateSpec = _STATE["spec"]  # set by init_worker before the first batch
    register: Register | None = _STATE.get("register")
    files = [_load(k, spec) for k in candidates]
    for g in files:
        _make_writable(g, spec)
    usable = [(g, g.sub) for g in files if g.sub is not None]
    checks: list[Check | None]
    try:
        checks = list(check_many([sub for _, sub in usable], spec, register))
    except Exception:
        checks = [_check_alone(g, sub, spec, register) for g, sub in usable]
    for (g, _), c in zip(usable, checks):
        g.check = c
    return files


def _load(candidate: Candidate, spec: TemplateSpec) -> FileResult:
    g = FileResult(candidate)
    path = Path(candidate.path)
    try:
        st = path.stat()
        g.size, g.modified = st.st_size, st.st_mtime
        wb, zf = open_checked(path)  # one reader, one opening of the zip
        with zf:
            marker = marker_of(wb, spec)  # here, not when the files are found: on every core, not one by one
            if marker.overzicht:
                g.overzicht, g.status = True, "niet_bruikbaar"
                return g
            g.marker_stamp = marker.stamp if marker.on_workbook else None
            sub, doc_modified = read_open(wb, path, spec)
    except WorkbookError as exc:
        g.error, g.status, g.sha256 = writable_finding(exc.finding), "niet_bruikbaar", checksum(path)
        return g
    except Exception as exc:  # a reader bug or an OS error must not stop the batch
        g.error, g.status, g.sha256 = make("M011", bestand=candidate.label, detail=error_detail(exc)), "niet_bruikbaar", checksum(path)
        return g
    if all(v is None for v in sub.values.values()) and not sub.aanwending:
        g.error, g.status, g.sha256 = make("M014", bestand=candidate.label), "niet_bruikbaar", sub.source.sha256 or ""
        return g
    _share_places(sub)
    g.sub, g.sha256 = sub, sub.source.sha256 or ""
    g.doc_modified = doc_modified
    return g


_PLACES: dict[tuple, dict] = {}  # per worker: the places seen, by content (a few per template version)
MAX_PLACES = 64
MAX_SHARED = 2_000  # a template has ~130 names; a workbook with thousands keeps its own dict, not kept here


def _share_places(sub: Submission) -> None:
    """Where each defined name and field is (`source.names`, `source.cells`) is the same for every
    board that filled in the same template: boards with equal places get one shared dict, so a batch
    sends it back once instead of 100 times (a third of a result's bytes) and the SWV's process keeps
    it once. The dicts are only read after reading (clean, check, the overview's locations)."""
    source = sub.source
    source.names, source.cells = _shared(source.names), _shared(source.cells)


def _shared(places: dict) -> dict:
    if len(places) > MAX_SHARED:
        return places
    key = tuple(places.items())
    found = _PLACES.get(key)
    if found is None:
        if len(_PLACES) >= MAX_PLACES:
            _PLACES.clear()  # many differing workbooks (damaged names): stop sharing rather than grow
        found = _PLACES[key] = places
    return found


def _make_writable(g: FileResult, spec: TemplateSpec) -> None:
    """Values the overview cannot hold become findings (clean.py); if even that fails, the file
    is set aside rather than risking the overview of every board."""
    if g.sub is None:
        return
    try:
        make_writable_values(g.sub, spec, g.label)
    except Exception as exc:  # noqa: BLE001 - a bug here must cost one file, not the batch
        g.sub, g.status = None, "niet_bruikbaar"
        g.error = make("M011", bestand=g.label, detail=error_detail(exc))


def _check_alone(g: FileResult, sub: Submission, spec: TemplateSpec, register: Register | None) -> Check | None:
    return _step(g, "de controle", "validate", lambda: check(sub, spec, register))


def _step(g: FileResult, stap: str, commando: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception as exc:  # the file was read; one check failing must not drop it
        g.step_problems.append(make("M013", bestand=g.label, stap=stap, commando=f"{commando} {g.label}", detail=error_detail(exc)))
        return None


def error_detail(exc: BaseException) -> str:
    """The exception in one short, writable line (it goes into a finding, the overview and JSON)."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return writable_text(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def checksum(path: Path) -> str:
    """SHA-256 of a file that could not be used (a usable one has it from `load`); "" when unreadable."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()
