"""The common form every source is read into: numbered lines of text, table rows with cells.

A reader (.txt, .docx, .md) only turns its format into `Line`s; everything the template means is
recognised later, in one place, for all formats alike. A line keeps where it came from (`where`,
in Dutch, for the import report) and the formatting hints a reader could see (a bold label at
the start, a heading style), which the recogniser may use but never needs.

The contract every reader keeps, so the recogniser sees one form whatever the source was:
- A tick box is one character, wherever it stands (a line, a table cell, a header cell):
  "☒" when ticked, "☐" when empty. Word content controls (w14:checkbox), legacy form fields
  (w:ffData/w:checkBox), Wingdings/MS Gothic symbols (w:sym), the glyphs ☑ ✓ ✔ ⊠ ⌧ and □,
  a ■ next to a region code or Ja/Nee, "[x]" / "[ ]" and HTML `<input type="checkbox">` all
  arrive as ☒ / ☐ (`vakjes.ticks`).
- A Symbol-font bullet (private-use characters such as U+F0B7, U+F0A7, U+F0D8) is a list item
  "• text" on its own line (`split_bullets`); no private-use character reaches a line.
- Word's placeholder text of an empty content control reads as nothing (`PLACEHOLDERS`).
- Markup is gone (Markdown emphasis, escapes, HTML tags and entities): the text as read.
- Soft hyphens are gone, and a word hyphenated at a line break inside a paragraph is whole
  again (`paragraphs.glue`); real hyphens and suspended compounds stay.
- Table rows keep their cells as the source has them: an empty "€" cell, a "€" and its amount
  in two cells, a cell spanning two columns (followed by an empty cell per extra column), and a
  table continued after a page break (`page_break_before` on its first row) all stay visible.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from xltoolkit.findings import Finding, make
from xltoolkit.services.importer.checkboxes import ticks

# Characters that are layout, not text: soft hyphen, zero-width spaces, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Every kind of space becomes a plain space (non-breaking, narrow, thin, figure, ideographic).
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")


# Symbol / Wingdings private-use code points Word leaves in text (a bullet copied as text, a
# w:sym), with what they show. Tick boxes become ☒ / ☐, list bullets "•".
PRIVATE_SYMBOLS = {
    "\uf0b7": "•", "\uf0a7": "•", "\uf06c": "•", "\uf06e": "•", "\uf0a8": "☐", "\uf06f": "☐",
    "\uf071": "☐", "\uf072": "☐", "\uf0a1": "☐", "\uf0a3": "☐", "\uf0fe": "☒", "\uf0fd": "☒",
    "\uf078": "☒", "\uf0fb": "☒", "\uf0fc": "☒", "\uf053": "☒", "\uf054": "☒", "\uf052": "☒",
    "\uf050": "☒", "\uf0d8": "•", "\uf0e0": "•", "\uf0e8": "•", "\uf0f0": "•", "\uf076": "•",
    "\uf0a2": "•", "\uf0be": "•", "\uf02d": "-", "\uf0ad": "•",
}
_PRIVATE = re.compile("[\ue000-\uf8ff]")
BULLET = "•"
_PRIVATE_BULLETS = "".join(ch for ch, shown in PRIVATE_SYMBOLS.items() if shown == BULLET)
# A Symbol-font bullet as a list marker: at the start, or glued in mid-line after a space.
_PRIVATE_BULLET_AT = re.compile(f"(?:^|(?<=\\s))[{_PRIVATE_BULLETS}](?:\\s+|$)")
# Word's placeholder text in an empty content control (Dutch and English Word, old and new).
PLACEHOLDERS = re.compile(
    r"(?:Klik of tik om tekst in te voeren|Klik hier als u tekst wilt invoeren|Klik of tik om een datum in te "
    r"voeren|Klik hier als u een datum wilt invoeren|Click or tap here to enter text|Click here to enter text|"
    r"Click or tap to enter a date|Click here to enter a date|Kies een item|Choose an item)\.?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line (txt), paragraph (docx) or table row of the source.

    `blank_before` counts the blank lines (or empty paragraphs) right before it, which is how
    paragraph breaks survive the reading. `cells` is set for a table row: the text of each cell.
    `label_end` is the offset in `text` where a bold run at the start ends (docx, md), a hint
    that a label is followed by its text on the same line.
    """

    no: int
    text: str
    where: str
    blank_before: int = 0
    cells: tuple[str, ...] | None = None
    label_end: int | None = None
    heading: bool = False
    page_break_before: bool = False
    tabbed: bool = False  # the cells come from tab stops in a paragraph, not from a table
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Source:
    """A read source: its lines and what kind of file it was.

    `findings` are what the reader left out on purpose and names, so nothing goes silently:
    Word's placeholder text (I050), a symbol it cannot read (I051).
    """

    path: str
    kind: str  # "txt" | "docx" | "md"
    lines: list[Line]
    unit: str  # how a position is named in the report: "regel" or "alinea"
    findings: list[Finding] = field(default_factory=list)

    def where(self, first: Line, last: Line | None = None) -> str:
        """A range of lines in Dutch: "regel 12", "regel 12–30", "tabel 1 rij 2"."""
        if last is None or last.where == first.where:
            return first.where
        a, b = first.where, last.where
        prefix = f"{self.unit} "
        if a.startswith(prefix) and b.startswith(prefix):
            return f"{a}–{b.removeprefix(prefix)}"
        return f"{a} t/m {b}"


def clean(text: str) -> str:
    """Text as written, with layout characters removed and every space a plain space.

    Letters, punctuation, quotes and typing errors are kept exactly: only what is invisible or
    a different kind of space changes, and runs of spaces become one (a PDF artefact). The
    contract of the module docstring is kept here too, for every reader alike: symbol-font
    characters as what they show, tick boxes as ☒ / ☐, Word's placeholder text gone.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = without_placeholders(ticks(symbols(text)))
    text = _SPACES.sub(" ", text)
    return re.sub(r" {2,}", " ", text).strip()


def symbols(text: str) -> str:
    """Private-use characters of Word's symbol fonts as the character they show; an unknown one
    is a bullet when it stands as a list marker and is dropped otherwise (it shows nothing we can read)."""
    if not _PRIVATE.search(text):
        return text

    def one(m: re.Match) -> str:
        ch = m.group(0)
        if ch in PRIVATE_SYMBOLS:
            return PRIVATE_SYMBOLS[ch]
        before = text[: m.start()].strip()
        return BULLET if not before else ""

    return _PRIVATE.sub(one, text)


# What a report renderer or a form shows for an empty field: "(niet ingevuld)", "(naam niet ingevuld)".
_PLACEHOLDER = re.compile(
    r"^[_*\s]*\((?:[^()]*\s)?niet ingevuld\)[_*\s]*$|^[_*\s]*\(geen [^()]* ingevuld\)[_*\s]*$", re.IGNORECASE
)
PLACEHOLDER_ANY = re.compile(r"\((?:[^()]*\s)?niet ingevuld\)", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    """A placeholder a report renderer or a form left in an empty field: the field is empty."""
    return bool(_PLACEHOLDER.match(text.strip()))


def without_placeholders(text: str) -> str:
    """The text without Word's placeholder of an empty content control."""
    return PLACEHOLDERS.sub("", text)


def split_bullets(raw: str) -> list[str]:
    """A line as its Symbol-font list items: "Doelen: <U+F0B7> een <U+F0B7> twee" (bullets a
    converter glued into one line) is "Doelen:", "• een", "• twee". Only private-use bullets split a line: a
    typed "•" in the middle of a sentence is the writer's own separator and stays."""
    marks = list(_PRIVATE_BULLET_AT.finditer(raw))
    if not marks:
        return [raw]
    out: list[str] = []
    head = raw[: marks[0].start()].strip()
    if head:
        out.append(head)
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(raw)
        item = raw[m.end(): end].strip()
        if item:
            out.append(f"{BULLET} {item}")
    return out or [raw]


def left_out(raw: str, where: str) -> list[Finding]:
    """What `clean` will leave out of `raw` that a reader must name: placeholder text of an empty
    Word field (I050) and symbol-font characters that are neither a tick nor a bullet (I051)."""
    found = [make("I050", plaats=where, tekst=m.group(0)) for m in PLACEHOLDERS.finditer(raw)]
    unknown = sorted({ch for ch in _PRIVATE.findall(raw) if ch not in PRIVATE_SYMBOLS})
    for ch in unknown:
        before = raw[: raw.index(ch)].strip()
        if before:  # at the start of a line an unknown symbol is read as a bullet, nothing lost
            found.append(make("I051", plaats=where, teken=f"{ord(ch):04X}"))
    return found
