"""The letter's own words: a jinja2 template the SWV can edit (`templates/terugkoppeling.j2`).

Why a template in `templates/` and not the spec's fixed texts: the spec's `fixed_texts` are the
official format's words, verbatim, and the spec's hash is part of every workbook built from it. A
letter is the SWV's own correspondence: changing its salutation must not make every workbook
outdated, and the SWV may want a sentence only when there are fouten (`{% if fouten %}`), which
jinja2 has and the spec's blocks do not. So the fixed texts live in one jinja2 file, beside the
report's templates, with one `{% block %}` per part of the letter; the Word writer puts the
tables (amounts, findings and their cells) around them, as the report does with its model.

A block renders to plain text with a tiny markup, so that an SWV employee can edit it without
knowing Word or HTML: a blank line starts a paragraph, "# " a heading, "- " a bullet. The template
runs in jinja2's sandbox (it is a file a user edits) with StrictUndefined, and is tried once with
sample values when loaded: a misspelt variable or a missing block stops the merge before any file
is read (M091), instead of costing every letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from xltoolkit.findings import FindingError, make
from xltoolkit.services.report.text import BulletList, TextParagraph

DEFAULT = "terugkoppeling.j2"
BLOKKEN = ("onderwerp", "aanhef", "herstel", "bevestiging", "onleesbaar", "ontvangen", "regio", "register",
           "ontbreekt_kop", "fouten_kop", "waarschuwingen_kop", "afsluiting", "ondertekening")
# The values every block may use, with a sample of each for the trial render at load time.
VOORBEELD: dict[str, Any] = {
    "bestuur": "Stichting Voorbeeld", "bestand": "voorbeeld.xlsx", "schooljaar": "2023-2024",
    "swv": "Samenwerkingsverband", "datum": "1 januari 2025", "fouten": 1, "waarschuwingen": 2, "ontbreekt": 1,
    "register": "beschikkingen.xlsx", "reden": "Het bestand is beschadigd.",
}


class FeedbackError(FindingError):
    """The letters cannot be made at all (their template or folder); `finding` says why."""


@dataclass(frozen=True)
class Heading:
    """A heading of the letter (a "# " line of the template)."""

    tekst: str


Tekst = Heading | TextParagraph | BulletList


class LetterTemplate:
    """The loaded template: `blok(name, **values)` is that part of the letter as blocks."""

    def __init__(self, source: str, naam: str) -> None:
        self.naam = naam
        env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)
        try:
            self._template = env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise self._error(f"regel {exc.lineno}: {exc.message}") from exc
        missing = [b for b in BLOKKEN if b not in self._template.blocks]
        if missing:
            raise self._error("de blokken " + ", ".join(missing) + " ontbreken")
        for name in BLOKKEN:  # every block once with sample values: a misspelt variable fails here
            try:
                self.tekst(name, **VOORBEELD)
            except jinja2.TemplateError as exc:
                raise self._error(f"blok {name}: {exc}") from exc

    def _error(self, detail: str) -> FeedbackError:
        return FeedbackError(make("M091", sjabloon=self.naam, detail=detail))

    def tekst(self, name: str, **values: Any) -> str:
        """The block as rendered text (jinja2's own API for one block of a template)."""
        context = self._template.new_context(values)
        return "".join(self._template.blocks[name](context))

    def regel(self, name: str, **values: Any) -> str:
        """A one-line block (onderwerp, aanhef): its text on one line."""
        return " ".join(self.tekst(name, **values).split())

    def blok(self, name: str, **values: Any) -> tuple[Tekst, ...]:
        return blocks(self.tekst(name, **values))


def blocks(text: str) -> tuple[Tekst, ...]:
    """The tiny markup: blank line = new paragraph, "# " = heading, "- " = bullet; other lines
    continue their paragraph (so a long sentence may be wrapped in the template)."""
    out: list[Tekst] = []
    regels: list[str] = []
    punten: list[str] = []

    def flush() -> None:
        if regels:
            out.append(TextParagraph((" ".join(regels),)))
            regels.clear()
        if punten:
            out.append(BulletList(tuple(punten)))
            punten.clear()

    for line in text.splitlines():
        s = line.strip()
        if s.startswith("# "):
            flush()
            out.append(Heading(s[2:].strip()))
        elif s.startswith("- "):
            if regels:
                flush()
            punten.append(s[2:].strip())
        elif s:
            if punten:
                flush()
            regels.append(s)
        else:
            flush()
    flush()
    return tuple(out)


def load_template(path: Path | None = None) -> LetterTemplate:
    """The SWV's own template, or the one shipped in `templates/`. Raises FeedbackError (M091)."""
    if path is None:
        source = resources.files("xltoolkit.templates").joinpath(DEFAULT).read_text(encoding="utf-8")
        return LetterTemplate(source, DEFAULT)
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FeedbackError(make("M091", sjabloon=str(path), detail=detail)) from exc
    return LetterTemplate(source, str(path))
