"""Comparing what a report says with what the spec says, tolerant of how people type.

Text is compared as a sequence of normalised words ("tokens"): case, accents, punctuation,
extra spaces, "&" versus "en", and a word split or joined differently ("leer-en" / "leer- en")
do not matter; one typing error in a long word does not either. Matching returns where in the
line the matched words end, so whatever follows (a label's value) is taken from the original
text unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\w+|&")
# Numbering or a bullet in front of a heading: "1.", "2.3", "A.", "IV.", "§ 2", "•", "➢", "Ø".
_NUMBERING = re.compile(
    r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[A-Ha-h][.)]|[IVX]{1,4}[.)]|§\s*\d+(?:\.\d+)*\.?)\s+"
    r"|[•●▪■◦○►➢➤→⇒\-–—*·Øè§](?:\s+|(?=[A-Z])))"
)
_AFTER_LABEL = re.compile(r"^[\s:;\-–—=>*?)\]|.”\"'’]+")


@dataclass(frozen=True)
class Tok:
    norm: str
    start: int
    end: int


@lru_cache(maxsize=1 << 16)  # a report uses a few thousand distinct words, each many times
def norm_word(word: str) -> str:
    if word == "&":
        return "en"
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[Tok]:
    return [Tok(norm_word(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokens(text))


def numbering_end(text: str) -> int:
    """Where a leading number or bullet ends (0 when there is none)."""
    m = _NUMBERING.match(text)
    return m.end() if m else 0


def close(a: str, b: str) -> bool:
    """The same word, allowing one typing error in a word of five letters or more (two from ten)."""
    if a == b:
        return True
    n = min(len(a), len(b))
    if n < 5 or a.isdigit() or b.isdigit():
        return False
    return edit_distance(a, b, 2 if n >= 10 else 1) <= (2 if n >= 10 else 1)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def prefix_len(line: Sequence[str], want: Sequence[str]) -> int | None:
    """How many words of `line` spell `want` at its start, or None.

    Words may be split or joined differently ("leer-en" and "leer en" both spell "leeren");
    failing that, the first len(want) words may each differ by a typing error.
    """
    if not want:
        return None
    target, acc = "".join(want), ""
    for k, word in enumerate(line, start=1):
        acc += word
        if acc == target:
            return k
        if not target.startswith(acc):
            break
    if len(line) >= len(want) and all(close(a, b) for a, b in zip(want, line)):
        return len(want)
    return None


def covers(line: Sequence[str], text: Sequence[str], pos: int) -> int | None:
    """If all of `line` continues `text` at word `pos`, how many words of `text` it covers."""
    if not line or pos >= len(text):
        return None
    target, acc = "".join(line), ""
    for k in range(pos, len(text)):
        acc += text[k]
        if acc == target:
            return k - pos + 1
        if not target.startswith(acc):
            break
    n = len(line)
    if pos + n <= len(text) and all(close(a, b) for a, b in zip(line, text[pos : pos + n])):
        return n
    return None


def find_run(line: Sequence[str], text: Sequence[str]) -> int | None:
    """Where `line` occurs as a whole inside `text` (word positions), or None."""
    if not line:
        return None
    first = line[0]
    for pos, word in enumerate(text):
        if (word == first or first.startswith(word) or close(word, first)) and covers(line, text, pos):
            return pos
    return None


def rest_after(text: str, toks: list[Tok], n: int) -> tuple[int, str]:
    """The offset and text after the first `n` tokens, past separators such as ":" or " - "."""
    end = toks[n - 1].end if n else 0
    m = _AFTER_LABEL.match(text[end:])
    start = end + (m.end() if m else 0)
    return start, text[start:].strip()


def separator_follows(text: str, toks: list[Tok], n: int) -> bool:
    """Whether a label ends here with ":" / " - " / "?" / "=>" (its value may follow on the line)."""
    after = text[toks[n - 1].end :] if n else text
    return bool(re.match(r"^\s*[*”\"')\]]*\s*(?::|\?|=>|-\s|–|—|\t)", after))
