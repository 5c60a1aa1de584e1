"""PDF: the Word document converted by LibreOffice headless, so the PDF looks exactly like the .docx.

Each conversion runs with its own fresh LibreOffice profile in a temporary folder: two conversions
at once (or a LibreOffice the user has open) cannot get in each other's way, and nothing is left
behind. Without LibreOffice there is no PDF, and the error says what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xltoolkit.findings import make
from xltoolkit.services.report.errors import RapportError

SOFFICE_ENV = "XLTOOLKIT_SOFFICE"
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: from XLTOOLKIT_SOFFICE, the PATH, or where installers put it."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def docx_to_pdf(docx: bytes, timeout: int = 180) -> bytes:
    exe = find_soffice()
    if exe is None:
        raise RapportError(make("P001"))
    with tempfile.TemporaryDirectory(prefix="xltoolkit-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "rapport.docx"
        source.write_bytes(docx)
        command = [
            exe, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless", "--norestore",
            "--nologo", "--convert-to", "pdf", "--outdir", str(folder), str(source),
        ]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RapportError(make("P002", detail=f"geen antwoord binnen {timeout} seconden")) from None
        except OSError as exc:
            raise RapportError(make("P002", detail=str(exc))) from exc
        result = folder / "rapport.pdf"
        if proc.returncode != 0 or not result.is_file():
            detail = (proc.stderr or proc.stdout).strip()[-300:] or f"afsluitcode {proc.returncode}"
            raise RapportError(make("P002", detail=detail))
        return result.read_bytes()
