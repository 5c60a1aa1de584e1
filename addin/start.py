"""Start the add-in's server: `xltoolkit addin [--dev]` or `python -m xltoolkit.addin [--dev]`.

--dev is for one person on one computer: no sign-in, so it only listens on the loopback address
(127.0.0.1), shows error details, and offers the example boards as book JSON. Without --dev the
settings come from the environment (XLWINGS_...) and the server refuses to start without sign-in.
Excel loads add-ins over https only; give a certificate (mkcert for local use) or put the server
behind a proxy that does https.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

from xltoolkit.addin import PROJECT_DIR, ROUTE_PREFIX, use_project_dir

EXTRA = "pip install 'xltoolkit[addin]'"
EXTRA_CHECKOUT = "pip install '.[addin]'"  # from a checkout of the project: the name is not on PyPI


def start(dev: bool = False, host: str = "127.0.0.1", port: int = 8000,
          certfile: Path | None = None, keyfile: Path | None = None) -> int:
    """Run the server until it is stopped; returns an exit code (2: it could not start)."""
    if importlib.util.find_spec("xlwings_server") is None:
        print("De invoegtoepassing heeft extra pakketten nodig. Installeer ze met:\n"
              f"  {EXTRA_CHECKOUT}   (in de map van het project)\n"
              f"  {EXTRA}   (als xltoolkit uit een pakketbron komt)")
        return 2
    from xltoolkit.addin.security import instelling_problemen, is_loopback

    if dev and not is_loopback(host):
        print(f"De ontwikkelmodus draait zonder aanmelding en dus alleen op 127.0.0.1, niet op {host}. "
              "Gebruik voor een server die anderen bereiken de productie-instellingen (zonder --dev).")
        return 2
    if dev:
        os.environ["XLWINGS_ENVIRONMENT"] = "dev"
        os.environ["XLWINGS_AUTH_PROVIDERS"] = "[]"
        if not os.environ.get("XLWINGS_LICENSE_KEY"):
            os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
            print("xlwings-licentie: noncommercial (gratis voor onderwijsinstellingen; commercieel gebruik vraagt een betaalde licentie).")
    certfile, keyfile = _certificaat(certfile, keyfile)
    if bool(certfile) != bool(keyfile):
        print("Geef zowel --certfile als --keyfile, of geen van beide.")
        return 2
    use_project_dir()
    from xlwings_server.config import settings

    problemen = instelling_problemen(settings, engine=False)  # the server's own process checks xlwings
    if problemen:
        print("De invoegtoepassing start niet:\n- " + "\n- ".join(problemen))
        return 2
    _uitleg(settings, host, port, https=bool(certfile), dev=dev)
    # A fresh process: xlwings enables its remote engine (the one xlwings Server uses) only if the
    # licence key is in the environment when it is first imported, and this CLI imported it already.
    command = [sys.executable, "-m", "uvicorn", "xltoolkit.addin.webapp:app", "--host", host, "--port", str(port),
               "--workers", "1", "--proxy-headers"]
    if certfile:
        command += ["--ssl-certfile", str(certfile), "--ssl-keyfile", str(keyfile)]
    server = subprocess.Popen(command)
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())  # a service manager stopping us stops the server
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C: let the server shut down cleanly (SIGTERM works on Windows too)
        server.terminate()
        return server.wait()


def _certificaat(certfile: Path | None, keyfile: Path | None) -> tuple[Path | None, Path | None]:
    """Given files, or mkcert's files in addin/certs/ (the xlwings Server convention)."""
    if certfile or keyfile:
        return certfile, keyfile
    cert, key = PROJECT_DIR / "certs" / "localhost+2.pem", PROJECT_DIR / "certs" / "localhost+2-key.pem"
    return (cert, key) if cert.is_file() and key.is_file() else (None, None)


def _uitleg(settings, host: str, port: int, https: bool, dev: bool) -> None:
    from xltoolkit.addin.security import is_loopback

    base = f"{'https' if https else 'http'}://{'localhost' if is_loopback(host) else host}:{port}{settings.app_path}"
    print(f"Passend Onderwijs ({settings.environment}) op {base}")
    print(f"  manifest:     {base}/manifest.xml   (voor sideloaden in Excel)")
    print(f"  taakvenster:  {base}/taskpane.html")
    if dev:
        print(f"  voorbeelden:  {base}{ROUTE_PREFIX}/voorbeelden   (het werkboek van een voorbeeldbestuur als JSON)")
        print(f"  proberen:     curl -s {base}{ROUTE_PREFIX}/voorbeelden/004_kom_leren | "
              f"curl -s -X POST -H 'Content-Type: application/json' --data-binary @- {base}/xlwings/custom-scripts-call/valideren")
    if not https:
        print("Let op: zonder certificaat draait de server op http. Excel laadt invoegtoepassingen alleen via https:\n"
              f"  mkcert -install && (cd {PROJECT_DIR / 'certs'} && mkcert localhost 127.0.0.1 ::1)\n"
              "  of geef --certfile en --keyfile.")
