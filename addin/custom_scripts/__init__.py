"""xlwings Server hook: the scripts behind the ribbon's buttons.

Each script is a few lines: it hands the book Excel sent to the entry point in `xltoolkit.excel`
that the desktop button calls too, which reads the book by defined name and writes its result
back (Controle, Reconciliatie, Start) — never into an input cell. xlwings returns those writes to
Excel as actions. Rapport genereren differs only where it must: the server cannot write next to
the workbook, so the report becomes a download (report.py). The work runs in a worker thread, so
one slow report does not hold up other users.

The `macro` metadata ties a script to the workbook's button with that macro in the spec
(`workbook.buttons`) and to the entry point of that name; the docstring's first paragraph is the
button's tooltip in the ribbon (at most 250 characters).
"""

from __future__ import annotations

import asyncio

import xlwings as xw
from xltoolkit.addin import ROUTE_PREFIX
from xltoolkit.addin.downloads import Aanbod, store
from xltoolkit.addin.report import rapport_aanbieden
from xltoolkit.addin.security import check_samenvoegen
from xlwings.server import script
from xlwings_server.models import CurrentUser

import xltoolkit.excel as excel

TOON_DOWNLOADS = "passendOnderwijsDownloads"  # the task pane's JavaScript callback (static/js/passend-onderwijs.js)


async def run_macro(macro: str, book: xw.Book) -> None:
    await asyncio.to_thread(getattr(excel, macro), book)


@script(macro="validate")
async def valideren(book: xw.Book) -> None:
    """Controleer het werkboek op alle regels. De meldingen komen op het blad Controle en in het taakvenster; cellen met een fout worden rood."""
    await run_macro("validate", book)


@script(macro="reconcile")
async def reconciliatie(book: xw.Book) -> None:
    """Sluit per regio wat het bestuur besteedde op wat het ontving. De uitkomst komt op het blad Reconciliatie."""
    await run_macro("reconcile", book)


@script(macro="report")
async def rapport_genereren(book: xw.Book) -> None:
    """Maak de paragraaf voor het jaarverslag in Word en PDF. Het taakvenster toont de downloadlinks; die werken maar korte tijd."""
    from xlwings_server.config import settings

    aanbod = Aanbod(store(), lambda token: f"{settings.app_path}{ROUTE_PREFIX}/download/{token}")
    await asyncio.to_thread(rapport_aanbieden, book, aanbod)
    if aanbod.bestanden:
        book.app.macro(TOON_DOWNLOADS)(aanbod.als_json())


@script(macro="merge")
async def samenvoegen(book: xw.Book, current_user: CurrentUser) -> None:
    """Voor het SWV: voeg de werkboeken van de besturen samen tot één overzicht."""
    from pathlib import Path

    from xlwings_server.config import settings

    check_samenvoegen(current_user, settings)  # on the server: hiding the button is not enough
    if not settings.samenvoegen_map:
        book.app.alert("Samenvoegen is op deze server niet ingesteld: de beheerder zet XLWINGS_SAMENVOEGEN_MAP op de map "
                       "met de ingeleverde werkboeken.", title="Samenvoegen")
        return
    await asyncio.to_thread(excel.merge, book, Path(settings.samenvoegen_map))


@script(macro="prepare")
async def klaarzetten(book: xw.Book, current_user: CurrentUser) -> None:
    """Voor het SWV: zet per bestuur een werkboek klaar met wat het SWV al weet vooringevuld (bestuur, regio's, bedragen)."""
    from pathlib import Path

    from xlwings_server.config import settings

    check_samenvoegen(current_user, settings)  # the same SWV users, the same configured folder as Samenvoegen
    if not settings.samenvoegen_map:
        book.app.alert("Klaarzetten is op deze server niet ingesteld: de beheerder zet XLWINGS_SAMENVOEGEN_MAP op de map "
                       "van het SWV.", title="Klaarzetten")
        return
    await asyncio.to_thread(excel.prepare, book, Path(settings.samenvoegen_map))
