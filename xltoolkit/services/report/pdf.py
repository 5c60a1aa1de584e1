"""PDF: the Word document converted by Word itself where it is installed, else by LibreOffice.

Controllers make the report on their own PC, where Word is installed and LibreOffice rarely is.
Word lays out its own document exactly as the controller sees it, so on Windows and macOS the PDF
is made by Word (through `docx2pdf`, an optional extra: `pip install "xltoolkit[word]"`). Where
that is not possible (no Word, no docx2pdf, Linux, a server) LibreOffice headless converts it; it
asks for the fonts the document names, and Calibri is matched by the metric-compatible Carlito,
so line breaks match Word's. Without either there is no PDF, and the finding says why, in Dutch:
the Word document is there and Word can save it as PDF. `Pdf.engine` says which program made it.

Each LibreOffice conversion runs with its own fresh profile in a temporary folder: two conversions
at once (or a LibreOffice the user has open) cannot get in each other's way, and nothing is left
behind. Before exporting, LibreOffice updates the document's indexes (a bundle's table of
contents) so the PDF's contents list has page numbers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from xltoolkit.findings import Finding, make
from xltoolkit.services.report.errors import RapportError

SOFFICE_ENV = "XLTOOLKIT_SOFFICE"
WORD = "Microsoft Word"
LIBREOFFICE = "LibreOffice"
WORD_PLATFORMS = ("win32", "darwin")  # where Word for the desktop exists
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


@dataclass(frozen=True)
class Pdf:
    data: bytes
    engine: str  # WORD or LIBREOFFICE

    @property
    def melding(self) -> Finding:
        """"PDF gemaakt met Microsoft Word." (P021, info): what the button, add-in and CLI say."""
        return make("P021", engine=self.engine)


class GeenWord(Exception):
    """Word could not make the PDF here; the message says why, in Dutch."""


def make_pdf(docx: bytes, timeout: int = 180, *, indexen: bool = False) -> Pdf:
    """The PDF of a Word document: by Word where it is installed, else by LibreOffice; without
    either a RapportError whose finding says why (P001 where Word cannot be, P020 where it could).
    `indexen`: the document has a table of contents to update first (a bundle). Word is then
    not asked: it would ask about updating the fields in a dialog that nobody sees."""
    waarom_geen_word = ""
    if sys.platform in WORD_PLATFORMS and not indexen:
        try:
            return Pdf(word_to_pdf(docx), WORD)
        except GeenWord as exc:
            waarom_geen_word = str(exc)
    try:
        return Pdf(docx_to_pdf(docx, timeout, indexen=indexen), LIBREOFFICE)
    except RapportError as exc:
        if exc.finding.code == "P001" and waarom_geen_word:
            raise RapportError(make("P020", waarom=waarom_geen_word)) from None
        raise


def word_to_pdf(docx: bytes) -> bytes:
    """Word saves the document as PDF (docx2pdf drives Word through COM on Windows and through
    AppleScript on macOS). `docx2pdf.convert` is the one call to Word: everything else is ours."""
    try:
        import docx2pdf  # type: ignore[import-not-found]
    except ImportError:
        raise GeenWord("docx2pdf is niet geïnstalleerd (pip install \"xltoolkit[word]\")") from None
    with tempfile.TemporaryDirectory(prefix="xltoolkit-word-") as tmp:
        source, target = Path(tmp) / "rapport.docx", Path(tmp) / "rapport.pdf"
        source.write_bytes(docx)
        try:
            docx2pdf.convert(str(source), str(target))
        except Exception as exc:  # noqa: BLE001 - COM/AppleScript raise anything; the reason is shown
            raise GeenWord(f"Word kon het document niet omzetten ({_kort(exc)})") from exc
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            raise GeenWord("Word is niet gevonden of maakte geen PDF")
        return target.read_bytes()


def _kort(exc: BaseException) -> str:
    return (str(exc).strip() or type(exc).__name__)[-200:]


def find_soffice() -> str | None:
    """LibreOffice's soffice: from XLTOOLKIT_SOFFICE, the PATH, or where installers put it."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def docx_to_pdf(docx: bytes, timeout: int = 180, *, indexen: bool = False) -> bytes:
    """LibreOffice headless: the Word document as PDF. With `indexen`, the document's indexes
    (a bundle's table of contents) are updated first, through LibreOffice's own Python (UNO),
    so the PDF's contents list has page numbers; where that Python is not found, the plain
    conversion still makes the PDF (the contents list then has its entries without numbers)."""
    exe = find_soffice()
    if exe is None:
        raise RapportError(make("P001"))
    with tempfile.TemporaryDirectory(prefix="xltoolkit-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "rapport.docx"
        source.write_bytes(docx)
        python = uno_python(exe) if indexen else None
        if python is not None and _met_indexen(exe, python, folder, source, timeout):
            return (folder / "rapport.pdf").read_bytes()
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


UNO_PYTHON_ENV = "XLTOOLKIT_UNO_PYTHON"
_UNO_SCRIPT = r"""
import os, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, source, target = sys.argv[1:4]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(1200):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.1)
else:
    os._exit(3)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
indexes = doc.getDocumentIndexes()
for i in range(indexes.getCount()):
    indexes.getByIndex(i).update()
doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
os._exit(0)
"""


def uno_python(soffice: str) -> str | None:
    """A Python that can `import uno`: XLTOOLKIT_UNO_PYTHON, the one LibreOffice ships next to
    soffice (Windows, macOS), or the system's python3 with python3-uno (Linux)."""
    configured = os.environ.get(UNO_PYTHON_ENV)
    candidates = [configured] if configured else []
    here = Path(soffice).resolve().parent
    candidates += [str(here / "python.exe"), str(here / "python"), str(here.parent / "Resources" / "python"),
                   "/usr/bin/python3"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            try:
                ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                return candidate
    return None


def _met_indexen(exe: str, python: str, folder: Path, source: Path, timeout: int) -> bool:
    """LibreOffice listening on a private pipe, driven by `_UNO_SCRIPT`: open, update the
    indexes, export the PDF, quit. False (and nothing left running) when anything goes wrong."""
    pipe = f"xltoolkit{os.getpid()}{folder.name[-8:]}".replace("-", "")
    script = folder / "indexen.py"
    script.write_text(_UNO_SCRIPT, encoding="utf-8")
    office = subprocess.Popen(
        [exe, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    driver = None
    try:
        driver = subprocess.Popen([python, str(script), pipe, str(source), str(folder / "rapport.pdf")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wacht(driver, office, time.monotonic() + timeout)
        return driver.returncode == 0 and (folder / "rapport.pdf").is_file()
    except OSError:
        return False
    finally:
        for proc in (driver, office):
            if proc is not None:
                _stop(proc, 15)


def _wacht(driver: subprocess.Popen, office: subprocess.Popen, deadline: float) -> None:
    """Until the driver script is done; it gives up soon after LibreOffice ends without it."""
    while driver.poll() is None:
        if office.poll() is not None:
            _stop(driver, 5)
            return
        if time.monotonic() > deadline:
            _stop(driver, 0)
            return
        time.sleep(0.1)


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """A process of ours ended: given `grace` seconds to end by itself, then killed."""
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
