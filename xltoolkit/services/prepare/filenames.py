"""A file name from a board's name that every OS accepts, and says why it differs from the name.

The SWV's folder travels (a network share on Windows, a Mac, OneDrive, a zip by e-mail), so the
name must hold on all of them: no characters Windows forbids (< > : " / \\ | ? *, control
characters), no name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an
extension), no trailing dot or space (Windows drops them), no leading dot or dash (a hidden file,
an option to a shell command), at most `MAX_STEM` characters and `MAX_BYTES` bytes of UTF-8 (a
255-byte limit per name, with room for the school year and the extension), in one Unicode form
(NFC, as macOS would otherwise decompose accents), and unique within the folder regardless of
case (Windows and macOS do not tell "A" from "a").
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80
MAX_BYTES = 160
_ILLEGAL_RE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
             *(f"COM{c}" for c in "¹²³"), *(f"LPT{c}" for c in "¹²³")}
FALLBACK = "bestuur"


def safe_stem(naam: str) -> tuple[str, list[str]]:
    """The part of the file name that comes from the board's name, and the reasons (Dutch) it
    differs from the name; no reasons when the name could be used as it is."""
    reasons: list[str] = []
    text = unicodedata.normalize("NFC", naam)
    cleaned = _ILLEGAL_RE.sub("_", text)
    if cleaned != text:
        reasons.append('tekens die niet in een bestandsnaam mogen (< > : " / \\ | ? * of stuurtekens) zijn vervangen door _')
    cleaned = " ".join(cleaned.split())
    stripped = cleaned.strip(" .").lstrip("-").strip(" .")
    if stripped != cleaned:
        reasons.append("een punt, spatie of streepje aan het begin of eind is weggelaten")
    stem = stripped
    if len(stem) > MAX_STEM or len(stem.encode("utf-8")) > MAX_BYTES:
        stem = _shorten(stem)
        reasons.append(f"de naam is ingekort tot {len(stem)} tekens")
    if not stem or set(stem) <= {"_", " "}:
        stem = FALLBACK
        reasons.append(f"er bleef van de naam niets bruikbaars over, dus heet het werkboek '{FALLBACK}'")
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
        reasons.append(f"{stem[1:]} is op Windows een gereserveerde naam; er staat _ voor")
    return stem, reasons


def _shorten(stem: str) -> str:
    cut = stem[:MAX_STEM]
    while len(cut.encode("utf-8")) > MAX_BYTES:
        cut = cut[:-1]
    if " " in cut[MAX_STEM // 2:]:  # end on a whole word when that keeps most of it
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" .")


def unique_name(stem: str, suffix: str, used: set[str]) -> str:
    """`stem + suffix`, or with " (2)", " (3)" … when that name (in any case) is taken; the name
    is added to `used` (casefolded)."""
    name = f"{stem}{suffix}"
    n = 2
    while name.casefold() in used:
        name = f"{stem} ({n}){suffix}"
        n += 1
    used.add(name.casefold())
    return name
