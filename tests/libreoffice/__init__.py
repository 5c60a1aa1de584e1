"""Run LibreOffice headless from the tests (through tests/libreoffice/uno_probe.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PROBE = Path(__file__).with_name("uno_probe.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def available() -> bool:
    if not shutil.which("soffice"):
        return False
    ok = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return ok.returncode == 0


def run_job(file: Path, ops: list[dict[str, Any]], save_as: Path | None = None, timeout: int = 180) -> dict[str, Any]:
    """Open `file` in LibreOffice, run `ops` in order, optionally save; returns each op's result."""
    job = {"file": str(file), "ops": ops, "save_as": str(save_as) if save_as else None}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(job, fh)
    try:
        proc = subprocess.run([SYSTEM_PYTHON, str(PROBE), fh.name], capture_output=True, text=True, timeout=timeout)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"LibreOffice probe failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def recalculated_names(file: Path, names: list[str]) -> dict[str, Any]:
    """The values of `names` after LibreOffice itself recalculated every formula."""
    return run_job(file, [{"op": "recalc"}, {"op": "names", "names": names}])["1"]
