"""xlwings Server hook: on startup, refuse to run with unsafe or incomplete settings
(production without sign-in, Entra ID half configured, no licence key). The message says what
to set; see `security.instelling_problemen`.

It also keeps a warm LibreOffice for the reports' PDFs (services/report/warm.py): started here in
the background, so start-up does not wait for it (until it is ready, and whenever it is not, a
PDF is made one-shot), and stopped with the server, with everything it started. Switch it off
with XLWINGS_WARM_LIBREOFFICE=false.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

log = logging.getLogger("xltoolkit.addin")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from xltoolkit.addin.buttons import knoppen
    from xltoolkit.addin.security import controleer_instellingen
    from xltoolkit.addin.webapp import scripts
    from xlwings_server.config import settings

    from xltoolkit.services.report import pdf
    from xltoolkit.services.report.warm import WarmLibreOffice

    controleer_instellingen(settings)
    getoond = knoppen(scripts(), swv=settings.enable_samenvoegen)
    log.info("Passend Onderwijs (%s): knoppen %s", settings.environment, ", ".join(k.label for k in getoond))
    soffice = pdf.find_soffice() if getattr(settings, "warm_libreoffice", True) else None
    warm = WarmLibreOffice(soffice).start() if soffice is not None else None
    app.state.warm_libreoffice = warm
    pdf.use_warm(warm)
    try:
        yield
    finally:
        pdf.use_warm(None)
        if warm is not None:
            await asyncio.to_thread(warm.stop)
