"""The add-in's task pane, ribbon commands and write-back in headless Chromium (see office_host.py).

A package, so its conftest is `browser.conftest` and does not shadow tests/conftest.py for the
tests that import from `conftest`."""
