"""The template's own fixed texts, recognised in text that no field took ("sjabloontekst").

A board copies the format's Context, Missie, Doelstellingen, … into its report, and then
edits it by accident: a typing error, a word split at a line end ("ondersteunings-" / "plan"),
a paragraph reflowed over other lines. The word-by-word matching of `recognise` stops at such a
spot and the rest would land in Extra informatie. Here a run of lines is compared with each
fixed paragraph of the spec as a whole, by similarity of the normalised text (difflib), so the
board's own words — a sentence added to a fixed paragraph, a paragraph that only starts like
one — are not similar enough and stay the board's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from xltoolkit.services.importer.match import words

MIN_WORDS = 5  # a shorter run is too common a phrase to be told apart from the board's words
MAX_GAP = 2  # words in a row of the run that the fixed text does not have: a typo, a split word
MAX_UNMATCHED = 0.15  # of the run's words
MAX_LINES = 40


@dataclass(frozen=True)
class Boilerplate:
    """A run of lines (start, end exclusive) that is (part of) a fixed text of the spec."""

    start: int
    end: int
    key: str


def is_copy(run: Sequence[str], block: Sequence[str]) -> bool:
    """Whether the words of `run` are a copy of (a stretch of) `block`: every word of the run
    is in the block, in order, except isolated gaps of at most MAX_GAP words (a typing error, a
    word split or joined) that together are at most MAX_UNMATCHED of the run."""
    if len(run) < MIN_WORDS:
        return False
    matcher = SequenceMatcher(None, tuple(run), tuple(block), autojunk=False)
    unmatched, pos = 0, 0
    for a, _, size in matcher.get_matching_blocks():
        gap = a - pos
        if gap > MAX_GAP:
            return False
        unmatched += gap
        pos = a + size
    return unmatched <= MAX_UNMATCHED * len(run)


def find_boilerplate(texts: Sequence[str], blocks: Sequence[tuple[str, tuple[str, ...]]]) -> list[Boilerplate]:
    """The runs of `texts` (consecutive lines) that are copies of fixed paragraphs, the longest
    from each start; lines outside every run are the board's own."""
    line_words = [words(t) for t in texts]
    broken = [bool(re.search(r"[^\W\d_]-\s*$", t)) for t in texts]  # "basis-" / "ondersteuning": one word
    vocab = [(key, b, set(b)) for key, b in blocks if len(b) >= MIN_WORDS]
    out: list[Boilerplate] = []
    i = 0
    while i < len(texts):
        found = _longest_from(i, line_words, broken, vocab)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def _longest_from(i: int, line_words: list[tuple[str, ...]], broken: list[bool], vocab) -> Boilerplate | None:
    first = line_words[i]
    if not first:
        return None
    near = [(key, b) for key, b, known in vocab if sum(w in known for w in first) * 2 >= len(first)]
    best: Boilerplate | None = None
    acc: list[str] = []
    misses = 0
    for j in range(i, min(len(line_words), i + MAX_LINES)):
        more = list(line_words[j])
        if j > i and broken[j - 1] and acc and more:
            acc[-1] += more.pop(0)
        acc.extend(more)
        hits = [key for key, b in near if len(acc) <= len(b) * 1.2 and is_copy(acc, b)]
        if hits:
            best, misses = Boilerplate(i, j + 1, hits[0]), 0
        else:
            misses += 1
            if misses >= 3:
                break
    return best
