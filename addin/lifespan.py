"""xlwings Server hook: on startup, refuse to run with unsafe or incomplete settings
(production without sign-in, Entra ID half configured, no licence key). The message says what
to set; see `beveiliging.instelling_problemen`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

log = logging.getLogger("xltoolkit.addin")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from xltoolkit.addin.beveiliging import controleer_instellingen
    from xltoolkit.addin.knoppen import knoppen
    from xltoolkit.addin.webapp import scripts
    from xlwings_server.config import settings

    controleer_instellingen(settings)
    getoond = knoppen(scripts(), swv=settings.enable_samenvoegen)
    log.info("Passend Onderwijs (%s): knoppen %s", settings.environment, ", ".join(k.label for k in getoond))
    yield
