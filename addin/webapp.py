"""The add-in's web app: xlwings Server with this folder as its project, wrapped in our guards.

    uvicorn xltoolkit.addin.webapp:app --workers 1      (or: xltoolkit addin)

xlwings Server serves the script routes (/xlwings/custom-scripts-call/{script}), the scripts'
metadata, the manifest and the task pane, and handles sign-in; this module adds what the project
must add: no path outside the served folders (xlwings Server's static files do not check it),
Dutch errors without stack traces outside development (security.foutafhandeling), a
size limit on every request, loopback-only development mode, and the ribbon's buttons for the
templates. One process: reports wait for download in this process's memory (downloads.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

from xltoolkit.addin import PROJECT_DIR, use_project_dir

from xltoolkit import __version__

use_project_dir()

# The settings first: they put a licence key from addin/.env into the environment before
# xlwings_server.main imports xlwings, which enables its remote engine only if the key is there.
import xlwings_server.main as _xlwings  # noqa: E402  (reads XLWINGS_PROJECT_DIR when imported)
from xltoolkit.addin.buttons import groepen, knoppen  # noqa: E402
from xltoolkit.addin.security import (  # noqa: E402
    AlleenLokaalInOntwikkeling,
    Groottegrens,
    PathGuard,
    contain_static_files,
    foutafhandeling,
    instelling_problemen,
)
from xlwings_server.config import settings  # noqa: E402
from xlwings_server.templates import templates  # noqa: E402


def scripts() -> ModuleType:
    """The custom_scripts module exactly as xlwings Server serves it."""
    from xlwings_server.routers import xlwings as xlwings_routes

    return xlwings_routes.custom_scripts


def ontwikkeling() -> bool:
    return settings.environment == "dev"


def ribbon_knoppen() -> list[Any]:
    return knoppen(scripts(), swv=settings.enable_samenvoegen)


def manifest_versie(versie: str = __version__) -> str:
    """The package version as Office wants it: four numbers (0.1.0 -> 0.1.0.0)."""
    getallen = [re.match(r"\d+", deel).group() for deel in versie.split(".") if re.match(r"\d+", deel)][:4]
    return ".".join(getallen + ["0"] * (4 - len(getallen)))


def _inrichten() -> None:
    if not hasattr(settings, "max_request_bytes"):
        raise RuntimeError(instelling_problemen(settings)[0])
    if not Path(scripts().__file__ or "").resolve().is_relative_to(PROJECT_DIR):
        raise RuntimeError(f"xlwings Server laadt de verkeerde scripts: {scripts().__file__}, niet die in {PROJECT_DIR}")
    if contain_static_files(_xlwings.app) == 0:
        raise RuntimeError("xlwings Server heeft geen map met statische bestanden meer; controleer contain_static_files")
    for soort, afhandeling in foutafhandeling(ontwikkeling).items():
        _xlwings.app.add_exception_handler(soort, afhandeling)
    templates.env.globals.update(
        ribbon_knoppen=lambda: [k.als_json() for k in ribbon_knoppen()],
        ribbon_groepen=lambda: groepen(ribbon_knoppen()),
        manifest_versie=manifest_versie(),
    )


_inrichten()
fastapi_app = _xlwings.app
app = PathGuard(AlleenLokaalInOntwikkeling(Groottegrens(_xlwings.main_app, lambda: settings.max_request_bytes), ontwikkeling))
