"""Read one file for the merge: load, make writable, check (validate and reconcile); never raise.

This is what a worker process runs for each file. It returns plain, picklable data (`Gelezen`):
the submission and the outcome of every check, or the reason the file cannot be used. A broken
file is a result like any other, so one bad file never stops a batch; a value the overview cannot
hold is replaced with a finding (clean.py) before any check sees it; a check that fails on an
unexpected error is reported (M013) and the file is still used.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from xltoolkit.findings import make
from xltoolkit.io import WorkbookError, load
from xltoolkit.services.beschikkingen import Register
from xltoolkit.services.check import check, check_many
from xltoolkit.services.merge.clean import maak_schrijfbaar, schrijfbare_melding, schrijfbare_tekst
from xltoolkit.services.merge.model import Gelezen, Kandidaat
from xltoolkit.spec import TemplateSpec, load_spec

CORE_PART = "docProps/core.xml"
MAX_CORE_BYTES = 1 << 20
_DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"

# What a worker process keeps between files: the spec and the SWV's register (set once, by
# `init_worker`, so the register is sent to each process once instead of with every file).
_STATE: dict[str, Any] = {}


def init_worker(spec: TemplateSpec | None, register: Register | None) -> None:
    _STATE["spec"] = spec or load_spec()
    _STATE["register"] = register


def lees(kandidaat: Kandidaat) -> Gelezen:
    """Everything the overview needs of one file."""
    return lees_reeks([kandidaat])[0]


def lees_reeks(kandidaten: list[Kandidaat]) -> list[Gelezen]:
    """Everything the overview needs of each file of a batch: one check pass per board, with
    validation run once for the whole batch (`check_many`: pandera's cost is per check, not per
    board); if that fails, each file is checked on its own so one odd file cannot cost the others
    their check."""
    spec: TemplateSpec = _STATE.get("spec") or load_spec()
    register: Register | None = _STATE.get("register")
    gelezen = [_load(k, spec) for k in kandidaten]
    for g in gelezen:
        _make_writable(g, spec)
    usable = [g for g in gelezen if g.sub is not None]
    try:
        checks = check_many([g.sub for g in usable], spec, register)  # type: ignore[misc]
    except Exception:
        checks = [_step(g, "de controle", "validate", lambda g=g: check(g.sub, spec, register)) for g in usable]
    for g, c in zip(usable, checks):
        g.check = c
    return gelezen


def _load(kandidaat: Kandidaat, spec: TemplateSpec) -> Gelezen:
    g = Gelezen(kandidaat)
    path = Path(kandidaat.path)
    try:
        st = path.stat()
        g.grootte, g.gewijzigd = st.st_size, st.st_mtime
        sub = load(path, spec)
    except WorkbookError as exc:
        g.fout, g.status, g.sha256 = schrijfbare_melding(exc.finding), "niet_bruikbaar", checksum(path)
        return g
    except Exception as exc:  # a reader bug or an OS error must not stop the batch
        g.fout, g.status, g.sha256 = make("M011", bestand=kandidaat.label, detail=fout_detail(exc)), "niet_bruikbaar", checksum(path)
        return g
    if all(v is None for v in sub.values.values()) and not sub.aanwending:
        g.fout, g.status, g.sha256 = make("M014", bestand=kandidaat.label), "niet_bruikbaar", sub.bron.sha256 or ""
        return g
    g.sub, g.sha256 = sub, sub.bron.sha256 or ""
    g.doc_gewijzigd = doc_modified(path)
    return g


def _make_writable(g: Gelezen, spec: TemplateSpec) -> None:
    """Values the overview cannot hold become findings (clean.py); if even that fails, the file
    is set aside rather than risking the overview of every board."""
    if g.sub is None:
        return
    try:
        maak_schrijfbaar(g.sub, spec, g.label)
    except Exception as exc:  # noqa: BLE001 - a bug here must cost one file, not the batch
        g.sub, g.status = None, "niet_bruikbaar"
        g.fout = make("M011", bestand=g.label, detail=fout_detail(exc))


def _step(g: Gelezen, stap: str, commando: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception as exc:  # the file was read; one check failing must not drop it
        g.stap_problemen.append(make("M013", bestand=g.label, stap=stap, commando=f"{commando} {g.label}", detail=fout_detail(exc)))
        return None


def fout_detail(exc: BaseException) -> str:
    """The exception in one short, writable line (it goes into a finding, the overview and JSON)."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return schrijfbare_tekst(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def doc_modified(path: Path) -> str:
    """When the program that last saved the workbook says it did (ISO text, "" when unknown).

    Part of choosing between two workbooks of the same board: it travels with the content, unlike
    the file's own time, which changes when the file is copied or saved from an e-mail."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(CORE_PART)
            if info.file_size > MAX_CORE_BYTES:
                return ""
            root = SafeET.fromstring(zf.read(info))
    except Exception:  # no such part, a broken zip, or XML that defusedxml refuses: the date is unknown
        return ""
    node = root.find(_DCTERMS_MODIFIED)
    return (node.text or "").strip() if node is not None else ""


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
