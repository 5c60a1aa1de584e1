"""Reports waiting to be downloaded: in memory only, for a few minutes, behind an unguessable link.

An add-in cannot write to the user's disk, so "Rapport genereren" leaves the .docx/.pdf here and
the task pane offers a link. The report holds the board's narratives about children's education,
so it is never written to disk, is deleted when its time is up (checked on every use of the
store), and is gone when the server restarts. The link itself is the key (256 random bits): the
browser that downloads it has no Microsoft 365 sign-in to send along.

One store per server process: run the add-in as ONE process (the default), or a link made by one
worker may be asked of another.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Download:
    token: str
    naam: str
    data: bytes
    verloopt: float  # on the store's clock
    verloopt_om: datetime  # wall-clock time, to show the user

    @property
    def media_type(self) -> str:
        suffix = "." + self.naam.rsplit(".", 1)[-1].lower() if "." in self.naam else ""
        return MEDIA_TYPES.get(suffix, "application/octet-stream")

    def content_disposition(self) -> str:
        """attachment with an ASCII fallback name and the exact name in UTF-8 (RFC 6266)."""
        ascii_naam = unicodedata.normalize("NFKD", self.naam).encode("ascii", "ignore").decode() or "rapport"
        ascii_naam = re.sub(r'[^A-Za-z0-9._ -]', "_", ascii_naam)
        return f"attachment; filename=\"{ascii_naam}\"; filename*=UTF-8''{quote(self.naam)}"


class DownloadStore:
    """token -> file, each for `ttl` seconds, at most `max_bytes` in total (oldest out first)."""

    def __init__(self, ttl: float, max_bytes: int, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._clock = clock
        self._now = now
        self._files: OrderedDict[str, Download] = OrderedDict()
        self._lock = threading.Lock()

    def bewaar(self, naam: str, data: bytes) -> Download:
        naam = veilige_naam(naam)
        if len(data) > self.max_bytes:
            raise ValueError(f"{naam} is groter dan de downloadruimte van de server ({self.max_bytes} bytes)")
        item = Download(secrets.token_urlsafe(32), naam, bytes(data), self._clock() + self.ttl,
                        self._now() + timedelta(seconds=self.ttl))
        with self._lock:
            self._opruimen()
            while self._files and self._bytes() + len(data) > self.max_bytes:
                self._files.popitem(last=False)
            self._files[item.token] = item
        return item

    def haal(self, token: str) -> Download | None:
        with self._lock:
            self._opruimen()
            return self._files.get(token)

    def opruimen(self) -> int:
        with self._lock:
            return self._opruimen()

    def __len__(self) -> int:
        with self._lock:
            self._opruimen()
            return len(self._files)

    def _opruimen(self) -> int:
        nu = self._clock()
        weg = [t for t, d in self._files.items() if d.verloopt <= nu]
        for token in weg:
            del self._files[token]
        return len(weg)

    def _bytes(self) -> int:
        return sum(len(d.data) for d in self._files.values())


def veilige_naam(naam: str) -> str:
    """A file name without folders or characters that break a header."""
    naam = naam.replace("\\", "/").rsplit("/", 1)[-1]
    naam = re.sub(r'[\x00-\x1f"]', "", naam).strip() or "rapport"
    return naam[:150]


class Aanbod:
    """What one click on "Rapport genereren" offers: the files the entry point hands over go into
    the store, and the task pane gets their links (`als_json`)."""

    def __init__(self, winkel: DownloadStore, link: Callable[[str], str]) -> None:
        self.winkel = winkel
        self.link = link
        self.bestanden: list[Download] = []

    def opslaan(self, naam: str, data: bytes) -> str:
        """The `opslaan` callback for the entry point: keep the file, say where the user finds it."""
        item = self.winkel.bewaar(naam, data)
        self.bestanden.append(item)
        return f"{item.naam}: te downloaden in het taakvenster tot {item.verloopt_om:%H:%M}"

    def als_json(self) -> dict[str, object]:
        return {"bestanden": [
            {"naam": d.naam, "url": self.link(d.token), "verloopt_om": d.verloopt_om.strftime("%H:%M")} for d in self.bestanden
        ]}


_store: DownloadStore | None = None
_store_lock = threading.Lock()


def store() -> DownloadStore:
    """The server's store, sized by the settings (XLWINGS_DOWNLOAD_SECONDS, XLWINGS_DOWNLOAD_MAX_BYTES)."""
    global _store
    with _store_lock:
        if _store is None:
            from xlwings_server.config import settings

            _store = DownloadStore(settings.download_seconds, settings.download_max_bytes)
        return _store
