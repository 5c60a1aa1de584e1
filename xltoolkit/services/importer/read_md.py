"""Markdown (.md): headings, bold labels, lists and pipe tables, as a report renderer or a
person writes them.

Markup is removed and remembered as a hint (a heading, where a bold label ends); the words stay
exactly as written. A pipe table row becomes a `Line` with cells; its separator row is dropped;
a tab-separated row (a converter without Markdown tables) becomes a row too. List bullets ("-",
"*", "+") become "•", the bullet a Word document shows.

What converters leave is read as the text it stands for: backslash escapes, HTML entities and
tags, an HTML checkbox (`<input checked type="checkbox">` is ☒, without `checked` ☐), task
boxes "[x]" / "[ ]", and emphasis markers left unbalanced at the start or end of a line (bold
opened on one line of a paragraph and closed on another). Underscores and asterisks inside
words stay. Lines a converter wrapped (pandoc wraps at 72 columns) stay lines here; the
paragraphs are rebuilt where all sources' paragraphs are (`paragraphs.Layout`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from xltoolkit.findings import Finding
from xltoolkit.services.importer.lines import Line, Source, clean, left_out, split_bullets
from xltoolkit.services.importer.read_txt import decode

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
_HTML_INPUT = re.compile(r"<input\b[^<>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Emphasis left without its partner at the edge of a line ("**Resultaat: De …", "… gemiddelde.**").
_EDGE_OPEN = re.compile(r"^(?:\*{2,3}|_{1,3})(?=\S)")
_EDGE_CLOSE = re.compile(r"(?<=\S)(?:\*{2,3}|_{1,3})$")
_LONE_MARK = re.compile(r"(?:(?<=\s)|^)(?:\*{2,3}|_{2,3})(?=\s|$)")
_ATX_TIGHT = re.compile(r"^\s{0,3}#{1,6}(?=[A-ZÀ-Ý])")  # "##Kop" without the space
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PROTECT = "\uE000"


def read_md(path: Path) -> Source:
    findings: list[Finding] = []
    return Source(str(path), "md", md_lines(decode(path.read_bytes()), findings), "regel", findings)


def md_lines(text: str, findings: list[Finding] | None = None) -> list[Line]:
    """The Markdown's lines; what the reading leaves out is named in `findings` when given."""
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
        if findings is not None:
            findings.extend(left_out(raw, f"regel {no}"))
        for piece in split_bullets(raw):  # Symbol-font bullets glued into one line: an item each
            line = _line(no, piece, blanks, heading_below=bool(_SETEXT.match(nxt)))
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
    if "\t" in raw.strip() and re.search(r"\S\t+\S", raw.strip()):
        cells = tuple(inline(c) for c in raw.strip().split("\t"))
        if any(cells):
            return Line(no, clean(" ".join(c for c in cells if c)), where, blanks, cells, tabbed=True)
    heading = heading_below
    raw = _ATX_TIGHT.sub(lambda m: m.group(0) + " ", raw)
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
    text = _HTML_INPUT.sub(_input_box, text)
    text = _HTML_TAG.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = text.replace("`", "")
    for _ in range(2):
        text = _STRONG.sub(r"\2", text)
        text = _EM.sub(r"\2", text)
    text = text.strip()
    text = _LONE_MARK.sub("", _EDGE_CLOSE.sub("", _EDGE_OPEN.sub("", text)))
    text = html.unescape(text)
    text = re.sub(f"{_PROTECT}(\\d+){_PROTECT}", lambda m: protected[int(m.group(1))], text)
    return clean(text)


def _input_box(m: re.Match) -> str:
    """An HTML checkbox as ☒ / ☐ (any other input shows nothing)."""
    tag = m.group(0).lower()
    if "checkbox" not in tag:
        return ""
    return "☒" if re.search(r"\bchecked\b", tag) else "☐"
