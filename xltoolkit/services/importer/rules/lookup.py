"""Questions about a line that change nothing: is it a heading or label of the spec (`anchor`),
a line of the template's fixed texts, a running footer of the board's name and school year.

Every rule asks them, and they ask no rule: that keeps the rules free of import cycles (the rules
call each other's actions only downward, and put text through `State.content`)."""

from __future__ import annotations

import re

from xltoolkit.services.importer.anchors import Anchor
from xltoolkit.services.importer.lines import PLACEHOLDER_ANY, Line
from xltoolkit.services.importer.match import find_run, numbering_end, prefix_len, rest_after, separator_follows, tokens, words
from xltoolkit.services.importer.noise import is_url
from xltoolkit.services.importer.state import Hit, State
from xltoolkit.spec import Field

_INLINE_KINDS = ("header", "group", "value", "regeling", "process")


def anchor(st: State, line: Line) -> Hit | None:
    """The best heading or label of the spec at the start of the line (with or without its
    numbering): the longest match wins, then a full label over a short one, then a whole line."""
    best: tuple[tuple, Hit] | None = None
    text = line.text
    offsets = {0, numbering_end(text)}
    for off in sorted(offsets):
        body = text[off:]
        toks = tokens(body)
        if not toks:
            continue
        norms = [t.norm for t in toks]
        for a in st.cat.anchors:
            n = prefix_len(norms, a.words)
            if not n:
                continue
            whole = n == len(toks)
            sep = separator_follows(body, toks, n)
            bold = line.label_end is not None and abs(toks[n - 1].end + off - line.label_end) <= 2
            if not allowed(st, a, whole, sep, bold, line):
                continue
            rest = rest_after(body, toks, n)[1]
            score = (n, not a.short, whole, -off)
            if best is None or score > best[0]:
                best = (score, Hit(a, rest, whole))
    return best[1] if best else None


def allowed(st: State, a: Anchor, whole: bool, sep: bool, bold: bool, line: Line) -> bool:
    """Whether a label at the start of a line is really a label here (not a sentence)."""
    if a.kind == "fixed_title":
        return whole
    if a.kind == "regeling":  # "Doelgroepfinanciering zetten we in …" in a narrative is a sentence
        return not a.short or whole or line.is_row or "€" in line.text or sep
    if a.kind in ("header", "group"):
        return whole or sep or bold or st.zone == "preamble" and line.heading
    if a.short and len(a.words) == 1:
        return whole  # "Knooppunt" alone is a heading; "Knooppunt werkt goed" is a sentence
    if a.short or a.kind == "value":
        return whole or sep or bold
    return whole or sep or bold or len(a.words) >= 3 or a.kind in _INLINE_KINDS





def is_fixed_line(st: State, line: Line) -> bool:
    """A line (or piece of a line) of the fixed texts before part A, or a link from them."""
    text = line.text[numbering_end(line.text):]
    w = words(text)
    if not w:
        return True
    document = st.cat.document_words
    if is_url(line):
        host = "".join(words(re.sub(r"^(https?://)?(www\.)?", "", line.text.strip().lower()).split("/")[0]))
        return host in "".join(document)
    return find_run(w, document) is not None


def is_footer(st: State, line: Line) -> bool:
    """A running footer of the board's name and school year ("Stichting X · 2023-2024")."""
    if st.zone == "preamble" or len(line.text) > 160:
        return False
    rest = line.text
    for f in st.spec.fields:
        value = st.values.get(f.id)
        if f.type in ("text", "schooljaar") and isinstance(value, str) and is_header_field(st, f):
            rest = rest.replace(value, " ")
    rest = PLACEHOLDER_ANY.sub(" ", rest)
    return rest != line.text and not re.search(r"\w", rest)


def is_header_field(st: State, f: Field) -> bool:
    return st.spec.section_of(f.id).part == st.spec.parts[0].id
