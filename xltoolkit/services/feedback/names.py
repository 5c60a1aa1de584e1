"""File names of the letters: from the board's name, safe on every OS, unique in their folder.

A board's name is typed by a person ("Stichting Kom Leren / PO", "Ééntje: \"Samen\""), and the
letters go to Windows shares, Macs and e-mail attachments. So a name is folded to ASCII letters,
digits and hyphens (accents dropped, not the letter), kept short (Windows paths), and always starts
with "brief-" (never a device name such as CON or NUL, never a dot file). Two boards whose names
fold alike, or differ only in case (one file on Windows and macOS), get "-2", "-3", … in the order
the merge lists the files, so a second run gives every board the same file name again.
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = "brief-"
MAX_STEM = 80  # characters before ".docx"; well within every OS's limit, also with the folder
_NOT_SAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """ASCII letters and digits joined by single hyphens; "" when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SAFE.sub("-", ascii_text.lower()).strip("-")


class LetterNames:
    """Hands out unique file names for one folder of letters."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def naam(self, bestuur: str, schooljaar: str = "", suffix: str = ".docx") -> str:
        stem = PREFIX + (slug(bestuur) or "bestuur")
        jaar = slug(schooljaar)
        if jaar:
            stem = f"{stem[:MAX_STEM - len(jaar) - 1].rstrip('-')}-{jaar}"
        stem = stem[:MAX_STEM].rstrip("-")
        candidate, n = stem, 1
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{stem[:MAX_STEM - len(str(n)) - 1].rstrip('-')}-{n}"
        self._taken.add(candidate.casefold())
        return candidate + suffix
