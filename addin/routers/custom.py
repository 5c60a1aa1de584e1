"""xlwings Server hook: the add-in's own routes, under {XLWINGS_APP_PATH}/passend-onderwijs.

- POST meldingen: the task pane's findings list for the book it sends (signed in, like the scripts);
- GET download/{token}: a generated report, while its link is valid (the link is the key);
- GET hulp: the help page (the add-in's support URL);
- GET voorbeelden[/{naam}]: development mode only — the book JSON Excel would send for each
  example board, to post to a script route without Excel.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from xltoolkit.addin import ROUTE_PREFIX
from xltoolkit.addin.downloads import store
from xltoolkit.addin.meldingen import caption
from xltoolkit.addin.meldingen import meldingen as maak_meldingen
from xltoolkit.addin.security import Melding
from xlwings_server import dependencies as dep
from xlwings_server.config import settings
from xlwings_server.templates import TemplateResponse

from xltoolkit.spec import load_spec

router = APIRouter(prefix=f"{settings.app_path}{ROUTE_PREFIX}")


@router.post("/meldingen")
async def meldingen(book: dep.Book, current_user: dep.User) -> dict[str, Any]:
    return await run_in_threadpool(maak_meldingen, book)


@router.get("/download/{token}")
async def download(token: str) -> Response:
    item = store().haal(token)
    if item is None:
        minuten = max(1, settings.download_seconds // 60)
        return HTMLResponse(_verlopen_pagina(minuten, caption(load_spec(), "report")), status_code=404)
    return Response(item.data, media_type=item.media_type, headers={"Content-Disposition": item.content_disposition()})


@router.get("/hulp")
async def hulp(request: Request) -> Response:
    return TemplateResponse(request=request, name="hulp.html")


@router.get("/voorbeelden")
async def voorbeelden() -> list[str]:
    _alleen_ontwikkeling()
    from xltoolkit.examples import example_names

    return list(example_names())


@router.get("/voorbeelden/{naam}")
async def voorbeeld(naam: str) -> dict[str, Any]:
    _alleen_ontwikkeling()
    from xltoolkit.examples import example_names

    if naam not in example_names():
        raise Melding(404, f"Er is geen voorbeeldbestuur '{naam}'. Kies uit: {', '.join(example_names())}.")
    return await run_in_threadpool(voorbeeld_payload, naam)


def voorbeeld_payload(naam: str) -> dict[str, Any]:
    """The example board as a filled workbook, as Excel would send it (the file is deleted at once)."""
    from xltoolkit.examples import load_example
    from xltoolkit.excel.payload import book_payload
    from xltoolkit.io import save

    with tempfile.TemporaryDirectory(prefix="xltoolkit-voorbeeld-") as tmp:
        spec = load_spec()
        return book_payload(save(load_example(naam, spec), Path(tmp) / f"{naam}.xlsx", spec))


def _alleen_ontwikkeling() -> None:
    if settings.environment != "dev":
        raise Melding(404, "De voorbeelden zijn er alleen in de ontwikkelmodus (xltoolkit addin --dev).")


def _verlopen_pagina(minuten: int, knop: str) -> str:
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Link verlopen</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto">
<h1>Deze downloadlink werkt niet meer</h1>
<p>Een rapport staat {minuten} minuten klaar en wordt daarna van de server verwijderd. Klik in Excel
opnieuw op <b>{html.escape(knop)}</b> om een nieuwe link te krijgen.</p>
</body></html>"""
