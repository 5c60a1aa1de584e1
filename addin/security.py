"""The add-in's guards around xlwings Server: settings that must be right before it starts, a
size limit on every request, loopback only in development, and Dutch errors without stack traces.

xlwings Server itself authenticates (Microsoft Entra ID) and sets the OWASP security headers;
what is here is what it leaves to the project. The user sees a short Dutch message with a
reference code; the details go to the server log under the same code.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import secrets
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("xltoolkit.addin")

SWV = "neem contact op met het samenwerkingsverband (SWV)"


class InstellingFout(RuntimeError):
    """The server must not start with these settings; the message says what to set."""


class Melding(StarletteHTTPException):
    """An error for the user, already in Dutch: shown as it is."""


def controleer_instellingen(settings: Any) -> None:
    """Refuse to start when production would be unsafe or the project settings were not loaded."""
    problemen = instelling_problemen(settings)
    if problemen:
        raise InstellingFout("De invoegtoepassing start niet:\n- " + "\n- ".join(problemen))


def instelling_problemen(settings: Any, engine: bool = True) -> list[str]:
    """What is wrong with the settings, in Dutch; `engine`: also check this process's xlwings."""
    if not hasattr(settings, "max_request_bytes"):
        return ["De instellingen van de invoegtoepassing (addin/config.py) zijn niet geladen; "
                "staat XLWINGS_PROJECT_DIR op een andere map?"]
    problemen: list[str] = []
    zonder_engine = engine and not _remote_engine()
    if zonder_engine:
        problemen.append("xlwings is geladen zonder licentiesleutel, dus zonder de engine van xlwings Server. Zet "
                         "XLWINGS_LICENSE_KEY als omgevingsvariabele vóór de start: 'noncommercial' voor onderwijsinstellingen "
                         "(schoolbesturen, SWV's), anders de sleutel van een betaalde xlwings-licentie.")
    providers = settings.auth_providers or []
    if settings.environment != "dev":
        if not providers:
            problemen.append('Zonder aanmelding draait de server alleen in de ontwikkelmodus (--dev). Zet XLWINGS_AUTH_PROVIDERS=["entraid"] '
                             "met XLWINGS_AUTH_ENTRAID_CLIENT_ID en XLWINGS_AUTH_ENTRAID_TENANT_ID van de app-registratie van het SWV.")
        if not zonder_engine and not (settings.license_key or os.environ.get("XLWINGS_LICENSE_KEY")):
            problemen.append("XLWINGS_LICENSE_KEY ontbreekt: 'noncommercial' voor onderwijsinstellingen (schoolbesturen, SWV's), "
                             "anders de sleutel van een betaalde xlwings-licentie.")
    if "entraid" in providers:
        if not settings.auth_entraid_client_id:
            problemen.append("XLWINGS_AUTH_ENTRAID_CLIENT_ID ontbreekt (de applicatie-id van de app-registratie in Microsoft Entra ID).")
        if not settings.auth_entraid_tenant_id:  # xlwings Server needs it in multi-tenant mode too
            problemen.append("XLWINGS_AUTH_ENTRAID_TENANT_ID ontbreekt (de tenant-id van het SWV, ook bij meerdere tenants).")
        if settings.auth_entraid_multitenant and not settings.allowed_tenant_ids:
            problemen.append("Met XLWINGS_AUTH_ENTRAID_MULTITENANT=true moet XLWINGS_ALLOWED_TENANT_IDS de tenants van het SWV "
                             "en zijn besturen noemen; anders kan elk Microsoft-account de server gebruiken.")
    return problemen


def _remote_engine() -> bool:
    import xlwings

    return "remote" in [engine.name for engine in xlwings.engines]


# -- Who may do what ----------------------------------------------------------------------------

def check_samenvoegen(user: Any, settings: Any) -> None:
    """Samenvoegen reads every board's workbook and writes the SWV's overview: refuse it on the
    server (not only in the ribbon) when it is switched off, and to anyone who is not SWV staff.
    Development mode has no sign-in and one user on one computer, who may."""
    if not settings.enable_samenvoegen:
        raise Melding(403, "Samenvoegen staat op deze server uit (XLWINGS_ENABLE_SAMENVOEGEN=false). "
                           f"Wilt u de werkboeken van de besturen samenvoegen, {SWV}.")
    if settings.auth_providers and not user.is_swv(settings):
        log.warning("Samenvoegen geweigerd voor %s (%s): geen SWV-rol", user.name, user.email or user.id)
        raise Melding(403, "Samenvoegen is alleen voor medewerkers van het samenwerkingsverband (SWV): het leest de "
                           "werkboeken van alle besturen en schrijft het overzicht. Werkt u bij het SWV, vraag dan de "
                           f"beheerder om de rol '{settings.swv_rol}' in de app-registratie.")


# -- Size limit --------------------------------------------------------------------------------

def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",")


def te_groot_tekst(grootte: int | None, limiet: int) -> str:
    hoeveel = f"{_mb(grootte)} MB" if grootte is not None else f"meer dan {_mb(limiet)} MB"
    return (f"Het werkboek is te groot om te verwerken ({hoeveel}; de grens is {_mb(limiet)} MB). Haal bladen, "
            "afbeeldingen of grote tabellen die niet bij de verantwoording horen uit een kopie van het werkboek en "
            f"probeer het daarmee opnieuw. Lukt dat niet, {SWV}.")


class Groottegrens:
    """Reject a request body above the limit with 413 and a Dutch message, before any of it is
    parsed. The body is read here in full (it is small: a workbook is tens of kB) and handed on,
    so a body without Content-Length is measured just the same."""

    def __init__(self, app: ASGIApp, limiet: Callable[[], int]) -> None:
        self.app = app
        self.limiet = limiet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limiet = self.limiet()
        opgegeven = _content_length(scope)
        if opgegeven is not None and opgegeven > limiet:
            await _json(send, 413, te_groot_tekst(opgegeven, limiet))
            return
        body, rest = await _lees(receive, limiet)
        if body is None:
            await _json(send, 413, te_groot_tekst(None, limiet))
            return
        await self.app(scope, _opnieuw(body, rest, receive), send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _lees(receive: Receive, limiet: int) -> tuple[bytes | None, list[Message]]:
    """The whole body, or None as soon as it passes the limit; other messages are kept."""
    delen: list[bytes] = []
    grootte = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(delen), [message]
        deel = message.get("body", b"")
        grootte += len(deel)
        if grootte > limiet:
            return None, []
        delen.append(deel)
        if not message.get("more_body", False):
            return b"".join(delen), []


def _opnieuw(body: bytes, rest: list[Message], receive: Receive) -> Receive:
    wachtrij: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *rest]

    async def ontvang() -> Message:
        return wachtrij.pop(0) if wachtrij else await receive()

    return ontvang


async def _json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]})
    await send({"type": "http.response.body", "body": body})


# -- Paths: nothing outside the served folders -------------------------------------------------

MAX_DECODE = 4  # %252e decoded twice is "."; more layers than this is an attack, not a file name


def path_escapes(path: str) -> bool:
    """Could this request path, decoded once or several times, name something outside its folder?
    A ".." segment, a backslash (a separator on Windows), a NUL byte, a drive letter or an
    encoding that does not settle are all refused: no file of ours has any of them in its name."""
    seen = path
    for _ in range(MAX_DECODE):
        if _unsafe(seen):
            return True
        decoded = unquote(seen)
        if decoded == seen:
            return False
        seen = decoded
    return True


def _unsafe(path: str) -> bool:
    segments = path.split("/")
    return ("\\" in path or "\x00" in path or any(s in ("..", ".") for s in segments)
            or any(len(s) >= 2 and s[1] == ":" for s in segments))


class PathGuard:
    """Refuse (404) every request whose path could leave its folder, before any route or static
    lookup sees it. xlwings Server's static files join folder and path without checking
    (`OverridableStaticFiles.lookup_path`); `contain_static_files` fixes that lookup itself, and
    this guard makes sure no other route ever gets such a path either."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            raw = scope.get("raw_path") or b""
            if path_escapes(scope.get("path", "")) or path_escapes(raw.decode("latin-1").partition("?")[0]):
                log.warning("Pad buiten de server geweigerd: %r", raw or scope.get("path"))
                if scope["type"] == "http":
                    await _json(send, 404, HTTP_TEKST[404])
                return
        await self.app(scope, receive, send)


def contain_static_files(app: Any) -> int:
    """Make every static-file mount of `app` serve only files whose real path (links followed)
    lies inside its own folders; returns how many mounts it secured (the caller checks > 0)."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    secured = 0
    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, StaticFiles):
            route.app.lookup_path = _contained_lookup(route.app)  # type: ignore[method-assign]
            secured += 1
    return secured


def _contained_lookup(static: Any) -> Callable[[str], tuple[str, os.stat_result | None]]:
    folders = [Path(f) for f in [getattr(static, "user_dir", None), *static.all_directories] if f is not None]

    def lookup(path: str) -> tuple[str, os.stat_result | None]:
        if path_escapes(path.replace(os.sep, "/")) or Path(path).is_absolute():
            return "", None
        for folder in folders:
            root = os.path.realpath(folder)
            full = os.path.realpath(os.path.join(root, path))
            if os.path.commonpath([full, root]) != root or not os.path.isfile(full):
                continue
            return full, os.stat(full)
        return "", None

    return lookup


# -- Development mode: loopback only ------------------------------------------------------------

def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class AlleenLokaalInOntwikkeling:
    """In development mode there is no authentication, so only this computer may connect."""

    def __init__(self, app: ASGIApp, ontwikkeling: Callable[[], bool]) -> None:
        self.app = app
        self.ontwikkeling = ontwikkeling

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.ontwikkeling():
            client = scope.get("client")
            if not is_loopback(client[0] if client else None):
                await _json(send, 403, "De ontwikkelmodus (zonder aanmelding) is alleen bereikbaar vanaf deze computer "
                                       "(127.0.0.1). Gebruik voor andere computers de productie-instellingen met aanmelding.")
                return
        await self.app(scope, receive, send)


# -- Errors: Dutch, no stack trace outside development ------------------------------------------

HTTP_TEKST = {
    400: "Het verzoek aan de server is onvolledig of onleesbaar. Probeer het opnieuw vanuit Excel.",
    401: "U bent niet (meer) aangemeld. Meld u in Excel aan met uw Microsoft 365-account van school en probeer het opnieuw.",
    403: f"Uw account heeft geen toegang tot deze invoegtoepassing. Vraag uw beheerder om toegang, of {SWV}.",
    404: "Deze pagina of knop bestaat niet op de server. Werk de invoegtoepassing bij of " + SWV + ".",
    405: "Deze bewerking kan hier niet. Probeer het opnieuw vanuit Excel.",
    422: "Het verzoek aan de server is onvolledig of onleesbaar. Probeer het opnieuw vanuit Excel.",
}


def kenmerk() -> str:
    """A short code to quote to the SWV; the log holds the details under it."""
    return secrets.token_hex(4).upper()


def foutafhandeling(ontwikkeling: Callable[[], bool]) -> dict[Any, Callable[[Request, Exception], Awaitable[JSONResponse]]]:
    """The exception handlers for the app, keyed like FastAPI's `exception_handlers`."""

    async def serverfout(request: Request, exc: Exception) -> JSONResponse:
        code = kenmerk()
        log.error("Serverfout %s bij %s %s", code, request.method, request.url.path, exc_info=exc)
        detail = (f"Er ging iets mis op de server (kenmerk {code}). Probeer het nog eens; blijft het misgaan, "
                  f"{SWV} en noem dit kenmerk.")
        if ontwikkeling():
            detail += "\n\n[ontwikkelmodus]\n" + "".join(traceback.format_exception(exc))
        return JSONResponse({"detail": detail}, status_code=500)

    async def http_fout(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc, Melding):
            detail = exc.detail
        else:
            detail = HTTP_TEKST.get(exc.status_code, HTTP_TEKST[400])
            log.info("HTTP %s bij %s %s: %s", exc.status_code, request.method, request.url.path, exc.detail)
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    async def onleesbaar(request: Request, exc: Exception) -> JSONResponse:
        log.info("Onleesbaar verzoek bij %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return JSONResponse({"detail": "Het verzoek bevat geen leesbaar werkboek. Probeer het opnieuw vanuit Excel."}, status_code=400)

    async def xlwings_fout(request: Request, exc: Exception) -> JSONResponse:
        code = kenmerk()
        log.error("xlwings-fout %s bij %s %s: %s", code, request.method, request.url.path, exc)
        return JSONResponse({"detail": f"De server kon de knop niet uitvoeren (kenmerk {code}). {SWV[0].upper()}{SWV[1:]} en noem dit kenmerk."},
                            status_code=400)

    async def ongeldig(request: Request, exc: Exception) -> JSONResponse:
        log.info("Ongeldig verzoek bij %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": HTTP_TEKST[422]}, status_code=422)

    from fastapi.exceptions import RequestValidationError
    from xlwings import XlwingsError

    return {
        Exception: serverfout,
        StarletteHTTPException: http_fout,
        json.JSONDecodeError: onleesbaar,
        UnicodeDecodeError: onleesbaar,
        XlwingsError: xlwings_fout,
        RequestValidationError: ongeldig,
    }
