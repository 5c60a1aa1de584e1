"""A warm LibreOffice: one `unoserver` kept running, so a PDF costs a conversion, not a start.

A one-shot `soffice --convert-to pdf` starts LibreOffice for every document (about 2 s on a quiet
machine, before any work). A server that makes many PDFs (the add-in) keeps one LibreOffice
running instead, through unoserver (PyPI: `unoserver`), the maintained successor of unoconv: a small
XML-RPC server that runs under a Python with LibreOffice's `uno` module and drives one LibreOffice
over UNO. unoserver must be installed for that Python — on Debian `/usr/bin/python3` with
python3-uno (`/usr/bin/python3 -m pip install --break-system-packages unoserver`, or a venv made
with `--system-site-packages` named by XLTOOLKIT_UNOSERVER_PYTHON); on Windows and macOS the Python
LibreOffice ships. Our side only speaks XML-RPC (the stdlib's client, API version checked), so the
project's own Python needs neither `uno` nor unoserver.

`WarmLibreOffice.start()` returns at once: a background thread finds that Python, starts the server
on free loopback ports with a profile folder of its own, waits until it answers, converts a blank
document once (LibreOffice's first conversion loads the filters, about 3 s), and only then reports
`ready`. Until then, and whenever it is not ready (not installed, crashed, restarting), callers
convert one-shot (pdf.py): a conversion never waits for the server. A server that dies is started
again (at most `max_restarts` times). `stop()` ends it and everything it started — its process
group, so no soffice.bin is left behind — and removes the profile. It is also a context manager,
for a batch.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

log = logging.getLogger("xltoolkit.pdf")

UNOSERVER_PYTHON_ENV = "XLTOOLKIT_UNOSERVER_PYTHON"
HEALTHY_SECONDS = 600
GRACE = 10.0  # seconds a warm LibreOffice gets to close cleanly before it is killed
STARTING_GRACE = 1.0  # ... and one still starting, which has nothing to close
API_VERSION = "3"  # unoserver's XML-RPC API that `convert` below speaks (unoserver 3.7 and later 3.x: `--temp-dir`, `main`)


# unoserver's own main, plus a watch on the process that started it: when that one is gone (killed,
# crashed: no lifespan ran to stop us), unoserver gets SIGTERM and ends its LibreOffice itself, so a
# server that dies leaves no LibreOffice behind.
_LAUNCHER = """
import os, signal, sys, threading, time
parent = int(sys.argv[1])
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
threading.Thread(target=watch, daemon=True).start()
sys.argv = ["unoserver"] + sys.argv[2:]
from unoserver.server import main
sys.exit(main())
"""


class NotReady(Exception):
    """The warm server cannot convert now; the caller converts one-shot. The message says why."""


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over http with a timeout: a hung LibreOffice must not hang the caller."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: str | tuple[str, dict[str, str]]) -> http.client.HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unoserver_python(soffice: str) -> str | None:
    """A Python that can run unoserver (imports `uno` and `unoserver.server`): XLTOOLKIT_UNOSERVER_PYTHON,
    else the Python that LibreOffice's UNO uses here (pdf.uno_python)."""
    from xltoolkit.services.report.pdf import uno_python

    configured = os.environ.get(UNOSERVER_PYTHON_ENV)
    python = configured if configured else uno_python(soffice)
    if not python or not Path(python).is_file():
        return None
    try:
        proc = subprocess.run([python, "-c", "import uno, unoserver.server"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return python if proc.returncode == 0 else None


def blank_docx() -> bytes:
    """An empty Word document, for the first conversion that loads LibreOffice's filters."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


class WarmLibreOffice:
    """One unoserver with its LibreOffice, started in the background and stopped with `stop()`."""

    def __init__(self, soffice: str, *, timeout: int = 180, start_timeout: float = 90, max_restarts: int = 3,
                 python: str | None = None, folder: str | None = None) -> None:
        self.soffice = soffice
        self.folder = folder  # where its profile folder goes (default: the temporary folder)
        self.timeout = timeout  # per conversion; unoserver ends a LibreOffice that takes longer
        self.start_timeout = start_timeout
        self.max_restarts = max_restarts
        self.python = python  # found in the background when not given
        self.restarts = 0
        self.conversions = 0
        self.status = "niet gestart"  # what the log and the tests see, in Dutch
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._profile: str | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # guards _proc and _profile
        self._thread: threading.Thread | None = None

    # -- life ---------------------------------------------------------------------------------------

    def start(self) -> WarmLibreOffice:
        """Start in the background and return at once."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="xltoolkit-unoserver", daemon=True)
            self._thread.start()
        return self

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Until the server converts (True) or `timeout` seconds passed or it gave up (False)."""
        deadline = time.monotonic() + (self.start_timeout if timeout is None else timeout)
        while not self._ready.wait(0.1):
            if self._stopping.is_set() or (self._thread is not None and not self._thread.is_alive()):
                return False
            if time.monotonic() > deadline:
                return False
        return True

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def stop(self) -> None:
        """End the server and LibreOffice (SIGTERM, then the whole process group killed after a
        grace period) and remove the profile folder. Safe to call more than once."""
        warm = self._ready.is_set()
        self._stopping.set()
        self._ready.clear()
        # First, so a conversion or warm-up in the thread ends at once. A LibreOffice that never got
        # warm has nothing to close cleanly (unoserver keeps retrying its connection for a minute and
        # ignores SIGTERM meanwhile): a server stopped right after it started does not wait for it.
        self._end_process(GRACE if warm else STARTING_GRACE)
        if self._thread is not None:
            self._thread.join(timeout=60)
        self._end_process(STARTING_GRACE)
        self.status = "gestopt"

    def __enter__(self) -> WarmLibreOffice:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- converting ---------------------------------------------------------------------------------

    def convert(self, docx: bytes, *, indexen: bool = False, timeout: int | None = None) -> bytes:
        """The PDF of a Word document; with `indexen` its indexes (a bundle's table of contents) are
        updated first, as unoserver does (twice, so the page numbers of a grown contents list are
        right). NotReady when the server cannot do it now: the caller converts one-shot."""
        if not self.ready:
            raise NotReady(self.status)
        return self._convert(docx, indexen, timeout)

    def _convert(self, docx: bytes, indexen: bool, timeout: int | None) -> bytes:
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", allow_none=True,
                                          transport=_Transport(float(timeout or self.timeout) + 15))
        try:
            # convert(inpath, indata, outpath, convert_to, filtername, filter_options, update_index)
            result = proxy.convert(None, xmlrpc.client.Binary(docx), None, "pdf", None, [], indexen)
        except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
            if self._proc is not None and self._proc.poll() is not None:
                self._ready.clear()  # it died during the conversion: the monitor starts it again
                raise NotReady(f"unoserver is gestopt tijdens het omzetten ({_kort(exc)})") from exc
            raise NotReady(f"unoserver kon het document niet omzetten ({_kort(exc)})") from exc
        data = result.data if isinstance(result, xmlrpc.client.Binary) else b""
        if not data.startswith(b"%PDF"):
            raise NotReady("unoserver gaf geen PDF terug")
        with self._lock:
            self.conversions += 1
        return data

    # -- the background thread ----------------------------------------------------------------------

    def _run(self) -> None:
        if self.python is None:
            self.python = unoserver_python(self.soffice)
        if self.python is None:
            self.status = (f"unoserver ontbreekt (installeer het voor de Python met uno, of zet {UNOSERVER_PYTHON_ENV}); "
                           "elke PDF start LibreOffice opnieuw")
            log.info("PDF: %s", self.status)
            return
        while not self._stopping.is_set():
            if self._launch() and self._wait_answer() and self._warm_up():
                self.status = "klaar"
                self._ready.set()
                log.info("PDF: LibreOffice draait warm (unoserver op poort %s)", self.port)
                since = time.monotonic()
                self._watch()
                if time.monotonic() - since > HEALTHY_SECONDS:
                    self.restarts = 0  # a crash after a long healthy run does not count towards giving up
            self._ready.clear()
            self._end_process()
            if self._stopping.is_set():
                return
            if self.restarts >= self.max_restarts:
                self.status = f"unoserver gestopt na {self.restarts} herstarts; elke PDF start LibreOffice opnieuw"
                log.warning("PDF: %s", self.status)
                return
            self.restarts += 1
            log.warning("PDF: unoserver opnieuw gestart (%s van %s)", self.restarts, self.max_restarts)

    def _launch(self) -> bool:
        assert self.python is not None
        port, uno_port = free_port(), free_port()
        while uno_port == port:
            uno_port = free_port()
        profile = tempfile.mkdtemp(prefix="xltoolkit-unoserver-", dir=self.folder)
        command = [self.python, "-c", _LAUNCHER, str(os.getpid()), "--interface", "127.0.0.1", "--port", str(port),
                   "--uno-port", str(uno_port), "--user-installation", str(Path(profile) / "profiel"),
                   "--executable", self.soffice, "--conversion-timeout", str(self.timeout), "--temp-dir", profile, "--quiet"]
        with self._lock:
            if self._stopping.is_set():
                shutil.rmtree(profile, ignore_errors=True)
                return False
            try:
                self._proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL, start_new_session=NEW_SESSION,
                                              creationflags=GROUP_FLAGS)
            except OSError as exc:
                shutil.rmtree(profile, ignore_errors=True)
                self.status = f"unoserver start niet ({_kort(exc)})"
                return False
            self._profile, self.port = profile, port
        self.status = "start"
        return True

    def _wait_answer(self) -> bool:
        """Until unoserver answers `info` with the API we speak (it sleeps about 5 s before it listens)."""
        deadline = time.monotonic() + self.start_timeout
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", allow_none=True, transport=_Transport(10))
        while not self._stopping.is_set() and time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                self.status = "unoserver stopte tijdens het starten"
                return False
            try:
                info = proxy.info()
            except (OSError, xmlrpc.client.Error, http.client.HTTPException):
                self._stopping.wait(0.2)
                continue
            if isinstance(info, dict) and info.get("api") == API_VERSION:
                return True
            self.status = f"unoserver spreekt API {info.get('api') if isinstance(info, dict) else '?'}, niet {API_VERSION}"
            self.restarts = self.max_restarts  # another version will not change by restarting
            return False
        self.status = f"unoserver antwoordde niet binnen {self.start_timeout:.0f} seconden"
        return False

    def _warm_up(self) -> bool:
        try:
            self._convert(blank_docx(), False, min(self.timeout, 120))
            self.conversions = 0
            return True
        except NotReady as exc:
            self.status = f"eerste omzetting mislukte ({exc})"
            return False

    def _watch(self) -> None:
        """Until stopped, or until the server dies (then `_run` starts it again)."""
        while not self._stopping.wait(0.5):
            if self._proc is None or self._proc.poll() is not None or not self._ready.is_set():
                self.status = "unoserver is gestopt"
                return

    def _end_process(self, grace: float = GRACE) -> None:
        with self._lock:
            proc, profile = self._proc, self._profile
            self._proc, self._profile = None, None
        if proc is not None:
            stop_group(proc, grace=grace)
        if profile is not None:
            shutil.rmtree(profile, ignore_errors=True)


# Popen arguments that put a child in a process group of its own, so `stop_group` ends everything it
# started (the soffice script starts oosplash, which starts soffice.bin).
NEW_SESSION = os.name != "nt"
GROUP_FLAGS: int = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)


def stop_group(proc: subprocess.Popen, grace: float) -> None:
    """End a process started in a group of its own (NEW_SESSION, GROUP_FLAGS) and all it started:
    SIGTERM to the process (unoserver passes it on to LibreOffice, which closes cleanly; signalling
    the whole group at once makes LibreOffice hang on its open UNO connection), `grace` seconds for
    the group to end, then SIGKILL to whatever of the group is left."""
    if proc.poll() is None:
        proc.terminate()
    deadline = time.monotonic() + grace
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    if os.name == "nt":  # no process groups to signal: end the process itself
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        return
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.wait()


def _group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (a zombie that nobody reaps does not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def _kort(exc: BaseException) -> str:
    return (str(exc).strip() or type(exc).__name__)[-200:]
