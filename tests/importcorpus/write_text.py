"""Markdown and plain text, as converters and Word give them.

- pandoc (docx → gfm): "#" headings, "**bold**" labels, pipe tables, backslash escapes of
  characters Markdown would read as markup ("Terugploegregeling\\*", "1\\." at a paragraph start),
  tick boxes as the glyphs ☒ / ☐.
- mammoth (docx → markdown): "__bold__", escapes of "-", ".", "(" and ")", tick boxes as HTML
  `<input>` elements, the funding table as tab-separated cells (mammoth has no tables in Markdown).
- Word's "Opslaan als tekst": one line per paragraph, table cells separated by tabs, bulleted
  list items starting with the Symbol-font bullet U+F0B7 and a tab, tick boxes as ☒ / ☐.
- text copied out of a PDF (as the seeds are): every paragraph wrapped at about 90 characters,
  long words hyphenated at the line end ("school-" ⏎ "besturen"), a blank line between
  paragraphs, table cells separated by runs of spaces.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from importcorpus.content import (
    Aanwending,
    Block,
    Box,
    Heading,
    LabelValue,
    MiddelenTable,
    Text,
    Ticks,
)
from importcorpus.write_docx import aanwending_cells, hard_hyphenate


@dataclass(frozen=True)
class TextStyle:
    kind: str  # pandoc | mammoth | tasks | word_txt | pdf_txt


def write(blocks: list[Block], path: Path, style: TextStyle) -> Path:
    out: list[str] = []
    for block in blocks:
        out.extend(_block(block, style.kind))
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def _plain(kind: str) -> bool:
    return kind in ("word_txt", "pdf_txt")


def _block(block: Block, kind: str) -> list[str]:
    if isinstance(block, Heading):
        if _plain(kind):
            return [block.text]
        if kind == "mammoth":
            return [f"{'#' * block.level} {_esc(block.text, kind)}"]
        return [f"{'#' * block.level} {_esc(block.text, kind)}"]
    if isinstance(block, Text):
        return [_text(block, kind)]
    if isinstance(block, LabelValue):
        value = _esc(block.value, kind)
        suffix = f"   {_esc(block.suffix, kind)}" if block.suffix else ""
        return [f"{_bold(block.label, kind)} {value}{suffix}".rstrip()]
    if isinstance(block, Ticks):
        boxes = "  ".join(f"{_box(b, kind)} {_esc(b.caption, kind)}" for b in block.boxes)
        return [f"{_bold(block.label, kind)}  {boxes}"]
    if isinstance(block, MiddelenTable):
        return _middelen(block, kind)
    if isinstance(block, Aanwending):
        return _aanwending(block, kind)
    return []


def _wrap(text: str, kind: str, indent: str = "") -> str:
    """pandoc wraps paragraphs at 72 columns (its default --wrap=auto), never inside a word."""
    if kind != "pandoc":
        return text
    return "\n".join(textwrap.wrap(text, 72, subsequent_indent=indent, break_long_words=False,
                                    break_on_hyphens=False))


def _text(t: Text, kind: str) -> str:
    body = t.text
    label = ""
    if t.bold_label and body.startswith(t.bold_label) and not _plain(kind):
        label = _bold(t.bold_label, kind) + " "
        body = body[len(t.bold_label):].lstrip()
    text = label + _esc(body, kind)
    if kind == "pdf_txt":
        marker = "" if not t.bullet else ("• " if t.bullet == "•" else f"{t.bullet} ")
        return "\n".join(hard_hyphenate(marker + text, 90))
    if t.bullet:
        if kind == "word_txt":
            marker = "\uf0b7" if t.bullet == "•" else t.bullet
            return f"{marker}\t{text}"
        if t.bullet == "•":
            return _wrap(f"- {text}", kind, "  ")
        return _wrap(f"{t.bullet} {text}", kind, "   ")
    if kind != "word_txt" and re.match(r"\d+\.\s", text):
        text = re.sub(r"^(\d+)\.", r"\1\\.", text)  # a paragraph that is not a list item
    return _wrap(text, kind)


def _bold(text: str, kind: str) -> str:
    if _plain(kind):
        return text
    mark = "__" if kind == "mammoth" else "**"
    return f"{mark}{_esc(text, kind)}{mark}"


def _box(b: Box, kind: str) -> str:
    if kind == "mammoth":
        return '<input checked="" type="checkbox" />' if b.ticked else '<input type="checkbox" disabled>'
    if kind == "tasks":
        return "[x]" if b.ticked else "[ ]"
    return "☒" if b.ticked else "☐"


def _esc(text: str, kind: str) -> str:
    if _plain(kind):
        return text
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    if kind == "mammoth":
        text = re.sub(r"([-.()_#])", r"\\\1", text)
    else:
        text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
        text = text.replace("#", "\\#")
    return text


def _middelen(f: MiddelenTable, kind: str) -> list[str]:
    header = [f.caption, *[caption for _, caption, _ in f.regions]]
    rows = [[f"{r.label} {r.help}", *[r.amounts.get(code) or "€" for code, _, _ in f.regions]] for r in f.rows]
    return _table([header, *rows], kind)


def _aanwending(a: Aanwending, kind: str) -> list[str]:
    if not a.as_table:
        sep = {"word_txt": "\t", "pdf_txt": "  "}.get(kind, " ")
        return [f"{ln.no}.{sep}{_esc(ln.amount, kind)} tbv {_esc(ln.purpose, kind)}" for ln in a.lines]
    codes = sorted({c for ln in a.lines for c in ln.parts})
    head = ["Nr.", "Omschrijving (t.b.v.)", "Bedrag (€)", "Regio", *[f"Deel {c} (€)" for c in codes],
            "Categorie", "Toelichting (bij PM)"]
    return _table([head, *[aanwending_cells(ln, codes) for ln in a.lines]], kind)


def _table(rows: list[list[str]], kind: str) -> list[str]:
    if kind in ("word_txt", "mammoth"):
        return ["\t".join(_esc(c, kind) for c in row) for row in rows]
    if kind == "pdf_txt":
        return ["        ".join(c for c in row if c) for row in rows]
    out = ["| " + " | ".join(_esc(c, kind).replace("|", "\\|") for c in rows[0]) + " |",
           "|" + "|".join("---" for _ in rows[0]) + "|"]
    out += ["| " + " | ".join(_esc(c, kind).replace("|", "\\|") for c in row) + " |" for row in rows[1:]]
    return out
