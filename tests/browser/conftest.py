"""Fixtures of the browser tests: one real add-in server (development mode, 127.0.0.1) and one
headless system Chromium per test module, a fresh browser context (pane-sized) per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .office_host import PANE_HEIGHT, PANE_WIDTH, Server, find_chromium, start_server


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium from the system (Debian's `chromium`), driven by Playwright. Skips only
    when no browser is installed; Playwright missing while a browser is there is an error."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("geen Chromium gevonden (apt-get install chromium, of zet XLTOOLKIT_CHROMIUM): "
                    "de browsertests van het taakvenster draaien niet")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


def _server(tmp_path_factory: pytest.TempPathFactory, dev: bool) -> Server:
    return start_server(Path(tmp_path_factory.mktemp("addin-server")), dev=dev)


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    """The add-in as `xltoolkit addin --dev` runs it (started only when a browser is there)."""
    running = _server(tmp_path_factory, dev=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def prod_server(tmp_path_factory, chromium):
    """Production mode with Entra ID sign-in configured."""
    running = _server(tmp_path_factory, dev=False)
    yield running
    running.stop()


@pytest.fixture
def browser_context(chromium):
    context = chromium.new_context(viewport={"width": PANE_WIDTH, "height": PANE_HEIGHT}, locale="nl-NL",
                                   accept_downloads=True)
    yield context
    context.close()
