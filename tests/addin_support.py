"""Helpers for the add-in's tests (tests/test_addin*.py): the real app with FastAPI's TestClient,
book payloads from real filled workbooks, and where the returned actions wrote."""

from __future__ import annotations

import re
from typing import Any

from xltoolkit.io.xlsx import ref_to_rowcol

LOKAAL = ("127.0.0.1", 50000)


def addin():
    """The add-in's app and xlwings Server's settings object (one per process, as in production)."""
    from xltoolkit.addin import webapp  # first: it points xlwings Server at addin/ before its settings load
    from xlwings_server.config import settings

    return webapp, settings


def client(host: tuple[str, int] = LOKAAL):
    webapp, _ = addin()
    from starlette.testclient import TestClient

    return TestClient(webapp.app, client=host, raise_server_exceptions=False)


def input_names(spec, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload's defined names of every input: the spec's fields and the aanwending table."""
    names = {n["name"]: n for n in payload["names"]}
    return [names[i] for i in [f.id for f in spec.fields] + [f"aanwending_{c.id}" for c in spec.columns]]


def overlaps(touch: tuple[int, int, int, int, int], name: dict[str, Any]) -> bool:
    """Does a written block (sheet, row0, col0, rows, cols) overlap a named range?"""
    sheet, r0, c0, rows, cols = touch
    first, _, last = name["address"].partition(":")
    (nr1, nc1), (nr2, nc2) = ref_to_rowcol(first), ref_to_rowcol(last or first)
    return sheet == name["sheet_index"] and not (
        r0 + rows - 1 < nr1 - 1 or r0 > nr2 - 1 or c0 + cols - 1 < nc1 - 1 or c0 > nc2 - 1)


def cell_actions(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions that write to the sheet (tests/excel_actions.py applies these); alerts and
    JavaScript callbacks are not about cells."""
    return [a for a in actions if a["func"] not in ("alert", "runMacro")]


def without_timestamps(value: Any) -> Any:
    """Status texts carry the minute they were written ("op 03-05-2025 14:02")."""
    if isinstance(value, str):
        return re.sub(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", "<tijd>", value)
    if isinstance(value, list):
        return [without_timestamps(v) for v in value]
    if isinstance(value, dict):
        return {k: without_timestamps(v) for k, v in value.items()}
    return value
