"""Markdown (.md): headings, bold labels, lists and pipe tables, as a report renderer or a
person writes them.

Markup is removed and remembered as a hint (a heading, where a bold label ends); the words stay
exactly as written. A pipe table row becomes a `Line` with cells; its separator row is dropped.
List bullets ("-", "*", "+") become "•", the bullet a Word document shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from xltoolkit.io.importer.lines import Line, Source, clean
from xltoolkit.io.importer.read_txt import decode

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'$%&=:;,/?@^])")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_QUOTE = re.compile(r"^\s*(>\s?)+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_BOLD_START = re.compile(r"^(\*\*|__)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*\\])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PROTECT = "\uE000"


def read_md(path: Path) -> Source:
    return Source(str(path), "md", md_lines(decode(path.read_bytes())), "regel")


def md_lines(text: str) -> list[Line]:
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    raw_lines = text.split("\n")
    lines: list[Line] = []
    blanks = 0
    for no, raw in enumerate(raw_lines, start=1):
        prev = raw_lines[no - 2] if no >= 2 else ""
        if "|" in raw and _TABLE_SEP.match(raw):
            continue
        if _SETEXT.match(raw) and prev.strip() and not prev.lstrip().startswith("|"):
            continue  # the underline of a setext heading; the heading line itself was kept
        if not raw.strip() or _RULE.match(raw):
            blanks += 1
            continue
        nxt = raw_lines[no] if no < len(raw_lines) else ""
        line = _line(no, raw, blanks, heading_below=bool(_SETEXT.match(nxt)))
        if line is not None:
            lines.append(line)
        blanks = 0
    return lines


def _line(no: int, raw: str, blanks: int, heading_below: bool) -> Line | None:
    where = f"regel {no}"
    if raw.lstrip().startswith("|"):
        cells = tuple(inline(c) for c in _split_row(raw))
        if not any(cells):
            return None
        return Line(no, clean(" ".join(c for c in cells if c)), where, blanks, cells)
    heading = heading_below
    m = _HEADING.match(raw)
    if m:
        raw, heading = m.group(2), True
    raw = _QUOTE.sub("", raw)
    bullet = bool(_BULLET.match(raw))
    if bullet:
        raw = _BULLET.sub("", raw)
    label_end = None
    bold = _BOLD_START.match(raw.strip())
    if bold and bold.end() < len(raw.strip()):
        label_end = len(inline(bold.group(2)))
    text = inline(raw)
    if not text:
        return None
    if bullet:
        text = "• " + text
        label_end = None if label_end is None else label_end + 2
    return Line(no, text, where, blanks, label_end=label_end, heading=heading)


def _split_row(raw: str) -> list[str]:
    body = raw.strip().replace("\\|", _PROTECT)
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.replace(_PROTECT, "|") for c in body.split("|")]


def inline(text: str) -> str:
    """Markdown inline markup removed, escapes resolved; the words themselves unchanged."""
    protected: list[str] = []

    def keep(m: re.Match) -> str:
        protected.append(m.group(1))
        return f"{_PROTECT}{len(protected) - 1}{_PROTECT}"

    text = _ESCAPE.sub(keep, text)
    text = _HTML_BREAK.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = text.replace("`", "")
    for _ in range(2):
        text = _STRONG.sub(r"\2", text)
        text = _EM.sub(r"\2", text)
    text = re.sub(f"{_PROTECT}(\\d+){_PROTECT}", lambda m: protected[int(m.group(1))], text)
    return clean(text)
