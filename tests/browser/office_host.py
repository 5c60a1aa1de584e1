"""The browser tests' Office host: the add-in's real server on 127.0.0.1, headless Chromium (the
system's, driven by Playwright), and fake_office.js served instead of Microsoft's office.js over
an in-memory workbook built from a filled example board.

A `Pane` is one task pane in one browser page. It records everything that would go unnoticed in
Excel — console errors, uncaught exceptions, failed or refused requests, Office.js calls the fake
does not implement, xlwings' error dialogs — and `assert_clean()` fails the test on any of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FAKE_OFFICE_JS = HERE / "fake_office.js"
SCREENSHOTS = Path(os.environ.get("XLTOOLKIT_SCREENSHOTS", HERE / "screenshots"))
PANE_WIDTH = 320  # Excel's task pane is about 320-350 px wide: the narrowest, where overflow shows first
PANE_HEIGHT = 760
SCRIPT_CALL = "/xlwings/custom-scripts-call/"
# Office.js comes from Microsoft's CDN (XLWINGS_CDN_OFFICEJS) or xlwings Server's vendored copy.
OFFICE_JS = re.compile(r"(^https://appsforoffice\.microsoft\.com/.*|/vendor/office-js/.*)/office\.js$")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The system's Chromium: $XLTOOLKIT_CHROMIUM, else the Debian package's binary on PATH."""
    explicit = os.environ.get("XLTOOLKIT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


# -- The server ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_server(folder: Path, dev: bool = True) -> Server:
    """`python -m xltoolkit.addin [--dev]` on a free port of 127.0.0.1, as a user starts it. Without
    --dev it is production with Entra ID configured (no network needed until a token arrives)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env["XLWINGS_LICENSE_KEY"] = "noncommercial"
    if not dev:
        env.update({"XLWINGS_AUTH_PROVIDERS": '["entraid"]',
                    "XLWINGS_AUTH_ENTRAID_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
                    "XLWINGS_AUTH_ENTRAID_TENANT_ID": "aaaaaaaa-0000-0000-0000-000000000001"})
    command = [sys.executable, "-m", "xltoolkit.addin", "--port", str(port)] + (["--dev"] if dev else [])
    log = folder / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"de server stopte meteen:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(server.base + "/static/js/ribbon.js", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"de server startte niet binnen 60 s:\n{log.read_text()}")


# -- The task pane -----------------------------------------------------------------------------------

@dataclass
class Pane:
    """One task pane: a Playwright page on the server's taskpane.html with the fake Office host."""

    page: Any
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # requests that failed or answered >= 400
    refused: list[str] = field(default_factory=list)  # requests to anywhere but the server
    posts: list[tuple[str, Any]] = field(default_factory=list)  # (path, JSON body) of every POST
    expected_statuses: set[int] = field(default_factory=set)
    expected_console: list[str] = field(default_factory=list)  # regexes of console errors a test provokes

    @classmethod
    def open(cls, context: Any, base: str, book: dict[str, Any], token: dict[str, Any] | None = None) -> Pane:
        page = context.new_page()
        pane = cls(page, base)
        setup = {"book": book, "token": token}
        page.add_init_script(f"window.__fakeOfficeSetup = {json.dumps(setup)};")
        page.route("**/*", pane._route)
        page.on("console", lambda m: pane.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: pane.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: pane.failed.append(f"{r.method} {r.url}: {r.failure}"))
        page.on("response", pane._response)
        page.on("request", pane._request)
        page.goto(base + "/taskpane.html")
        pane.wait("() => document.readyState === 'complete'")
        return pane

    def _route(self, route: Any) -> None:
        url = route.request.url
        if OFFICE_JS.search(url.split("?")[0]):
            route.fulfill(status=200, content_type="text/javascript", body=FAKE_OFFICE_JS.read_text(encoding="utf-8"))
        elif url.startswith(self.base + "/"):
            route.continue_()
        else:  # no network: a CDN script, font or tracker would break the add-in offline
            self.refused.append(url)
            route.abort()

    def _request(self, request: Any) -> None:
        if request.method == "POST":
            body = request.post_data
            try:
                data = json.loads(body) if body else None
            except ValueError:
                data = body
            self.posts.append((urllib.parse.urlsplit(request.url).path, data))

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.status not in self.expected_statuses:
            self.failed.append(f"{response.request.method} {response.url}: {response.status}")

    # What the fake Office host saw
    def state(self) -> dict[str, Any]:
        return self.page.evaluate(
            "() => { const s = window.__fakeOffice.state; return {violations: s.violations, associated: Object.keys(s.associated),"
            " dialogs: s.dialogs, browserWindows: s.browserWindows, tokenRequests: s.tokenRequests}; }")

    def workbook(self) -> dict[str, Any]:
        return self.page.evaluate("() => window.__fakeOffice.snapshot()")

    def dialogs(self) -> list[dict[str, str]]:
        """xlwings' alerts (Office.context.ui.displayDialogAsync on /xlwings/alert): prompt, title, mode."""
        out = []
        for d in self.state()["dialogs"]:
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(d["url"]).query)
            out.append({k: query.get(k, [""])[0] for k in ("prompt", "title", "mode", "buttons")} | {"url": d["url"]})
        return out

    def wait(self, expression: str, timeout: float = 10_000, arg: Any = None) -> None:
        """Wait until a JavaScript expression is true; if it never is, fail with what went wrong
        in the page (an uncaught error explains a hang better than the timeout)."""
        from playwright.sync_api import TimeoutError as Timeout

        deadline = time.monotonic() + timeout / 1000
        while True:
            try:
                self.page.wait_for_function(expression, arg=arg, timeout=500)
                return
            except Timeout:
                if self.page_errors or self._unexpected_console() or time.monotonic() > deadline:  # a fault: it will not get better
                    raise AssertionError(f"nog niet waar: {expression}\n" + "\n".join(self.problems())) from None

    def wait_for_dialogs(self, count: int, timeout: float = 120_000) -> list[dict[str, str]]:
        self.wait(f"() => window.__fakeOffice.state.dialogs.length >= {count}", timeout)
        return self.dialogs()

    def run_ribbon(self, script: str, timeout: float = 120_000) -> None:
        """Click a ribbon button: call what ribbon.js associated with its id, as Office does, and
        wait until the function calls event.completed()."""
        self.page.evaluate(
            """async (id) => {
                 const fn = window.__fakeOffice.state.associated[id];
                 if (!fn) throw new Error(`geen functie voor ${id}`);
                 await new Promise((done) => fn({ completed: done, source: { id: id } }));
               }""", script, )

    def screenshot(self, name: str) -> Path:
        """The pane as the user sees it, at the pane's width; nothing may stick out sideways."""
        breed = self.page.evaluate("() => [...document.querySelectorAll('body *')].filter((e) =>"
                                   " e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
                                   ".map((e) => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))")
        assert self.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), breed
        assert not breed, f"{name}: breder dan het taakvenster: {breed}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def _unexpected_console(self) -> list[str]:
        return [m for m in self.console_errors if not any(re.search(x, m) for x in self.expected_console)]

    def problems(self) -> list[str]:
        state = self.state()
        errors = [d for d in self.dialogs() if d["mode"] == "critical"]
        return ([f"console.error: {m}" for m in self._unexpected_console()]
                + [f"uncaught: {m}" for m in self.page_errors]
                + [f"request: {m}" for m in self.failed]
                + [f"no network allowed: {u}" for u in self.refused]
                + [f"office.js: {v}" for v in state["violations"]]
                + [f"error dialog: {d['title']}: {d['prompt']}" for d in errors])

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)
