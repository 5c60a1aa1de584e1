"""Errors become a Dutch alert in Excel, never a traceback."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from xltoolkit.io.reader import WorkbookError
from xltoolkit.io.update import UpdateError

log = logging.getLogger("xltoolkit.excel")


def alert(book: Any, message: str, title: str) -> None:
    book.app.alert(message, title=title)


@contextmanager
def feedback(book: Any, title: str) -> Iterator[None]:
    """Run a button's work; a problem the user can fix, or a bug, ends as an alert."""
    try:
        yield
    except WorkbookError as exc:
        alert(book, exc.finding.message, title)
    except UpdateError as exc:
        alert(book, str(exc), title)
    except Exception as exc:  # a bug: log it for IT, tell the user plainly
        log.error("xltoolkit %s mislukt:\n%s", title, traceback.format_exc())
        alert(book, f"Er ging iets mis ({type(exc).__name__}). Neem contact op met het SWV en vermeld het tijdstip.", title)
