"""Key figures (kengetallen) a board wrote in its prose instead of as "label: value".

"Dit schooljaar zijn 6 leerlingen verwezen naar het SO (vorig jaar 8) en 9 naar het SBO",
"naar het SO 12 leerlingen (vorig jaar 15)", "3 thuiszitters", "4 leerlingen teruggeplaatst".
What is looked for comes from the spec's labels of the count kengetallen: the subject (the
word that sets the label apart: SO, SBO, thuiszitters, teruggeplaatste) and the year (dit /
vorig). Only figures written in digits and said once are taken; a subject mentioned with a
number that no pattern reads is reported as "niet herkend", so the message never claims the
report does not have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltoolkit.services.importer.match import words
from xltoolkit.spec import Field

_COMMON = {"verwijzingen", "naar", "aantal", "dit", "vorig", "schooljaar", "leerlingen", "het", "de"}
_LAST = r"\(\s*(?:vorig(?:e)?\s+(?:school)?jaar|vorig\s+schooljaar|in\s+\d{4}\s*-\s*\d{4})\s*:?\s*(\d{1,4})\s*\)"
_NUMBER_WORDS = r"één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|geen"


@dataclass(frozen=True)
class Figure:
    field: str
    value: int
    text: str  # the words it was read from


@dataclass(frozen=True)
class Subject:
    word: str  # as in the label: "SO", "thuiszitters"
    referral: bool  # a "Verwijzingen naar …" label: the subject follows "naar (het)"
    last_year: bool


def subject_of(f: Field) -> Subject | None:
    """What a count kengetal's label is about, or None when nothing sets it apart."""
    label = words(f.label)
    rest = [w for w in label if w not in _COMMON]
    if len(rest) != 1:
        return None
    original = next((w for w in re.findall(r"\w+", f.label) if w.casefold() == rest[0]), rest[0])
    return Subject(original, label[:2] == ("verwijzingen", "naar"), "vorig" in label)


def _patterns(s: Subject) -> list[re.Pattern[str]]:
    word = re.escape(s.word)
    if s.referral:
        return [
            re.compile(rf"(?<![\w.,])(\d{{1,4}})\s+(?:leerlingen\s+)?(?:(?:zijn|is|werden|verwezen|doorverwezen)\s+){{0,2}}"
                       rf"naar\s+(?:het\s+)?{word}\b(?!-)(?:\s*{_LAST})?", re.IGNORECASE),
            re.compile(rf"naar\s+(?:het\s+)?{word}\b(?!-)\s*:?\s+(\d{{1,4}})\s+leerlingen?\b\s*(?:{_LAST})?", re.IGNORECASE),
        ]
    stem = re.escape(s.word[: max(6, len(s.word) - 3)])
    return [re.compile(rf"(?<![\w.,])(\d{{1,4}})\s+(?:leerlingen\s+)?(?:(?:zijn|werden)\s+)?{stem}\w*", re.IGNORECASE)]


def read_figure(f: Field, text: str) -> tuple[Figure | None, str | None]:
    """The figure for `f` in `text`: (figure, None) when read once; (None, snippet) when the
    subject is mentioned with a number that could not be read; (None, None) when not mentioned."""
    s = subject_of(f)
    if s is None:
        return None, None
    found: dict[int, tuple[int, str]] = {}  # start of the match -> (value, text)
    for pattern in _patterns(s):
        for m in pattern.finditer(text):
            value = (m.group(2) if m.re.groups >= 2 else None) if s.last_year else m.group(1)
            if value is not None:
                found.setdefault(m.start(), (int(value), m.group(0).strip()))
    if len(found) == 1:
        value, snippet = next(iter(found.values()))
        return Figure(f.id, value, snippet), None
    mention = _mention(s, text)
    if found:
        return None, "; ".join(t for _, t in found.values())
    return None, mention


def _mention(s: Subject, text: str) -> str | None:
    """A sentence that names the subject together with a number: "niet herkend", not "niet gevonden"."""
    stem = re.escape(s.word if s.referral else s.word[: max(6, len(s.word) - 3)])
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(rf"\b{stem}", sentence, re.IGNORECASE) and re.search(rf"\d|\b(?:{_NUMBER_WORDS})\b", sentence, re.IGNORECASE):
            flat = " ".join(sentence.split())
            return flat if len(flat) <= 120 else flat[:119] + "…"
    return None
