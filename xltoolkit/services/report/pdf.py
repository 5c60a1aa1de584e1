"""PDF: the Word document converted by Word itself where it is installed, else by LibreOffice.

Controllers make the report on their own PC, where Word is installed and LibreOffice rarely is.
Word lays out its own document exactly as the controller sees it, so on Windows and macOS the PDF
is made by Word (through `docx2pdf`, an optional extra: `pip install "xltoolkit[word]"`). Where
that is not possible (no Word, no docx2pdf, Linux, a server) LibreOffice headless converts it; it
asks for the fonts the document names, and Calibri is matched by the metric-compatible Carlito,
so line breaks match Word's. Without either there is no PDF, and the finding says why, in Dutch:
the Word document is there and Word can save it as PDF. `Pdf.engine` says which program made it.

Starting LibreOffice costs more than converting a report with it, so a program that makes many
PDFs does not start it per document: the add-in server keeps one warm LibreOffice running
(warm.py: unoserver, started and stopped by the server's lifespan, set here with `use_warm`), and
`docx_to_pdfs` converts many documents with one LibreOffice start where no warm one is ready
(`merge --report` over the regions). Without unoserver, or while it (re)starts, every conversion
is one-shot, as before: nothing waits for the warm server.

Each one-shot conversion runs with its own fresh profile in a temporary folder: two conversions
at once (or a LibreOffice the user has open) cannot get in each other's way, and nothing is left
behind — LibreOffice runs in a process group of its own that is ended with it, also on a timeout.
Before exporting, LibreOffice updates the document's indexes (a bundle's table of contents, twice
so a contents list that grows gets its page numbers right, as unoserver does) so the PDF's
contents list has page numbers.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xltoolkit.findings import Finding, make
from xltoolkit.services.report.errors import ReportError
from xltoolkit.services.report.warm import GROUP_FLAGS, NEW_SESSION, NotReady, WarmLibreOffice, stop_group

log = logging.getLogger("xltoolkit.pdf")

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
    except ReportError as exc:
        if exc.finding.code == "P001" and waarom_geen_word:
            raise ReportError(make("P020", waarom=waarom_geen_word)) from None
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


def use_warm(warm: WarmLibreOffice | None) -> None:
    """Convert through this warm LibreOffice from now on (None: one-shot again). The add-in's
    lifespan sets it when the server starts and clears it when it stops."""
    global _warm
    _warm = warm


def warm_converter() -> WarmLibreOffice | None:
    """The warm LibreOffice conversions go through, when one is set (it may not be ready)."""
    return _warm


_warm: WarmLibreOffice | None = None


def docx_to_pdf(docx: bytes, timeout: int = 180, *, indexen: bool = False) -> bytes:
    """LibreOffice headless: the Word document as PDF. Through the warm LibreOffice when one is
    set and ready (`use_warm`), else one-shot: LibreOffice started for this document. With
    `indexen`, the document's indexes (a bundle's table of contents) are updated first, through
    UNO, so the PDF's contents list has page numbers; where no Python with `uno` is found, the
    plain conversion still makes the PDF (the contents list then has its entries without numbers)."""
    return _as_bytes(docx_to_pdfs([docx], timeout, indexen=indexen)[0])


def docx_to_pdfs(docs: Sequence[bytes], timeout: int = 180, *, indexen: bool = False) -> list[bytes | ReportError]:
    """Many Word documents as PDFs, each its PDF or the ReportError that says why not (one broken
    document never costs the others). Through the warm LibreOffice when it is ready; otherwise one
    LibreOffice start for all of them (one `--convert-to` call, or one UNO session with `indexen`),
    not one per document. `timeout` is per document."""
    if not docs:
        return []
    exe = find_soffice()
    if exe is None:
        return [ReportError(make("P001")) for _ in docs]
    out: list[bytes | ReportError | None] = [None] * len(docs)
    warm = _warm
    if warm is not None and warm.ready:
        for i, docx in enumerate(docs):
            try:
                out[i] = warm.convert(docx, indexen=indexen, timeout=timeout)
            except NotReady as exc:  # one-shot below; the server restarts itself when it died
                log.info("PDF zonder de warme LibreOffice: %s", exc)
    rest = [i for i, pdf in enumerate(out) if pdf is None]
    if rest:
        for i, pdf in zip(rest, _one_shot(exe, [docs[i] for i in rest], timeout, indexen)):
            out[i] = pdf
    return [pdf if pdf is not None else ReportError(make("P002", detail="geen PDF")) for pdf in out]


def _as_bytes(pdf: bytes | ReportError) -> bytes:
    if isinstance(pdf, ReportError):
        raise pdf
    return pdf


def _one_shot(exe: str, docs: Sequence[bytes], timeout: int, indexen: bool) -> list[bytes | ReportError]:
    """LibreOffice started once for `docs`, with a fresh profile in a temporary folder, and ended
    with everything it started. A document whose PDF is missing after a shared run is converted
    once more on its own, so its error is its own."""
    total = timeout + 60 * (len(docs) - 1)
    with tempfile.TemporaryDirectory(prefix="xltoolkit-pdf-") as tmp:
        folder = Path(tmp)
        sources = [folder / f"rapport-{i:04d}.docx" for i in range(len(docs))]
        for source, docx in zip(sources, docs):
            source.write_bytes(docx)
        python = uno_python(exe) if indexen else None
        if python is not None:
            _met_indexen(exe, python, folder, sources, total)
        todo = [s for s in sources if not s.with_suffix(".pdf").is_file()]
        failure = _convert_to(exe, folder, todo, total) if todo else None
        failures = dict.fromkeys(todo, failure)
        if failure is not None and len(docs) > 1:  # who failed: each missing document on its own
            for source in (s for s in todo if not s.with_suffix(".pdf").is_file()):
                failures[source] = _convert_to(exe, folder, [source], timeout) or failure
        out: list[bytes | ReportError] = []
        for source in sources:
            pdf = source.with_suffix(".pdf")
            if pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"):
                out.append(pdf.read_bytes())
            else:
                out.append(failures.get(source) or ReportError(make("P002", detail="LibreOffice maakte geen PDF")))
        return out


def _convert_to(exe: str, folder: Path, sources: Sequence[Path], timeout: int) -> ReportError | None:
    """`soffice --convert-to pdf` for all `sources` in one call; None when every PDF is there."""
    command = [
        exe, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless", "--norestore",
        "--nologo", "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources),
    ]
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=NEW_SESSION, creationflags=GROUP_FLAGS)
    except OSError as exc:
        return ReportError(make("P002", detail=str(exc)))
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(proc, 0)
        proc.communicate()
        return ReportError(make("P002", detail=f"geen antwoord binnen {timeout} seconden"))
    finally:
        stop_group(proc, 5)  # LibreOffice has ended with the script; nothing of it may stay behind
    if proc.returncode != 0 or not all(s.with_suffix(".pdf").is_file() for s in sources):
        detail = (stderr or stdout).strip()[-300:] or f"afsluitcode {proc.returncode}"
        return ReportError(make("P002", detail=detail))
    return None


UNO_PYTHON_ENV = "XLTOOLKIT_UNO_PYTHON"
_UNO_SCRIPT = r"""
import os, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, sources = sys.argv[1], sys.argv[2:]
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
for source in sources:
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
        for _ in range(2):  # the contents list grows when filled: the second pass gets its page numbers right
            indexes = doc.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        doc.storeToURL(uno.systemPathToFileUrl(source[:-5] + ".pdf"), (prop("FilterName", "writer_pdf_Export"),))
        doc.close(True)
    except Exception:
        pass  # this document has no PDF; the plain conversion tries it and says why
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


def _met_indexen(exe: str, python: str, folder: Path, sources: Sequence[Path], timeout: int) -> None:
    """LibreOffice listening on a private pipe, driven by `_UNO_SCRIPT`: open each document, update
    its indexes, export its PDF next to it, quit. Whatever goes wrong, nothing is left running;
    a document without a PDF afterwards goes to the plain conversion."""
    pipe = f"xltoolkit{os.getpid()}{folder.name[-8:]}".replace("-", "")
    script = folder / "indexen.py"
    script.write_text(_UNO_SCRIPT, encoding="utf-8")
    office = subprocess.Popen(
        [exe, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=NEW_SESSION, creationflags=GROUP_FLAGS,
    )
    driver = None
    try:
        driver = subprocess.Popen([python, str(script), pipe, *map(str, sources)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wacht(driver, office, time.monotonic() + timeout)
    except OSError:
        pass
    finally:
        if driver is not None:
            _stop(driver, 15)
        stop_group(office, 15)


def _wacht(driver: subprocess.Popen, office: subprocess.Popen, deadline: float) -> None:
    """Until the driver script is done; it gives up soon after LibreOffice ends without it."""
    while driver.poll() is None:
        if office.poll() is not None:  # LibreOffice ended (or never started): the driver has nothing left to
            _stop(driver, 0.5)  # finish, and waits for a connection that will not come
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
